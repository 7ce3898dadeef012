import { describe, expect, it } from 'vitest';
import { analyze, compile, JsonLogicError } from './index.ts';
import { balanceCalls, balanceRequestsMax, eventDateOf, resolveBalanceCall, withLedgerBalances } from './ledger-balance.ts';

const callOf = (rule: unknown) => {
  const { calls, problems } = balanceCalls(rule);
  expect(problems).toEqual([]);
  return calls[0];
};

describe('balance: what a rule asks of the ledger, known before the run', () => {
  it('collects literal and event arguments with the operator\'s path', () => {
    const rule = { '/': [{ balance: ['1790', null, { var: 'event.date' }] }, 12] };
    const { calls, problems } = balanceCalls(rule);
    expect(problems).toEqual([]);
    expect(calls).toEqual([{ path: ['/', 0], args: [{ literal: '1790' }, { literal: null }, { eventPath: 'date' }] }]);
    expect(analyze(rule).balances).toEqual(calls);
    expect(analyze(rule).vars).toEqual(['event.date']);
  });

  it('refuses what cannot be read before the run, naming the argument', () => {
    const errorsOf = (rule: unknown) => analyze(rule).errors.map((e) => [e.path.join('.'), e.message]);
    expect(errorsOf({ balance: [{ cat: ['19', '30'] }, 'period_start', 'period_end'] })).toEqual([
      ['balance.0', '"balance" reads its arguments before the run: each must be a literal or an "event.…" var, not a computed value'],
    ]);
    expect(errorsOf({ balance: [{ var: 'steps.x.account' }, 'period_start', 'period_end'] })[0][1]).toContain('a var must be a plain "event.…" path');
    expect(errorsOf({ map: [{ var: 'event.lines' }, { balance: [{ var: 'event.account' }, 'period_start', 'period_end'] }] })[0])
      .toEqual(['map.1.balance.0', '"balance" inside map/filter/reduce/all/none/some takes literal arguments only: its balances are read before the run']);
    expect(errorsOf({ balance: ['19a0', 'period_start', 'period_end'] })[0][1]).toContain('the account must be "1930" or a range "3000-3999"');
    expect(errorsOf({ balance: ['3999-3000', 'period_start', 'period_end'] })[0][1]).toContain('the account must be');
    expect(errorsOf({ balance: ['1930', 'last_week', 'period_end'] })[0][1]).toContain('from must be a date "YYYY-MM-DD" or one of period_start');
    expect(errorsOf({ balance: ['1930', 'period_start', null] })[0][1]).toContain('to must be a date');
    expect(errorsOf({ balance: ['1930', 'period_start'] })[0][1]).toBe('"balance" takes 3 arguments [account, from, to], got 2');
    const many = { '+': Array.from({ length: balanceRequestsMax + 1 }, (_, i) => ({ balance: [String(3000 + i), 'period_start', 'period_end'] })) };
    expect(errorsOf(many)).toEqual([['+.50', `The rule reads ${balanceRequestsMax + 1} balances; at most ${balanceRequestsMax} per run`]]);
    // no balance, no extra work and no extra errors
    expect(analyze({ '+': [1, 2] }).balances).toEqual([]);
  });

  it('resolves period keywords against the event\'s date, else the schedule\'s day, else the arrival day', () => {
    const call = callOf({ balance: ['3000-3999', 'previous_period_start', 'previous_period_end'] });
    expect(resolveBalanceCall(call, { date: '2026-03-15' }, '2026-11-30')).toEqual({
      values: ['3000-3999', 'previous_period_start', 'previous_period_end'],
      request: { accountFrom: '3000', accountTo: '3999', from: '2026-02-01', to: '2026-02-28' },
    });
    const month = callOf({ balance: ['1930', 'period_start', 'period_end'] });
    expect(resolveBalanceCall(month, { scheduledDate: '2028-02-02', scheduledAt: '2028-02-02T05:00:00.000Z' }, '2026-11-30')).toMatchObject({ request: { from: '2028-02-01', to: '2028-02-29' } });
    expect(resolveBalanceCall(month, {}, '2026-11-30')).toMatchObject({ request: { from: '2026-11-01', to: '2026-11-30' } });
    const fromEvent = callOf({ balance: [{ var: 'event.account' }, null, { var: 'event.date' }] });
    expect(resolveBalanceCall(fromEvent, { account: '1790', date: '2026-06-30' }, '2026-11-30')).toEqual({
      values: ['1790', null, '2026-06-30'], request: { accountFrom: '1790', accountTo: '1790', from: null, to: '2026-06-30' },
    });
    expect(resolveBalanceCall(fromEvent, { account: 1790, date: '2026-06-30' }, '2026-11-30')).toEqual({
      problem: '"balance" at the root: the account must be "1930" or a range "3000-3999", got 1790',
    });
    expect(resolveBalanceCall(callOf({ balance: ['1930', '2026-05-01', '2026-04-30'] }), {}, '2026-11-30'))
      .toEqual({ problem: '"balance" at the root: from 2026-05-01 is after to 2026-04-30' });
  });

  it('the event\'s date is, in order, date, scheduledDate, bookingDate, invoiceDate, then the day it arrived', () => {
    const previous = callOf({ balance: ['3000-3999', 'previous_period_start', 'previous_period_end'] });
    const month = callOf({ balance: ['1930', 'period_start', 'period_end'] });
    // a March bank line processed in December reads February (the month before its booking date), not November
    expect(resolveBalanceCall(previous, { bookingDate: '2026-03-14', amountMinor: -100 }, '2026-12-02')).toMatchObject({ request: { from: '2026-02-01', to: '2026-02-28' } });
    // a 00:30 Stockholm run on 1 February: scheduledAt is 31 January UTC; the local scheduledDate says February, so previous_period is January
    expect(resolveBalanceCall(previous, { scheduledAt: '2027-01-31T23:30:00.000Z', scheduledDate: '2027-02-01' }, '2027-01-31'))
      .toMatchObject({ request: { from: '2027-01-01', to: '2027-01-31' } });
    expect(resolveBalanceCall(month, { invoiceDate: '2026-07-09' }, '2026-12-02')).toMatchObject({ request: { from: '2026-07-01', to: '2026-07-31' } });
    // the order: date before scheduledDate before bookingDate before invoiceDate
    expect(resolveBalanceCall(month, { date: '2026-01-05', scheduledDate: '2026-02-05', bookingDate: '2026-03-05', invoiceDate: '2026-04-05' }, '2026-12-02'))
      .toMatchObject({ request: { from: '2026-01-01' } });
    expect(resolveBalanceCall(month, { date: 'soon', scheduledDate: '2026-02-05', bookingDate: '2026-03-05' }, '2026-12-02')).toMatchObject({ request: { from: '2026-02-01' } });
    expect(resolveBalanceCall(month, { bookingDate: '2026-03-05', invoiceDate: '2026-04-05' }, '2026-12-02')).toMatchObject({ request: { from: '2026-03-01' } });
    // no date of its own: the day it arrived
    expect(resolveBalanceCall(month, { scheduledAt: '2026-05-05T10:00:00.000Z' }, '2026-06-20')).toMatchObject({ request: { from: '2026-06-01', to: '2026-06-30' } });
    expect(eventDateOf({ bookingDate: '2026-02-30' }, '2026-06-20')).toBe('2026-06-20');
  });

  it('reads the prefetched balance, and is an error outside a run (never a silent 0)', () => {
    const rule = compile({ round: [{ '/': [{ balance: ['1790', null, { var: 'event.date' }] }, 12] }] });
    const balances = new Map([['["1790",null,"2026-06-30"]', 1_200_000]]);
    expect(withLedgerBalances(balances, () => rule({ event: { date: '2026-06-30' } }))).toBe(100_000);
    const missing = (() => { try { withLedgerBalances(balances, () => rule({ event: { date: '2026-07-31' } })); } catch (e) { return e; } })();
    expect(missing).toBeInstanceOf(JsonLogicError);
    expect((missing as JsonLogicError).message).toBe('"balance" of ["1790",null,"2026-07-31"] was not read before the run');
    expect((missing as JsonLogicError).path).toEqual(['round', 0, '/', 0]);
    expect(() => rule({ event: { date: '2026-06-30' } })).toThrow('it is evaluated only in a run (or a dry run)');
    // never folded at compile time, even with literal arguments
    const literal = compile({ balance: ['1790', '2026-01-01', '2026-01-31'] });
    expect(withLedgerBalances(new Map([['["1790","2026-01-01","2026-01-31"]', -5]]), () => literal({}))).toBe(-5);
  });
});
