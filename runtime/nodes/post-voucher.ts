import type { VoucherLineTemplate } from '../../shared/nodes/index.ts';
import { defaultCounterparty, describeAccount, isAccountExpression } from '../../shared/nodes/post-voucher.ts';
import { counterpartyIdMax, counterpartyNameMax } from '../../shared/api.ts';
import type { Executor, StepInput, StepResult } from '../engine/types.ts';
import { parseExchangeRate } from '../../shared/exchange.ts';
import { linesInBase } from '../ledger/foreign-lines.ts';
import type { VoucherLineDraft } from '../ledger/types.ts';
import { interpolate } from './template.ts';

interface PostVoucherConfig {
  series: string;
  text: string;
  date: unknown;
  lines: VoucherLineTemplate[];
  counterparty?: unknown;
}

type Failure = { branch: 'error'; output: { code: string; message: string }; error: { code: string; message: string }; input?: unknown };
const fail = (code: string, message: string, input?: unknown): Failure => ({ branch: 'error', output: { code, message }, error: { code, message }, input });

const accountPattern = /^\d{4}$/;

/**
 * Builds a voucher from the template: each amount expression gives öre, the
 * line without an amount takes the balancing remainder; an account is fixed
 * or an expression giving one (checked: four digits here, an active account
 * of the chart by the ledger). Proposes it to the ledger; the runner posts
 * every proposal of the run in one transaction.
 */
export const postVoucherExecutor: Executor<PostVoucherConfig> = (ctx, config, input) => {
  const date = ctx.evaluate(config.date, input);
  if (typeof date !== 'string') return fail('invalid_date', `The date expression gave ${JSON.stringify(date)}, not a YYYY-MM-DD date`);
  // The amounts are in the event's currency. An event without one is in the company's; one in another needs a rate.
  const currency = input.event.currency;
  if (currency === undefined || currency === null) return build(ctx, config, input, date, null);
  // The common case stays synchronous: an event in the base currency (a runtime without the rates port knows only SEK).
  if (currency === (ctx.ports.rates?.baseCurrency ?? 'SEK')) return build(ctx, config, input, date, null);
  return inCurrency(ctx, config, input, date, currency);
};

/**
 * An event in another currency than the company's is booked at a rate: the event's own
 * (`event.exchangeRate`, e.g. a bank's conversion) or the company's rate for the voucher's date
 * (POST …/exchange-rates). Without one the step fails and the run goes to the exceptions inbox:
 * an amount is never booked as SEK silently.
 */
async function inCurrency(ctx: Parameters<typeof postVoucherExecutor>[0], config: PostVoucherConfig, input: StepInput, date: string, currency: unknown) {
  const port = ctx.ports.rates;
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) {
    return fail('invalid_currency', `The event's currency is ${JSON.stringify(currency)}, not an ISO 4217 code such as SEK`);
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return fail('invalid_date', `The date expression gave "${date}", not a YYYY-MM-DD date`);
  const base = port?.baseCurrency ?? 'SEK';
  const own = input.event.exchangeRate;
  if (own !== undefined && own !== null && !parseExchangeRate(own)) {
    return fail('invalid_exchange_rate', `The event's exchangeRate ${JSON.stringify(own)} is not a rate above zero such as "11.4523" (${base} per ${currency})`);
  }
  const found = own !== undefined && own !== null ? { rate: own as string, date, from: 'the event' }
    : port ? await port.rate(currency, date).then((r) => (r ? { ...r, from: `the company's rate of ${r.date}` } : null)) : null;
  if (!found) {
    return fail('no_exchange_rate', `No ${currency}→${base} rate for ${date}: the amounts are in ${currency}, and nothing is booked as ${base} without a rate. `
      + 'Set the day\'s rate (POST …/exchange-rates) and retry', { date, currency });
  }
  return build(ctx, config, input, date, { currency, rate: found.rate, base, from: found.from });
}

function build(
  ctx: Parameters<typeof postVoucherExecutor>[0], config: PostVoucherConfig, input: StepInput, date: string,
  conversion: { currency: string; rate: string; base: string; from: string } | null,
): StepResult {
  const lines: VoucherLineDraft[] = [];
  let balance = 0; // debit − credit
  let balancingIndex = -1;
  /** the evaluated amounts, for the trace: öre per line, null for the balancing line */
  const amountsMinor: (number | null)[] = [];
  /** the accounts expressions gave, for the trace (only when the template has one) */
  const hasExpression = config.lines.some((l) => isAccountExpression(l.account));
  const accounts: string[] = [];
  const exchange = conversion ? { currency: conversion.currency, rate: conversion.rate, rateFrom: conversion.from } : {};
  const traced = () => (hasExpression ? { date, accounts, amountsMinor, ...exchange } : { date, amountsMinor, ...exchange });
  for (let i = 0; i < config.lines.length; i++) {
    const template = config.lines[i];
    let account: string;
    if (isAccountExpression(template.account)) {
      const value = ctx.evaluate(template.account, input);
      // A whole number such as 1930 reads as its digits; anything else must already be four digits.
      account = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : typeof value === 'string' ? value.trim() : '';
      if (!accountPattern.test(account)) {
        accounts.push(typeof value === 'string' ? value : JSON.stringify(value) ?? 'undefined');
        return fail('invalid_account', `Line ${i + 1}: the account expression (${describeAccount(template.account)}) gave ${JSON.stringify(value) ?? 'nothing'}, `
          + 'not a 4-digit account of the chart', traced());
      }
    } else {
      account = template.account;
    }
    accounts.push(account);
    const line: VoucherLineDraft = {
      account, vatCode: template.vatCode ?? null, dimensions: template.dimensions,
      text: template.text ? interpolate(template.text, input) : null,
    };
    lines.push(line);
    if (template.amount === null || template.amount === undefined) {
      balancingIndex = i;
      amountsMinor.push(null);
      continue;
    }
    const amount = ctx.evaluate(template.amount, input);
    amountsMinor.push(typeof amount === 'number' ? amount : null);
    if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) {
      return fail('invalid_amount', `Line ${i + 1} (${account}): the amount expression gave ${JSON.stringify(amount)}, not a whole number of öre`, traced());
    }
    if (amount < 0) {
      return fail('negative_amount', `Line ${i + 1} (${account}): the amount is negative (${amount} öre); use the other side or abs`, traced());
    }
    if (template.side === 'debit') { line.debitMinor = amount; balance += amount; } else { line.creditMinor = amount; balance -= amount; }
  }
  if (balancingIndex >= 0) {
    const template = config.lines[balancingIndex];
    const needed = template.side === 'debit' ? -balance : balance;
    if (needed < 0) {
      return fail('unbalanced', `The balancing line ${balancingIndex + 1} (${accounts[balancingIndex]}) would need a negative ${template.side} of ${-needed} öre`, traced());
    }
    if (template.side === 'debit') lines[balancingIndex].debitMinor = needed; else lines[balancingIndex].creditMinor = needed;
  }
  // Lines of zero are dropped (a fee of 0 kr posts nothing on that line); the ledger checks the rest.
  const kept = lines.map((_, i) => i).filter((i) => (lines[i].debitMinor ?? 0) !== 0 || (lines[i].creditMinor ?? 0) !== 0);
  let nonZero = kept.map((i) => lines[i]);
  if (nonZero.length === 0) return fail('zero_amount', 'Every line of the voucher is zero: nothing to post', traced());
  if (conversion) {
    // Each line in the base currency with its amount and rate beside it; a rounding difference on a 3740 line of its own.
    const converted = linesInBase(nonZero, conversion.currency, conversion.rate, conversion.base);
    if (!converted.ok) return fail('invalid_amount', converted.message, traced());
    nonZero = converted.lines;
  }
  const counterparty = counterpartyOf(ctx, config, input);
  if ('code' in counterparty) return fail(counterparty.code, counterparty.message, traced());
  const { run } = ctx;
  const proposal = ctx.ledger.propose({
    date,
    series: config.series,
    text: interpolate(config.text, input).slice(0, 200),
    sourceRef: run.sourceRef,
    counterparty: counterparty.value,
    registeredBy: `automation:${run.automationId}`,
    automationId: run.automationId,
    automationVersion: run.automationVersion,
    runId: run.id,
    // Inside a for-each the same node posts once per item: the item's index keeps the keys apart.
    idempotencyKey: `${run.eventKey}/${run.automationId}/${run.nodeId}${run.iteration === null ? '' : `/${run.iteration}`}`,
    lines: nonZero,
  });
  if (!proposal.ok) {
    // The ledger numbers the lines it was given (zero lines dropped); for an account an expression gave, say which template line and expression.
    const at = proposal.lineIndex === undefined ? undefined : kept[proposal.lineIndex];
    const template = at === undefined ? undefined : config.lines[at];
    if (at !== undefined && template && isAccountExpression(template.account) && (proposal.code === 'unknown_account' || proposal.code === 'inactive_account')) {
      const what = proposal.code === 'unknown_account' ? 'which is not an account of the chart' : 'which is an inactive account';
      return fail(proposal.code, `Line ${at + 1}: the account expression (${describeAccount(template.account)}) gave "${accounts[at]}", ${what}`, traced());
    }
    return fail(proposal.code, proposal.message, traced());
  }
  return { branch: 'ok', input: traced(), output: { voucherRef: proposal.ref, date, lines: nonZero } };
};

/**
 * The voucher's counterparty: the node's when it has one (a text template, or JSON Logic giving a
 * name or { name, id }; null or a blank result: none), else the event's own (defaultCounterparty: a bank line's
 * counterparty, an invoice's supplier or customer). Names longer than the ledger keeps are cut.
 */
function counterpartyOf(ctx: Parameters<typeof postVoucherExecutor>[0], config: PostVoucherConfig, input: StepInput)
  : { value: { name: string; id: string | null } | null } | { code: string; message: string } {
  const fit = (name: string, id: string | null) => ({ name: name.slice(0, counterpartyNameMax), id: id ? id.slice(0, counterpartyIdMax) : null });
  if (config.counterparty === undefined || config.counterparty === '') {
    const found = defaultCounterparty(input.event as Record<string, unknown>);
    return { value: found ? fit(found.name, found.id) : null };
  }
  const value = config.counterparty !== null && typeof config.counterparty === 'object' ? ctx.evaluate(config.counterparty, input)
    : typeof config.counterparty === 'string' ? interpolate(config.counterparty, input) : config.counterparty;
  if (value === null || value === undefined || value === '') return { value: null };
  if (typeof value === 'string') return { value: value.trim() ? fit(value.trim(), null) : null };
  if (typeof value === 'object' && !Array.isArray(value)) {
    const { name, id } = value as Record<string, unknown>;
    if (name === null || name === undefined || (typeof name === 'string' && name.trim() === '')) return { value: null };
    if (typeof name === 'string' && (id === undefined || id === null || typeof id === 'string' || typeof id === 'number')) {
      return { value: fit(name.trim(), id === undefined || id === null ? null : String(id).trim() || null) };
    }
  }
  return { code: 'invalid_counterparty', message: `The counterparty expression gave ${JSON.stringify(value)}, not a name or { "name": …, "id": … }` };
}
