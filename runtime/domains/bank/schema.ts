/**
 * The bank domain's tables (drizzle-kit reads this file beside
 * runtime/db/schema.ts, which re-exports them). snake_case in SQL,
 * camelCase in TypeScript; amounts are INTEGER *_minor.
 */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { companies } from '../../db/schema.ts';

/**
 * The company's bank accounts: which ledger account a statement's lines are
 * booked against, and how a file names the account (IBAN, bankgiro,
 * plusgiro). Normalised: IBAN without spaces, giro numbers as digits only.
 */
export const bankAccounts = sqliteTable('bank_accounts', {
  companyId: text('company_id').notNull().references(() => companies.id),
  /** the company's own id, e.g. "main" */
  id: text('id').notNull(),
  name: text('name').notNull(),
  /** a 19xx asset account of the chart */
  ledgerAccount: text('ledger_account').notNull(),
  iban: text('iban'),
  bankgiro: text('bankgiro'),
  plusgiro: text('plusgiro'),
  currency: text('currency').notNull().default('SEK'),
  /** how this account's CSV export is read (runtime/formats/csv csvMappingSchema), JSON */
  csvMapping: text('csv_mapping'),
  /** null for an account made before migration 0019 */
  createdAt: text('created_at'),
  createdBy: text('created_by'),
}, (t) => [
  primaryKey({ columns: [t.companyId, t.id] }),
  uniqueIndex('bank_accounts_iban').on(t.companyId, t.iban),
  uniqueIndex('bank_accounts_bankgiro').on(t.companyId, t.bankgiro),
  uniqueIndex('bank_accounts_plusgiro').on(t.companyId, t.plusgiro),
]);

/** Every bank line as it arrived, stored before it is acknowledged. */
export const bankLines = sqliteTable('bank_lines', {
  companyId: text('company_id').notNull().references(() => companies.id),
  /** the bank's entry reference */
  id: text('id').notNull(),
  bankAccount: text('bank_account').notNull(),
  bookingDate: text('booking_date').notNull(),
  amountMinor: integer('amount_minor').notNull(),
  currency: text('currency').notNull(),
  text: text('text').notNull(),
  reference: text('reference'),
  counterparty: text('counterparty'),
  receivedAt: text('received_at').notNull(),
  status: text('status', { enum: ['received', 'handled', 'unhandled'] }).notNull().default('received'),
  /** the stored original (request body, delivery) the line came in, when known */
  originalId: text('original_id'),
  // A statement file's fields (migration 0023); null for a line sent as JSON without them.
  valueDate: text('value_date'),
  counterpartyAccount: text('counterparty_account'),
  /** 1 a returned payment, 0 not, null when the line did not say */
  reversal: integer('reversal', { mode: 'boolean' }),
  transactionCode: text('transaction_code'),
  /** the company's bank account (bank_accounts.id) of the statement */
  bankAccountId: text('bank_account_id'),
  /** the statement's own id in the file */
  statementId: text('statement_id'),
}, (t) => [
  primaryKey({ columns: [t.companyId, t.id] }),
  index('bank_lines_statement').on(t.companyId, t.bankAccountId, t.statementId),
  index('bank_lines_account_date').on(t.companyId, t.bankAccount, t.bookingDate),
]);

/**
 * One row per imported statement (camt Stmt/Ntfctn, BgMax deposit, CSV file):
 * its period and the balances the file states. A record: the same statement
 * imported again keeps the first row (migration 0023).
 */
export const bankStatements = sqliteTable('bank_statements', {
  companyId: text('company_id').notNull().references(() => companies.id),
  bankAccountId: text('bank_account_id').notNull(),
  /** the statement's own id in the file */
  statementId: text('statement_id').notNull(),
  format: text('format').notNull(),
  currency: text('currency').notNull(),
  /** earliest and latest booking date of its lines */
  fromDate: text('from_date'),
  toDate: text('to_date'),
  /** the dates of the opening and closing balances, when the file gives them */
  openingDate: text('opening_date'),
  closingDate: text('closing_date'),
  openingMinor: integer('opening_minor'),
  closingMinor: integer('closing_minor'),
  creditMinor: integer('credit_minor').notNull(),
  debitMinor: integer('debit_minor').notNull(),
  lineCount: integer('line_count').notNull(),
  /** the stored file (originals) */
  originalId: text('original_id'),
  importedAt: text('imported_at').notNull(),
  importedBy: text('imported_by').notNull(),
}, (t) => [primaryKey({ columns: [t.companyId, t.bankAccountId, t.statementId] })]);

/**
 * What was decided about an incoming payment (a bank line), by the
 * match-payment node of a run or by a person in the inbox: the outcome, the
 * allocations to invoices, the candidates ranked with their reasons, and
 * the voucher when it settled something. A record: never changed; a later
 * decision (a person matching by hand) is a new row.
 */
export const paymentDecisions = sqliteTable('payment_decisions', {
  companyId: text('company_id').notNull().references(() => companies.id),
  id: text('id').notNull(),
  bankLineId: text('bank_line_id').notNull(),
  /** the run that decided (null: a person) */
  runId: text('run_id'),
  automationId: text('automation_id'),
  /** matched | partial | overpaid | multi | exception | manual (a person's match or split) | account (a person booked the line to an account) */
  kind: text('kind').notNull(),
  exceptionReason: text('exception_reason'),
  /** 0–1000 (the matcher's score × 1000) */
  scoreMilli: integer('score_milli').notNull(),
  /** JSON string[] */
  reasons: text('reasons').notNull(),
  /** JSON [{ invoiceNumber, customerNo, amountMinor }] */
  allocations: text('allocations').notNull(),
  /** JSON [{ invoiceNumber, customerNo, customerName, currency, openMinor, score, reasons }] */
  candidates: text('candidates').notNull(),
  excessMinor: integer('excess_minor'),
  remainingMinor: integer('remaining_minor'),
  /** the account the excess (overpaid) or the whole line (account) was booked to */
  account: text('account'),
  voucherId: text('voucher_id'),
  decidedAt: text('decided_at').notNull(),
  decidedBy: text('decided_by').notNull(),
}, (t) => [
  primaryKey({ columns: [t.companyId, t.id] }),
  index('payment_decisions_line').on(t.companyId, t.bankLineId),
]);

/** Each payment applied to a customer invoice: the invoice's open amount is its total less these. A record. */
export const invoicePayments = sqliteTable('invoice_payments', {
  companyId: text('company_id').notNull().references(() => companies.id),
  id: text('id').notNull(),
  invoiceId: text('invoice_id').notNull(),
  invoiceNumber: text('invoice_number').notNull(),
  bankLineId: text('bank_line_id').notNull(),
  decisionId: text('decision_id').notNull(),
  voucherId: text('voucher_id').notNull(),
  /** in the invoice's currency */
  amountMinor: integer('amount_minor').notNull(),
  currency: text('currency').notNull(),
  paidOn: text('paid_on').notNull(),
}, (t) => [
  primaryKey({ columns: [t.companyId, t.id] }),
  index('invoice_payments_invoice').on(t.companyId, t.invoiceId),
]);

/**
 * A counter per company that moves whenever a customer invoice is created
 * or its open amount changes (triggers in migration 0022): the matching
 * cache (payments/open-invoices.ts) knows it is current when the counter is
 * what it expects.
 */
export const receivablesGenerations = sqliteTable('receivables_generations', {
  companyId: text('company_id').primaryKey(),
  generation: integer('generation').notNull(),
});
