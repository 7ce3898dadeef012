/**
 * What a person does with an inbox item in place (other than a bank line,
 * which has its own match/split/book panel): book it with a voucher they
 * edit — prefilled from the run's proposal or the event — or dismiss it
 * with a reason. The server posts through the ledger and audits both.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Account, BookExceptionResponse, ExceptionItem, RunDetail } from '../../shared/api.ts';
import { api, ApiRequestError } from '../api/client.ts';
import { useReferenceData } from '../api/use-api.ts';
import { useMasterData } from '../api/master-data.ts';
import { formatMinor } from '../format.ts';
import { proposeBooking } from '../ledger/exception-proposal.ts';
import { todayLocal } from '../ledger/periods.ts';
import {
  buildVoucherRequest, emptyLine, issuesByLine, lineMessages, setLineAmount, summarize, tidyLineAmount, vatCodeToPrefill, type VoucherForm, type VoucherFormLine,
} from '../ledger/voucher-form.ts';
import { Dialog, ErrorLine, ReasonField, useReasonSubmit } from './parts.tsx';
import { t } from '../i18n/i18n.ts';
import { VoucherHeadFields } from '../ledger/voucher-head-fields.tsx';

/** An account typed or searched by number or name ("54" or "inventar"): the chart as suggestions; the four digits are kept. */
export function AccountSearchInput({ value, accounts, onChange, testId, label, invalid }: {
  value: string; accounts: Account[]; onChange(account: string): void; testId: string; label: string; invalid?: boolean;
}) {
  const name = accounts.find((a) => a.number === value)?.name;
  const [text, setText] = useState(value ? `${value}${name ? ` ${name}` : ''}` : '');
  useEffect(() => {
    const current = text.match(/^\s*(\d{4})/)?.[1] ?? '';
    if (current !== value) setText(value ? `${value}${name ? ` ${name}` : ''}` : '');
  }, [value]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <input className={`kt-input ${invalid ? 'is-invalid' : ''}`} list="kt-chart-accounts" value={text} aria-label={label} data-testid={testId}
      placeholder={t('Number or name…')} autoComplete="off"
      onBlur={() => { if (value && name) setText(`${value} ${name}`); }}
      onChange={(e) => {
        setText(e.target.value);
        const typed = e.target.value.match(/^\s*(\d{4})\b/)?.[1];
        onChange(typed ?? '');
      }} />
  );
}

/** The chart as one <datalist> for every account input of the page. */
export function ChartDatalist({ accounts }: { accounts: Account[] }) {
  return (
    <datalist id="kt-chart-accounts">
      {accounts.filter((a) => a.active).map((a) => <option key={a.number} value={`${a.number} ${a.name}`} />)}
    </datalist>
  );
}

export function BookExceptionDialog({ item, sourceLabel, onClose, onDone }: {
  item: ExceptionItem; sourceLabel: string; onClose(): void; onDone(result: BookExceptionResponse): void;
}) {
  const accounts = useReferenceData((s) => s.accounts) ?? [];
  useEffect(() => { if (!useReferenceData.getState().accounts) void useReferenceData.getState().loadCompany(); }, []);
  const activeVatCodes = useMasterData((s) => s.data?.vatCodes)?.filter((v) => v.active);
  useEffect(() => { void useMasterData.getState().load(); }, []);
  const [form, setForm] = useState<VoucherForm | null>(null);
  const [note, setNote] = useState('');
  const [fromRun, setFromRun] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const [busy, setBusy] = useState(false);
  const [server, setServer] = useState<{ lines: Map<number, string[]>; general: string[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    const load = async () => {
      let run: RunDetail | null = null;
      if (item.runId) {
        try { run = await api.run(item.runId); } catch { /* the run may be pruned: the event is enough */ }
      }
      if (!live) return;
      const proposal = proposeBooking(item, run, todayLocal());
      setFromRun(!!run?.trace.some((s) => s.nodeType === 'post-voucher' && !!s.output && typeof s.output === 'object' && 'lines' in (s.output as object)));
      setForm(proposal);
    };
    void load();
    return () => { live = false; };
  }, [item]);
  const summary = useMemo(() => (form ? summarize(form) : null), [form]);
  const built = useMemo(() => (form ? buildVoucherRequest(form) : null), [form]);
  const vatCodes = useMemo(() => (activeVatCodes ? activeVatCodes.map((v) => v.code) : [...new Set(accounts.map((a) => a.vatCode).filter((v): v is string => !!v))]).sort(),
    [accounts, activeVatCodes]);
  if (!form || !summary || !built) {
    return <Dialog title={t('Book the exception')} testId="book-dialog" onClose={onClose}><div className="kt-loading">{t('Preparing the voucher…')}</div></Dialog>;
  }

  const update = (patch: Partial<VoucherForm>) => { setForm((f) => (f ? { ...f, ...patch } : f)); setServer(null); setError(null); };
  const updateLine = (index: number, patch: Partial<VoucherFormLine>) => update({ lines: form.lines.map((l, i) => (i === index ? { ...l, ...patch } : l)) });
  const setAmount = (index: number, side: 'debit' | 'credit', value: string) => updateLine(index, setLineAmount(side, value));
  const tidy = (index: number, side: 'debit' | 'credit') => {
    const tidied = tidyLineAmount(form.lines[index], side);
    if (tidied) updateLine(index, tidied);
  };
  const defaultVatCode = (account: string) => accounts.find((a) => a.number === account)?.vatCode;
  // The account's default VAT code only when the voucher books that code's VAT (voucher-form.ts vatCodeToPrefill).
  const chooseAccount = (index: number, account: string) => {
    const vat = form.lines[index].vatCode ? '' : vatCodeToPrefill(form.lines, index, defaultVatCode(account), activeVatCodes).vatCode;
    updateLine(index, { account, ...(vat ? { vatCode: vat } : {}) });
  };
  const balanced = summary.differenceMinor === 0 && summary.debitMinor > 0;

  const submit = async () => {
    setAttempted(true);
    if (!built.ok) return;
    setBusy(true);
    try {
      const { date, series, text, lines } = built.request;
      const result = await api.bookException(item.id, { date, series, text, lines, ...(note.trim() ? { note: note.trim() } : {}) });
      onDone(result);
    } catch (e) {
      if (e instanceof ApiRequestError && e.body) setServer(issuesByLine(e.body, built.sentIndexes));
      else setError(e);
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('Book the exception')} testId="book-dialog" wide onClose={onClose} onSubmit={() => void submit()}
      lead={<>{t('A voucher for')} <span className="kt-modal__subject">{sourceLabel}</span>, {fromRun ? t('as the run proposed it') : t('from the event')} {t('— edit anything.')}
        {' '}{t('It is posted like any voucher (next number, open period, balanced) and keeps the source, so it is never booked twice.')}</>}>
      <ChartDatalist accounts={accounts} />
      <datalist id="kt-vat-codes">{vatCodes.map((v) => <option key={v} value={v} />)}</datalist>
      <VoucherHeadFields prefix="book" form={form} update={update} />
      <table className="kt-table kt-entry kt-book__lines" data-testid="book-lines">
        <thead>
          <tr><th className="kt-entry__account">{t('Account')}</th><th className="kt-num kt-entry__amount">{t('Debit (kr)')}</th><th className="kt-num kt-entry__amount">{t('Credit (kr)')}</th>
            <th className="kt-entry__vat">{t('VAT code')}</th><th /></tr>
        </thead>
        <tbody>
          {form.lines.map((line, index) => {
            const state = summary.lines[index];
            const { show, messages: local, fromServer, invalid } = lineMessages(state, attempted, server?.lines.get(index));
            const missing = line.account && !line.vatCode ? vatCodeToPrefill(form.lines, index, defaultVatCode(line.account), activeVatCodes).vatLineMissing : undefined;
            return [
              <tr key={`line-${index}`} className={`kt-entry__line ${invalid ? 'is-invalid' : ''}`} data-testid={`book-line-${index}`}>
                <td><AccountSearchInput value={line.account} accounts={accounts} testId={`book-line-${index}-account`} label={t('Account, line {line}', { line: index + 1 })}
                  invalid={show && !!state.errors.account} onChange={(account) => chooseAccount(index, account)} /></td>
                <td><input className="kt-input kt-num" inputMode="decimal" aria-label={t('Debit, line {line}', { line: index + 1 })} value={line.debit} data-testid={`book-line-${index}-debit`}
                  onChange={(e) => setAmount(index, 'debit', e.target.value)} onBlur={() => tidy(index, 'debit')} /></td>
                <td><input className="kt-input kt-num" inputMode="decimal" aria-label={t('Credit, line {line}', { line: index + 1 })} value={line.credit} data-testid={`book-line-${index}-credit`}
                  onChange={(e) => setAmount(index, 'credit', e.target.value)} onBlur={() => tidy(index, 'credit')} /></td>
                <td><input className="kt-input" list="kt-vat-codes" maxLength={20} aria-label={t('VAT code, line {line}', { line: index + 1 })} value={line.vatCode} placeholder="—"
                  data-testid={`book-line-${index}-vat`} onChange={(e) => updateLine(index, { vatCode: e.target.value.toUpperCase() })} /></td>
                <td className="kt-entry__actions">
                  <button type="button" className="kt-icon-button" aria-label={t('Remove line {line}', { line: index + 1 })} disabled={form.lines.length <= 2}
                    onClick={() => update({ lines: form.lines.filter((_, i) => i !== index) })}>×</button>
                </td>
              </tr>,
              (invalid || missing) && (
                <tr key={`issues-${index}`} className={`kt-entry__issues ${invalid ? '' : 'kt-entry__issues--hint'}`}>
                  <td colSpan={5}>{[...local, ...fromServer].map((m, i) => <p key={i} className="kt-field__issue kt-field__issue--error" data-testid={`book-line-${index}-issue`}>{m}</p>)}
                    {missing && <p className="kt-field__help kt-entry__hint" data-testid={`book-line-${index}-vat-hint`}>
                      {t('{account} usually carries VAT code {code}; its VAT goes to {vatAccount}. Add that line to use the code.', { account: line.account, code: missing.code, vatAccount: missing.accounts.join(' / ') })}</p>}
                  </td>
                </tr>
              ),
            ];
          })}
        </tbody>
        <tfoot>
          <tr className="kt-report__total">
            <td><button type="button" className="kt-button kt-button--ghost kt-button--small" data-testid="book-add-line"
              onClick={() => update({ lines: [...form.lines, emptyLine()] })}>{t('+ Add line')}</button></td>
            <td className="kt-num" data-testid="book-debit">{formatMinor(summary.debitMinor, 'SEK')}</td>
            <td className="kt-num" data-testid="book-credit">{formatMinor(summary.creditMinor, 'SEK')}</td>
            <td colSpan={2}>
              {balanced
                ? <span className="kt-chip kt-chip--ok" data-testid="book-balanced">{t('Balanced')}</span>
                : summary.differenceMinor !== 0
                  ? <span className="kt-chip kt-chip--error" data-testid="book-difference">{t('Difference {amount}', { amount: formatMinor(Math.abs(summary.differenceMinor), 'SEK') })}</span>
                  : <span className="kt-muted">{t('Enter the amounts')}</span>}
            </td>
          </tr>
        </tfoot>
      </table>
      <label className="kt-field__label" htmlFor="book-note">{t('Why (optional; kept with the exception and in the audit log)')}</label>
      <input id="book-note" className="kt-input" maxLength={1000} value={note} data-testid="book-note" placeholder={t('e.g. Furniture under the equipment limit: booked as an expense')}
        onChange={(e) => setNote(e.target.value)} />
      {server && server.general.length > 0 && (
        <div className="kt-banner kt-banner--error" role="alert" data-testid="book-error">{server.general.map((m, i) => <div key={i}>{m}</div>)}</div>
      )}
      {attempted && !built.ok && <p className="kt-field__issue kt-field__issue--error" role="alert" data-testid="book-problem">{built.message}</p>}
      <ErrorLine error={error} testId="book-error" />
      <div className="kt-modal__actions">
        <button type="button" className="kt-button" onClick={onClose}>{t('Cancel')}</button>
        <button type="submit" className="kt-button kt-button--primary" disabled={busy} data-testid="book-submit">{busy ? t('Posting…') : t('Post and resolve')}</button>
      </div>
    </Dialog>
  );
}

export function DismissExceptionDialog({ item, sourceLabel, onClose, onDone }: {
  item: ExceptionItem; sourceLabel: string; onClose(): void; onDone(item: ExceptionItem): void;
}) {
  const { reason, setReason, busy: saving, error, submit } = useReasonSubmit(async (why) => onDone(await api.dismissException(item.id, why)),
    t('Say why it needs no booking — the reason is kept with the exception and in the audit log'));
  return (
    <Dialog title={t('Dismiss the exception')} testId="dismiss-dialog" onClose={onClose} onSubmit={() => void submit()}
      lead={<>{t('Nothing is booked for')} <span className="kt-modal__subject">{sourceLabel}</span>. {t('Say why — the reason is shown on the exception and kept in the audit log.')}</>}>
      <ReasonField id="dismiss-reason" label={t('Reason (required)')} value={reason} onChange={setReason} maxLength={1000} error={error} testId="dismiss"
        placeholder={t('e.g. A duplicate of LF-1007, which is already booked')} />
      <div className="kt-modal__actions">
        <button type="button" className="kt-button" onClick={onClose}>{t('Cancel')}</button>
        <button type="submit" className="kt-button kt-button--primary" disabled={saving} data-testid="dismiss-submit">{t('Dismiss')}</button>
      </div>
    </Dialog>
  );
}
