/**
 * Exchange rates and conversion to the company's base currency, exact:
 * a rate is a decimal string (base currency per one unit of the other
 * currency, e.g. "11.4523" SEK per EUR), parsed to a fraction of BigInts, and
 * a conversion rounds once, half away from zero, to the base currency's
 * minor unit. No floats anywhere. The designer computes with the same code.
 */
import { decimalsOf, formatMinorPlain } from './money.ts';

/** A rate as written: 1–9 digits, optionally "." and 1–12 decimals, above zero ("11.50", "0.9134"). */
export const ratePattern = /^(\d{1,9})(?:\.(\d{1,12}))?$/;

export interface Rate { numerator: bigint; denominator: bigint }

/** "11.4523" → 114523/10000; null when it is not a rate above zero. A comma is not accepted: rates are stored data. */
export function parseExchangeRate(text: unknown): Rate | null {
  if (typeof text !== 'string') return null;
  const match = ratePattern.exec(text);
  if (!match) return null;
  const fraction = match[2] ?? '';
  const numerator = BigInt(match[1] + fraction);
  if (numerator === 0n) return null;
  return { numerator, denominator: 10n ** BigInt(fraction.length) };
}

/**
 * `amountMinor` of `currency` at `rate` in minor units of `baseCurrency`, rounded half away from zero
 * (10.00 EUR at "11.50" → 115.00 SEK: 1000 → 11500; 0.01 EUR at "11.45" → 0.11 SEK: 0.1145 rounds down;
 * 0.02 EUR at "11.25" → 0.23 SEK: 0.225 rounds away from zero). Null when the result is not a safe integer.
 */
export function convertToBase(amountMinor: number, rate: Rate, currency: string, baseCurrency: string): number | null {
  if (!Number.isSafeInteger(amountMinor)) return null;
  const numerator = BigInt(amountMinor) * rate.numerator * 10n ** BigInt(decimalsOf(baseCurrency));
  const denominator = rate.denominator * 10n ** BigInt(decimalsOf(currency));
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  let quotient = magnitude / denominator;
  if ((magnitude % denominator) * 2n >= denominator) quotient += 1n;
  const result = negative ? -quotient : quotient;
  return result >= BigInt(Number.MIN_SAFE_INTEGER) && result <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(result) : null;
}

/** A rate written plainly for people and files: "11.5000" stays as given; only a valid rate is accepted. */
export function normaliseRate(text: string): string | null {
  const trimmed = text.trim().replace(',', '.');
  return parseExchangeRate(trimmed) ? trimmed : null;
}

/** A voucher line as the designer reads it: its currency, and beside the base amount the amount in that currency and the rate. */
export interface LineInCurrency { currency?: string | null; currencyAmountMinor?: number | null; rate?: string | null }

/** Whether a line was in another currency (it carries its amount and rate): its debit/credit is still in the base currency. */
export function isForeignLine(line: LineInCurrency): boolean {
  return typeof line.currencyAmountMinor === 'number' && typeof line.rate === 'string' && typeof line.currency === 'string';
}

/** The currency a voucher's debits and credits are in: that of a line in no other currency, else SEK. */
export function ledgerCurrencyOf(lines: readonly LineInCurrency[]): string {
  return lines.find((l) => !isForeignLine(l) && typeof l.currency === 'string')?.currency ?? 'SEK';
}

/** "EUR 10.00 @ 11.50": a line's own currency, amount and rate, as the voucher page shows them beside the SEK. */
export function foreignAmountText(line: LineInCurrency): string {
  if (!isForeignLine(line)) return '';
  return `${line.currency} ${formatMinorPlain(line.currencyAmountMinor!, line.currency!)} @ ${line.rate}`;
}
