import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, dateOfDayNumber, datePart, dayNumberOf, daysBetween, endOfMonth, parseIsoDate, samePeriod, startOfMonth } from './calendar-date.ts';

describe('calendar dates', () => {
  it('reads only ASCII-digit YYYY-MM-DD dates that exist', () => {
    for (const bad of ['2026-1-01', '2026-01-1', '+026-01-01', '2026-0a-01', '2026-01-0\u0661', '2026/01/01', '2026-02-29', '2026-13-01', '2026-00-10', '0000-00-00', ' 2026-01-01', 2026_01_01, null]) {
      expect(parseIsoDate(bad)).toBe(null);
    }
    expect(parseIsoDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    expect(parseIsoDate('0000-01-01')).toEqual({ year: 0, month: 1, day: 1 });
    expect(parseIsoDate('9999-12-31')).toEqual({ year: 9999, month: 12, day: 31 });
  });

  it('same_period by month, quarter and year; null for a bad date or unit', () => {
    expect(samePeriod('2026-03-01', '2026-03-31')).toBe(true);
    expect(samePeriod('2026-03-31', '2026-04-01')).toBe(false);
    expect(samePeriod('2026-03-31', '2026-01-01', 'quarter')).toBe(true);
    expect(samePeriod('2026-03-31', '2026-04-01', 'quarter')).toBe(false);
    expect(samePeriod('2025-03-31', '2026-03-01', 'quarter')).toBe(false);
    expect(samePeriod('2026-01-01', '2026-12-31', 'year')).toBe(true);
    expect(samePeriod('2025-12-31', '2026-12-31', 'year')).toBe(false);
    expect(samePeriod('2026-01-01', '2026-01-01', 'week')).toBe(null);
    expect(samePeriod('2026-02-30', '2026-02-01')).toBe(null);
  });

  it('parses only real YYYY-MM-DD dates', () => {
    expect(parseIsoDate('2026-02-28')).toEqual({ year: 2026, month: 2, day: 28 });
    expect(parseIsoDate('2028-02-29')).not.toBeNull();
    for (const bad of ['2026-02-29', '2026-13-01', '2026-00-10', '2026-1-1', '2026-01-01T00:00:00Z', '', null, 20260101, '2100-02-29']) {
      expect(parseIsoDate(bad)).toBeNull();
    }
    expect(parseIsoDate('2000-02-29')).not.toBeNull();
  });

  it('day numbers round-trip and match Date.UTC', () => {
    fc.assert(
      fc.property(fc.integer({ min: -600_000, max: 2_932_896 }), (n) => {
        const date = dateOfDayNumber(n);
        expect(dayNumberOf(date)).toBe(n);
        expect(Date.UTC(date.year, date.month - 1, date.day) / 86_400_000).toBe(n);
      }),
      { numRuns: 500 },
    );
  });

  it('days_between is b − a', () => {
    expect(daysBetween('2026-01-01', '2026-01-31')).toBe(30);
    expect(daysBetween('2026-03-01', '2026-02-01')).toBe(-28);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2026-03-29', '2026-03-30')).toBe(1); // across the DST change: no time zones
    expect(daysBetween('nope', '2026-01-01')).toBeNull();
  });

  it('add_days', () => {
    expect(addDays('2026-02-25', 5)).toBe('2026-03-02');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(addDays('2026-01-01', '30')).toBe('2026-01-31');
    expect(addDays('2026-01-01', 1.5)).toBeNull();
    expect(addDays('9999-12-31', 1)).toBeNull();
  });

  it('add_months clamps to the end of the month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-05-15', -17)).toBe('2024-12-15');
    expect(addMonths('2026-05-15', 'x')).toBeNull();
  });

  it('start and end of month', () => {
    expect(startOfMonth('2026-11-30')).toBe('2026-11-01');
    expect(endOfMonth('2026-11-03')).toBe('2026-11-30');
    expect(endOfMonth('2026-02-03')).toBe('2026-02-28');
    expect(endOfMonth('bad')).toBeNull();
  });

  it('same period', () => {
    expect(samePeriod('2026-03-01', '2026-03-31')).toBe(true);
    expect(samePeriod('2026-03-31', '2026-04-01')).toBe(false);
    expect(samePeriod('2025-03-01', '2026-03-01')).toBe(false);
    expect(samePeriod('2026-01-01', '2026-03-31', 'quarter')).toBe(true);
    expect(samePeriod('2026-03-31', '2026-04-01', 'quarter')).toBe(false);
    expect(samePeriod('2026-01-01', '2026-12-31', 'year')).toBe(true);
    expect(samePeriod('2026-01-01', '2026-01-02', 'week')).toBeNull();
    expect(samePeriod('2026-01-01', null)).toBeNull();
  });

  it('date parts', () => {
    expect(datePart('2026-11-30', 'year')).toBe(2026);
    expect(datePart('2026-11-30', 'quarter')).toBe(4);
    expect(datePart('2026-11-30', 'month')).toBe(11);
    expect(datePart('2026-11-30', 'day')).toBe(30);
    expect(datePart('2026-11-30', 'weekday')).toBe(1); // a Monday
    expect(datePart('2026-11-29', 'weekday')).toBe(7);
    expect(datePart('1969-12-31', 'weekday')).toBe(3);
    expect(datePart('2026-11-30', 'hour')).toBeNull();
  });
});
