/**
 * A customer payment settling invoices in another currency than the
 * company's, and the realised exchange difference (kursdifferens):
 *
 * - the receivable (1510) is credited at what the invoice booked in SEK — the
 *   invoice's own rate, so the receivable comes out at zero;
 * - the bank is debited at what the payment is worth in SEK: a line in EUR at
 *   the rate for its day (carrying EUR amount and rate), or the SEK a SEK
 *   account actually received;
 * - the difference goes to 3960 Valutakursvinster (a gain, credit) or 7960
 *   Valutakursförluster (a loss, debit).
 *
 * 1 000.00 EUR invoiced at 11.20 (11 200.00 SEK) and paid at 11.35: bank
 * 11 350.00, 1510 11 200.00, 3960 150.00. Paid at 11.05: bank 11 050.00,
 * 1510 11 200.00, 7960 150.00.
 */
import { convertToBase, parseExchangeRate } from '../../../shared/exchange.ts';
import { formatMinorPlain } from '../../../shared/money.ts';
import type { VoucherLineDraft } from '../../ledger/types.ts';

export const exchangeGainAccount = '3960';
export const exchangeLossAccount = '7960';

export interface InvoiceBooked {
  invoiceNumber: string;
  receivableAccount: string;
  currency: string;
  /** what this payment settles, in the invoice's currency */
  allocationMinor: number;
  openMinor: number;
  totalMinor: number;
  /** the invoice's total as booked in the base currency (null for one made before this was kept: then at its rate) */
  totalBaseMinor: number | null;
  exchangeRate: string | null;
}

/**
 * The SEK the receivable is credited with for `allocationMinor` of an invoice, telescoped so that any
 * split adds up to what the invoice booked: f(paid after this part) − f(paid before it), where f(x) is
 * the invoice's booked base amount when x is the whole total, else x converted at the invoice's rate.
 * (3.00 EUR at 11.45 booked 34.35 SEK, paid 0.01 + 0.01 + 2.98: 0.11, 0.23 − 0.11 = 0.12, 34.35 − 0.23
 * = 34.12 — 34.35 in all; converting each earlier part alone credited 0.11 + 0.11 + 34.12 = 34.34.)
 */
export function bookedBaseMinor(invoice: InvoiceBooked, baseCurrency: string): number {
  if (invoice.currency === baseCurrency) return invoice.allocationMinor;
  const rate = parseExchangeRate(invoice.exchangeRate);
  if (!rate) throw new Error(`invoice ${invoice.invoiceNumber} in ${invoice.currency} has no exchange rate`);
  const convert = (minor: number) => convertToBase(minor, rate, invoice.currency, baseCurrency)!;
  const f = (paid: number) => (paid === invoice.totalMinor && invoice.totalBaseMinor !== null ? invoice.totalBaseMinor : convert(paid));
  const paidBefore = invoice.totalMinor - invoice.openMinor;
  return f(paidBefore + invoice.allocationMinor) - f(paidBefore);
}

/**
 * The settlement voucher's lines for a payment in `payment.currency`: the bank debit (converted at
 * `payment.rate` when the payment is in another currency than the base), the receivables at their
 * booked SEK, an overpayment (`excess`, payment currency) at the payment's rate, and the difference
 * on 3960 or 7960.
 */
export function settlementLines(args: {
  baseCurrency: string;
  bankAccount: string;
  payment: { amountMinor: number; currency: string; rate: string | null; counterparty: string | null };
  invoices: InvoiceBooked[];
  excess: { account: string; amountMinor: number } | null;
}): VoucherLineDraft[] {
  const { baseCurrency, payment } = args;
  const foreign = payment.currency !== baseCurrency;
  const paymentRate = foreign ? parseExchangeRate(payment.rate) : null;
  if (foreign && !paymentRate) throw new Error(`a payment in ${payment.currency} needs its rate`);
  const atPaymentRate = (minor: number): VoucherLineDraft & { base: number } => {
    if (!foreign) return { account: '', base: minor };
    const base = convertToBase(minor, paymentRate!, payment.currency, baseCurrency)!;
    return { account: '', base, currency: payment.currency, currencyAmountMinor: minor, rate: payment.rate };
  };
  const bank = atPaymentRate(payment.amountMinor);
  const lines: VoucherLineDraft[] = [{
    account: args.bankAccount, debitMinor: bank.base, vatCode: null, text: payment.counterparty,
    ...(foreign ? { currency: bank.currency, currencyAmountMinor: bank.currencyAmountMinor, rate: bank.rate } : {}),
  }];
  let credited = 0;
  for (const invoice of args.invoices) {
    const base = bookedBaseMinor(invoice, baseCurrency);
    credited += base;
    const rate = invoice.currency === baseCurrency ? null : parseExchangeRate(invoice.exchangeRate);
    // The triple only where it holds exactly (a part of an invoice paid in parts may differ by an öre from its own conversion).
    const exact = rate !== null && convertToBase(invoice.allocationMinor, rate, invoice.currency, baseCurrency) === base;
    lines.push({
      account: invoice.receivableAccount, creditMinor: base, vatCode: null,
      text: invoice.currency === baseCurrency ? `Faktura ${invoice.invoiceNumber}`
        : `Faktura ${invoice.invoiceNumber}, ${formatMinorPlain(invoice.allocationMinor, invoice.currency)} ${invoice.currency} à ${invoice.exchangeRate}`,
      ...(exact ? { currency: invoice.currency, currencyAmountMinor: invoice.allocationMinor, rate: invoice.exchangeRate } : {}),
    });
  }
  if (args.excess && args.excess.amountMinor > 0) {
    const excess = atPaymentRate(args.excess.amountMinor);
    credited += excess.base;
    lines.push({
      account: args.excess.account, creditMinor: excess.base, vatCode: null, text: 'Överbetalning (kundtillgodo)',
      ...(foreign ? { currency: excess.currency, currencyAmountMinor: excess.currencyAmountMinor, rate: excess.rate } : {}),
    });
  }
  const difference = bank.base - credited;
  if (difference > 0) lines.push({ account: exchangeGainAccount, creditMinor: difference, vatCode: null, text: 'Realiserad valutakursvinst' });
  if (difference < 0) lines.push({ account: exchangeLossAccount, debitMinor: -difference, vatCode: null, text: 'Realiserad valutakursförlust' });
  return lines;
}
