/** Periods (months) per fiscal year, open or locked; Lock, and Unlock with a reason (audited). */
import { useState } from 'react';
import type { Period } from '../../shared/api.ts';
import { api } from '../api/client.ts';
import { useCan } from '../api/session.ts';
import { useApi } from '../api/use-api.ts';
import { formatDate } from '../format.ts';
import { fiscalYearsOf, periodsOfYear, todayLocal } from '../ledger/periods.ts';
import { href } from '../router.ts';
import { Dialog, ErrorLine, ReadOnlyNote, ledgerTabs } from './parts.tsx';

function UnlockDialog({ period, onClose, onDone }: { period: Period; onClose(): void; onDone(): void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async () => {
    if (!reason.trim()) { setError(new Error('Give a reason: it is recorded in the audit log')); return; }
    setBusy(true);
    try {
      await api.setPeriod(period.period, 'unlock', reason.trim());
      onDone();
    } catch (thrown) {
      setError(thrown);
      setBusy(false);
    }
  };
  return (
    <Dialog title={`Unlock ${period.period}?`} testId="unlock-dialog" onClose={onClose} onSubmit={() => void submit()}
      lead="Vouchers can then be posted in this period again. The reason is recorded in the audit log with your name.">
      <label className="kt-field__label" htmlFor="unlock-reason">Reason</label>
      <textarea id="unlock-reason" className="kt-input" rows={3} maxLength={500} autoFocus value={reason} data-testid="unlock-reason"
        placeholder="e.g. Late supplier invoice for November must be booked" onChange={(e) => { setReason(e.target.value); setError(null); }} />
      <ErrorLine error={error} testId="unlock-error" />
      <div className="kt-modal__actions">
        <button type="button" className="kt-button kt-button--ghost" onClick={onClose}>Cancel</button>
        <button type="submit" className="kt-button kt-button--primary" disabled={busy} data-testid="unlock-confirm">{busy ? 'Unlocking…' : 'Unlock period'}</button>
      </div>
    </Dialog>
  );
}

export function PeriodsPage() {
  const periods = useApi(api.periods, 'periods-page');
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
          <h1>Ledger</h1>
          <p className="kt-page__lead">Lock a period when it is closed: nothing can be posted in it until it is unlocked, with a reason.</p>
        </div>
        <a className="kt-button kt-button--ghost" href={href({ page: 'audit', action: 'period.' })}>Period changes in the audit log</a>
      </header>
      {ledgerTabs('periods')}
      {!manage && <ReadOnlyNote>Locking and unlocking needs the “periods:manage” permission.</ReadOnlyNote>}
      <ErrorLine error={error} />
      {periods.error && <div className="kt-empty kt-empty--error" role="alert">Could not load periods: {periods.error.message}</div>}
      {periods.loading && !periods.data && <div className="kt-loading">Loading…</div>}
      {periods.data && fiscalYearsOf(periods.data).map((year) => {
        const inYear = periodsOfYear(periods.data!, year);
        const locked = inYear.filter((p) => p.status === 'locked').length;
        return (
          <section key={year} className="kt-section">
            <h2>Fiscal year {year} <span className="kt-muted kt-h2-meta">{locked} of {inYear.length} locked</span></h2>
            <table className="kt-table kt-table--middle" data-testid={`periods-${year}`}>
              <thead><tr><th>Period</th><th>Dates</th><th>Status</th><th /></tr></thead>
              <tbody>
                {inYear.map((period) => (
                  <tr key={period.period} data-testid="period-row" data-period={period.period} data-status={period.status}
                    className={period.startDate <= today && today <= period.endDate ? 'is-current' : ''}>
                    <td className="kt-table__primary">{period.period}
                      {period.startDate <= today && today <= period.endDate && <span className="kt-chip kt-chip--info kt-chip--spaced">Current</span>}</td>
                    <td className="kt-nowrap kt-muted">{formatDate(period.startDate)} – {formatDate(period.endDate)}</td>
                    <td>{period.status === 'locked'
                      ? <span className="kt-chip kt-chip--locked" data-testid="period-status">Locked</span>
                      : <span className="kt-chip kt-chip--ok" data-testid="period-status">Open</span>}</td>
                    <td className="kt-table__actions">
                      {manage && period.status === 'open' && (
                        <button type="button" className="kt-button kt-button--small" disabled={busy !== null} data-testid="period-lock"
                          onClick={() => void lock(period)}>{busy === period.period ? 'Locking…' : 'Lock'}</button>
                      )}
                      {manage && period.status === 'locked' && (
                        <button type="button" className="kt-button kt-button--small" data-testid="period-unlock" onClick={() => setUnlocking(period)}>Unlock…</button>
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
    </div>
  );
}
