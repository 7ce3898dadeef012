import type { VoucherLineTemplate } from '../../shared/nodes/index.ts';
import type { Executor } from '../engine/types.ts';
import type { VoucherLineDraft } from '../ledger/types.ts';
import { interpolate } from './template.ts';

interface PostVoucherConfig {
  series: string;
  text: string;
  date: unknown;
  lines: VoucherLineTemplate[];
}

type Failure = { branch: 'error'; output: { code: string; message: string }; error: { code: string; message: string }; input?: unknown };
const fail = (code: string, message: string, input?: unknown): Failure => ({ branch: 'error', output: { code, message }, error: { code, message }, input });

/**
 * Builds a voucher from the template: each amount expression gives öre, the
 * line without an amount takes the balancing remainder. Proposes it to the
 * ledger; the runner posts every proposal of the run in one transaction.
 */
export const postVoucherExecutor: Executor<PostVoucherConfig> = (ctx, config, input) => {
  const date = ctx.evaluate(config.date, input);
  if (typeof date !== 'string') return fail('invalid_date', `The date expression gave ${JSON.stringify(date)}, not a YYYY-MM-DD date`);
  const lines: VoucherLineDraft[] = [];
  let balance = 0; // debit − credit
  let balancingIndex = -1;
  /** the evaluated amounts, for the trace: öre per line, null for the balancing line */
  const amountsMinor: (number | null)[] = [];
  for (let i = 0; i < config.lines.length; i++) {
    const template = config.lines[i];
    const line: VoucherLineDraft = {
      account: template.account, vatCode: template.vatCode ?? null, dimensions: template.dimensions,
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
      return fail('invalid_amount', `Line ${i + 1} (${template.account}): the amount expression gave ${JSON.stringify(amount)}, not a whole number of öre`, { date, amountsMinor });
    }
    if (amount < 0) {
      return fail('negative_amount', `Line ${i + 1} (${template.account}): the amount is negative (${amount} öre); use the other side or abs`, { date, amountsMinor });
    }
    if (template.side === 'debit') { line.debitMinor = amount; balance += amount; } else { line.creditMinor = amount; balance -= amount; }
  }
  if (balancingIndex >= 0) {
    const template = config.lines[balancingIndex];
    const needed = template.side === 'debit' ? -balance : balance;
    if (needed < 0) {
      return fail('unbalanced', `The balancing line ${balancingIndex + 1} (${template.account}) would need a negative ${template.side} of ${-needed} öre`, { date, amountsMinor });
    }
    if (template.side === 'debit') lines[balancingIndex].debitMinor = needed; else lines[balancingIndex].creditMinor = needed;
  }
  // Lines of zero are dropped (a fee of 0 kr posts nothing on that line); the ledger checks the rest.
  const nonZero = lines.filter((l) => (l.debitMinor ?? 0) !== 0 || (l.creditMinor ?? 0) !== 0);
  if (nonZero.length === 0) return fail('zero_amount', 'Every line of the voucher is zero: nothing to post', { date, amountsMinor });
  const { run } = ctx;
  const proposal = ctx.ledger.propose({
    date,
    series: config.series,
    text: interpolate(config.text, input).slice(0, 200),
    sourceRef: run.sourceRef,
    registeredBy: `automation:${run.automationId}`,
    automationId: run.automationId,
    automationVersion: run.automationVersion,
    runId: run.id,
    // Inside a for-each the same node posts once per item: the item's index keeps the keys apart.
    idempotencyKey: `${run.eventKey}/${run.automationId}/${run.nodeId}${run.iteration === null ? '' : `/${run.iteration}`}`,
    lines: nonZero,
  });
  if (!proposal.ok) return fail(proposal.code, proposal.message, { date, amountsMinor });
  return { branch: 'ok', input: { date, amountsMinor }, output: { voucherRef: proposal.ref, date, lines: nonZero } };
};
