/**
 * camt amounts (`ActiveOrHistoricCurrencyAndAmount`: a non-negative
 * xs:decimal with at most 5 fraction digits and a Ccy attribute) → integer
 * minor units, by string arithmetic only. Dates (ISODate / ISODateTime) →
 * YYYY-MM-DD as written (no time-zone shift).
 */
import { isWithinLineCap, lineAmountMinorMax } from '../../../shared/money.ts';
import { StatementRefusal } from '../bank-statement.ts';
import { camtCurrencyDecimals } from './currency.ts';

/** An xs:decimal without sign: "12", "12.", "12.50", ".5". */
function splitDecimal(text: string): { whole: string; fraction: string } | null {
  let dot = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 /* . */ && dot < 0) dot = i;
    else if (c < 48 || c > 57) return null;
  }
  const whole = dot < 0 ? text : text.slice(0, dot);
  const fraction = dot < 0 ? '' : text.slice(dot + 1);
  if (whole === '' && fraction === '') return null;
  return { whole, fraction };
}

/** Decimals of `currency`, or a refusal naming the element that carries it. */
export function currencyDecimalsAt(currency: string, where: string): number {
  const decimals = /^[A-Z]{3}$/.test(currency) ? camtCurrencyDecimals(currency) : null;
  if (decimals === null) {
    throw new StatementRefusal('unknown_currency', where, 'Ccy', `"${currency.slice(0, 40)}" is not an ISO 4217 currency code`);
  }
  return decimals;
}

/**
 * "1234.5" EUR → 123450. The amount must be non-negative (camt gives the
 * sign in CdtDbtInd). More decimals than the currency has are accepted only
 * when the extra ones are zeros ("8.850" EUR = 885), since nothing is lost;
 * "8.855" EUR is refused (too_many_decimals). At most lineAmountMinorMax.
 */
export function parseCamtAmount(text: string, currency: string, where: string): number {
  return camtDecimalToMinor(text, currency, where, isWithinLineCap, `is above the limit of ${lineAmountMinorMax} minor units`);
}

/** A balance may exceed one line's cap but must stay an exact safe integer; otherwise read as an amount. */
export function parseCamtBalance(text: string, currency: string, where: string): number {
  return camtDecimalToMinor(text, currency, where, Number.isSafeInteger, 'is too large to be exact');
}

/** An xs:decimal (optional "+", no sign otherwise: camt gives it in CdtDbtInd) into minor units of `currency`. */
function camtDecimalToMinor(text: string, currency: string, where: string, allowed: (minor: number) => boolean, tooLarge: string): number {
  const decimals = currencyDecimalsAt(currency, where);
  const value = text.trim();
  const parts = value.length <= 40 ? splitDecimal(value.startsWith('+') ? value.slice(1) : value) : null;
  if (!parts) {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    throw new StatementRefusal('invalid_amount', where, 'Amt', `"${shown}" is not a non-negative decimal amount`);
  }
  let { fraction } = parts;
  if (fraction.length > decimals) {
    const extra = fraction.slice(decimals);
    if (!/^0+$/.test(extra)) {
      throw new StatementRefusal(
        'too_many_decimals', where, 'Amt',
        `"${value}" has ${fraction.length} decimals but ${currency} has ${decimals}; the extra digits "${extra}" are not zeros`,
      );
    }
    fraction = fraction.slice(0, decimals);
  }
  const digits = (parts.whole + fraction.padEnd(decimals, '0')).replace(/^0+(?=\d)/, '');
  const minor = digits.length > 16 ? Number.POSITIVE_INFINITY : Number(digits || '0');
  if (!allowed(minor)) throw new StatementRefusal('amount_too_large', where, 'Amt', `"${value}" ${currency} ${tooLarge}`);
  return minor;
}

const daysInMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** "2014-12-31" or "2014-12-31T13:15:00+01:00" → "2014-12-31" (the date as written), or null if it is not a real date. */
export function camtDatePart(text: string): string | null {
  const value = text.trim();
  if (value.length < 10 || value.length > 40) return null;
  const date = value.slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  // after the date: a time ("T…") or, for an ISODate, a time-zone offset ("Z", "+01:00")
  if (value.length > 10 && !'TZ+-'.includes(value[10])) return null;
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return null;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (day > (month === 2 && !leap ? 28 : daysInMonth[month - 1])) return null;
  return date;
}
