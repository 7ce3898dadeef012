/**
 * A person deals with a bank line from the inbox or the Bank page: matches
 * it to invoices by hand (one invoice, or split over several), or books it
 * to an account. Each posts like an automatic match — one transaction with
 * the voucher (source ref `bank-line:<id>`), the guarded invoice updates,
 * the decision, the line's status and the resolution of its open inbox
 * items — and is audited.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { convertToBase, parseExchangeRate } from '../../../../shared/exchange.ts';
import { decimalsOf, formatMinorPlain, splitGross } from '../../../../shared/money.ts';
import { sourceRef } from '../../../../shared/sources.ts';
import { NotFound } from '../../../automations/store.ts';
import type { Db } from '../../../db/client.ts';
import { customers, exceptions, invoices, vouchers } from '../../../db/schema.ts';
import { recordAudit } from '../../../kernel/audit.ts';
import type { LedgerClock } from '../../../kernel/clock.ts';
import { DomainRefusal } from '../../../kernel/errors.ts';
import { loadChart } from '../../../ledger/chart.ts';
import { postVouchersWithin, type Tx } from '../../../ledger/ledger.ts';
import type { VoucherLineDraft } from '../../../ledger/types.ts';
import { vatOnBase, type VatCodeRule } from '../../../ledger/vat-codes.ts';
import type { Allocation } from '../matching/index.ts';
import { bankLines } from '../schema.ts';
import { chooseRate, inBaseCurrency, rateAudit, rateNotes, type RateChoice } from '../../currency/bank-line.ts';
import { settlementLines, type InvoiceBooked } from '../../currency/settlement.ts';
import { decisionRow, insertDecisions, settleInvoices, StaleSettlement, storedOutcome, type PaymentOutcome } from './effect.ts';
import { english, message, type Message } from '../../../../shared/i18n/messages.ts';

export interface ManualMatch {
  allocations: { invoiceNumber: string; amountMinor: number }[];
  excessAccount?: string;
  /** a line in another currency, or a SEK line for invoices in another currency, on a day the company has no rate for: the day's rate */
  rate?: string;
  note?: string;
}

/**
 * A SEK line settling invoices in another currency: how far the rate it implies (SEK received ÷ the
 * allocations) may be from the day's rate, in basis points of it (10 %). Under it the match is refused
 * (the allocations are worth more than was paid); over it, what the line brings beyond the allocations
 * at the day's rate is an overpayment (excessAccount, 2420 unless given), like a SEK overpayment.
 */
export const convertedRateToleranceBasisPoints = 1_000;

export interface ManualBooking {
  account: string;
  vatCode?: string;
  /** a line in another currency, on a day the company has no rate for: the day's rate (base currency per unit) */
  rate?: string;
  text?: string;
  note?: string;
}

/** The series of vouchers a person posts for a bank line (the bank series of the demo's chart). */
const bankSeries = 'D';
const defaultExcessAccount = '2420';

interface Context {
  db: Db;
  clock: LedgerClock;
  companyId: string;
  bankLineId: string;
  /** "user:<id>" or "token:<id>" */
  by: string;
}

async function openLine(tx: Tx, { companyId, bankLineId }: Context) {
  const [line] = await tx.select().from(bankLines).where(and(eq(bankLines.companyId, companyId), eq(bankLines.id, bankLineId)));
  if (!line) throw new NotFound(`Bank line "${bankLineId}" does not exist`);
  const ref = sourceRef('bank-line', bankLineId);
  const [booked] = await tx.select({ id: vouchers.id }).from(vouchers).where(and(eq(vouchers.companyId, companyId), eq(vouchers.sourceRef, ref))).limit(1);
  if (booked) {
    const said = { line: bankLineId, voucher: booked.id };
    throw new DomainRefusal(409, 'already_booked', english('api.bank_line_already_booked', said), { voucherId: booked.id }, message('api.bank_line_already_booked', said));
  }
  return { line, ref };
}

/** Marks the line handled and resolves its open inbox items; returns their ids. */
async function finish(tx: Tx, ctx: Context, ref: string, now: string, resolution: string): Promise<string[]> {
  await tx.update(bankLines).set({ status: 'handled' }).where(and(eq(bankLines.companyId, ctx.companyId), eq(bankLines.id, ctx.bankLineId)));
  const open = await tx.select({ id: exceptions.id }).from(exceptions)
    .where(and(eq(exceptions.companyId, ctx.companyId), eq(exceptions.sourceRef, ref), eq(exceptions.status, 'open')));
  if (open.length) {
    await tx.update(exceptions).set({ status: 'resolved', resolvedAt: now, resolvedBy: ctx.by, resolution })
      .where(inArray(exceptions.id, open.map((e) => e.id)));
  }
  return open.map((e) => e.id);
}

/** What a match or booking by hand answers; `notes` when a given rate was set aside for the company's own. */
export interface ManualDone { voucherId: string; resolvedExceptions: string[]; notes: Message[] }

/**
 * Settles invoices with an incoming payment by hand. Refused (422, naming
 * the field) for money out, another currency than the invoices', an
 * unknown or settled invoice, an allocation beyond the open amount or
 * allocations beyond the payment; 409 when the line is already booked.
 */
export async function matchByHand(ctx: Context, request: ManualMatch): Promise<ManualDone> {
  const { db, clock, companyId, bankLineId } = ctx;
  const now = clock.now().toISOString();
  return db.transaction(async (tx) => {
    const { line, ref } = await openLine(tx, ctx);
    if (line.amountMinor <= 0) throw new DomainRefusal(422, 'not_incoming', `Bank line ${bankLineId} is not an incoming payment (${formatMinorPlain(line.amountMinor)} ${line.currency}): book it to an account instead`, { field: 'bankLineId' });
    const chart = await loadChart(tx, companyId);
    const base = chart!.baseCurrency;
    const numbers = request.allocations.map((a) => a.invoiceNumber);
    if (new Set(numbers.map((n) => n.trim().toUpperCase())).size !== numbers.length) {
      throw new DomainRefusal(422, 'duplicate_allocation', 'An invoice appears twice in the allocations: give it one amount', { field: 'allocations' });
    }
    const found = await tx.select({
      id: invoices.id, invoiceNumber: invoices.invoiceNumber, customerNo: invoices.counterpartyId, currency: invoices.currency, openMinor: invoices.openMinor,
      status: invoices.status, receivableAccount: customers.receivableAccount,
      totalMinor: invoices.totalMinor, totalBaseMinor: invoices.totalBaseMinor, exchangeRate: invoices.exchangeRate,
    }).from(invoices)
      .leftJoin(customers, and(eq(customers.companyId, invoices.companyId), eq(customers.id, invoices.counterpartyId)))
      .where(and(eq(invoices.companyId, companyId), eq(invoices.kind, 'ar'), inArray(invoices.invoiceNumber, numbers)));
    const allocations: Allocation[] = [];
    const invoiceIds: string[] = [];
    const booked: InvoiceBooked[] = [];
    // A SEK line may settle invoices in another currency (the bank converted): the allocations are in the invoices' currency.
    const invoiceCurrency = found.find((f) => f.invoiceNumber === request.allocations[0]?.invoiceNumber)?.currency ?? line.currency;
    const converted = line.currency === base && invoiceCurrency !== base;
    let allocated = 0;
    request.allocations.forEach((alloc, i) => {
      const invoice = found.find((f) => f.invoiceNumber === alloc.invoiceNumber);
      const field = `allocations[${i}]`;
      if (!invoice) throw new DomainRefusal(422, 'unknown_invoice', `${field}: there is no customer invoice ${alloc.invoiceNumber}`, { field: `${field}.invoiceNumber` });
      if (invoice.status !== 'open' || invoice.openMinor <= 0) throw new DomainRefusal(422, 'invoice_not_open', `${field}: invoice ${alloc.invoiceNumber} is ${invoice.status}, nothing is open`, { field: `${field}.invoiceNumber` });
      if (invoice.currency !== (converted ? invoiceCurrency : line.currency)) {
        throw new DomainRefusal(422, 'currency_mismatch', `${field}: invoice ${alloc.invoiceNumber} is in ${invoice.currency}, the payment in ${converted ? `${line.currency} for ${invoiceCurrency} invoices` : line.currency}`, { field: `${field}.invoiceNumber` });
      }
      if (alloc.amountMinor > invoice.openMinor) {
        throw new DomainRefusal(422, 'beyond_open_amount', `${field}: ${formatMinorPlain(alloc.amountMinor)} is more than the ${formatMinorPlain(invoice.openMinor)} open on invoice ${alloc.invoiceNumber}`, { field: `${field}.amountMinor` });
      }
      allocated += alloc.amountMinor;
      allocations.push({ invoiceNumber: invoice.invoiceNumber, customerNo: invoice.customerNo, amountMinor: alloc.amountMinor });
      invoiceIds.push(invoice.id);
      booked.push({ ...invoice, receivableAccount: invoice.receivableAccount ?? '1510', allocationMinor: alloc.amountMinor });
    });
    if (!converted && allocated > line.amountMinor) {
      throw new DomainRefusal(422, 'beyond_payment', `The allocations (${formatMinorPlain(allocated)}) are more than the payment (${formatMinorPlain(line.amountMinor)})`, { field: 'allocations' });
    }
    // Paid in SEK for invoices in another currency: the line settles the allocations and the difference is an exchange
    // difference — within convertedRateToleranceBasisPoints of the day's rate; beyond it, an overpayment, or refused.
    // the rate a converted payment is checked at (the invoices' currency), or the one the foreign line is booked at
    let rateUsed: RateChoice | null = null;
    const excess = converted
      ? await convertedExcess(tx, { companyId, base, invoiceCurrency, line, allocated, allocations: request.allocations, rate: request.rate }, (choice) => { rateUsed = choice; })
      : line.amountMinor - allocated;
    const excessAccount = excess > 0 ? request.excessAccount ?? defaultExcessAccount : null;
    // Another currency: the bank at the day's rate, the receivables at their booked SEK, the difference on 3960/7960.
    // The company's rate for the day; the request's only when the company has none.
    const paymentRate = line.currency === base ? null : await chooseRate(tx, companyId, line.currency, line.bookingDate, request.rate ?? null);
    if (paymentRate) rateUsed = paymentRate;
    if (line.currency !== base && !paymentRate) {
      const said = { from: line.currency, to: base, date: line.bookingDate, line: bankLineId };
      throw new DomainRefusal(422, 'no_exchange_rate', english('api.no_exchange_rate', said), { field: 'rate' }, message('api.no_exchange_rate', said));
    }
    const lines = settlementLines({
      baseCurrency: base, bankAccount: line.bankAccount, invoices: booked,
      payment: { amountMinor: line.amountMinor, currency: line.currency, rate: paymentRate?.rate ?? null, counterparty: line.counterparty },
      excess: excess > 0 ? { account: excessAccount!, amountMinor: excess } : null,
    });
    const decisionId = clock.newId();
    const [posted] = await postVouchersWithin(tx, chart!, [{
      date: line.bookingDate, series: bankSeries,
      text: `Inbetalning ${formatMinorPlain(line.amountMinor)} ${line.currency}, faktura ${allocations.map((a) => a.invoiceNumber).join(', ')} (matchad manuellt)`.slice(0, 200),
      sourceRef: ref, registeredBy: ctx.by, idempotencyKey: `${ref}/by-hand/${decisionId}`, lines,
      counterparty: line.counterparty?.trim() ? { name: line.counterparty.trim().slice(0, 200) } : null,
    }], clock);
    const voucherId = posted.voucher.id;
    let payments;
    try {
      payments = await settleInvoices(tx, companyId, { allocations, invoiceIds, currency: invoiceCurrency, bankLineId, decisionId, voucherId, paidOn: line.bookingDate }, () => clock.newId());
    } catch (error) {
      if (error instanceof StaleSettlement) {
        const said = { invoice: error.invoiceNumber };
        throw new DomainRefusal(409, 'invoice_changed', english('api.invoice_changed', said), {}, message('api.invoice_changed', said));
      }
      throw error;
    }
    const kind: PaymentOutcome['kind'] = allocations.length > 1 ? 'multi' : excess > 0 ? 'overpaid'
      : found.find((f) => f.invoiceNumber === allocations[0].invoiceNumber)!.openMinor > allocations[0].amountMinor ? 'partial' : 'matched';
    const outcome: PaymentOutcome = {
      kind, allocations, score: 1, candidates: [],
      reasons: [`matched by hand by ${ctx.by}${request.note ? `: ${request.note}` : ''}`],
      ...(excess > 0 ? { excessMinor: excess } : {}),
    };
    await insertDecisions(tx, [decisionRow({
      companyId, id: decisionId, bankLineId, runId: null, automationId: null, decision: storedOutcome(outcome), account: excessAccount, voucherId, decidedAt: now, decidedBy: ctx.by,
    })], payments);
    const resolution = `Matched by hand to invoice${allocations.length > 1 ? 's' : ''} ${allocations.map((a) => a.invoiceNumber).join(', ')}: voucher ${posted.voucher.series}${posted.voucher.number}`;
    const resolvedExceptions = await finish(tx, ctx, ref, now, resolution);
    await recordAudit(tx, {
      id: clock.newId(), companyId, at: now, actor: ctx.by, action: 'bank-line.match', subject: ref,
      details: { allocations, excessMinor: excess, excessAccount, voucherId, resolvedExceptions, note: request.note ?? null, ...rateAudit(rateUsed, request.rate ?? null) },
    });
    return { voucherId, resolvedExceptions, notes: rateNotes(rateUsed) };
  });
}

/**
 * The lines booking `amount` (gross, the bank line's own currency) to `account` with `vatCode`: the net on
 * the account with the code, the VAT on the code's account on the same side (2641 for I25 on money out,
 * 2611 for MP1 on money in). A reverse charge (EUTI: both an output and an input account) books the whole
 * amount as the base and its VAT both ways. A code without a rate or unknown to the chart: the amount as it
 * is (the ledger refuses an unknown code, naming it).
 */
export function bookingLines(args: {
  bankAccount: string; account: string; amountMinor: number; incoming: boolean; vatCode: string | null;
  rule: VatCodeRule | undefined; counterparty: string | null; text: string | null;
}): VoucherLineDraft[] {
  const { amountMinor: amount, incoming, rule } = args;
  const side = (minor: number, credit: boolean) => (credit ? { creditMinor: minor } : { debitMinor: minor });
  const bank: VoucherLineDraft = { account: args.bankAccount, ...side(amount, !incoming), vatCode: null, text: args.counterparty };
  const gross = (): VoucherLineDraft[] => [bank, { account: args.account, ...side(amount, incoming), vatCode: args.vatCode, text: args.text }];
  if (!rule || rule.rateBasisPoints <= 0) return gross();
  if (rule.outputAccount && rule.inputAccount) {
    const vat = vatOnBase(amount, rule.rateBasisPoints);
    if (vat === 0) return gross();
    return [...gross(),
      { account: rule.inputAccount, ...side(vat, incoming), vatCode: null, text: `Ingående moms ${rule.code}` },
      { account: rule.outputAccount, ...side(vat, !incoming), vatCode: null, text: `Utgående moms ${rule.code}` }];
  }
  const vatAccount = rule.outputAccount ?? rule.inputAccount;
  if (!vatAccount) return gross();
  const { netMinor, vatMinor } = splitGross(amount, rule.rateBasisPoints);
  if (vatMinor === 0) return gross();
  return [bank,
    { account: args.account, ...side(netMinor, incoming), vatCode: args.vatCode, text: args.text },
    { account: vatAccount, ...side(vatMinor, incoming), vatCode: null, text: `Moms ${rule.code}` }];
}

/** The SEK a converted payment brings beyond its allocations at the day's rate (0 within the tolerance); refuses one far under it. */
async function convertedExcess(tx: Tx, args: {
  companyId: string; base: string; invoiceCurrency: string; line: { id: string; bookingDate: string; amountMinor: number };
  allocated: number; allocations: ManualMatch['allocations']; rate: string | undefined;
}, used: (choice: RateChoice) => void): Promise<number> {
  const { base, invoiceCurrency, line } = args;
  const choice = await chooseRate(tx, args.companyId, invoiceCurrency, line.bookingDate, args.rate ?? null);
  if (!choice) {
    const said = { from: invoiceCurrency, to: base, date: line.bookingDate, line: line.id };
    throw new DomainRefusal(422, 'no_exchange_rate', english('api.no_exchange_rate_invoices', said), { field: 'rate' }, message('api.no_exchange_rate_invoices', said));
  }
  used(choice);
  const dayRate = choice.rate;
  const parsed = parseExchangeRate(dayRate)!;
  const worth = convertToBase(args.allocated, parsed, invoiceCurrency, base);
  if (worth === null) throw new DomainRefusal(422, 'invalid_amount', `The allocations at ${dayRate} are too large`, { field: 'allocations' });
  const received = BigInt(line.amountMinor) * 10_000n;
  if (received < BigInt(worth) * BigInt(10_000 - convertedRateToleranceBasisPoints)) {
    const implied = (BigInt(line.amountMinor) * 10n ** BigInt(4 + decimalsOf(invoiceCurrency) - decimalsOf(base)) * 10n / BigInt(args.allocated) + 5n) / 10n;
    const impliedText = `${implied / 10_000n}.${String(implied % 10_000n).padStart(4, '0')}`;
    const named = args.allocations.map((a, i) => `allocations[${i}] ${formatMinorPlain(a.amountMinor, invoiceCurrency)} ${invoiceCurrency} of invoice ${a.invoiceNumber}`).join(', ');
    throw new DomainRefusal(422, 'implausible_exchange_rate',
      `${named}: ${formatMinorPlain(args.allocated, invoiceCurrency)} ${invoiceCurrency} is worth ${formatMinorPlain(worth, base)} ${base} at the day's rate ${dayRate}; `
      + `the payment is ${formatMinorPlain(line.amountMinor, base)} ${base}, a rate of ${impliedText} — more than ${convertedRateToleranceBasisPoints / 100} % under it. Allocate less`,
      { field: args.allocations.length === 1 ? 'allocations[0].amountMinor' : 'allocations' });
  }
  if (received > BigInt(worth) * BigInt(10_000 + convertedRateToleranceBasisPoints)) return line.amountMinor - worth;
  return 0;
}

/** Books the whole line to an account against its bank account (money in: credit the account; money out: debit it), a VAT code's VAT split out. */
export async function bookToAccount(ctx: Context, request: ManualBooking): Promise<ManualDone> {
  const { db, clock, companyId, bankLineId } = ctx;
  const now = clock.now().toISOString();
  return db.transaction(async (tx) => {
    const { line, ref } = await openLine(tx, ctx);
    if (line.amountMinor === 0) throw new DomainRefusal(422, 'zero_amount', `Bank line ${bankLineId} is zero: nothing to book`, { field: 'bankLineId' });
    if (request.account === line.bankAccount) throw new DomainRefusal(422, 'same_account', `The line's bank account is ${line.bankAccount}: book it to another account`, { field: 'account' });
    const amount = Math.abs(line.amountMinor);
    const incoming = line.amountMinor > 0;
    const chart = await loadChart(tx, companyId);
    const decisionId = clock.newId();
    const text = request.text ?? (line.text || `Bankrad ${bankLineId}`);
    // A line in another currency is booked at the company's rate for its day (the lines carry it), never as SEK.
    const { lines, rate } = await inBaseCurrency(tx, chart!, line, request.rate ?? null, bookingLines({
      bankAccount: line.bankAccount, account: request.account, amountMinor: amount, incoming, vatCode: request.vatCode ?? null,
      rule: request.vatCode ? chart!.vatCodes.get(request.vatCode) : undefined, counterparty: line.counterparty, text: line.text || null,
    }));
    const [posted] = await postVouchersWithin(tx, chart!, [{
      date: line.bookingDate, series: bankSeries, text: text.slice(0, 200), sourceRef: ref, registeredBy: ctx.by, idempotencyKey: `${ref}/by-hand/${decisionId}`,
      lines, counterparty: line.counterparty?.trim() ? { name: line.counterparty.trim().slice(0, 200) } : null,
    }], clock);
    const voucherId = posted.voucher.id;
    await insertDecisions(tx, [decisionRow({
      companyId, id: decisionId, bankLineId, runId: null, automationId: null, account: request.account, voucherId, decidedAt: now, decidedBy: ctx.by,
      decision: storedOutcome({ kind: 'account', allocations: [], score: 1, candidates: [], reasons: [`booked to ${request.account} by hand by ${ctx.by}${request.note ? `: ${request.note}` : ''}`] }),
    })], []);
    const resolvedExceptions = await finish(tx, ctx, ref, now, `Booked by hand to ${request.account}: voucher ${posted.voucher.series}${posted.voucher.number}`);
    await recordAudit(tx, {
      id: clock.newId(), companyId, at: now, actor: ctx.by, action: 'bank-line.book', subject: ref,
      details: { account: request.account, vatCode: request.vatCode ?? null, amountMinor: line.amountMinor, voucherId, resolvedExceptions, note: request.note ?? null, ...rateAudit(rate, request.rate ?? null) },
    });
    return { voucherId, resolvedExceptions, notes: rateNotes(rate) };
  });
}
