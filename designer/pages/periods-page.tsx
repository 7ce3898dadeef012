/**
 * Periods (months) per fiscal year, open or locked; Lock, and Unlock with a reason (audited).
 * Per fiscal year: "Close the year…" (the result to 2099, balances carried into the next year, the
 * periods locked; runtime/ledger/year-end.ts) and "Re-open…" with a reason.
 */
import { useEffect, useState } from 'react';
import type { FiscalYear, Period, YearEnd } from '../../shared/api.ts';
import { api } from '../api/client.ts';
import { useCan } from '../api/session.ts';
import { useApi } from '../api/use-api.ts';
import { formatDate, formatMinor } from '../format.ts';
import { fiscalYearsOf, periodsOfYear, todayLocal } from '../ledger/periods.ts';
import { href } from '../router.ts';
import { Dialog, ErrorLine, ReadOnlyNote, ReasonField, ledgerTabs, useReasonSubmit } from './parts.tsx';
import { t } from '../i18n/i18n.ts';

function UnlockDialog({ period, onClose, onDone }: { period: Period; onClose(): void; onDone(): void }) {
  const { reason, setReason, busy, error, submit } = useReasonSubmit(async (why) => { await api.setPeriod(period.period, 'unlock', why); onDone(); },
    t('Give a reason: it is recorded in the audit log'));
  return (
    <Dialog title={t('Unlock {period}?', { period: period.period })} testId="unlock-dialog" onClose={onClose} onSubmit={() => void submit()}
      lead={t('Vouchers can then be posted in this period again. The reason is recorded in the audit log with your name.')}>
      <ReasonField id="unlock-reason" label={t('Reason')} value={reason} onChange={setReason} maxLength={500} error={error} testId="unlock"
        placeholder={t('e.g. Late supplier invoice for November must be booked')} />
      <div className="kt-modal__actions">
        <button type="button" className="kt-button kt-button--ghost" onClick={onClose}>{t('Cancel')}</button>
        <button type="submit" className="kt-button kt-button--primary" disabled={busy} data-testid="unlock-confirm">{busy ? t('Unlocking…') : t('Unlock period')}</button>
      </div>
    </Dialog>
  );
}

/** The year-end figures of a year, loaded when a dialog opens. */
function useYearEnd(year: number) {
  const [yearEnd, setYearEnd] = useState<YearEnd | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    api.yearEnd(year).then((y) => { if (live) setYearEnd(y); }, (thrown: unknown) => { if (live) setError(thrown); });
    return () => { live = false; };
  }, [year]);
  return { yearEnd, error };
}

function CarriedBalances({ yearEnd }: { yearEnd: YearEnd }) {
  if (!yearEnd.balances.length) return <p className="kt-muted">{t('No balance-sheet account has a balance to carry.')}</p>;
  return (
    <div className="kt-year-end__balances">
      <table className="kt-table kt-table--compact" data-testid="year-end-balances">
        <thead><tr><th>{t('Account')}</th><th>{t('Name')}</th><th className="kt-num">{t('Debit')}</th><th className="kt-num">{t('Credit')}</th></tr></thead>
        <tbody>
          {yearEnd.balances.map((b) => {
            const amount = BigInt(b.closingMinor);
            return (
              <tr key={b.account} data-account={b.account}>
                <td>{b.account}</td><td>{b.name}</td>
                <td className="kt-num">{amount > 0n ? formatMinor(amount) : ''}</td>
                <td className="kt-num">{amount < 0n ? formatMinor(-amount) : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function resultSentence(resultMinor: YearEnd['resultMinor']): string {
  const result = BigInt(resultMinor);
  if (result === 0n) return t('The year’s result is zero: no closing voucher is needed.');
  return result > 0n
    ? t('The year’s profit of {amount} is booked to equity: 8999 Årets resultat debit, 2099 Årets resultat credit.', { amount: formatMinor(result) })
    : t('The year’s loss of {amount} is booked to equity: 8999 Årets resultat credit, 2099 Årets resultat debit.', { amount: formatMinor(-result) });
}

function CloseYearDialog({ year, onClose, onDone }: { year: FiscalYear; onClose(): void; onDone(): void }) {
  const { yearEnd, error: loadError } = useYearEnd(year.year);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    setBusy(true);
    try {
      await api.closeYear(year.year);
      onDone();
    } catch (thrown) {
      setError(thrown);
      setBusy(false);
    }
  };
  return (
    <Dialog title={t('Close fiscal year {year}?', { year: year.year })} testId="close-year-dialog" wide onClose={onClose} onSubmit={() => void submit()}
      lead={t('{from} – {to}. In one step: the result is booked on the year’s last day, every balance-sheet account’s closing balance becomes the next year’s opening balance, and all the year’s periods are locked. It can be re-opened later, with a reason.', { from: formatDate(year.startDate), to: formatDate(year.endDate) })}>
      <ErrorLine error={loadError} testId="close-year-load-error" />
      {!yearEnd && !loadError && <div className="kt-loading">{t('Computing the closing balances…')}</div>}
      {yearEnd && (
        <>
          <p data-testid="year-end-result">{resultSentence(yearEnd.resultMinor)}</p>
          {yearEnd.nextFiscalYear !== null && <p className="kt-muted">{t('Carried into fiscal year {year} as opening balances:', { year: yearEnd.nextFiscalYear })}</p>}
          <CarriedBalances yearEnd={yearEnd} />
          {yearEnd.refusal && <div className="kt-empty kt-empty--error" role="alert" data-testid="year-end-refusal">{yearEnd.refusal.message}</div>}
        </>
      )}
      <ErrorLine error={error} testId="close-year-error" />
      <div className="kt-modal__actions">
        <button type="button" className="kt-button kt-button--ghost" onClick={onClose}>{t('Cancel')}</button>
        <button type="submit" className="kt-button kt-button--primary" disabled={busy || !yearEnd || yearEnd.refusal !== null} data-testid="close-year-confirm">
          {busy ? t('Closing…') : t('Close {year}', { year: year.year })}
        </button>
      </div>
    </Dialog>
  );
}

/** A closed year whose next year does not open with what a close carries (closed by an earlier release): say to re-open and close it again. */
function OpeningCheckWarning({ year }: { year: number }) {
  const { yearEnd } = useYearEnd(year);
  const message = yearEnd?.openingCheck?.message;
  if (!message) return null;
  return <div className="kt-notice kt-notice--error kt-year-end__check" role="alert" data-testid="year-end-opening-check">{message}</div>;
}

function ReopenYearDialog({ year, onClose, onDone }: { year: FiscalYear; onClose(): void; onDone(): void }) {
  const { yearEnd } = useYearEnd(year.year);
  const { reason, setReason, busy, error, submit } = useReasonSubmit(async (why) => { await api.reopenYear(year.year, why); onDone(); },
    t('Give a reason: it is recorded in the audit log'));
  return (
    <Dialog title={t('Re-open fiscal year {year}?', { year: year.year })} testId="reopen-year-dialog" onClose={onClose} onSubmit={() => void submit()}
      lead={t('The closing voucher is corrected by a reversing voucher (nothing is deleted), the balances carried into the next year are taken back out, and the year’s periods are unlocked. Close the year again when the corrections are booked. The reason is recorded in the audit log with your name.')}>
      {yearEnd?.refusal && <div className="kt-empty kt-empty--error" role="alert" data-testid="year-end-refusal">{yearEnd.refusal.message}</div>}
      <ReasonField id="reopen-reason" label={t('Reason')} value={reason} onChange={setReason} maxLength={500} error={error} testId="reopen"
        placeholder={t('e.g. A supplier invoice for December arrived after the close')} />
      <div className="kt-modal__actions">
        <button type="button" className="kt-button kt-button--ghost" onClick={onClose}>{t('Cancel')}</button>
        <button type="submit" className="kt-button kt-button--primary" disabled={busy || !!yearEnd?.refusal} data-testid="reopen-confirm">
          {busy ? t('Re-opening…') : t('Re-open {year}', { year: year.year })}
        </button>
      </div>
    </Dialog>
  );
}

export function PeriodsPage() {
  const periods = useApi(api.periods, 'periods-page');
  const years = useApi(api.fiscalYears, 'periods-page-years');
  const [closing, setClosing] = useState<FiscalYear | null>(null);
  const [reopening, setReopening] = useState<FiscalYear | null>(null);
  const reloadAll = () => { periods.reload(); years.reload(); };
  const can = useCan();
  const manage = can('periods:manage');
  const [unlocking, setUnlocking] = useState<Period | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const today = todayLocal();
  const lock = async (period: Period) => {
    setBusy(period.period);
    setError(null);
    try { await api.setPeriod(period.period, 'lock'); periods.reload(); } catch (thrown) { setError(thrown); } finally { setBusy(null); }
  };
  return (
    <div className="kt-page" data-testid="periods-page">
      <header className="kt-page__header">
        <div>
          <h1>{t('Ledger')}</h1>
          <p className="kt-page__lead">{t('Lock a period when it is closed: nothing can be posted in it until it is unlocked, with a reason.')}</p>
        </div>
        <a className="kt-button kt-button--ghost" href={href({ page: 'audit', action: 'period.' })}>{t('Period changes in the audit log')}</a>
      </header>
      {ledgerTabs('periods')}
      {!manage && <ReadOnlyNote>{t('Locking and unlocking needs the “periods:manage” permission.')}</ReadOnlyNote>}
      <ErrorLine error={error} />
      {periods.error && <div className="kt-empty kt-empty--error" role="alert">{t('Could not load periods: {error}', { error: periods.error.message })}</div>}
      {periods.loading && !periods.data && <div className="kt-loading">{t('Loading…')}</div>}
      {periods.data && fiscalYearsOf(periods.data).map((year) => {
        const inYear = periodsOfYear(periods.data!, year);
        const locked = inYear.filter((p) => p.status === 'locked').length;
        const fiscalYear = years.data?.find((y) => y.year === year);
        const closed = fiscalYear?.status === 'closed';
        return (
          <section key={year} className="kt-section" data-testid={`fiscal-year-${year}`} data-year-status={fiscalYear?.status}>
            <div className="kt-year-end__header">
              <h2>{t('Fiscal year {year}', { year })} <span className="kt-muted kt-h2-meta">{t('{locked} of {count} locked', { locked, count: inYear.length })}</span>
                {closed && <span className="kt-chip kt-chip--locked kt-chip--spaced" data-testid="year-closed">{t('Closed')}</span>}
                {closed && fiscalYear.closingVoucherId && (
                  <a className="kt-h2-meta" href={href({ page: 'voucher', id: fiscalYear.closingVoucherId })} data-testid="closing-voucher">{t('Closing voucher')}</a>
                )}
              </h2>
              {manage && fiscalYear && !closed && (
                <button type="button" className="kt-button kt-button--small" data-testid="close-year" onClick={() => setClosing(fiscalYear)}>{t('Close the year…')}</button>
              )}
              {manage && fiscalYear && closed && (
                <button type="button" className="kt-button kt-button--small" data-testid="reopen-year" onClick={() => setReopening(fiscalYear)}>{t('Re-open…')}</button>
              )}
            </div>
            {closed && <OpeningCheckWarning year={year} />}
            <table className="kt-table kt-table--middle" data-testid={`periods-${year}`}>
              <thead><tr><th>{t('Period')}</th><th>{t('Dates')}</th><th>{t('Status')}</th><th /></tr></thead>
              <tbody>
                {inYear.map((period) => (
                  <tr key={period.period} data-testid="period-row" data-period={period.period} data-status={period.status}
                    className={period.startDate <= today && today <= period.endDate ? 'is-current' : ''}>
                    <td className="kt-table__primary">{period.period}
                      {period.startDate <= today && today <= period.endDate && <span className="kt-chip kt-chip--info kt-chip--spaced">{t('Current')}</span>}</td>
                    <td className="kt-nowrap kt-muted">{formatDate(period.startDate)} – {formatDate(period.endDate)}</td>
                    <td>{period.status === 'locked'
                      ? <span className="kt-chip kt-chip--locked" data-testid="period-status">{t('Locked')}</span>
                      : <span className="kt-chip kt-chip--ok" data-testid="period-status">{t('period status::Open')}</span>}</td>
                    <td className="kt-table__actions">
                      {manage && period.status === 'open' && (
                        <button type="button" className="kt-button kt-button--small" disabled={busy !== null} data-testid="period-lock"
                          onClick={() => void lock(period)}>{busy === period.period ? t('Locking…') : t('Lock')}</button>
                      )}
                      {manage && period.status === 'locked' && !closed && (
                        <button type="button" className="kt-button kt-button--small" data-testid="period-unlock" onClick={() => setUnlocking(period)}>{t('Unlock…')}</button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
      {unlocking && <UnlockDialog period={unlocking} onClose={() => setUnlocking(null)} onDone={() => { setUnlocking(null); periods.reload(); }} />}
      {closing && <CloseYearDialog year={closing} onClose={() => setClosing(null)} onDone={() => { setClosing(null); reloadAll(); }} />}
      {reopening && <ReopenYearDialog year={reopening} onClose={() => setReopening(null)} onDone={() => { setReopening(null); reloadAll(); }} />}
    </div>
  );
}
