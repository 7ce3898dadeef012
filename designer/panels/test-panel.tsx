/**
 * "Test": the draft run on an event you choose — the trigger's example
 * (editable), a recent bank line, or the event of an earlier run — by the
 * runtime's own engine (`POST …/automations/dry-run`), which writes nothing.
 * The canvas lights the path; this panel shows each step's input and output
 * and the vouchers it would post. After a first test, edits of the draft or
 * of the event test again (debounced, stale requests cancelled).
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { BankLineListItem, RunSummary, TraceStep } from '../../shared/api.ts';
import type { AutomationDocument, ValidationIssue } from '../../shared/automation/schema.ts';
import { descriptorOf } from '../../shared/nodes/index.ts';
import { api, ApiRequestError, type DryRunResult } from '../api/client.ts';
import { useReferenceData } from '../api/use-api.ts';
import { formatDateTime, formatDuration, formatMinor } from '../format.ts';
import { nodePorts } from '../graph/ports.ts';
import { IssuesList } from './issues-list.tsx';
import { exampleEventOf } from './run-now-dialog.tsx';
import {
  bankLineEvent, describeEvent, parseEvent, paymentDecisionOf, structureKey, vouchersShown, wouldLabel, type PaymentDecisionShown,
} from './test-run.ts';
import { nodeLabel, outputLabel, plural, t } from '../i18n/i18n.ts';

const JsonEditor = lazy(() => import('./json-editor.tsx'));

/** How long edits settle before the draft is tested again. */
export const retestDelayMs = 500;

export type TestState =
  | { kind: 'idle' }
  | { kind: 'running'; previous: TestDone | null }
  | TestDone
  | { kind: 'invalid'; issues: ValidationIssue[] }
  | { kind: 'error'; message: string };
export interface TestDone { kind: 'done'; result: DryRunResult; structure: string }

export interface DraftTest {
  state: TestState;
  /** the last answer while a new one is on its way */
  shown: TestDone | null;
  /** the draft changed since the answer shown */
  stale: boolean;
  eventText: string;
  setEventText(text: string, from?: string): void;
  /** where the event came from, for people */
  eventFrom: string;
  test(): void;
  clear(): void;
}

/** The test of the draft: the event, the state of the dry run, re-testing on edits once tested. */
export function useDraftTest(document: AutomationDocument): DraftTest {
  const [eventText, setText] = useState(() => JSON.stringify(exampleEventOf(document), null, 2));
  const [eventFrom, setEventFrom] = useState('the trigger’s example');
  const [state, setState] = useState<TestState>({ kind: 'idle' });
  const [armed, setArmed] = useState(false);
  const structure = useMemo(() => structureKey(document), [document]);
  const latest = useRef({ document, eventText });
  latest.current = { document, eventText };
  const controller = useRef<AbortController | null>(null);
  const lastKey = useRef<string | null>(null);

  const run = useCallback(async () => {
    const { document: draft, eventText: text } = latest.current;
    const key = `${structureKey(draft)}\u0000${text}`;
    lastKey.current = key;
    const parsed = parseEvent(text);
    controller.current?.abort();
    if ('error' in parsed) { setState({ kind: 'error', message: t('The event: {error}', { error: parsed.error }) }); return; }
    const mine = new AbortController();
    controller.current = mine;
    setState((s) => ({ kind: 'running', previous: s.kind === 'done' ? s : s.kind === 'running' ? s.previous : null }));
    try {
      const result = await api.dryRun(draft, parsed.event, mine.signal);
      if (!mine.signal.aborted) setState({ kind: 'done', result, structure: structureKey(draft) });
    } catch (thrown) {
      if (mine.signal.aborted) return;
      if (thrown instanceof ApiRequestError && thrown.status === 422) {
        setState({ kind: 'invalid', issues: (thrown.body?.issues ?? []).map((issue) => ({
          severity: 'error' as const, code: issue.code ?? 'automation_invalid', message: issue.message, path: [], nodeId: issue.nodeId,
        })) });
      } else setState({ kind: 'error', message: (thrown as Error).message });
    }
  }, []);

  // Once tested, an edit of the draft or of the event tests again when the edits settle.
  useEffect(() => {
    if (!armed || lastKey.current === `${structure}\u0000${eventText}`) return;
    const timer = setTimeout(() => void run(), retestDelayMs);
    return () => clearTimeout(timer);
  }, [armed, structure, eventText, run]);
  useEffect(() => () => controller.current?.abort(), []);

  const shown = state.kind === 'done' ? state : state.kind === 'running' ? state.previous : null;
  return {
    state, shown, stale: !!shown && shown.structure !== structure, eventText, eventFrom,
    setEventText: (text, from = 'an edited event') => { setText(text); setEventFrom(from); },
    test: () => { setArmed(true); void run(); },
    clear: () => { controller.current?.abort(); setArmed(false); lastKey.current = null; setState({ kind: 'idle' }); },
  };
}

/** Recent real events to test on: bank lines (for a bank-line trigger) and this automation's earlier runs. */
function EventPicker({ document, onPick }: { document: AutomationDocument; onPick(event: Record<string, unknown>, from: string): void }) {
  const triggerType = document.nodes.find((n) => descriptorOf(n.type)?.kind === 'trigger')?.type;
  const onBankLines = triggerType === 'bank-line-imported';
  const [lines, setLines] = useState<BankLineListItem[] | null>(null);
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    if (onBankLines) api.bankLines({ limit: 20 }).then((list) => { if (live) setLines(list.lines); }, (e: Error) => { if (live) setError(e.message); });
    api.runs({ automationId: document.id, limit: 20 }).then((list) => { if (live) setRuns(list); }, (e: Error) => { if (live) setError(e.message); });
    return () => { live = false; };
  }, [onBankLines, document.id]);

  const pickRun = async (id: string) => {
    try {
      const detail = await api.run(id);
      const event = detail.event && typeof detail.event === 'object' && !Array.isArray(detail.event) ? detail.event as Record<string, unknown> : {};
      onPick(event, t('the event of run {id} ({at})', { id: id.slice(-8), at: formatDateTime(detail.startedAt) }));
    } catch (thrown) { setError((thrown as Error).message); }
  };

  return (
    <div className="kt-test__pickers">
      <button type="button" className="kt-button kt-button--small" data-testid="test-use-example"
        onClick={() => onPick(exampleEventOf(document), t('the trigger’s example'))}>{t('Example')}</button>
      {onBankLines && (
        <select className="kt-input kt-input--small" aria-label={t('A recent bank line')} data-testid="test-bank-line" value=""
          onChange={(e) => { const line = lines?.find((l) => l.id === e.target.value); if (line) onPick(bankLineEvent(line), t('bank line {id}', { id: line.id })); }}>
          <option value="">{lines === null ? t('Bank lines…') : lines.length ? t('A recent bank line…') : t('No bank lines yet')}</option>
          {lines?.map((line) => <option key={line.id} value={line.id}>{describeEvent(bankLineEvent(line))}</option>)}
        </select>
      )}
      <select className="kt-input kt-input--small" aria-label={t('An earlier run\'s event')} data-testid="test-run-event" value=""
        onChange={(e) => { if (e.target.value) void pickRun(e.target.value); }}>
        <option value="">{runs === null ? t('Runs…') : runs.length ? t('An earlier run…') : t('No runs yet')}</option>
        {runs?.map((r) => <option key={r.id} value={r.id}>{formatDateTime(r.startedAt)} · {r.status}{r.sourceRef ? ` · ${r.sourceRef}` : ''}</option>)}
      </select>
      {error && <p className="kt-field__issue kt-field__issue--warning">{t('Could not list recent events: {error}', { error })}</p>}
    </div>
  );
}

function Json({ value }: { value: unknown }) {
  return <pre className="kt-json">{JSON.stringify(value, null, 2)}</pre>;
}

/** A payment decision as a person reads it: what it settles, or why not, and the ranked candidates. */
function PaymentDecision({ decision, currency }: { decision: PaymentDecisionShown; currency: string }) {
  return (
    <div className="kt-decision" data-testid="test-payment-decision">
      <p className="kt-decision__head">
        <span className={`kt-chip ${decision.kind === 'exception' ? 'kt-chip--attention' : 'kt-chip--ok'}`}>{t(decision.label)}</span>
        {' '}{t('score {score}', { score: decision.score.toFixed(2) })}{decision.exceptionReason ? <> · <code>{decision.exceptionReason}</code></> : null}
      </p>
      {decision.allocations.length > 0 && (
        <ul className="kt-decision__list">
          {decision.allocations.map((a, i) => <li key={i}>{t('Settles invoice')} <strong>{a.invoiceNumber}</strong>{a.customerNo ? ` (${a.customerNo})` : ''}: {formatMinor(a.amountMinor, currency)}</li>)}
          {decision.remainingMinor !== null && <li>{t('Still open on the invoice: {amount}', { amount: formatMinor(decision.remainingMinor, currency) })}</li>}
          {decision.excessMinor !== null && <li>{t('Overpaid, kept as a customer credit: {amount}', { amount: formatMinor(decision.excessMinor, currency) })}</li>}
        </ul>
      )}
      {decision.reasons.length > 0 && <ul className="kt-decision__reasons">{decision.reasons.map((r, i) => <li key={i}>{r}</li>)}</ul>}
      {decision.candidates.length > 0 && (
        <table className="kt-decision__candidates" data-testid="test-candidates">
          <thead><tr><th>{t('Candidate')}</th><th className="kt-num">{t('open amount::Open')}</th><th className="kt-num">{t('Score')}</th></tr></thead>
          <tbody>
            {decision.candidates.map((c) => (
              <tr key={c.invoiceNumber} title={c.reasons.join('; ')}>
                <td><strong>{c.invoiceNumber}</strong> {c.customerName}</td>
                <td className="kt-num">{formatMinor(c.openMinor, c.currency)}</td>
                <td className="kt-num">{c.score.toFixed(2)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The steps of the test: node, branch taken, input, output (a payment decision read as one), error, time. */
function TestTrace({ trace, document, currency, onSelectNode }: {
  trace: TraceStep[]; document: AutomationDocument; currency: string; onSelectNode(nodeId: string): void;
}) {
  if (trace.length === 0) return <p className="kt-muted">{t('The run took no step.')}</p>;
  return (
    <ol className="kt-steps kt-test__steps" data-testid="test-trace">
      {trace.map((step, index) => {
        const node = document.nodes.find((n) => n.id === step.nodeId);
        const descriptor = descriptorOf(step.nodeType);
        const port = (node ? nodePorts(node) : descriptor?.outputs ?? []).find((p) => p.id === step.branch);
        const decision = step.nodeType === 'match-payment' ? paymentDecisionOf(step.output) : null;
        return (
          <li key={index} className={`kt-step ${step.error ? 'kt-step--failed' : ''}`} data-testid="test-step" data-node-id={step.nodeId}>
            <div className="kt-step__head">
              <span className="kt-step__index">{index + 1}</span>
              <button type="button" className="kt-step__name" onClick={() => onSelectNode(step.nodeId)} title={t('Show this step on the canvas')}>
                {node?.name || step.nodeId}
              </button>
              <span className="kt-step__type">{descriptor ? nodeLabel(step.nodeType, descriptor.label) : step.nodeType}</span>
              {step.branch && <span className={`kt-chip kt-chip--branch kt-chip--${step.branch}`} data-testid="test-step-branch">→ {port ? outputLabel(step.nodeType, port.id, port.label) : step.branch}</span>}
              <span className="kt-step__duration">{formatDuration(step.durationMs)}</span>
            </div>
            {step.error && <p className="kt-step__error"><code>{step.error.code}</code> {step.error.message}</p>}
            {decision && <PaymentDecision decision={decision} currency={currency} />}
            {step.input !== undefined && <details className="kt-step__details"><summary>{t('Input')}</summary><Json value={step.input} /></details>}
            {step.output !== undefined && step.output !== null && (
              <details className="kt-step__details" data-testid="test-step-output"><summary>{t('Output')}</summary><Json value={step.output} /></details>
            )}
          </li>
        );
      })}
    </ol>
  );
}

function WouldPost({ result }: { result: DryRunResult }) {
  const accounts = useReferenceData((s) => s.accounts);
  const vouchers = vouchersShown(result.vouchers, accounts ?? []);
  if (vouchers.length === 0) return <p className="kt-muted" data-testid="test-no-vouchers">{t('It would post no voucher.')}</p>;
  return (
    <div data-testid="test-vouchers">
      {vouchers.map((v, i) => (
        <table key={i} className="kt-test__voucher" data-testid="test-voucher">
          <caption><strong>{v.series}</strong> {v.date} · {v.text}</caption>
          <thead><tr><th>{t('Account')}</th><th className="kt-num">{t('Debit')}</th><th className="kt-num">{t('Credit')}</th></tr></thead>
          <tbody>
            {v.lines.map((l, j) => (
              <tr key={j} data-testid="test-voucher-line" data-account={l.account} data-debit={l.debitMinor} data-credit={l.creditMinor}>
                <td><span className="kt-mono">{l.account}</span> {l.accountName ?? <em className="kt-muted">{t('unknown account')}</em>}</td>
                <td className="kt-num">{l.debitMinor ? formatMinor(l.debitMinor, 'SEK') : ''}</td>
                <td className="kt-num">{l.creditMinor ? formatMinor(l.creditMinor, 'SEK') : ''}</td>
              </tr>
            ))}
          </tbody>
          <tfoot><tr><td>{t('Total')}</td><td className="kt-num">{formatMinor(v.debitMinor, 'SEK')}</td><td className="kt-num">{formatMinor(v.creditMinor, 'SEK')}</td></tr></tfoot>
        </table>
      ))}
    </div>
  );
}

export function TestPanel({ document, test, onSelectNode }: { document: AutomationDocument; test: DraftTest; onSelectNode(nodeId: string): void }) {
  const { state, shown } = test;
  const currency = (() => { const parsed = parseEvent(test.eventText); return 'event' in parsed && typeof parsed.event.currency === 'string' ? parsed.event.currency : 'SEK'; })();
  return (
    <div className="kt-test" data-testid="test-panel">
      <p className="kt-muted kt-test__lead">
        {t('Runs this draft on an event with the runtime’s engine.')} <strong>{t('Nothing is posted or recorded.')}</strong>
      </p>
      <EventPicker document={document} onPick={(event, from) => test.setEventText(JSON.stringify(event, null, 2), from)} />
      <p className="kt-test__from" data-testid="test-event-from">{t('Event: {from}', { from: test.eventFrom })}</p>
      <Suspense fallback={<div className="kt-monaco kt-monaco--loading" style={{ height: 180 }}>{t('Loading editor…')}</div>}>
        <JsonEditor path={`test-event-${document.id}.json`} text={test.eventText} onChangeText={(text) => test.setEventText(text)} ariaLabel={t('Test event JSON')} height={180} />
      </Suspense>
      <div className="kt-test__actions">
        <button type="button" className="kt-button kt-button--primary" data-testid="test-run" disabled={state.kind === 'running'} onClick={test.test}>
          {state.kind === 'running' ? t('Testing…') : shown ? t('Test again') : t('Test')}
        </button>
        {state.kind !== 'idle' && <button type="button" className="kt-button kt-button--ghost" data-testid="test-clear" onClick={test.clear}>{t('Clear')}</button>}
        {shown && <span className="kt-muted kt-test__hint">{t('Edits test again by themselves.')}</span>}
      </div>
      {state.kind === 'invalid' && (
        <div className="kt-test__invalid" data-testid="test-invalid" role="alert">
          <p><strong>{t('The draft cannot run:')}</strong> {t('fix these first.')}</p>
          <IssuesList issues={state.issues} document={document} onSelectNode={onSelectNode} />
        </div>
      )}
      {state.kind === 'error' && <p className="kt-field__issue kt-field__issue--warning" role="alert" data-testid="test-error">{state.message}</p>}
      {shown && (
        <section className={`kt-test__result ${state.kind === 'running' || test.stale ? 'is-stale' : ''}`} data-testid="test-result" aria-live="polite"
          aria-busy={state.kind === 'running'}>
          <div className="kt-test__verdict">
            <span className={`kt-chip ${shown.result.status === 'posted' ? 'kt-chip--info' : shown.result.status === 'failed' ? 'kt-chip--error' : 'kt-chip--attention'}`}
              data-testid="test-would">{t(wouldLabel[shown.result.status])}</span>
            <span className="kt-muted">{state.kind === 'running' ? t('Testing again…') : t('A test: nothing was posted')}</span>
          </div>
          {shown.result.reason && <p className="kt-muted" data-testid="test-reason">{shown.result.reason}</p>}
          <h4>{t('Vouchers it would post')}</h4>
          <WouldPost result={shown.result} />
          <h4>{plural(shown.result.trace.length, 'Path ({count} step)', 'Path ({count} steps)')}</h4>
          <TestTrace trace={shown.result.trace} document={document} currency={currency} onSelectNode={onSelectNode} />
        </section>
      )}
    </div>
  );
}
