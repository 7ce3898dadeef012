/**
 * The numbers of the AR domain, pure: Swedish organisation numbers and VAT
 * numbers, and OCR references built from an invoice number (a foreign amount is
 * converted with shared/exchange.ts, as everywhere).
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
