import { useEffect } from 'react';
import { descriptorOf } from '../../shared/nodes/index.ts';
import { api } from '../api/client.ts';
import { useApi, useReferenceData } from '../api/use-api.ts';
import { formatDateTime, formatDuration } from '../format.ts';
import { href } from '../router.ts';
import { RunStatusPill } from './status.tsx';

export function RunsPage({ automationId }: { automationId?: string }) {
  const runs = useApi(() => api.runs(automationId), `runs:${automationId ?? ''}`);
  const automations = useReferenceData((s) => s.automations);
  useEffect(() => { if (!automations) void useReferenceData.getState().loadAutomations(); }, [automations]);
  const names = new Map((automations ?? []).map((a) => [a.id, a.name]));
  const sorted = [...(runs.data ?? [])].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  return (
    <div className="kt-page" data-testid="runs-page">
      <header className="kt-page__header">
        <div>
          <h1>Runs{automationId ? ` of ${names.get(automationId) ?? automationId}` : ''}</h1>
          <p className="kt-page__lead">Every time an automation ran, with what it did and why.
            {automationId && <> <a href={href({ page: 'runs' })}>Show all runs</a></>}</p>
        </div>
        <button type="button" className="kt-button" onClick={runs.reload}>Refresh</button>
      </header>
      {runs.error && <div className="kt-empty kt-empty--error" role="alert">Could not load runs: {runs.error.message}</div>}
      {runs.loading && !runs.data && <div className="kt-loading">Loading…</div>}
      {runs.data && sorted.length === 0 && <div className="kt-empty">No runs yet. Runs appear when a trigger fires, e.g. a bank line arrives.</div>}
      {sorted.length > 0 && (
        <table className="kt-table" data-testid="runs-table">
          <thead><tr><th>Started</th><th>Automation</th><th>Trigger</th><th>Source</th><th>Result</th><th>Reason</th><th className="kt-num">Time</th></tr></thead>
          <tbody>
            {sorted.map((run) => (
              <tr key={run.id} data-testid="run-row">
                <td className="kt-nowrap"><a href={href({ page: 'run', id: run.id })}>{formatDateTime(run.startedAt)}</a></td>
                <td>{names.get(run.automationId) ?? run.automationId} <span className="kt-muted">v{run.automationVersion}</span></td>
                <td>{descriptorOf(run.triggerType)?.label ?? run.triggerType}</td>
                <td className="kt-mono">{run.sourceRef ?? '—'}</td>
                <td><RunStatusPill status={run.status} /></td>
                <td className="kt-table__secondary">{run.reason ?? ''}</td>
                <td className="kt-num">{formatDuration(run.durationMs)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
