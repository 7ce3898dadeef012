/**
 * Fiscal years and their monthly periods. A fiscal year starts on the 1st of
 * a month and ends on the last day of a month, at most 18 months later (BFL
 * 3:1–3: twelve months, or shorter or longer when the year is changed); a new
 * one is the next year (starting the day after the last one ends) or an
 * earlier one (ending the day before the first one starts), never
 * overlapping, never leaving a gap.
 *
 * The key (`fiscal_years.year`, which vouchers, number sequences, periods and
 * opening balances refer to) is the year the fiscal year starts in. After a
 * shortened year two fiscal years can start in the same calendar year
 * (2027-01-01..2027-04-30, then 2027-05-01..2028-04-30): the later one is
 * then keyed by the year it ends in (2028). When both are taken the year is
 * refused, naming the clash.
 */
import { asc, count, eq } from 'drizzle-orm';
import type { FiscalYear } from '../../../shared/api.ts';
import { addDays } from '../../../shared/iso-date.ts';
import type { Db } from '../../db/client.ts';
import { fiscalYears, periods, yearEndActs } from '../../db/schema.ts';
import { recordAudit } from '../../kernel/audit.ts';
import { DomainRefusal } from '../../kernel/errors.ts';
import { isValidIsoDate } from '../../ledger/check.ts';
import type { Tx } from '../../ledger/ledger.ts';

type Writer = Db | Tx;

export const fiscalYearMonthsMax = 18;

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOf = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The calendar year `year` as a fiscal year. */
export const calendarYear = (year: number) => ({ start: `${year}-01-01`, end: `${year}-12-31` });

/** The monthly periods of a fiscal year: "YYYY-MM" with its first and last day. */
export function monthlyPeriods(start: string, end: string): { period: string; startDate: string; endDate: string }[] {
  const out = [];
  let [year, month] = start.split('-').map(Number);
  for (;;) {
    const period = `${year}-${pad(month)}`;
    if (`${period}-01` > end) break;
    out.push({ period, startDate: `${period}-01`, endDate: `${period}-${pad(lastDayOf(year, month))}` });
    if (++month > 12) { month = 1; year++; }
  }
  return out;
}

/** Why `start..end` cannot be a fiscal year (with the field to blame), or null when it can. */
export function fiscalYearProblem(start: string, end: string): { field: 'start' | 'end'; message: string } | null {
  if (!isValidIsoDate(start)) return { field: 'start', message: `"${start}" is not a date (YYYY-MM-DD)` };
  if (!isValidIsoDate(end)) return { field: 'end', message: `"${end}" is not a date (YYYY-MM-DD)` };
  if (!start.endsWith('-01')) return { field: 'start', message: `a fiscal year starts on the 1st of a month, not ${start}` };
  const [endYear, endMonth] = end.split('-').map(Number);
  if (end !== `${endYear}-${pad(endMonth)}-${pad(lastDayOf(endYear, endMonth))}`) return { field: 'end', message: `a fiscal year ends on the last day of a month, not ${end}` };
  if (end < start) return { field: 'end', message: `the end ${end} is before the start ${start}` };
  const months = monthlyPeriods(start, end).length;
  if (months > fiscalYearMonthsMax) return { field: 'end', message: `${start}..${end} is ${months} months; a fiscal year is at most ${fiscalYearMonthsMax}` };
  return null;
}

export function fiscalYearRefusal(problem: { field: string; message: string }, prefix = ''): DomainRefusal {
  const path = `${prefix}${problem.field}`;
  return new DomainRefusal(422, 'invalid_fiscal_year', `${path}: ${problem.message}`, { issues: [{ path, message: problem.message }] });
}

/** Inserts a checked fiscal year and its periods under `year`. */
export async function insertFiscalYear(tx: Writer, companyId: string, year: number, start: string, end: string): Promise<number> {
  await tx.insert(fiscalYears).values({ companyId, year, startDate: start, endDate: end });
  const rows = monthlyPeriods(start, end).map((p) => ({ companyId, fiscalYear: year, ...p }));
  await tx.insert(periods).values(rows);
  return rows.length;
}

/** The fiscal years, oldest first; with `yearEnd`, also whether each is closed and by which result voucher (runtime/ledger/year-end.ts). */
export async function listFiscalYears(db: Pick<Db, 'select'>, companyId: string, options: { yearEnd?: boolean } = {}): Promise<FiscalYear[]> {
  const [years, counts, acts] = await Promise.all([
    db.select().from(fiscalYears).where(eq(fiscalYears.companyId, companyId)).orderBy(asc(fiscalYears.startDate)),
    db.select({ year: periods.fiscalYear, n: count() }).from(periods).where(eq(periods.companyId, companyId)).groupBy(periods.fiscalYear),
    options.yearEnd
      ? db.select().from(yearEndActs).where(eq(yearEndActs.companyId, companyId)).orderBy(asc(yearEndActs.fiscalYear), asc(yearEndActs.act))
      : Promise.resolve([]),
  ]);
  const periodsOf = new Map(counts.map((c) => [c.year, c.n]));
  const lastAct = new Map(acts.map((a) => [a.fiscalYear, a])); // ordered: the last act per year wins
  return years.map((y) => {
    const year: FiscalYear = { year: y.year, startDate: y.startDate, endDate: y.endDate, periods: periodsOf.get(y.year) ?? 0 };
    if (!options.yearEnd) return year;
    const act = lastAct.get(y.year);
    const closed = act?.kind === 'close';
    return { ...year, status: closed ? 'closed' : 'open', closingVoucherId: closed ? act.voucherId : null };
  });
}

/**
 * The key (fiscal_years.year) of a new year: the year it starts in, or, when that is taken
 * (after a shortened year), the year it ends in; else why it cannot be given one. The
 * fiscal-years route and the SIE import key years alike.
 */
export function fiscalYearKey(years: readonly { year: number; startDate: string; endDate: string }[], start: string, end: string): number | string {
  const startYear = Number(start.slice(0, 4));
  const endYear = Number(end.slice(0, 4));
  const taken = new Map(years.map((y) => [y.year, y]));
  if (!taken.has(startYear)) return startYear;
  if (!taken.has(endYear)) return endYear;
  const a = taken.get(startYear)!;
  const b = taken.get(endYear)!;
  return `${start}..${end} cannot be given a year: ${startYear} is ${a.startDate}..${a.endDate} and ${endYear} is ${b.startDate}..${b.endDate} `
    + '(a fiscal year is keyed by the year it starts in, or after a shortened year by the year it ends in)';
}

/**
 * Adds the next (or an earlier) fiscal year with its periods, audited, in one transaction:
 * 422 for a malformed or non-contiguous year, 409 for an overlap or a key that cannot be given.
 */
export async function addFiscalYear(db: Db, companyId: string, range: { start: string; end: string }, by: { actor: string; at: string; auditId: string })
  : Promise<FiscalYear> {
  const problem = fiscalYearProblem(range.start, range.end);
  if (problem) throw fiscalYearRefusal(problem);
  const { start, end } = range;
  return db.transaction(async (tx) => {
    const years = await tx.select().from(fiscalYears).where(eq(fiscalYears.companyId, companyId)).orderBy(asc(fiscalYears.startDate));
    const overlapping = years.find((y) => y.startDate <= end && start <= y.endDate);
    if (overlapping) {
      throw new DomainRefusal(409, 'fiscal_year_overlaps', `${start}..${end} overlaps the fiscal year ${overlapping.startDate}..${overlapping.endDate}`, { field: 'start' });
    }
    if (years.length > 0) {
      const first = years[0];
      const last = years[years.length - 1];
      const next = addDays(last.endDate, 1);
      const before = addDays(first.startDate, -1);
      if (start > last.endDate && start !== next) {
        throw new DomainRefusal(422, 'fiscal_year_not_contiguous', `start: the next fiscal year starts on ${next}, the day after ${last.startDate}..${last.endDate} ends; not ${start}`,
          { issues: [{ path: 'start', message: `must be ${next}` }] });
      }
      if (end < first.startDate && end !== before) {
        throw new DomainRefusal(422, 'fiscal_year_not_contiguous', `end: an earlier fiscal year ends on ${before}, the day before ${first.startDate}..${first.endDate} starts; not ${end}`,
          { issues: [{ path: 'end', message: `must be ${before}` }] });
      }
    }
    const year = fiscalYearKey(years, start, end);
    if (typeof year === 'string') throw new DomainRefusal(409, 'fiscal_year_key_taken', year, { field: 'start' });
    const periodCount = await insertFiscalYear(tx, companyId, year, start, end);
    await recordAudit(tx, {
      id: by.auditId, companyId, at: by.at, actor: by.actor, action: 'fiscal_year.create', subject: `fiscal-year:${year}`,
      details: { year, startDate: start, endDate: end, periods: periodCount },
    });
    return { year, startDate: start, endDate: end, periods: periodCount };
  });
}

