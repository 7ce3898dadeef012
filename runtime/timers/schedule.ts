/**
 * When a Schedule trigger fires: pure functions of a config, a time zone and instants.
 * No database and no clock; the timer loop passes `now` and keys its claims by the exact
 * occurrence instants returned here. The rules are in ./README.md.
 */
import { Cron } from 'croner';
import {
  cronPatternIssue, scheduleCatchUpHardMax, scheduleCronOptions, scheduleDefaultTimeZone, timeZoneIssue,
  type ScheduleConfig, type ScheduleEvent,
} from '../../shared/nodes/schedule.ts';

export type LocalDate = string; // 'YYYY-MM-DD'
export type IsHoliday = (localDate: LocalDate) => boolean;

/** Most occurrences `occurrencesBetween` returns before it throws. */
export const occurrencesLimitDefault = 10_000;
/** Most occurrences `nextOccurrences` may be asked for. */
export const nextOccurrencesCountMax = 1000;
/** An occurrence at most this old at `now` is on time, not missed. */
export const dueGraceMsDefault = 60_000;
/** Most occurrences `dueOccurrences` steps through one by one before it jumps to the most recent ones. */
export const dueScanMaxDefault = 1000;
/** A fiscal schedule with no occurrence in this many months in a row has ended. */
const fiscalMonthsMax = 1200;

const dayMs = 86_400_000;

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`schedule: ${message}`);
}

function assertInstant(value: Date, what: string): void {
  assert(value instanceof Date && Number.isFinite(value.getTime()), `${what} must be a valid Date`);
}

// ---------------------------------------------------------------------------------------------
// Time zones

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

interface LocalParts { year: number; month: number; day: number; hour: number; minute: number; second: number }

/** The wall-clock fields of an instant in a zone (month 1–12). */
function localPartsOf(instantMs: number, timeZone: string): LocalParts {
  const parts: Record<string, number> = {};
  for (const part of formatterOf(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour!, minute: parts.minute!, second: parts.second! };
}

/** The zone's UTC offset at an instant, in ms (Stockholm: 3_600_000 in winter, 7_200_000 in summer). */
function offsetMsAt(instantMs: number, timeZone: string): number {
  const wholeSecondMs = Math.floor(instantMs / 1000) * 1000;
  const p = localPartsOf(wholeSecondMs, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - wholeSecondMs;
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const isoDate = (year: number, month: number, day: number): LocalDate => `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;

/** The local calendar date of an instant in a zone, 'YYYY-MM-DD'. */
export function localDateOf(instant: Date, timeZone: string): LocalDate {
  assertInstant(instant, 'instant');
  const p = localPartsOf(instant.getTime(), timeZone);
  return isoDate(p.year, p.month, p.day);
}

function parseLocalDate(date: LocalDate): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  assert(match, `"${date}" is not a date as YYYY-MM-DD`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  assert(check.getUTCMonth() === month - 1 && check.getUTCDate() === day, `"${date}" is not a calendar date`);
  return { year, month, day };
}

function parseLocalTime(time: string): { hour: number; minute: number } {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new Error(`time: "${time}" is not a local time as HH:MM, e.g. 06:00`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` `time`.
 * - A time that happens twice (the autumn hour, 02:00–02:59 in Stockholm) gives the first, the
 *   summer-time one: 2026-10-25 02:30 → 00:30Z.
 * - A time that does not happen (the spring gap, 02:00–02:59 in Stockholm) gives the end of the
 *   gap, the first instant after it: 2026-03-29 02:30 → 01:00Z (03:00 CEST). croner does the same
 *   for fixed-time cron patterns, so a fiscal and a cron schedule at 02:30 agree.
 */
export function zonedLocalToInstant(date: LocalDate, time: string, timeZone: string): Date {
  const { year, month, day } = parseLocalDate(date);
  const { hour, minute } = parseLocalTime(time);
  const zoneIssue = timeZoneIssue(timeZone);
  if (zoneIssue) throw new Error(`timeZone: ${zoneIssue}`);
  const wallMs = Date.UTC(year, month - 1, day, hour, minute);
  // Zones change offset at most once within a day or so: the offsets a day before and after cover both sides.
  const offsets = [...new Set([offsetMsAt(wallMs - dayMs, timeZone), offsetMsAt(wallMs, timeZone), offsetMsAt(wallMs + dayMs, timeZone)])];
  const matches = offsets.map((offset) => wallMs - offset).filter((instantMs) => instantMs + offsetMsAt(instantMs, timeZone) === wallMs);
  if (matches.length > 0) return new Date(Math.min(...matches));
  // In a gap: the offset changes between these two instants; find the first second of the new offset.
  let lowMs = wallMs - Math.max(...offsets);
  let highMs = wallMs - Math.min(...offsets);
  const lowOffsetMs = offsetMsAt(lowMs, timeZone);
  assert(lowMs < highMs && offsetMsAt(highMs, timeZone) !== lowOffsetMs, `no offset change around ${date} ${time} in ${timeZone}`);
  while (highMs - lowMs > 1000) {
    const middleMs = lowMs + Math.floor((highMs - lowMs) / 2000) * 1000;
    if (offsetMsAt(middleMs, timeZone) === lowOffsetMs) lowMs = middleMs; else highMs = middleMs;
  }
  return new Date(highMs);
}

// ---------------------------------------------------------------------------------------------
// Swedish public holidays

/** Easter Sunday (Gregorian), by the anonymous algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDate {
  assert(Number.isInteger(year) && year >= 1583 && year <= 9999, `year ${year} is outside 1583–9999`);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

function addDays(date: LocalDate, days: number): LocalDate {
  const { year, month, day } = parseLocalDate(date);
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return isoDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
}

/** 0 = Sunday … 6 = Saturday */
function weekdayOf(date: LocalDate): number {
  const { year, month, day } = parseLocalDate(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

/** The first date from `first` (inclusive, within 7 days) that falls on `weekday`. */
function firstWeekdayFrom(first: LocalDate, weekday: number): LocalDate {
  return addDays(first, (weekday - weekdayOf(first) + 7) % 7);
}

export interface NamedHoliday { date: LocalDate; name: string }

/**
 * Swedish days off in a year, in date order: the public holidays of lagen (1989:253) om allmänna
 * helgdagar, plus midsommarafton, julafton and nyårsafton, which are not public holidays by law
 * but are days off in practice (and count as Sundays in semesterlagen).
 */
export function swedishPublicHolidayList(year: number): NamedHoliday[] {
  const easter = easterSunday(year);
  const midsummerEve = firstWeekdayFrom(isoDate(year, 6, 19), 5);
  const list: NamedHoliday[] = [
    { date: isoDate(year, 1, 1), name: 'Nyårsdagen' },
    { date: isoDate(year, 1, 6), name: 'Trettondedag jul' },
    { date: addDays(easter, -2), name: 'Långfredagen' },
    { date: easter, name: 'Påskdagen' },
    { date: addDays(easter, 1), name: 'Annandag påsk' },
    { date: isoDate(year, 5, 1), name: 'Första maj' },
    { date: addDays(easter, 39), name: 'Kristi himmelsfärdsdag' },
    { date: addDays(easter, 49), name: 'Pingstdagen' },
    { date: isoDate(year, 6, 6), name: 'Sveriges nationaldag' },
    { date: midsummerEve, name: 'Midsommarafton' },
    { date: addDays(midsummerEve, 1), name: 'Midsommardagen' },
    { date: firstWeekdayFrom(isoDate(year, 10, 31), 6), name: 'Alla helgons dag' },
    { date: isoDate(year, 12, 24), name: 'Julafton' },
    { date: isoDate(year, 12, 25), name: 'Juldagen' },
    { date: isoDate(year, 12, 26), name: 'Annandag jul' },
    { date: isoDate(year, 12, 31), name: 'Nyårsafton' },
  ];
  return list.sort((x, y) => x.date.localeCompare(y.date));
}

const holidayCache = new Map<number, ReadonlySet<LocalDate>>();

/** The dates of `swedishPublicHolidayList(year)`. */
export function swedishPublicHolidays(year: number): Set<LocalDate> {
  let dates = holidayCache.get(year);
  if (!dates) {
    dates = new Set(swedishPublicHolidayList(year).map((holiday) => holiday.date));
    holidayCache.set(year, dates);
  }
  return new Set(dates);
}

/** The default `isHoliday` of fiscal schedules. */
export function isSwedishPublicHoliday(date: LocalDate): boolean {
  const { year } = parseLocalDate(date);
  if (!holidayCache.has(year)) swedishPublicHolidays(year);
  return holidayCache.get(year)!.has(date);
}

// ---------------------------------------------------------------------------------------------
// Fiscal dates

type FiscalKind = ScheduleConfig['fiscal'];

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The local date a fiscal schedule fires on in a month, or null when the month has none (no working day). */
export function fiscalDateOfMonth(kind: FiscalKind, year: number, month: number, isHoliday: IsHoliday = isSwedishPublicHoliday): LocalDate | null {
  assert(Number.isInteger(month) && month >= 1 && month <= 12, `month ${month} is outside 1–12`);
  switch (kind) {
    case 'first_day_of_period':
      return isoDate(year, month, 1);
    case 'last_day_of_period':
      return isoDate(year, month, daysInMonth(year, month));
    case 'first_working_day_of_period': {
      for (let day = 1; day <= daysInMonth(year, month); day++) {
        const date = isoDate(year, month, day);
        const weekday = weekdayOf(date);
        if (weekday !== 0 && weekday !== 6 && !isHoliday(date)) return date;
      }
      return null;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Occurrence sources

/** Steps through a schedule's occurrences; both directions are exclusive of the given instant. */
interface OccurrenceSource {
  after(instant: Date): Date | null;
  before(instant: Date): Date | null;
}

export interface ScheduleZoneOptions {
  /** The company's zone; the config's own `timeZone`, when set, wins. */
  timeZone: string;
  /** Fiscal `first_working_day_of_period` only; default Swedish public holidays. */
  isHoliday?: IsHoliday;
}

/** The zone a schedule runs in: its own `timeZone`, else the company's. */
export function effectiveTimeZone(config: Pick<ScheduleConfig, 'timeZone'>, companyTimeZone: string = scheduleDefaultTimeZone): string {
  return config.timeZone ?? companyTimeZone;
}

function sourceOf(config: ScheduleConfig, options: ScheduleZoneOptions): OccurrenceSource {
  const timeZone = effectiveTimeZone(config, options.timeZone);
  const zoneIssue = timeZoneIssue(timeZone);
  if (zoneIssue) throw new Error(`timeZone: ${zoneIssue}`);
  if (config.mode === 'cron') {
    const issue = cronPatternIssue(config.cron);
    if (issue) throw new Error(`cron: ${issue} ("${config.cron}")`);
    const cron = new Cron(config.cron, { ...scheduleCronOptions, timezone: timeZone });
    return {
      after: (instant) => cron.nextRun(instant),
      before: (instant) => cron.previousRuns(1, instant)[0] ?? null,
    };
  }
  parseLocalTime(config.time);
  const isHoliday = options.isHoliday ?? isSwedishPublicHoliday;
  const fireAt = (year: number, month: number): Date | null => {
    const date = fiscalDateOfMonth(config.fiscal, year, month, isHoliday);
    return date === null ? null : zonedLocalToInstant(date, config.time, timeZone);
  };
  const monthIndexOf = (instant: Date) => {
    const p = localPartsOf(instant.getTime(), timeZone);
    return p.year * 12 + (p.month - 1);
  };
  return {
    after(instant) {
      // Start a month early: the fire instant of a month is always inside that local month.
      const start = monthIndexOf(instant) - 1;
      for (let index = start; index < start + fiscalMonthsMax; index++) {
        const at = fireAt(Math.floor(index / 12), (index % 12) + 1);
        if (at && at.getTime() > instant.getTime()) return at;
      }
      return null;
    },
    before(instant) {
      const start = monthIndexOf(instant) + 1;
      for (let index = start; index > start - fiscalMonthsMax; index--) {
        const at = fireAt(Math.floor(index / 12), (index % 12) + 1);
        if (at && at.getTime() < instant.getTime()) return at;
      }
      return null;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Public API

export interface OccurrencesBetweenOptions extends ScheduleZoneOptions {
  afterExclusive: Date;
  untilInclusive: Date;
  /** More occurrences than this in the range throws; default 10 000. */
  limit?: number;
}

/** Every fire instant in (afterExclusive, untilInclusive], ascending. Throws past `limit`. */
export function occurrencesBetween(config: ScheduleConfig, options: OccurrencesBetweenOptions): Date[] {
  const { afterExclusive, untilInclusive, limit = occurrencesLimitDefault } = options;
  assertInstant(afterExclusive, 'afterExclusive');
  assertInstant(untilInclusive, 'untilInclusive');
  assert(Number.isSafeInteger(limit) && limit >= 1, 'limit must be a positive integer');
  const source = sourceOf(config, options);
  const occurrences: Date[] = [];
  let cursor = afterExclusive;
  for (;;) {
    const next = source.after(cursor);
    if (!next || next.getTime() > untilInclusive.getTime()) return occurrences;
    assert(next.getTime() > cursor.getTime(), 'occurrences must increase');
    if (occurrences.length === limit) {
      throw new Error(`schedule: more than ${limit} occurrences between ${afterExclusive.toISOString()} and ${untilInclusive.toISOString()}`);
    }
    occurrences.push(next);
    cursor = next;
  }
}

/** The next `count` fire instants strictly after `from` (fewer if the schedule ends); the designer shows five. */
export function nextOccurrences(config: ScheduleConfig, from: Date, count: number, timeZone: string, options: { isHoliday?: IsHoliday } = {}): Date[] {
  assertInstant(from, 'from');
  assert(Number.isSafeInteger(count) && count >= 0 && count <= nextOccurrencesCountMax, `count must be 0–${nextOccurrencesCountMax}`);
  const source = sourceOf(config, { timeZone, isHoliday: options.isHoliday });
  const occurrences: Date[] = [];
  let cursor = from;
  while (occurrences.length < count) {
    const next = source.after(cursor);
    if (!next) break;
    occurrences.push(next);
    cursor = next;
  }
  return occurrences;
}

export interface DueOccurrencesOptions extends ScheduleZoneOptions {
  /** The latest occurrence already fired or settled (pass `coveredUntil` of the last call); null before the first. */
  lastFiredAt: Date | null;
  now: Date;
  /** When the automation was published; occurrences before it never run. */
  createdAt: Date;
  /** An occurrence at most this old is on time; default 60 s. */
  graceMs?: number;
  /** Occurrences stepped through one by one before jumping to the most recent; default 1000. */
  scanMax?: number;
}

export interface DueOccurrence {
  /** an exact occurrence instant: key the claim by (automation, at) */
  at: Date;
  /** true when the occurrence was missed and is run late */
  catchUp: boolean;
}

export interface DueOccurrences {
  /** what to run now, ascending */
  run: DueOccurrence[];
  /** missed occurrences that will never run */
  skipped: number;
  /** true when the backlog was too long to count: `skipped` is then a lower bound */
  skippedIsLowerBound: boolean;
  /**
   * The latest occurrence in (lastFiredAt ?? createdAt, now], run or skipped; null when there is none.
   * When not null, store it as the next `lastFiredAt`, even when `run` is empty, so skipped occurrences are not counted again.
   */
  coveredUntil: Date | null;
  /** the first occurrence after `now` (and after `lastFiredAt`), or null when the schedule has ended */
  nextAt: Date | null;
}

/**
 * What to run now. The occurrences are those in (lastFiredAt ?? createdAt, now]; the latest one
 * is on time when it is at most `graceMs` old, the rest are missed. By `config.catchUp`:
 * - skip: run only an on-time occurrence; every missed one is skipped.
 * - once: run the latest missed occurrence once (catchUp: true), plus the on-time one; skip the rest.
 * - each: run the latest `catchUpMax` missed occurrences, oldest first (catchUp: true), plus the
 *   on-time one; skip older ones. The on-time occurrence does not count toward `catchUpMax`.
 */
export function dueOccurrences(config: ScheduleConfig, options: DueOccurrencesOptions): DueOccurrences {
  const { lastFiredAt, now, createdAt, graceMs = dueGraceMsDefault, scanMax = dueScanMaxDefault } = options;
  assertInstant(now, 'now');
  assertInstant(createdAt, 'createdAt');
  if (lastFiredAt !== null) assertInstant(lastFiredAt, 'lastFiredAt');
  assert(Number.isSafeInteger(graceMs) && graceMs >= 0, 'graceMs must be a non-negative integer');
  assert(Number.isSafeInteger(scanMax) && scanMax >= 1, 'scanMax must be a positive integer');
  assert(Number.isSafeInteger(config.catchUpMax) && config.catchUpMax >= 1 && config.catchUpMax <= scheduleCatchUpHardMax,
    `catchUpMax must be 1–${scheduleCatchUpHardMax}`);
  const source = sourceOf(config, options);
  const from = lastFiredAt ?? createdAt;
  const nowMs = now.getTime();
  // Keep only the most recent occurrences: the on-time one plus at most catchUpMax missed ones.
  const keep = config.catchUpMax + 1;
  let recent: Date[] = [];
  let total = 0;
  let skippedIsLowerBound = false;
  const scan = (start: Date, max: number): Date | null => {
    let cursor = start;
    for (let scanned = 0; ; scanned++) {
      const next = source.after(cursor);
      if (!next || next.getTime() > nowMs) return null;
      if (scanned === max) return cursor;
      assert(next.getTime() > cursor.getTime(), 'occurrences must increase');
      total++;
      recent.push(next);
      if (recent.length > keep) recent.shift();
      cursor = next;
    }
  };
  const stoppedAt = scan(from, scanMax);
  if (stoppedAt) {
    // A long backlog: walk back from now over the `keep` most recent occurrences.
    let oldestKept: Date | null = null;
    let probe = new Date(nowMs + 1);
    for (let found = 0; found < keep; found++) {
      const previous = source.before(probe);
      if (!previous || previous.getTime() <= stoppedAt.getTime()) break;
      oldestKept = previous;
      probe = previous;
    }
    const beforeOldest = oldestKept ? source.before(oldestKept) : null;
    let tailStart = stoppedAt;
    if (oldestKept && beforeOldest && beforeOldest.getTime() > stoppedAt.getTime()) {
      // Occurrences between the scanned ones and the kept ones go uncounted.
      skippedIsLowerBound = true;
      recent = [];
      tailStart = new Date(oldestKept.getTime() - 1);
    }
    assert(scan(tailStart, keep) === null, 'the backward and forward steps disagree');
  }
  const nextAt = source.after(new Date(Math.max(nowMs, from.getTime())));
  const latest = recent.at(-1);
  if (!latest) return { run: [], skipped: 0, skippedIsLowerBound: false, coveredUntil: null, nextAt };
  const onTime = nowMs - latest.getTime() <= graceMs;
  const missedRecent = onTime ? recent.slice(0, -1) : recent;
  const missedTotal = total - (onTime ? 1 : 0);
  let caughtUp: Date[];
  switch (config.catchUp) {
    case 'skip': caughtUp = []; break;
    case 'once': caughtUp = missedRecent.slice(-1); break;
    case 'each': caughtUp = missedRecent.slice(-config.catchUpMax); break;
  }
  const run: DueOccurrence[] = caughtUp.map((at) => ({ at, catchUp: true }));
  if (onTime) run.push({ at: latest, catchUp: false });
  return { run, skipped: missedTotal - caughtUp.length, skippedIsLowerBound, coveredUntil: latest, nextAt };
}

/** The event a schedule delivers for one occurrence. */
export function scheduleEventOf(at: Date, timeZone: string, catchUp: boolean): ScheduleEvent {
  const scheduledDate = localDateOf(at, timeZone);
  return { scheduledAt: at.toISOString(), scheduledDate, period: scheduledDate.slice(0, 7), timeZone, catchUp };
}

// ---------------------------------------------------------------------------------------------
// Describing

const weekdayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const fiscalPhrases: Record<FiscalKind, string> = {
  first_working_day_of_period: 'On the first working day of each month',
  first_day_of_period: 'On the first day of each month',
  last_day_of_period: 'On the last day of each month',
};

function ordinal(n: number): string {
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}

function describeCron(pattern: string): string {
  const fields = pattern.trim().split(/\s+/);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields.length === 5 ? fields : [];
  const number = (text: string | undefined, max: number) => (text !== undefined && /^\d{1,2}$/.test(text) && Number(text) <= max ? Number(text) : null);
  const literal = `Cron "${pattern.trim()}"`;
  if (fields.length !== 5 || month !== '*') return literal;
  if (minute === '*' && hour === '*' && dayOfMonth === '*' && dayOfWeek === '*') return 'Every minute';
  const step = /^\*\/(\d{1,2})$/.exec(minute ?? '');
  if (step && hour === '*' && dayOfMonth === '*' && dayOfWeek === '*') return `Every ${step[1]} minutes`;
  const m = number(minute, 59);
  if (m !== null && hour === '*' && dayOfMonth === '*' && dayOfWeek === '*') return `Every hour at minute ${pad2(m)}`;
  const h = number(hour, 23);
  if (m === null || h === null) return literal;
  const at = `at ${pad2(h)}:${pad2(m)}`;
  if (dayOfMonth === '*') {
    if (dayOfWeek === '*') return `Every day ${at}`;
    if (dayOfWeek === '1-5' || dayOfWeek?.toUpperCase() === 'MON-FRI') return `Every weekday ${at}`;
    const weekday = number(dayOfWeek, 7);
    if (weekday !== null) return `Every ${weekdayNames[weekday % 7]} ${at}`;
    return literal;
  }
  const day = number(dayOfMonth, 31);
  if (day !== null && dayOfWeek === '*') return `On the ${ordinal(day)} of each month ${at}`;
  if (dayOfMonth === 'L' && dayOfWeek === '*') return `On the last day of each month ${at}`;
  return literal;
}

/** The schedule in plain English, e.g. "Every weekday at 06:00 (Europe/Stockholm)". */
export function describeSchedule(config: ScheduleConfig, companyTimeZone: string = scheduleDefaultTimeZone): string {
  const zone = effectiveTimeZone(config, companyTimeZone);
  const text = config.mode === 'fiscal' ? `${fiscalPhrases[config.fiscal]} at ${config.time}` : describeCron(config.cron);
  return `${text} (${zone})`;
}
