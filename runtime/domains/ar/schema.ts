/**
 * The AR domain's tables (drizzle-kit reads this file beside
 * runtime/db/schema.ts, which re-exports them): customers and the invoices
 * with their open amounts. snake_case in SQL, camelCase in TypeScript;
 * amounts are INTEGER *_minor. Supplier (AP) invoices share the invoices
 * table (kind 'ap') until the AP domain takes them.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { companies } from '../../db/schema.ts';

export const customers = sqliteTable('customers', {
  companyId: text('company_id').notNull().references(() => companies.id),
  /** the customer number, e.g. "K1001" (`customerNo` in the API) */
  id: text('id').notNull(),
  name: text('name').notNull(),
  /** Swedish organisation or personal identity number, "NNNNNN-NNNN" */
  orgNumber: text('org_number'),
  vatNumber: text('vat_number'),
  email: text('email'),
  peppolId: text('peppol_id'),
  paymentTermsDays: integer('payment_terms_days').notNull().default(30),
  receivableAccount: text('receivable_account').notNull().default('1510'),
  /** digits only (migration 0021) */
  bankgiro: text('bankgiro'),
  /** JSON: { street?, street2?, postalCode?, city?, country? } */
  address: text('address'),
  /** null only for a customer made before migration 0021 in a company without a creation time */
  createdAt: text('created_at'),
  updatedAt: text('updated_at'),
}, (t) => [primaryKey({ columns: [t.companyId, t.id] })]);

/**
 * Customer (AR) and supplier (AP) invoices with their open amounts. Triggers
 * (0021) refuse a REPLACE and any change but the open amount (0..total),
 * the status, the dates and a voucher not yet set.
 */
export const invoices = sqliteTable('invoices', {
  companyId: text('company_id').notNull().references(() => companies.id),
  /** an AR invoice made over the API: its invoice number */
  id: text('id').notNull(),
  kind: text('kind', { enum: ['ar', 'ap'] }).notNull(),
  counterpartyId: text('counterparty_id').notNull(),
  invoiceNumber: text('invoice_number').notNull(),
  invoiceDate: text('invoice_date').notNull(),
  dueDate: text('due_date').notNull(),
  /** the invoice's own currency: total, VAT and open amounts are in it */
  currency: text('currency').notNull(),
  totalMinor: integer('total_minor').notNull(),
  vatMinor: integer('vat_minor').notNull(),
  openMinor: integer('open_minor').notNull(),
  ocrReference: text('ocr_reference'),
  voucherId: text('voucher_id'),
  status: text('status', { enum: ['open', 'paid', 'credited'] }).notNull().default('open'),
  /** a foreign-currency invoice: base currency per unit as given, a decimal string (e.g. "11.4523"); null in the base currency */
  exchangeRate: text('exchange_rate'),
  /** the total in the company's base currency as booked (the receivable line of the voucher) */
  totalBaseMinor: integer('total_base_minor'),
  createdAt: text('created_at'),
  createdBy: text('created_by'),
}, (t) => [
  primaryKey({ columns: [t.companyId, t.id] }),
  index('invoices_ocr').on(t.companyId, t.ocrReference),
  uniqueIndex('invoices_number_unique').on(t.companyId, t.kind, t.invoiceNumber),
  // Partial: a settled invoice leaves it (one index page written), where an index on the status moved its entry
  // from 'open' to 'paid' (two random pages for every settlement; issue 11: ≈ 0.8 s of a 100 000-line statement).
  // Queries for open invoices use it; the others read the company's invoices through the primary key.
  index('invoices_open').on(t.companyId, t.kind).where(sql`${t.status} = 'open'`),
]);
