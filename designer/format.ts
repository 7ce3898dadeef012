/** Display formats for people (sv-SE). Amounts go through shared/money.ts. */
export { formatMinor } from '../shared/money.ts';

const dateTime = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'short', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'short', timeZone: 'UTC' });

/** "2026-11-30" stays as it is (the sv-SE format is ISO); a timestamp becomes "2026-11-30 14:05". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateOnly.format(date);
}

/** Amounts with a thin look for zero: 0 → "" (for debit/credit columns). */
export function formatMinorOrBlank(amountMinor: number, currency: string, format: (a: number, c: string) => string): string {
  return amountMinor === 0 ? '' : format(amountMinor, currency);
}

export function formatDuration(ms: number): string {
  return ms < 1 ? '<1 ms' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** UUIDs are long: "88c2bb13-e8fb-…" → "88c2bb13". Other ids stay as they are. */
export function shortId(id: string): string {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(id) ? id.slice(0, 8) : id;
}
