/**
 * Decimal amounts and dates as SIE writes them, converted with string
 * arithmetic only (never parseFloat * 100).
 */

export type AmountParse =
  | { ok: true; amountMinor: number }
  | { ok: false; code: 'invalid_amount' | 'amount_out_of_range'; message: string };

const AMOUNT_PATTERN = /^([+-]?)(\d*)(?:\.(\d*))?$/;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * '1234.5' → 123450, '-0.01' → -1. At most 2 decimals; further decimals are
 * accepted only when they are zeros ('1.230'), since that loses nothing.
 * A leading '+' is tolerated although the spec forbids it; ',' is refused.
 */
export function parseSieAmount(text: string): AmountParse {
  const match = AMOUNT_PATTERN.exec(text);
  if (!match || (match[2] === '' && (match[3] === undefined || match[3] === ''))) {
    const hint = text.includes(',') ? ' (the decimal separator is ".")' : '';
    return { ok: false, code: 'invalid_amount', message: `"${text}" is not a SIE amount${hint}` };
  }
  const negative = match[1] === '-';
  const integerDigits = match[2] || '0';
  let fractionDigits = match[3] ?? '';
  if (fractionDigits.length > 2) {
    if (/[^0]/.test(fractionDigits.slice(2))) {
      return { ok: false, code: 'invalid_amount', message: `"${text}" has more than 2 decimals` };
    }
    fractionDigits = fractionDigits.slice(0, 2);
  }
  const minorDigits = integerDigits + fractionDigits.padEnd(2, '0');
  const magnitude = BigInt(minorDigits);
  if (magnitude > MAX_SAFE) {
    return { ok: false, code: 'amount_out_of_range', message: `"${text}" is beyond the safe integer range` };
  }
  const amountMinor = Number(magnitude);
  return { ok: true, amountMinor: negative && amountMinor !== 0 ? -amountMinor : amountMinor };
}

/** 123450 → '1234.50', -1 → '-0.01'. Always 2 decimals. A bigint (a sum beyond 2^53) is written exactly. */
export function formatSieAmount(amountMinor: number | bigint): string {
  if (typeof amountMinor === 'number' && !Number.isSafeInteger(amountMinor)) throw new Error(`amountMinor must be a safe integer, got ${amountMinor}`);
  const exact = BigInt(amountMinor);
  const sign = exact < 0n ? '-' : '';
  const digits = String(exact < 0n ? -exact : exact).padStart(3, '0');
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

const QUANTITY_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Quantities stay decimal strings; this only checks the syntax. */
export function isSieQuantity(text: string): boolean {
  return QUANTITY_PATTERN.test(text);
}

/** 'YYYYMMDD' → 'YYYY-MM-DD', or undefined when it is not a real date. */
export function parseSieDate(text: string): string | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1) return undefined;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return undefined;
  return `${match[1]}-${match[2]}-${match[3]}`;
}

/** 'YYYY-MM-DD' → 'YYYYMMDD'. */
export function formatSieDate(isoDate: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) throw new Error(`expected an ISO date YYYY-MM-DD, got "${isoDate}"`);
  return isoDate.replaceAll('-', '');
}

/** 'YYYYMM' with a month 01–12. */
export function isSiePeriod(text: string): boolean {
  const match = /^\d{4}(\d{2})$/.exec(text);
  if (!match) return false;
  const month = Number(match[1]);
  return month >= 1 && month <= 12;
}
