/**
 * The currency domain's tables (drizzle-kit reads this file beside
 * runtime/db/schema.ts, which re-exports them).
 */
import { primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { companies } from '../../db/schema.ts';

/** One rate per company, currency and day: base currency (SEK) per unit, a decimal string (0031). */
export const exchangeRates = sqliteTable('exchange_rates', {
  companyId: text('company_id').notNull().references(() => companies.id),
  currency: text('currency').notNull(),
  /** YYYY-MM-DD */
  date: text('date').notNull(),
  /** "11.4523": SEK per one EUR */
  rate: text('rate').notNull(),
  /** 'manual' | 'csv' | 'riksbanken' */
  source: text('source').notNull(),
  setAt: text('set_at').notNull(),
  setBy: text('set_by').notNull(),
}, (t) => [primaryKey({ columns: [t.companyId, t.currency, t.date] })]);
