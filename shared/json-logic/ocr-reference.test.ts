import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { luhnCheckDigit, luhnValid, ocrValid, ocrValidChecked } from './ocr-reference.ts';

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

  it('the one-pass check of plain digits agrees with the general way (spaces, letters, lengths 0–30, numbers)', () => {
    const character = fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', '5', ' ', 'a', '-', '/', ':', '\u0663', '４');
    const text = fc.array(character, { maxLength: 30 }).map((chars) => chars.join(''));
    // Luhn-valid references (with and without a right length digit), so true answers are tested too
    const valid = fc.array(fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'), { minLength: 1, maxLength: 26 }).map((digits) => {
      const base = digits.join('');
      return base + String(luhnCheckDigit(base));
    });
    const reference = fc.oneof(text, valid, fc.integer({ min: -10, max: 1e12 }), fc.constantFrom<unknown>(null, undefined, 4.5, true, ['47118']));
    fc.assert(
      fc.property(reference, fc.boolean(), (r, lengthDigit) => {
        expect(ocrValid(r, lengthDigit)).toBe(ocrValidChecked(r, lengthDigit));
      }),
      { numRuns: 5000, seed: 1412 },
    );
    expect(ocrValid('47118')).toBe(true);
    expect(ocrValid('4711' + '6' + String(luhnCheckDigit('47116')), true)).toBe(true);
  });
});
