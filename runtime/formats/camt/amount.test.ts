import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { refusalOf } from '../bank-statement.ts';
import { camtDatePart, parseCamtAmount, parseCamtBalance } from './amount.ts';
import { camtCurrencyDecimals } from './currency.ts';

const refusal = refusalOf;

describe('parseCamtAmount', () => {
  it('reads decimals exactly into minor units of the currency', () => {
    expect(parseCamtAmount('1234.5', 'SEK', 'Ntry[1]/Amt')).toBe(123450);
    expect(parseCamtAmount('0.01', 'EUR', 'x')).toBe(1);
    expect(parseCamtAmount('01.00', 'EUR', 'x')).toBe(100);
    expect(parseCamtAmount('12', 'EUR', 'x')).toBe(1200);
    expect(parseCamtAmount('12.', 'EUR', 'x')).toBe(1200);
    expect(parseCamtAmount('.5', 'EUR', 'x')).toBe(50);
    expect(parseCamtAmount('2700', 'JPY', 'x')).toBe(2700);
    expect(parseCamtAmount('1.234', 'KWD', 'x')).toBe(1234);
    // 0.1 + 0.2 style float traps do not exist here
    expect(parseCamtAmount('0.29', 'SEK', 'x')).toBe(29);
    expect(parseCamtAmount('1.15', 'SEK', 'x')).toBe(115);
  });

  it('accepts extra decimals only when they are zeros, and names the element otherwise', () => {
    expect(parseCamtAmount('8.850', 'EUR', 'x')).toBe(885);
    expect(parseCamtAmount('5442.09000', 'RON', 'x')).toBe(544209);
    expect(parseCamtAmount('2700.00', 'JPY', 'x')).toBe(2700);
    const error = refusal(() => parseCamtAmount('8.855', 'EUR', 'Stmt[1]/Ntry[2]/Amt'));
    expect(error.code).toBe('too_many_decimals');
    expect(error.where).toBe('Stmt[1]/Ntry[2]/Amt');
    expect(error.message).toContain('"8.855" has 3 decimals but EUR has 2');
    expect(refusal(() => parseCamtAmount('10.5', 'JPY', 'x')).code).toBe('too_many_decimals');
  });

  it('refuses signs, exponents, separators and garbage', () => {
    for (const text of ['-1.00', '1e3', '1,00', '1 000.00', '', '.', 'NaN', '0x10', '1.2.3']) {
      expect(refusal(() => parseCamtAmount(text, 'EUR', 'x')).code).toBe('invalid_amount');
    }
  });

  it('refuses amounts above the per-line cap and unknown currencies', () => {
    expect(parseCamtAmount('100000000000.00', 'SEK', 'x')).toBe(10_000_000_000_000);
    expect(refusal(() => parseCamtAmount('100000000000.01', 'SEK', 'x')).code).toBe('amount_too_large');
    expect(refusal(() => parseCamtAmount('99999999999999999999999', 'SEK', 'x')).code).toBe('amount_too_large');
    expect(refusal(() => parseCamtAmount('1.00', 'XYZ', 'x')).code).toBe('unknown_currency');
    expect(refusal(() => parseCamtAmount('1.00', 'sek', 'x')).code).toBe('unknown_currency');
  });

  it('agrees with integer arithmetic for any amount and scale (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000_000 }), fc.constantFrom('SEK', 'JPY', 'KWD'), fc.integer({ min: 0, max: 3 }), (minor, currency, extraZeros) => {
        const decimals = camtCurrencyDecimals(currency)!;
        const digits = String(minor).padStart(decimals + 1, '0');
        const text = decimals ? `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}${'0'.repeat(extraZeros)}` : digits;
        if (minor > 10_000_000_000_000) return;
        expect(parseCamtAmount(text, currency, 'x')).toBe(minor);
      }),
    );
  });

  it('lets a balance exceed the line cap but not 2^53', () => {
    expect(parseCamtBalance('334432492.92', 'USD', 'x')).toBe(33443249292);
    expect(parseCamtBalance('200000000000.00', 'SEK', 'x')).toBe(20_000_000_000_000);
    expect(parseCamtBalance('+1000.00', 'SEK', 'x')).toBe(100000); // xs:decimal allows a plus sign, as for amounts
    expect(refusal(() => parseCamtBalance('999999999999999999.00', 'SEK', 'x')).code).toBe('amount_too_large');
  });
});

describe('camtDatePart', () => {
  it('takes the date as written from a date or date-time, without shifting time zones', () => {
    expect(camtDatePart('2014-12-31')).toBe('2014-12-31');
    expect(camtDatePart('2014-12-31T23:30:00-05:00')).toBe('2014-12-31');
    expect(camtDatePart('2025-07-23T00:00:00.000000000')).toBe('2025-07-23');
    expect(camtDatePart('2014-12-31+01:00')).toBe('2014-12-31');
    expect(camtDatePart('2024-02-29')).toBe('2024-02-29');
  });

  it('rejects impossible dates and other shapes', () => {
    for (const text of ['2023-02-29', '2014-13-01', '2014-00-10', '2014-04-31', '20141231', '2014-12-31 10:00', '31.12.2014', '']) {
      expect(camtDatePart(text)).toBeNull();
    }
  });
});

describe('camtCurrencyDecimals', () => {
  it('uses the house table first and ISO 4217 for the rest', () => {
    expect(camtCurrencyDecimals('SEK')).toBe(2);
    expect(camtCurrencyDecimals('ISK')).toBe(0);
    expect(camtCurrencyDecimals('RON')).toBe(2);
    expect(camtCurrencyDecimals('BHD')).toBe(3);
    expect(camtCurrencyDecimals('CLF')).toBe(4);
    expect(camtCurrencyDecimals('XXX')).toBeNull();
    expect(camtCurrencyDecimals('constructor')).toBeNull();
  });
});
