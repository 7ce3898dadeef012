import { describe, expect, it } from 'vitest';
import type { Period } from '../../shared/api.ts';
import { defaultVatPeriod, vatPeriodOptions } from './vat-periods.ts';

const months = (year: number, from: number, to: number): Period[] => Array.from({ length: to - from + 1 }, (_, i) => {
  const period = `${year}-${String(from + i).padStart(2, '0')}`;
  return { period, fiscalYear: year, startDate: `${period}-01`, endDate: `${period}-28`, status: 'open' } as Period;
});

describe('VAT period options', () => {
  it('offers whole calendar quarters, months and fiscal years, newest first', () => {
    // A fiscal year of four months (2027-01..04) after a calendar 2026: Q2 2027 is not whole.
    const options = vatPeriodOptions([...months(2026, 1, 12), ...months(2027, 1, 4)]);
    expect(options.filter((o) => o.kind === 'quarter').map((o) => `${o.from}..${o.to}`)).toEqual(['2027-01..2027-03', '2026-10..2026-12', '2026-07..2026-09', '2026-04..2026-06', '2026-01..2026-03']);
    expect(options.filter((o) => o.kind === 'month')[0]).toEqual({ from: '2027-04', to: '2027-04', label: 'April 2027', kind: 'month' });
    expect(options.filter((o) => o.kind === 'year').map((o) => `${o.from}..${o.to}`)).toEqual(['2027-01..2027-04', '2026-01..2026-12']);
  });

  it('opens on the quarter of today', () => {
    const options = vatPeriodOptions(months(2026, 1, 12));
    expect(defaultVatPeriod(options, '2026-11-15')).toMatchObject({ from: '2026-10', to: '2026-12' });
    expect(defaultVatPeriod(options, '2030-01-01')).toMatchObject({ from: '2026-10', to: '2026-12' });
    expect(defaultVatPeriod([], '2026-01-01')).toBeNull();
  });
});
