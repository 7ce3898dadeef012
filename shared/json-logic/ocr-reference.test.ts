import { describe, expect, it } from 'vitest';
import { luhnCheckDigit, luhnValid, ocrValid } from './ocr-reference.ts';

describe('Swedish OCR references', () => {
  it('computes Luhn check digits', () => {
    expect(luhnCheckDigit('7992739871')).toBe(3); // the textbook Luhn example
    expect(luhnCheckDigit('4711')).toBe(8);
    expect(luhnCheckDigit('0')).toBe(0);
  });

  it('validates the check digit', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(ocrValid('79927398713')).toBe(true);
    expect(ocrValid('79927398710')).toBe(false);
    expect(ocrValid('47118')).toBe(true);
    expect(ocrValid(47118)).toBe(true);
  });

  it('optionally validates the length digit', () => {
    // base 4711 + length digit (6 digits → 6) + check digit
    const base = '47116';
    const reference = base + luhnCheckDigit(base);
    expect(ocrValid(reference, true)).toBe(true);
    expect(ocrValid('47118', true)).toBe(false); // Luhn-valid, but the length digit is wrong
  });

  it('ignores spaces and rejects everything else', () => {
    expect(ocrValid('4 7 1 1 8')).toBe(true);
    expect(ocrValid('4711-8')).toBe(false);
    expect(ocrValid('')).toBe(false);
    expect(ocrValid('0')).toBe(false); // too short
    expect(ocrValid('1'.repeat(26))).toBe(false); // too long
    expect(ocrValid(null)).toBe(false);
    expect(ocrValid(4.5)).toBe(false);
    expect(ocrValid(-18)).toBe(false);
    expect(ocrValid('４７１１８')).toBe(false); // full-width digits are not digits here
  });
});
