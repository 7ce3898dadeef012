/**
 * The rates port (kernel/ports.ts): what a node's executor may ask about
 * currencies — the company's base currency, and the rate of another currency
 * for a day (rates.ts rateFor). The base currency is read once per company
 * and kept: it is fixed when the company is made.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { companies } from '../../db/schema.ts';
import { rateFor } from './rates.ts';

export interface RatesPort {
  baseCurrency(): Promise<string>;
  /** base currency per unit of `currency` on `date` (or the latest of the days before, rates.ts), with the day it is from; null when there is none */
  rate(currency: string, date: string): Promise<{ rate: string; date: string } | null>;
}

const bases = new WeakMap<object, Map<string, string>>();

export function ratesPortOf(db: Db, companyId: string): RatesPort {
  let known = bases.get(db);
  if (!known) { known = new Map(); bases.set(db, known); }
  const cache = known;
  return {
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
  };
}
