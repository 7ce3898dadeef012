/** Periods (months) and date ranges for the report pickers and the filters. Pure; dates are ISO strings. */
import type { Period } from '../../shared/api.ts';

/** "2026-11-29" → "2026-11". */
export const periodOf = (date: string): string => date.slice(0, 7);

/** The first and last day of a period: "2026-02" → 2026-02-01 … 2026-02-28. */
export function periodBounds(period: string): { from: string; to: string } {
  const [year, month] = period.split('-').map(Number);
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { from: `${period}-01`, to: `${period}-${String(last).padStart(2, '0')}` };
}

/** The fiscal years the periods cover, newest first. */
export function fiscalYearsOf(periods: Period[]): number[] {
  return [...new Set(periods.map((p) => p.fiscalYear))].sort((a, b) => b - a);
}

/** The periods of one fiscal year, in order. */
export function periodsOfYear(periods: Period[], fiscalYear: number): Period[] {
  return periods.filter((p) => p.fiscalYear === fiscalYear).sort((a, b) => a.period.localeCompare(b.period));
}

/**
 * The range a report opens with: the fiscal year that contains today, from its
 * first period up to today's (or the whole newest year when none contains today).
 */
export function defaultPeriodRange(periods: Period[], today: string): { from: string; to: string } | null {
  if (periods.length === 0) return null;
  const current = periods.find((p) => p.startDate <= today && today <= p.endDate);
  const year = current?.fiscalYear ?? fiscalYearsOf(periods)[0];
  const inYear = periodsOfYear(periods, year);
  return { from: inYear[0].period, to: current?.period ?? inYear[inYear.length - 1].period };
}

/** The whole fiscal year a period belongs to, as dates: for a general ledger opened from a trial balance. */
export function dateRangeOfPeriods(from: string, to: string): { from: string; to: string } {
  return { from: periodBounds(from).from, to: periodBounds(to).to };
}

/** After the user picks `from`, keep `to` in the same fiscal year and not before it (the API wants one year). */
export function clampRange(periods: Period[], from: string, to: string): { from: string; to: string } {
  const fromPeriod = periods.find((p) => p.period === from);
  if (!fromPeriod) return { from, to };
  const inYear = periodsOfYear(periods, fromPeriod.fiscalYear).map((p) => p.period);
  const last = inYear[inYear.length - 1];
  if (to < from) return { from, to: from };
  if (!inYear.includes(to)) return { from, to: to > last ? last : from };
  return { from, to };
}

/** Today as YYYY-MM-DD in local time. */
export function todayLocal(now = new Date()): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/**
 * A local calendar date as the instant range the API compares timestamps
 * with (runs' startedAt and the audit log's at are ISO instants, so "to" must
 * be the end of that day, not its start).
 */
export function dayStartInstant(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y, m - 1, d, 0, 0, 0, 0).toISOString();
}
export function dayEndInstant(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y, m - 1, d, 23, 59, 59, 999).toISOString();
}
