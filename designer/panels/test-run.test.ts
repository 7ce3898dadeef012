import { describe, expect, it } from 'vitest';
import type { BankLineListItem } from '../../shared/api.ts';
import { formatMinor } from '../format.ts';
import { bankLineEvent, describeEvent, parseEvent, paymentDecisionOf, structureKey, vouchersShown } from './test-run.ts';

const accounts = [{ number: '1930', name: 'Företagskonto' }, { number: '1510', name: 'Kundfordringar' }];

describe('vouchersShown', () => {
  it('names the accounts and totals debit and credit (öre)', () => {
    const [voucher] = vouchersShown([{
      date: '2026-11-30', series: 'D', text: 'Inbetalning F1002', sourceRef: null,
      lines: [{ account: '1930', debitMinor: 1562500, vatCode: null, text: 'Bageriet' }, { account: '1510', creditMinor: 1562500 }],
    }], accounts);
    expect(voucher).toMatchObject({ date: '2026-11-30', series: 'D', text: 'Inbetalning F1002', debitMinor: 1562500, creditMinor: 1562500 });
    expect(voucher.lines).toEqual([
      { account: '1930', accountName: 'Företagskonto', debitMinor: 1562500, creditMinor: 0, currency: 'SEK', text: 'Bageriet' },
      { account: '1510', accountName: 'Kundfordringar', debitMinor: 0, creditMinor: 1562500, currency: 'SEK', text: null },
    ]);
  });

  it('leaves out what is not a voucher draft and says when an account is unknown', () => {
    const shown = vouchersShown([null, 'x', { lines: [{ account: '9999', debitMinor: 100 }] }], accounts);
    expect(shown).toHaveLength(1);
    expect(shown[0].lines[0].accountName).toBeNull();
  });
});

describe('paymentDecisionOf', () => {
  it('reads a match-payment output: kind, reasons and ranked candidates', () => {
    const decision = paymentDecisionOf({
      kind: 'exception', allocations: [], exceptionReason: 'below_threshold', score: 0.5,
      reasons: ['the best candidate, invoice F1002, scores 0.50; at least 0.80 is needed'],
      candidates: [{ invoiceNumber: 'F1002', customerNo: 'K1002', customerName: 'Bageriet i Gamla Stan HB', currency: 'SEK', openMinor: 1562500, score: 0.5, reasons: ['amount equals'] }],
    });
    expect(decision).toMatchObject({ label: 'Not matched', exceptionReason: 'below_threshold', score: 0.5 });
    expect(decision?.candidates).toEqual([{ invoiceNumber: 'F1002', customerName: 'Bageriet i Gamla Stan HB', openMinor: 1562500, currency: 'SEK', score: 0.5, reasons: ['amount equals'] }]);
  });

  it('reads a match with its allocations, and is null for other outputs', () => {
    const decision = paymentDecisionOf({ kind: 'partial', allocations: [{ invoiceNumber: 'F1', customerNo: 'K1', amountMinor: 500 }], remainingMinor: 100, candidates: [], score: 0.9, reasons: [] });
    expect(decision).toMatchObject({ label: 'Partly paid', remainingMinor: 100, excessMinor: null, allocations: [{ invoiceNumber: 'F1', customerNo: 'K1', amountMinor: 500 }] });
    expect(paymentDecisionOf({ value: true })).toBeNull();
    expect(paymentDecisionOf(null)).toBeNull();
  });
});

describe('events to test on', () => {
  it('makes a listed bank line the event its automations see', () => {
    const line = {
      id: 'L1', bankAccount: '1930', bookingDate: '2026-11-30', amountMinor: -2500, currency: 'SEK', text: 'AVGIFT', reference: null, counterparty: null,
      status: 'handled', receivedAt: '2026-11-30T10:00:00Z', statementId: null, outcome: { kind: 'bank_rule', allocations: [] }, exceptionId: null,
    } satisfies BankLineListItem;
    expect(bankLineEvent(line)).toEqual({ id: 'L1', bookingDate: '2026-11-30', amountMinor: -2500, currency: 'SEK', text: 'AVGIFT', reference: null, counterparty: null, bankAccount: '1930' });
    expect(describeEvent(bankLineEvent(line))).toBe(`AVGIFT, ${formatMinor(-2500, 'SEK')}, 2026-11-30`);
  });

  it('parses the event text, saying what is wrong', () => {
    expect(parseEvent('{"a":1}')).toEqual({ event: { a: 1 } });
    expect(parseEvent('[1]')).toEqual({ error: 'The event must be a JSON object: { … }' });
    expect('error' in parseEvent('{')).toBe(true);
  });

  it('ignores where cards sit when deciding whether the draft changed', () => {
    const draft = { id: 'a', nodes: [{ id: 'n', position: { x: 1, y: 2 } }], edges: [] };
    expect(structureKey(draft)).toBe(structureKey({ ...draft, nodes: [{ id: 'n', position: { x: 90, y: 0 } }] }));
    expect(structureKey(draft)).not.toBe(structureKey({ ...draft, nodes: [{ id: 'm', position: { x: 1, y: 2 } }] }));
  });
});
