import type { MatchPaymentConfig } from '../../shared/nodes/index.ts';
import { formatAmount, type IncomingPayment, type MatchDecision } from '../domains/bank/matching/index.ts';
import { storedOutcome, type PaymentOutcome } from '../domains/bank/payments/effect.ts';
import { invoiceKey } from '../domains/bank/payments/open-invoices.ts';
import type { Executor, StepResult, Warmer } from '../engine/types.ts';
import type { VoucherLineDraft } from '../ledger/types.ts';
import { parseExchangeRate } from '../../shared/exchange.ts';
import { settlementLines } from '../domains/currency/settlement.ts';
import type { ExecutorContext } from '../engine/types.ts';
import { isMessageCode, message, renderMessage, type Message } from '../../shared/i18n/messages.ts';
import { matchReasonMessage } from '../../shared/i18n/match-reasons.ts';

/**
 * The settlement lines of a payment in another currency than the company's, or why there are none
 * (no rate for the day, no rates port): the bank at the event's rate or the company's rate for the
 * booking date, each receivable at its invoice's booked SEK, the exchange difference on 3960/7960.
 */
async function foreignSettlement(
  ctx: ExecutorContext, payment: IncomingPayment, decision: MatchDecision, invoiceIds: string[], receivableAccounts: string[], bankAccount: string,
  excess: { account: string; amountMinor: number } | null, eventRate: unknown,
): Promise<VoucherLineDraft[] | string> {
  const port = ctx.ports.rates;
  if (!port) return 'this runtime has no exchange rates (the rates port is not wired): settle it by hand';
  const base = port.baseCurrency;
  const rate = typeof eventRate === 'string' && parseExchangeRate(eventRate) ? eventRate : (await port.rate(payment.currency, payment.bookingDate))?.rate;
  if (!rate) return `there is no ${payment.currency}→${base} rate for ${payment.bookingDate}: set it (POST …/exchange-rates) and retry, or settle it by hand`;
  const booked = await port.bookedInvoices(invoiceIds);
  const invoices = [];
  for (let i = 0; i < decision.allocations.length; i++) {
    const alloc = decision.allocations[i];
    const invoice = booked.get(invoiceIds[i]);
    if (!invoice || invoice.currency !== payment.currency) return `invoice ${alloc.invoiceNumber} is not in ${payment.currency} as booked: settle it by hand`;
    invoices.push({ ...invoice, invoiceNumber: alloc.invoiceNumber, receivableAccount: receivableAccounts[i], allocationMinor: alloc.amountMinor });
  }
  return settlementLines({
    baseCurrency: base, bankAccount, excess,
    payment: { amountMinor: payment.amountMinor, currency: payment.currency, rate, counterparty: payment.counterpartyName },
    invoices,
  });
}

const fail = (code: string, message: string, input?: unknown): StepResult => ({ branch: 'error', output: { code, message }, error: { code, message }, input });

/** The bank line of the run as the matcher's payment, or what is wrong with it. */
function paymentOf(event: Record<string, unknown>): IncomingPayment | string {
  const { id, amountMinor, currency, bookingDate } = event;
  if (typeof id !== 'string' || !id) return 'event.id: the event is not a bank line (no entry reference)';
  if (typeof amountMinor !== 'number' || !Number.isSafeInteger(amountMinor)) return 'event.amountMinor: not a whole number of minor units';
  if (typeof currency !== 'string') return 'event.currency: missing';
  if (typeof bookingDate !== 'string') return 'event.bookingDate: missing';
  const text = (key: string) => (typeof event[key] === 'string' ? event[key] as string : null);
  return {
    id, amountMinor, currency, bookingDate, reference: text('reference'), text: text('text'), counterpartyName: text('counterparty'),
    reversal: event.reversal === true,
  };
}

/** The line's own bank ledger account: `event.bankAccount` (or `event.bankAccount.ledgerAccount`). */
function bankLedgerAccount(event: Record<string, unknown>): string {
  const account = event.bankAccount;
  if (typeof account === 'string') return account;
  if (account && typeof account === 'object' && typeof (account as { ledgerAccount?: unknown }).ledgerAccount === 'string') {
    return (account as { ledgerAccount: string }).ledgerAccount;
  }
  return '1930';
}

/** The decision as the step's output (and the bank line's outcome). */
function outcomeOf(decision: MatchDecision): PaymentOutcome {
  return {
    kind: decision.kind,
    allocations: decision.allocations.map((a) => ({ invoiceNumber: a.invoiceNumber, customerNo: a.customerNo, amountMinor: a.amountMinor })),
    ...(decision.excessMinor !== undefined ? { excessMinor: decision.excessMinor } : {}),
    ...(decision.remainingMinor !== undefined ? { remainingMinor: decision.remainingMinor } : {}),
    ...(decision.exceptionReason !== undefined ? { exceptionReason: decision.exceptionReason } : {}),
    score: decision.score,
    reasons: decision.reasons,
    candidates: decision.candidates.map((c) => ({
      invoiceNumber: c.invoiceNumber, customerNo: c.customerNo, customerName: c.customerName, currency: c.currency, openMinor: c.openMinor, score: c.score, reasons: c.reasons,
    })),
  };
}

/** The node's matching settings, as the port is asked (the same object shape each time: the port keys its matchers by it). */
function settingsOf(config: MatchPaymentConfig) {
  const { thresholdScore, dateWindowDays, allowPartial, allowOverpayment, invoicesMax } = config;
  return { thresholdScore, dateWindowDays, allowPartial, allowOverpayment, invoicesMax };
}

/** Builds the matcher for this node's settings before its first payment (a statement's first batch is on its way). */
export const matchPaymentWarmer: Warmer<MatchPaymentConfig> = async (ports, config) => {
  await ports.payments?.prepare(settingsOf(config));
};

/**
 * Matches the run's bank line against the company's open customer invoices
 * (the payments port) and proposes the settlement: a voucher (debit the
 * line's bank account; credit each invoice's receivable account; an
 * overpayment's excess to the excess account) and a payment-match effect
 * that reduces the invoices' open amounts in the same transaction. A payment
 * that is not matched follows `unmatched`; its decision (reason, ranked
 * candidates) is recorded all the same, for the bank line's outcome.
 */
export const matchPaymentExecutor: Executor<MatchPaymentConfig> = async (ctx, config, input) => {
  const port = ctx.ports.payments;
  if (!port) return fail('no_payments_port', 'This runtime has no open invoices to match against (the payments port is not wired)');
  const payment = paymentOf(input.event);
  if (typeof payment === 'string') return fail('not_a_bank_line', payment);
  const { decision, bookings } = await port.match(payment, settingsOf(config));
  const read = {
    amountMinor: payment.amountMinor, currency: payment.currency, reference: payment.reference, counterparty: payment.counterpartyName,
    bankAccount: bankLedgerAccount(input.event),
  };
  const unmatched = (outcome: PaymentOutcome & { exceptionReason: string }): StepResult => {
    ctx.effect({
      kind: 'payment-match',
      value: { bankLineId: payment.id, bookingDate: payment.bookingDate, currency: payment.currency, decision: storedOutcome(outcome), invoiceIds: [], voucherIndex: null, excessAccount: null },
    });
    return {
      branch: 'unmatched', input: read, output: outcome,
      ...endOf(message('run.payment_not_matched', { code: matchReasonText(outcome.exceptionReason), detail: outcome.reasons[0] !== undefined ? matchReasonMessage(outcome.reasons[0]) : message('run.no_open_invoice_fits') })),
    };
  };

  if (decision.kind === 'exception') return unmatched({ ...outcomeOf(decision), exceptionReason: decision.exceptionReason ?? 'no_match' });

  const bank = read.bankAccount;
  const invoiceIds: string[] = [];
  let lines: VoucherLineDraft[] = [{ account: bank, debitMinor: payment.amountMinor, vatCode: null, text: payment.counterpartyName }];
  for (const alloc of decision.allocations) {
    const booking = bookings.get(invoiceKey(alloc.invoiceNumber));
    if (!booking) return fail('unknown_invoice', `Invoice ${alloc.invoiceNumber} was matched but is not among the company's invoices`);
    invoiceIds.push(booking.id);
    lines.push({ account: booking.receivableAccount, creditMinor: alloc.amountMinor, vatCode: null, text: `Faktura ${alloc.invoiceNumber}` });
  }
  const excess = decision.kind === 'overpaid' ? decision.excessMinor ?? 0 : 0;
  if (excess > 0) lines.push({ account: config.excessAccount, creditMinor: excess, vatCode: null, text: 'Överbetalning (kundtillgodo)' });
  if (payment.currency !== (ctx.ports.rates?.baseCurrency ?? 'SEK')) {
    // Another currency than the ledger's: the bank at the day's rate, the receivables at what the invoices booked, the difference on 3960/7960.
    const foreign = await foreignSettlement(ctx, payment, decision, invoiceIds, lines.slice(1, 1 + invoiceIds.length).map((l) => l.account), bank, excess > 0 ? { account: config.excessAccount, amountMinor: excess } : null, input.event.exchangeRate);
    if (typeof foreign === 'string') {
      return unmatched({
        ...outcomeOf(decision), kind: 'exception', allocations: [], exceptionReason: 'no_exchange_rate',
        reasons: [`a payment in ${payment.currency} matched invoice(s) ${decision.allocations.map((a) => a.invoiceNumber).join(', ')}, but ${foreign}`, ...decision.reasons],
      });
    }
    lines = foreign;
  }

  const { run } = ctx;
  const numbers = decision.allocations.map((a) => a.invoiceNumber).join(', ');
  const proposal = ctx.ledger.propose({
    date: payment.bookingDate,
    series: config.series,
    text: `Inbetalning ${formatAmount(payment.amountMinor, payment.currency)}, faktura ${numbers}${payment.counterpartyName ? `, ${payment.counterpartyName}` : ''}`.slice(0, 200),
    sourceRef: run.sourceRef,
    counterparty: payment.counterpartyName?.trim() ? { name: payment.counterpartyName.trim().slice(0, 200) } : null,
    registeredBy: `automation:${run.automationId}`,
    automationId: run.automationId,
    automationVersion: run.automationVersion,
    runId: run.id,
    idempotencyKey: `${run.eventKey}/${run.automationId}/${run.nodeId}${run.iteration === null ? '' : `/${run.iteration}`}`,
    lines,
  });
  if (!proposal.ok) return fail(proposal.code, proposal.message, read);
  if (proposal.index === undefined) return fail('no_voucher_index', 'The ledger port did not say where the settlement voucher is among the run\'s vouchers');
  const outcome = outcomeOf(decision);
  ctx.effect({
    kind: 'payment-match',
    value: {
      // A settling decision's candidates are in the step's output (the run's trace), where the line's detail reads them;
      // its row stores none (effect.ts `candidatesInTrace`), so the effect carries none either (less to copy from a
      // decider thread: ≈ a quarter of a batch's effects).
      bankLineId: payment.id, bookingDate: payment.bookingDate, currency: payment.currency, decision: storedOutcome({ ...outcome, candidates: [] }), invoiceIds,
      voucherIndex: proposal.index, excessAccount: excess > 0 ? config.excessAccount : null,
    },
  });
  return { branch: 'matched', input: read, output: { ...outcome, voucherRef: proposal.ref } };
};

/** A run's end as its English text and as a message (for another language). */
function endOf(text: Message): { endReason: string; endReasonText: Message } {
  return { endReason: renderMessage('en', text), endReasonText: text };
}

/** A match's exception reason: its code in English (as it always was), its words in Swedish (shared/i18n match.*). */
function matchReasonText(reason: string): string | Message {
  const code = `match.${reason}`;
  return isMessageCode(code) ? { code } : reason;
}
