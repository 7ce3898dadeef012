/**
 * Read models over the ledger: trial balance, general ledger, open items with
 * ageing, period status. Figures come straight from voucher lines and opening
 * balances in SQL aggregates (integers, minor units).
 */
import { and, asc, eq } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { auditEvents, customers, fiscalYears, invoices, periods, suppliers } from '../db/schema.ts';
import { LedgerRefusal } from './types.ts';
import { systemClock, type LedgerClock } from './ledger.ts';

export interface TrialBalanceRow {
  account: string;
  name: string;
  type: string;
  openingMinor: number;
  debitMinor: number;
  creditMinor: number;
  closingMinor: number;
}

export interface TrialBalance {
  fiscalYear: number;
  fromPeriod: string;
  toPeriod: string;
  rows: TrialBalanceRow[];
  totals: { openingMinor: number; debitMinor: number; creditMinor: number; closingMinor: number };
}

function lastDay(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return `${period}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

async function fiscalYearOf(db: Db, companyId: string, date: string) {
  const years = await db.select().from(fiscalYears).where(eq(fiscalYears.companyId, companyId));
  const year = years.find((y) => y.startDate <= date && date <= y.endDate);
  if (!year) throw new LedgerRefusal('no_fiscal_year', `No fiscal year covers ${date}`);
  return year;
}

const periodPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Opening balance, movement and closing balance per account for a range of
 * periods within one fiscal year. Balance accounts (1xxx, 2xxx) open with the
 * year's opening balance; every account adds the movements of the year before
 * the range. Debit positive, credit negative.
 */
export async function trialBalance(db: Db, companyId: string, range: { fromPeriod: string; toPeriod: string }): Promise<TrialBalance> {
  for (const p of [range.fromPeriod, range.toPeriod]) {
    if (!periodPattern.test(p)) throw new LedgerRefusal('invalid_date', `"${p}" is not a period (YYYY-MM)`);
  }
  const from = `${range.fromPeriod}-01`;
  const to = lastDay(range.toPeriod);
  const year = await fiscalYearOf(db, companyId, from);
  if (to > year.endDate || to < from) throw new LedgerRefusal('invalid_date', `The range ${range.fromPeriod}..${range.toPeriod} must lie within fiscal year ${year.year}`);
  const rows = await db.all<{ account: string; name: string; type: string; ib: number; before: number; debit: number; credit: number }>(sql`
    WITH movements AS (
      SELECT l.account AS account,
        SUM(CASE WHEN v.date < ${from} THEN l.debit_minor - l.credit_minor ELSE 0 END) AS before,
        SUM(CASE WHEN v.date >= ${from} THEN l.debit_minor ELSE 0 END) AS debit,
        SUM(CASE WHEN v.date >= ${from} THEN l.credit_minor ELSE 0 END) AS credit
      FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id
      WHERE v.company_id = ${companyId} AND v.date >= ${year.startDate} AND v.date <= ${to}
      GROUP BY l.account
    )
    SELECT a.number AS account, a.name AS name, a.type AS type,
      COALESCE(ob.amount_minor, 0) AS ib, COALESCE(m.before, 0) AS before, COALESCE(m.debit, 0) AS debit, COALESCE(m.credit, 0) AS credit
    FROM accounts a
    LEFT JOIN movements m ON m.account = a.number
    LEFT JOIN opening_balances ob ON ob.company_id = a.company_id AND ob.fiscal_year = ${year.year} AND ob.account = a.number
    WHERE a.company_id = ${companyId} AND (m.account IS NOT NULL OR ob.amount_minor IS NOT NULL)
    ORDER BY a.number`);
  const out: TrialBalanceRow[] = rows.map((r) => {
    const opening = Number(r.ib) + Number(r.before);
    const debit = Number(r.debit);
    const credit = Number(r.credit);
    return { account: r.account, name: r.name, type: r.type, openingMinor: opening, debitMinor: debit, creditMinor: credit, closingMinor: opening + debit - credit };
  }).filter((r) => r.openingMinor !== 0 || r.debitMinor !== 0 || r.creditMinor !== 0);
  const totals = out.reduce((t, r) => ({
    openingMinor: t.openingMinor + r.openingMinor, debitMinor: t.debitMinor + r.debitMinor,
    creditMinor: t.creditMinor + r.creditMinor, closingMinor: t.closingMinor + r.closingMinor,
  }), { openingMinor: 0, debitMinor: 0, creditMinor: 0, closingMinor: 0 });
  return { fiscalYear: year.year, fromPeriod: range.fromPeriod, toPeriod: range.toPeriod, rows: out, totals };
}

export interface GeneralLedgerEntry {
  voucherId: string;
  series: string;
  number: number;
  date: string;
  text: string;
  lineText: string | null;
  debitMinor: number;
  creditMinor: number;
  balanceMinor: number;
}

/** Every line on one account in a date range, with the running balance. */
export async function generalLedger(db: Db, companyId: string, account: string, range: { from: string; to: string }) {
  const year = await fiscalYearOf(db, companyId, range.from);
  const [opening] = await db.all<{ ib: number; before: number; name: string | null }>(sql`
    SELECT
      (SELECT COALESCE(SUM(amount_minor), 0) FROM opening_balances WHERE company_id = ${companyId} AND fiscal_year = ${year.year} AND account = ${account}) AS ib,
      (SELECT COALESCE(SUM(l.debit_minor - l.credit_minor), 0) FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id
        WHERE v.company_id = ${companyId} AND l.account = ${account} AND v.date >= ${year.startDate} AND v.date < ${range.from}) AS before,
      (SELECT name FROM accounts WHERE company_id = ${companyId} AND number = ${account}) AS name`);
  const lines = await db.all<{ voucherId: string; series: string; number: number; date: string; text: string; lineText: string | null; debit: number; credit: number }>(sql`
    SELECT v.id AS voucherId, v.series AS series, v.number AS number, v.date AS date, v.text AS text, l.text AS lineText,
      l.debit_minor AS debit, l.credit_minor AS credit
    FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id
    WHERE v.company_id = ${companyId} AND l.account = ${account} AND v.date >= ${range.from} AND v.date <= ${range.to}
    ORDER BY v.date, v.series, v.number, l.line_no`);
  let balance = Number(opening.ib) + Number(opening.before);
  const openingMinor = balance;
  const entries: GeneralLedgerEntry[] = lines.map((l) => {
    balance += Number(l.debit) - Number(l.credit);
    return { voucherId: l.voucherId, series: l.series, number: Number(l.number), date: l.date, text: l.text, lineText: l.lineText,
      debitMinor: Number(l.debit), creditMinor: Number(l.credit), balanceMinor: balance };
  });
  return { account, name: opening.name ?? '', from: range.from, to: range.to, openingMinor, closingMinor: balance, entries };
}

export type AgeingBucket = 'not_due' | 'd0_30' | 'd31_60' | 'd61_90' | 'over_90';
export const ageingBuckets: AgeingBucket[] = ['not_due', 'd0_30', 'd31_60', 'd61_90', 'over_90'];

export function ageingBucketOf(dueDate: string, asOf: string): { bucket: AgeingBucket; daysOverdue: number } {
  const days = Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${dueDate}T00:00:00Z`)) / 86_400_000);
  if (days <= 0) return { bucket: 'not_due', daysOverdue: 0 };
  if (days <= 30) return { bucket: 'd0_30', daysOverdue: days };
  if (days <= 60) return { bucket: 'd31_60', daysOverdue: days };
  if (days <= 90) return { bucket: 'd61_90', daysOverdue: days };
  return { bucket: 'over_90', daysOverdue: days };
}

/** Open customer (ar) or supplier (ap) invoices with days overdue, and totals per ageing bucket. */
export async function openItems(db: Db, companyId: string, kind: 'ar' | 'ap', asOf: string) {
  const rows = await db.select().from(invoices)
    .where(and(eq(invoices.companyId, companyId), eq(invoices.kind, kind), eq(invoices.status, 'open')))
    .orderBy(asc(invoices.dueDate));
  const parties = kind === 'ar'
    ? await db.select({ id: customers.id, name: customers.name }).from(customers).where(eq(customers.companyId, companyId))
    : await db.select({ id: suppliers.id, name: suppliers.name }).from(suppliers).where(eq(suppliers.companyId, companyId));
  const names = new Map(parties.map((p) => [p.id, p.name]));
  const totals = Object.fromEntries(ageingBuckets.map((b) => [b, 0])) as Record<AgeingBucket, number>;
  const items = rows.filter((r) => r.openMinor !== 0).map((r) => {
    const { bucket, daysOverdue } = ageingBucketOf(r.dueDate, asOf);
    totals[bucket] += r.openMinor;
    return {
      id: r.id, counterpartyId: r.counterpartyId, counterpartyName: names.get(r.counterpartyId) ?? r.counterpartyId,
      invoiceNumber: r.invoiceNumber, invoiceDate: r.invoiceDate, dueDate: r.dueDate, currency: r.currency,
      totalMinor: r.totalMinor, openMinor: r.openMinor, ocrReference: r.ocrReference, daysOverdue, bucket,
    };
  });
  return { kind, asOf, items, totals, totalMinor: items.reduce((s, i) => s + i.openMinor, 0) };
}

export async function listPeriods(db: Db, companyId: string) {
  return db.select({ period: periods.period, fiscalYear: periods.fiscalYear, startDate: periods.startDate, endDate: periods.endDate, status: periods.status })
    .from(periods).where(eq(periods.companyId, companyId)).orderBy(asc(periods.period));
}

/** Locks or unlocks a period. Unlocking is an audited administrative act and needs a reason. */
export async function setPeriodStatus(
  db: Db, companyId: string, period: string, status: 'open' | 'locked', actor: string, reason: string | undefined, clock: LedgerClock = systemClock,
) {
  if (status === 'open' && !reason?.trim()) throw new LedgerRefusal('reason_required', 'Unlocking a period needs a reason (it is recorded in the audit log)');
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(periods).where(and(eq(periods.companyId, companyId), eq(periods.period, period)));
    if (!row) throw new LedgerRefusal('no_fiscal_year', `Period ${period} does not exist`);
    if (row.status !== status) {
      await tx.update(periods).set({ status }).where(and(eq(periods.companyId, companyId), eq(periods.period, period)));
      await tx.insert(auditEvents).values({
        id: clock.newId(), companyId, at: clock.now().toISOString(), actor,
        action: status === 'locked' ? 'period.lock' : 'period.unlock', subject: `period:${period}`,
        details: JSON.stringify(reason ? { reason } : {}),
      });
    }
    return { period, status };
  });
}
