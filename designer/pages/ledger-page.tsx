import { useEffect } from 'react';
import type { Voucher } from '../../shared/api.ts';
import { api } from '../api/client.ts';
import { useCan } from '../api/session.ts';
import { useApi, useReferenceData } from '../api/use-api.ts';
import { Icon } from '../nodes/icons.tsx';
import { ledgerTabs } from './parts.tsx';
import { formatDate, formatDateTime, formatMinor, shortId } from '../format.ts';
import { foreignAmountText, isForeignLine, ledgerCurrencyOf } from '../../shared/exchange.ts';
import { href } from '../router.ts';
import { t } from '../i18n/i18n.ts';

function newestFirst(a: Voucher, b: Voucher): number {
  return b.registeredAt.localeCompare(a.registeredAt) || b.date.localeCompare(a.date) || b.number - a.number;
}

function VoucherCard({ voucher, automationName, highlighted }: { voucher: Voucher; automationName?: string; highlighted: boolean }) {
  const debit = voucher.lines.reduce((s, l) => s + l.debitMinor, 0);
  const credit = voucher.lines.reduce((s, l) => s + l.creditMinor, 0);
  const currency = ledgerCurrencyOf(voucher.lines);
  return (
    <article className={`kt-voucher ${highlighted ? 'is-highlighted' : ''}`} data-testid="voucher" data-voucher-id={voucher.id}
      id={`voucher-${voucher.id}`}>
      <header className="kt-voucher__head">
        <a className="kt-voucher__number" data-testid="voucher-number" href={href({ page: 'voucher', id: voucher.id })}
          title={t('Open the voucher: lines, why it exists, reverse')}>{voucher.series} {voucher.number}</a>
        <span className="kt-voucher__date">{formatDate(voucher.date)}</span>
        <span className="kt-voucher__text">{voucher.text}</span>
        {voucher.reversedByVoucherId && <span className="kt-chip kt-chip--attention">{t('Reversed')}</span>}
        {voucher.reversesVoucherId && <span className="kt-chip">{t('Reversal')}</span>}
      </header>
      <table className="kt-table kt-table--compact kt-voucher__lines">
        <thead>
          <tr><th>{t('Account')}</th><th className="kt-num">{t('Debit')}</th><th className="kt-num">{t('Credit')}</th></tr>
        </thead>
        <tbody>
          {voucher.lines.map((line) => (
            <tr key={line.lineNo} data-testid="voucher-line" data-account={line.account}
              data-debit={line.debitMinor} data-credit={line.creditMinor}>
              <td><span className="kt-account__number">{line.account}</span> {line.accountName}
                {line.text && <span className="kt-table__secondary"> — {line.text}</span>}
                {isForeignLine(line) && <span className="kt-table__secondary" data-testid="voucher-line-currency"> · {foreignAmountText(line)}</span>}</td>
              <td className="kt-num">{line.debitMinor ? formatMinor(line.debitMinor, currency) : ''}</td>
              <td className="kt-num">{line.creditMinor ? formatMinor(line.creditMinor, currency) : ''}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr><td>{t('Total')}</td><td className="kt-num">{formatMinor(debit, currency)}</td><td className="kt-num">{formatMinor(credit, currency)}</td></tr>
        </tfoot>
      </table>
      <footer className="kt-voucher__foot" data-testid="voucher-origin">
        {voucher.automationId ? (
          <>{t('Created by automation')}{' '}
            <a href={href({ page: 'automation', id: voucher.automationId })} data-testid="voucher-automation">
              {automationName ?? voucher.automationId}{voucher.automationVersion ? ` v${voucher.automationVersion}` : ''}
            </a>
            {voucher.runId && <> — <a href={href({ page: 'run', id: voucher.runId })} data-testid="voucher-run" title={voucher.runId}>{t('run {id}', { id: shortId(voucher.runId) })}</a></>}
          </>
        ) : (
          <>{t('Registered by {who}', { who: voucher.registeredBy })}</>
        )}
        {voucher.sourceRef && <span className="kt-voucher__source">{t('Source: {source}', { source: voucher.sourceRef })}</span>}
        <span className="kt-voucher__registered">{formatDateTime(voucher.registeredAt)}</span>
      </footer>
    </article>
  );
}

export function LedgerPage({ voucherId }: { voucherId?: string }) {
  const vouchers = useApi(api.vouchers, 'vouchers');
  const automations = useReferenceData((s) => s.automations);
  useEffect(() => { if (!automations) void useReferenceData.getState().loadAutomations(); }, [automations]);
  useEffect(() => {
    if (voucherId && vouchers.data) document.getElementById(`voucher-${voucherId}`)?.scrollIntoView({ block: 'center' });
  }, [voucherId, vouchers.data]);
  const names = new Map((automations ?? []).map((a) => [a.id, a.name]));
  const sorted = [...(vouchers.data ?? [])].sort(newestFirst);
  const can = useCan();
  return (
    <div className="kt-page" data-testid="ledger-page">
      <header className="kt-page__header">
        <div>
          <h1>{t('Ledger')}</h1>
          <p className="kt-page__lead">{t('Vouchers, newest first. Automated postings say which automation and run made them. Open a voucher to see why it exists or to reverse it.')}</p>
        </div>
        <div className="kt-page__tools">
          <button type="button" className="kt-button" onClick={vouchers.reload} data-testid="reload">{t('Refresh')}</button>
          {can('ledger:write') && (
            <a className="kt-button kt-button--primary" href={href({ page: 'new-voucher' })} data-testid="new-voucher">
              <Icon name="plus" size={15} /> {t('New voucher')}
            </a>
          )}
        </div>
      </header>
      {ledgerTabs('vouchers')}
      {vouchers.error && <div className="kt-empty kt-empty--error" role="alert">{t('Could not load vouchers: {error}', { error: vouchers.error.message })}</div>}
      {vouchers.loading && !vouchers.data && <div className="kt-loading">{t('Loading…')}</div>}
      {vouchers.data && sorted.length === 0 && <div className="kt-empty" data-testid="ledger-empty">{t('No vouchers yet. Post one with')} <a href={href({ page: 'new-voucher' })}>{t('New voucher')}</a>{t(', bring in earlier years under')} <a href={href({ page: 'sie' })}>{t('SIE import & export')}</a>{t(', or publish an automation to book bank lines as they arrive.')}</div>}
      <div className="kt-vouchers">
        {sorted.map((voucher) => (
          <VoucherCard key={voucher.id} voucher={voucher} highlighted={voucher.id === voucherId}
            automationName={voucher.automationId ? names.get(voucher.automationId) : undefined} />
        ))}
      </div>
    </div>
  );
}
