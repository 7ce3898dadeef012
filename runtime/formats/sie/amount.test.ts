import { describe, expect, it } from 'vitest';
import { formatSieAmount, formatSieDate, isSiePeriod, isSieQuantity, parseSieAmount, parseSieDate } from './amount.ts';

const minor = (text: string) => {
  const parsed = parseSieAmount(text);
  return parsed.ok ? parsed.amountMinor : parsed.code;
};

describe('parseSieAmount', () => {
  it('converts decimals to minor units with string arithmetic', () => {
    expect(minor('-1234.5')).toBe(-123450);
    expect(minor('0.01')).toBe(1);
    expect(minor('1234.50')).toBe(123450);
    expect(minor('17240')).toBe(1724000);
    expect(minor('-0.5')).toBe(-50);
    expect(minor('0.29')).toBe(29); // 0.29 * 100 is 28.999999999999996 in floating point
    expect(minor('1.')).toBe(100);
    expect(minor('.5')).toBe(50);
  });

  it('never yields -0', () => {
    expect(Object.is(minor('-0.00'), 0)).toBe(true);
  });

  it('refuses more than 2 decimals but accepts extra zeros, which lose nothing', () => {
    expect(minor('1.234')).toBe('invalid_amount');
    expect(minor('1.001')).toBe('invalid_amount');
    expect(minor('1.230')).toBe(123);
  });

  it('refuses malformed text, comma decimals and empty input', () => {
    for (const text of ['', '-', '.', '1,50', '1 000', 'abc', '1e5', '--1', '0x10']) expect(minor(text)).toBe('invalid_amount');
    const comma = parseSieAmount('12,50');
    expect(!comma.ok && comma.message).toContain('decimal separator');
  });

  it('refuses amounts beyond the safe integer range', () => {
    expect(minor('90071992547409.91')).toBe(Number.MAX_SAFE_INTEGER);
    expect(minor('90071992547409.92')).toBe('amount_out_of_range');
    expect(minor('-99999999999999999999')).toBe('amount_out_of_range');
  });
});

describe('formatSieAmount', () => {
  it('writes exactly 2 decimals', () => {
    expect(formatSieAmount(123450)).toBe('1234.50');
    expect(formatSieAmount(-2500)).toBe('-25.00');
    expect(formatSieAmount(-1)).toBe('-0.01');
    expect(formatSieAmount(0)).toBe('0.00');
    expect(formatSieAmount(Number.MAX_SAFE_INTEGER)).toBe('90071992547409.91');
  });

  it('round-trips through parseSieAmount', () => {
    for (const value of [0, 1, -1, 99, -100, 123456789, -Number.MAX_SAFE_INTEGER]) expect(minor(formatSieAmount(value))).toBe(value);
  });

  it('throws on floats', () => {
    expect(() => formatSieAmount(1.5)).toThrow();
  });
});

describe('dates, periods and quantities', () => {
  it('parses real dates only', () => {
    expect(parseSieDate('20240229')).toBe('2024-02-29');
    expect(parseSieDate('20230229')).toBeUndefined();
    expect(parseSieDate('20231301')).toBeUndefined();
    expect(parseSieDate('2023-01-01')).toBeUndefined();
    expect(formatSieDate('2023-01-31')).toBe('20230131');
  });

  it('checks periods and quantities', () => {
    expect(isSiePeriod('201712')).toBe(true);
    expect(isSiePeriod('201713')).toBe(false);
    expect(isSiePeriod('1119')).toBe(false);
    expect(isSieQuantity('1.75')).toBe(true);
    expect(isSieQuantity('-1')).toBe(true);
    expect(isSieQuantity('1,5')).toBe(false);
  });
});
