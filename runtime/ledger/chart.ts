import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { accounts, companies, dimensionObjects, fiscalYears, periods, vatCodes, voucherSeries } from '../db/schema.ts';

/** What the ledger checks a voucher against: a read-only snapshot of one company's set-up. */
export interface Chart {
  companyId: string;
  baseCurrency: string;
  accounts: Map<string, { name: string; active: boolean; type: string }>;
  series: Set<string>;
  vatCodes: Set<string>;
  /** "dimension:object" */
  dimensionObjects: Set<string>;
  fiscalYears: { year: number; startDate: string; endDate: string }[];
  /** "YYYY-MM" → status */
  periods: Map<string, 'open' | 'locked'>;
}

type Reader = Pick<Db, 'select'>;

export async function loadChart(db: Reader, companyId: string): Promise<Chart | null> {
  const [company] = await db.select().from(companies).where(eq(companies.id, companyId));
  if (!company) return null;
  const [accountRows, seriesRows, vatRows, objectRows, yearRows, periodRows] = await Promise.all([
    db.select().from(accounts).where(eq(accounts.companyId, companyId)),
    db.select().from(voucherSeries).where(eq(voucherSeries.companyId, companyId)),
    db.select().from(vatCodes).where(eq(vatCodes.companyId, companyId)),
    db.select().from(dimensionObjects).where(and(eq(dimensionObjects.companyId, companyId), eq(dimensionObjects.active, true))),
    db.select().from(fiscalYears).where(eq(fiscalYears.companyId, companyId)),
    db.select().from(periods).where(eq(periods.companyId, companyId)),
  ]);
  return {
    companyId,
    baseCurrency: company.baseCurrency,
    accounts: new Map(accountRows.map((a) => [a.number, { name: a.name, active: a.active, type: a.type }])),
    series: new Set(seriesRows.map((s) => s.code)),
    vatCodes: new Set(vatRows.map((v) => v.code)),
    dimensionObjects: new Set(objectRows.map((o) => `${o.dimension}:${o.code}`)),
    fiscalYears: yearRows.map((y) => ({ year: y.year, startDate: y.startDate, endDate: y.endDate })),
    periods: new Map(periodRows.map((p) => [p.period, p.status])),
  };
}
