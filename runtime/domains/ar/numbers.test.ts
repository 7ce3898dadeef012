import { describe, expect, it } from 'vitest';
import { ocrValid } from '../../../shared/json-logic/ocr-reference.ts';
import { createMatcher } from '../bank/matching/match-payment.ts';
import { lengthDigitValid, ocrBases } from '../bank/matching/ocr.ts';
import { normaliseOcrReference, normaliseOrgNumber, normaliseVatNumber, ocrForInvoiceNumber } from './numbers.ts';

describe('OCR references made from invoice numbers', () => {
  it('is the number\'s digits, a length digit and a Luhn check digit, as the matcher reads them', () => {
    expect(ocrForInvoiceNumber('F1001')).toBe('100164');
    for (const number of ['1', 'F1001', '2026-0042', 'INV 12345678', '1234567890123456789012']) {
      const ocr = ocrForInvoiceNumber(number)!;
      const digits = number.replace(/\D/g, '');
      expect(ocr.slice(0, -2)).toBe(digits);
      expect(ocrValid(ocr, true)).toBe(true); // the JSON Logic rule, length digit required
      expect(lengthDigitValid(ocr)).toBe(true);
      expect(ocrBases(ocr)).toContainEqual({ base: digits, withLengthDigit: true });
    }
    expect(ocrForInvoiceNumber('ABC')).toBeNull();
    expect(ocrForInvoiceNumber('1'.repeat(24))).toBeNull();
  });

  it('is found by the payment matcher: exact OCR settles the invoice', () => {
    const ocr = ocrForInvoiceNumber('2026-0042')!;
    const matcher = createMatcher([{
      invoiceNumber: '2026-0042', customerNo: 'K1', customerName: 'Nordisk Design AB', currency: 'SEK', openMinor: 125_000, amountMinor: 125_000,
      issueDate: '2026-11-01', dueDate: '2026-12-01', ocrReference: ocr,
    }]);
    const decision = matcher.match({ id: 'b1', amountMinor: 125_000, currency: 'SEK', bookingDate: '2026-11-20', reference: ocr, text: null, counterpartyName: null, reversal: false });
    expect(decision.kind).toBe('matched');
    expect(decision.allocations).toEqual([{ invoiceNumber: '2026-0042', customerNo: 'K1', amountMinor: 125_000 }]);
  });

  it('checks a given reference mod 10, spaces and dashes dropped', () => {
    expect(normaliseOcrReference('1001 64')).toBe('100164');
    expect(normaliseOcrReference('100163')).toBeNull();
    expect(normaliseOcrReference('12a4')).toBeNull();
  });
});

describe('identity numbers', () => {
  it('normalises Swedish organisation numbers and checks them mod 10', () => {
    expect(normaliseOrgNumber('5561234567')).toBe('556123-4567');
    expect(normaliseOrgNumber('16556123-4567')).toBe('556123-4567');
    expect(normaliseOrgNumber('556123-4568')).toBeNull();
    expect(normaliseOrgNumber('55612-34567')).toBeNull();
  });

  it('checks a Swedish VAT number\'s form and digits; others by their shape', () => {
    expect(normaliseVatNumber('se 5561234567 01')).toBe('SE556123456701');
    expect(normaliseVatNumber('SE556123456801')).toBeNull();
    expect(normaliseVatNumber('SE5561234567')).toBeNull();
    expect(normaliseVatNumber('DE123456789')).toBe('DE123456789');
    expect(normaliseVatNumber('123')).toBeNull();
  });
});
