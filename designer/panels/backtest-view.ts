/**
 * What the Backtest panel shows, as pure functions (tested beside): the
 * default period, the words for a change, the empty state, and the account
 * table's net change.
 */
import type { BacktestAccountDelta, BacktestChange, BacktestResult, BacktestStatus } from '../../shared/backtest.ts';
import { msg, plural, t } from '../i18n/i18n.ts';

const pad = (n: number) => String(n).padStart(2, '0');
const isoDay = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

/** The last three months up to today: from the same day three months back (clamped to the month's end). */
export function defaultPeriod(today: Date = new Date()): { from: string; to: string } {
  const from = new Date(today.getFullYear(), today.getMonth() - 3, 1);
  const lastDay = new Date(from.getFullYear(), from.getMonth() + 1, 0).getDate();
  from.setDate(Math.min(today.getDate(), lastDay));
  return { from: isoDay(from), to: isoDay(today) };
}

export const changeLabel: Record<BacktestChange, string> = {
  added: msg('Would post'),
  removed: msg('Would no longer post'),
  changed: msg('Voucher changes'),
  takes_over: msg('Takes over'),
  left_to: msg('Left to another'),
  outcome: msg('Outcome changes'),
};

/** One line saying what changes for the event, naming the other automation where there is one. */
export function describeChange(change: BacktestChange, other: string | null): string {
  switch (change) {
    case 'takes_over': return t('Takes over from “{other}” (higher priority; the event is booked once)', { other: other ?? '' });
    case 'left_to': return t('Left to “{other}” (it now books the event)', { other: other ?? '' });
    case 'added': return t('Would post where nothing was posted by this automation');
    case 'removed': return t('Would no longer post; the voucher goes');
    case 'changed': return t('Would post a different voucher');
    case 'outcome': return t('Would end differently (no voucher either way)');
  }
}

export const statusLabel: Record<BacktestStatus, string> = {
  queued: msg('Waiting to start'), running: msg('backtest::Running'), done: msg('backtest::Done'), cancelled: msg('backtest::Cancelled'), failed: msg('backtest::Failed'),
};

/** What to do when no event of the trigger arrived in the period. */
export function emptyStateMessage(triggerType: string): string {
  switch (triggerType) {
    case 'bank-line-imported':
      return t('No bank lines arrived in this period — import a statement on the Bank page, or choose a longer period.');
    case 'schedule':
      return t('The schedule did not fire in this period — choose a longer period, or publish the schedule and let it run.');
    case 'manual-run':
      return t('A manual trigger has no stored events to backtest: test it on an event in the Test tab.');
    case 'supplier-invoice-arrived':
      return t('No supplier invoices arrived in this period — choose a longer period once invoices have come in.');
    default:
      return t('No events of this trigger arrived in this period — send some (webhook deliveries) or choose a longer period.');
  }
}

/** The net change of an account (debit minus credit, after minus before). */
export function netChangeMinor(row: BacktestAccountDelta): number {
  return (row.afterDebitMinor - row.afterCreditMinor) - (row.beforeDebitMinor - row.beforeCreditMinor);
}

/** Accounts whose sums change (the table shows these; the rest fold away). */
export function changedAccounts(result: BacktestResult): BacktestAccountDelta[] {
  return result.accounts.filter((a) => a.beforeDebitMinor !== a.afterDebitMinor || a.beforeCreditMinor !== a.afterCreditMinor);
}

/** The headline in one sentence: "3 of 120 events change: 2 vouchers changed, 1 removed." */
export function headline(result: BacktestResult): string {
  const { eventsConsidered, eventsChanged, vouchersAdded, vouchersRemoved, vouchersChanged, takesOver, leftTo } = result.totals;
  if (eventsConsidered === 0) return t('No events in this period.');
  if (eventsChanged === 0) return plural(eventsConsidered, 'Nothing changes on {count} event: the same vouchers as before.', 'Nothing changes on {count} events: the same vouchers as before.');
  const parts = [
    vouchersChanged && plural(vouchersChanged, '{count} voucher changed', '{count} vouchers changed'),
    vouchersAdded && t('{count} added', { count: vouchersAdded }),
    vouchersRemoved && t('{count} removed', { count: vouchersRemoved }),
    takesOver && t('takes over {count}', { count: takesOver }),
    leftTo && t('leaves {count} to others', { count: leftTo }),
  ].filter(Boolean);
  const changed = t('{changed} of {considered} events change', { changed: eventsChanged, considered: eventsConsidered });
  return `${changed}${parts.length ? `: ${parts.join(', ')}` : ''}.`;
}

/** Progress in percent (0–100), or null when the total is not known yet. */
export function progressPercent(progress: { done: number; total: number }): number | null {
  if (progress.total <= 0) return null;
  return Math.min(100, Math.round((progress.done / progress.total) * 100));
}
