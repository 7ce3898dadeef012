import { Fragment, useEffect, useState } from 'react';
import type { ExceptionItem } from '../../shared/api.ts';
import { parseSourceRef, runAgainTitle, sourceKindIds, sourceKinds, type SourceKindId } from '../../shared/sources.ts';
import { api } from '../api/client.ts';
import { actorOf, useCan, useSession } from '../api/session.ts';
import { BankLinePanel } from './bank-line-actions.tsx';
import { BookExceptionDialog, DismissExceptionDialog } from './exception-actions.tsx';
import { Dialog, ErrorLine, errorText } from './parts.tsx';
import { useApi, useReferenceData } from '../api/use-api.ts';
import { describeActor, formatDateTime, formatMinor } from '../format.ts';
import { href, navigate, type ExceptionFilters } from '../router.ts';
import { msg, t } from '../i18n/i18n.ts';
import { runStatusLabels } from './status.tsx';

/** A bank line or other payload in short: "−25,00 kr · AVGIFT BANKGIRO · 2026-11-30"; a delivery's lines by the first. */
function describePayload(payload: unknown): string {
  if (Array.isArray(payload)) {
    const first = describePayload(payload[0]);
    return first && payload.length > 1 ? t('{first} (and {count} more)', { first, count: payload.length - 1 }) : first;
  }
  if (!payload || typeof payload !== 'object') return '';
  const p = payload as Record<string, unknown>;
  // a webhook's event is its body; a manual run's, the event it was given
  if (p.payload && typeof p.payload === 'object' && !Array.isArray(p.payload) && typeof p.webhookId === 'string') return describePayload(p.payload);
  const parts: string[] = [];
  const amount = typeof p.amountMinor === 'number' ? p.amountMinor : p.totalMinor;
  if (typeof amount === 'number' && Number.isSafeInteger(amount)) {
    try { parts.push(formatMinor(amount, typeof p.currency === 'string' ? p.currency : 'SEK')); } catch { /* unknown currency */ }
  }
  if (typeof p.supplierName === 'string' && p.supplierName) parts.push(p.supplierName);
  if (typeof p.invoiceNumber === 'string' && p.invoiceNumber) parts.push(t('invoice {number}', { number: p.invoiceNumber }));
  if (typeof p.text === 'string' && p.text) parts.push(p.text);
  if (typeof p.note === 'string' && p.note) parts.push(p.note);
  for (const key of ['bookingDate', 'invoiceDate', 'date'] as const) {
    if (typeof p[key] === 'string') { parts.push(p[key] as string); break; }
  }
  if (!parts.length && typeof p.scheduledAt === 'string') parts.push(t('scheduled {at}', { at: p.scheduledAt.slice(0, 16).replace('T', ' ') }));
  return parts.join(' · ');
}

/** "bank-line:<id>" → the bank line's id; null for other sources. */
export function bankLineIdOf(ref: string | null | undefined): string | null {
  const parsed = ref ? parseSourceRef(ref) : null;
  return parsed?.kind === 'bank-line' ? parsed.parts[0] ?? null : null;
}

/** The kinds an inbox item can come from, as the filter offers them (the ledger's own sources never open one). */
const inboxKinds: SourceKindId[] = sourceKindIds.filter((k) => !['invoice', 'voucher', 'sie', 'manual-key'].includes(k));
const statusLabels = { open: msg('exception status::Open'), resolved: msg('Resolved'), dismissed: msg('Dismissed'), all: msg('Any status') } as const;

export function ExceptionsPage({ filters = {} }: { filters?: ExceptionFilters }) {
  const status = filters.status ?? 'open';
  const query = { status: status === 'all' ? undefined : status, kind: filters.kind, automationId: filters.automationId };
  const exceptions = useApi(() => api.exceptions(query), `exceptions:${JSON.stringify(query)}`);
  const openNow = useApi(() => api.exceptions({ status: 'open' }), 'exceptions:open-count');
  const automations = useReferenceData((s) => s.automations);
  useEffect(() => { if (!automations) void useReferenceData.getState().loadAutomations(); }, [automations]);
  const names = new Map((automations ?? []).map((a) => [a.id, a.name]));
  const items = [...(exceptions.data ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const openCount = openNow.data?.length;
  const self = actorOf(useSession((s) => s.me));
  const can = useCan();
  const [resolving, setResolving] = useState<ExceptionItem | null>(null);
  const [booking, setBooking] = useState<ExceptionItem | null>(null);
  const [dismissing, setDismissing] = useState<ExceptionItem | null>(null);
  const [notice, setNotice] = useState<{ text: string; error?: boolean } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const set = (patch: Partial<ExceptionFilters>) => navigate({ page: 'exceptions', ...filters, ...patch });
  const filtered = !!(filters.kind || filters.automationId || (filters.status && filters.status !== 'open'));
  const reload = () => { exceptions.reload(); openNow.reload(); };
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
        ? { text: t('Booked by {automation} v{version}; the exception is resolved.', { automation: names.get(posted.automationId) ?? posted.automationId, version: posted.automationVersion }) }
        : result.exception.status === 'resolved'
          ? { text: t('{resolution}; the exception is resolved.', { resolution: result.exception.resolution ?? t('Done') }) }
          : { text: t('Ran again: {runs}. Still open.', { runs: result.runs.map((r) => `${names.get(r.automationId) ?? r.automationId}: ${r.reason ?? t(runStatusLabels[r.status])}`).join('; ') || t('no published automation') }) });
      reload();
    } catch (error) {
      setNotice({ text: errorText(error), error: true });
    } finally {
      setBusy(null);
    }
  };
  const emptyText = filtered
    ? null
    : status === 'open'
      ? t('Nothing to look at: every event was handled. New exceptions appear here when an automation flags an event or nothing handles it.')
      : t('No exceptions with the status “{status}” yet.', { status: t(statusLabels[status]).toLowerCase() });
  return (
    <div className="kt-page" data-testid="exceptions-page">
      <header className="kt-page__header">
        <div>
          <h1>{t('Exceptions')}</h1>
          <p className="kt-page__lead">{t('What no automation handled, with the reason: book it, match it, or dismiss it here.')}{openCount !== undefined ? ` ${t('{count} open.', { count: openCount })}` : ''}</p>
        </div>
        <div className="kt-page__tools">
          <button type="button" className="kt-button" onClick={reload}>{t('Refresh')}</button>
        </div>
      </header>
      <div className="kt-filters" role="group" aria-label={t('Filter exceptions')}>
        <div className="kt-filters__field">
          <label className="kt-field__label" htmlFor="exceptions-status">{t('Status')}</label>
          <select id="exceptions-status" className="kt-input kt-select" value={status} data-testid="exceptions-status"
            onChange={(e) => set({ status: e.target.value === 'open' ? undefined : e.target.value as ExceptionFilters['status'] })}>
            {(Object.keys(statusLabels) as (keyof typeof statusLabels)[]).map((s) => <option key={s} value={s}>{t(statusLabels[s])}</option>)}
          </select>
        </div>
        <div className="kt-filters__field">
          <label className="kt-field__label" htmlFor="exceptions-kind">{t('Source')}</label>
          <select id="exceptions-kind" className="kt-input kt-select" value={filters.kind ?? ''} data-testid="exceptions-kind"
            onChange={(e) => set({ kind: (e.target.value || undefined) as SourceKindId | undefined })}>
            <option value="">{t('Any source')}</option>
            {inboxKinds.map((k) => <option key={k} value={k}>{t(sourceKinds[k].label)}</option>)}
          </select>
        </div>
        <div className="kt-filters__field">
          <label className="kt-field__label" htmlFor="exceptions-automation">{t('Automation')}</label>
          <select id="exceptions-automation" className="kt-input kt-select" value={filters.automationId ?? ''} data-testid="exceptions-automation"
            onChange={(e) => set({ automationId: e.target.value || undefined })}>
            <option value="">{t('Any automation')}</option>
            <option value="none">{t('None handled it')}</option>
            {(automations ?? []).map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
          </select>
        </div>
        {filtered && <a className="kt-button kt-button--ghost kt-filters__clear" href={href({ page: 'exceptions' })} data-testid="exceptions-clear">{t('Clear filters')}</a>}
      </div>
      {notice && <div className={`kt-notice ${notice.error ? 'kt-notice--error' : ''}`} role="status" data-testid="exceptions-notice">{notice.text}</div>}
      {exceptions.error && <div className="kt-empty kt-empty--error" role="alert">{t('Could not load exceptions: {error}', { error: exceptions.error.message })}</div>}
      {exceptions.loading && !exceptions.data && <div className="kt-loading">{t('Loading…')}</div>}
      {exceptions.data && items.length === 0 && (
        <div className="kt-empty" data-testid="exceptions-empty">
          {emptyText ?? <>{t('No exceptions match these filters —')} <a href={href({ page: 'exceptions' })}>{t('clear filters')}</a>.</>}
        </div>
      )}
      {items.length > 0 && (
        <table className="kt-table" data-testid="exceptions-table">
          <thead><tr><th>{t('Arrived')}</th><th>{t('What')}</th><th>{t('Reason')}</th><th>{t('Automation')}</th><th>{t('Status')}</th>{can('ledger:write') && <th />}</tr></thead>
          <tbody>
            {items.map((item) => {
              const bankLineId = bankLineIdOf(item.sourceRef);
              return (
                <Fragment key={item.id}>
                  <tr data-testid="exception-row" data-source-ref={item.sourceRef ?? undefined} data-status={item.status}>
                    <td className="kt-exception__arrived">{formatDateTime(item.createdAt).split(' ').map((part, i) => <div key={i} className={i ? 'kt-muted' : undefined}>{part}</div>)}</td>
                    <td>
                      {describePayload(item.payload) && <div>{describePayload(item.payload)}</div>}
                      <div className="kt-table__secondary kt-mono kt-exception__ref" title={item.sourceRef}>{item.sourceRef}</div>
                      {bankLineId && (
                        <div className="kt-exception__bank-links">
                          <button type="button" className="kt-button kt-button--small" data-testid="exception-bank-open" aria-expanded={expanded.has(item.id)}
                            onClick={() => toggle(item.id)}>{expanded.has(item.id) ? t('Hide the candidates') : item.status === 'open' ? t('Candidates & actions') : t('Show the line')}</button>
                          <a className="kt-table__secondary" href={href({ page: 'bank', line: bankLineId })}>{t('On the Bank page')}</a>
                        </div>
                      )}
                    </td>
                    <td className="kt-exception__reason">{item.reason}</td>
                    <td>
                      {item.automationId ? names.get(item.automationId) ?? item.automationId : <span className="kt-muted">{t('None handled it')}</span>}
                      {item.runId && <div><a className="kt-table__secondary" href={href({ page: 'run', id: item.runId })}>{t('View run')}</a></div>}
                    </td>
                    <td className="kt-exception__status">
                      <span className={`kt-chip ${item.status === 'open' ? 'kt-chip--attention' : item.status === 'dismissed' ? 'kt-chip--muted' : 'kt-chip--ok'}`}>
                        {t(statusLabels[item.status])}
                      </span>
                      {item.resolution && (
                        <div className="kt-exception__resolution" data-testid="exception-resolution">
                          {item.status === 'dismissed' ? `${t('Reason')}: ` : ''}{item.resolution}
                        </div>
                      )}
                      {item.resolvedBy && item.resolvedAt && (
                        <div className="kt-exception__resolution" data-testid="exception-resolved-by">
                          {describeActor(item.resolvedBy, { self })} · {formatDateTime(item.resolvedAt)}
                        </div>
                      )}
                    </td>
                    {can('ledger:write') && (
                      <td className="kt-exception__actions">
                        {item.status === 'open' && (
                          <div className="kt-exception__buttons">
                            {!bankLineId && (
                              <button type="button" className="kt-button kt-button--small kt-button--primary" data-testid="exception-book"
                                title={t('Post a voucher for it (prefilled, editable) and resolve it')} onClick={() => setBooking(item)}>{t('Book…')}</button>
                            )}
                            {runAgainTitle(item.sourceRef) && (
                              <button type="button" className="kt-button kt-button--small" disabled={busy === item.id} data-testid="exception-retry"
                                title={t(runAgainTitle(item.sourceRef)!)} onClick={() => void retry(item)}>{t('Run again')}</button>
                            )}
                            <button type="button" className="kt-button kt-button--small" data-testid="exception-dismiss"
                              title={t('Nothing to book: say why')} onClick={() => setDismissing(item)}>{t('Dismiss…')}</button>
                            <button type="button" className="kt-button kt-button--small kt-button--ghost" data-testid="exception-resolve"
                              title={t('Handled elsewhere: say what was done')} onClick={() => setResolving(item)}>{t('Resolve…')}</button>
                          </div>
                        )}
                      </td>
                    )}
                  </tr>
                  {bankLineId && expanded.has(item.id) && (
                    <tr className="kt-exception-bank" data-testid="exception-bank-row">
                      <td colSpan={columns}>
                        <BankLinePanel lineId={bankLineId} history={false} onChanged={() => reload()} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      )}
      {resolving && <ResolveDialog item={resolving} onClose={() => setResolving(null)} onDone={() => { setResolving(null); reload(); }} />}
      {booking && (
        <BookExceptionDialog item={booking} sourceLabel={describePayload(booking.payload) || booking.sourceRef} onClose={() => setBooking(null)}
          onDone={(result) => {
            setBooking(null);
            const others = result.resolvedExceptions.length - 1;
            setNotice({ text: others > 0
              ? t('Posted voucher {number}; the exception is resolved (and {count} more of the same source).', { number: result.voucherNumber, count: others })
              : t('Posted voucher {number}; the exception is resolved.', { number: result.voucherNumber }) });
            reload();
          }} />
      )}
      {dismissing && (
        <DismissExceptionDialog item={dismissing} sourceLabel={describePayload(dismissing.payload) || dismissing.sourceRef} onClose={() => setDismissing(null)}
          onDone={() => { setDismissing(null); setNotice({ text: t('Dismissed; the reason is kept with the exception.') }); reload(); }} />
      )}
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
    <Dialog title={t('Resolve the exception')} testId="resolve-dialog" onClose={onClose} onSubmit={() => void submit()}
      lead={<>{t('Say what was done about')} <span className="kt-mono">{item.sourceRef}</span> {t('— it is kept with the exception and in the audit log.')}</>}>
      <label className="kt-field__label" htmlFor="resolve-note">{t('What was done')}</label>
      <textarea id="resolve-note" className="kt-input" rows={3} value={note} data-testid="resolve-note" autoFocus
        placeholder={t('e.g. Booked by hand as A 12; the card fee rule will cover it from now on')} onChange={(e) => setNote(e.target.value)} />
      <ErrorLine error={error} />
      <div className="kt-modal__actions">
        <button type="button" className="kt-button" onClick={onClose}>{t('Cancel')}</button>
        <button type="submit" className="kt-button kt-button--primary" disabled={saving || !note.trim()} data-testid="resolve-submit">{t('Resolve')}</button>
      </div>
    </Dialog>
  );
}
