/** An imported voucher as its SIE file had it: number, registration date, signature, and the rows removed (#BTRANS) or added (#RTRANS) before export. */
import type { Voucher } from '../../shared/api.ts';
import { formatDate, formatMinor } from '../format.ts';
import { t } from '../i18n/i18n.ts';

export function ImportedVoucherHistory({ voucher }: { voucher: Voucher }) {
  const imported = voucher.imported;
  if (!imported) return null;
  const currency = voucher.lines[0]?.currency ?? 'SEK';
  return (
    <section className="kt-section" data-testid="voucher-imported" aria-label={t('As imported from SIE')}>
      <h2>{t('As imported')} <span className="kt-h2-meta kt-muted">{t('SIE file: voucher {series} {number}', { series: imported.series || '—', number: imported.number || '—' })}
        {imported.registeredDate && <> · {t('registered {date}', { date: formatDate(imported.registeredDate) })}</>}
        {imported.sign && <> · {t('signed {sign}', { sign: imported.sign })}</>}</span></h2>
      {imported.history.length === 0 ? (
        <p className="kt-muted" data-testid="voucher-imported-no-history">{t('The file records no changes to this voucher.')}</p>
      ) : (
        <table className="kt-table kt-report" data-testid="voucher-history">
          <thead>
            <tr><th>{t('Change')}</th><th>{t('Date')}</th><th>{t('Signed')}</th><th>{t('Account')}</th><th>{t('Dimensions')}</th><th>{t('Text')}</th><th className="kt-num">{t('Amount')}</th></tr>
          </thead>
          <tbody>
            {imported.history.map((row, i) => (
              <tr key={i} data-testid="voucher-history-row" data-kind={row.kind} data-account={row.account} data-amount={row.amountMinor}>
                <td><span className={`kt-chip${row.kind === 'removed' ? ' kt-chip--attention' : ''}`}>{row.kind === 'removed' ? t('Removed (#BTRANS)') : t('Added (#RTRANS)')}</span></td>
                <td>{row.transDate ? formatDate(row.transDate) : '—'}</td>
                <td>{row.sign ?? '—'}</td>
                <td className="kt-mono">{row.account}</td>
                <td className="kt-mono">{row.objects.map((o) => `${o.dimension}=${o.id}`).join(' ')}</td>
                <td className="kt-table__secondary">{row.text ?? ''}</td>
                <td className="kt-num">{formatMinor(row.amountMinor, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {imported.history.length > 0 && (
        <p className="kt-muted kt-footnote">{t('History from the file, kept as it was written. The lines above are the voucher as it stands (the file\'s #TRANS rows); the changes are not posted again.')}</p>
      )}
    </section>
  );
}
