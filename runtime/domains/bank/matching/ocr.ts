/**
 * Swedish OCR references as the matcher sees them: digits only, Luhn
 * (modulus 10) check digit, optionally a length digit before it (see
 * shared/json-logic/ocr-reference.ts for the rule, reused here).
 *
 * A reference is compared in three ways:
 * - exactly (the digits equal an invoice's OCR);
 * - by its base, "with or without the length digit": 655969 is base 65596
 *   with a check digit, and also base 6559 with length digit 6 and check
 *   digit 9 — so it finds the invoice whose OCR is 6559678 (same base, the
 *   other agreement) or whose number is 6559 (OCR built from the number);
 * - with a typo: every reference at Damerau distance 1 (one digit changed,
 *   dropped, added, or two neighbours swapped).
 */
import { luhnCheckDigit, luhnValid, ocrLengthMax, ocrLengthMin } from '../../../../shared/json-logic/ocr-reference.ts';

export { luhnValid, ocrLengthMax, ocrLengthMin };

/** base + check digit */
export function ocrCheckOnly(base: string): string {
  return base + String(luhnCheckDigit(base));
}

/** base + length digit + check digit */
export function ocrWithLength(base: string): string {
  const withLength = base + String((base.length + 2) % 10);
  return withLength + String(luhnCheckDigit(withLength));
}

const ocrLookingPattern = /^[0-9][0-9 \-]*$/;

/**
 * The digits of an OCR-looking text ("1234 5682", "1234-5682"), or null when
 * it is not one: letters, fewer than 2 or more than 25 digits.
 */
export function ocrDigits(text: string | null | undefined): string | null {
  if (text == null) return null;
  if (text.length >= ocrLengthMin && text.length <= ocrLengthMax) {
    let plain = true;
    for (let i = 0; i < text.length && plain; i++) {
      const c = text.charCodeAt(i);
      plain = c >= 48 && c <= 57;
    }
    if (plain) return text;
  }
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > ocrLengthMax * 2 || !ocrLookingPattern.test(trimmed)) return null;
  const digits = trimmed.replace(/[ \-]/g, '');
  if (digits.length < ocrLengthMin || digits.length > ocrLengthMax) return null;
  return digits;
}

/** true when the second-to-last digit is the total length modulo 10 */
export function lengthDigitValid(digits: string): boolean {
  return digits.length >= 3 && digits.charCodeAt(digits.length - 2) - 48 === digits.length % 10;
}

export interface OcrBase {
  base: string;
  /** true: the base is the reference without its length and check digits */
  withLengthDigit: boolean;
}

/**
 * The bases a Luhn-valid reference may have been built from: without the
 * check digit, and (when the length digit fits) without length and check
 * digit. Empty for a reference that fails the check digit.
 */
export function ocrBases(digits: string): OcrBase[] {
  if (!luhnValid(digits)) return [];
  const out: OcrBase[] = [];
  if (digits.length >= 2) out.push({ base: digits.slice(0, -1), withLengthDigit: false });
  if (digits.length >= 3 && lengthDigitValid(digits)) out.push({ base: digits.slice(0, -2), withLengthDigit: true });
  return out;
}

/**
 * Every digit string at Damerau–Levenshtein distance exactly 1 from
 * `digits` (substitution, deletion, insertion, adjacent transposition),
 * without duplicates, within the OCR length limits, and — when `lengths` is
 * given — only of those lengths (the lengths of the OCRs that could match).
 * For 25 digits that is at most 25·9 + 25 + 26·10 + 24 = 534 strings.
 */
export function ocrTypoVariants(digits: string, lengths?: ReadonlySet<number>): string[] {
  const out = new Set<string>();
  const n = digits.length;
  const same = !lengths || lengths.has(n);
  const shorter = n - 1 >= ocrLengthMin && (!lengths || lengths.has(n - 1));
  const longer = n + 1 <= ocrLengthMax && (!lengths || lengths.has(n + 1));
  for (let i = 0; i < n; i++) {
    const before = digits.slice(0, i);
    const after = digits.slice(i + 1);
    if (same) {
      for (let d = 0; d <= 9; d++) {
        const c = String.fromCharCode(48 + d);
        if (c !== digits[i]) out.add(before + c + after);
      }
      if (i + 1 < n && digits[i] !== digits[i + 1]) out.add(before + digits[i + 1] + digits[i] + digits.slice(i + 2));
    }
    if (shorter) out.add(before + after);
  }
  if (longer) {
    for (let i = 0; i <= n; i++) {
      for (let d = 0; d <= 9; d++) out.add(digits.slice(0, i) + String.fromCharCode(48 + d) + digits.slice(i));
    }
  }
  out.delete(digits);
  return [...out];
}

/** A short human description of how `typo` differs from `intended` (both at distance 1). */
export function describeTypo(typo: string, intended: string): string {
  if (typo.length === intended.length) {
    const diff: number[] = [];
    for (let i = 0; i < typo.length; i++) if (typo[i] !== intended[i]) diff.push(i);
    if (diff.length === 1) return `digit ${diff[0] + 1} is ${typo[diff[0]]} instead of ${intended[diff[0]]}`;
    if (diff.length === 2 && diff[1] === diff[0] + 1) return `digits ${diff[0] + 1} and ${diff[1] + 1} are swapped`;
    return 'one digit differs';
  }
  return typo.length < intended.length ? 'a digit is missing' : 'there is an extra digit';
}
