/**
 * A bank line's voucher lines, written in the line's currency, made into
 * base-currency lines at the company's rate for the line's day (rates.ts),
 * each carrying its currency, amount and rate (ledger/foreign-lines.ts).
 * Without one — and without a rate the person gave — refused (422 no_exchange_rate), never booked as SEK.
 */
import type { Chart } from '../../ledger/chart.ts';
import { linesInBase } from '../../ledger/foreign-lines.ts';
import type { VoucherLineDraft } from '../../ledger/types.ts';
import type { Db } from '../../db/client.ts';
import { DomainRefusal } from '../../kernel/errors.ts';
import { rateFor } from './rates.ts';
import { english, message } from '../../../shared/i18n/messages.ts';

export async function inBaseCurrency(
  db: Pick<Db, 'select'>, chart: Chart, line: { currency: string; bookingDate: string; id: string }, givenRate: string | null, lines: VoucherLineDraft[],
): Promise<VoucherLineDraft[]> {
  if (line.currency === chart.baseCurrency) return lines;
  // The company's rate for the day; the one the person gave only when the company has none.
  const rate = (await rateFor(db, chart.companyId, line.currency, line.bookingDate)) ?? (givenRate ? { rate: givenRate } : null);
  if (!rate) {
    const said = { from: line.currency, to: chart.baseCurrency, date: line.bookingDate, line: line.id };
    throw new DomainRefusal(422, 'no_exchange_rate', english('api.no_exchange_rate', said), { field: 'rate' }, message('api.no_exchange_rate', said));
  }
  const converted = linesInBase(lines, line.currency, rate.rate, chart.baseCurrency);
  if (!converted.ok) throw new DomainRefusal(422, 'invalid_amount', converted.message, { field: 'bankLineId' });
  return converted.lines;
}
