import { useEffect, useState } from 'react';
import type { RunStatus, WorkQueue } from '../../shared/api.ts';
import { descriptorOf } from '../../shared/nodes/index.ts';
import { api } from '../api/client.ts';
import { useApi, useReferenceData } from '../api/use-api.ts';
import { formatDateTime, formatDuration } from '../format.ts';
import { dayEndInstant, dayStartInstant } from '../ledger/periods.ts';
import { href, navigate, type RunFilters } from '../router.ts';
import { DateRangeFields } from './parts.tsx';
import { RunStatusPill, runStatusLabels } from './status.tsx';
import { msg, nodeLabel, t } from '../i18n/i18n.ts';

export function RunsPage({ filters }: { filters: RunFilters }) {
  const key = JSON.stringify(filters);
  // Automations that stood aside because another booked the source first (booked once) are many and say
  // little: hidden unless asked for, or unless the list is of one automation or one source document.
  const skipped = filters.skipped ?? (filters.automationId || filters.sourceRef ? 'show' : 'hide');
  const runs = useApi(() => api.runs({
    automationId: filters.automationId, status: filters.status, sourceRef: filters.sourceRef, skipped,
    from: filters.from ? dayStartInstant(filters.from) : undefined, to: filters.to ? dayEndInstant(filters.to) : undefined,
  }), `runs:${key}`);
  const queue = useApi(api.workQueue, 'work-queue');
  const automations = useReferenceData((s) => s.automations);
  useEffect(() => { if (!automations) void useReferenceData.getState().loadAutomations(); }, [automations]);
  const [sourceRef, setSourceRef] = useState(filters.sourceRef ?? '');
  useEffect(() => setSourceRef(filters.sourceRef ?? ''), [filters.sourceRef]);
  const names = new Map((automations ?? []).map((a) => [a.id, a.name]));
  const sorted = [...(runs.data ?? [])].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const set = (patch: Partial<RunFilters>) => navigate({ page: 'runs', ...filters, ...patch });
  const filtered = Object.values(filters).some(Boolean);
  return (
    <div className="kt-page kt-page--wide" data-testid="runs-page">
      <header className="kt-page__header">
        <div>
          <h1>{filters.automationId ? t('Runs of {automation}', { automation: names.get(filters.automationId) ?? filters.automationId }) : t('Runs')}</h1>
          <p className="kt-page__lead">{t('Every time an automation ran, with what it did and why.')}</p>
        </div>
        <button type="button" className="kt-button" onClick={() => { runs.reload(); queue.reload(); }}>{t('Refresh')}</button>
      </header>
      {queue.data && <WorkQueueLine queue={queue.data} />}
      <form className="kt-filters" role="group" aria-label={t('Filter runs')} onSubmit={(e) => { e.preventDefault(); set({ sourceRef: sourceRef.trim() || undefined }); }}>
        <div className="kt-filters__field">
          <label className="kt-field__label" htmlFor="runs-automation">{t('Automation')}</label>
          <select id="runs-automation" className="kt-input kt-select" value={filters.automationId ?? ''} data-testid="runs-automation"
            onChange={(e) => set({ automationId: e.target.value || undefined })}>
            <option value="">{t('All automations')}</option>
            {(automations ?? []).map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
          </select>
        </div>
        <div className="kt-filters__field">
          <label className="kt-field__label" htmlFor="runs-status">{t('Result')}</label>
          <select id="runs-status" className="kt-input kt-select" value={filters.status ?? ''} data-testid="runs-status"
            onChange={(e) => set({ status: (e.target.value || undefined) as RunStatus | undefined })}>
            <option value="">{t('Any result')}</option>
            {(Object.keys(runStatusLabels) as RunStatus[]).map((s) => <option key={s} value={s}>{t(runStatusLabels[s])}</option>)}
          </select>
        </div>
        <DateRangeFields idPrefix="runs" from={filters.from} to={filters.to} onChange={set} />
        <div className="kt-filters__field kt-filters__field--grow">
          <label className="kt-field__label" htmlFor="runs-source">{t('Source document')}</label>
          <input id="runs-source" className="kt-input kt-input--code" value={sourceRef} placeholder={t('e.g. bank-line:2026113000042 — press Enter')} data-testid="runs-source"
            onChange={(e) => setSourceRef(e.target.value)} onBlur={() => { if ((filters.sourceRef ?? '') !== sourceRef.trim()) set({ sourceRef: sourceRef.trim() || undefined }); }} />
        </div>
        <label className="kt-check kt-filters__check" data-testid="runs-skipped-label">
          <input type="checkbox" checked={skipped === 'show'} data-testid="runs-skipped"
            onChange={(e) => set({ skipped: e.target.checked ? 'show' : 'hide' })} />
          {t('Show the automations that stood aside (another booked the document first)')}
        </label>
        {filtered && <a className="kt-button kt-button--ghost kt-filters__clear" href={href({ page: 'runs' })}>{t('Clear filters')}</a>}
      </form>
      {runs.error && <div className="kt-empty kt-empty--error" role="alert">{t('Could not load runs: {error}', { error: runs.error.message })}</div>}
      {runs.loading && !runs.data && <div className="kt-loading">{t('Loading…')}</div>}
      {runs.data && sorted.length === 0 && (
        <div className="kt-empty" data-testid="runs-empty">{filtered
          ? <>{t('No runs match —')} <a href={href({ page: 'runs' })} data-testid="runs-empty-clear">{t('clear filters')}</a>.</>
          : <>{t('No runs yet. Runs appear when a trigger fires: import a bank statement on the')} <a href={href({ page: 'bank' })}>{t('Bank')}</a> {t('page, or use “Run now” on an')} <a href={href({ page: 'automations' })}>{t('automation')}</a>.</>}</div>
      )}
      {sorted.length > 0 && (
        <table className="kt-table" data-testid="runs-table">
          <thead><tr><th>{t('Started')}</th><th>{t('Automation')}</th><th>{t('Trigger')}</th><th>{t('Source')}</th><th>{t('Result')}</th><th>{t('Reason')}</th><th className="kt-num">{t('Time')}</th></tr></thead>
          <tbody>
            {sorted.map((run) => (
              <tr key={run.id} data-testid="run-row">
                <td className="kt-nowrap"><a href={href({ page: 'run', id: run.id })}>{formatDateTime(run.startedAt)}</a></td>
                <td>{names.get(run.automationId) ?? run.automationId} <span className="kt-muted">v{run.automationVersion}</span></td>
                <td>{nodeLabel(run.triggerType, descriptorOf(run.triggerType)?.label ?? run.triggerType)}</td>
                <td className="kt-mono kt-runs__source">{run.sourceRef
                  ? <a href={href({ page: 'runs', sourceRef: run.sourceRef })} title={t('All runs of this source document')}>{run.sourceRef}</a>
                  : '—'}</td>
                <td><RunStatusPill status={run.status} /></td>
                <td className="kt-table__secondary kt-runs__reason">{run.reason ?? ''}</td>
                <td className="kt-num">{formatDuration(run.durationMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** What the worker has still to do for this company, in a line; failed events link to the inbox. */
function WorkQueueLine({ queue }: { queue: WorkQueue }) {
  const count = (n: number, one: string, many: string) => t(n === 1 ? one : many, { count: n.toLocaleString('sv-SE') });
  const waiting = [
    queue.received && count(queue.received, msg('{count} webhook delivery received, not yet processed'), msg('{count} webhook deliveries received, not yet processed')),
    queue.pending && count(queue.pending, msg('{count} event waiting to run'), msg('{count} events waiting to run')),
    queue.processing && t('{count} running now', { count: queue.processing.toLocaleString('sv-SE') }),
  ].filter(Boolean);
  return (
    <p className="kt-work-queue" data-testid="work-queue">
      <span className={`kt-chip ${waiting.length ? 'kt-chip--info' : 'kt-chip--ok'}`}>{waiting.length ? t('Queued') : t('Up to date')}</span>
      {waiting.length ? ` ${waiting.join(' · ')}` : ` ${t('Nothing is waiting to run.')}`}
      {queue.oldestWaitingSince && <span className="kt-muted"> — {t('the oldest arrived {at}', { at: formatDateTime(queue.oldestWaitingSince) })}</span>}
      {queue.failed > 0 && <> · <a href={href({ page: 'exceptions' })}>{count(queue.failed, msg('{count} event failed for good (in the inbox)'), msg('{count} events failed for good (in the inbox)'))}</a></>}
    </p>
  );
}
