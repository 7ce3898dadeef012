import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import { useApi, useReferenceData } from '../api/use-api.ts';
import { formatDateTime, formatMinor } from '../format.ts';
import { href } from '../router.ts';

/** A bank line or other payload in short: "−25,00 kr · AVGIFT BANKGIRO · 2026-11-30". */
function describePayload(payload: unknown): string {
  if (!payload || typeof payload !== 'object') return '';
  const p = payload as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof p.amountMinor === 'number' && Number.isSafeInteger(p.amountMinor)) {
    try { parts.push(formatMinor(p.amountMinor, typeof p.currency === 'string' ? p.currency : 'SEK')); } catch { /* unknown currency */ }
  }
  if (typeof p.text === 'string' && p.text) parts.push(p.text);
  if (typeof p.bookingDate === 'string') parts.push(p.bookingDate);
  return parts.join(' · ');
}

export function ExceptionsPage() {
  const exceptions = useApi(api.exceptions, 'exceptions');
  const automations = useReferenceData((s) => s.automations);
  const [showResolved, setShowResolved] = useState(false);
  useEffect(() => { if (!automations) void useReferenceData.getState().loadAutomations(); }, [automations]);
  const names = new Map((automations ?? []).map((a) => [a.id, a.name]));
  const items = [...(exceptions.data ?? [])]
    .filter((e) => showResolved || e.status === 'open')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const openCount = (exceptions.data ?? []).filter((e) => e.status === 'open').length;
  return (
    <div className="kt-page" data-testid="exceptions-page">
      <header className="kt-page__header">
        <div>
          <h1>Exceptions</h1>
          <p className="kt-page__lead">What no automation handled, with the reason. {openCount} open.</p>
        </div>
        <div className="kt-page__tools">
          <label className="kt-check"><input type="checkbox" checked={showResolved} onChange={(e) => setShowResolved(e.target.checked)} /> Show resolved</label>
          <button type="button" className="kt-button" onClick={exceptions.reload}>Refresh</button>
        </div>
      </header>
      {exceptions.error && <div className="kt-empty kt-empty--error" role="alert">Could not load exceptions: {exceptions.error.message}</div>}
      {exceptions.loading && !exceptions.data && <div className="kt-loading">Loading…</div>}
      {exceptions.data && items.length === 0 && <div className="kt-empty">Nothing to look at. Every event was handled.</div>}
      {items.length > 0 && (
        <table className="kt-table" data-testid="exceptions-table">
          <thead><tr><th>Arrived</th><th>What</th><th>Reason</th><th>Automation</th><th>Status</th></tr></thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} data-testid="exception-row">
                <td className="kt-nowrap">{formatDateTime(item.createdAt)}</td>
                <td>
                  <div>{describePayload(item.payload) || <span className="kt-mono">{item.sourceRef}</span>}</div>
                  <div className="kt-table__secondary kt-mono">{item.sourceRef}</div>
                </td>
                <td>{item.reason}</td>
                <td>
                  {item.automationId ? names.get(item.automationId) ?? item.automationId : <span className="kt-muted">—</span>}
                  {item.runId && <div><a className="kt-table__secondary" href={href({ page: 'run', id: item.runId })}>View run</a></div>}
                </td>
                <td><span className={`kt-chip ${item.status === 'open' ? 'kt-chip--attention' : 'kt-chip--ok'}`}>{item.status === 'open' ? 'Open' : 'Resolved'}</span></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
