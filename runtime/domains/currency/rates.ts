/**
 * A company's exchange rates: base currency (SEK) per unit of another
 * currency, one per currency and day, set by hand or imported as CSV (a file
 * of "date;currency;rate" rows, or Riksbanken's published rates pasted as
 * they are). Booking paths that meet an amount in another currency ask
 * `rateFor` for the voucher's date; without a rate they refuse (the run goes
 * to the exceptions inbox) — an amount is never booked as SEK silently.
 */
import { and, asc, desc, eq, gte, lte } from 'drizzle-orm';
import { normaliseRate, parseExchangeRate } from '../../../shared/exchange.ts';
import { addDays } from '../../../shared/iso-date.ts';
import { isCurrency } from '../../../shared/money.ts';
import type { Db } from '../../db/client.ts';
import { recordAudit } from '../../kernel/audit.ts';
import { DomainRefusal } from '../../kernel/errors.ts';
import { isValidIsoDate } from '../../ledger/check.ts';
import { exchangeRates } from './schema.ts';

/**
 * A day without a published rate (a weekend, a bank holiday) uses the latest rate of the days
 * before it, at most this many days back: Riksbanken publishes on banking days only.
 */
export const rateLookBackDays = 4;
/** rows per request (JSON or CSV) */
export const ratesPerRequestMax = 5_000;

export interface ExchangeRate { currency: string; date: string; rate: string; source: string; setAt: string; setBy: string }
export interface RateInput { currency: string; date: string; rate: string }


/** The rate for `currency` on `date` (or the latest of the `rateLookBackDays` days before it); null when there is none. */
export async function rateFor(db: Pick<Db, 'select'>, companyId: string, currency: string, date: string): Promise<ExchangeRate | null> {
  if (!isValidIsoDate(date)) return null;
  const [row] = await db.select().from(exchangeRates)
    .where(and(eq(exchangeRates.companyId, companyId), eq(exchangeRates.currency, currency),
      lte(exchangeRates.date, date), gte(exchangeRates.date, addDays(date, -rateLookBackDays))))
    .orderBy(desc(exchangeRates.date)).limit(1);
  return row ? rowOf(row) : null;
}

const rowOf = (row: typeof exchangeRates.$inferSelect): ExchangeRate => ({
  currency: row.currency, date: row.date, rate: row.rate, source: row.source, setAt: row.setAt, setBy: row.setBy,
});

export async function listRates(db: Db, companyId: string, query: { currency?: string; from?: string; to?: string; limit?: number }): Promise<ExchangeRate[]> {
  const conditions = [eq(exchangeRates.companyId, companyId)];
  if (query.currency) conditions.push(eq(exchangeRates.currency, query.currency));
  if (query.from) conditions.push(gte(exchangeRates.date, query.from));
  if (query.to) conditions.push(lte(exchangeRates.date, query.to));
  const rows = await db.select().from(exchangeRates).where(and(...conditions))
    .orderBy(desc(exchangeRates.date), asc(exchangeRates.currency)).limit(Math.min(query.limit ?? 500, 5000));
  return rows.map(rowOf);
}

/** Riksbanken's series ids name the pair: "SEKEURPMI" is SEK per EUR. */
const riksbankSeries = /^SEK([A-Z]{3})PMI$/;

/**
 * Rows of a CSV or a paste: each line with a date (YYYY-MM-DD), a currency (ISO code, or a
 * Riksbanken series such as SEKEURPMI) and a rate ("11,4523" or "11.4523"), separated by ";",
 * tab, or "," (then the decimal point must be "."). Lines without a date (headers, notes) are
 * skipped; a line with a date that cannot be read is refused, naming its line number.
 */
export function parseRatesCsv(text: string): RateInput[] {
  const out: RateInput[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const separator = line.includes(';') ? ';' : line.includes('\t') ? '\t' : ',';
    const cells = line.split(separator).map((c) => c.trim().replace(/^"(.*)"$/, '$1').trim());
    const date = cells.find((c) => /^\d{4}-\d{2}-\d{2}$/.test(c));
    if (!date) return;
    const where = `line ${index + 1}`;
    const currency = cells.map((c) => riksbankSeries.exec(c)?.[1] ?? c).find((c) => /^[A-Z]{3}$/.test(c) && isCurrency(c));
    if (!currency) throw invalid(where, `no currency the product knows on "${line}"`);
    const rateCell = cells.filter((c) => c !== date && /^\d+([.,]\d+)?$/.test(c)).pop();
    const rate = rateCell === undefined ? null : normaliseRate(rateCell);
    if (!rate) throw invalid(where, `no rate above zero on "${line}"`);
    out.push({ currency, date, rate });
  });
  return out;
}

const invalid = (path: string, message: string) => new DomainRefusal(422, 'invalid_exchange_rate', `${path}: ${message}`, { issues: [{ path, message }] });

/**
 * Sets rates, all or nothing, audited. A day's rate already set to the same value is left as it is;
 * a different one is refused (409) unless `replace` says to correct it (vouchers booked keep the rate on their lines).
 */
export async function setRates(
  db: Db, companyId: string, baseCurrency: string, rates: RateInput[],
  options: { source: 'manual' | 'csv' | 'riksbanken'; replace: boolean; actor: string; now: string; auditId: string },
): Promise<{ created: number; corrected: number; unchanged: number }> {
  if (rates.length === 0) throw invalid('rates', 'no rates given');
  if (rates.length > ratesPerRequestMax) throw invalid('rates', `${rates.length} rates; at most ${ratesPerRequestMax} per request`);
  const seen = new Map<string, string>();
  rates.forEach((r, i) => {
    const at = `rates[${i}]`;
    if (!isCurrency(r.currency)) throw invalid(`${at}.currency`, `unknown currency "${r.currency}"`);
    if (r.currency === baseCurrency) throw invalid(`${at}.currency`, `${baseCurrency} is the company's own currency: its rate is 1`);
    if (!isValidIsoDate(r.date)) throw invalid(`${at}.date`, `"${r.date}" is not a YYYY-MM-DD date`);
    if (!parseExchangeRate(r.rate)) throw invalid(`${at}.rate`, `"${r.rate}" is not a rate above zero such as "11.4523" (${baseCurrency} per ${r.currency})`);
    const key = `${r.currency} ${r.date}`;
    if (seen.has(key) && seen.get(key) !== r.rate) throw invalid(at, `${key} is given twice with different rates`);
    seen.set(key, r.rate);
  });
  return db.transaction(async (tx) => {
    let created = 0; let corrected = 0; let unchanged = 0;
    const changes: { currency: string; date: string; rate: string; was: string | null }[] = [];
    for (const [key, rate] of seen) {
      const [currency, date] = key.split(' ');
      const [existing] = await tx.select().from(exchangeRates)
        .where(and(eq(exchangeRates.companyId, companyId), eq(exchangeRates.currency, currency), eq(exchangeRates.date, date)));
      if (!existing) {
        await tx.insert(exchangeRates).values({ companyId, currency, date, rate, source: options.source, setAt: options.now, setBy: options.actor });
        created++;
        changes.push({ currency, date, rate, was: null });
      } else if (existing.rate === rate) {
        unchanged++;
      } else if (!options.replace) {
        throw new DomainRefusal(409, 'rate_exists', `${currency} on ${date} is already ${existing.rate}, not ${rate}: send replace: true to correct it (vouchers booked keep their rate)`,
          { field: 'rates' });
      } else {
        await tx.update(exchangeRates).set({ rate, source: options.source, setAt: options.now, setBy: options.actor })
          .where(and(eq(exchangeRates.companyId, companyId), eq(exchangeRates.currency, currency), eq(exchangeRates.date, date)));
        corrected++;
        changes.push({ currency, date, rate, was: existing.rate });
      }
    }
    if (changes.length) {
      await recordAudit(tx, {
        id: options.auditId, companyId, at: options.now, actor: options.actor, action: 'exchange-rates.set', subject: `exchange-rates:${companyId}`,
        details: { source: options.source, created, corrected, changes: changes.slice(0, 100), more: Math.max(0, changes.length - 100) },
      });
    }
    return { created, corrected, unchanged };
  });
}
