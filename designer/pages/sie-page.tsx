/** SIE 4: download a fiscal year; upload a file (all or nothing) and see what it brought, or why it was refused. */
import { useRef, useState } from 'react';
import type { SieImportResponse } from '../../shared/api.ts';
import { api, ApiRequestError } from '../api/client.ts';
import { useCan } from '../api/session.ts';
import { useApi } from '../api/use-api.ts';
import { fiscalYearsOf } from '../ledger/periods.ts';
import { ErrorLine, ReadOnlyNote, ledgerTabs, saveFile } from './parts.tsx';
import { plural, t } from '../i18n/i18n.ts';

function Download() {
  const periods = useApi(api.periods, 'periods');
  const years = periods.data ? fiscalYearsOf(periods.data) : [];
  const [year, setYear] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const chosen = year ?? years[0];
  const download = async () => {
    if (!chosen) return;
    setBusy(true);
    setError(null);
    try {
      const { blob, fileName } = await api.downloadSie(chosen);
      saveFile(blob, fileName ?? `sie-${chosen}.se`);
    } catch (thrown) { setError(thrown); } finally { setBusy(false); }
  };
  return (
    <section className="kt-card-panel" data-testid="sie-download">
      <h2>{t('Export')}</h2>
      <p className="kt-muted">{t('A fiscal year as SIE 4E — chart of accounts, balances and every voucher — for your accountant or another system.')}</p>
      <div className="kt-filters kt-filters--flat">
        <div className="kt-filters__field">
          <label className="kt-field__label" htmlFor="sie-year">{t('Fiscal year')}</label>
          <select id="sie-year" className="kt-input kt-select" value={chosen ?? ''} data-testid="sie-year" onChange={(e) => setYear(Number(e.target.value))}>
            {years.map((y) => <option key={y} value={y}>{y}</option>)}
          </select>
        </div>
        <button type="button" className="kt-button kt-button--primary" disabled={!chosen || busy} data-testid="sie-download-button" onClick={() => void download()}>
          {busy ? t('Preparing…') : t('Download SIE file')}
        </button>
      </div>
      <ErrorLine error={error} />
    </section>
  );
}

function Upload() {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<SieImportResponse | null>(null);
  const [refusal, setRefusal] = useState<ApiRequestError | null>(null);
  const [error, setError] = useState<unknown>(null);
  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setResult(null);
    setRefusal(null);
    setError(null);
    try {
      setResult(await api.uploadSie(file, file.name));
    } catch (thrown) {
      if (thrown instanceof ApiRequestError && thrown.status === 422) setRefusal(thrown); else setError(thrown);
    } finally { setBusy(false); }
  };
  return (
    <section className="kt-card-panel" data-testid="sie-upload">
      <h2>{t('Import')}</h2>
      <p className="kt-muted">{t('A SIE 4 file (4E or 4I; CP437, UTF-8 or ISO-8859-1). Everything in it is imported, or nothing: a file with an error changes nothing. Vouchers already in the ledger are recognised and not posted twice.')}</p>
      <div className="kt-filters kt-filters--flat">
        <div className="kt-filters__field kt-filters__field--grow">
          <label className="kt-field__label" htmlFor="sie-file">{t('File')}</label>
          <input id="sie-file" ref={input} type="file" accept=".se,.si,.sie,.txt" className="kt-input kt-input--file" data-testid="sie-file"
            onChange={(e) => { setFile(e.target.files?.[0] ?? null); setResult(null); setRefusal(null); }} />
        </div>
        <button type="button" className="kt-button kt-button--primary" disabled={!file || busy} data-testid="sie-upload-button" onClick={() => void upload()}>
          {busy ? t('Importing…') : t('Import file')}
        </button>
      </div>
      <ErrorLine error={error} />
      {result && (
        <div className="kt-banner kt-banner--ok" role="status" data-testid="sie-result">
          <strong>{t('Imported {file}.', { file: file?.name ?? '' })}</strong>
          <dl className="kt-facts">
            <div><dt>{t('Vouchers')}</dt><dd data-testid="sie-vouchers">{t('{count} new', { count: result.vouchers })}{result.vouchersReplayed ? `, ${t('{count} already in the ledger', { count: result.vouchersReplayed })}` : ''}</dd></div>
            <div><dt>{t('Lines')}</dt><dd>{result.lines}</dd></div>
            <div><dt>{t('Accounts')}</dt><dd data-testid="sie-accounts">{result.accounts}{result.accountsCreated ? ` (${t('{count} new', { count: result.accountsCreated })})` : ''}</dd></div>
            <div><dt>{t('Fiscal years')}</dt><dd>{result.fiscalYears}</dd></div>
            <div><dt>{t('Opening balances')}</dt><dd>{result.openingBalances}</dd></div>
            <div><dt>{t('Dimension objects')}</dt><dd>{result.dimensionObjects}</dd></div>
          </dl>
          {result.warnings.length > 0 ? (
            <>
              <p className="kt-banner__sub">{plural(result.warnings.length, '{count} warning:', '{count} warnings:')}</p>
              <ul className="kt-line-issues" data-testid="sie-warnings">
                {result.warnings.map((w, i) => <li key={i}>{w.line !== undefined && <span className="kt-line-issues__line">{t('Line {line}', { line: w.line })}</span>}{w.message} <code>{w.code}</code></li>)}
              </ul>
            </>
          ) : <p className="kt-banner__sub">{t('No warnings.')}</p>}
        </div>
      )}
      {refusal && (
        <div className="kt-banner kt-banner--error" role="alert" data-testid="sie-refusal">
          <strong>{t('The file was refused — nothing was imported.')}</strong>
          <ul className="kt-line-issues">
            {(refusal.body?.issues ?? [{ path: 'file', message: refusal.message }]).map((issue, i) => (
              <li key={i}><span className="kt-line-issues__line">{issue.path.replace(/^line (\d+)/, (_, line: string) => t('Line {line}', { line })).replace(/^file$/, t('File'))}</span>{issue.message}{issue.code && <> <code>{issue.code}</code></>}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

export function SiePage() {
  const can = useCan();
  return (
    <div className="kt-page" data-testid="sie-page">
      <header className="kt-page__header">
        <div>
          <h1>{t('Ledger')}</h1>
          <p className="kt-page__lead">{t('SIE 4 is the Swedish standard for moving bookkeeping between systems.')}</p>
        </div>
      </header>
      {ledgerTabs('sie')}
      <div className="kt-two-columns">
        <Download />
        {can('admin') ? <Upload /> : (
          <section className="kt-card-panel"><h2>{t('Import')}</h2><ReadOnlyNote>{t('Importing a SIE file creates accounts, years and opening balances: it needs an admin.')}</ReadOnlyNote></section>
        )}
      </div>
    </div>
  );
}
