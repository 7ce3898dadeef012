/** "Run now": the published version on an event you write (prefilled with the trigger's example), then its run page. */
import { lazy, Suspense, useState } from 'react';
import type { AutomationDocument } from '../../shared/automation/schema.ts';
import { descriptorOf } from '../../shared/nodes/index.ts';
import { api } from '../api/client.ts';
import { Dialog, ErrorLine } from '../pages/parts.tsx';
import { href, navigate } from '../router.ts';

const JsonEditor = lazy(() => import('./json-editor.tsx'));

export function exampleEventOf(document: AutomationDocument | null): Record<string, unknown> {
  const trigger = document?.nodes.map((n) => descriptorOf(n.type)).find((d) => d?.kind === 'trigger');
  return { ...(trigger?.event?.example ?? {}) };
}

export function RunNowDialog({ automationId, published, onClose }: { automationId: string; published: AutomationDocument; onClose(): void }) {
  const [text, setText] = useState(() => JSON.stringify(exampleEventOf(published), null, 2));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  let parsed: Record<string, unknown> | null = null;
  let parseError: string | null = null;
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) parsed = value as Record<string, unknown>;
    else parseError = 'The event must be a JSON object: { … }';
  } catch (thrown) { parseError = `Not valid JSON: ${(thrown as Error).message}`; }
  const trigger = published.nodes.map((n) => descriptorOf(n.type)).find((d) => d?.kind === 'trigger');
  const run = async () => {
    if (!parsed) return;
    setBusy(true);
    setError(null);
    try {
      const result = await api.runAutomation(automationId, parsed);
      if ('queued' in result) { setOutcome('The event was stored; a worker runs it shortly. It will appear under Runs.'); setBusy(false); return; }
      const mine = result.runs.find((r) => r.automationId === automationId) ?? result.runs[0];
      if (mine) { navigate({ page: 'run', id: mine.id }); onClose(); return; }
      setOutcome(result.exceptionId ? 'Nothing handled the event: it is in the exceptions inbox.' : 'The run produced no result.');
      setBusy(false);
    } catch (thrown) { setError(thrown); setBusy(false); }
  };
  return (
    <Dialog wide title="Run now" testId="run-now-dialog" onClose={onClose} onSubmit={() => void run()}
      lead={<>Runs published version {published.version} on this event, for real: what it posts goes into the ledger, and the run is recorded.
        {trigger && <> Prefilled with the example event of “{trigger.label}”.</>}</>}>
      <label className="kt-field__label">Event (JSON)</label>
      <Suspense fallback={<div className="kt-monaco kt-monaco--loading" style={{ height: 260 }}>Loading editor…</div>}>
        <JsonEditor path={`run-event-${automationId}.json`} text={text} onChangeText={setText} ariaLabel="Event JSON" />
      </Suspense>
      {parseError && <p className="kt-field__issue kt-field__issue--warning" data-testid="run-now-parse-error">{parseError}</p>}
      <ErrorLine error={error} testId="run-now-error" />
      {outcome && <p className="kt-field__issue kt-field__issue--ok" role="status" data-testid="run-now-outcome">{outcome} <a href={href({ page: 'runs', automationId })}>Runs</a></p>}
      <div className="kt-modal__actions">
        <button type="button" className="kt-button kt-button--ghost" onClick={onClose}>Cancel</button>
        <button type="submit" className="kt-button kt-button--primary" disabled={busy || !parsed} data-testid="run-now-submit">{busy ? 'Running…' : 'Run'}</button>
      </div>
    </Dialog>
  );
}
