import { afterEach, describe, expect, it } from 'vitest';
import { useLanguage } from '../i18n/i18n.ts';
import { exceptionReasonText, matchTitle, outcomeText } from './bank-line-actions.tsx';
import { bankLineIdOf } from './exceptions-page.tsx';

const nbsp = (text: string) => text.replace(/[\s\u00a0\u202f]/g, ' ');

describe('a bank line in words', () => {
  it('says the outcome, with the exception reason and the rule\'s account', () => {
    expect(outcomeText({ kind: 'exception', allocations: [], exceptionReason: 'below_threshold' })).toBe('Exception: no candidate is certain enough');
    expect(outcomeText({ kind: 'exception', allocations: [], exceptionReason: 'some_new_reason' })).toBe('Exception: some new reason');
    expect(outcomeText({ kind: 'bank_rule', allocations: [], account: '6570' })).toBe('Bank rule (6570)');
    expect(outcomeText({ kind: 'multi', allocations: [] })).toBe('Several invoices');
    expect(exceptionReasonText(undefined)).toBe('needs a person');
  });

  it('says what a one-click match does: the smaller of the payment and the open amount', () => {
    expect(nbsp(matchTitle(1_562_500, 'F1002', 1_562_500, 'SEK', '2420'))).toBe('Settle invoice F1002 with 15 625,00 kr: the invoice is paid in full');
    expect(nbsp(matchTitle(1_000_000, 'F1002', 1_562_500, 'SEK', '2420'))).toBe('Settle invoice F1002 with 10 000,00 kr; 5 625,00 kr stays open on the invoice');
    expect(nbsp(matchTitle(2_000_000, 'F1002', 1_562_500, 'SEK', '2420')))
      .toBe('Settle invoice F1002 with 15 625,00 kr; the excess 4 375,00 kr becomes a customer credit on 2420');
  });

  it('finds the bank line of an inbox item', () => {
    expect(bankLineIdOf('bank-line:E2E-0002:1')).toBe('E2E-0002:1');
    expect(bankLineIdOf('webhook-delivery:1')).toBeNull();
    expect(bankLineIdOf('bank-line:')).toBeNull();
    expect(bankLineIdOf(null)).toBeNull();
  });
});

describe('a bank line in words, in Swedish', () => {
  afterEach(() => useLanguage.setState({ language: 'en' }));
  it('says the outcome and a one-click match in the chosen language', () => {
    useLanguage.setState({ language: 'sv' });
    expect(outcomeText({ kind: 'exception', allocations: [], exceptionReason: 'no_match' })).toBe('Avvikelse: ingen faktura matchar');
    expect(outcomeText({ kind: 'bank_rule', allocations: [], account: '6570' })).toBe('Bankregel (6570)');
    expect(nbsp(matchTitle(1_562_500, 'F1002', 1_562_500, 'SEK', '2420'))).toBe('Reglera faktura F1002 med 15 625,00 kr: fakturan är helt betald');
  });
});
