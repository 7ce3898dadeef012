import { rawExecutor } from '../db/client.ts';
import type { VatCodeRule } from './vat-codes.ts';

/** What the ledger checks a voucher against: a read-only snapshot of one company's set-up. */
export interface Chart {
  companyId: string;
  baseCurrency: string;
  accounts: Map<string, { name: string; active: boolean; type: string }>;
  series: Set<string>;
  /** the active VAT codes, each with its kind, rate, accounts and boxes (runtime/ledger/vat-codes.ts) */
  vatCodes: Map<string, VatCodeRule>;
  /** "dimension:object" */
  dimensionObjects: Set<string>;
  fiscalYears: { year: number; startDate: string; endDate: string }[];
  /** "YYYY-MM" → status */
  periods: Map<string, 'open' | 'locked'>;
}

/**
 * One round of plain queries (raw SQL: this runs inside every posting
 * transaction, so it must be cheap). `db` may be a database or a transaction.
 */
export async function loadChart(db: unknown, companyId: string): Promise<Chart | null> {
  const sql = rawExecutor(db);
  const one = (query: string) => sql.execute({ sql: query, args: [companyId] });
  const [company] = (await one('SELECT base_currency, chart_version FROM companies WHERE id = ?')).rows;
  if (!company) return null;
  // Triggers bump chart_version on every change to the chart, in any process: the cached copy is current when it matches.
  const version = Number(company.chart_version);
  const cache = cacheOf(db);
  const cached = cache.get(companyId);
  if (cached && cached.version === version) return cached.chart;
  const chart = await readChart(one, companyId, String(company.base_currency));
  cache.set(companyId, { version, chart });
  return chart;
}

/** Charts per database client (not per transaction: a transaction's session keeps its client). Read-only once built. */
const charts = new WeakMap<object, Map<string, { version: number; chart: Chart }>>();
function cacheOf(db: unknown): Map<string, { version: number; chart: Chart }> {
  const key = ((db as { session?: { client?: object } }).session?.client ?? db) as object;
  let cache = charts.get(key);
  if (!cache) { cache = new Map(); charts.set(key, cache); }
  return cache;
}

async function readChart(
  one: (query: string) => Promise<{ rows: Record<string, unknown>[] }>, companyId: string, baseCurrency: string,
): Promise<Chart> {
  const [accountRows, seriesRows, vatRows, objectRows, yearRows, periodRows] = await Promise.all([
    one('SELECT number, name, active, type FROM accounts WHERE company_id = ?'),
    one('SELECT code FROM voucher_series WHERE company_id = ?'),
    one('SELECT code, kind, rate_basis_points, output_account, input_account, base_box, vat_box FROM vat_codes WHERE company_id = ? AND active = 1'),
    one('SELECT dimension, code FROM dimension_objects WHERE company_id = ? AND active = 1'),
    one('SELECT year, start_date, end_date FROM fiscal_years WHERE company_id = ? ORDER BY start_date'),
    one('SELECT period, status FROM periods WHERE company_id = ?'),
  ]);
  return {
    companyId,
    baseCurrency,
    accounts: new Map(accountRows.rows.map((a) => [String(a.number), { name: String(a.name), active: Number(a.active) === 1, type: String(a.type) }])),
    series: new Set(seriesRows.rows.map((r) => String(r.code))),
    vatCodes: new Map(vatRows.rows.map((r) => [String(r.code), vatCodeRuleOf(r)])),
    dimensionObjects: new Set(objectRows.rows.map((o) => `${o.dimension}:${o.code}`)),
    fiscalYears: yearRows.rows.map((y) => ({ year: Number(y.year), startDate: String(y.start_date), endDate: String(y.end_date) })),
    periods: new Map(periodRows.rows.map((p) => [String(p.period), p.status === 'locked' ? 'locked' : 'open'])),
  };
}

/** A vat_codes row as the ledger reads it. */
export function vatCodeRuleOf(r: Record<string, unknown>): VatCodeRule {
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    code: String(r.code), kind: String(r.kind) as VatCodeRule['kind'], rateBasisPoints: Number(r.rate_basis_points),
    outputAccount: text(r.output_account), inputAccount: text(r.input_account), baseBox: text(r.base_box), vatBox: text(r.vat_box),
  };
}
