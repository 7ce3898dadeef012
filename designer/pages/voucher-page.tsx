/** One voucher: its lines, why it exists (automation, run, source, who), its reversal link, and "Reverse". */
import { useState } from 'react';
import type { Voucher } from '../../shared/api.ts';
import { api } from '../api/client.ts';
import { actorOf, useCan, useSession } from '../api/session.ts';
import { useApi, useReferenceData } from '../api/use-api.ts';
import { describeActor, formatDate, formatDateTime, formatMinor, shortId } from '../format.ts';
import { foreignAmountText, isForeignLine, ledgerCurrencyOf } from '../../shared/exchange.ts';
import { todayLocal } from '../ledger/periods.ts';
import { href } from '../router.ts';
import { Dialog, ErrorLine } from './parts.tsx';
import { ImportedVoucherHistory } from './voucher-imported.tsx';
import { describeCounterparty, VoucherAttachmentsSection } from './voucher-contents.tsx';
import { t } from '../i18n/i18n.ts';

function VoucherRef({ id, testId }: { id: string; testId: string }) {
  const voucher = useApi(() => api.voucher(id), `voucher:${id}`);
  return (
    <a href={href({ page: 'voucher', id })} data-testid={testId} title={id}>
      {voucher.data ? `${voucher.data.series} ${voucher.data.number} (${formatDate(voucher.data.date)})` : shortId(id)}
    </a>
  );
}

function ReverseDialog({ voucher, onClose, onReversed }: { voucher: Voucher; onClose(): void; onReversed(reversal: Voucher): void }) {
  const [date, setDate] = useState(todayLocal());
  const [text, setText] = useState(`Rättelse av ${voucher.series} ${voucher.number}: ${voucher.text}`.slice(0, 200));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      onReversed(await api.reverseVoucher(voucher.id, { date, text: text.trim() || undefined }));
    } catch (thrown) {
      setError(thrown);
      setBusy(false);
    }
  };
  return (
    <Dialog title={t('Reverse {voucher}?', { voucher: `${voucher.series} ${voucher.number}` })} testId="reverse-dialog" onClose={onClose} onSubmit={() => void submit()}
      lead={t('A new voucher with every line on the opposite side is posted and linked both ways. {voucher} itself is never changed.', { voucher: `${voucher.series} ${voucher.number}` })}>
      <label className="kt-field__label" htmlFor="reverse-date">{t('Date of the reversing voucher')}</label>
      <input id="reverse-date" type="date" className="kt-input" required value={date} data-testid="reverse-date" onChange={(e) => setDate(e.target.value)} />
      <p className="kt-field__help">{t('Must be in an open period.')}</p>
      <label className="kt-field__label kt-field__label--spaced" htmlFor="reverse-text">{t('Text')}</label>
      <input id="reverse-text" className="kt-input" maxLength={200} value={text} data-testid="reverse-text" onChange={(e) => setText(e.target.value)} />
      <ErrorLine error={error} testId="reverse-error" />
      <div className="kt-modal__actions">
        <button type="button" className="kt-button kt-button--ghost" onClick={onClose}>{t('Cancel')}</button>
        <button type="submit" className="kt-button kt-button--danger" disabled={busy || !date} data-testid="reverse-confirm">
          {busy ? t('Reversing…') : t('Post reversing voucher')}
        </button>
      </div>
    </Dialog>
  );
}

export function VoucherPage({ id }: { id: string }) {
  const voucher = useApi(() => api.voucher(id), `voucher-page:${id}`);
  const automations = useReferenceData((s) => s.automations);
  const me = useSession((s) => s.me);
  const can = useCan();
  const [reversing, setReversing] = useState(false);
  const [notice, setNotice] = useState<Voucher | null>(null);

  if (voucher.error) {
    return (
      <div className="kt-page">
        <a className="kt-crumb" href={href({ page: 'ledger' })}>{t('‹ Ledger')}</a>
        <div className="kt-empty kt-empty--error" role="alert">{t('Could not load voucher {id}: {error}', { id, error: voucher.error.message })}</div>
      </div>
    );
  }
  if (!voucher.data) return <div className="kt-page kt-loading">{t('Loading voucher…')}</div>;
  const data = voucher.data;
  const currency = ledgerCurrencyOf(data.lines);
  const showCurrency = data.lines.some(isForeignLine);
  const debit = data.lines.reduce((s, l) => s + l.debitMinor, 0);
  const credit = data.lines.reduce((s, l) => s + l.creditMinor, 0);
  const automationName = data.automationId ? automations?.find((a) => a.id === data.automationId)?.name ?? data.automationId : null;
  const showDimensions = data.lines.some((l) => Object.keys(l.dimensions).length > 0);
  const showVat = data.lines.some((l) => l.vatCode);
  const showText = data.lines.some((l) => l.text);
  const leading = 2 + (showVat ? 1 : 0) + (showDimensions ? 1 : 0) + (showText ? 1 : 0) + (showCurrency ? 1 : 0);
  return (
    <div className="kt-page" data-testid="voucher-page" data-voucher-id={data.id}>
      <a className="kt-crumb" href={href({ page: 'ledger' })}>{t('‹ Ledger')}</a>
      <header className="kt-page__header">
        <div>
          <h1><span data-testid="voucher-title">{t('Voucher {series} {number}', { series: data.series, number: data.number })}</span>
            {data.reversedByVoucherId && <span className="kt-chip kt-chip--attention kt-chip--title" data-testid="voucher-reversed-chip">{t('Reversed')}</span>}
            {data.reversesVoucherId && <span className="kt-chip kt-chip--title">{t('Reversal')}</span>}
          </h1>
          <p className="kt-page__lead">{formatDate(data.date)} · {data.text} · {t('fiscal year {year}', { year: data.fiscalYear })}</p>
        </div>
        <div className="kt-page__tools">
          {can('ledger:write') && !data.reversedByVoucherId && (
            <button type="button" className="kt-button kt-button--danger-outline" data-testid="reverse-voucher" onClick={() => setReversing(true)}>
              {t('Reverse…')}
            </button>
          )}
        </div>
      </header>
      {notice && (
        <div className="kt-banner kt-banner--ok" role="status" data-testid="reverse-notice">
          {t('Posted the reversing voucher')} <a href={href({ page: 'voucher', id: notice.id })}>{notice.series} {notice.number}</a>. {t('Both vouchers now link to each other.')}
        </div>
      )}
      {(data.reversedByVoucherId || data.reversesVoucherId) && (
        <div className="kt-banner kt-banner--info" data-testid="voucher-reversal">
          {data.reversedByVoucherId && <>{t('This voucher was reversed by')} <VoucherRef id={data.reversedByVoucherId} testId="reversed-by-link" />.</>}
          {data.reversesVoucherId && <>{t('This voucher reverses')} <VoucherRef id={data.reversesVoucherId} testId="reverses-link" />.</>}
        </div>
      )}
      <section className="kt-why" data-testid="voucher-why" aria-label={t('Why this voucher exists')}>
        <div>
          <span className="kt-run__label">{t('Made by')}</span>
          {data.automationId ? (
            <span data-testid="voucher-why-automation">
              {t('Automation')} <a href={href({ page: 'automation', id: data.automationId })}>{automationName}</a>
              {data.automationVersion !== null && <> <span className="kt-chip">v{data.automationVersion}</span></>}
            </span>
          ) : <span>{t('Registered manually')}</span>}
        </div>
        <div>
          <span className="kt-run__label">{t('Run')}</span>
          {data.runId ? <a href={href({ page: 'run', id: data.runId })} data-testid="voucher-why-run" className="kt-mono" title={data.runId}>{shortId(data.runId)}</a> : '—'}
        </div>
        <div>
          <span className="kt-run__label">{t('Source document')}</span>
          {data.sourceRef?.startsWith('voucher:')
            ? <VoucherRef id={data.sourceRef.slice('voucher:'.length)} testId="voucher-why-source" />
            : data.sourceRef ? <span className="kt-mono" data-testid="voucher-why-source">{data.sourceRef}</span> : '—'}
        </div>
        <div>
          <span className="kt-run__label">{t('Counterparty')}</span>
          <span data-testid="voucher-why-counterparty">{describeCounterparty(data.counterparty ?? null)}</span>
        </div>
        <div>
          <span className="kt-run__label">{t('Registered')}</span>
          {/* an automation by its name, as "Made by" says it; the time never broken over two lines */}
          <span data-testid="voucher-why-registered">{describeActor(data.registeredBy, {
            self: actorOf(me), names: data.automationId && automationName ? new Map([[`automation:${data.automationId}`, automationName]]) : undefined,
          })} · <span className="kt-nowrap">{formatDateTime(data.registeredAt)}</span></span>
        </div>
      </section>
      <table className="kt-table kt-report kt-section" data-testid="voucher-lines">
        <thead>
          <tr>
            <th>#</th><th>{t('Account')}</th>{showVat && <th>{t('VAT')}</th>}{showDimensions && <th>{t('Dimensions')}</th>}{showText && <th>{t('Text')}</th>}{showCurrency && <th className="kt-num">{t('In currency')}</th>}
            <th className="kt-num">{t('Debit')}</th><th className="kt-num">{t('Credit')}</th>
          </tr>
        </thead>
        <tbody>
          {data.lines.map((line) => (
            <tr key={line.lineNo} data-testid="voucher-line" data-account={line.account} data-debit={line.debitMinor} data-credit={line.creditMinor}>
              <td className="kt-muted">{line.lineNo}</td>
              <td><a className="kt-account__number" href={href({ page: 'general-ledger', account: line.account, from: `${data.fiscalYear}-01-01`, to: data.date })}>{line.account}</a> {line.accountName}</td>
              {showVat && <td>{line.vatCode ?? ''}</td>}
              {showDimensions && <td className="kt-mono">{Object.entries(line.dimensions).map(([k, v]) => `${k}=${v}`).join(' ')}</td>}
              {showText && <td className="kt-table__secondary">{line.text ?? ''}</td>}
              {showCurrency && <td className="kt-num kt-table__secondary" data-testid="voucher-line-currency">{isForeignLine(line) ? foreignAmountText(line) : ''}</td>}
              <td className="kt-num">{line.debitMinor ? formatMinor(line.debitMinor, currency) : ''}</td>
              <td className="kt-num">{line.creditMinor ? formatMinor(line.creditMinor, currency) : ''}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr className="kt-report__total">
            <td colSpan={leading}>{t('Total')} {debit === credit && <span className="kt-chip kt-chip--ok">{t('Balanced')}</span>}</td>
            <td className="kt-num">{formatMinor(debit, currency)}</td>
            <td className="kt-num">{formatMinor(credit, currency)}</td>
          </tr>
        </tfoot>
      </table>
      <p className="kt-muted kt-footnote">{t('Vouchers are never changed or deleted. To correct one, reverse it and post a new voucher.')}</p>
      <VoucherAttachmentsSection voucher={data} />
      <ImportedVoucherHistory voucher={data} />
      {reversing && (
        <ReverseDialog voucher={data} onClose={() => setReversing(false)}
          onReversed={(reversal) => { setReversing(false); setNotice(reversal); voucher.reload(); }} />
      )}
    </div>
  );
}

