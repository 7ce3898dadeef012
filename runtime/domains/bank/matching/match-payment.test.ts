import { describe, expect, it } from 'vitest';
import { createMatcher, MatchError, paymentFromStatementLine, formatAmount, type MatchDecision } from './match-payment.ts';
import { defaultMatchSettings, matchSettingsSchema } from './settings.ts';
import { invoice, ocrCheckOnly, ocrWithLength, payment, sampleInvoices } from './fixtures/open-invoices.ts';
import type { StatementLine } from '../../../formats/bank-statement.ts';

const matcher = (settings = {}) => createMatcher(sampleInvoices(), settings);
const numbers = (decision: MatchDecision) => decision.allocations.map((a) => [a.invoiceNumber, a.amountMinor]);
const candidateNumbers = (decision: MatchDecision) => decision.candidates.map((c) => c.invoiceNumber);

describe('settings', () => {
  it('has defaults and a schema the node descriptor can reuse', () => {
    expect(defaultMatchSettings).toEqual({ thresholdScore: 0.8, dateWindowDays: 60, allowPartial: true, allowOverpayment: false, invoicesMax: 5 });
    expect(matchSettingsSchema.parse({ invoicesMax: 2 }).thresholdScore).toBe(0.8);
    expect(matchSettingsSchema.safeParse({ thresholdScore: 1.5 }).success).toBe(false);
    expect(matchSettingsSchema.safeParse({ invoicesMax: 21 }).success).toBe(false);
    expect(matchSettingsSchema.safeParse({ unknown: 1 }).success).toBe(false);
  });

  it('refuses bad settings with the setting named', () => {
    expect(() => createMatcher([], { dateWindowDays: -1 })).toThrow(/settings\.dateWindowDays/);
  });
});

describe('exact OCR', () => {
  it('matches a valid OCR with length digit and settles the invoice exactly', () => {
    const d = matcher().match(payment({ reference: '655969', amountMinor: 125_000 }));
    expect(d.kind).toBe('matched');
    expect(numbers(d)).toEqual([['6559', 125_000]]);
    expect(d.score).toBe(1);
    expect(d.reasons).toContain('OCR 655969 matches invoice 6559 exactly');
    expect(d.reasons).toContain('amount 1 250,00 SEK equals the open amount');
    expect(d.reasons).toContain('payment 1 250,00 SEK settles invoice 6559 exactly');
  });

  it('ignores spaces and dashes in the reference', () => {
    expect(matcher().match(payment({ reference: ' 6559 69 ', amountMinor: 125_000 })).kind).toBe('matched');
    expect(matcher().match(payment({ reference: '65-59-69', amountMinor: 125_000 })).kind).toBe('matched');
  });

  it('finds the invoice from a check-digit-only OCR of its number (without length digit)', () => {
    const reference = ocrCheckOnly('6559'); // 65599
    const d = matcher().match(payment({ reference, amountMinor: 125_000 }));
    expect(d.kind).toBe('matched');
    expect(numbers(d)).toEqual([['6559', 125_000]]);
    expect(d.reasons).toContain(`OCR ${reference} is invoice number 6559 with check digit`);
    expect(d.score).toBeLessThan(1);
  });

  it('finds an invoice whose OCR has a length digit from the other form (same base)', () => {
    const m = createMatcher([invoice({ invoiceNumber: 'F-1', ocrReference: ocrWithLength('123456') })]);
    const d = m.match(payment({ reference: ocrCheckOnly('123456'), amountMinor: 100_000 }));
    expect(d.kind).toBe('matched');
    expect(d.reasons[0]).toMatch(/has the base 123456 of invoice F-1's OCR 12345682/);
  });

  it('finds several OCRs in one reference field and in the extra references', () => {
    const d = matcher().match(payment({ reference: `${ocrWithLength('6560')} ${ocrWithLength('6561')}`, amountMinor: 80_000 }));
    expect(d.kind).toBe('multi');
    const e = matcher().match(payment({ reference: null, extraReferences: ['NOTPROVIDED', ocrWithLength('6561')], amountMinor: 30_000 }));
    expect(e.kind).toBe('matched');
    expect(e.reasons[0]).toBe(`OCR ${ocrWithLength('6561')} (extra reference) matches invoice 6561 exactly`);
  });
});

describe('invoice number in the remittance text', () => {
  it('finds a whole word equal to an invoice number', () => {
    const d = matcher().match(payment({ text: 'Faktura nr 8001, tack!', amountMinor: 99_900 }));
    expect(d.kind).toBe('matched');
    expect(d.reasons).toContain('invoice number 8001 found in the remittance text');
    expect(d.score).toBeCloseTo(0.95, 3);
  });

  it('does not find it inside a longer word', () => {
    const d = matcher().match(payment({ text: 'order 80012 and X8001', amountMinor: 12_345 }));
    expect(d.exceptionReason).toBe('no_match');
  });

  it('matches when the OCR has a typo and the text names the invoice', () => {
    const d = matcher().match(payment({ reference: '655996', text: 'Fakt 6559', amountMinor: 125_000 }));
    expect(d.kind).toBe('matched');
    expect(d.reasons.join('\n')).toContain('OCR has a typo: 655996 is one digit off invoice 6559\'s OCR 655969 (digits 5 and 6 are swapped, and it fails the check digit)');
  });

  it('scores a typo alone low, and a typo with the exact amount at the threshold', () => {
    const alone = matcher().match(payment({ reference: '655968', amountMinor: 1_000 }));
    expect(alone).toMatchObject({ kind: 'exception', exceptionReason: 'below_threshold', score: 0.6 });
    expect(alone.candidates[0].reasons[0]).toMatch(/^OCR has a typo: 655968 .*\(digit 6 is 8 instead of 9, and it fails the check digit\)/);
    const withAmount = matcher().match(payment({ reference: '655968', amountMinor: 125_000 }));
    expect(withAmount).toMatchObject({ kind: 'matched', score: 0.8 });
  });
});

describe('amount and payer name', () => {
  it('matches by amount and a fuzzy payer name within the date window', () => {
    const d = matcher().match(payment({ counterpartyName: 'BERITS GARN AKTIEBOLAG', amountMinor: 99_900 }));
    expect(d.kind).toBe('matched');
    expect(d.score).toBe(0.85);
    expect(d.reasons).toContain("payer 'BERITS GARN AKTIEBOLAG' ≈ customer 'Berits Garn' (1.00)");
  });

  it('scores a slightly misspelt name a little lower', () => {
    const d = matcher().match(payment({ counterpartyName: 'Berits Gran', amountMinor: 99_900 }));
    expect(d.candidates[0].score).toBeLessThan(0.85);
    expect(d.candidates[0].score).toBeGreaterThan(0.5);
  });

  it('does not match by amount and name outside the date window', () => {
    const d = matcher().match(payment({ counterpartyName: 'Berits Garn', amountMinor: 99_900, bookingDate: '2026-07-15' }));
    expect(d.exceptionReason).toBe('below_threshold');
    expect(d.candidates[0].reasons.join('\n')).toMatch(/106 days after the due date 2026-03-31 \(window 60 days\)/);
    expect(createMatcher(sampleInvoices(), { dateWindowDays: 120 }).match(payment({ counterpartyName: 'Berits Garn', amountMinor: 99_900, bookingDate: '2026-07-15' })).kind).toBe('matched');
  });

  it('never matches by amount alone', () => {
    const d = matcher().match(payment({ counterpartyName: 'Someone Else', amountMinor: 99_900 }));
    expect(d).toMatchObject({ kind: 'exception', exceptionReason: 'below_threshold', score: 0.5 });
    expect(candidateNumbers(d)).toEqual(['8001']);
  });
});

describe('ordering', () => {
  it('exact OCR beats name + amount of another invoice', () => {
    // the OCR names 7001; the amount and the payer name fit 8001
    const d = matcher().match(payment({ reference: ocrWithLength('7001'), counterpartyName: 'Berits Garn', amountMinor: 99_900 }));
    expect(d.kind).toBe('partial');
    expect(numbers(d)).toEqual([['7001', 99_900]]);
    expect(candidateNumbers(d)).toEqual(['7001', '8001']);
    expect(d.candidates[1].score).toBe(0.85);
  });

  it('calls two candidates that score alike ambiguous, with both', () => {
    const d = matcher().match(payment({ counterpartyName: 'Kalles Plåt', amountMinor: 200_000 }));
    expect(d).toMatchObject({ kind: 'exception', exceptionReason: 'ambiguous', allocations: [] });
    expect(candidateNumbers(d)).toEqual(['7001', '7002']);
    expect(d.candidates.every((c) => c.customerName === 'Kalles Plåt AB' && c.openMinor === 200_000 && c.score === 0.85)).toBe(true);
  });

  it('calls a duplicated OCR ambiguous', () => {
    const m = createMatcher([invoice({ invoiceNumber: 'A1', ocrReference: '655969' }), invoice({ invoiceNumber: 'A2', ocrReference: '655969', customerNo: 'K9' })]);
    expect(m.match(payment({ reference: '655969' })).exceptionReason).toBe('ambiguous');
  });
});

describe('partial and overpaid', () => {
  it('settles part of the invoice; the next payment sees the reduced open amount', () => {
    const m = matcher();
    const [first, second, third] = m.matchAll([
      payment({ reference: '655969', amountMinor: 100_000 }),
      payment({ reference: '655969', amountMinor: 25_000 }),
      payment({ reference: '655969', amountMinor: 25_000 }),
    ]);
    expect(first).toMatchObject({ kind: 'partial', remainingMinor: 25_000 });
    expect(first.reasons.at(-1)).toBe('payment 1 000,00 SEK settles part of invoice 6559; 250,00 SEK stays open');
    expect(second).toMatchObject({ kind: 'matched' });
    expect(numbers(second)).toEqual([['6559', 25_000]]);
    expect(third).toMatchObject({ kind: 'exception', exceptionReason: 'already_paid' });
    expect(m.openMinorOf('6559')).toBe(0);
  });

  it('refuses a partial payment when partial payments are off', () => {
    const d = matcher({ allowPartial: false }).match(payment({ reference: '655969', amountMinor: 100_000 }));
    expect(d).toMatchObject({ kind: 'exception', exceptionReason: 'partial_not_allowed', score: 1, allocations: [] });
    expect(candidateNumbers(d)[0]).toBe('6559');
  });

  it('settles the invoice and leaves the excess as a credit when overpayments are allowed', () => {
    const m = matcher({ allowOverpayment: true });
    const d = m.match(payment({ reference: ocrWithLength('7001'), amountMinor: 250_000 }));
    expect(d).toMatchObject({ kind: 'overpaid', excessMinor: 50_000 });
    expect(numbers(d)).toEqual([['7001', 200_000]]);
    m.apply(d);
    expect(m.openMinorOf('7001')).toBe(0);
  });

  it('refuses an overpayment by default', () => {
    const d = matcher().match(payment({ reference: ocrWithLength('7001'), amountMinor: 250_000 }));
    expect(d).toMatchObject({ kind: 'exception', exceptionReason: 'overpayment_not_allowed' });
  });
});

describe('multi', () => {
  it('settles every referenced invoice of one customer when they sum to the payment', () => {
    const d = matcher().match(payment({ text: 'Fakturor 6559, 6560 och 6561', amountMinor: 205_000 }));
    expect(d.kind).toBe('multi');
    expect(numbers(d)).toEqual([['6559', 125_000], ['6560', 50_000], ['6561', 30_000]]);
    expect(d.allocations.reduce((s, a) => s + a.amountMinor, 0)).toBe(205_000);
    expect(d.reasons.at(-1)).toBe("payment 2 050,00 SEK equals the sum of the open amounts of invoices 6559, 6560, 6561 of customer K1 'ACME AB'");
  });

  it('settles the subset of the referenced invoices that sums to the payment', () => {
    const d = matcher().match(payment({ text: 'Fakturor 6559, 6560 och 6561', amountMinor: 155_000 }));
    expect(numbers(d)).toEqual([['6559', 125_000], ['6561', 30_000]]);
    expect(d.reasons).toContain('the referenced invoices 6560 are not part of the sum');
  });

  it('finds a customer by payer name and the invoices that sum to the payment', () => {
    const d = matcher().match(payment({ counterpartyName: 'Acme Aktiebolag', amountMinor: 80_000 }));
    expect(d.kind).toBe('multi');
    expect(numbers(d)).toEqual([['6560', 50_000], ['6561', 30_000]]);
    expect(d.score).toBe(0.85);
  });

  it('adds other invoices of the customer when one referenced invoice is too small', () => {
    const d = matcher().match(payment({ reference: '655969', amountMinor: 155_000 }));
    expect(d.kind).toBe('multi');
    expect(numbers(d)).toEqual([['6559', 125_000], ['6561', 30_000]]);
    expect(d.score).toBe(0.9);
    // an anchored multi scores 0.9 at most: a stricter threshold leaves it to a person
    expect(matcher({ thresholdScore: 0.95 }).match(payment({ reference: '655969', amountMinor: 155_000 })).exceptionReason).toBe('overpayment_not_allowed');
  });

  it('respects invoicesMax', () => {
    const two = matcher({ invoicesMax: 2 }).match(payment({ text: 'Fakturor 6559, 6560 och 6561', amountMinor: 205_000 }));
    expect(two).toMatchObject({ kind: 'exception', exceptionReason: 'too_many_invoices' });
    const one = matcher({ invoicesMax: 1 }).match(payment({ counterpartyName: 'Acme Aktiebolag', amountMinor: 80_000 }));
    expect(one.kind).toBe('exception');
    const anchoredOff = matcher({ invoicesMax: 1, allowOverpayment: true }).match(payment({ reference: '655969', amountMinor: 155_000 }));
    expect(anchoredOff).toMatchObject({ kind: 'overpaid', excessMinor: 30_000 });
  });

  it('calls two different sets with the same sum ambiguous', () => {
    const invoices = [
      invoice({ invoiceNumber: '1', openMinor: 100 }), invoice({ invoiceNumber: '2', openMinor: 200 }),
      invoice({ invoiceNumber: '3', openMinor: 300 }), invoice({ invoiceNumber: '4', openMinor: 400 }),
    ];
    const d = createMatcher(invoices).match(payment({ counterpartyName: 'ACME', amountMinor: 500 }));
    expect(d).toMatchObject({ kind: 'exception', exceptionReason: 'ambiguous' });
  });
});

describe('exceptions', () => {
  it('never matches across currencies', () => {
    const d = matcher().match(payment({ reference: ocrWithLength('9001'), amountMinor: 125_000, currency: 'SEK' }));
    expect(d).toMatchObject({ kind: 'exception', exceptionReason: 'currency_mismatch', allocations: [] });
    expect(d.candidates[0]).toMatchObject({ invoiceNumber: '9001', currency: 'EUR', score: 1 });
    expect(d.reasons[0]).toBe('invoice 9001 is in EUR, the payment in SEK: never matched across currencies');
    expect(matcher().match(payment({ reference: ocrWithLength('9001'), amountMinor: 125_000, currency: 'EUR' })).kind).toBe('matched');
  });

  it('does not settle a weaker same-currency candidate when the OCR points at an invoice in another currency', () => {
    // name + amount fit 6559 (SEK, 0.85), but the OCR is 9001's (EUR, 1.0)
    const d = matcher().match(payment({ reference: ocrWithLength('9001'), counterpartyName: 'ACME', amountMinor: 125_000, currency: 'SEK' }));
    expect(d).toMatchObject({ kind: 'exception', exceptionReason: 'currency_mismatch' });
    expect(candidateNumbers(d)).toEqual(['9001', '6559']);
  });

  it('does not settle a reversal, and shows the invoice it refers to', () => {
    const d = matcher().match(payment({ reference: '655969', amountMinor: -125_000, reversal: true }));
    expect(d).toMatchObject({ kind: 'exception', exceptionReason: 'reversal', allocations: [] });
    expect(candidateNumbers(d)).toEqual(['6559']);
    expect(matcher().match(payment({ reference: '655969', amountMinor: 125_000, reversal: true })).exceptionReason).toBe('reversal');
  });

  it('treats money out and zero as not a payment in', () => {
    expect(matcher().match(payment({ amountMinor: -5_000, text: 'AVGIFT' })).exceptionReason).toBe('not_incoming');
    expect(matcher().match(payment({ amountMinor: 0 })).exceptionReason).toBe('not_incoming');
  });

  it('says no_match when nothing points anywhere', () => {
    const d = matcher().match(payment({ reference: '1234566', text: 'gåva', counterpartyName: 'Okänd', amountMinor: 4_711 }));
    expect(d).toMatchObject({ kind: 'exception', exceptionReason: 'no_match', candidates: [], score: 0 });
  });
});

describe('contract', () => {
  it('refuses a bad invoice with what and where', () => {
    expect(() => createMatcher([invoice({ invoiceNumber: '1' }), invoice({ invoiceNumber: ' 1 ' })])).toThrow(/openInvoices\[1\]\.invoiceNumber: invoice number {2}1 {2}appears twice/);
    expect(() => createMatcher([invoice({ invoiceNumber: '1', dueDate: '2026-02-30' })])).toThrow(/openInvoices\[0\] \(invoice 1\)\.dueDate: 2026-02-30 is not a calendar date/);
    expect(() => createMatcher([invoice({ invoiceNumber: '1', openMinor: 10.5 })])).toThrow(MatchError);
    expect(() => createMatcher([invoice({ invoiceNumber: '1', openMinor: -1 })])).toThrow(/credit notes are not matched/);
    expect(() => createMatcher([invoice({ invoiceNumber: '1', currency: 'kr' })])).toThrow(/currency/);
    expect(() => createMatcher([invoice({ invoiceNumber: 'x'.repeat(65) })])).toThrow(/at most 64 characters/);
  });

  it('refuses a bad payment with what and where', () => {
    expect(() => matcher().match(payment({ id: 'L1', amountMinor: 1.5 }))).toThrow(/payment L1\.amountMinor/);
    expect(() => matcher().match(payment({ id: 'L2', bookingDate: '28/03/2026' }))).toThrow(/payment L2\.bookingDate/);
  });

  it('bounds long texts and many words', () => {
    const text = Array.from({ length: 5_000 }, (_, i) => `w${i}`).join(' ') + ' 8001';
    const d = matcher().match(payment({ text, amountMinor: 1 }));
    expect(d.exceptionReason).toBe('no_match'); // 8001 lies beyond the first 2 000 characters
  });

  it('applies a decision once, only its own, and never beyond the open amount', () => {
    const m = matcher();
    const d = m.match(payment({ reference: '655969', amountMinor: 125_000 }));
    m.apply(d);
    expect(() => m.apply(d)).toThrow(/was applied before/);
    expect(() => m.apply(structuredClone(d))).toThrow(/not made by this matcher/);
    const changed = m.match(payment({ reference: ocrWithLength('6560'), amountMinor: 50_000 }));
    changed.allocations[0].amountMinor = 60_000;
    expect(() => m.apply(changed)).toThrow(/60000 would settle invoice 6560 beyond its open 50000/);
    const other = matcher();
    const stale = other.match(payment({ reference: '655969', amountMinor: 125_000 }));
    other.apply(other.match(payment({ reference: '655969', amountMinor: 100_000 })));
    expect(() => other.apply(stale)).toThrow(/beyond its open 25000/);
    expect(other.openMinorOf('6559')).toBe(25_000);
  });

  it('reads a statement line', () => {
    const line: StatementLine = {
      id: 'BGMAX:000000000010', amountMinor: 125_000, currency: 'SEK', bookingDate: '2026-03-28', valueDate: null,
      counterpartyName: 'Acme', counterpartyAccount: null, reference: null, text: null, reversal: false,
      transactionCode: 'BGMAX:20', extraReferences: ['655969'],
    };
    expect(matcher().match(paymentFromStatementLine(line)).kind).toBe('matched');
  });

  it('formats amounts for people', () => {
    expect(formatAmount(125_000, 'SEK')).toBe('1 250,00 SEK');
    expect(formatAmount(-123_456_789, 'EUR')).toBe('-1 234 567,89 EUR');
    expect(formatAmount(5, 'JPY')).toBe('5 JPY');
    expect(formatAmount(5, 'XXX')).toBe('5 minor units XXX');
  });
});
