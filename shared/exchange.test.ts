import { describe, expect, it } from 'vitest';
import { convertToBase, normaliseRate, parseExchangeRate } from './exchange.ts';

describe('exchange rates', () => {
  it('parses decimal rates exactly and refuses zero, signs, commas and floats in disguise', () => {
    expect(parseExchangeRate('11.50')).toEqual({ numerator: 1150n, denominator: 100n });
    expect(parseExchangeRate('0.000')).toBeNull();
    expect(parseExchangeRate('-11.5')).toBeNull();
    expect(parseExchangeRate('11,5')).toBeNull();
    expect(parseExchangeRate('1e3')).toBeNull();
    expect(parseExchangeRate(11.5)).toBeNull();
    expect(normaliseRate(' 11,4523 ')).toBe('11.4523');
  });

  it('converts to the base currency, rounding half away from zero (hand-computed)', () => {
    const rate = (text: string) => parseExchangeRate(text)!;
    expect(convertToBase(1000, rate('11.50'), 'EUR', 'SEK')).toBe(11500); // 10.00 EUR → 115.00 SEK
    expect(convertToBase(1, rate('11.45'), 'EUR', 'SEK')).toBe(11); // 0.1145 → 0.11
    expect(convertToBase(2, rate('11.25'), 'EUR', 'SEK')).toBe(23); // 0.225 → 0.23 (half away from zero)
    expect(convertToBase(-2, rate('11.25'), 'EUR', 'SEK')).toBe(-23);
    expect(convertToBase(100, rate('0.0712'), 'JPY', 'SEK')).toBe(712); // 100 JPY (no decimals) → 7.12 SEK
    expect(convertToBase(Number.MAX_SAFE_INTEGER, rate('11.5'), 'EUR', 'SEK')).toBeNull();
  });
});

describe('lines in another currency, as the designer shows them', () => {
  it('formats the SEK amounts in the ledger currency and the line\'s own beside them', async () => {
    const { foreignAmountText, ledgerCurrencyOf } = await import('./exchange.ts');
    const lines = [{ currency: 'EUR', currencyAmountMinor: 1_000, rate: '11.50' }, { currency: 'SEK', currencyAmountMinor: null, rate: null }];
    expect(ledgerCurrencyOf(lines)).toBe('SEK');
    expect(ledgerCurrencyOf([lines[0]])).toBe('SEK');
    expect(foreignAmountText(lines[0])).toBe('EUR 10.00 @ 11.50');
    expect(foreignAmountText(lines[1])).toBe('');
  });
});

describe('converting at an exchange rate (also the AR invoices\' conversion)', () => {
  it('is exact, and rounds half away from zero to the minor unit', () => {
    expect(parseExchangeRate('11.4523')).toEqual({ numerator: 114523n, denominator: 10000n });
    expect(parseExchangeRate('0')).toBeNull();
    expect(parseExchangeRate('1e3')).toBeNull();
    expect(convertToBase(100_000, parseExchangeRate('11.4523')!, 'EUR', 'SEK')).toBe(1_145_230);
    expect(convertToBase(1, parseExchangeRate('11.45')!, 'EUR', 'SEK')).toBe(11); // 11.45 öre → 11
    expect(convertToBase(1, parseExchangeRate('11.5')!, 'EUR', 'SEK')).toBe(12); // 11.5 → 12 (half away from zero)
    expect(convertToBase(-1, parseExchangeRate('11.5')!, 'EUR', 'SEK')).toBe(-12);
    expect(convertToBase(1000, parseExchangeRate('0.0712')!, 'JPY', 'SEK')).toBe(7120); // 1 000 JPY
    // beyond floats: 0.1 + 0.2 style errors cannot happen
    expect(convertToBase(9_007_199_254_740, parseExchangeRate('1000')!, 'EUR', 'SEK')).toBe(9_007_199_254_740_000);
    expect(convertToBase(9_007_199_254_740, parseExchangeRate('10000')!, 'EUR', 'SEK')).toBeNull();
  });
});
