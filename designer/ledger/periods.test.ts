import { describe, expect, it } from 'vitest';
import type { Period } from '../../shared/api.ts';
import { clampRange, dateRangeOfPeriods, dayEndInstant, dayStartInstant, defaultPeriodRange, fiscalYearsOf, periodBounds, todayLocal } from './periods.ts';

const year = (fiscalYear: number): Period[] => Array.from({ length: 12 }, (_, i) => {
  const period = `${fiscalYear}-${String(i + 1).padStart(2, '0')}`;
  return { period, fiscalYear, ...(({ from, to }) => ({ startDate: from, endDate: to }))(periodBounds(period)), status: 'open' as const };
});
const periods = [...year(2025), ...year(2026)];

describe('periods', () => {
  it('knows the last day of each month, leap years included', () => {
    expect(periodBounds('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(periodBounds('2028-02').to).toBe('2028-02-29');
    expect(periodBounds('2026-12').to).toBe('2026-12-31');
    expect(dateRangeOfPeriods('2026-01', '2026-03')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
  });
  it('opens a report on the fiscal year to date', () => {
    expect(defaultPeriodRange(periods, '2026-11-29')).toEqual({ from: '2026-01', to: '2026-11' });
    expect(defaultPeriodRange(periods, '2030-05-01')).toEqual({ from: '2026-01', to: '2026-12' });
    expect(defaultPeriodRange([], '2026-11-29')).toBeNull();
    expect(fiscalYearsOf(periods)).toEqual([2026, 2025]);
  });
  it('keeps a picked range inside one fiscal year and in order', () => {
    expect(clampRange(periods, '2025-06', '2026-03')).toEqual({ from: '2025-06', to: '2025-12' });
    expect(clampRange(periods, '2026-06', '2026-03')).toEqual({ from: '2026-06', to: '2026-06' });
    expect(clampRange(periods, '2026-02', '2026-05')).toEqual({ from: '2026-02', to: '2026-05' });
  });
  it('turns a local date into the instants that bound that day', () => {
    const start = new Date(dayStartInstant('2026-11-29'));
    const end = new Date(dayEndInstant('2026-11-29'));
    expect(end.getTime() - start.getTime()).toBe(24 * 3600 * 1000 - 1);
    expect(todayLocal(start)).toBe('2026-11-29');
  });
});
