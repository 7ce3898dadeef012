/**
 * The numbers of the AR domain, pure: Swedish organisation numbers and VAT
 * numbers, OCR references built from an invoice number, and a foreign amount
 * converted to the base currency at an exact decimal rate.
 */
import { luhnValid } from '../bank/accounts.ts';
import { ocrWithLength } from '../bank/matching/ocr.ts';
import { ocrLengthMax } from '../../../shared/json-logic/ocr-reference.ts';

/**
 * A Swedish organisation or personal identity number: 10 digits ("556123-4567", "5561234567") or
 * 12 with the century ("16556123-4567", "19800101-1234", "+" allowed for a person over 100), the
 * last of the 10 a Luhn check digit. Returns "NNNNNN-NNNN", or null when it is not one.
 */
export function normaliseOrgNumber(text: string): string | null {
  const match = /^(\d{2})?(\d{6})[-+]?(\d{4})$/.exec(text.replace(/\s+/g, ''));
  if (!match) return null;
  const ten = match[2] + match[3];
  return luhnValid(ten) ? `${match[2]}-${match[3]}` : null;
}

/**
 * An EU VAT number without spaces or dots, in capitals; a Swedish one is "SE", the 10 digits of the
 * organisation number (mod 10) and "01". Other countries: two letters and 2–13 letters or digits.
 */
export function normaliseVatNumber(text: string): string | null {
  const plain = text.replace(/[\s.-]+/g, '').toUpperCase();
  if (plain.startsWith('SE')) return /^SE\d{10}01$/.test(plain) && luhnValid(plain.slice(2, 12)) ? plain : null;
  return /^[A-Z]{2}[A-Z0-9+*]{2,13}$/.test(plain) ? plain : null;
}

/**
 * The OCR reference made for an invoice without one: the invoice number's digits, a length digit
 * (the total length with both added, mod 10) and a Luhn check digit — the form the matcher reads
 * "with length digit" (runtime/domains/bank/matching/ocr.ts). "F1001" → "100164". Null when the
 * number has no digits, or too many for an OCR (at most ocrLengthMax − 2).
 */
export function ocrForInvoiceNumber(invoiceNumber: string): string | null {
  const digits = invoiceNumber.replace(/\D+/g, '');
  if (digits.length === 0 || digits.length > ocrLengthMax - 2) return null;
  return ocrWithLength(digits);
}

/** A given OCR reference: spaces and dashes dropped, 2–25 digits, the last a Luhn check digit; null otherwise. */
export function normaliseOcrReference(text: string): string | null {
  const digits = text.replace(/[\s-]+/g, '');
  if (!/^\d{2,25}$/.test(digits) || !luhnValid(digits)) return null;
  return digits;
}

/** An exchange rate as an exact fraction: "11.4523" → 114523 / 10000. Null for zero or malformed. */
export function parseRate(text: string): { numerator: bigint; denominator: bigint } | null {
  const match = /^(\d{1,9})(?:\.(\d{1,12}))?$/.exec(text);
  if (!match) return null;
  const fraction = match[2] ?? '';
  const numerator = BigInt(match[1] + fraction);
  if (numerator === 0n) return null;
  return { numerator, denominator: 10n ** BigInt(fraction.length) };
}

/**
 * `amountMinor` of a currency with `fromDecimals` at `rate` (base per unit) in minor units of the base
 * currency (`toDecimals`), rounded half away from zero to the minor unit, in BigInt arithmetic:
 * 1 000,00 EUR at "11.4523" → 11 452,30 SEK (100000 → 1145230). Null when the result is not a safe integer.
 */
export function convertMinor(amountMinor: number, rate: { numerator: bigint; denominator: bigint }, fromDecimals: number, toDecimals: number): number | null {
  const numerator = BigInt(amountMinor) * rate.numerator * 10n ** BigInt(toDecimals);
  const denominator = rate.denominator * 10n ** BigInt(fromDecimals);
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  let quotient = magnitude / denominator;
  if ((magnitude % denominator) * 2n >= denominator) quotient += 1n;
  const result = negative ? -quotient : quotient;
  return result >= BigInt(Number.MIN_SAFE_INTEGER) && result <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(result) : null;
}
