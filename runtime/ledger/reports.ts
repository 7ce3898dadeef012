/**
 * Read models over the ledger: trial balance, general ledger, open items with
 * ageing, period status. Figures come straight from voucher lines and opening
 * balances in SQL aggregates (integers, minor units), summed exactly (BigInt,
 * exact-sum.ts): a figure beyond ±2^53 is answered as a decimal string, never
 * rounded and never an error (shared/money.ts minorForJson).
 */
import { and, asc, desc, eq } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { customers, fiscalYears, invoices, periods, suppliers, yearEndActs } from '../db/schema.ts';
import { DomainRefusal } from '../kernel/errors.ts';
import { LedgerRefusal } from './types.ts';
import { minorForJson, type ReportMinor } from '../../shared/money.ts';
import { exactSum, exactSumOf } from './exact-sum.ts';
import { recordAudit } from '../kernel/audit.ts';
import { systemClock, type LedgerClock } from '../kernel/clock.ts';

export interface TrialBalanceRow {
  account: string;
  name: string;
  type: string;
  openingMinor: ReportMinor;
  debitMinor: ReportMinor;
  creditMinor: ReportMinor;
  closingMinor: ReportMinor;
}

export interface TrialBalance {
  fiscalYear: number;
  fromPeriod: string;
  toPeriod: string;
  rows: TrialBalanceRow[];
  totals: { openingMinor: ReportMinor; debitMinor: ReportMinor; creditMinor: ReportMinor; closingMinor: ReportMinor };
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
  const rows = await db.all<{ account: string; name: string; type: string; ib: string | null; beforeDebit: string | null; beforeCredit: string | null; debit: string | null; credit: string | null }>(sql`
    WITH movements AS (
      SELECT l.account AS account,
        ${exactSum(sql`CASE WHEN v.date < ${from} THEN l.debit_minor ELSE 0 END`)} AS beforeDebit,
        ${exactSum(sql`CASE WHEN v.date < ${from} THEN l.credit_minor ELSE 0 END`)} AS beforeCredit,
        ${exactSum(sql`CASE WHEN v.date >= ${from} THEN l.debit_minor ELSE 0 END`)} AS debit,
        ${exactSum(sql`CASE WHEN v.date >= ${from} THEN l.credit_minor ELSE 0 END`)} AS credit
      FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id
      WHERE v.company_id = ${companyId} AND v.date >= ${year.startDate} AND v.date <= ${to}
      GROUP BY l.account
    ),
    -- an account's opening balance is the sum of its rows (SIE import and year-end carries; migration 0025)
    opening AS (
      SELECT account, ${exactSum(sql`amount_minor`)} AS ib FROM opening_balances
      WHERE company_id = ${companyId} AND fiscal_year = ${year.year} GROUP BY account
    )
    SELECT a.number AS account, a.name AS name, a.type AS type,
      ob.ib AS ib, m.beforeDebit AS beforeDebit, m.beforeCredit AS beforeCredit, m.debit AS debit, m.credit AS credit
    FROM accounts a
    LEFT JOIN movements m ON m.account = a.number
    LEFT JOIN opening ob ON ob.account = a.number
    WHERE a.company_id = ${companyId} AND (m.account IS NOT NULL OR ob.ib IS NOT NULL)
    ORDER BY a.number`);
  const exact = rows.map((r) => {
    const opening = exactSumOf(r.ib) + exactSumOf(r.beforeDebit) - exactSumOf(r.beforeCredit);
    const debit = exactSumOf(r.debit);
    const credit = exactSumOf(r.credit);
    return { account: r.account, name: r.name, type: r.type, opening, debit, credit, closing: opening + debit - credit };
  }).filter((r) => r.opening !== 0n || r.debit !== 0n || r.credit !== 0n);
  const totals = { opening: 0n, debit: 0n, credit: 0n, closing: 0n };
  for (const r of exact) {
    totals.opening += r.opening; totals.debit += r.debit; totals.credit += r.credit; totals.closing += r.closing;
  }
  const out: TrialBalanceRow[] = exact.map((r) => ({
    account: r.account, name: r.name, type: r.type, openingMinor: minorForJson(r.opening), debitMinor: minorForJson(r.debit),
    creditMinor: minorForJson(r.credit), closingMinor: minorForJson(r.closing),
  }));
  return {
    fiscalYear: year.year, fromPeriod: range.fromPeriod, toPeriod: range.toPeriod, rows: out,
    totals: { openingMinor: minorForJson(totals.opening), debitMinor: minorForJson(totals.debit), creditMinor: minorForJson(totals.credit), closingMinor: minorForJson(totals.closing) },
  };
}

export interface GeneralLedgerEntry {
  voucherId: string;
  series: string;
  number: number;
  date: string;
  text: string;
  lineText: string | null;
  debitMinor: ReportMinor;
  creditMinor: ReportMinor;
  balanceMinor: ReportMinor;
}

/** Every line on one account in a date range, with the running balance. */
export async function generalLedger(db: Db, companyId: string, account: string, range: { from: string; to: string }) {
  const year = await fiscalYearOf(db, companyId, range.from);
  const [opening] = await db.all<{ ib: string | null; beforeDebit: string | null; beforeCredit: string | null; name: string | null }>(sql`
    SELECT
      (SELECT ${exactSum(sql`amount_minor`)} FROM opening_balances WHERE company_id = ${companyId} AND fiscal_year = ${year.year} AND account = ${account}) AS ib,
      (SELECT ${exactSum(sql`l.debit_minor`)} FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id
        WHERE v.company_id = ${companyId} AND l.account = ${account} AND v.date >= ${year.startDate} AND v.date < ${range.from}) AS beforeDebit,
      (SELECT ${exactSum(sql`l.credit_minor`)} FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id
        WHERE v.company_id = ${companyId} AND l.account = ${account} AND v.date >= ${year.startDate} AND v.date < ${range.from}) AS beforeCredit,
      (SELECT name FROM accounts WHERE company_id = ${companyId} AND number = ${account}) AS name`);
  const lines = await db.all<{ voucherId: string; series: string; number: number; date: string; text: string; lineText: string | null; debit: string; credit: string }>(sql`
    SELECT v.id AS voucherId, v.series AS series, v.number AS number, v.date AS date, v.text AS text, l.text AS lineText,
      CAST(l.debit_minor AS TEXT) AS debit, CAST(l.credit_minor AS TEXT) AS credit
    FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id
    WHERE v.company_id = ${companyId} AND l.account = ${account} AND v.date >= ${range.from} AND v.date <= ${range.to}
    ORDER BY v.date, v.series, v.number, l.line_no`);
  // The running balance in BigInt: exact however far it goes.
  let balance = exactSumOf(opening.ib) + exactSumOf(opening.beforeDebit) - exactSumOf(opening.beforeCredit);
  const openingMinor = minorForJson(balance);
  const entries: GeneralLedgerEntry[] = lines.map((l) => {
    balance += BigInt(l.debit) - BigInt(l.credit);
    return { voucherId: l.voucherId, series: l.series, number: Number(l.number), date: l.date, text: l.text, lineText: l.lineText,
      debitMinor: minorForJson(BigInt(l.debit)), creditMinor: minorForJson(BigInt(l.credit)), balanceMinor: minorForJson(balance) };
  });
  return { account, name: opening.name ?? '', from: range.from, to: range.to, openingMinor, closingMinor: minorForJson(balance), entries };
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
  const totals = Object.fromEntries(ageingBuckets.map((b) => [b, 0n])) as Record<AgeingBucket, bigint>;
  const items = rows.filter((r) => r.openMinor !== 0).map((r) => {
    const { bucket, daysOverdue } = ageingBucketOf(r.dueDate, asOf);
    totals[bucket] += BigInt(r.openMinor);
    return {
      id: r.id, counterpartyId: r.counterpartyId, counterpartyName: names.get(r.counterpartyId) ?? r.counterpartyId,
      invoiceNumber: r.invoiceNumber, invoiceDate: r.invoiceDate, dueDate: r.dueDate, currency: r.currency,
      totalMinor: r.totalMinor, openMinor: r.openMinor, ocrReference: r.ocrReference, daysOverdue, bucket,
    };
  });
  return {
    kind, asOf, items,
    totals: Object.fromEntries(ageingBuckets.map((b) => [b, minorForJson(totals[b])])) as Record<AgeingBucket, ReportMinor>,
    totalMinor: minorForJson(items.reduce((s, i) => s + BigInt(i.openMinor), 0n)),
  };
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
    if (status === 'open' && row.status === 'locked') {
      // A closed fiscal year (year-end.ts) opens only as a whole, by re-opening it: its balances were carried forward.
      const [last] = await tx.select({ kind: yearEndActs.kind }).from(yearEndActs)
        .where(and(eq(yearEndActs.companyId, companyId), eq(yearEndActs.fiscalYear, row.fiscalYear))).orderBy(desc(yearEndActs.act)).limit(1);
      if (last?.kind === 'close') {
        throw new DomainRefusal(409, 'year_closed', `Period ${period} is in fiscal year ${row.fiscalYear}, which is closed: re-open the year (with a reason) to post in it again`);
      }
    }
    if (row.status !== status) {
      await tx.update(periods).set({ status }).where(and(eq(periods.companyId, companyId), eq(periods.period, period)));
      await recordAudit(tx, {
        id: clock.newId(), companyId, at: clock.now().toISOString(), actor,
        action: status === 'locked' ? 'period.lock' : 'period.unlock', subject: `period:${period}`,
        details: reason ? { reason } : {},
      });
    }
    return { period, status };
  });
}
