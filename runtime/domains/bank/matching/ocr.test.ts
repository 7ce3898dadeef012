import { describe, expect, it } from 'vitest';
import { describeTypo, lengthDigitValid, ocrBases, ocrDigits, ocrTypoVariants } from './ocr.ts';

/** Damerau (optimal string alignment) distance, the slow textbook way, to check the variants. */
function osaDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

describe('OCR helpers', () => {
  it('reads OCR-looking text as digits', () => {
    expect(ocrDigits('6559 69')).toBe('655969');
    expect(ocrDigits(' 65-59-69 ')).toBe('655969');
    expect(ocrDigits('F1001')).toBeNull();
    expect(ocrDigits('1')).toBeNull();
    expect(ocrDigits('1'.repeat(26))).toBeNull();
    expect(ocrDigits(null)).toBeNull();
  });

  it('gives the bases with and without the length digit', () => {
    expect(ocrBases('655969')).toEqual([{ base: '65596', withLengthDigit: false }, { base: '6559', withLengthDigit: true }]);
    expect(ocrBases('655968')).toEqual([]); // fails the check digit
    expect(lengthDigitValid('12345682')).toBe(true);
    expect(lengthDigitValid('1234566')).toBe(false);
  });

  it('lists exactly the references at Damerau distance 1', () => {
    for (const digits of ['655969', '1122', '90', '1234567890123456789012345']) {
      const variants = ocrTypoVariants(digits);
      expect(new Set(variants).size).toBe(variants.length);
      for (const variant of variants) expect(osaDistance(digits, variant)).toBe(1);
      expect(variants).not.toContain(digits);
      expect(variants.every((v) => v.length >= 2 && v.length <= 25)).toBe(true);
    }
    expect(ocrTypoVariants('655969')).toContain('655996');
    expect(ocrTypoVariants('655969')).toContain('65969');
    expect(ocrTypoVariants('655969')).toContain('6559609');
  });

  it('describes a typo', () => {
    expect(describeTypo('655968', '655969')).toBe('digit 6 is 8 instead of 9');
    expect(describeTypo('655996', '655969')).toBe('digits 5 and 6 are swapped');
    expect(describeTypo('65969', '655969')).toBe('a digit is missing');
    expect(describeTypo('6559690', '655969')).toBe('there is an extra digit');
  });
});
