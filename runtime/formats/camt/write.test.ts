/**
 * The camt writer (write.ts) writes each amount with its currency's decimals, so the parser reads back
 * exactly the minor units it was given: 2 for SEK, 0 for JPY and ISK, 3 for KWD — not always 2.
 */
import { describe, expect, it } from 'vitest';
import { parseCamt } from './index.ts';
import { camt053Document } from './write.ts';

const spec = (currency: string) => ({
  statementId: `W-${currency}`, iban: 'SE4550000000058398257466', currency, openingMinor: -12_345, date: '2026-11-30',
  entries: [
    { ref: 'R1', bookingDate: '2026-11-30', amountMinor: 123_456, text: 'in' },
    { ref: 'R2', bookingDate: '2026-11-30', amountMinor: -7, text: 'out' },
    { ref: 'R3', bookingDate: '2026-11-30', amountMinor: 0, transactions: [{ amountMinor: 1_001, text: 'a' }, { amountMinor: 2_002, text: 'b' }] },
  ],
});

describe('camt053Document', () => {
  it.each(['SEK', 'JPY', 'ISK', 'KWD'])('in %s: the parser reads back the same minor units, balances and entries', (currency) => {
    const [statement] = parseCamt(camt053Document(spec(currency))).statements;
    expect(statement.currency).toBe(currency);
    expect(statement.lines.map((l) => l.amountMinor)).toEqual([123_456, -7, 1_001, 2_002]);
    expect([statement.openingMinor, statement.closingMinor]).toEqual([-12_345, -12_345 + 123_456 - 7 + 3_003]);
  });

  it('writes JPY without decimals and KWD with three', () => {
    const text = (currency: string) => new TextDecoder().decode(camt053Document(spec(currency)));
    expect(text('JPY')).toContain('<Amt Ccy="JPY">123456</Amt>');
    expect(text('KWD')).toContain('<Amt Ccy="KWD">123.456</Amt>');
    expect(text('SEK')).toContain('<Amt Ccy="SEK">1234.56</Amt>');
  });
});
