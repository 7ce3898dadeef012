/**
 * Cell values → amounts in minor units and ISO dates, with string arithmetic
 * only. Each function returns null for a value it cannot read, so the caller
 * can name the row and the column.
 */
import { isWithinLineCap, MoneyError, parseDecimalToMinor } from '../../../shared/money.ts';
import type { CsvDateFormat, CsvMapping } from './mapping.ts';

const separatorPatterns: Record<CsvMapping['thousandsSeparator'], string> = {
  none: '',
  // a space, a no-break space (U+00A0) or a narrow no-break space (U+202F), as spreadsheets write them
  space: '[ \\u00a0\\u202f]',
  '.': '\\.',
  ',': ',',
};

const amountPatterns = new Map<string, RegExp>();

function amountPattern(decimalSeparator: CsvMapping['decimalSeparator'], thousandsSeparator: CsvMapping['thousandsSeparator']): RegExp {
  const key = decimalSeparator + thousandsSeparator;
  let pattern = amountPatterns.get(key);
  if (!pattern) {
    const group = separatorPatterns[thousandsSeparator];
    const whole = group ? `(\\d{1,3}(?:${group}\\d{3})+|\\d+)` : '(\\d+)';
    pattern = new RegExp(`^${whole}(?:${decimalSeparator === '.' ? '\\.' : ','}(\\d+))?$`);
    amountPatterns.set(key, pattern);
  }
  return pattern;
}

export type AmountResult = { ok: true; amountMinor: number } | { ok: false; reason: string };

/**
 * "1 234,50", "-1.234,50", "1234.5", "+12", "100,00-", "−5,00" (U+2212) → minor units.
 * Thousands separators must group by three; more decimals than the currency has are refused.
 */
export function parseCsvAmount(
  text: string,
  currency: string,
  decimalSeparator: CsvMapping['decimalSeparator'],
  thousandsSeparator: CsvMapping['thousandsSeparator'],
): AmountResult {
  let body = text.trim();
  let negative = false;
  const first = body.charAt(0);
  if (first === '-' || first === '\u2212' || first === '+') {
    negative = first !== '+';
    body = body.slice(1).trimStart();
  } else if (body.endsWith('-')) {
    negative = true;
    body = body.slice(0, -1).trimEnd();
  }
  const match = amountPattern(decimalSeparator, thousandsSeparator).exec(body);
  if (!match) return { ok: false, reason: 'is not an amount' };
  const whole = match[1].replace(/\D/g, '');
  const fraction = match[2] ?? '';
  let amountMinor: number;
  try {
    amountMinor = parseDecimalToMinor(fraction ? `${whole}.${fraction}` : whole, currency);
  } catch (error) {
    if (error instanceof MoneyError && error.code === 'too_many_decimals') return { ok: false, reason: `has more decimals than ${currency} has` };
    if (error instanceof MoneyError) return { ok: false, reason: 'is too large' };
    throw error;
  }
  if (!isWithinLineCap(amountMinor)) return { ok: false, reason: 'is too large' };
  return { ok: true, amountMinor: negative && amountMinor !== 0 ? -amountMinor : amountMinor };
}

const datePatterns: Record<CsvDateFormat, { pattern: RegExp; order: [year: number, month: number, day: number] }> = {
  'YYYY-MM-DD': { pattern: /^(\d{4})-(\d{1,2})-(\d{1,2})$/, order: [1, 2, 3] },
  YYYYMMDD: { pattern: /^(\d{4})(\d{2})(\d{2})$/, order: [1, 2, 3] },
  'YYYY/MM/DD': { pattern: /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/, order: [1, 2, 3] },
  'YYYY.MM.DD': { pattern: /^(\d{4})\.(\d{1,2})\.(\d{1,2})$/, order: [1, 2, 3] },
  'DD.MM.YYYY': { pattern: /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/, order: [3, 2, 1] },
  'DD/MM/YYYY': { pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: [3, 2, 1] },
  'DD-MM-YYYY': { pattern: /^(\d{1,2})-(\d{1,2})-(\d{4})$/, order: [3, 2, 1] },
  'MM/DD/YYYY': { pattern: /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, order: [3, 1, 2] },
};

/** A date in the mapping's format → "YYYY-MM-DD", or null when it is not a real date in that format. */
export function parseCsvDate(text: string, format: CsvDateFormat): string | null {
  const { pattern, order } = datePatterns[format];
  const match = pattern.exec(text.trim());
  if (!match) return null;
  const year = Number(match[order[0]]);
  const month = Number(match[order[1]]);
  const day = Number(match[order[2]]);
  if (year < 1900 || month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
