import { describe, expect, it } from 'vitest';
import { scheduleConfigSchema, scheduleEventSchema, type ScheduleConfig } from '../../shared/nodes/schedule.ts';
import {
  describeSchedule, dueOccurrences, easterSunday, effectiveTimeZone, fiscalDateOfMonth, isSwedishPublicHoliday, localDateOf,
  nextOccurrences, occurrencesBetween, scheduleEventOf, swedishPublicHolidayList, swedishPublicHolidays, zonedLocalToInstant,
} from './schedule.ts';

const stockholm = 'Europe/Stockholm';
const config = (input: Record<string, unknown>): ScheduleConfig => scheduleConfigSchema.parse(input);
const at = (iso: string) => new Date(iso);
const isos = (dates: Date[]) => dates.map((date) => date.toISOString());
const between = (c: ScheduleConfig, after: string, until: string, timeZone = stockholm) =>
  isos(occurrencesBetween(c, { afterExclusive: at(after), untilInclusive: at(until), timeZone }));

describe('cron schedules across DST in Europe/Stockholm', () => {
  const daily0230 = config({ cron: '30 2 * * *' });

  it('fires 02:30 once on 2026-03-29, when 02:00–02:59 does not exist: at the end of the gap, 03:00 CEST', () => {
    expect(between(daily0230, '2026-03-27T12:00:00Z', '2026-03-30T12:00:00Z')).toEqual([
      '2026-03-28T01:30:00.000Z', // 02:30 CET
      '2026-03-29T01:00:00.000Z', // 03:00 CEST, the first instant after the gap
      '2026-03-30T00:30:00.000Z', // 02:30 CEST
    ]);
  });

  it('fires 02:30 once on 2026-10-25, when 02:00–02:59 happens twice: the first, CEST', () => {
    expect(between(daily0230, '2026-10-23T12:00:00Z', '2026-10-26T12:00:00Z')).toEqual([
      '2026-10-24T00:30:00.000Z', // 02:30 CEST
      '2026-10-25T00:30:00.000Z', // 02:30 CEST; 02:30 CET (01:30Z) does not fire
      '2026-10-26T01:30:00.000Z', // 02:30 CET
    ]);
  });

  it('has exactly one 02:30 occurrence on each local day of 2026', () => {
    const occurrences = occurrencesBetween(daily0230, { afterExclusive: at('2025-12-31T23:00:00Z'), untilInclusive: at('2026-12-31T22:59:59Z'), timeZone: stockholm });
    const dates = occurrences.map((o) => localDateOf(o, stockholm));
    expect(occurrences).toHaveLength(365);
    expect(new Set(dates).size).toBe(365);
  });

  it('treats lists and ranges of fixed times the same way (no double, no miss)', () => {
    expect(between(config({ cron: '30 2,14 * * *' }), '2026-03-28T12:00:00Z', '2026-03-29T22:00:00Z'))
      .toEqual(['2026-03-28T13:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-29T12:30:00.000Z']);
    expect(between(config({ cron: '30 2,14 * * *' }), '2026-10-24T12:00:00Z', '2026-10-25T22:00:00Z'))
      .toEqual(['2026-10-24T12:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-25T13:30:00.000Z']);
    // 01:00, 02:00 (→ 03:00) and 03:00 collapse to two instants in spring; 02:00 runs once in autumn
    expect(between(config({ cron: '0 1-3 * * *' }), '2026-03-28T22:00:00Z', '2026-03-29T22:00:00Z'))
      .toEqual(['2026-03-29T00:00:00.000Z', '2026-03-29T01:00:00.000Z']);
    expect(between(config({ cron: '0 1-3 * * *' }), '2026-10-24T21:00:00Z', '2026-10-25T22:00:00Z'))
      .toEqual(['2026-10-24T23:00:00.000Z', '2026-10-25T00:00:00.000Z', '2026-10-25T02:00:00.000Z']);
  });

  it('runs interval patterns by elapsed time: 46 half hours on the short day, 50 on the long day', () => {
    const halfHourly = config({ cron: '*/30 * * * *' });
    expect(between(halfHourly, '2026-03-28T22:59:59Z', '2026-03-29T21:59:59Z')).toHaveLength(46);
    const long = between(halfHourly, '2026-10-24T21:59:59Z', '2026-10-25T22:59:59Z');
    expect(long).toHaveLength(50);
    expect(long).toContain('2026-10-25T00:30:00.000Z'); // 02:30 CEST
    expect(long).toContain('2026-10-25T01:30:00.000Z'); // 02:30 CET
  });

  it('gives a fiscal schedule and a cron pattern the same instant for a skipped or repeated local time', () => {
    for (const [date, cron] of [['2026-03-29', '30 2 29 3 *'], ['2026-10-25', '30 2 25 10 *']] as const) {
      const [cronAt] = nextOccurrences(config({ cron }), at('2026-01-01T00:00:00Z'), 1, stockholm);
      expect(cronAt).toEqual(zonedLocalToInstant(date, '02:30', stockholm));
    }
  });
});

describe('cron schedules', () => {
  it('fires every second across a minute: 60 occurrences', () => {
    const occurrences = between(config({ cron: '* * * * * *' }), '2026-01-01T00:00:00Z', '2026-01-01T00:01:00Z');
    expect(occurrences).toHaveLength(60);
    expect(occurrences[0]).toBe('2026-01-01T00:00:01.000Z');
    expect(occurrences[59]).toBe('2026-01-01T00:01:00.000Z');
  });

  it('reads 5 fields as minute precision (second 0) and 6 fields with seconds first', () => {
    expect(between(config({ cron: '15 6 * * *' }), '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z')).toEqual(['2026-01-01T05:15:00.000Z']);
    expect(between(config({ cron: '45 15 6 * * *' }), '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z')).toEqual(['2026-01-01T05:15:45.000Z']);
  });

  it('excludes the start and includes the end of the range', () => {
    const daily = config({ cron: '0 6 * * *' });
    expect(between(daily, '2026-01-01T05:00:00Z', '2026-01-02T05:00:00Z')).toEqual(['2026-01-02T05:00:00.000Z']);
  });

  it('uses the config time zone over the company one', () => {
    const newYork = config({ cron: '0 6 * * *', timeZone: 'America/New_York' });
    expect(between(newYork, '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z')).toEqual(['2026-01-01T11:00:00.000Z']);
    expect(effectiveTimeZone(newYork, stockholm)).toBe('America/New_York');
    expect(effectiveTimeZone(config({}), 'Europe/Helsinki')).toBe('Europe/Helsinki');
  });

  it('throws past the limit', () => {
    expect(() => occurrencesBetween(config({ cron: '* * * * * *' }), {
      afterExclusive: at('2026-01-01T00:00:00Z'), untilInclusive: at('2026-01-01T01:00:00Z'), timeZone: stockholm, limit: 100,
    })).toThrow(/more than 100 occurrences/);
    expect(between(config({ cron: '* * * * * *' }), '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')).toEqual([]);
  });

  it('names the field of an invalid cron pattern or time zone', () => {
    const unchecked = (cron: string) => ({ ...config({}), cron });
    const run = (c: ScheduleConfig) => () => nextOccurrences(c, at('2026-01-01T00:00:00Z'), 5, stockholm);
    expect(run(unchecked('61 * * * *'))).toThrow(/^cron: not a valid cron pattern \(Invalid value for minute: 61\)/);
    expect(run(unchecked('every day'))).toThrow(/^cron: not a valid cron pattern/);
    expect(run(unchecked('0 0 30 2 *'))).toThrow(/^cron: the pattern never matches a date/);
    expect(run(unchecked('* * * * * * *'))).toThrow(/^cron: /);
    expect(run(unchecked(''))).toThrow(/^cron: enter a cron pattern/);
    expect(run({ ...config({}), timeZone: 'Mars/Olympus_Mons' })).toThrow(/^timeZone: unknown time zone "Mars\/Olympus_Mons"/);
    expect(run({ ...config({ mode: 'fiscal' }), time: '6:00' })).toThrow(/^time: "6:00" is not a local time/);
  });
});

describe('nextOccurrences', () => {
  it('gives the next five weekday 06:00 fire times (cron knows no holidays)', () => {
    expect(isos(nextOccurrences(config({}), at('2025-12-31T12:00:00Z'), 5, stockholm))).toEqual([
      '2026-01-01T05:00:00.000Z', '2026-01-02T05:00:00.000Z', '2026-01-05T05:00:00.000Z',
      '2026-01-06T05:00:00.000Z', '2026-01-07T05:00:00.000Z',
    ]);
  });

  it('gives the next five first working days, across DST', () => {
    const fiscal = config({ mode: 'fiscal', fiscal: 'first_working_day_of_period', time: '07:30' });
    expect(isos(nextOccurrences(fiscal, at('2026-02-15T00:00:00Z'), 5, stockholm))).toEqual([
      '2026-03-02T06:30:00.000Z', '2026-04-01T05:30:00.000Z', '2026-05-04T05:30:00.000Z',
      '2026-06-01T05:30:00.000Z', '2026-07-01T05:30:00.000Z',
    ]);
  });

  it('excludes `from` itself and allows zero', () => {
    const daily = config({ cron: '0 6 * * *' });
    expect(isos(nextOccurrences(daily, at('2026-01-01T05:00:00Z'), 1, stockholm))).toEqual(['2026-01-02T05:00:00.000Z']);
    expect(nextOccurrences(daily, at('2026-01-01T05:00:00Z'), 0, stockholm)).toEqual([]);
    expect(() => nextOccurrences(daily, at('2026-01-01T05:00:00Z'), 1001, stockholm)).toThrow(/count/);
  });
});

describe('fiscal schedules in 2026', () => {
  const year = (fiscal: string) => between(config({ mode: 'fiscal', fiscal }), '2025-12-31T23:00:00Z', '2026-12-31T22:59:59Z');

  it('fires on the first working day: skips weekends and public holidays (06:00 CET = 05:00Z, CEST = 04:00Z)', () => {
    expect(year('first_working_day_of_period')).toEqual([
      '2026-01-02T05:00:00.000Z', // 1 Jan is nyårsdagen (Thursday)
      '2026-02-02T05:00:00.000Z', // 1 Feb is a Sunday
      '2026-03-02T05:00:00.000Z',
      '2026-04-01T04:00:00.000Z',
      '2026-05-04T04:00:00.000Z', // 1 May is första maj (Friday)
      '2026-06-01T04:00:00.000Z',
      '2026-07-01T04:00:00.000Z',
      '2026-08-03T04:00:00.000Z', // 1 Aug is a Saturday
      '2026-09-01T04:00:00.000Z',
      '2026-10-01T04:00:00.000Z',
      '2026-11-02T05:00:00.000Z', // 1 Nov is a Sunday
      '2026-12-01T05:00:00.000Z',
    ]);
  });

  it('fires on the first day, holiday or not', () => {
    expect(year('first_day_of_period')).toEqual([
      '2026-01-01T05:00:00.000Z', '2026-02-01T05:00:00.000Z', '2026-03-01T05:00:00.000Z', '2026-04-01T04:00:00.000Z',
      '2026-05-01T04:00:00.000Z', '2026-06-01T04:00:00.000Z', '2026-07-01T04:00:00.000Z', '2026-08-01T04:00:00.000Z',
      '2026-09-01T04:00:00.000Z', '2026-10-01T04:00:00.000Z', '2026-11-01T05:00:00.000Z', '2026-12-01T05:00:00.000Z',
    ]);
  });

  it('fires on the last calendar day', () => {
    expect(year('last_day_of_period')).toEqual([
      '2026-01-31T05:00:00.000Z', '2026-02-28T05:00:00.000Z', '2026-03-31T04:00:00.000Z', '2026-04-30T04:00:00.000Z',
      '2026-05-31T04:00:00.000Z', '2026-06-30T04:00:00.000Z', '2026-07-31T04:00:00.000Z', '2026-08-31T04:00:00.000Z',
      '2026-09-30T04:00:00.000Z', '2026-10-31T05:00:00.000Z', '2026-11-30T05:00:00.000Z', '2026-12-31T05:00:00.000Z',
    ]);
    expect(fiscalDateOfMonth('last_day_of_period', 2028, 2)).toBe('2028-02-29');
  });

  it('takes a custom holiday calendar, and skips a month without a working day', () => {
    expect(fiscalDateOfMonth('first_working_day_of_period', 2026, 2, (date) => date === '2026-02-02')).toBe('2026-02-03');
    expect(fiscalDateOfMonth('first_working_day_of_period', 2026, 2, () => true)).toBeNull();
    const noFebruary = occurrencesBetween(config({ mode: 'fiscal' }), {
      afterExclusive: at('2026-01-15T00:00:00Z'), untilInclusive: at('2026-03-15T00:00:00Z'), timeZone: stockholm,
      isHoliday: (date) => date.startsWith('2026-02'),
    });
    expect(isos(noFebruary)).toEqual(['2026-03-02T05:00:00.000Z']);
  });

  it('fires at a local time in another zone', () => {
    const fiscal = config({ mode: 'fiscal', fiscal: 'first_day_of_period', time: '09:00', timeZone: 'America/New_York' });
    expect(between(fiscal, '2026-02-15T00:00:00Z', '2026-04-15T00:00:00Z')).toEqual(['2026-03-01T14:00:00.000Z', '2026-04-01T13:00:00.000Z']);
  });
});

describe('swedishPublicHolidays', () => {
  it('computes Easter by the anonymous Gregorian algorithm', () => {
    expect(['2024', '2025', '2026', '2027', '2038', '2285'].map((y) => easterSunday(Number(y))))
      .toEqual(['2024-03-31', '2025-04-20', '2026-04-05', '2027-03-28', '2038-04-25', '2285-03-22']);
  });

  it('lists 2026', () => {
    expect(swedishPublicHolidayList(2026)).toEqual([
      { date: '2026-01-01', name: 'Nyårsdagen' },
      { date: '2026-01-06', name: 'Trettondedag jul' },
      { date: '2026-04-03', name: 'Långfredagen' },
      { date: '2026-04-05', name: 'Påskdagen' },
      { date: '2026-04-06', name: 'Annandag påsk' },
      { date: '2026-05-01', name: 'Första maj' },
      { date: '2026-05-14', name: 'Kristi himmelsfärdsdag' },
      { date: '2026-05-24', name: 'Pingstdagen' },
      { date: '2026-06-06', name: 'Sveriges nationaldag' },
      { date: '2026-06-19', name: 'Midsommarafton' },
      { date: '2026-06-20', name: 'Midsommardagen' },
      { date: '2026-10-31', name: 'Alla helgons dag' },
      { date: '2026-12-24', name: 'Julafton' },
      { date: '2026-12-25', name: 'Juldagen' },
      { date: '2026-12-26', name: 'Annandag jul' },
      { date: '2026-12-31', name: 'Nyårsafton' },
    ]);
  });

  it('lists 2027 (midsommar and alla helgon at the end of their windows)', () => {
    expect([...swedishPublicHolidays(2027)]).toEqual([
      '2027-01-01', '2027-01-06', '2027-03-26', '2027-03-28', '2027-03-29', '2027-05-01', '2027-05-06', '2027-05-16',
      '2027-06-06', '2027-06-25', '2027-06-26', '2027-11-06', '2027-12-24', '2027-12-25', '2027-12-26', '2027-12-31',
    ]);
  });

  it('answers per date and returns a fresh set', () => {
    expect(isSwedishPublicHoliday('2026-06-19')).toBe(true);
    expect(isSwedishPublicHoliday('2026-06-22')).toBe(false);
    swedishPublicHolidays(2026).delete('2026-06-19');
    expect(swedishPublicHolidays(2026).has('2026-06-19')).toBe(true);
  });
});

describe('zonedLocalToInstant', () => {
  it('converts ordinary winter and summer times', () => {
    expect(zonedLocalToInstant('2026-01-15', '06:00', stockholm).toISOString()).toBe('2026-01-15T05:00:00.000Z');
    expect(zonedLocalToInstant('2026-07-15', '06:00', stockholm).toISOString()).toBe('2026-07-15T04:00:00.000Z');
    expect(zonedLocalToInstant('2026-07-15', '06:00', 'UTC').toISOString()).toBe('2026-07-15T06:00:00.000Z');
  });

  it('moves a time in the spring gap to the end of the gap', () => {
    expect(zonedLocalToInstant('2026-03-29', '01:59', stockholm).toISOString()).toBe('2026-03-29T00:59:00.000Z');
    expect(zonedLocalToInstant('2026-03-29', '02:00', stockholm).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(zonedLocalToInstant('2026-03-29', '02:30', stockholm).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(zonedLocalToInstant('2026-03-29', '03:00', stockholm).toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(zonedLocalToInstant('2026-03-08', '02:30', 'America/New_York').toISOString()).toBe('2026-03-08T07:00:00.000Z');
    // Lord Howe moves 30 minutes: 02:00 → 02:30 (+11:00)
    expect(zonedLocalToInstant('2026-10-04', '02:15', 'Australia/Lord_Howe').toISOString()).toBe('2026-10-03T15:30:00.000Z');
  });

  it('takes the first of a time that happens twice', () => {
    expect(zonedLocalToInstant('2026-10-25', '02:00', stockholm).toISOString()).toBe('2026-10-25T00:00:00.000Z');
    expect(zonedLocalToInstant('2026-10-25', '02:30', stockholm).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(zonedLocalToInstant('2026-10-25', '03:00', stockholm).toISOString()).toBe('2026-10-25T02:00:00.000Z');
  });

  it('rejects impossible dates and times', () => {
    expect(() => zonedLocalToInstant('2026-02-30', '06:00', stockholm)).toThrow(/not a calendar date/);
    expect(() => zonedLocalToInstant('2026-02-01', '24:00', stockholm)).toThrow(/^time: /);
    expect(() => zonedLocalToInstant('2026-02-01', '06:00', 'Nowhere/City')).toThrow(/^timeZone: /);
  });
});

describe('dueOccurrences', () => {
  const daily = (catchUp: string, catchUpMax = 10) => config({ cron: '0 6 * * *', catchUp, catchUpMax });
  const createdAt = at('2025-12-01T00:00:00Z');
  // 06:00 in Stockholm in January is 05:00Z
  const jan = (day: number, time = '05:00:00') => at(`2026-01-${String(day).padStart(2, '0')}T${time}Z`);
  const due = (c: ScheduleConfig, lastFiredAt: Date | null, now: Date, extra: { graceMs?: number; scanMax?: number; createdAt?: Date } = {}) =>
    dueOccurrences(c, { lastFiredAt, now, createdAt: extra.createdAt ?? createdAt, timeZone: stockholm, graceMs: extra.graceMs, scanMax: extra.scanMax });
  const runs = (result: ReturnType<typeof dueOccurrences>) => result.run.map((r) => [r.at.toISOString(), r.catchUp]);

  it('runs an on-time occurrence within the grace window', () => {
    const result = due(daily('once'), jan(9), jan(10, '05:00:30'));
    expect(runs(result)).toEqual([['2026-01-10T05:00:00.000Z', false]]);
    expect(result).toMatchObject({ skipped: 0, skippedIsLowerBound: false, coveredUntil: jan(10), nextAt: jan(11) });
  });

  it('counts the grace window inclusively', () => {
    expect(runs(due(daily('skip'), jan(9), jan(10, '05:01:00')))).toEqual([['2026-01-10T05:00:00.000Z', false]]);
    expect(runs(due(daily('skip'), jan(9), jan(10, '05:01:00.001')))).toEqual([]);
    expect(runs(due(daily('skip'), jan(9), jan(10, '05:00:10'), { graceMs: 5000 }))).toEqual([]);
  });

  it('runs nothing when nothing is due', () => {
    expect(due(daily('once'), jan(10), jan(10, '12:00:00'))).toEqual({ run: [], skipped: 0, skippedIsLowerBound: false, coveredUntil: null, nextAt: jan(11) });
  });

  it('skip: runs only the on-time occurrence and counts the missed ones', () => {
    const result = due(daily('skip'), jan(6), jan(10, '05:00:05'));
    expect(runs(result)).toEqual([['2026-01-10T05:00:00.000Z', false]]);
    expect(result.skipped).toBe(3);
    const late = due(daily('skip'), jan(6), jan(10, '09:00:00'));
    expect(late).toMatchObject({ run: [], skipped: 4, coveredUntil: jan(10) });
  });

  it('once: runs the latest missed occurrence as catch-up, plus the on-time one', () => {
    const result = due(daily('once'), jan(6), jan(10, '05:00:05'));
    expect(runs(result)).toEqual([['2026-01-09T05:00:00.000Z', true], ['2026-01-10T05:00:00.000Z', false]]);
    expect(result.skipped).toBe(2);
    const late = due(daily('once'), jan(6), jan(10, '09:00:00'));
    expect(runs(late)).toEqual([['2026-01-10T05:00:00.000Z', true]]);
    expect(late.skipped).toBe(3);
  });

  it('each: runs every missed occurrence oldest first, plus the on-time one', () => {
    const result = due(daily('each'), jan(6), jan(10, '05:00:05'));
    expect(runs(result)).toEqual([
      ['2026-01-07T05:00:00.000Z', true], ['2026-01-08T05:00:00.000Z', true], ['2026-01-09T05:00:00.000Z', true],
      ['2026-01-10T05:00:00.000Z', false],
    ]);
    expect(result.skipped).toBe(0);
  });

  it('each: keeps the most recent catchUpMax missed occurrences and skips older ones', () => {
    const result = due(daily('each', 2), jan(1), jan(10, '05:00:05'));
    expect(runs(result)).toEqual([['2026-01-08T05:00:00.000Z', true], ['2026-01-09T05:00:00.000Z', true], ['2026-01-10T05:00:00.000Z', false]]);
    expect(result.skipped).toBe(6);
    const late = due(daily('each', 2), jan(1), jan(10, '09:00:00'));
    expect(runs(late)).toEqual([['2026-01-09T05:00:00.000Z', true], ['2026-01-10T05:00:00.000Z', true]]);
    expect(late.skipped).toBe(7);
  });

  it('starts from createdAt before the first fire', () => {
    const justPublished = due(daily('each'), null, jan(10, '05:00:10'), { createdAt: jan(10, '04:59:50') });
    expect(runs(justPublished)).toEqual([['2026-01-10T05:00:00.000Z', false]]);
    const publishedAfter = due(daily('each'), null, jan(10, '05:00:20'), { createdAt: jan(10, '05:00:10') });
    expect(publishedAfter).toEqual({ run: [], skipped: 0, skippedIsLowerBound: false, coveredUntil: null, nextAt: jan(11) });
    const neverFired = due(daily('once'), null, jan(10, '12:00:00'), { createdAt: jan(7, '12:00:00') });
    expect(runs(neverFired)).toEqual([['2026-01-10T05:00:00.000Z', true]]);
    expect(neverFired.skipped).toBe(2);
  });

  it('returns exact occurrence instants, also for sub-second now and cursor', () => {
    const everySecond = config({ cron: '* * * * * *', catchUp: 'each', catchUpMax: 5 });
    const result = due(everySecond, at('2026-01-01T00:00:00.250Z'), at('2026-01-01T00:00:10.750Z'), { graceMs: 0 });
    expect(isos(result.run.map((r) => r.at))).toEqual(['06', '07', '08', '09', '10'].map((s) => `2026-01-01T00:00:${s}.000Z`));
    expect(result.skipped).toBe(5);
    const all = occurrencesBetween(everySecond, { afterExclusive: at('2026-01-01T00:00:00.250Z'), untilInclusive: at('2026-01-01T00:00:10.750Z'), timeZone: stockholm });
    for (const r of result.run) expect(all.map((d) => d.getTime())).toContain(r.at.getTime());
  });

  it('counts a backlog longer than scanMax exactly when it can, and gives a lower bound when it cannot', () => {
    const everySecond = (catchUpMax: number) => config({ cron: '* * * * * *', catchUp: 'each', catchUpMax });
    const start = at('2026-01-01T00:00:00Z');
    // 7 missed, scanMax 5, keep 4: the scan and the walk back meet
    const seven = due(everySecond(3), start, at('2026-01-01T00:00:07.500Z'), { graceMs: 0, scanMax: 5 });
    expect(isos(seven.run.map((r) => r.at))).toEqual(['2026-01-01T00:00:05.000Z', '2026-01-01T00:00:06.000Z', '2026-01-01T00:00:07.000Z']);
    expect(seven).toMatchObject({ skipped: 4, skippedIsLowerBound: false });
    // 9 missed, scanMax 5, keep 2: 2 occurrences in between go uncounted
    const nine = due(everySecond(1), start, at('2026-01-01T00:00:09.500Z'), { graceMs: 0, scanMax: 5 });
    expect(isos(nine.run.map((r) => r.at))).toEqual(['2026-01-01T00:00:09.000Z']);
    expect(nine).toMatchObject({ skipped: 6, skippedIsLowerBound: true, coveredUntil: at('2026-01-01T00:00:09Z') });
    // a day of every-second occurrences stays cheap
    const day = due(everySecond(3), start, at('2026-01-02T00:00:00.500Z'));
    expect(runs(day)).toEqual([
      ['2026-01-01T23:59:57.000Z', true], ['2026-01-01T23:59:58.000Z', true], ['2026-01-01T23:59:59.000Z', true],
      ['2026-01-02T00:00:00.000Z', false],
    ]);
    expect(day).toMatchObject({ skipped: 1000, skippedIsLowerBound: true, nextAt: at('2026-01-02T00:00:01Z') });
  });

  it('catches up across the autumn DST hour without a double run', () => {
    const hourly02 = config({ cron: '30 2 * * *', catchUp: 'each' });
    const result = due(hourly02, at('2026-10-23T00:30:00Z'), at('2026-10-27T12:00:00Z'));
    expect(isos(result.run.map((r) => r.at))).toEqual(['2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z', '2026-10-27T01:30:00.000Z']);
  });

  it('gives nextAt after lastFiredAt when the clock is behind it', () => {
    expect(due(daily('once'), jan(10), jan(9, '12:00:00')).nextAt).toEqual(jan(11));
  });

  it('works for fiscal schedules', () => {
    const fiscal = config({ mode: 'fiscal', catchUp: 'each' });
    const result = dueOccurrences(fiscal, { lastFiredAt: null, createdAt: at('2025-12-15T00:00:00Z'), now: at('2026-05-04T04:00:30Z'), timeZone: stockholm });
    expect(runs(result)).toEqual([
      ['2026-01-02T05:00:00.000Z', true], ['2026-02-02T05:00:00.000Z', true], ['2026-03-02T05:00:00.000Z', true],
      ['2026-04-01T04:00:00.000Z', true], ['2026-05-04T04:00:00.000Z', false],
    ]);
    expect(result.nextAt).toEqual(at('2026-06-01T04:00:00Z'));
  });

  it('rejects bad arguments', () => {
    expect(() => due(daily('once'), at('nope'), jan(10))).toThrow(/lastFiredAt/);
    expect(() => due(daily('once'), null, jan(10), { graceMs: -1 })).toThrow(/graceMs/);
  });
});

describe('scheduleEventOf', () => {
  it('gives the local date and period of the occurrence', () => {
    const event = scheduleEventOf(at('2026-01-31T23:30:00Z'), stockholm, true);
    expect(event).toEqual({ scheduledAt: '2026-01-31T23:30:00.000Z', scheduledDate: '2026-02-01', period: '2026-02', timeZone: stockholm, catchUp: true });
    expect(scheduleEventSchema.parse(event)).toEqual(event);
  });
});

describe('describeSchedule', () => {
  it('says common patterns in plain English', () => {
    expect(describeSchedule(config({}))).toBe('Every weekday at 06:00 (Europe/Stockholm)');
    expect(describeSchedule(config({ cron: '30 7 * * *' }))).toBe('Every day at 07:30 (Europe/Stockholm)');
    expect(describeSchedule(config({ cron: '0 9 * * 1' }))).toBe('Every Monday at 09:00 (Europe/Stockholm)');
    expect(describeSchedule(config({ cron: '0 7 1 * *' }))).toBe('On the 1st of each month at 07:00 (Europe/Stockholm)');
    expect(describeSchedule(config({ cron: '0 7 22 * *' }))).toBe('On the 22nd of each month at 07:00 (Europe/Stockholm)');
    expect(describeSchedule(config({ cron: '*/15 * * * *' }))).toBe('Every 15 minutes (Europe/Stockholm)');
    expect(describeSchedule(config({ cron: '5 * * * *' }))).toBe('Every hour at minute 05 (Europe/Stockholm)');
    expect(describeSchedule(config({ cron: '0 6 * 1 1-5' }))).toBe('Cron "0 6 * 1 1-5" (Europe/Stockholm)');
    expect(describeSchedule(config({ mode: 'fiscal', timeZone: 'UTC' }))).toBe('On the first working day of each month at 06:00 (UTC)');
    expect(describeSchedule(config({ mode: 'fiscal', fiscal: 'last_day_of_period', time: '18:00' }), 'Europe/Helsinki'))
      .toBe('On the last day of each month at 18:00 (Europe/Helsinki)');
  });
});
