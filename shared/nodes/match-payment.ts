import { z } from 'zod';
import { defineNode } from './descriptor.ts';

/**
 * How incoming payments are matched (the matcher, runtime/domains/bank/matching,
 * parses its settings with this schema; the node's config adds how the
 * settlement is booked).
 */
export const matchSettingsSchema = z.object({
  /** a decision needs at least this score (0–1) to settle anything */
  thresholdScore: z.number().min(0).max(1).default(0.8),
  /**
   * Matches without a reference (payer name + amount, and the name-based
   * multi-invoice search) need the booking date within
   * [issue date − dateWindowDays, due date + dateWindowDays].
   */
  dateWindowDays: z.number().int().min(0).max(730).default(60),
  /** a payment below the open amount settles part of the invoice; else an exception */
  allowPartial: z.boolean().default(true),
  /**
   * a payment above the open amount settles the invoice and leaves the excess
   * as a customer credit; else an exception (an overpayment is often a
   * duplicate or a payment meant for another invoice: a person should look)
   */
  allowOverpayment: z.boolean().default(false),
  /** most invoices one payment may settle; 1 turns the multi-invoice search off */
  invoicesMax: z.number().int().min(1).max(20).default(5),
}).strict();

/** The match-payment node's config: the matcher's settings, and how the settlement is booked. */
export const matchPaymentConfigSchema = matchSettingsSchema.extend({
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
  defaultConfig: matchPaymentConfigSchema.parse({}),
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
