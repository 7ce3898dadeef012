/**
 * "Run now": the published version on an example event (prefilled with the
 * trigger's) or on a stored bank line. It runs as a test first — nothing is
 * written; the trace and the vouchers it would post are shown — and books
 * only after "Post for real", whose confirmation says what will be booked.
 */
import { lazy, Suspense, useState } from 'react';
import type { ManualRunRequest, ManualRunResponse } from '../../shared/api.ts';
import type { AutomationDocument } from '../../shared/automation/schema.ts';
import { descriptorOf } from '../../shared/nodes/index.ts';
import { sourceRef } from '../../shared/sources.ts';
import { api } from '../api/client.ts';
import { formatMinor } from '../format.ts';
import { Dialog, ErrorLine } from '../pages/parts.tsx';
import { href, navigate } from '../router.ts';
import { RunTrace } from './run-trace.tsx';
import { msg, nodeLabel, t } from '../i18n/i18n.ts';

const JsonEditor = lazy(() => import('./json-editor.tsx'));

export function exampleEventOf(document: AutomationDocument | null): Record<string, unknown> {
  const trigger = document?.nodes.map((n) => descriptorOf(n.type)).find((d) => d?.kind === 'trigger');
  return { ...(trigger?.event?.example ?? {}) };
}

type DryRun = Extract<ManualRunResponse, { dryRun: true }>;

/** A test run's outcome says what a real run would do ("Posted" beside "nothing was posted" would read as a contradiction). */
const wouldLabel: Partial<Record<DryRun['status'], string>> = {
  posted: msg('Would post'), no_match: msg('No match: would post nothing'), flagged: msg('Would flag for review'), failed: msg('Would fail'),
};
const wouldChip: Partial<Record<DryRun['status'], string>> = { posted: 'kt-chip--info', flagged: 'kt-chip--attention', failed: 'kt-chip--error' };

/** The parts of a would-be voucher the dialog shows (the API gives them as the ledger's drafts). */
interface DraftShown { date: string; series: string; text: string; lines: { account: string; debitMinor?: number; creditMinor?: number; currency?: string }[] }

function draftsOf(result: DryRun): DraftShown[] {
  return result.vouchers.filter((v): v is DraftShown => !!v && typeof v === 'object' && Array.isArray((v as DraftShown).lines));
}

/** "E 2026-11-30 Bankavgift: 6570 debit 25,00 kr, 1930 credit 25,00 kr" */
function describeDraft(draft: DraftShown): string {
  const lines = draft.lines.map((l) => (l.debitMinor
    ? t('{account} debit {amount}', { account: l.account, amount: formatMinor(l.debitMinor, 'SEK') })
    : t('{account} credit {amount}', { account: l.account, amount: formatMinor(l.creditMinor ?? 0, 'SEK') }))); // the ledger's amounts are SEK; a line's own currency is beside it
  return `${draft.series} ${draft.date} “${draft.text}”: ${lines.join(', ')}`;
}

export function RunNowDialog({ automationId, published, onClose }: { automationId: string; published: AutomationDocument; onClose(): void }) {
  const trigger = published.nodes.map((n) => descriptorOf(n.type)).find((d) => d?.kind === 'trigger');
  const onBankLines = trigger?.type === 'bank-line-imported';
  const [on, setOn] = useState<'event' | 'bank-line'>('event');
  const [text, setText] = useState(() => JSON.stringify(exampleEventOf(published), null, 2));
  const [bankLineId, setBankLineId] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<{ request: string; dryRun: DryRun } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);

  let request: Omit<ManualRunRequest, 'post'> | null = null;
  let parseError: string | null = null;
  if (on === 'bank-line') {
    if (bankLineId.trim()) request = { source: sourceRef('bank-line', bankLineId.trim()) };
  } else {
    try {
      const value: unknown = JSON.parse(text);
      if (value && typeof value === 'object' && !Array.isArray(value)) request = { event: value as Record<string, unknown> };
      else parseError = t('The event must be a JSON object: { … }');
    } catch (thrown) { parseError = t('Not valid JSON: {error}', { error: (thrown as Error).message }); }
  }
  // "Post for real" books what the test run showed, so it needs a test run of exactly this input.
  const tested = result && request && result.request === JSON.stringify(request) ? result.dryRun : null;

  const testRun = async () => {
    if (!request) return;
    setBusy(true);
    setError(null);
    setOutcome(null);
    try {
      const answer = await api.runAutomation(automationId, { ...request, post: false });
      if ('dryRun' in answer && answer.dryRun) setResult({ request: JSON.stringify(request), dryRun: answer });
    } catch (thrown) { setError(thrown); }
    setBusy(false);
  };

  const postForReal = async () => {
    if (!request) return;
    const answer = await api.runAutomation(automationId, { ...request, post: true });
    if ('queued' in answer) { setOutcome(t('The run was stored; a worker runs it shortly. It will appear under Runs.')); return; }
    if (answer.dryRun) return;
    if (answer.bookedBy) {
      setOutcome(`Nothing was posted: the bank line is already booked by voucher ${answer.bookedBy.series} ${answer.bookedBy.number}`
        + `${answer.bookedBy.automationId ? ` (automation “${answer.bookedBy.automationId}”)` : ` (by ${answer.bookedBy.registeredBy})`}.`);
      return;
    }
    const mine = answer.runs.find((r) => r.automationId === automationId) ?? answer.runs[0];
    if (mine) { navigate({ page: 'run', id: mine.id }); onClose(); return; }
    setOutcome(answer.exceptionId ? t('Nothing handled it: it is in the exceptions inbox.') : t('The run produced no result.'));
  };

  if (confirming && tested) return <ConfirmPosting tested={tested} onConfirm={postForReal} onClose={() => setConfirming(false)} />;

  const drafts = tested ? draftsOf(tested) : [];
  return (
    <Dialog wide title={t('Run now')} testId="run-now-dialog" onClose={onClose} onSubmit={() => void testRun()}
      lead={<>{t('A test run of published version {version}: nothing is posted or recorded; you see the path and the vouchers it would post.', { version: published.version })}
        {' '}{t('Then')} <strong>{t('Post for real')}</strong> {t('books them, after you confirm.')}
        {trigger && on === 'event' && <> {t('The event is prefilled with the example of “{trigger}”.', { trigger: nodeLabel(trigger.type, trigger.label) })}</>}</>}>
      {onBankLines && (
        <div className="kt-field" role="radiogroup" aria-label={t('Run on')}>
          <label><input type="radio" name="run-on" checked={on === 'event'} onChange={() => setOn('event')} data-testid="run-now-on-event" /> {t('An example event')}</label>{' '}
          <label><input type="radio" name="run-on" checked={on === 'bank-line'} onChange={() => setOn('bank-line')} data-testid="run-now-on-bank-line" /> {t('A bank line already received')}</label>
        </div>
      )}
      {on === 'bank-line' ? (
        <div className="kt-field">
          <label className="kt-field__label" htmlFor="run-now-bank-line">{t('Entry reference of the bank line')}</label>
          <input id="run-now-bank-line" className="kt-input" value={bankLineId} onChange={(e) => setBankLineId(e.target.value)} data-testid="run-now-bank-line"
            placeholder={t('e.g. 2026113000042')} autoFocus />
          <p className="kt-muted">{t('Its stored event runs; its vouchers keep the line as their source, and a line already booked is not booked again.')}</p>
        </div>
      ) : (
        <>
          <label className="kt-field__label">{t('Event (JSON)')}</label>
          <Suspense fallback={<div className="kt-monaco kt-monaco--loading" style={{ height: 220 }}>{t('Loading editor…')}</div>}>
            <JsonEditor path={`run-event-${automationId}.json`} text={text} onChangeText={setText} ariaLabel="Event JSON" />
          </Suspense>
          {parseError && <p className="kt-field__issue kt-field__issue--warning" data-testid="run-now-parse-error">{parseError}</p>}
        </>
      )}
      <ErrorLine error={error} testId="run-now-error" />
      {tested && (
        <section className="kt-run-now__result" data-testid="run-now-result" aria-live="polite">
          <h3>{t('Test run: nothing was posted')} <span className={`kt-chip ${wouldChip[tested.status] ?? ''}`} data-testid="run-now-would">{t(wouldLabel[tested.status] ?? tested.status)}</span></h3>
          {tested.reason && <p className="kt-muted" data-testid="run-now-reason">{tested.reason}</p>}
          {tested.bookedBy && (
            <p className="kt-field__issue kt-field__issue--warning" data-testid="run-now-booked-by">
              Already booked by voucher {tested.bookedBy.series} {tested.bookedBy.number}
              {tested.bookedBy.automationId ? <> (automation “{tested.bookedBy.automationId}”)</> : <> (by {tested.bookedBy.registeredBy})</>}: posting would add nothing.
            </p>
          )}
          {drafts.length > 0
            ? <><p>{tested.bookedBy ? t('Were the line not booked, it would post:') : t('It would post:')}</p><ul data-testid="run-now-would-post">{drafts.map((d, i) => <li key={i}>{describeDraft(d)}</li>)}</ul></>
            : <p className="kt-muted">{t('It would post no voucher.')}</p>}
          <details><summary>Path ({tested.trace.length} steps)</summary><RunTrace trace={tested.trace} document={published} /></details>
        </section>
      )}
      {outcome && <p className="kt-field__issue kt-field__issue--ok" role="status" data-testid="run-now-outcome">{outcome} <a href={href({ page: 'runs', automationId })}>{t('Runs')}</a></p>}
      <div className="kt-modal__actions">
        <button type="button" className="kt-button kt-button--ghost" onClick={onClose}>{t('Cancel')}</button>
        <button type="button" className="kt-button" disabled={busy || !tested || !!tested.bookedBy} data-testid="run-now-post"
          title={tested ? t('Book what the test run shows, after a confirmation') : t('Run a test first: posting books what it shows')} onClick={() => setConfirming(true)}>
          {t('Post for real…')}
        </button>
        <button type="submit" className="kt-button kt-button--primary" disabled={busy || !request} data-testid="run-now-submit">{busy ? t('Running…') : t('Test run')}</button>
      </div>
    </Dialog>
  );
}

/** "Post for real?": what will be booked, said before it is. */
function ConfirmPosting({ tested, onConfirm, onClose }: { tested: DryRun; onConfirm(): Promise<void>; onClose(): void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const drafts = draftsOf(tested);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try { await onConfirm(); onClose(); } catch (thrown) { setError(thrown); setBusy(false); }
  };
  return (
    <Dialog wide title={t('Post for real?')} testId="run-now-confirm" onClose={onClose} onSubmit={() => void submit()}
      lead={drafts.length
        ? (drafts.length === 1
          ? t('This books this voucher in the ledger, by published version {version}:', { version: tested.automationVersion })
          : t('This books these {count} vouchers in the ledger, by published version {version}:', { count: drafts.length, version: tested.automationVersion }))
        : t('The test run posted nothing; posting for real records the run ({status}).', { status: tested.status })}>
      {drafts.length > 0 && <ul data-testid="run-now-confirm-vouchers">{drafts.map((d, i) => <li key={i}>{describeDraft(d)}</li>)}</ul>}
      <p className="kt-muted">
        Source: <code>{tested.sourceRef}</code>. Posted vouchers are never changed or deleted (a correction is a reversing voucher).
        {tested.sourceRef.startsWith('manual:') ? ' The same event posts once: sending it again finds this posting.' : ' A bank line is booked once.'}
      </p>
      <ErrorLine error={error} testId="run-now-confirm-error" />
      <div className="kt-modal__actions">
        <button type="button" className="kt-button kt-button--ghost" onClick={onClose}>{t('Back')}</button>
        <button type="submit" className="kt-button kt-button--primary" disabled={busy} data-testid="run-now-confirm-post" autoFocus>
          {busy ? t('Posting…') : drafts.length === 1 ? t('Post 1 voucher') : t('Post {count} vouchers', { count: drafts.length })}
        </button>
      </div>
    </Dialog>
  );
}
