/**
 * The rates port (kernel/ports.ts): what a node's executor may ask about
 * currencies — the company's base currency, and the rate of another currency
 * for a day (rates.ts rateFor). The base currency is the chart's (fixed when
 * the company is made; every run already has it), so asking for it costs nothing.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { invoices } from '../../db/schema.ts';
import { rateFor } from './rates.ts';

/** What a customer invoice in another currency booked: for the settlement's exchange difference (settlement.ts). */
export interface InvoiceAsBooked { id: string; currency: string; totalMinor: number; openMinor: number; totalBaseMinor: number | null; exchangeRate: string | null }

export interface RatesPort {
  /** the company's base currency (its ledger's), e.g. SEK */
  baseCurrency: string;
  /** base currency per unit of `currency` on `date` (or the latest of the days before, rates.ts), with the day it is from; null when there is none */
  rate(currency: string, date: string): Promise<{ rate: string; date: string } | null>;
  /** customer invoices by id (at most a payment's allocations), as booked */
  bookedInvoices(ids: string[]): Promise<Map<string, InvoiceAsBooked>>;
}

export function ratesPortOf(db: Db, companyId: string, baseCurrency: string): RatesPort {
  return {
    baseCurrency,
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
