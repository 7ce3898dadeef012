import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsvAmount, parseCsvDate } from './values.ts';

const minor = (text: string, decimal: ',' | '.', thousands: 'none' | 'space' | '.' | ',', currency = 'SEK') => {
  const result = parseCsvAmount(text, currency, decimal, thousands);
  return result.ok ? result.amountMinor : result.reason;
};

describe('parseCsvAmount', () => {
  it('reads Swedish amounts with space (also no-break space) thousands and a decimal comma', () => {
    expect(minor('1 234,50', ',', 'space')).toBe(123450);
    expect(minor('1\u00a0234\u00a0567,89', ',', 'space')).toBe(123456789);
    expect(minor('1\u202f234,5', ',', 'space')).toBe(123450);
    expect(minor('-25,00', ',', 'space')).toBe(-2500);
    expect(minor('\u22125,00', ',', 'space')).toBe(-500);
    expect(minor('100,00-', ',', 'space')).toBe(-10000);
    expect(minor('+12', ',', 'space')).toBe(1200);
    expect(minor('-0,00', ',', 'space')).toBe(0);
    expect(Object.is(minor('-0,00', ',', 'space'), 0)).toBe(true);
  });

  it('reads dot and comma thousands, and none', () => {
    expect(minor('1.234,50', ',', '.')).toBe(123450);
    expect(minor('1,234.50', '.', ',')).toBe(123450);
    expect(minor('1234.5', '.', 'none')).toBe(123450);
    expect(minor('7', '.', 'none', 'JPY')).toBe(7);
  });

  it('refuses what is not an amount in the mapping\'s format', () => {
    for (const [text, decimal, thousands] of [
      ['12,3,4', ',', 'space'],
      ['1 23,00', ',', 'space'],
      ['1234,50', '.', 'none'],
      ['1.234,50', ',', 'none'],
      ['12.34.56', '.', 'none'],
      ['', ',', 'none'],
      ['-', ',', 'none'],
      ['1e5', '.', 'none'],
      ['0x10', '.', 'none'],
      ['12 kr', ',', 'space'],
      ['(5,00)', ',', 'space'],
      [',50', ',', 'none'],
    ] as const) {
      expect(minor(text, decimal, thousands), text).toBe('is not an amount');
    }
    expect(minor('1,005', ',', 'none')).toBe('has more decimals than SEK has');
    expect(minor('1.5', '.', 'none', 'JPY')).toBe('has more decimals than JPY has');
    expect(minor('99999999999999999999', '.', 'none')).toBe('is too large');
    expect(minor('100000000000,01', ',', 'none')).toBe('is too large'); // above the 10^13 line cap
  });

  it('round-trips every amount written the Swedish way (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (amount) => {
        const abs = Math.abs(amount);
        const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
        const text = `${amount < 0 ? '-' : ''}${whole},${String(abs % 100).padStart(2, '0')}`;
        expect(minor(text, ',', 'space')).toBe(amount === 0 ? 0 : amount);
      }),
    );
  });
});

describe('parseCsvDate', () => {
  it('reads each format into YYYY-MM-DD', () => {
    expect(parseCsvDate('2024-03-05', 'YYYY-MM-DD')).toBe('2024-03-05');
    expect(parseCsvDate('20240305', 'YYYYMMDD')).toBe('2024-03-05');
    expect(parseCsvDate('2024/3/5', 'YYYY/MM/DD')).toBe('2024-03-05');
    expect(parseCsvDate('2024.03.05', 'YYYY.MM.DD')).toBe('2024-03-05');
    expect(parseCsvDate('5.3.2024', 'DD.MM.YYYY')).toBe('2024-03-05');
    expect(parseCsvDate('05/03/2024', 'DD/MM/YYYY')).toBe('2024-03-05');
    expect(parseCsvDate('05-03-2024', 'DD-MM-YYYY')).toBe('2024-03-05');
    expect(parseCsvDate('03/05/2024', 'MM/DD/YYYY')).toBe('2024-03-05');
    expect(parseCsvDate(' 2024-02-29 ', 'YYYY-MM-DD')).toBe('2024-02-29');
  });

  it('refuses impossible dates and other formats', () => {
    expect(parseCsvDate('2023-02-29', 'YYYY-MM-DD')).toBeNull();
    expect(parseCsvDate('2024-13-01', 'YYYY-MM-DD')).toBeNull();
    expect(parseCsvDate('2024-03-00', 'YYYY-MM-DD')).toBeNull();
    expect(parseCsvDate('31/04/2024', 'DD/MM/YYYY')).toBeNull();
    expect(parseCsvDate('2024-03-05', 'DD.MM.YYYY')).toBeNull();
    expect(parseCsvDate('2024-03-05 10:00', 'YYYY-MM-DD')).toBeNull();
    expect(parseCsvDate('', 'YYYYMMDD')).toBeNull();
  });
});
