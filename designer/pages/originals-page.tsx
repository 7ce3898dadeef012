/**
 * Originals, for auditors (BFL 7:2): every imported file and delivery as it
 * was received, byte for byte, with its SHA-256 and how long it is kept.
 * Each row downloads the exact bytes (a plain link: GET with the session).
 */
import { useState } from 'react';
import { api } from '../api/client.ts';
import { useApi } from '../api/use-api.ts';
import { describeActor, formatDateTime } from '../format.ts';
import { dayEndInstant, dayStartInstant } from '../ledger/periods.ts';
import { href, navigate } from '../router.ts';
import { SectionTabs, DateRangeFields } from './parts.tsx';
import { msg, t } from '../i18n/i18n.ts';

export interface OriginalsFilters { kind?: string; from?: string; to?: string }

export const auditTabs = (active: 'log' | 'originals') => (
  <SectionTabs label={msg('Audit')} active={`audit-tab-${active}`} tabs={[
    { label: msg('Audit log'), route: { page: 'audit' }, testId: 'audit-tab-log' },
    { label: msg('Originals'), route: { page: 'originals' }, testId: 'audit-tab-originals' },
  ]} />
);

const kinds: { kind: string; label: string }[] = [
  { kind: 'sie', label: msg('SIE files') },
  { kind: 'webhook-delivery', label: msg('Webhook deliveries') },
  { kind: 'bank-lines-request', label: msg('Bank lines sent to the API') },
  { kind: 'bank-statement', label: msg('Bank statement files') },
  { kind: 'voucher-attachment', label: msg('Files attached to vouchers') },
];
const kindLabel = (kind: string) => { const label = kinds.find((k) => k.kind === kind)?.label; return label ? t(label) : kind; };
const pageSize = 100;

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export function OriginalsPage({ filters }: { filters: OriginalsFilters }) {
  const [offset, setOffset] = useState(0);
  const key = JSON.stringify({ ...filters, offset });
  const page = useApi(() => api.originals({
    kind: filters.kind, limit: pageSize, offset,
    from: filters.from ? dayStartInstant(filters.from) : undefined, to: filters.to ? dayEndInstant(filters.to) : undefined,
  }), `originals:${key}`);
  const set = (patch: Partial<OriginalsFilters>) => { setOffset(0); navigate({ page: 'originals', ...filters, ...patch }); };
  const filtered = !!(filters.kind || filters.from || filters.to);
  const rows = page.data?.originals ?? [];
  return (
    <div className="kt-page kt-page--wide" data-testid="originals-page">
      <header className="kt-page__header">
        <div>
          <h1>{t('Audit log')}</h1>
          <p className="kt-page__lead">
            {t('Every imported file and delivery exactly as it was received, with its SHA-256. They are never changed, and kept at least until the end of the seventh year after their fiscal year ended (Bokföringslagen 7:2).')}
          </p>
        </div>
        <button type="button" className="kt-button" onClick={page.reload}>{t('Refresh')}</button>
      </header>
      {auditTabs('originals')}
      <div className="kt-filters" role="group" aria-label={t('Filter the originals')}>
        <div className="kt-filters__field">
          <label className="kt-field__label" htmlFor="originals-kind">{t('What')}</label>
          <select id="originals-kind" className="kt-input kt-select" value={filters.kind ?? ''} data-testid="originals-kind" onChange={(e) => set({ kind: e.target.value || undefined })}>
            <option value="">{t('Everything')}</option>
            {kinds.map((k) => <option key={k.kind} value={k.kind}>{t(k.label)}</option>)}
            {filters.kind && !kinds.some((k) => k.kind === filters.kind) && <option value={filters.kind}>{filters.kind}</option>}
          </select>
        </div>
        <DateRangeFields idPrefix="originals" fromLabel={t('Received from')} from={filters.from} to={filters.to} onChange={set} />
        {filtered && <button type="button" className="kt-button kt-button--ghost kt-filters__clear" onClick={() => { setOffset(0); navigate({ page: 'originals' }); }}>{t('Clear filters')}</button>}
      </div>
      {page.error && <div className="kt-empty kt-empty--error" role="alert">{t('Could not load the originals: {error}', { error: page.error.message })}</div>}
      {page.loading && !page.data && <div className="kt-loading">{t('Loading…')}</div>}
      {page.data && rows.length === 0 && <div className="kt-empty">{filtered ? <>{t('Nothing matches these filters —')} <a href={href({ page: 'originals' })}>{t('clear filters')}</a>.</> : <>{t('Nothing received yet. Every bank statement, SIE file and webhook delivery is kept here exactly as it arrived: import one on the Bank or SIE page.')} <a href={href({ page: 'bank' })}>{t('Bank')}</a> · <a href={href({ page: 'sie' })}>SIE</a></>}</div>}
      {rows.length > 0 && (
        <table className="kt-table" data-testid="originals-table">
          <thead><tr><th>{t('Received')}</th><th>{t('What')}</th><th>{t('By')}</th><th>{t('Size')}</th><th>SHA-256</th><th>{t('Kept until')}</th><th /></tr></thead>
          <tbody>
            {rows.map((o) => (
              <tr key={o.id} data-testid="original-row" data-kind={o.kind}>
                <td className="kt-nowrap">{formatDateTime(o.receivedAt)}</td>
                <td>
                  <span className="kt-table__primary">{kindLabel(o.kind)}</span>
                  {o.sourceRef && <div className="kt-table__secondary kt-mono">{o.sourceRef}</div>}
                </td>
                <td><span title={o.receivedBy}>{describeActor(o.receivedBy)}</span></td>
                <td className="kt-nowrap">{formatBytes(o.byteLength)}</td>
                <td className="kt-mono" title={o.sha256}>{o.sha256.slice(0, 16)}…</td>
                <td className="kt-nowrap" title={o.fiscalYearEnd ? t('fiscal year ending {date}', { date: o.fiscalYearEnd }) : t('fiscal year not known: counted from the date received')}>{o.retainUntil}</td>
                <td><a href={api.originalContentUrl(o.id)} download data-testid="original-download">{t('Download')}</a></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {page.data && (offset > 0 || page.data.nextOffset !== null) && (
        <div className="kt-page__tools">
          <button type="button" className="kt-button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - pageSize))}>{t('Newer')}</button>
          <button type="button" className="kt-button" disabled={page.data.nextOffset === null} onClick={() => setOffset(page.data?.nextOffset ?? offset)}>{t('Older')}</button>
        </div>
      )}
    </div>
  );
}
