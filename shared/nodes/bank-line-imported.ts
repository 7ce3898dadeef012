import { z } from 'zod';
import { lineAmountMinorMax } from '../money.ts';
import { defineTrigger } from './descriptor.ts';

/** A bank statement line as it arrives from the bank or an import. */
export const bankLineSchema = z.object({
  id: z.string().min(1).max(200).describe("The bank's entry reference; unique per bank account"),
  bookingDate: z.iso.date().describe('Booking date, YYYY-MM-DD'),
  amountMinor: z.number().int().refine(Number.isSafeInteger, 'must be a safe integer')
    .refine((n) => Math.abs(n) <= lineAmountMinorMax, `must be at most ${lineAmountMinorMax} öre either way (the per-line cap)`)
    .describe('Signed amount in minor units (öre): negative = money out'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as SEK').default('SEK'),
  text: z.string().max(500).default(''),
  reference: z.string().max(200).nullable().default(null).describe('OCR or other structured reference'),
  counterparty: z.string().max(200).nullable().default(null),
  bankAccount: z.string().regex(/^\d{4}$/).optional().describe('Ledger account of the bank account; default 1930'),
  // From a statement file (POST …/bank-statements); optional, so lines sent as JSON stay valid without them.
  valueDate: z.iso.date().nullable().optional().describe('Value date, YYYY-MM-DD, when the file gives one'),
  counterpartyAccount: z.string().max(200).nullable().optional().describe('IBAN, bankgiro or other account of the payer or payee'),
  reversal: z.boolean().optional().describe('A returned payment'),
  transactionCode: z.string().max(200).nullable().optional().describe('The format\'s transaction code, e.g. "PMNT/RCDT/ESCT" or "BGMAX:20"'),
  bankAccountId: z.string().max(100).optional().describe('The company\'s bank account the statement is for, e.g. "main"'),
  statementId: z.string().max(200).optional().describe('The statement\'s own id in the file'),
});
export type BankLine = z.infer<typeof bankLineSchema>;

export const bankLineImported = defineTrigger({
  type: 'bank-line-imported',
  label: 'Bank line imported',
  description: 'Fires for every bank statement line that arrives (API, camt.053, BgMax).',
  event: {
    schema: bankLineSchema,
    fields: [
      { path: 'event.id', type: 'string', label: 'Entry reference', example: '2026113000042' },
      { path: 'event.bookingDate', type: 'date', label: 'Booking date', example: '2026-11-30' },
      { path: 'event.amountMinor', type: 'integer', label: 'Amount (öre, negative = out)', example: -2500 },
      { path: 'event.currency', type: 'string', label: 'Currency', example: 'SEK' },
      { path: 'event.text', type: 'string', label: 'Bank text', example: 'AVGIFT BANKGIRO' },
      { path: 'event.reference', type: 'string|null', label: 'Reference (OCR)', example: null },
      { path: 'event.counterparty', type: 'string|null', label: 'Counterparty', example: null },
      { path: 'event.bankAccount', type: 'string', label: 'Bank ledger account', example: '1930' },
      { path: 'event.valueDate', type: 'date', label: 'Value date (statement files)', example: '2026-11-30' },
      { path: 'event.counterpartyAccount', type: 'string|null', label: 'Counterparty account (statement files)', example: null },
      { path: 'event.reversal', type: 'boolean', label: 'Returned payment (statement files)', example: false },
      { path: 'event.transactionCode', type: 'string|null', label: 'Transaction code (statement files)', example: 'PMNT/CCRD/CHRG' },
      { path: 'event.bankAccountId', type: 'string', label: 'Bank account id (statement files)', example: 'main' },
      { path: 'event.statementId', type: 'string', label: 'Statement id (statement files)', example: 'STMT-2026-11-30' },
    ],
    example: {
      id: '2026113000042', bookingDate: '2026-11-30', amountMinor: -2500, currency: 'SEK',
      text: 'AVGIFT BANKGIRO', reference: null, counterparty: null, bankAccount: '1930',
    },
  },
});
