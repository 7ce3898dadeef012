import { describe, expect, it } from 'vitest';
import { addDays } from './iso-date.ts';

describe('addDays', () => {
  it('moves across months, years and leap days, both ways', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-11-08', -4)).toBe('2026-11-04');
    expect(addDays('2026-01-31', 0)).toBe('2026-01-31');
  });
  it('refuses what is not a date or a whole number of days', () => {
    expect(() => addDays('2026-13-01', 1)).toThrow(/not a date/);
    expect(() => addDays('26-1-1', 1)).toThrow(/not a date/);
    expect(() => addDays('2026-01-01', 0.5)).toThrow(/whole number/);
  });
});
