/**
 * Decimal rounding without binary floating-point surprises. A number is first
 * turned into its shortest round-trip decimal text (what `String(x)` prints,
 * so 1.005 is "1.005", not 1.00499999999999989…), then rounded digit by digit
 * with BigInt, and only the final result is converted back to a number.
 */

/** The same names as `shared/money.ts`. half_up: ties away from zero; half_even: ties to the even neighbour (bankers); floor: toward −∞; ceil: toward +∞; trunc: toward zero */
export type RoundingMode = 'half_up' | 'half_even' | 'floor' | 'ceil' | 'trunc';

export const roundingModes: readonly RoundingMode[] = ['half_up', 'half_even', 'floor', 'ceil', 'trunc'];

export const decimalsMax = 20;

export interface DecimalValue {
  negative: boolean;
  /** magnitude = digits × 10^exponent */
  digits: bigint;
  exponent: number;
}

const decimalPattern = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/;
const decimalTextLengthMax = 200;

export function isRoundingMode(value: unknown): value is RoundingMode {
  return typeof value === 'string' && (roundingModes as readonly string[]).includes(value);
}

/** A finite number, or a decimal string such as "12.50", "-3", "1e3". Anything else → null. */
export function parseDecimal(value: unknown): DecimalValue | null {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    text = String(value);
  } else if (typeof value === 'string' && value.length <= decimalTextLengthMax) {
    text = value;
  } else {
    return null;
  }
  const match = decimalPattern.exec(text);
  if (match === null) return null;
  const integerPart = match[2] ?? '';
  const fractionPart = match[3] ?? '';
  if (integerPart === '' && fractionPart === '') return null;
  const exponent = Number(match[4] ?? '0') - fractionPart.length;
  return { negative: match[1] === '-', digits: BigInt(integerPart + fractionPart), exponent };
}

/** Rounds |value| to an integer count of 10^−decimals, returned as a bigint magnitude. */
function roundMagnitude(value: DecimalValue, decimals: number, mode: RoundingMode): bigint {
  const shift = value.exponent + decimals;
  if (shift >= 0) return value.digits * 10n ** BigInt(shift);
  const divisor = 10n ** BigInt(-shift);
  const quotient = value.digits / divisor;
  const remainder = value.digits % divisor;
  if (remainder === 0n) return quotient;
  let up: boolean;
  switch (mode) {
    case 'trunc':
      up = false;
      break;
    case 'floor':
      up = value.negative;
      break;
    case 'ceil':
      up = !value.negative;
      break;
    case 'half_up':
      up = remainder * 2n >= divisor;
      break;
    case 'half_even': {
      const twice = remainder * 2n;
      up = twice > divisor || (twice === divisor && quotient % 2n === 1n);
      break;
    }
  }
  return up ? quotient + 1n : quotient;
}

function toNumber(negative: boolean, magnitude: bigint, decimals: number): number {
  if (magnitude === 0n) return 0; // never -0
  const result = Number(`${magnitude}e${-decimals}`);
  return negative ? -result : result;
}

/**
 * Rounds to `decimals` places (−20…20; negative rounds to tens, hundreds…).
 * Returns null for a non-numeric value, a non-integer or out-of-range
 * `decimals`, or an unknown mode.
 */
export function roundDecimal(value: unknown, decimals: unknown = 0, mode: unknown = 'half_up'): number | null {
  if (typeof decimals !== 'number' || !Number.isInteger(decimals) || Math.abs(decimals) > decimalsMax) return null;
  if (!isRoundingMode(mode)) return null;
  if (typeof value === 'number' && Number.isInteger(value) && decimals >= 0) return value === 0 ? 0 : value;
  const parsed = parseDecimal(value);
  if (parsed === null) return null;
  return toNumber(parsed.negative, roundMagnitude(parsed, decimals, mode), decimals);
}

/**
 * `percent` % of an integer amount in minor units, rounded to an integer
 * (25 % of 10000 → 2500; 12.5 % of 999 → 125 half_up). Null when the amount
 * is not a safe integer, the percent is not numeric, the mode is unknown or
 * the result is not a safe integer.
 */
export function percentOf(amountMinor: unknown, percent: unknown, mode: unknown = 'half_up'): number | null {
  if (!isRoundingMode(mode)) return null;
  let amount: number;
  if (typeof amountMinor === 'number') amount = amountMinor;
  else if (typeof amountMinor === 'string' && /^[+-]?\d{1,16}$/.test(amountMinor)) amount = Number(amountMinor);
  else return null;
  if (!Number.isSafeInteger(amount)) return null;
  if (typeof percent === 'number' && Number.isInteger(percent)) {
    const exact = percentOfIntegers(amount, percent, mode);
    if (exact !== null) return exact;
  }
  const rate = parseDecimal(percent);
  if (rate === null) return null;
  const product: DecimalValue = {
    negative: amount < 0 !== rate.negative,
    digits: BigInt(Math.abs(amount)) * rate.digits,
    exponent: rate.exponent - 2,
  };
  const magnitude = roundMagnitude(product, 0, mode);
  if (magnitude > BigInt(Number.MAX_SAFE_INTEGER)) return null;
  return toNumber(product.negative, magnitude, 0);
}

/**
 * percentOf for an integer percent when amount × percent is a safe integer
 * (the usual case: 25 % of an amount): exact in doubles, no BigInt. Null
 * when the product is too large (the BigInt path takes it).
 */
export function percentOfIntegers(amount: number, percent: number, mode: RoundingMode): number | null {
  const product = amount * percent;
  if (!Number.isSafeInteger(product)) return null;
  const remainder = product % 100; // exact; the sign of the product
  const quotient = (product - remainder) / 100; // exact: a multiple of 100 divided by 100
  if (remainder === 0) return quotient === 0 ? 0 : quotient;
  const negative = product < 0;
  const twice = Math.abs(remainder) * 2;
  let up: boolean;
  switch (mode) {
    case 'trunc':
      up = false;
      break;
    case 'floor':
      up = negative;
      break;
    case 'ceil':
      up = !negative;
      break;
    case 'half_up':
      up = twice >= 100;
      break;
    case 'half_even':
      up = twice > 100 || (twice === 100 && Math.abs(quotient) % 2 === 1);
      break;
  }
  const result = up ? (negative ? quotient - 1 : quotient + 1) : quotient;
  return result === 0 ? 0 : result;
}
