/**
 * Exchange rates: kronor per unit of another currency, one per day. Set one by hand or paste a CSV
 * or Riksbanken's published rates; a day's different rate is corrected only when asked (vouchers
 * keep the rate they were booked at). Booking paths use the rate of a line's day, or the latest of
 * the 4 days before it (runtime/domains/currency/rates.ts).
 */
import { useState } from 'react';
import { api } from '../api/client.ts';
import { useCan } from '../api/session.ts';
import { useApi } from '../api/use-api.ts';
import { describeActor, formatDate } from '../format.ts';
import { formCurrencies } from '../ledger/voucher-form.ts';
import { todayLocal } from '../ledger/periods.ts';
import { ErrorLine, ReadOnlyNote, ledgerTabs } from './parts.tsx';
import { t } from '../i18n/i18n.ts';

export function ExchangeRatesPage() {
  const rates = useApi(() => api.exchangeRates(), 'exchange-rates-page');
  const can = useCan();
  const write = can('ledger:write');
  const [date, setDate] = useState(todayLocal());
  const [currency, setCurrency] = useState('EUR');
  const [rate, setRate] = useState('');
  const [paste, setPaste] = useState('');
  const [replace, setReplace] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const send = async (body: Parameters<typeof api.setExchangeRates>[0]) => {
    setBusy(true); setError(null); setNotice(null);
    try {
      const done = await api.setExchangeRates({ ...body, ...(replace ? { replace: true } : {}) });
      setNotice(t('{added} added, {corrected} corrected, {unchanged} already so', { added: done.created, corrected: done.corrected, unchanged: done.unchanged }));
      setRate(''); setPaste('');
      rates.reload();
    } catch (thrown) { setError(thrown); } finally { setBusy(false); }
  };
  return (
    <div className="kt-page" data-testid="exchange-rates-page">
      <header className="kt-page__header">
        <div>
          <h1>{t('Ledger')}</h1>
          <p className="kt-page__lead">{t('Kronor per unit of another currency, one rate a day. A bank line, a fee or a payment in another currency is booked at its day\'s rate (or the latest of the 4 days before); without one it waits in the exceptions inbox — it is never booked as kronor.')}</p>
        </div>
      </header>
      {ledgerTabs('rates')}
      {write ? (
        <section className="kt-section kt-rates__forms">
          <form className="kt-rates__form" data-testid="rate-form" onSubmit={(e) => { e.preventDefault(); void send({ rates: [{ currency, date, rate: rate.trim().replace(',', '.') }] }); }}>
            <h2>{t('Set a rate')}</h2>
            <div className="kt-rates__fields">
              <label className="kt-field__label">{t('Date')} <input type="date" className="kt-input" required value={date} data-testid="rate-date" onChange={(e) => setDate(e.target.value)} /></label>
              <label className="kt-field__label">{t('Currency')}
                <select className="kt-input" value={currency} data-testid="rate-currency" onChange={(e) => setCurrency(e.target.value)}>
                  {formCurrencies.filter((c) => c !== 'SEK').map((c) => <option key={c} value={c}>{c}</option>)}
                </select></label>
              <label className="kt-field__label">{t('Kronor per {currency}', { currency })}
                <input className="kt-input kt-num" inputMode="decimal" required placeholder="11,4523" value={rate} data-testid="rate-value" onChange={(e) => setRate(e.target.value)} /></label>
              <button type="submit" className="kt-button kt-button--primary" disabled={busy || !rate.trim()} data-testid="rate-save">{t('Save rate')}</button>
            </div>
          </form>
          <form className="kt-rates__form" data-testid="rate-import" onSubmit={(e) => { e.preventDefault(); void send({ csv: paste }); }}>
            <h2>{t('Paste rates')}</h2>
            <textarea className="kt-input kt-mono" rows={4} value={paste} data-testid="rate-paste" onChange={(e) => setPaste(e.target.value)}
              placeholder={`${t('date;currency;rate — or Riksbanken\'s table as it is:')}\n2026-11-03;EUR;11,4523\n2026-11-03;SEKUSDPMI;10,1200`} />
            <div className="kt-rates__fields">
              <label className="kt-checkbox"><input type="checkbox" checked={replace} data-testid="rate-replace" onChange={(e) => setReplace(e.target.checked)} /> {t('Correct a day that has another rate')}</label>
              <button type="submit" className="kt-button" disabled={busy || !paste.trim()} data-testid="rate-import-submit">{t('Import')}</button>
            </div>
          </form>
        </section>
      ) : <ReadOnlyNote>{t('Setting rates needs the “ledger:write” permission.')}</ReadOnlyNote>}
      <ErrorLine error={error} testId="rate-error" />
      {notice && <p className="kt-chip kt-chip--ok" role="status" data-testid="rate-notice">{notice}</p>}
      <ErrorLine error={rates.error} testId="rates-load-error" />
      <table className="kt-table kt-section" data-testid="rates-table">
        <thead><tr><th>{t('Date')}</th><th>{t('Currency')}</th><th className="kt-num">{t('Kronor per unit')}</th><th>{t('Source')}</th><th>{t('Set by')}</th></tr></thead>
        <tbody>
          {(rates.data?.rates ?? []).map((r) => (
            <tr key={`${r.currency}-${r.date}`} data-testid="rate-row" data-currency={r.currency} data-date={r.date}>
              <td>{formatDate(r.date)}</td><td>{r.currency}</td><td className="kt-num kt-mono">{r.rate.replace('.', ',')}</td>
              <td>{r.source}</td><td className="kt-table__secondary">{describeActor(r.setBy)}</td>
            </tr>
          ))}
          {rates.data && rates.data.rates.length === 0 && <tr><td colSpan={5} className="kt-muted">{t('No rates yet.')}</td></tr>}
        </tbody>
      </table>
    </div>
  );
}
