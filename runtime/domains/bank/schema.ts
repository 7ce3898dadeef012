/**
 * The bank domain's tables (drizzle-kit reads this file beside
 * runtime/db/schema.ts, which re-exports them). snake_case in SQL,
 * camelCase in TypeScript; amounts are INTEGER *_minor.
 */
import { integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
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
}, (t) => [primaryKey({ columns: [t.companyId, t.id] })]);
