/**
 * Voucher lines whose amounts are in another currency than the company's,
 * made into base-currency lines that carry their currency, amount and rate
 * (check.ts checkCurrencyTriple). Each line is converted on its own, rounded
 * half away from zero; what the rounding leaves between the sides (a few öre
 * at most) goes onto a line of its own on 3740 Öres- och kronutjämning, so
 * every converted line stays exactly amount × rate.
 */
import { convertToBase, parseExchangeRate } from '../../shared/exchange.ts';
import type { VoucherLineDraft } from './types.ts';

export const roundingAccount = '3740';

export function linesInBase(
  lines: VoucherLineDraft[], currency: string, rate: string, baseCurrency: string,
): { ok: true; lines: VoucherLineDraft[]; roundingMinor: number } | { ok: false; lineIndex: number; message: string } {
  const parsed = parseExchangeRate(rate);
  if (!parsed) return { ok: false, lineIndex: -1, message: `"${rate}" is not an exchange rate above zero` };
  const out: VoucherLineDraft[] = [];
  let balance = 0; // debit − credit, base currency
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const debit = line.debitMinor ?? 0;
    const credit = line.creditMinor ?? 0;
    const amount = debit || credit;
    const base = convertToBase(amount, parsed, currency, baseCurrency);
    if (base === null) return { ok: false, lineIndex: i, message: `Line ${i + 1}: ${amount} ${currency} minor units at ${rate} is too large` };
    out.push({
      ...line, currency, currencyAmountMinor: amount, rate,
      ...(debit ? { debitMinor: base, creditMinor: undefined } : { creditMinor: base, debitMinor: undefined }),
    });
    balance += debit ? base : -base;
  }
  if (balance !== 0) {
    out.push({
      account: roundingAccount, ...(balance > 0 ? { creditMinor: balance } : { debitMinor: -balance }), vatCode: null,
      text: `Öresutjämning, ${currency} à ${rate}`,
    });
  }
  return { ok: true, lines: out, roundingMinor: balance };
}
