/**
 * A bank line's voucher lines, written in the line's currency, made into
 * base-currency lines at the company's rate for the line's day (rates.ts),
 * each carrying its currency, amount and rate (ledger/foreign-lines.ts).
 * Without one — and without a rate the person gave — refused (422 no_exchange_rate), never booked as SEK.
 * Which rate was used, and whether a given one was set aside, is said (`RateChoice`): in the audit and the answer.
 */
import { parseExchangeRate } from '../../../shared/exchange.ts';
import type { Chart } from '../../ledger/chart.ts';
import { linesInBase } from '../../ledger/foreign-lines.ts';
import type { VoucherLineDraft } from '../../ledger/types.ts';
import type { Db } from '../../db/client.ts';
import { DomainRefusal } from '../../kernel/errors.ts';
import { rateFor } from './rates.ts';
import { english, message, type Message } from '../../../shared/i18n/messages.ts';

/**
 * The rate a person's booking of a foreign amount used: the company's (its table's row for `rateDate`,
 * the line's day or up to rateLookBackDays before) — which wins — or the one the person gave.
 */
export interface RateChoice { currency: string; rate: string; from: 'company' | 'given'; rateDate: string | null; given: string | null }

/** The company's rate for `currency` on `date`, else the given one; null with neither. */
export async function chooseRate(db: Pick<Db, 'select'>, companyId: string, currency: string, date: string, given: string | null): Promise<RateChoice | null> {
  const own = await rateFor(db, companyId, currency, date);
  if (own) return { currency, rate: own.rate, from: 'company', rateDate: own.date, given };
  return given ? { currency, rate: given, from: 'given', rateDate: null, given } : null;
}

/** What the audit records of the rate (null fields for a line in the base currency). */
export function rateAudit(choice: RateChoice | null, given: string | null) {
  return {
    rateGiven: given, rateUsed: choice?.rate ?? null,
    rateFrom: choice ? (choice.from === 'company' ? `company:${choice.rateDate}` : 'given') : null,
  };
}

/** A note for the answer when the person gave a rate other than the company's, which was used instead. */
export function rateNotes(choice: RateChoice | null): Message[] {
  if (!choice || choice.from !== 'company' || !choice.given || sameRate(choice.given, choice.rate)) return [];
  return [message('api.given_rate_not_used', { given: choice.given, used: choice.rate, currency: choice.currency, date: choice.rateDate ?? '' })];
}

function sameRate(a: string, b: string): boolean {
  const x = parseExchangeRate(a);
  const y = parseExchangeRate(b);
  return !!x && !!y && x.numerator * y.denominator === y.numerator * x.denominator;
}

export async function inBaseCurrency(
  db: Pick<Db, 'select'>, chart: Chart, line: { currency: string; bookingDate: string; id: string }, givenRate: string | null, lines: VoucherLineDraft[],
): Promise<{ lines: VoucherLineDraft[]; rate: RateChoice | null }> {
  if (line.currency === chart.baseCurrency) return { lines, rate: null };
  // The company's rate for the day; the one the person gave only when the company has none.
  const rate = await chooseRate(db, chart.companyId, line.currency, line.bookingDate, givenRate);
  if (!rate) {
    const said = { from: line.currency, to: chart.baseCurrency, date: line.bookingDate, line: line.id };
    throw new DomainRefusal(422, 'no_exchange_rate', english('api.no_exchange_rate', said), { field: 'rate' }, message('api.no_exchange_rate', said));
  }
  const converted = linesInBase(lines, line.currency, rate.rate, chart.baseCurrency);
  if (!converted.ok) throw new DomainRefusal(422, 'invalid_amount', converted.message, { field: 'bankLineId' });
  return { lines: converted.lines, rate };
}
