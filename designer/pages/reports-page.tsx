/**
 * Reports: trial balance, general ledger with a running balance, AR/AP open items with ageing, and the
 * balance sheet and income statement (laid out by the runtime, runtime/ledger/statement-layout.ts).
 * Each downloads as a CSV file for Swedish Excel.
 */
import { useEffect, useMemo, useState } from 'react';
import type { FinancialStatement, OpenItems, Period, TrialBalance } from '../../shared/api.ts';
import { api } from '../api/client.ts';
import { useApi, useReferenceData } from '../api/use-api.ts';
import { formatDate, formatMinor } from '../format.ts';
import { minorToBigInt, type ReportMinor } from '../../shared/money.ts';
import { clampRange, dateRangeOfPeriods, defaultPeriodRange, fiscalYearsOf, periodsOfYear, todayLocal } from '../ledger/periods.ts';
import { href, navigate } from '../router.ts';
import { saveFile, SectionTabs } from './parts.tsx';
import { msg, plural, t } from '../i18n/i18n.ts';

type ReportTab = 'trial-balance' | 'general-ledger' | 'open-items' | 'balance-sheet' | 'income-statement' | 'vat-return';

export function ReportsHeader({ active, lead }: { active: ReportTab; lead: string }) {
  return (
    <>
      <header className="kt-page__header">
        <div>
          <h1>{t('Reports')}</h1>
          <p className="kt-page__lead">{lead}</p>
        </div>
      </header>
      <SectionTabs label={msg('Reports')} active={`report-tab-${active}`} tabs={[
        { label: msg('Trial balance'), route: { page: 'trial-balance' }, testId: 'report-tab-trial-balance' },
        { label: msg('General ledger'), route: { page: 'general-ledger' }, testId: 'report-tab-general-ledger' },
        { label: msg('Open items & ageing'), route: { page: 'open-items', kind: 'ar' }, testId: 'report-tab-open-items' },
        { label: msg('Balance sheet'), route: { page: 'balance-sheet' }, testId: 'report-tab-balance-sheet' },
        { label: msg('Income statement'), route: { page: 'income-statement' }, testId: 'report-tab-income-statement' },
        { label: msg('VAT return'), route: { page: 'vat-return' }, testId: 'report-tab-vat-return' },
      ]} />
    </>
  );
}

function PeriodSelect({ id, value, periods, onChange, testId }: { id: string; value: string; periods: Period[]; onChange(value: string): void; testId: string }) {
  return (
    <select id={id} className="kt-input kt-select kt-input--period" value={value} data-testid={testId} onChange={(e) => onChange(e.target.value)}>
      {fiscalYearsOf(periods).map((year) => (
        <optgroup key={year} label={t('Fiscal year {year}', { year })}>
          {periodsOfYear(periods, year).map((p) => (
            <option key={p.period} value={p.period}>{p.period}{p.status === 'locked' ? ` ${t('(locked)')}` : ''}</option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}

/** BAS account classes, for grouping a trial balance. */
const accountClasses: { first: string; label: string }[] = [
  { first: '1', label: msg('Assets') },
  { first: '2', label: msg('Equity and liabilities') },
  { first: '3', label: msg('Revenue') },
  { first: '4', label: msg('Goods and materials') },
  { first: '5', label: msg('Other external expenses') },
  { first: '6', label: msg('Other external expenses') },
  { first: '7', label: msg('Personnel, depreciation') },
  { first: '8', label: msg('Financial items, appropriations and tax') },
];

function groupRows(rows: TrialBalance['rows']) {
  const groups: { key: string; label: string; name: string; rows: TrialBalance['rows'] }[] = [];
  for (const row of rows) {
    const cls = accountClasses.find((c) => row.account.startsWith(c.first));
    const key = cls?.first === '6' ? '5' : cls?.first ?? row.account[0];
    const name = cls ? t(cls.label) : t('Class {number}', { number: row.account[0] });
    const label = cls ? `${key === '5' ? '5–6' : key} ${name}` : name;
    const last = groups[groups.length - 1];
    if (last?.key === key) last.rows.push(row); else groups.push({ key, label, name, rows: [row] });
  }
  return groups;
}

// Report figures are numbers, or exact decimal strings beyond 2^53: summed and compared as BigInt.
const sum = (rows: TrialBalance['rows'], key: 'openingMinor' | 'debitMinor' | 'creditMinor' | 'closingMinor') => rows.reduce((s, r) => s + minorToBigInt(r[key]), 0n);
/** Signed amounts: debit positive, credit negative; zero shows as a dash. */
const signed = (minor: ReportMinor | bigint, currency: string) => (minorToBigInt(minor) === 0n ? '—' : formatMinor(minor, currency));
const plain = (minor: ReportMinor | bigint, currency: string) => (minorToBigInt(minor) === 0n ? '' : formatMinor(minor, currency));

export function TrialBalancePage({ from, to }: { from?: string; to?: string }) {
  const periods = useApi(api.periods, 'periods');
  const currency = useReferenceData((s) => s.company?.baseCurrency) ?? 'SEK';
  const range = useMemo(() => {
    if (from && to) return { from, to };
    return periods.data ? defaultPeriodRange(periods.data, todayLocal()) : null;
  }, [from, to, periods.data]);
  const report = useApi(() => (range ? api.trialBalance(range.from, range.to) : Promise.resolve(null)), `tb:${range?.from}:${range?.to}`);
  const pick = (next: { from: string; to: string }) => navigate({ page: 'trial-balance', ...(periods.data ? clampRange(periods.data, next.from, next.to) : next) });
  const data = report.data;
  const dates = range ? dateRangeOfPeriods(range.from, range.to) : null;
  const balanced = data ? data.totals.closingMinor === 0 && data.totals.debitMinor === data.totals.creditMinor : false;
  return (
    <div className="kt-page kt-page--wide" data-testid="trial-balance-page">
      <ReportsHeader active="trial-balance" lead={t('Opening balance, movements and closing balance per account. Debit is positive, credit negative.')} />
      <div className="kt-filters" role="group" aria-label={t('Period range')}>
        <div className="kt-filters__field">
          <label className="kt-field__label" htmlFor="tb-from">{t('From period')}</label>
          {periods.data && range && <PeriodSelect id="tb-from" value={range.from} periods={periods.data} testId="tb-from" onChange={(value) => pick({ from: value, to: range.to })} />}
        </div>
        <div className="kt-filters__field">
          <label className="kt-field__label" htmlFor="tb-to">{t('To period')}</label>
          {periods.data && range && <PeriodSelect id="tb-to" value={range.to} periods={periods.data.filter((p) => p.period >= range.from)} testId="tb-to" onChange={(value) => pick({ from: range.from, to: value })} />}
        </div>
        {data && <p className="kt-filters__note">{t('Fiscal year {year}', { year: data.fiscalYear })} · {dates && `${dates.from} – ${dates.to}`}</p>}
        {range && <DownloadCsv report="trial-balance" query={{ from: range.from, to: range.to }} fileName={`saldobalans-${range.from}-${range.to}.csv`} testId="tb-csv" />}
      </div>
      {(periods.error || report.error) && <div className="kt-empty kt-empty--error" role="alert">{t('Could not load the trial balance: {error}', { error: (periods.error ?? report.error)!.message })}</div>}
      {!data && !report.error && <div className="kt-loading">{t('Loading…')}</div>}
      {data && data.rows.length === 0 && <div className="kt-empty">{t('No postings in these periods. Choose other periods above, or post a voucher in the')} <a href={href({ page: 'ledger' })}>{t('Ledger')}</a>.</div>}
      {data && data.rows.length > 0 && (
        <table className="kt-table kt-report" data-testid="trial-balance-table">
          <thead>
            <tr><th className="kt-report__account">{t('Account')}</th><th>{t('Name')}</th><th className="kt-num">{t('Opening balance')}</th><th className="kt-num">{t('Debit')}</th><th className="kt-num">{t('Credit')}</th><th className="kt-num">{t('Closing balance')}</th></tr>
          </thead>
          {groupRows(data.rows).map((group) => (
            <tbody key={group.key}>
              <tr className="kt-report__group"><td colSpan={6}>{group.label}</td></tr>
              {group.rows.map((row) => (
                <tr key={row.account} data-testid="tb-row" data-account={row.account} data-closing={row.closingMinor}>
                  <td className="kt-report__account">
                    <a className="kt-account__number" data-testid="tb-account-link"
                      href={href({ page: 'general-ledger', account: row.account, from: dates?.from, to: dates?.to })}
                      title={t('General ledger of {account} {name}', { account: row.account, name: row.name })}>{row.account}</a>
                  </td>
                  <td>{row.name}</td>
                  <td className="kt-num">{signed(row.openingMinor, currency)}</td>
                  <td className="kt-num">{plain(row.debitMinor, currency)}</td>
                  <td className="kt-num">{plain(row.creditMinor, currency)}</td>
                  <td className={`kt-num kt-report__strong ${minorToBigInt(row.closingMinor) < 0n ? 'is-credit' : ''}`}>{signed(row.closingMinor, currency)}</td>
                </tr>
              ))}
              <tr className="kt-report__subtotal">
                <td /><td>{t('Sum {group}', { group: group.name.toLowerCase() })}</td>
                <td className="kt-num">{signed(sum(group.rows, 'openingMinor'), currency)}</td>
                <td className="kt-num">{plain(sum(group.rows, 'debitMinor'), currency)}</td>
                <td className="kt-num">{plain(sum(group.rows, 'creditMinor'), currency)}</td>
                <td className="kt-num">{signed(sum(group.rows, 'closingMinor'), currency)}</td>
              </tr>
            </tbody>
          ))}
          <tfoot>
            <tr className="kt-report__total" data-testid="tb-totals" data-closing={data.totals.closingMinor} data-debit={data.totals.debitMinor} data-credit={data.totals.creditMinor}>
              <td colSpan={2}>
                {t('Total')}{' '}
                {balanced
                  ? <span className="kt-chip kt-chip--ok" data-testid="tb-balanced">{t('Balanced')}</span>
                  : <span className="kt-chip kt-chip--error" data-testid="tb-unbalanced">{t('Out of balance')}</span>}
              </td>
              <td className="kt-num">{formatMinor(data.totals.openingMinor, currency)}</td>
              <td className="kt-num">{formatMinor(data.totals.debitMinor, currency)}</td>
              <td className="kt-num">{formatMinor(data.totals.creditMinor, currency)}</td>
              <td className="kt-num" data-testid="tb-total-closing">{formatMinor(data.totals.closingMinor, currency)}</td>
            </tr>
          </tfoot>
        </table>
      )}
    </div>
  );
}

export function GeneralLedgerPage({ account, from, to }: { account?: string; from?: string; to?: string }) {
  const accounts = useReferenceData((s) => s.accounts);
  const currency = useReferenceData((s) => s.company?.baseCurrency) ?? 'SEK';
  const periods = useApi(api.periods, 'periods');
  const range = useMemo(() => {
    if (from && to) return { from, to };
    const periodRange = periods.data ? defaultPeriodRange(periods.data, todayLocal()) : null;
    return periodRange ? dateRangeOfPeriods(periodRange.from, periodRange.to) : null;
  }, [from, to, periods.data]);
  const report = useApi(() => (account && range ? api.generalLedger(account, range.from, range.to) : Promise.resolve(null)),
    `gl:${account}:${range?.from}:${range?.to}`);
  const go = (next: { account?: string; from?: string; to?: string }) =>
    navigate({ page: 'general-ledger', account, from: range?.from, to: range?.to, ...next });
  const data = report.data;
  return (
    <div className="kt-page kt-page--wide" data-testid="general-ledger-page">
      <ReportsHeader active="general-ledger" lead={t('Every posting on one account, with the running balance. Each line opens its voucher.')} />
      <div className="kt-filters" role="group" aria-label={t('Account and dates')}>
        <div className="kt-filters__field kt-filters__field--grow">
          <label className="kt-field__label" htmlFor="gl-account">{t('Account')}</label>
          <select id="gl-account" className="kt-input kt-select" value={account ?? ''} data-testid="gl-account" onChange={(e) => go({ account: e.target.value || undefined })}>
            <option value="">{t('Choose an account…')}</option>
            {(accounts ?? []).map((a) => <option key={a.number} value={a.number}>{a.number} {a.name}</option>)}
          </select>
        </div>
        <div className="kt-filters__field">
          <label className="kt-field__label" htmlFor="gl-from">{t('From')}</label>
          <input id="gl-from" type="date" className="kt-input" value={range?.from ?? ''} data-testid="gl-from" onChange={(e) => e.target.value && go({ from: e.target.value })} />
        </div>
        <div className="kt-filters__field">
          <label className="kt-field__label" htmlFor="gl-to">{t('To')}</label>
          <input id="gl-to" type="date" className="kt-input" value={range?.to ?? ''} data-testid="gl-to" onChange={(e) => e.target.value && go({ to: e.target.value })} />
        </div>
        {account && range && <DownloadCsv report={`general-ledger/${account}`} query={{ from: range.from, to: range.to }} fileName={`huvudbok-${account}.csv`} testId="gl-csv" />}
      </div>
      {!account && <div className="kt-empty">{t('Choose an account to see its postings — or open one from the trial balance.')}</div>}
      {report.error && <div className="kt-empty kt-empty--error" role="alert">{t('Could not load the general ledger: {error}', { error: report.error.message })}</div>}
      {account && !data && !report.error && <div className="kt-loading">{t('Loading…')}</div>}
      {data && (
        <>
          <div className="kt-summary" data-testid="gl-summary">
            <div><span className="kt-run__label">{t('Account')}</span><strong>{data.account}</strong> {data.name}</div>
            <div><span className="kt-run__label">{t('Opening balance {date}', { date: formatDate(data.from) })}</span><span className="kt-num">{formatMinor(data.openingMinor, currency)}</span></div>
            <div><span className="kt-run__label">{t('Movement')}</span><span className="kt-num">{formatMinor(minorToBigInt(data.closingMinor) - minorToBigInt(data.openingMinor), currency)}</span></div>
            <div><span className="kt-run__label">{t('Closing balance {date}', { date: formatDate(data.to) })}</span><strong className="kt-num" data-testid="gl-closing">{formatMinor(data.closingMinor, currency)}</strong></div>
          </div>
          <table className="kt-table kt-report" data-testid="general-ledger-table">
            <thead><tr><th>{t('Date')}</th><th>{t('Voucher')}</th><th>{t('Text')}</th><th className="kt-num">{t('Debit')}</th><th className="kt-num">{t('Credit')}</th><th className="kt-num">{t('Balance')}</th></tr></thead>
            <tbody>
              <tr className="kt-report__opening"><td>{formatDate(data.from)}</td><td /><td>{t('Opening balance')}</td><td /><td /><td className="kt-num">{formatMinor(data.openingMinor, currency)}</td></tr>
              {data.entries.length === 0 && <tr><td colSpan={6} className="kt-muted">{t('No postings in this range.')}</td></tr>}
              {data.entries.map((entry, index) => (
                <tr key={`${entry.voucherId}-${index}`} data-testid="gl-entry">
                  <td className="kt-nowrap">{formatDate(entry.date)}</td>
                  <td className="kt-nowrap"><a href={href({ page: 'voucher', id: entry.voucherId })} data-testid="gl-voucher-link">{entry.series} {entry.number}</a></td>
                  <td>{entry.text}{entry.lineText && <span className="kt-table__secondary"> — {entry.lineText}</span>}</td>
                  <td className="kt-num">{plain(entry.debitMinor, currency)}</td>
                  <td className="kt-num">{plain(entry.creditMinor, currency)}</td>
                  <td className="kt-num kt-report__strong">{formatMinor(entry.balanceMinor, currency)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="kt-report__total">
                <td colSpan={3}>{t('Closing balance {date}', { date: formatDate(data.to) })}</td>
                <td className="kt-num">{formatMinor(data.entries.reduce((s, e) => s + minorToBigInt(e.debitMinor), 0n), currency)}</td>
                <td className="kt-num">{formatMinor(data.entries.reduce((s, e) => s + minorToBigInt(e.creditMinor), 0n), currency)}</td>
                <td className="kt-num">{formatMinor(data.closingMinor, currency)}</td>
              </tr>
            </tfoot>
          </table>
        </>
      )}
    </div>
  );
}

const buckets: { key: string; label: string }[] = [
  { key: 'not_due', label: msg('Not due') },
  { key: 'd0_30', label: msg('0–30 days') },
  { key: 'd31_60', label: msg('31–60 days') },
  { key: 'd61_90', label: msg('61–90 days') },
  { key: 'over_90', label: msg('Over 90 days') },
];
const bucketLabel = (key: string) => { const label = buckets.find((b) => b.key === key)?.label; return label ? t(label) : key; };

function AgeingCards({ data, currency }: { data: OpenItems; currency: string }) {
  return (
    <div className="kt-ageing" data-testid="ageing">
      {buckets.map((bucket) => (
        <div key={bucket.key} className={`kt-ageing__bucket kt-ageing__bucket--${bucket.key}`} data-testid={`ageing-${bucket.key}`}>
          <span className="kt-run__label">{t(bucket.label)}</span>
          <strong className="kt-num">{formatMinor(data.totals[bucket.key] ?? 0, currency)}</strong>
          <span className="kt-muted">{plural(data.items.filter((i) => i.bucket === bucket.key).length, '{count} invoice', '{count} invoices')}</span>
        </div>
      ))}
      <div className="kt-ageing__bucket kt-ageing__bucket--total" data-testid="ageing-total">
        <span className="kt-run__label">{t('Total open')}</span>
        <strong className="kt-num">{formatMinor(data.totalMinor, currency)}</strong>
        <span className="kt-muted">{plural(data.items.length, '{count} invoice', '{count} invoices')}</span>
      </div>
    </div>
  );
}

export function OpenItemsPage({ kind, asOf }: { kind: 'ar' | 'ap'; asOf?: string }) {
  const currency = useReferenceData((s) => s.company?.baseCurrency) ?? 'SEK';
  const report = useApi(() => api.openItems(kind, asOf), `open:${kind}:${asOf ?? ''}`);
  const data = report.data?.kind === kind ? report.data : undefined;
  const sorted = [...(data?.items ?? [])].sort((a, b) => b.daysOverdue - a.daysOverdue || a.counterpartyName.localeCompare(b.counterpartyName, 'sv'));
  const who = kind === 'ar' ? t('Customer') : t('Supplier');
  return (
    <div className="kt-page kt-page--wide" data-testid="open-items-page">
      <ReportsHeader active="open-items" lead={t('Unpaid invoices and how long they are overdue, on a given date.')} />
      <div className="kt-filters" role="group" aria-label={t('Open items')}>
        <div className="kt-segmented" role="tablist" aria-label={t('Customers or suppliers')}>
          {(['ar', 'ap'] as const).map((k) => (
            <a key={k} role="tab" aria-selected={k === kind} className={`kt-segmented__option ${k === kind ? 'is-active' : ''}`}
              href={href({ page: 'open-items', kind: k, asOf })} data-testid={`open-items-${k}`}>
              {k === 'ar' ? t('Customers (AR)') : t('Suppliers (AP)')}
            </a>
          ))}
        </div>
        <div className="kt-filters__field">
          <label className="kt-field__label" htmlFor="oi-as-of">{t('As of')}</label>
          <input id="oi-as-of" type="date" className="kt-input" data-testid="open-items-as-of" value={asOf ?? data?.asOf ?? ''}
            onChange={(e) => navigate({ page: 'open-items', kind, asOf: e.target.value || undefined })} />
        </div>
        <DownloadCsv report="open-items" query={{ kind, asOf: asOf ?? data?.asOf }} fileName={`reskontra-${kind}.csv`} testId="open-items-csv" />
      </div>
      {report.error && <div className="kt-empty kt-empty--error" role="alert">{t('Could not load open items: {error}', { error: report.error.message })}</div>}
      {!data && !report.error && <div className="kt-loading">{t('Loading…')}</div>}
      {data && <AgeingCards data={data} currency={currency} />}
      {data && sorted.length === 0 && <div className="kt-empty">{kind === 'ar' ? t('No open customer invoices on {date}.', { date: formatDate(data.asOf) }) : t('No open supplier invoices on {date}.', { date: formatDate(data.asOf) })} {kind === 'ar' ? t('Customer invoices appear here once issued; payments on the Bank page settle them.') : t('Supplier invoices appear here as they are booked; choose another date above to look back.')}</div>}
      {data && sorted.length > 0 && (
        <table className="kt-table kt-report" data-testid="open-items-table">
          <thead><tr><th>{who}</th><th>{t('Invoice')}</th><th>{t('open items column::Invoice date')}</th><th>{t('open items column::Due date')}</th><th className="kt-num">{t('Days overdue')}</th><th>{t('Age')}</th><th className="kt-num">{t('Invoiced')}</th><th className="kt-num">{t('open amount::Open')}</th></tr></thead>
          <tbody>
            {sorted.map((item) => (
              <tr key={item.id} data-testid="open-item" data-bucket={item.bucket}>
                <td><span className="kt-table__primary">{item.counterpartyName}</span><div className="kt-table__secondary">{item.counterpartyId}</div></td>
                <td className="kt-nowrap">{item.invoiceNumber}{item.ocrReference && <div className="kt-table__secondary">OCR {item.ocrReference}</div>}</td>
                <td className="kt-nowrap">{formatDate(item.invoiceDate)}</td>
                <td className="kt-nowrap">{formatDate(item.dueDate)}</td>
                <td className="kt-num">{item.daysOverdue > 0 ? item.daysOverdue : '—'}</td>
                <td><span className={`kt-chip kt-chip--age-${item.bucket}`}>{bucketLabel(item.bucket)}</span></td>
                <td className="kt-num">{formatMinor(item.totalMinor, item.currency)}</td>
                <td className="kt-num kt-report__strong">{formatMinor(item.openMinor, item.currency)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr className="kt-report__total">
              <td colSpan={6}>{t('Total open on {date}', { date: formatDate(data.asOf) })}</td>
              <td className="kt-num">{formatMinor(sorted.reduce((s, i) => s + minorToBigInt(i.totalMinor), 0n), currency)}</td>
              <td className="kt-num" data-testid="open-items-total">{formatMinor(data.totalMinor, currency)}</td>
            </tr>
          </tfoot>
        </table>
      )}
    </div>
  );
}

/** "Download CSV": the report as a file (UTF-8 with BOM, semicolons, decimal comma — opens in Swedish Excel). */
function DownloadCsv({ report, query, fileName, testId }: { report: string; query: Record<string, string | undefined>; fileName: string; testId: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const file = await api.downloadReportCsv(report, query);
      saveFile(file.blob, file.fileName ?? fileName);
    } catch (thrown) {
      setError(thrown instanceof Error ? thrown.message : String(thrown));
    } finally { setBusy(false); }
  };
  return (
    <div className="kt-filters__download">
      <button type="button" className="kt-button" disabled={busy} data-testid={testId} onClick={() => void download()}
        title={t('A CSV file for Excel: UTF-8, semicolon-separated, decimal comma')}>
        {busy ? t('Preparing…') : t('Download CSV')}
      </button>
      {error && <span className="kt-field__error" role="alert">{error}</span>}
    </div>
  );
}

/** "Print / PDF": the browser prints the statement alone (designer/styles.css @media print); "Save as PDF" makes the file. */
function PrintButton({ testId }: { testId: string }) {
  return (
    <div className="kt-filters__download">
      <button type="button" className="kt-button kt-button--ghost" data-testid={testId} onClick={() => window.print()}
        title={t('Print the statement, or choose “Save as PDF” in the print dialog')}>{t('Print / PDF')}</button>
    </div>
  );
}

/** The title printed above a statement: what, for whom, which periods. */
function PrintTitle({ data }: { data: FinancialStatement }) {
  const company = useReferenceData((s) => s.company);
  return (
    <h2 className="kt-print-only">
      {data.title} {data.fromPeriod}–{data.toPeriod} · {company?.name}{company?.orgNumber ? ` (${company.orgNumber})` : ''}
    </h2>
  );
}

const dimensionChoices = [{ number: '1', label: msg('Cost centre (1)') }, { number: '6', label: msg('Project (6)') }];

/** Dimension filter: a dimension and an object code, e.g. cost centre 100 or project P1 ("1:100", "6:P1"). */
function DimensionFilter({ value, onChange }: { value?: string; onChange(value: string | undefined): void }) {
  const [dimension, object] = value ? [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)] : ['', ''];
  const [draft, setDraft] = useState(object);
  const [chosen, setChosen] = useState(dimension || '1');
  useEffect(() => { setDraft(object); if (dimension) setChosen(dimension); }, [dimension, object]);
  const apply = (nextDimension: string, nextObject: string) => onChange(nextObject.trim() ? `${nextDimension}:${nextObject.trim()}` : undefined);
  return (
    <>
      <div className="kt-filters__field">
        <label className="kt-field__label" htmlFor="statement-dimension">{t('Dimension')}</label>
        <select id="statement-dimension" className="kt-input kt-select" value={chosen} data-testid="statement-dimension"
          onChange={(e) => { setChosen(e.target.value); if (draft.trim()) apply(e.target.value, draft); }}>
          {dimensionChoices.map((d) => <option key={d.number} value={d.number}>{t(d.label)}</option>)}
        </select>
      </div>
      <form className="kt-filters__field" onSubmit={(e) => { e.preventDefault(); apply(chosen, draft); }}>
        <label className="kt-field__label" htmlFor="statement-object">{t('Object (empty: all)')}</label>
        <input id="statement-object" className="kt-input kt-input--compact" value={draft} placeholder={t('e.g. 100 or P1')} data-testid="statement-object"
          onChange={(e) => setDraft(e.target.value)} onBlur={() => { if (draft.trim() !== object) apply(chosen, draft); }} />
      </form>
    </>
  );
}

const statementRowClass: Record<FinancialStatement['rows'][number]['kind'], string> = {
  section: 'kt-statement__section', group: 'kt-statement__group', account: 'kt-statement__account', year_result: 'kt-statement__account kt-statement__year-result',
  group_total: 'kt-report__subtotal', section_total: 'kt-statement__total', subtotal: 'kt-statement__subtotal',
};

/** The statement as laid out by the runtime; an empty column (no previous year) stays blank, zero shows as a dash. */
function StatementTable({ data, currency, testId }: { data: FinancialStatement; currency: string; testId: string }) {
  const cell = (minor: ReportMinor | null | undefined) => (minor === null || minor === undefined ? '' : signed(minor, currency));
  return (
    <table className="kt-table kt-report kt-statement" data-testid={testId}>
      <thead>
        <tr>
          <th className="kt-report__account">{t('Account')}</th><th>{t('Name')}</th>
          {data.columns.map((c) => <th key={c.key} className="kt-num" data-testid={`statement-column-${c.key}`}>{c.label}</th>)}
        </tr>
      </thead>
      <tbody>
        {data.rows.map((row, index) => {
          const heading = row.kind === 'section' || row.kind === 'group';
          return (
            <tr key={`${row.kind}-${row.key}-${index}`} className={statementRowClass[row.kind]} data-testid={`statement-${row.kind}`}
              data-key={row.key} data-account={row.account ?? undefined}>
              <td className="kt-report__account">{row.account}</td>
              <td style={{ paddingLeft: 14 + row.level * 14 }}>{row.label}</td>
              {data.columns.map((c) => (
                <td key={c.key} className="kt-num" data-column={c.key} data-minor={heading ? undefined : String(row.amounts[c.key] ?? '')}>
                  {heading ? '' : cell(row.amounts[c.key])}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function StatementNote({ data }: { data: FinancialStatement }) {
  const previous = data.previous
    ? t('Previous year: fiscal year {year} {from} – {to}', { year: data.previous.fiscalYear, from: data.previous.fromPeriod ?? '', to: data.previous.toPeriod }).replace('  ', ' ')
    : t('No previous fiscal year');
  return (
    <p className="kt-filters__note" data-testid="statement-note">
      {t('Fiscal year {year}', { year: data.fiscalYear })} · {previous}
      {data.dimension && ` · ${data.dimension.dimension === 1 ? t('Cost centre') : data.dimension.dimension === 6 ? t('Project') : t('Dimension {number}', { number: data.dimension.dimension })} ${data.dimension.object} ${data.dimension.name}`}
    </p>
  );
}

export function BalanceSheetPage({ to, dimension }: { to?: string; dimension?: string }) {
  const periods = useApi(api.periods, 'periods');
  const currency = useReferenceData((s) => s.company?.baseCurrency) ?? 'SEK';
  const at = to ?? (periods.data ? defaultPeriodRange(periods.data, todayLocal())?.to : undefined);
  const report = useApi(() => (at ? api.balanceSheet(at, dimension) : Promise.resolve(null)), `bs:${at}:${dimension ?? ''}`);
  const data = report.error ? undefined : report.data;
  const balanced = data ? Object.values(data.differenceMinor).every((d) => d === null || minorToBigInt(d) === 0n) : false;
  return (
    <div className="kt-page kt-page--wide" data-testid="balance-sheet-page">
      <ReportsHeader active="balance-sheet" lead={t('Balansräkning at the end of a period: opening balance, change, closing balance, and the previous year at the same point. The year\'s result so far is a line in equity.')} />
      <div className="kt-filters" role="group" aria-label={t('Balance sheet')}>
        <div className="kt-filters__field">
          <label className="kt-field__label" htmlFor="bs-to">{t('At the end of')}</label>
          {periods.data && at && <PeriodSelect id="bs-to" value={at} periods={periods.data} testId="bs-to" onChange={(value) => navigate({ page: 'balance-sheet', to: value, dimension })} />}
        </div>
        <DimensionFilter value={dimension} onChange={(value) => navigate({ page: 'balance-sheet', to: at, dimension: value })} />
        {data && <StatementNote data={data} />}
        {at && <DownloadCsv report="balance-sheet" query={{ to: at, dimension }} fileName={`balansrakning-${at}.csv`} testId="bs-csv" />}
        {data && <PrintButton testId="bs-print" />}
      </div>
      {(periods.error || report.error) && <div className="kt-empty kt-empty--error" role="alert">{t('Could not load the balance sheet: {error}', { error: (periods.error ?? report.error)!.message })}</div>}
      {!data && !report.error && <div className="kt-loading">{t('Loading…')}</div>}
      {data && (
        <>
          <div className="kt-statement__status">
            {data.openingBalancesIncluded
              ? (balanced
                ? <span className="kt-chip kt-chip--ok" data-testid="bs-balanced">{t('Balanced: assets = equity and liabilities')}</span>
                : <span className="kt-chip kt-chip--error" data-testid="bs-unbalanced">{t('Out of balance by {amount}', { amount: formatMinor(data.differenceMinor.closing ?? 0, currency) })}</span>)
              : <span className="kt-chip" data-testid="bs-filtered">{t('Filtered by an object: movements only, opening balances are not kept per object')}</span>}
          </div>
          <PrintTitle data={data} />
          <StatementTable data={data} currency={currency} testId="balance-sheet-table" />
          {data?.previousFromImport && <p className="kt-muted kt-footnote" data-testid="previous-from-import">{t('The previous year has no vouchers here: its figures are the closing balances and results of the imported SIE file (whole year only).')}</p>}
        </>
      )}
    </div>
  );
}

export function IncomeStatementPage({ from, to, dimension }: { from?: string; to?: string; dimension?: string }) {
  const periods = useApi(api.periods, 'periods');
  const currency = useReferenceData((s) => s.company?.baseCurrency) ?? 'SEK';
  const range = useMemo(() => {
    if (from && to) return { from, to };
    const fallback = periods.data ? defaultPeriodRange(periods.data, todayLocal()) : null;
    return fallback ? { from: from ?? to ?? fallback.to, to: to ?? from ?? fallback.to } : null;
  }, [from, to, periods.data]);
  const report = useApi(() => (range ? api.incomeStatement(range.from, range.to, dimension) : Promise.resolve(null)), `is:${range?.from}:${range?.to}:${dimension ?? ''}`);
  const data = report.error ? undefined : report.data;
  const pick = (next: { from: string; to: string }) =>
    navigate({ page: 'income-statement', ...(periods.data ? clampRange(periods.data, next.from, next.to) : next), dimension });
  return (
    <div className="kt-page kt-page--wide" data-testid="income-statement-page">
      <ReportsHeader active="income-statement" lead={t('Resultaträkning for the chosen periods and the year to date, with the same periods of the previous year beside. Income is positive, costs negative.')} />
      <div className="kt-filters" role="group" aria-label={t('Income statement')}>
        <div className="kt-filters__field">
          <label className="kt-field__label" htmlFor="is-from">{t('From period')}</label>
          {periods.data && range && <PeriodSelect id="is-from" value={range.from} periods={periods.data} testId="is-from" onChange={(value) => pick({ from: value, to: range.to })} />}
        </div>
        <div className="kt-filters__field">
          <label className="kt-field__label" htmlFor="is-to">{t('To period')}</label>
          {periods.data && range && <PeriodSelect id="is-to" value={range.to} periods={periods.data.filter((p) => p.period >= range.from)} testId="is-to" onChange={(value) => pick({ from: range.from, to: value })} />}
        </div>
        <DimensionFilter value={dimension} onChange={(value) => navigate({ page: 'income-statement', from: range?.from, to: range?.to, dimension: value })} />
        {data && <StatementNote data={data} />}
        {range && <DownloadCsv report="income-statement" query={{ from: range.from, to: range.to, dimension }} fileName={`resultatrakning-${range.from}-${range.to}.csv`} testId="is-csv" />}
        {data && <PrintButton testId="is-print" />}
      </div>
      {(periods.error || report.error) && <div className="kt-empty kt-empty--error" role="alert">{t('Could not load the income statement: {error}', { error: (periods.error ?? report.error)!.message })}</div>}
      {!data && !report.error && <div className="kt-loading">{t('Loading…')}</div>}
      {data && <PrintTitle data={data} />}
      {data && <StatementTable data={data} currency={currency} testId="income-statement-table" />}
      {data?.previousFromImport && <p className="kt-muted kt-footnote" data-testid="previous-from-import">{t('The previous year has no vouchers here: its figures are the closing balances and results of the imported SIE file (whole year only).')}</p>}
    </div>
  );
}
