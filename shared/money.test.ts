import { describe, expect, it } from 'vitest';
import { assertMinor, divideRound, formatMinor, formatMinorPlain, parseDecimalToMinor, percentOf, splitGross } from './money.ts';

describe('money', () => {
  it('parses decimals into minor units without floats', () => {
    expect(parseDecimalToMinor('1234.5')).toBe(123450);
    expect(parseDecimalToMinor('-0.01')).toBe(-1);
    expect(parseDecimalToMinor('0,10')).toBe(10);
    expect(parseDecimalToMinor('1.10')).toBe(110);
    expect(parseDecimalToMinor('7')).toBe(700);
    expect(parseDecimalToMinor('-0')).toBe(0);
  });
  it('refuses 3-decimal SEK, garbage and amounts beyond 2^53', () => {
    expect(() => parseDecimalToMinor('1.005')).toThrow(/more than 2 decimals/);
    expect(() => parseDecimalToMinor('1e5')).toThrow(/not a decimal/);
    expect(() => parseDecimalToMinor('99999999999999999')).toThrow(/too large/);
  });
  it('formats plain and for people', () => {
    expect(formatMinorPlain(-2500)).toBe('-25.00');
    expect(formatMinorPlain(5)).toBe('0.05');
    expect(formatMinor(123450).replace(/\s/g, ' ')).toBe('1 234,50 kr');
  });
  it('asserts safe integers', () => {
    expect(() => assertMinor(1.5)).toThrow(/integer/);
    expect(() => assertMinor(2 ** 53)).toThrow(/integer/);
    expect(() => assertMinor('10')).toThrow(/integer/);
    expect(() => assertMinor(-10)).not.toThrow();
  });
  it('divides with explicit rounding modes', () => {
    expect(divideRound(5, 2, 'half_up')).toBe(3);
    expect(divideRound(-5, 2, 'half_up')).toBe(-3);
    expect(divideRound(5, 2, 'half_even')).toBe(2);
    expect(divideRound(7, 2, 'half_even')).toBe(4);
    expect(divideRound(-7, 2, 'floor')).toBe(-4);
    expect(divideRound(-7, 2, 'ceil')).toBe(-3);
    expect(divideRound(7, 2, 'trunc')).toBe(3);
    expect(() => divideRound(1, 0, 'trunc')).toThrow(/zero/);
  });
  it('computes percentages exactly', () => {
    expect(percentOf(10000, 25)).toBe(2500);
    expect(percentOf(999, 12)).toBe(120);
    expect(percentOf(1, 50, 'half_even')).toBe(0);
    expect(percentOf(3, 50, 'half_even')).toBe(2);
    // 90 billion kr at 100 %: the product overflows 2^53 but BigInt keeps it exact
    expect(percentOf(9_000_000_000_000, 100)).toBe(9_000_000_000_000);
    expect(percentOf(9_007_199_254_740_991, 25, 'floor')).toBe(2_251_799_813_685_247);
  });
});

describe('report figures beyond 2^53', () => {
  it('are numbers while safe and exact decimal strings beyond, and format exactly', async () => {
    const { minorForJson, minorToBigInt } = await import('./money.ts');
    expect(minorForJson(9_007_199_254_740_991n)).toBe(9_007_199_254_740_991);
    expect(minorForJson(18_014_398_509_481_982n)).toBe('18014398509481982');
    expect(minorForJson(-18_014_398_509_481_982n)).toBe('-18014398509481982');
    expect(minorToBigInt('18014398509481982') + 1n).toBe(18_014_398_509_481_983n);
    expect(formatMinorPlain('-18014398509481982')).toBe('-180143985094819.82');
    expect(formatMinorPlain(18_014_398_509_481_982n)).toBe('180143985094819.82');
    expect(() => formatMinorPlain('12.5')).toThrow(/not an integer number of minor units/);
  });
});

describe('splitGross', () => {
  it('net = gross × 10000 / (10000 + rate), the remainder to VAT', () => {
    expect(splitGross(12_500, 2_500)).toEqual({ netMinor: 10_000, vatMinor: 2_500 });
    expect(splitGross(11_200, 1_200)).toEqual({ netMinor: 10_000, vatMinor: 1_200 });
    // 99.99 at 25 %: 79.992 → 79.99 net, 20.00 VAT (79.99 × 25 % = 19.9975 → 20.00)
    expect(splitGross(9_999, 2_500)).toEqual({ netMinor: 7_999, vatMinor: 2_000 });
    // 0.01 at 25 %: 0.008 → 0.01 net, no VAT
    expect(splitGross(1, 2_500)).toEqual({ netMinor: 1, vatMinor: 0 });
  });
});
