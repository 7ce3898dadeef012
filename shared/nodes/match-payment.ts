import { z } from 'zod';
import { defineNode } from './descriptor.ts';

/**
 * The match-payment action: an incoming payment (the bank line of the run)
 * against the company's open customer invoices. Its settings are the
 * matcher's (runtime/domains/bank/matching/settings.ts, same bounds and
 * defaults) plus how the settlement is booked.
 */
export const matchPaymentConfigSchema = z.object({
  /** a decision needs at least this score (0–1) to settle anything */
  thresholdScore: z.number().min(0).max(1).default(0.8),
  /** days around the invoice's issue and due dates a match without a reference may fall */
  dateWindowDays: z.number().int().min(0).max(730).default(60),
  allowPartial: z.boolean().default(true),
  allowOverpayment: z.boolean().default(false),
  /** most invoices one payment may settle (1 turns the multi-invoice search off) */
  invoicesMax: z.number().int().min(1).max(20).default(5),
  /** the series of the settlement voucher */
  series: z.string().regex(/^[A-Z]{1,2}$/, 'must be a voucher series letter such as D').default('D'),
  /** where an overpayment's excess is booked (a customer credit) */
  excessAccount: z.string().regex(/^\d{4}$/, 'must be a 4-digit BAS account').default('2420'),
}).strict();
export type MatchPaymentConfig = z.output<typeof matchPaymentConfigSchema>;

export const matchPayment = defineNode({
  type: 'match-payment',
  version: 1,
  kind: 'action',
  label: 'Match payment',
  description: 'Matches an incoming payment to open customer invoices (OCR, invoice number in the text, amount and payer name, '
    + 'several invoices of one customer) and books the settlement: debit the line\'s bank account, credit each invoice\'s receivable.',
  category: 'Ledger',
  configSchema: matchPaymentConfigSchema,
  defaultConfig: {
    thresholdScore: 0.8, dateWindowDays: 60, allowPartial: true, allowOverpayment: false, invoicesMax: 5, series: 'D', excessAccount: '2420',
  },
  outputs: [
    { id: 'matched', label: 'settled', optional: true },
    { id: 'unmatched', label: 'not matched', optional: true },
    { id: 'error', label: 'refused', optional: true },
  ],
  form: [
    { key: 'thresholdScore', label: 'Confidence threshold (0–1)', widget: 'number',
      help: 'A match settles invoices only with at least this score; 1 = exact OCR only, 0.8 = also invoice number or name and amount' },
    { key: 'dateWindowDays', label: 'Date window (days)', widget: 'number',
      help: 'A match by name and amount needs the payment within this many days of the invoice\'s issue and due dates' },
    { key: 'allowPartial', label: 'Allow partial payments', widget: 'checkbox', help: 'A smaller payment settles part of the invoice; the rest stays open' },
    { key: 'allowOverpayment', label: 'Allow overpayments', widget: 'checkbox', help: 'A larger payment settles the invoice and books the excess as a customer credit' },
    { key: 'invoicesMax', label: 'Most invoices per payment', widget: 'number', help: 'One payment may settle several invoices of one customer; 1 turns this off' },
    { key: 'series', label: 'Voucher series', widget: 'series', help: 'D is the bank series' },
    { key: 'excessAccount', label: 'Account for an overpayment', widget: 'account', help: '2420 Förskott från kunder by default' },
  ],
  expressions: () => [],
});
