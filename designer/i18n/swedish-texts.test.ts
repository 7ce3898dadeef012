import { afterEach, describe, expect, it } from 'vitest';
import type { BacktestResult } from '../../shared/backtest.ts';
import { describeVoucherLines, describeRule } from '../nodes/summary.ts';
import { cardRegistry } from '../nodes/registry.ts';
import { headline } from '../panels/backtest-view.ts';
import { describePriorityTie } from '../panels/priority-tie-note.tsx';
import { useLanguage } from './i18n.ts';
import { describeActor, describeAuditAction } from '../format.ts';
import { attachmentProblem } from '../ledger/voucher-form.ts';

/** Sentences built from parts (card summaries, the backtest headline, the priority tie) read as Swedish when Swedish is on. */
const totals = (over: Partial<BacktestResult['totals']>): BacktestResult => ({
  totals: {
    eventsConsidered: 0, eventsChanged: 0, vouchersAdded: 0, vouchersRemoved: 0, vouchersChanged: 0, takesOver: 0, leftTo: 0,
    before: { posted: 0, noMatch: 0, flagged: 0, failed: 0, notRun: 0, vouchers: 0, unbooked: 0 },
    after: { posted: 0, noMatch: 0, flagged: 0, failed: 0, notRun: 0, vouchers: 0, unbooked: 0 }, ...over,
  },
  accounts: [], differences: [], differencesLeftOff: 0, approximations: [], triggerType: 'bank-line-imported',
});

describe('built sentences in Swedish', () => {
  afterEach(() => useLanguage.getState().setLanguage('en'));

  it('summarises a rule and a voucher on the canvas cards', () => {
    useLanguage.getState().setLanguage('sv');
    const rule = { and: [{ '<': [{ var: 'event.amountMinor' }, 0] }, { or: [{ icontains: [{ var: 'event.text' }, 'avgift'] }, { '!': { var: 'event.reference' } }] }] };
    expect(describeRule(rule)).toBe('amountMinor < 0 och (text innehåller "avgift" eller inte reference)');
    expect(describeVoucherLines([{ account: '6570', side: 'debit' }, { account: '1930', side: 'credit' }])).toBe('6570 D / 1930 K');
    expect(describeVoucherLines([])).toBe('Inga rader än');
    expect(cardRegistry.schedule.summary({ mode: 'fiscal', fiscal: 'last_day_of_period', time: '07:00' }, {} as never)).toBe('Sista dagen kl. 07:00');
    expect(cardRegistry.switch.summary({ cases: [{}, {}] }, {} as never)).toBe('2 fall + standard');
  });

  it('says the backtest headline', () => {
    useLanguage.getState().setLanguage('sv');
    expect(headline(totals({ eventsConsidered: 120, eventsChanged: 3, vouchersChanged: 2, vouchersRemoved: 1 })))
      .toBe('3 av 120 händelser ändras: 2 verifikationer ändrade, 1 borttagna.');
    expect(headline(totals({ eventsConsidered: 1 }))).toBe('Inget ändras för 1 händelse: samma verifikationer som förut.');
    useLanguage.getState().setLanguage('en');
    expect(headline(totals({ eventsConsidered: 120, eventsChanged: 3, vouchersChanged: 2, vouchersRemoved: 1 })))
      .toBe('3 of 120 events change: 2 vouchers changed, 1 removed.');
  });

  it('explains a priority tie', () => {
    useLanguage.getState().setLanguage('sv');
    expect(describePriorityTie('b', 100, [{ id: 'a', name: 'Bankavgifter' }, { id: 'c', name: 'Ränta' }]))
      .toBe('Samma prioritet (100) som "Bankavgifter" och "Ränta": vilken som bokför en händelse först avgörs av id ("Bankavgifter" går först); ge en av dem en annan prioritet');
  });
});

describe('the audit log\'s words and a file\'s checks, in Swedish', () => {
  afterEach(() => useLanguage.setState({ language: 'en' }));

  it('says actions and actors in the language shown', () => {
    expect(describeAuditAction('period.lock')).toBe('Period locked');
    expect(describeActor('system:worker')).toBe('System (worker)');
    useLanguage.setState({ language: 'sv' });
    expect(describeAuditAction('period.lock')).toBe('Period låst');
    expect(describeAuditAction('something.new')).toBe('something.new');
    expect(describeActor('user:1', { self: 'user:1' })).toBe('Du');
    expect(describeActor('system:worker')).toBe('Systemet (worker)');
    expect(describeActor('system')).toBe('Systemet');
    expect(attachmentProblem({ name: 'tom.pdf', type: 'application/pdf', size: 0 })).toBe('tom.pdf är tom');
  });
});
