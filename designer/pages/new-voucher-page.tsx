/** A manual voucher: date, series, text and lines typed in kronor; the live difference; the server's refusals on their lines. */
import { useMemo, useState } from 'react';
import { api, ApiRequestError } from '../api/client.ts';
import { useCan } from '../api/session.ts';
import { useReferenceData } from '../api/use-api.ts';
import { formatMinor } from '../format.ts';
import { todayLocal } from '../ledger/periods.ts';
import {
  attachmentProblem, buildVoucherRequest, emptyLine, formatKronor, formCurrencies, isForeignFormLine, issuesByLine, lineMessages, setLineAmount, summarize, tidyLineAmount,
  type VoucherForm, type VoucherFormLine,
} from '../ledger/voucher-form.ts';
import { AccountSelect } from '../nodes/widgets/voucher-lines-field.tsx';
import { href, navigate } from '../router.ts';
import { ReadOnlyNote } from './parts.tsx';
import { AttachmentPicker, CounterpartyFields, leaveAttachNotice } from './voucher-contents.tsx';
import { t } from '../i18n/i18n.ts';
import { VoucherHeadFields } from '../ledger/voucher-head-fields.tsx';

export function NewVoucherPage() {
  const can = useCan();
  const accounts = useReferenceData((s) => s.accounts) ?? [];
  const [form, setForm] = useState<VoucherForm>(() => ({ date: todayLocal(), series: 'A', text: '', lines: [emptyLine(), emptyLine()] }));
  const [busy, setBusy] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const [server, setServer] = useState<{ lines: Map<number, string[]>; general: string[] } | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const summary = useMemo(() => summarize(form), [form]);
  const built = useMemo(() => buildVoucherRequest(form), [form]);

  const update = (patch: Partial<VoucherForm>) => { setForm((f) => ({ ...f, ...patch })); setServer(null); };
  const updateLine = (index: number, patch: Partial<VoucherFormLine>) =>
    update({ lines: form.lines.map((line, i) => (i === index ? { ...line, ...patch } : line)) });
  const setAmount = (index: number, side: 'debit' | 'credit', value: string) => updateLine(index, setLineAmount(side, value));
  const tidy = (index: number, side: 'debit' | 'credit') => {
    const tidied = tidyLineAmount(form.lines[index], side);
    if (tidied) updateLine(index, tidied);
  };
  /** Puts the remaining difference on a line: the usual last step. */
  const balanceOn = (index: number) => {
    const others = summarize({ ...form, lines: form.lines.filter((_, i) => i !== index) });
    const difference = others.differenceMinor;
    if (difference === 0) return;
    updateLine(index, difference > 0 ? { credit: formatKronor(difference), debit: '' } : { debit: formatKronor(-difference), credit: '' });
  };

  const submit = async () => {
    setAttempted(true);
    if (!built.ok) return;
    if (files.some((f) => attachmentProblem(f) !== null)) return;
    setBusy(true);
    setServer(null);
    try {
      const voucher = await api.postVoucher(built.request);
      // The voucher stands once posted; a file the server refuses is said on the voucher page, to attach again there.
      const failed: string[] = [];
      for (const file of files) {
        try { await api.attachToVoucher(voucher.id, file, file.name); } catch (error) { failed.push(`${file.name}: ${(error as Error).message}`); }
      }
      leaveAttachNotice(voucher.id, failed);
      navigate({ page: 'voucher', id: voucher.id });
    } catch (error) {
      setServer(error instanceof ApiRequestError
        ? issuesByLine(error.body ?? { error: 'request_failed', message: error.message }, built.sentIndexes)
        : { lines: new Map(), general: [(error as Error).message] });
      setBusy(false);
    }
  };

  if (!can('ledger:write')) {
    return (
      <div className="kt-page">
        <a className="kt-crumb" href={href({ page: 'ledger' })}>{t('‹ Ledger')}</a>
        <ReadOnlyNote>{t('Posting vouchers needs the “ledger:write” permission. Ask an administrator.')}</ReadOnlyNote>
      </div>
    );
  }
  const balanced = summary.differenceMinor === 0 && summary.debitMinor > 0;
  return (
    <div className="kt-page kt-page--wide" data-testid="new-voucher-page">
      <a className="kt-crumb" href={href({ page: 'ledger' })}>{t('‹ Ledger')}</a>
      <header className="kt-page__header">
        <div>
          <h1>{t('New voucher')}</h1>
          <p className="kt-page__lead">{t('A manual posting. Amounts in kronor, e.g. 1 234,50. Debit and credit must be equal.')}
            {' '}{t('A line in another currency takes its amount and rate; its kronor are computed (rounded half away from zero to the öre).')}</p>
        </div>
      </header>
      <form className="kt-voucher-form" data-testid="voucher-form" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <VoucherHeadFields prefix="voucher" form={form} update={update} textPlaceholder={t('e.g. Kontantköp kontorsmaterial')} />
        <CounterpartyFields name={form.counterpartyName ?? ''} id={form.counterpartyId ?? ''}
          onChange={(next) => update({ counterpartyName: next.name, counterpartyId: next.id })} />
        <table className="kt-table kt-entry" data-testid="voucher-form-lines">
          <thead>
            <tr><th className="kt-entry__no">#</th><th className="kt-entry__account">{t('Account')}</th><th className="kt-num kt-entry__amount">{t('Debit')}</th><th className="kt-num kt-entry__amount">{t('Credit')}</th>
              <th className="kt-entry__currency">{t('Currency')}</th><th className="kt-entry__vat">{t('VAT code')}</th><th className="kt-entry__dim">{t('Dimensions')}</th><th>{t('Line text')}</th><th /></tr>
          </thead>
          <tbody>
            {form.lines.map((line, index) => {
              const state = summary.lines[index];
              const { show, messages: local, fromServer, invalid } = lineMessages(state, attempted, server?.lines.get(index));
              const foreign = isForeignFormLine(line);
              const computed = (minor: number) => (minor ? formatKronor(minor) : '');
              return [
                <tr key={`line-${index}`} className={`kt-entry__line ${invalid ? 'is-invalid' : ''}`} data-testid={`voucher-form-line-${index}`} data-invalid={invalid}>
                  <td className="kt-entry__no kt-muted">{index + 1}</td>
                  <td><AccountSelect value={line.account} accounts={accounts} testId={`line-${index}-account`} invalid={show && !!state.errors.account}
                    onChange={(account) => updateLine(index, { account })} /></td>
                  <td><input className={`kt-input kt-num ${show && (state.errors.debit || state.errors.amount) ? 'is-invalid' : ''}`} inputMode="decimal" aria-label={t('Debit, line {line}', { line: index + 1 })}
                    readOnly={foreign} title={foreign ? t('Computed from the amount and the rate') : undefined}
                    value={foreign ? computed(state.debitMinor) : line.debit} data-testid={`line-${index}-debit`} onChange={(e) => setAmount(index, 'debit', e.target.value)} onBlur={() => !foreign && tidy(index, 'debit')} /></td>
                  <td><input className={`kt-input kt-num ${show && (state.errors.credit || state.errors.amount) ? 'is-invalid' : ''}`} inputMode="decimal" aria-label={t('Credit, line {line}', { line: index + 1 })}
                    readOnly={foreign} title={foreign ? t('Computed from the amount and the rate') : undefined}
                    value={foreign ? computed(state.creditMinor) : line.credit} data-testid={`line-${index}-credit`} onChange={(e) => setAmount(index, 'credit', e.target.value)} onBlur={() => !foreign && tidy(index, 'credit')} /></td>
                  <td><select className="kt-input kt-entry__currency" aria-label={t('Currency, line {line}', { line: index + 1 })} value={line.currency || 'SEK'} data-testid={`line-${index}-currency`}
                    onChange={(e) => updateLine(index, { currency: e.target.value, side: line.side ?? (line.credit.trim() ? 'credit' : 'debit') })}>
                    {formCurrencies.map((c) => <option key={c} value={c}>{c}</option>)}
                  </select></td>
                  <td><input className="kt-input" maxLength={20} aria-label={t('VAT code, line {line}', { line: index + 1 })} value={line.vatCode} placeholder="—" data-testid={`line-${index}-vat`}
                    onChange={(e) => updateLine(index, { vatCode: e.target.value.toUpperCase() })} /></td>
                  <td><input className={`kt-input ${show && state.errors.dimensions ? 'is-invalid' : ''}`} aria-label={t('Dimensions, line {line}', { line: index + 1 })} value={line.dimensions} placeholder="1=100"
                    title={t('dimension=object, e.g. 1=100 (cost centre) or 6=P12 (project); separate with ;')} data-testid={`line-${index}-dimensions`}
                    onChange={(e) => updateLine(index, { dimensions: e.target.value })} /></td>
                  <td><input className="kt-input" maxLength={200} aria-label={t('Text, line {line}', { line: index + 1 })} value={line.text} data-testid={`line-${index}-text`}
                    onChange={(e) => updateLine(index, { text: e.target.value })} /></td>
                  <td className="kt-entry__actions">
                    {!balanced && summary.filled >= 1 && !state.blank && summary.differenceMinor !== 0 && line.account && !foreign && (
                      <button type="button" className="kt-button kt-button--ghost kt-button--small" title={t('Put the remaining difference on this line')}
                        data-testid={`line-${index}-balance`} onClick={() => balanceOn(index)}>{t('Balance')}</button>
                    )}
                    <button type="button" className="kt-icon-button" aria-label={t('Remove line {line}', { line: index + 1 })} disabled={form.lines.length <= 2}
                      onClick={() => update({ lines: form.lines.filter((_, i) => i !== index) })}>×</button>
                  </td>
                </tr>,
                foreign && (
                  <tr key={`currency-${index}`} className="kt-entry__foreign" data-testid={`line-${index}-foreign`}>
                    <td />
                    <td colSpan={8}>
                      <div className="kt-entry__foreign-fields">
                        <label>{t('Amount in {currency}', { currency: line.currency ?? '' })}
                          <input className={`kt-input kt-num ${show && state.errors.currencyAmount ? 'is-invalid' : ''}`} inputMode="decimal" value={line.currencyAmount ?? ''} placeholder="10,00"
                            aria-label={t('Amount in {currency}, line {line}', { currency: line.currency ?? '', line: index + 1 })} data-testid={`line-${index}-currency-amount`}
                            onChange={(e) => updateLine(index, { currencyAmount: e.target.value })} /></label>
                        <label>{t('rate::at')}
                          <input className={`kt-input kt-num ${show && state.errors.rate ? 'is-invalid' : ''}`} inputMode="decimal" value={line.rate ?? ''} placeholder="11,50"
                            aria-label={t('Rate, kronor per {currency}, line {line}', { currency: line.currency ?? '', line: index + 1 })} data-testid={`line-${index}-rate`}
                            onChange={(e) => updateLine(index, { rate: e.target.value })} /> {t('kr per {currency}', { currency: line.currency ?? '' })}</label>
                        <select className="kt-input" aria-label={t('Side, line {line}', { line: index + 1 })} value={line.side ?? 'debit'} data-testid={`line-${index}-side`}
                          onChange={(e) => updateLine(index, { side: e.target.value as 'debit' | 'credit' })}>
                          <option value="debit">{t('Debit')}</option><option value="credit">{t('Credit')}</option>
                        </select>
                        <span className="kt-entry__computed" data-testid={`line-${index}-computed`}>
                          {state.foreign ? `= ${formatMinor(state.debitMinor || state.creditMinor, 'SEK')}` : '= — kr'}
                        </span>
                      </div>
                    </td>
                  </tr>
                ),
                invalid && (
                  <tr key={`issues-${index}`} className="kt-entry__issues">
                    <td />
                    <td colSpan={8}>
                      {[...local, ...fromServer].map((message, i) => (
                        <p key={i} className="kt-field__issue kt-field__issue--error" data-testid={`line-${index}-issue`}>{message}</p>
                      ))}
                    </td>
                  </tr>
                ),
              ];
            })}
          </tbody>
          <tfoot>
            <tr className="kt-report__total">
              <td />
              <td>
                <button type="button" className="kt-button kt-button--ghost kt-button--small" data-testid="add-line"
                  onClick={() => update({ lines: [...form.lines, emptyLine()] })}>{t('+ Add line')}</button>
              </td>
              <td className="kt-num" data-testid="voucher-form-debit">{formatMinor(summary.debitMinor, 'SEK')}</td>
              <td className="kt-num" data-testid="voucher-form-credit">{formatMinor(summary.creditMinor, 'SEK')}</td>
              <td colSpan={5}>
                {balanced
                  ? <span className="kt-chip kt-chip--ok" data-testid="voucher-form-balanced">{t('Balanced')}</span>
                  : summary.differenceMinor !== 0
                    ? <span className="kt-chip kt-chip--error" data-testid="voucher-form-difference" data-difference={summary.differenceMinor}>
                        {t('Difference {amount}', { amount: formatMinor(Math.abs(summary.differenceMinor), 'SEK') })} {summary.differenceMinor > 0 ? t('more debit') : t('more credit')}
                      </span>
                    : <span className="kt-muted">{t('Enter the amounts')}</span>}
              </td>
            </tr>
          </tfoot>
        </table>
        <AttachmentPicker files={files} onChange={setFiles} />
        {server && server.general.length > 0 && (
          <div className="kt-banner kt-banner--error" role="alert" data-testid="voucher-form-error">
            {server.general.map((m, i) => <div key={i}>{m}</div>)}
          </div>
        )}
        {attempted && !built.ok && <p className="kt-field__issue kt-field__issue--error" role="alert" data-testid="voucher-form-problem">{built.message}</p>}
        <div className="kt-form-actions">
          <a className="kt-button kt-button--ghost" href={href({ page: 'ledger' })}>{t('Cancel')}</a>
          <button type="submit" className="kt-button kt-button--primary" disabled={busy} data-testid="post-voucher">
            {busy ? t('Posting…') : t('Post voucher')}
          </button>
        </div>
      </form>
    </div>
  );
}
