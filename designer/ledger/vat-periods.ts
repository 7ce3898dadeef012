/** The VAT periods a company can declare, from its accounting periods: months, calendar quarters and fiscal years. Pure. */
import type { Period } from '../../shared/api.ts';
import { fiscalYearsOf, periodsOfYear } from './periods.ts';

export interface VatPeriodOption { from: string; to: string; label: string; kind: 'quarter' | 'month' | 'year' }

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Newest first within each kind; a quarter only when all three of its months are periods of the company. */
export function vatPeriodOptions(periods: Period[]): VatPeriodOption[] {
  const have = new Set(periods.map((p) => p.period));
  const months = [...have].sort().reverse();
  const quarters: VatPeriodOption[] = [];
  for (const period of months) {
    const [year, month] = period.split('-').map(Number);
    if ((month - 1) % 3 !== 0) continue;
    const last = `${year}-${String(month + 2).padStart(2, '0')}`;
    if (!have.has(`${year}-${String(month + 1).padStart(2, '0')}`) || !have.has(last)) continue;
    quarters.push({ from: period, to: last, label: `${year} Q${(month + 2) / 3} (${period} – ${last})`, kind: 'quarter' });
  }
  const monthOptions: VatPeriodOption[] = months.map((p) => ({ from: p, to: p, label: `${monthNames[Number(p.slice(5)) - 1]} ${p.slice(0, 4)}`, kind: 'month' }));
  const years: VatPeriodOption[] = fiscalYearsOf(periods).map((year) => {
    const inYear = periodsOfYear(periods, year);
    return { from: inYear[0].period, to: inYear[inYear.length - 1].period, label: `Fiscal year ${year} (${inYear[0].period} – ${inYear[inYear.length - 1].period})`, kind: 'year' };
  });
  return [...quarters, ...monthOptions, ...years];
}

/** The period the page opens with: the quarter containing today, else the newest quarter, else the newest month. */
export function defaultVatPeriod(options: VatPeriodOption[], today: string): VatPeriodOption | null {
  const month = today.slice(0, 7);
  return options.find((o) => o.kind === 'quarter' && o.from <= month && month <= o.to)
    ?? options.find((o) => o.kind === 'quarter') ?? options.find((o) => o.kind === 'month') ?? null;
}
