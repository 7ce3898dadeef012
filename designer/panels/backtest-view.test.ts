import { describe, expect, it } from 'vitest';
import type { BacktestResult } from '../../shared/backtest.ts';
import { changedAccounts, defaultPeriod, describeChange, emptyStateMessage, headline, netChangeMinor, progressPercent } from './backtest-view.ts';

const result = (totals: Partial<BacktestResult['totals']>, accounts: BacktestResult['accounts'] = []): BacktestResult => ({
  totals: {
    eventsConsidered: 0, eventsChanged: 0, vouchersAdded: 0, vouchersRemoved: 0, vouchersChanged: 0, takesOver: 0, leftTo: 0,
    before: { posted: 0, noMatch: 0, flagged: 0, failed: 0, notRun: 0, vouchers: 0, unbooked: 0 },
    after: { posted: 0, noMatch: 0, flagged: 0, failed: 0, notRun: 0, vouchers: 0, unbooked: 0 }, ...totals,
  },
  accounts, differences: [], differencesLeftOff: 0, approximations: [], triggerType: 'bank-line-imported',
});

describe('backtest view', () => {
  it('defaults to the last three months, clamping the day to the month', () => {
    expect(defaultPeriod(new Date(2026, 11, 4))).toEqual({ from: '2026-09-04', to: '2026-12-04' });
    expect(defaultPeriod(new Date(2026, 4, 31))).toEqual({ from: '2026-02-28', to: '2026-05-31' });
    expect(defaultPeriod(new Date(2026, 1, 10))).toEqual({ from: '2025-11-10', to: '2026-02-10' });
  });

  it('says what to do when no event arrived, by trigger', () => {
    expect(emptyStateMessage('bank-line-imported')).toMatch(/import a statement on the Bank page/);
    expect(emptyStateMessage('schedule')).toMatch(/schedule did not fire/);
    expect(emptyStateMessage('webhook-received')).toMatch(/webhook deliveries/);
  });

  it('names the other automation of a takeover', () => {
    expect(describeChange('takes_over', 'bank-fees')).toBe('Takes over from “bank-fees” (higher priority; the event is booked once)');
    expect(describeChange('left_to', 'fees-fallback')).toMatch(/Left to “fees-fallback”/);
  });

  it('sums up in one sentence', () => {
    expect(headline(result({ eventsConsidered: 0 }))).toBe('No events in this period.');
    expect(headline(result({ eventsConsidered: 12 }))).toBe('Nothing changes on 12 events: the same vouchers as before.');
    expect(headline(result({ eventsConsidered: 12, eventsChanged: 3, vouchersChanged: 2, vouchersRemoved: 1 })))
      .toBe('3 of 12 events change: 2 vouchers changed, 1 removed.');
  });

  it('net change per account and only the accounts that change', () => {
    const moved = { account: '6570', currency: 'SEK', beforeDebitMinor: 6500, beforeCreditMinor: 0, afterDebitMinor: 0, afterCreditMinor: 0 };
    const same = { account: '1930', currency: 'SEK', beforeDebitMinor: 0, beforeCreditMinor: 6500, afterDebitMinor: 0, afterCreditMinor: 6500 };
    expect(netChangeMinor(moved)).toBe(-6500);
    expect(netChangeMinor(same)).toBe(0);
    expect(changedAccounts(result({}, [moved, same]))).toEqual([moved]);
  });

  it('progress in percent, unknown without a total', () => {
    expect(progressPercent({ done: 0, total: 0 })).toBeNull();
    expect(progressPercent({ done: 50, total: 200 })).toBe(25);
  });
});
