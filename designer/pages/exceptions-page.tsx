import { Fragment, useEffect, useState } from 'react';
import type { ExceptionItem } from '../../shared/api.ts';
import { parseSourceRef, runAgainTitle } from '../../shared/sources.ts';
import { api } from '../api/client.ts';
import { useCan } from '../api/session.ts';
import { BankLinePanel } from './bank-line-actions.tsx';
import { Dialog, ErrorLine, errorText } from './parts.tsx';
import { useApi, useReferenceData } from '../api/use-api.ts';
import { formatDateTime, formatMinor } from '../format.ts';
import { href } from '../router.ts';

/** A bank line or other payload in short: "−25,00 kr · AVGIFT BANKGIRO · 2026-11-30"; a delivery's lines by the first. */
function describePayload(payload: unknown): string {
  if (Array.isArray(payload)) {
    const first = describePayload(payload[0]);
    return first && payload.length > 1 ? `${first} (and ${payload.length - 1} more)` : first;
  }
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

/** "bank-line:<id>" → the bank line's id; null for other sources. */
export function bankLineIdOf(ref: string | null | undefined): string | null {
  const parsed = ref ? parseSourceRef(ref) : null;
  return parsed?.kind === 'bank-line' ? parsed.parts[0] ?? null : null;
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
  const can = useCan();
  const [resolving, setResolving] = useState<ExceptionItem | null>(null);
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const toggle = (id: string) => setExpanded((before) => {
    const next = new Set(before);
    if (next.has(id)) next.delete(id); else next.add(id);
    return next;
  });
  const columns = can('ledger:write') ? 6 : 5;
  const retry = async (item: ExceptionItem) => {
    setBusy(item.id);
    setNotice(null);
    try {
      const result = await api.retryException(item.id);
      const posted = result.runs.find((r) => r.status === 'posted');
      setNotice(posted
        ? { text: `Booked by ${names.get(posted.automationId) ?? posted.automationId} v${posted.automationVersion}; the exception is resolved.` }
        : result.exception.status === 'resolved'
          ? { text: `${result.exception.resolution ?? 'Done'}; the exception is resolved.` }
          : { text: `Ran again: ${result.runs.map((r) => `${names.get(r.automationId) ?? r.automationId}: ${r.reason ?? r.status}`).join('; ') || 'no published automation'}. Still open.` });
      exceptions.reload();
    } catch (error) {
      setNotice({ text: errorText(error), error: true });
    } finally {
      setBusy(null);
    }
  };
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
      {notice && <div className={`kt-notice ${notice.error ? 'kt-notice--error' : ''}`} role="status" data-testid="exceptions-notice">{notice.text}</div>}
      {exceptions.error && <div className="kt-empty kt-empty--error" role="alert">Could not load exceptions: {exceptions.error.message}</div>}
      {exceptions.loading && !exceptions.data && <div className="kt-loading">Loading…</div>}
      {exceptions.data && items.length === 0 && <div className="kt-empty">Nothing to look at. Every event was handled.</div>}
      {items.length > 0 && (
        <table className="kt-table" data-testid="exceptions-table">
          <thead><tr><th>Arrived</th><th>What</th><th>Reason</th><th>Automation</th><th>Status</th>{can('ledger:write') && <th />}</tr></thead>
          <tbody>
            {items.map((item) => {
              const bankLineId = bankLineIdOf(item.sourceRef);
              return (
                <Fragment key={item.id}>
                  <tr data-testid="exception-row" data-source-ref={item.sourceRef ?? undefined}>
                    <td className="kt-nowrap">{formatDateTime(item.createdAt)}</td>
                    <td>
                      <div>{describePayload(item.payload) || <span className="kt-mono">{item.sourceRef}</span>}</div>
                      <div className="kt-table__secondary kt-mono">{item.sourceRef}</div>
                      {bankLineId && (
                        <div className="kt-exception__bank-links">
                          <button type="button" className="kt-button kt-button--small" data-testid="exception-bank-open" aria-expanded={expanded.has(item.id)}
                            onClick={() => toggle(item.id)}>{expanded.has(item.id) ? 'Hide the candidates' : item.status === 'open' ? 'Candidates & actions' : 'Show the line'}</button>
                          <a className="kt-table__secondary" href={href({ page: 'bank', line: bankLineId })}>On the Bank page</a>
                        </div>
                      )}
                    </td>
                    <td>{item.reason}</td>
                    <td>
                      {item.automationId ? names.get(item.automationId) ?? item.automationId : <span className="kt-muted">—</span>}
                      {item.runId && <div><a className="kt-table__secondary" href={href({ page: 'run', id: item.runId })}>View run</a></div>}
                    </td>
                    <td>
                      <span className={`kt-chip ${item.status === 'open' ? 'kt-chip--attention' : 'kt-chip--ok'}`}>{item.status === 'open' ? 'Open' : 'Resolved'}</span>
                      {item.resolution && <div className="kt-table__secondary" data-testid="exception-resolution">{item.resolution}</div>}
                    </td>
                    {can('ledger:write') && (
                      <td className="kt-nowrap">
                        {item.status === 'open' && (
                          <>
                            {runAgainTitle(item.sourceRef) && (
                              <button type="button" className="kt-button kt-button--small" disabled={busy === item.id} data-testid="exception-retry"
                                title={runAgainTitle(item.sourceRef)!} onClick={() => void retry(item)}>Run again</button>
                            )}{' '}
                            <button type="button" className="kt-button kt-button--small" data-testid="exception-resolve" onClick={() => setResolving(item)}>Resolve…</button>
                          </>
                        )}
                      </td>
                    )}
                  </tr>
                  {bankLineId && expanded.has(item.id) && (
                    <tr className="kt-exception-bank" data-testid="exception-bank-row">
                      <td colSpan={columns}>
                        <BankLinePanel lineId={bankLineId} history={false} onChanged={() => exceptions.reload()} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
      {resolving && <ResolveDialog item={resolving} onClose={() => setResolving(null)} onDone={() => { setResolving(null); exceptions.reload(); }} />}
    </div>
  );
}

function ResolveDialog({ item, onClose, onDone }: { item: ExceptionItem; onClose(): void; onDone(): void }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    setSaving(true);
    try {
      await api.resolveException(item.id, note.trim());
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Dialog title="Resolve the exception" testId="resolve-dialog" onClose={onClose} onSubmit={() => void submit()}
      lead={<>Say what was done about <span className="kt-mono">{item.sourceRef}</span> — it is kept with the exception and in the audit log.</>}>
      <label className="kt-field__label" htmlFor="resolve-note">What was done</label>
      <textarea id="resolve-note" className="kt-input" rows={3} value={note} data-testid="resolve-note" autoFocus
        placeholder="e.g. Booked by hand as A 12; the card fee rule will cover it from now on" onChange={(e) => setNote(e.target.value)} />
      <ErrorLine error={error} />
      <div className="kt-modal__actions">
        <button type="button" className="kt-button" onClick={onClose}>Cancel</button>
        <button type="submit" className="kt-button kt-button--primary" disabled={saving || !note.trim()} data-testid="resolve-submit">Resolve</button>
      </div>
    </Dialog>
  );
}
