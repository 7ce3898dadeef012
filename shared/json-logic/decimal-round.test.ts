import { describe, expect, it } from 'vitest';
import { parseDecimal, percentOf, roundDecimal } from './decimal-round.ts';

describe('roundDecimal', () => {
  it.each<[unknown, number, string, number]>([
    [1.005, 2, 'half_up', 1.01],
    [1.015, 2, 'half_up', 1.02],
    [2.675, 2, 'half_up', 2.68],
    ['2.675', 2, 'half_up', 2.68],
    [1.45, 1, 'half_up', 1.5],
    [-2.5, 0, 'half_up', -3],
    [2.5, 0, 'half_even', 2],
    [3.5, 0, 'half_even', 4],
    [-2.5, 0, 'half_even', -2],
    [0.125, 2, 'half_even', 0.12],
    [0.135, 2, 'half_even', 0.14],
    [1.99, 0, 'floor', 1],
    [-1.01, 0, 'floor', -2],
    [1.01, 0, 'ceil', 2],
    [-1.99, 0, 'ceil', -1],
    [-1.99, 0, 'trunc', -1],
    [1234.5678, -2, 'half_up', 1200],
    [1250, -2, 'half_even', 1200],
    [1e21, 2, 'half_up', 1e21],
    [1.5e-7, 7, 'half_up', 2e-7],
    [42, 2, 'half_up', 42],
  ])('%s to %i decimals %s → %s', (value, decimals, mode, expected) => {
    expect(roundDecimal(value, decimals, mode)).toBe(expected);
  });

  it('never returns -0', () => {
    expect(Object.is(roundDecimal(-0.001, 2), 0)).toBe(true);
    expect(Object.is(roundDecimal(-0), 0)).toBe(true);
  });

  it('rejects what it cannot round', () => {
    expect(roundDecimal('abc')).toBeNull();
    expect(roundDecimal(NaN)).toBeNull();
    expect(roundDecimal(Infinity)).toBeNull();
    expect(roundDecimal(null)).toBeNull();
    expect(roundDecimal(1.5, 1.5)).toBeNull();
    expect(roundDecimal(1.5, 21)).toBeNull();
    expect(roundDecimal(1.5, 0, 'nearest')).toBeNull();
  });

  it('parses decimal text', () => {
    expect(parseDecimal('-12.50')).toEqual({ negative: true, digits: 1250n, exponent: -2 });
    expect(parseDecimal('.5')).toEqual({ negative: false, digits: 5n, exponent: -1 });
    expect(parseDecimal('1e3')).toEqual({ negative: false, digits: 1n, exponent: 3 });
    expect(parseDecimal('1,5')).toBeNull();
    expect(parseDecimal('.')).toBeNull();
  });
});

describe('percentOf', () => {
  it('an integer percent of a safe integer gives what the decimal (BigInt) path gives, in every mode', () => {
    const amounts = [0, 1, -1, 2, -2, 50, -50, 99, 150, -150, 250, -250, 999, -999, 12345, -12345, 2 ** 40 + 7, -(2 ** 40) - 3, Number.MAX_SAFE_INTEGER];
    for (const mode of ['half_up', 'half_even', 'floor', 'ceil', 'trunc']) {
      for (const amount of amounts) {
        for (const percent of [0, 1, 2, 25, 50, -25, 100, 150, 3]) {
          // a percent given as text takes the decimal path
          expect(percentOf(amount, percent, mode)).toBe(percentOf(amount, String(percent), mode));
        }
      }
    }
    expect(Object.is(percentOf(-1, 25), 0)).toBe(true);
  });

  it.each<[unknown, unknown, string | undefined, number | null]>([
    [10000, 25, undefined, 2500],
    [999, 12.5, undefined, 125], // 124.875 → 125
    [999, 12.5, 'floor', 124],
    [-999, 12.5, 'half_up', -125],
    [-999, 12.5, 'floor', -125],
    [-999, 12.5, 'trunc', -124],
    [250, 50, 'half_even', 125],
    [25, 10, 'half_even', 2], // 2.5 → 2
    [35, 10, 'half_even', 4], // 3.5 → 4
    [10000, '6', undefined, 600],
    ['10000', 6, undefined, 600],
    [1, 33.333333, undefined, 0],
    [9_000_000_000_000, 100, undefined, 9_000_000_000_000], // beyond float-safe intermediate products
    [10.5, 25, undefined, null],
    [10000, 'x', undefined, null],
    [Number.MAX_SAFE_INTEGER, 200, undefined, null],
  ])('%s × %s %% (%s) → %s', (amount, percent, mode, expected) => {
    expect(percentOf(amount, percent, mode)).toBe(expected);
  });
});
