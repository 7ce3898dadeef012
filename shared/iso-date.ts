/**
 * Calendar dates written "YYYY-MM-DD", moved by whole days in UTC (no time zone, no clock). A leaf
 * module: it imports nothing, so anything — the fiscal years, the exchange rates, the demo — can use it
 * without an import cycle (importing companies/fiscal-years.ts from currency/rates.ts made one).
 */

/** `date` moved by `days` (negative: back): "2026-12-31" + 1 → "2027-01-01". Throws on a date that is not one. */
export function addDays(date: string, days: number): string {
  const time = Date.parse(`${date}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(time) || !Number.isSafeInteger(days)) throw new Error(`addDays: "${date}" + ${days} is not a date and a whole number of days`);
  return new Date(time + days * 86_400_000).toISOString().slice(0, 10);
}
