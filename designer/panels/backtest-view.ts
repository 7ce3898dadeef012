/**
 * What the Backtest panel shows, as pure functions (tested beside): the
 * default period, the words for a change, the empty state, and the account
 * table's net change.
 */
import type { BacktestAccountDelta, BacktestChange, BacktestResult, BacktestStatus } from '../../shared/backtest.ts';

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
  added: 'Would post',
  removed: 'Would no longer post',
  changed: 'Voucher changes',
  takes_over: 'Takes over',
  left_to: 'Left to another',
  outcome: 'Outcome changes',
};

/** One line saying what changes for the event, naming the other automation where there is one. */
export function describeChange(change: BacktestChange, other: string | null): string {
  switch (change) {
    case 'takes_over': return `Takes over from “${other}” (higher priority; the event is booked once)`;
    case 'left_to': return `Left to “${other}” (it now books the event)`;
    case 'added': return 'Would post where nothing was posted by this automation';
    case 'removed': return 'Would no longer post; the voucher goes';
    case 'changed': return 'Would post a different voucher';
    case 'outcome': return 'Would end differently (no voucher either way)';
  }
}

export const statusLabel: Record<BacktestStatus, string> = {
  queued: 'Waiting to start', running: 'Running', done: 'Done', cancelled: 'Cancelled', failed: 'Failed',
};

/** What to do when no event of the trigger arrived in the period. */
export function emptyStateMessage(triggerType: string): string {
  switch (triggerType) {
    case 'bank-line-imported':
      return 'No bank lines arrived in this period — import a statement on the Bank page, or choose a longer period.';
    case 'schedule':
      return 'The schedule did not fire in this period — choose a longer period, or publish the schedule and let it run.';
    case 'manual-run':
      return 'A manual trigger has no stored events to backtest: test it on an event in the Test tab.';
    case 'supplier-invoice-arrived':
      return 'No supplier invoices arrived in this period — choose a longer period once invoices have come in.';
    default:
      return 'No events of this trigger arrived in this period — send some (webhook deliveries) or choose a longer period.';
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
  if (eventsConsidered === 0) return 'No events in this period.';
  if (eventsChanged === 0) return `Nothing changes on ${eventsConsidered} event${eventsConsidered === 1 ? '' : 's'}: the same vouchers as before.`;
  const parts = [
    vouchersChanged && `${vouchersChanged} voucher${vouchersChanged === 1 ? '' : 's'} changed`,
    vouchersAdded && `${vouchersAdded} added`,
    vouchersRemoved && `${vouchersRemoved} removed`,
    takesOver && `takes over ${takesOver}`,
    leftTo && `leaves ${leftTo} to others`,
  ].filter(Boolean);
  return `${eventsChanged} of ${eventsConsidered} events change${parts.length ? `: ${parts.join(', ')}` : ''}.`;
}

/** Progress in percent (0–100), or null when the total is not known yet. */
export function progressPercent(progress: { done: number; total: number }): number | null {
  if (progress.total <= 0) return null;
  return Math.min(100, Math.round((progress.done / progress.total) * 100));
}
