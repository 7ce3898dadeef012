/**
 * Pure calendar arithmetic on ISO `YYYY-MM-DD` strings: no `Date`, no time
 * zones, so a rule gives the same answer in Stockholm, in UTC and in the
 * browser. Dates are converted to day numbers (days since 1970-01-01, the
 * proleptic Gregorian calendar) with Howard Hinnant's civil-date algorithms.
 * Years 0000–9999 only; anything else, or a malformed or impossible date
 * (`2026-02-30`), gives `null`.
 */

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export type PeriodUnit = 'year' | 'quarter' | 'month';
export type DatePart = 'year' | 'quarter' | 'month' | 'day' | 'weekday';

export const periodUnits: readonly PeriodUnit[] = ['year', 'quarter', 'month'];
export const dateParts: readonly DatePart[] = ['year', 'quarter', 'month', 'day', 'weekday'];

/** add_days/add_months refuse offsets beyond this (a range wider than 0000–9999) */
const offsetAbsMax = 4_000_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * A valid `YYYY-MM-DD` (what /^(\d{4})-(\d{2})-(\d{2})$/ accepts, and a
 * day that exists) as the number YYYYMMDD, else -1. Read with char codes,
 * unrolled: no RegExp match, no strings, no object, no loop or call on the
 * usual path (a day up to 28 exists in every month), so V8 inlines it into
 * the operators' closures (issue 14: `same_period` spent its time here).
 * `(c - 48) >>> 0 > 9` is "not an ASCII digit" (as `\d` without the u flag).
 */
export function isoDateNumber(value: unknown): number {
  if (typeof value !== 'string' || value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return -1;
  const y0 = value.charCodeAt(0) - 48;
  const y1 = value.charCodeAt(1) - 48;
  const y2 = value.charCodeAt(2) - 48;
  const y3 = value.charCodeAt(3) - 48;
  const m0 = value.charCodeAt(5) - 48;
  const m1 = value.charCodeAt(6) - 48;
  const d0 = value.charCodeAt(8) - 48;
  const d1 = value.charCodeAt(9) - 48;
  if ((y0 >>> 0) > 9 || (y1 >>> 0) > 9 || (y2 >>> 0) > 9 || (y3 >>> 0) > 9 || (m0 >>> 0) > 9 || (m1 >>> 0) > 9 || (d0 >>> 0) > 9 || (d1 >>> 0) > 9) return -1;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  if (month < 1 || month > 12 || day < 1 || (day > 28 && day > daysInMonth(year, month))) return -1;
  return year * 10000 + month * 100 + day;
}

export function parseIsoDate(value: unknown): CalendarDate | null {
  const n = isoDateNumber(value);
  if (n < 0) return null;
  return { year: Math.floor(n / 10000), month: Math.floor(n / 100) % 100, day: n % 100 };
}

export function formatIsoDate(date: CalendarDate): string | null {
  if (date.year < 0 || date.year > 9999) return null;
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/** days since 1970-01-01 */
export function dayNumberOf({ year, month, day }: CalendarDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const monthFromMarch = (month + 9) % 12;
  const dayOfYear = Math.floor((153 * monthFromMarch + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function dateOfDayNumber(dayNumber: number): CalendarDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** An integer offset: a safe integer number or a string of digits; anything else → null. */
export function toIntegerOffset(value: unknown): number | null {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^[+-]?\d{1,10}$/.test(value)) n = Number(value);
  else return null;
  if (!Number.isInteger(n) || Math.abs(n) > offsetAbsMax) return null;
  return n;
}

/** b − a in whole days; null when either date is invalid */
export function daysBetween(a: unknown, b: unknown): number | null {
  const from = parseIsoDate(a);
  const to = parseIsoDate(b);
  if (from === null || to === null) return null;
  return dayNumberOf(to) - dayNumberOf(from);
}

export function addDays(date: unknown, days: unknown): string | null {
  const parsed = parseIsoDate(date);
  const offset = toIntegerOffset(days);
  if (parsed === null || offset === null) return null;
  return formatIsoDate(dateOfDayNumber(dayNumberOf(parsed) + offset));
}

/** Adds calendar months, clamping the day to the end of the target month (01-31 + 1 month = 02-28/29). */
export function addMonths(date: unknown, months: unknown): string | null {
  const parsed = parseIsoDate(date);
  const offset = toIntegerOffset(months);
  if (parsed === null || offset === null) return null;
  const monthIndex = parsed.year * 12 + (parsed.month - 1) + offset;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  if (year < 0 || year > 9999) return null;
  return formatIsoDate({ year, month, day: Math.min(parsed.day, daysInMonth(year, month)) });
}

export function startOfMonth(date: unknown): string | null {
  const parsed = parseIsoDate(date);
  return parsed === null ? null : formatIsoDate({ ...parsed, day: 1 });
}

export function endOfMonth(date: unknown): string | null {
  const parsed = parseIsoDate(date);
  return parsed === null ? null : formatIsoDate({ ...parsed, day: daysInMonth(parsed.year, parsed.month) });
}

export function isPeriodUnit(value: unknown): value is PeriodUnit {
  return typeof value === 'string' && (periodUnits as readonly string[]).includes(value);
}

export function isDatePart(value: unknown): value is DatePart {
  return typeof value === 'string' && (dateParts as readonly string[]).includes(value);
}

/** Same calendar month (default), quarter or year; null when a date or the unit is invalid. */
export function samePeriod(a: unknown, b: unknown, unit: unknown = 'month'): boolean | null {
  const first = isoDateNumber(a);
  const second = isoDateNumber(b);
  if (first < 0 || second < 0) return null;
  // YYYYMMDD: the year is n / 10000, year and month n / 100
  switch (unit) {
    case 'month':
      return Math.floor(first / 100) === Math.floor(second / 100);
    case 'year':
      return Math.floor(first / 10000) === Math.floor(second / 10000);
    case 'quarter':
      return Math.floor(first / 10000) === Math.floor(second / 10000) && Math.ceil((Math.floor(first / 100) % 100) / 3) === Math.ceil((Math.floor(second / 100) % 100) / 3);
    default:
      return null;
  }
}

/** year, quarter (1–4), month (1–12), day (1–31) or ISO weekday (1 = Monday … 7 = Sunday) */
export function datePart(date: unknown, part: unknown): number | null {
  const parsed = parseIsoDate(date);
  if (parsed === null || !isDatePart(part)) return null;
  switch (part) {
    case 'year':
      return parsed.year;
    case 'quarter':
      return Math.ceil(parsed.month / 3);
    case 'month':
      return parsed.month;
    case 'day':
      return parsed.day;
    case 'weekday': {
      // 1970-01-01 was a Thursday (ISO 4)
      const n = dayNumberOf(parsed);
      return ((((n + 3) % 7) + 7) % 7) + 1;
    }
  }
}
