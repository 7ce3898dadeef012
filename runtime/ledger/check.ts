import { counterpartyIdMax, counterpartyNameMax } from '../../shared/api.ts';
import { convertToBase, parseExchangeRate } from '../../shared/exchange.ts';
import { formatMinorPlain, isCurrency, lineAmountMinorMax, voucherTotalMinorMax } from '../../shared/money.ts';
import type { Chart } from './chart.ts';
import { LedgerRefusal, type VoucherDraft } from './types.ts';
import { checkVatLines } from './vat-codes.ts';
import { english, message as messageOf, type Message } from '../../shared/i18n/messages.ts';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

export function isValidIsoDate(date: unknown): date is string {
  if (typeof date !== 'string' || !isoDate.test(date)) return false;
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

/**
 * Checks one voucher against the company's chart and the bookkeeping rules.
 * Pure: used by the dry run (propose) and again inside the posting transaction.
 * Returns the fiscal year the voucher belongs to; throws a LedgerRefusal.
 */
/** A line's debit or credit: a non-negative whole number of öre, at most the cap per line (unless a reversal). */
function checkLineAmount(
  refuse: (code: 'invalid_amount' | 'amount_too_large', message: string, lineIndex?: number) => never,
  label: string, i: number, name: 'debitMinor' | 'creditMinor', value: number, capped: boolean,
): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    refuse('invalid_amount', `${label}: ${name} must be a non-negative integer number of öre, got ${JSON.stringify(value)}`, i);
  }
  if (capped && value > lineAmountMinorMax) {
    refuse('amount_too_large', `${label}: ${name} ${formatMinorPlain(value)} is over the maximum per line, ${formatMinorPlain(lineAmountMinorMax)} (${lineAmountMinorMax} minor units)`, i);
  }
}

export function checkVoucher(chart: Chart, draft: VoucherDraft, voucherIndex?: number): { fiscalYear: number } {
  const refuse = (code: ConstructorParameters<typeof LedgerRefusal>[0], message: string, lineIndex?: number, text?: Message): never => {
    throw new LedgerRefusal(code, message, lineIndex, voucherIndex, text);
  };
  if (!isValidIsoDate(draft.date)) refuse('invalid_date', `Voucher date "${String(draft.date)}" is not a valid YYYY-MM-DD date`);
  if (!chart.series.has(draft.series)) refuse('unknown_series', `Voucher series "${draft.series}" does not exist`);
  // BFL 5:7: a voucher says what the business event is. History imported from a SIE file is kept as it was written.
  if ((typeof draft.text !== 'string' || draft.text.trim() === '') && draft.importedHistory !== true) {
    refuse('blank_text', 'A voucher needs a text that says what happened (BFL 5:7); it is blank');
  }
  if (draft.counterparty) {
    const { name, id } = draft.counterparty;
    if (typeof name !== 'string' || name.trim() === '') refuse('invalid_counterparty', 'A counterparty needs a name; leave the counterparty out when it is not known');
    if (name.length > counterpartyNameMax) refuse('invalid_counterparty', `A counterparty's name is at most ${counterpartyNameMax} characters (got ${name.length})`);
    if (id !== undefined && id !== null && (typeof id !== 'string' || id.length > counterpartyIdMax)) {
      refuse('invalid_counterparty', `A counterparty's id (customer/supplier number or org number) is a text of at most ${counterpartyIdMax} characters`);
    }
  }
  if (!Array.isArray(draft.lines) || draft.lines.length < 2) refuse('no_lines', 'A voucher needs at least two lines');
  const year = chart.fiscalYears.find((y) => y.startDate <= draft.date && draft.date <= y.endDate);
  if (!year) refuse('no_fiscal_year', `No fiscal year covers ${draft.date}`);
  const period = draft.date.slice(0, 7);
  if (chart.periods.get(period) === 'locked') refuse('period_locked', english('api.period_locked', { period }), undefined, messageOf('api.period_locked', { period }));

  const totals = new Map<string, { debit: number; credit: number }>();
  // The caps (shared/money.ts) do not apply to a reversal: its lines are a posted voucher's, swapped
  // (Ledger.reverse), and a voucher posted before the caps existed must stay correctable.
  const capped = !draft.reversesVoucherId;
  draft.lines.forEach((line, i) => {
    const label = `Line ${i + 1}`;
    const account = chart.accounts.get(line.account);
    if (!account) refuse('unknown_account', `${label}: account ${line.account} does not exist`, i);
    // A reversal corrects what was posted, on the accounts it was posted to, even one deactivated since.
    if (!account!.active && !draft.reversesVoucherId) refuse('inactive_account', `${label}: account ${line.account} is inactive`, i);
    const debit = line.debitMinor ?? 0;
    const credit = line.creditMinor ?? 0;
    checkLineAmount(refuse, label, i, 'debitMinor', debit, capped);
    checkLineAmount(refuse, label, i, 'creditMinor', credit, capped);
    if ((debit === 0) === (credit === 0)) {
      refuse('invalid_line', `${label}: give either a debit or a credit amount (not both, not neither)`, i);
    }
    checkCurrencyTriple(chart.baseCurrency, line, label, debit || credit, capped, (message) => refuse('invalid_currency_line', message, i));
    // Every debit and credit is in the base currency: a line in another currency says so beside it.
    const currency = chart.baseCurrency;
    // chart.vatCodes holds the active codes (0030); a reversal keeps the code its voucher was posted with.
    if (line.vatCode && !chart.vatCodes.has(line.vatCode) && !draft.reversesVoucherId) refuse('unknown_vat_code', `${label}: VAT code "${line.vatCode}" does not exist or is inactive`, i);
    if (line.dimensions) for (const [dimension, object] of Object.entries(line.dimensions)) {
      if (!chart.dimensionObjects.has(`${dimension}:${object}`)) {
        refuse('unknown_dimension_object', `${label}: object "${object}" does not exist in dimension ${dimension}`, i);
      }
    }
    const total = totals.get(currency) ?? { debit: 0, credit: 0 };
    total.debit += debit;
    total.credit += credit;
    if (!Number.isSafeInteger(total.debit) || !Number.isSafeInteger(total.credit)) refuse('invalid_amount', 'The voucher total is too large', i);
    if (capped && (total.debit > voucherTotalMinorMax || total.credit > voucherTotalMinorMax)) {
      refuse('amount_too_large', `The voucher's total in ${currency} is over the maximum per voucher, ${formatMinorPlain(voucherTotalMinorMax)} ` +
        `(${voucherTotalMinorMax} minor units), at line ${i + 1}`, i);
    }
    totals.set(currency, total);
  });
  for (const [currency, total] of totals) {
    if (total.debit !== total.credit) {
      const difference = total.debit - total.credit;
      refuse('unbalanced', `The voucher does not balance in ${currency}: debit ${formatMinorPlain(total.debit, currency)}, ` +
        `credit ${formatMinorPlain(total.credit, currency)}, difference ${formatMinorPlain(difference, currency)}`);
    }
  }
  // VAT: the code fits the account, and the VAT booked fits base × rate (runtime/ledger/vat-codes.ts). Refused, not
  // flagged: an automation's voucher that fails goes to the inbox with this reason instead of posting wrong VAT.
  // Not for a SIE import's history (kept as written: importSie sets importedHistory; a sie: sourceRef a caller
  // gives does not count) nor a reversal (the voucher it reverses was posted).
  if (!draft.reversesVoucherId && draft.importedHistory !== true) {
    const problem = checkVatLines(draft.lines, chart.vatCodes, (account) => chart.accounts.get(account)?.type, chart.baseCurrency);
    if (problem) refuse(problem.code, problem.message, problem.lineIndex);
  }
  return { fiscalYear: year!.year };
}

/**
 * A line's currency, amount and rate: all three or none. Another currency than the base needs its
 * amount (minor units, positive) and rate (base per unit, a decimal string), and the line's base
 * amount must be round(amount × rate), half away from zero, to the öre (shared/exchange.ts) — an
 * exact check, no tolerance. A rounding difference between lines belongs on a line of its own
 * (3740 Öres- och kronutjämning), never hidden in a converted line.
 */
export function checkCurrencyTriple(
  baseCurrency: string, line: { currency?: string | null; currencyAmountMinor?: number | null; rate?: string | null },
  label: string, baseAmountMinor: number, capped: boolean, refuse: (message: string) => never,
): void {
  const currency = line.currency ?? baseCurrency;
  if (typeof currency !== 'string' || !isCurrency(currency)) refuse(`${label}: unknown currency "${String(currency)}" (ISO 4217 codes the product knows: shared/money.ts)`);
  const amount = line.currencyAmountMinor ?? null;
  const rate = line.rate ?? null;
  if (currency === baseCurrency) {
    if (amount !== null || rate !== null) {
      refuse(`${label}: a line in ${baseCurrency}, the company's currency, has no currency amount or rate (got ${JSON.stringify({ currencyAmountMinor: amount, rate })})`);
    }
    return;
  }
  if (amount === null || rate === null) {
    refuse(`${label}: a line in ${currency} needs currency, currencyAmountMinor and rate together (got currencyAmountMinor ${JSON.stringify(amount)}, rate ${JSON.stringify(rate)})`);
  }
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0 || (capped && amount > lineAmountMinorMax)) {
    refuse(`${label}: currencyAmountMinor must be a positive integer number of ${currency} minor units, got ${JSON.stringify(amount)}`);
  }
  const parsed = parseExchangeRate(rate);
  if (!parsed) refuse(`${label}: rate must be a decimal number above zero such as "11.4523" (${baseCurrency} per ${currency}), got ${JSON.stringify(rate)}`);
  const expected = convertToBase(amount!, parsed!, currency, baseCurrency);
  if (expected !== baseAmountMinor) {
    refuse(`${label}: ${formatMinorPlain(amount!, currency)} ${currency} at ${rate} is ${expected === null ? 'too large' : `${formatMinorPlain(expected, baseCurrency)} ${baseCurrency}`}, `
      + `but the line says ${formatMinorPlain(baseAmountMinor, baseCurrency)} ${baseCurrency} (rounded half away from zero to the öre)`);
  }
}
