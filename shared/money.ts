/**
 * Money is integer minor units plus an ISO 4217 currency code. Never floats.
 * Decimals are parsed and formatted only at the edges, with string arithmetic.
 */

/** Minor-unit scale (number of decimals) per currency. */
export const currencyDecimals: Record<string, number> = {
  SEK: 2, EUR: 2, USD: 2, NOK: 2, DKK: 2, GBP: 2, CHF: 2, PLN: 2, ISK: 0, JPY: 0,
};

export type RoundingMode = 'half_up' | 'half_even' | 'floor' | 'ceil' | 'trunc';

export class MoneyError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'MoneyError';
  }
}

export function isCurrency(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(currencyDecimals, code);
}

export function decimalsOf(currency: string): number {
  if (!isCurrency(currency)) throw new MoneyError('unknown_currency', `Unknown currency "${currency}"`);
  return currencyDecimals[currency];
}

/**
 * The largest amount one voucher line may carry, and the largest total (sum of debits) of one
 * voucher, in minor units of any currency: 10^13 = 100 000 000 000.00 SEK. Every amount that
 * enters (manual vouchers, automation postings, SIE import, bank lines, invoices) is checked
 * against it. Why 10^13: it is far above any real transaction (Sweden's GDP is about 6·10^14
 * öre a year), and it keeps sums exact: 900 vouchers at the cap on one account in one year still
 * sum below 2^53 (a JSON number stays exact), and it takes 900 000 of them to reach SQLite's
 * 64-bit integers. Reports sum exactly beyond both anyway (BigInt; see minorForJson).
 */
export const lineAmountMinorMax = 10_000_000_000_000;
export const voucherTotalMinorMax = 10_000_000_000_000;

/** Whether |value| is a safe integer no larger than the per-line cap. */
export function isWithinLineCap(value: number): boolean {
  return Number.isSafeInteger(value) && Math.abs(value) <= lineAmountMinorMax;
}

/**
 * A report figure (an exact BigInt sum) for JSON: a number when it is a safe integer, otherwise
 * the exact amount as a decimal string (e.g. "18014398509481982"), never a rounded number.
 */
export type ReportMinor = number | string;
export function minorForJson(value: bigint): ReportMinor {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
}

/** A report figure (number or decimal string) as an exact BigInt, for sums and comparisons on the designer's side. */
export function minorToBigInt(value: ReportMinor | bigint): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    assertMinor(value);
    return BigInt(value);
  }
  if (!/^-?\d+$/.test(value)) throw new MoneyError('invalid_amount', `"${value}" is not an integer number of minor units`);
  return BigInt(value);
}

/** Throws unless `value` is a safe integer (an amount in minor units). */
export function assertMinor(value: unknown, what = 'amount'): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    throw new MoneyError('invalid_amount', `${what} must be an integer number of minor units (öre/cents), got ${JSON.stringify(value)}`);
  }
}

/**
 * "1234.5" → 123450 for SEK. Accepts an optional leading "-", "." or "," as the
 * decimal separator, and at most the currency's number of decimals.
 */
export function parseDecimalToMinor(text: string, currency = 'SEK'): number {
  const decimals = decimalsOf(currency);
  const match = /^(-)?(\d+)(?:[.,](\d+))?$/.exec(text.trim());
  if (!match) throw new MoneyError('invalid_amount', `"${text}" is not a decimal amount`);
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > decimals) {
    throw new MoneyError('too_many_decimals', `"${text}" has more than ${decimals} decimals for ${currency}`);
  }
  const digits = (whole + fraction.padEnd(decimals, '0')).replace(/^0+(?=\d)/, '');
  const minor = Number(digits);
  if (!Number.isSafeInteger(minor)) throw new MoneyError('amount_too_large', `"${text}" is too large`);
  return sign && minor !== 0 ? -minor : minor;
}

/** 123450 → "1234.50" (plain, for files and APIs). Exact for report figures beyond 2^53 too (a BigInt or decimal string). */
export function formatMinorPlain(amountMinor: number | bigint | string, currency = 'SEK'): string {
  const exact = minorToBigInt(amountMinor);
  const decimals = decimalsOf(currency);
  const negative = exact < 0n;
  const digits = String(negative ? -exact : exact).padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = decimals ? '.' + digits.slice(digits.length - decimals) : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** 123450 → "1 234,50 kr" style, for people (sv-SE). */
export function formatMinor(amountMinor: number | bigint | string, currency = 'SEK', locale = 'sv-SE'): string {
  const decimals = decimalsOf(currency);
  const plain = formatMinorPlain(amountMinor, currency);
  // Intl formats a string decimal exactly (no float rounding) since ES2023.
  return new Intl.NumberFormat(locale, {
    style: 'currency', currency, minimumFractionDigits: decimals, maximumFractionDigits: decimals,
  }).format(plain as unknown as number);
}

/**
 * Integer division with an explicit rounding mode: the one place where
 * amounts are divided (percentages, allocations).
 */
export function divideRound(numerator: number, denominator: number, mode: RoundingMode): number {
  assertMinor(numerator, 'numerator');
  assertMinor(denominator, 'denominator');
  return divideRoundBig(BigInt(numerator), BigInt(denominator), mode);
}

function divideRoundBig(n: bigint, d: bigint, mode: RoundingMode): number {
  if (d === 0n) throw new MoneyError('division_by_zero', 'Division by zero');
  let q = n / d; // truncates toward zero
  const r = n % d;
  if (r !== 0n) {
    const negative = (n < 0n) !== (d < 0n);
    const twiceRemainder = (r < 0n ? -r : r) * 2n;
    const absDenominator = d < 0n ? -d : d;
    const away = negative ? -1n : 1n;
    switch (mode) {
      case 'trunc': break;
      case 'floor': if (negative) q -= 1n; break;
      case 'ceil': if (!negative) q += 1n; break;
      case 'half_up': if (twiceRemainder >= absDenominator) q += away; break;
      case 'half_even':
        if (twiceRemainder > absDenominator || (twiceRemainder === absDenominator && q % 2n !== 0n)) q += away;
        break;
    }
  }
  const result = Number(q);
  assertMinor(result, 'result');
  return result;
}

/**
 * A gross amount (VAT included) split into net and VAT at `rateBasisPoints`: net = gross × 10000 /
 * (10000 + rate), rounded half up in exact integers, and the remainder is the VAT (125.00 at 25 % →
 * 100.00 + 25.00; 99.99 → 79.99 + 20.00). The VAT is then within an öre of net × rate, as the posting check asks.
 */
export function splitGross(grossMinor: number, rateBasisPoints: number): { netMinor: number; vatMinor: number } {
  assertMinor(grossMinor);
  const numerator = BigInt(grossMinor) * 10_000n;
  const denominator = BigInt(10_000 + rateBasisPoints);
  const netMinor = Number((numerator * 2n + denominator) / (denominator * 2n));
  return { netMinor, vatMinor: grossMinor - netMinor };
}

/** `percent` may have up to 4 decimals: percentOf(10000, 25) = 2500. Exact at any size (BigInt inside). */
export function percentOf(amountMinor: number, percent: number, mode: RoundingMode = 'half_up'): number {
  assertMinor(amountMinor);
  // Scale the percentage to an integer with 4 decimals to stay exact.
  const scaled = Math.round(percent * 10_000);
  if (!Number.isSafeInteger(scaled) || Math.abs(scaled / 10_000 - percent) > 1e-9) {
    throw new MoneyError('invalid_percent', `Percent ${percent} has more than 4 decimals`);
  }
  return divideRoundBig(BigInt(amountMinor) * BigInt(scaled), 1_000_000n, mode);
}
