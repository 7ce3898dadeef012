/**
 * Swedish OCR payment reference (Bankgirot / Plusgirot): 2–25 digits whose
 * last digit is a Luhn (modulus 10) check digit over the preceding digits,
 * weights 2, 1, 2, 1 … from the right. With the length check, the
 * second-to-last digit must also equal the total length (including the length
 * and check digits) modulo 10.
 *
 * Input: a string of digits, spaces allowed and ignored ("1234 5682"), or a
 * non-negative safe integer. Anything else (letters, dashes, null, decimals)
 * is not a valid reference → false.
 */

export const ocrLengthMin = 2;
export const ocrLengthMax = 25;

function referenceDigits(reference: unknown): string | null {
  let text: string;
  if (typeof reference === 'string') text = reference.includes(' ') ? reference.replaceAll(' ', '') : reference;
  else if (typeof reference === 'number' && Number.isSafeInteger(reference) && reference >= 0) text = String(reference);
  else return null;
  if (text.length < ocrLengthMin || text.length > ocrLengthMax) return null;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return null;
  }
  return text;
}

/** true when the last digit is the Luhn check digit of the digits before it */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  // from the right: the check digit has weight 1, the next weight 2, …
  for (let i = digits.length - 1, weight = 1; i >= 0; i--, weight = 3 - weight) {
    let product = (digits.charCodeAt(i) - 48) * weight;
    if (product > 9) product -= 9;
    sum += product;
  }
  return sum % 10 === 0;
}

/** The Luhn check digit to append to `base` (digits only). */
export function luhnCheckDigit(base: string): number {
  let sum = 0;
  for (let i = base.length - 1, weight = 2; i >= 0; i--, weight = 3 - weight) {
    let product = (base.charCodeAt(i) - 48) * weight;
    if (product > 9) product -= 9;
    sum += product;
  }
  return (10 - (sum % 10)) % 10;
}

export function ocrValid(reference: unknown, requireLengthDigit = false): boolean {
  // The usual case, 2–25 plain digits: checked and summed in one pass from
  // the right (no search for spaces, no separate digit scan). Anything else
  // (spaces, letters, numbers, other lengths) goes the general way.
  if (typeof reference === 'string') {
    const length = reference.length;
    if (length >= ocrLengthMin && length <= ocrLengthMax) {
      let sum = 0;
      let i = length - 1;
      for (let weight = 1; i >= 0; i--, weight = 3 - weight) {
        const digit = reference.charCodeAt(i) - 48;
        if (digit < 0 || digit > 9) break;
        const product = digit * weight;
        sum += product > 9 ? product - 9 : product;
      }
      if (i < 0) return sum % 10 === 0 && (!requireLengthDigit || reference.charCodeAt(length - 2) - 48 === length % 10);
    }
  }
  return ocrValidChecked(reference, requireLengthDigit);
}

/** ocrValid the general way: the digits without spaces, then Luhn, then the length digit (the fast path must agree; a test checks it). */
export function ocrValidChecked(reference: unknown, requireLengthDigit = false): boolean {
  const digits = referenceDigits(reference);
  if (digits === null || !luhnValid(digits)) return false;
  if (!requireLengthDigit) return true;
  return digits.charCodeAt(digits.length - 2) - 48 === digits.length % 10;
}
