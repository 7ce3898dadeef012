/**
 * Bank: import a statement file (camt.053/054, BgMax, CSV) with its upload progress, then the bank
 * lines with their outcomes — settled invoices, bank rules, exceptions — filtered and paged; a line
 * opens a panel to match, split or book it (bank-line-actions.tsx).
 */
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { bankLineOutcomeKinds, type BankLineOutcomeKind, type BankReconciliationAccount, type BankStatementImport } from '../../shared/api.ts';
import { api, StatementUploadError, uploadStatement } from '../api/client.ts';
import { useCan } from '../api/session.ts';
import { useApi } from '../api/use-api.ts';
import { usePoll } from '../api/use-poll.ts';
import { formatDate, formatMinor } from '../format.ts';
import { todayLocal } from '../ledger/periods.ts';
import { href, navigate, type BankFilters, type BankLineStatus } from '../router.ts';
import { BankLinePanel, BankOutcomeBadge, bankOutcomeLabels } from './bank-line-actions.tsx';
import { DateRangeFields, ErrorLine, SectionTabs } from './parts.tsx';
import { msg, plural, t } from '../i18n/i18n.ts';

const pageSize = 50;

const bankTabs = (active: 'lines' | 'reconciliation') => (
  <SectionTabs label={msg('Bank')} active={`bank-tab-${active}`} tabs={[
    { label: msg('Statements & lines'), route: { page: 'bank' }, testId: 'bank-tab-lines' },
    { label: msg('Reconciliation'), route: { page: 'bank-reconciliation' }, testId: 'bank-tab-reconciliation' },
  ]} />
);

const statusLabels: Record<BankLineStatus, string> = { received: msg('Not yet run'), handled: msg('Handled'), unhandled: msg('Needs a person') };

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toLocaleString('sv-SE', { maximumFractionDigits: 1 })} kB`;
  return `${(bytes / 1024 / 1024).toLocaleString('sv-SE', { maximumFractionDigits: 1 })} MB`;
}

export function BankPage({ filters }: { filters: BankFilters }) {
  const can = useCan();
  const { line: openLine, ...listFilters } = filters;
  const [offset, setOffset] = useState(0);
  const listKey = JSON.stringify(listFilters);
  useEffect(() => setOffset(0), [listKey]);
  const lines = useApi(() => api.bankLines({ ...listFilters, limit: pageSize, offset }), `bank-lines:${listKey}:${offset}`);
  const statementList = useApi(() => api.bankStatements(), 'bank-statements');
  const [q, setQ] = useState(filters.q ?? '');
  useEffect(() => setQ(filters.q ?? ''), [filters.q]);
  const set = (patch: Partial<BankFilters>) => navigate({ page: 'bank', ...filters, line: undefined, ...patch });
  const open = (id: string | undefined) => navigate({ page: 'bank', ...filters, line: id }, { replace: true });
  const filtered = Object.values(listFilters).some(Boolean);
  useEffect(() => {
    if (!openLine) return;
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') navigate({ page: 'bank', ...filters, line: undefined }, { replace: true }); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openLine, filters]);
  const statements = statementList.data ?? [];

  // A queued import: the worker runs the automations; refresh until no line waits.
  const waiting = (lines.data?.lines ?? []).some((l) => l.outcome.kind === 'pending');
  const [polling, setPolling] = useState(false);
  const dataWhenQueued = useRef<unknown>(null);
  useEffect(() => {
    // Stop once a list loaded after the import shows no line waiting.
    if (polling && !lines.loading && lines.data !== dataWhenQueued.current && !waiting) setPolling(false);
  }, [polling, waiting, lines.data, lines.loading]);
  // Asks again after 0.4, 0.8, 1.6, 3.2 and then every 5 s, not while the tab is hidden; gives up after 10 minutes (Refresh stays).
  usePoll(polling, lines.reload, { onGiveUp: () => setPolling(false) });

  const counts = lines.data?.counts ?? {};
  const shown = lines.data?.lines ?? [];
  const total = lines.data?.total ?? 0;
  return (
    <div className="kt-page kt-page--wide" data-testid="bank-page">
      <header className="kt-page__header">
        <div>
          <h1>{t('Bank')}</h1>
          <p className="kt-page__lead">{t('Statements in; every line booked by itself — payments settle their invoices, rules book fees and interest. Work only what deviates.')}</p>
        </div>
        <div className="kt-page__tools">
          <a className="kt-button" href={href({ page: 'bank', outcome: 'exception' })} data-testid="bank-show-exceptions">{t('bank lines::Exceptions')}{counts.exception ? ` (${counts.exception})` : ''}</a>
          <button type="button" className="kt-button" onClick={lines.reload}>{t('Refresh')}</button>
        </div>
      </header>
      {bankTabs('lines')}
      {can('events:write') && (
        <StatementImport onImported={(result) => {
          statementList.reload();
          if (result.queued) { dataWhenQueued.current = lines.data; setPolling(true); }
          lines.reload();
        }} />
      )}
      <form className="kt-filters" role="group" aria-label={t('Filter bank lines')} onSubmit={(e) => { e.preventDefault(); set({ q: q.trim() || undefined }); }}>
        <div className="kt-filters__field">
          <label className="kt-field__label" htmlFor="bank-status">{t('Status')}</label>
          <select id="bank-status" className="kt-input kt-select" value={filters.status ?? ''} data-testid="bank-status"
            onChange={(e) => set({ status: (e.target.value || undefined) as BankLineStatus | undefined })}>
            <option value="">{t('Any status')}</option>
            {(Object.keys(statusLabels) as BankLineStatus[]).map((s) => <option key={s} value={s}>{t(statusLabels[s])}</option>)}
          </select>
        </div>
        <div className="kt-filters__field kt-bank-statement-field">
          <label className="kt-field__label" htmlFor="bank-statement">{t('Statement')}</label>
          <select id="bank-statement" className="kt-input kt-select" value={filters.statementId ?? ''} data-testid="bank-statement"
            onChange={(e) => set({ statementId: e.target.value || undefined })}>
            <option value="">{t('Any statement')}</option>
            {filters.statementId && !statements.some((s) => s.statementId === filters.statementId) && <option value={filters.statementId}>{filters.statementId}</option>}
            {statements.map((s) => (
              <option key={`${s.bankAccount}:${s.statementId}`} value={s.statementId}>
                {s.statementId} · {s.fromDate === s.toDate ? formatDate(s.toDate) : `${formatDate(s.fromDate)}–${formatDate(s.toDate)}`} · {plural(s.lines, '{count} line', '{count} lines')}
              </option>
            ))}
          </select>
        </div>
        <DateRangeFields idPrefix="bank" from={filters.from} to={filters.to} fromLabel={t('Booked from')} onChange={set} />
        <div className="kt-filters__field kt-filters__field--grow">
          <label className="kt-field__label" htmlFor="bank-q">{t('Search')}</label>
          <input id="bank-q" className="kt-input" value={q} placeholder={t('Text, reference, payer or line id — press Enter')} data-testid="bank-q"
            onChange={(e) => setQ(e.target.value)} onBlur={() => { if ((filters.q ?? '') !== q.trim()) set({ q: q.trim() || undefined }); }} />
        </div>
        {filtered && <a className="kt-button kt-button--ghost kt-filters__clear" href={href({ page: 'bank' })}>{t('Clear filters')}</a>}
      </form>
      <div className="kt-bank-chips" role="group" aria-label={t('Outcome')} data-testid="bank-outcome-chips">
        <button type="button" className={`kt-filter-chip ${!filters.outcome ? 'is-active' : ''}`} aria-pressed={!filters.outcome}
          data-testid="bank-chip-all" onClick={() => set({ outcome: undefined })}>{t('All')} <span className="kt-filter-chip__count">{Object.values(counts).reduce((a, b) => a + b, 0)}</span></button>
        {bankLineOutcomeKinds.filter((kind) => counts[kind] || filters.outcome === kind).map((kind) => (
          <button key={kind} type="button" className={`kt-filter-chip kt-filter-chip--${kind} ${filters.outcome === kind ? 'is-active' : ''}`} aria-pressed={filters.outcome === kind}
            data-testid={`bank-chip-${kind}`} onClick={() => set({ outcome: filters.outcome === kind ? undefined : kind as BankLineOutcomeKind })}>
            {t(bankOutcomeLabels[kind])} <span className="kt-filter-chip__count" data-testid="bank-chip-count">{counts[kind] ?? 0}</span>
          </button>
        ))}
      </div>
      {lines.error && <div className="kt-empty kt-empty--error" role="alert">{t('Could not load bank lines: {error}', { error: lines.error.message })}</div>}
      {lines.loading && !lines.data && <div className="kt-loading">{t('Loading…')}</div>}
      {polling && <div className="kt-notice kt-notice--info" role="status" data-testid="bank-processing">{t('Lines are being processed; the list refreshes by itself.')}</div>}
      {lines.data && shown.length === 0 && (
        <div className="kt-empty" data-testid="bank-empty">{filtered || filters.outcome ? <>{t('No bank lines match these filters —')} <a href={href({ page: 'bank' })}>{t('clear filters')}</a>.</> : t('No bank lines yet. Import a statement above, or send lines to POST …/bank-lines.')}</div>
      )}
      {shown.length > 0 && (
        <table className="kt-table kt-bank-table" data-testid="bank-lines-table">
          <thead><tr><th>{t('Booked')}</th><th className="kt-num">{t('Amount')}</th><th>{t('Counterparty')}</th><th>{t('Text / reference')}</th><th>{t('Outcome')}</th></tr></thead>
          <tbody>
            {shown.map((line) => (
              <tr key={line.id} data-testid="bank-line-row" data-line-id={line.id} data-kind={line.outcome.kind}
                className={`kt-bank-table__row ${openLine === line.id ? 'is-selected' : ''}`} onClick={() => open(line.id)}>
                <td className="kt-nowrap">
                  <a href={href({ page: 'bank', ...filters, line: line.id })} data-testid="bank-line-open" onClick={(e) => { e.preventDefault(); e.stopPropagation(); open(line.id); }}>
                    {formatDate(line.bookingDate)}
                  </a>
                </td>
                <td className={`kt-num ${line.amountMinor < 0 ? 'kt-amount--out' : ''}`} data-testid="bank-line-amount">{formatMinor(line.amountMinor, line.currency)}
                  {line.currency !== 'SEK' && <span className="kt-chip kt-bank-table__currency" data-testid="bank-line-currency" title={t('The line is in {currency}: it is booked at the rate for its day', { currency: line.currency })}>{line.currency}</span>}</td>
                <td className="kt-bank-table__party">{line.counterparty ?? <span className="kt-muted">—</span>}</td>
                <td className="kt-bank-table__text">
                  <div>{line.text || <span className="kt-muted">—</span>}</div>
                  {line.reference && <div className="kt-table__secondary kt-mono">{line.reference}</div>}
                </td>
                <td><BankOutcomeBadge outcome={line.outcome} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {lines.data && total > 0 && (
        <div className="kt-pager" data-testid="bank-pager">
          <span className="kt-muted">{t('Lines {from}–{to} of {total}', { from: Math.min(offset + 1, total), to: Math.min(offset + pageSize, total), total: total.toLocaleString('sv-SE') })}</span>
          <button type="button" className="kt-button kt-button--small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - pageSize))}>{t('Previous')}</button>
          <button type="button" className="kt-button kt-button--small" disabled={offset + pageSize >= total} onClick={() => setOffset(offset + pageSize)}>{t('Next')}</button>
        </div>
      )}
      {openLine && (
        <aside className="kt-drawer" role="dialog" aria-label={t('Bank line {id}', { id: openLine })} data-testid="bank-line-drawer">
          <div className="kt-drawer__head">
            <h2>{t('Bank line')}</h2>
            <button type="button" className="kt-icon-button" aria-label={t('Close')} data-testid="bank-line-close" onClick={() => open(undefined)}>×</button>
          </div>
          <BankLinePanel key={openLine} lineId={openLine} onChanged={lines.reload} />
        </aside>
      )}
    </div>
  );
}

/** Drop or pick a statement file, see it upload, then what it brought or why it was refused. */
function StatementImport({ onImported }: { onImported(result: BankStatementImport): void }) {
  const accounts = useApi(api.bankAccounts, 'bank-accounts');
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [bankAccount, setBankAccount] = useState('');
  const [dragging, setDragging] = useState(false);
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ file: string; answer: BankStatementImport } | null>(null);
  const [refusal, setRefusal] = useState<StatementUploadError | null>(null);
  const [error, setError] = useState<unknown>(null);
  const choose = (chosen: File | null) => { setFile(chosen); setResult(null); setRefusal(null); setError(null); setProgress(null); };
  const csv = file ? /\.(csv|txt)$/i.test(file.name) : false;
  const needsAccount = csv || refusal?.refusal?.error === 'bank_account_required' || refusal?.refusal?.error === 'unknown_bank_account';
  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setResult(null);
    setRefusal(null);
    setError(null);
    setProgress({ sent: 0, total: file.size });
    try {
      const answer = await uploadStatement(file, { bankAccount: bankAccount || undefined, onProgress: (sent, total) => setProgress({ sent, total }) });
      setResult({ file: file.name, answer });
      onImported(answer);
    } catch (thrown) {
      if (thrown instanceof StatementUploadError && thrown.status >= 400 && thrown.status < 500 && thrown.status !== 401 && thrown.status !== 403) setRefusal(thrown);
      else setError(thrown);
    } finally { setBusy(false); }
  };
  // No file at hand: the server writes an example statement from the company's open invoices; it is imported like any file.
  const useExample = async () => {
    setError(null);
    try {
      const { blob, fileName } = await api.exampleStatement(bankAccount || undefined);
      choose(new File([blob], fileName ?? 'example-statement.xml', { type: 'application/xml' }));
    } catch (thrown) { setError(thrown); }
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files?.[0];
    if (dropped && !busy) choose(dropped);
  };
  const percentSent = progress && progress.total > 0 ? Math.min(100, Math.round((progress.sent / progress.total) * 100)) : 0;
  return (
    <section className="kt-card-panel kt-bank-import" data-testid="bank-import">
      <h2>{t('Import a statement')}</h2>
      <div className={`kt-dropzone ${dragging ? 'is-dragging' : ''} ${file ? 'has-file' : ''}`} data-testid="bank-drop-zone"
        onDragOver={(e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; setDragging(true); }}
        onDragLeave={() => setDragging(false)} onDrop={onDrop}>
        <input ref={input} id="bank-file" type="file" className="kt-sr-only" accept=".xml,.053,.054,.txt,.csv,.bgm,.bgmax" data-testid="bank-file"
          onChange={(e) => { choose(e.target.files?.[0] ?? null); e.target.value = ''; }} />
        {file
          ? <span data-testid="bank-file-name"><strong>{file.name}</strong> <span className="kt-muted">· {formatBytes(file.size)}</span></span>
          : <span>{t('Drop a camt.053/054, BgMax or CSV file here, or')} <label htmlFor="bank-file" className="kt-dropzone__pick">{t('choose a file')}</label>.</span>}
        {file && !busy && <label htmlFor="bank-file" className="kt-dropzone__pick">{t('Choose another')}</label>}
      </div>
      {!file && !busy && (
        <p className="kt-muted kt-bank-import__example">
          {t('No statement at hand?')} <button type="button" className="kt-link" data-testid="bank-example" onClick={() => void useExample()}>{t('Use an example statement')}</button>
          {' '}{t('made from your open invoices: it pays some in full or in part, brings a payment nobody can place, a bank fee, interest and a tax-account transfer. Then press Import.')}
        </p>
      )}
      <div className="kt-filters kt-filters--flat kt-bank-import__controls">
        <div className="kt-filters__field">
          <label className="kt-field__label" htmlFor="bank-import-account">{t('Bank account')}</label>
          <select id="bank-import-account" className={`kt-input kt-select ${needsAccount && !bankAccount ? 'is-invalid' : ''}`} value={bankAccount} data-testid="bank-import-account"
            onChange={(e) => setBankAccount(e.target.value)}>
            <option value="">{csv ? t('Choose the account…') : t('As the file names it')}</option>
            {(accounts.data ?? []).map((a) => <option key={a.id} value={a.id}>{a.name} · {a.ledgerAccount}{a.iban ? ` · ${a.iban}` : a.bankgiro ? ` · bg ${a.bankgiro}` : ''}</option>)}
          </select>
        </div>
        <button type="button" className="kt-button kt-button--primary" disabled={!file || busy || (csv && !bankAccount)} data-testid="bank-import-button" onClick={() => void upload()}>
          {busy ? (progress && progress.sent >= progress.total ? t('Processing…') : t('Uploading…')) : t('Import')}
        </button>
        {progress && busy && (
          <div className="kt-progress" data-testid="bank-upload-progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percentSent}>
            <div className="kt-progress__bar"><div className="kt-progress__fill" style={{ width: `${percentSent}%` }} /></div>
            <span className="kt-progress__text">{progress.sent >= progress.total ? t('Uploaded; reading and matching the lines…') : t('{percent} % · {sent} of {total}', { percent: percentSent, sent: formatBytes(progress.sent), total: formatBytes(progress.total) })}</span>
          </div>
        )}
      </div>
      <ErrorLine error={error} testId="bank-import-error" />
      {result && <ImportResult file={result.file} result={result.answer} />}
      {refusal && (
        <div className="kt-banner kt-banner--error" role="alert" data-testid="bank-import-refusal">
          <strong>{refusal.status === 413 ? t('The file is too large — nothing was imported.') : t('The file was refused — nothing was imported.')}</strong>
          {refusal.body?.issues?.length ? (
            <ul className="kt-line-issues">
              {refusal.body.issues.map((issue, i) => (
                <li key={i}><span className="kt-line-issues__line">{issue.path}</span>{issue.message}{issue.code && <> <code>{issue.code}</code></>}</li>
              ))}
            </ul>
          ) : (
            <dl className="kt-refusal" data-testid="bank-refusal-detail">
              {refusal.refusal?.where && <div><dt>{t('Where')}</dt><dd className="kt-mono" data-testid="bank-refusal-where">{refusal.refusal.where}</dd></div>}
              {refusal.refusal?.field && <div><dt>{t('Field')}</dt><dd className="kt-mono">{refusal.refusal.field}</dd></div>}
              <div><dt>{t('Code')}</dt><dd><code data-testid="bank-refusal-code">{refusal.refusal?.code ?? refusal.refusal?.error ?? refusal.status}</code></dd></div>
              <div className="kt-refusal__message"><dt>{t('Why')}</dt><dd data-testid="bank-refusal-message">{refusal.message}</dd></div>
            </dl>
          )}
        </div>
      )}
    </section>
  );
}

function ImportResult({ file, result }: { file: string; result: BankStatementImport }) {
  return (
    <div className={`kt-banner ${result.queued ? 'kt-banner--info' : 'kt-banner--ok'}`} role="status" data-testid="bank-import-result" data-queued={result.queued}>
      <strong>{t('Imported {file} ({format}): {lines}, {new} new, {duplicates} already here.', { file, format: result.format, lines: plural(result.lines, '{count} line', '{count} lines'), new: result.new, duplicates: result.duplicates })}</strong>
      {result.queued
        ? <p className="kt-banner__sub" data-testid="bank-import-queued">{t('A large file: every line is stored, and the lines are being processed — the automations run on them now. The list below refreshes by itself.')}</p>
        : <p className="kt-banner__sub">{t('The automations ran on the new lines: see their outcomes below.')}</p>}
      {/* scrolls inside the banner when the columns are wider than it (long statement ids, Swedish headings) */}
      <div className="kt-bank-import__scroll">
      <table className="kt-table kt-table--compact kt-bank-import__statements" data-testid="bank-import-statements">
        <thead><tr><th>{t('Statement')}</th><th>{t('Account')}</th><th className="kt-num">{t('Lines')}</th><th className="kt-num">{t('New')}</th><th className="kt-num">{t('Duplicates')}</th>
          <th className="kt-num">{t('Opening')}</th><th className="kt-num">{t('In')}</th><th className="kt-num">{t('Out')}</th><th className="kt-num">{t('Closing')}</th></tr></thead>
        <tbody>
          {result.statements.map((s) => (
            <tr key={`${s.statementId}:${s.bankAccount}`} data-testid="bank-import-statement">
              <td className="kt-mono kt-bank-import__id">{s.statementId}</td>
              <td>{s.bankAccount}</td>
              <td className="kt-num">{s.lines}</td>
              <td className="kt-num" data-testid="bank-import-new">{s.new}</td>
              <td className="kt-num">{s.duplicates}</td>
              <td className="kt-num">{s.openingMinor === null ? '—' : formatMinor(s.openingMinor, s.currency)}</td>
              <td className="kt-num" data-testid="bank-import-credit">{formatMinor(s.creditMinor, s.currency)}</td>
              <td className="kt-num">{formatMinor(s.debitMinor, s.currency)}</td>
              <td className="kt-num" data-testid="bank-import-closing">{s.closingMinor === null ? '—' : formatMinor(s.closingMinor, s.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
      {result.warnings.length > 0 && (
        <ul className="kt-line-issues" data-testid="bank-import-warnings">{result.warnings.map((w, i) => <li key={i}>{w}</li>)}</ul>
      )}
    </div>
  );
}

/** The bank's balance beside the ledger's, per bank account on a date, and the lines that explain the difference. */
export function BankReconciliationPage({ bankAccount, date }: { bankAccount?: string; date?: string }) {
  const accounts = useApi(api.bankAccounts, 'bank-accounts');
  const asOf = date ?? todayLocal();
  const report = useApi(() => api.bankReconciliation({ bankAccount, date: asOf }), `bank-reconciliation:${bankAccount ?? ''}:${asOf}`);
  const set = (patch: { bankAccount?: string; date?: string }) => navigate({ page: 'bank-reconciliation', bankAccount, date, ...patch });
  return (
    <div className="kt-page kt-page--wide" data-testid="bank-reconciliation-page">
      <header className="kt-page__header">
        <div>
          <h1>{t('Bank')}</h1>
          <p className="kt-page__lead">{t('What the bank says beside what the ledger says, and the lines behind the difference.')}</p>
        </div>
        <button type="button" className="kt-button" onClick={report.reload}>{t('Refresh')}</button>
      </header>
      {bankTabs('reconciliation')}
      <div className="kt-filters" role="group" aria-label={t('Reconciliation')}>
        <div className="kt-filters__field">
          <label className="kt-field__label" htmlFor="recon-account">{t('Bank account')}</label>
          <select id="recon-account" className="kt-input kt-select" value={bankAccount ?? ''} data-testid="recon-account" onChange={(e) => set({ bankAccount: e.target.value || undefined })}>
            <option value="">{t('Every bank account')}</option>
            {(accounts.data ?? []).map((a) => <option key={a.id} value={a.id}>{a.name} · {a.ledgerAccount}</option>)}
          </select>
        </div>
        <div className="kt-filters__field">
          <label className="kt-field__label" htmlFor="recon-date">{t('On')}</label>
          <input id="recon-date" type="date" className="kt-input" value={asOf} data-testid="recon-date" onChange={(e) => set({ date: e.target.value || undefined })} />
        </div>
      </div>
      {report.error && <div className="kt-empty kt-empty--error" role="alert">{t('Could not reconcile: {error}', { error: report.error.message })}</div>}
      {report.loading && !report.data && <div className="kt-loading">{t('Loading…')}</div>}
      {report.data && report.data.accounts.length === 0 && <div className="kt-empty">{t('No bank accounts yet. An administrator adds one with POST …/bank-accounts (its IBAN or bankgiro and 19xx ledger account, see the API docs at /api/docs); then import its statements under Statements & lines.')}</div>}
      {report.data?.accounts.map((entry) => <ReconciliationCard key={entry.bankAccount.id} entry={entry} />)}
    </div>
  );
}

function ReconciliationCard({ entry }: { entry: BankReconciliationAccount }) {
  const currency = entry.bankAccount.currency;
  const money = (minor: number | string | null) => (minor === null ? '—' : formatMinor(minor, currency));
  const unexplained = entry.unexplainedMinor === null ? null : BigInt(entry.unexplainedMinor);
  const difference = entry.differenceMinor === null ? null : BigInt(entry.differenceMinor);
  return (
    <section className="kt-card-panel kt-recon" data-testid="recon-account-card" data-bank-account={entry.bankAccount.id}>
      <div className="kt-card-panel__head">
        <div>
          <h2>{entry.bankAccount.name} <span className="kt-h2-meta kt-muted">{entry.bankAccount.id} · {t('ledger account {account}', { account: entry.bankAccount.ledgerAccount })}</span></h2>
          <p className="kt-muted">
            {entry.statement
              ? <>{t('Compared on {date}, the date of statement', { date: formatDate(entry.comparedOn) })} <span className="kt-mono">{entry.statement.statementId}</span> ({entry.statement.format}).</>
              : <>{t('No statement with a closing balance on or before {date}: import one to compare.', { date: formatDate(entry.comparedOn) })}</>}
          </p>
        </div>
        {difference !== null && (
          <span className={`kt-chip ${difference === 0n ? 'kt-chip--ok' : unexplained === 0n ? 'kt-chip--info' : 'kt-chip--attention'}`} data-testid="recon-status">
            {difference === 0n ? t('Reconciled') : unexplained === 0n ? t('Explained by the lines below') : t('Difference not explained')}
          </span>
        )}
      </div>
      <table className="kt-table kt-table--compact kt-recon__balances" data-testid="recon-balances">
        <tbody>
          <tr><td>{t('The bank’s closing balance')}</td><td className="kt-num" data-testid="recon-statement-balance">{money(entry.statementBalanceMinor)}</td></tr>
          <tr><td>{t('The ledger’s balance on {account}', { account: entry.bankAccount.ledgerAccount })}</td><td className="kt-num" data-testid="recon-ledger-balance">{money(entry.ledgerBalanceMinor)}</td></tr>
          <tr className="kt-recon__total"><td>{t('Difference (bank − ledger)')}</td><td className="kt-num" data-testid="recon-difference">{money(entry.differenceMinor)}</td></tr>
          <tr><td>{t('Bank lines not yet booked ({count})', { count: entry.unbookedLines.count })}</td><td className="kt-num">{money(entry.unbookedLines.totalMinor)}</td></tr>
          <tr><td>{t('Vouchers no bank line brought ({count})', { count: entry.vouchersWithoutLine.count })}</td><td className="kt-num">{money(entry.vouchersWithoutLine.totalMinor)}</td></tr>
          <tr className="kt-recon__total"><td>{entry.statement ? t('Not explained by these (e.g. a balance from before the period)') : t('Not explained by these')}</td><td className="kt-num" data-testid="recon-unexplained">{money(entry.unexplainedMinor)}</td></tr>
        </tbody>
      </table>
      {entry.ledgerBalanceAtDateMinor !== entry.ledgerBalanceMinor && (
        <p className="kt-footnote kt-muted">{t('The ledger’s balance on the date asked: {amount}.', { amount: money(entry.ledgerBalanceAtDateMinor) })}</p>
      )}
      {entry.unbookedLines.items.length > 0 && (
        <>
          <h3 className="kt-recon__h3">{t('Bank lines not yet booked')}</h3>
          <table className="kt-table kt-table--compact" data-testid="recon-unbooked">
            <thead><tr><th>{t('Booked')}</th><th>{t('Counterparty')}</th><th>{t('Text / reference')}</th><th className="kt-num">{t('Amount')}</th></tr></thead>
            <tbody>
              {entry.unbookedLines.items.map((l) => (
                <tr key={l.id} data-testid="recon-unbooked-line" data-line-id={l.id}>
                  <td className="kt-nowrap"><a href={href({ page: 'bank', line: l.id })}>{formatDate(l.bookingDate)}</a></td>
                  <td>{l.counterparty ?? '—'}</td>
                  <td>{l.text || '—'}{l.reference && <span className="kt-muted kt-mono"> · {l.reference}</span>}</td>
                  <td className="kt-num">{formatMinor(l.amountMinor, l.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {entry.unbookedLines.count > entry.unbookedLines.items.length && <p className="kt-footnote kt-muted">{t('The first {shown} of {count}.', { shown: entry.unbookedLines.items.length, count: entry.unbookedLines.count })}</p>}
        </>
      )}
      {entry.vouchersWithoutLine.items.length > 0 && (
        <>
          <h3 className="kt-recon__h3">{t('Vouchers on {account} that no bank line brought', { account: entry.bankAccount.ledgerAccount })}</h3>
          <table className="kt-table kt-table--compact" data-testid="recon-vouchers">
            <thead><tr><th>{t('Voucher')}</th><th>{t('Date')}</th><th>{t('Text')}</th><th className="kt-num">{t('Amount')}</th></tr></thead>
            <tbody>
              {entry.vouchersWithoutLine.items.map((v) => (
                <tr key={v.voucherId} data-testid="recon-voucher">
                  <td className="kt-nowrap"><a href={href({ page: 'voucher', id: v.voucherId })}>{v.series} {v.number}</a></td>
                  <td className="kt-nowrap">{formatDate(v.date)}</td>
                  <td>{v.text}</td>
                  <td className="kt-num">{formatMinor(v.amountMinor, currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {entry.vouchersWithoutLine.count > entry.vouchersWithoutLine.items.length && <p className="kt-footnote kt-muted">{t('The first {shown} of {count}.', { shown: entry.vouchersWithoutLine.items.length, count: entry.vouchersWithoutLine.count })}</p>}
        </>
      )}
    </section>
  );
}
