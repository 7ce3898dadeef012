/**
 * The rates port (kernel/ports.ts): what a node's executor may ask about
 * currencies — the company's base currency, and the rate of another currency
 * for a day (rates.ts rateFor). The base currency is read once per company
 * and kept: it is fixed when the company is made.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { companies, invoices } from '../../db/schema.ts';
import { rateFor } from './rates.ts';

/** What a customer invoice in another currency booked: for the settlement's exchange difference (settlement.ts). */
export interface InvoiceAsBooked { id: string; currency: string; totalMinor: number; openMinor: number; totalBaseMinor: number | null; exchangeRate: string | null }

export interface RatesPort {
  baseCurrency(): Promise<string>;
  /** the base currency when it has been read before (no await: a run in the base currency stays synchronous), else null */
  knownBaseCurrency?(): string | null;
  /** base currency per unit of `currency` on `date` (or the latest of the days before, rates.ts), with the day it is from; null when there is none */
  rate(currency: string, date: string): Promise<{ rate: string; date: string } | null>;
  /** customer invoices by id (at most a payment's allocations), as booked */
  bookedInvoices(ids: string[]): Promise<Map<string, InvoiceAsBooked>>;
}

const bases = new WeakMap<object, Map<string, string>>();

export function ratesPortOf(db: Db, companyId: string): RatesPort {
  let known = bases.get(db);
  if (!known) { known = new Map(); bases.set(db, known); }
  const cache = known;
  return {
    knownBaseCurrency: () => cache.get(companyId) ?? null,
    async baseCurrency() {
      const cached = cache.get(companyId);
      if (cached) return cached;
      const [company] = await db.select({ baseCurrency: companies.baseCurrency }).from(companies).where(eq(companies.id, companyId));
      const base = company?.baseCurrency ?? 'SEK';
      cache.set(companyId, base);
      return base;
    },
    async rate(currency, date) {
      const found = await rateFor(db, companyId, currency, date);
      return found ? { rate: found.rate, date: found.date } : null;
    },
    async bookedInvoices(ids) {
      if (ids.length === 0) return new Map();
      const rows = await db.select({
        id: invoices.id, currency: invoices.currency, totalMinor: invoices.totalMinor, openMinor: invoices.openMinor,
        totalBaseMinor: invoices.totalBaseMinor, exchangeRate: invoices.exchangeRate,
      }).from(invoices).where(and(eq(invoices.companyId, companyId), eq(invoices.kind, 'ar'), inArray(invoices.id, ids.slice(0, 1000))));
      return new Map(rows.map((r) => [r.id, r]));
    },
  };
}
