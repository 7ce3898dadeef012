/**
 * The bank domain's tables (drizzle-kit reads this file beside
 * runtime/db/schema.ts, which re-exports them). snake_case in SQL,
 * camelCase in TypeScript; amounts are INTEGER *_minor.
 */
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { companies } from '../../db/schema.ts';

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
