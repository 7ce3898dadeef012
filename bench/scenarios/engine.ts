/**
 * Engine throughput: a 10-node bank-line automation (conditions, a switch,
 * three post-voucher actions, two flags) run in dry run over 100k generated
 * bank lines, with a fake ledger port that accepts every voucher.
 *
 * Baseline: a bare loop that calls the same executors directly along the
 * same branches (hand-wired: no plan, no trace, no limits). The ratio is what
 * the engine's walking, trace and limit checks cost. A second figure runs
 * the same conditions and amounts with json-logic-js in a plain loop.
 * Every variant must agree on the outcome counts before anything is timed.
 */
import jsonLogic from 'json-logic-js';
import { validateAutomation } from '../../shared/automation/validate.ts';
import { executeRun, evaluateCached } from '../../runtime/engine/engine.ts';
import type { EngineContext, ExecutorContext, StepInput } from '../../runtime/engine/types.ts';
import { executors } from '../../runtime/nodes/index.ts';
import { formatOps, measure, type Measurement, type Scenario, prng } from '../harness.ts';

const eventCount = 100_000;
/** rounds per variant; variants take turns, each round lasts at least roundMs */
const rounds = 5;
const roundMs = 600;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}


const texts = ['AVGIFT BANKGIRO', 'MONTHLY FEE', 'SKATTEKONTO', 'RÄNTA', 'BG 5050-1055 NORDISK DESIGN', 'SWISH BETALNING', 'LÖN', 'KORTKÖP ICA'];

function bankLines(count: number): Record<string, unknown>[] {
  const random = prng(20261130);
  return Array.from({ length: count }, (_, i) => {
    const text = texts[Math.floor(random() * texts.length)];
    const incoming = text === 'RÄNTA' || text.startsWith('BG') || random() < 0.2;
    const amountMinor = (incoming ? 1 : -1) * (1 + Math.floor(random() * (random() < 0.05 ? 50_000_000 : 500_000)));
    return { id: `L${i}`, bookingDate: '2026-11-30', amountMinor, currency: 'SEK', text, reference: null, counterparty: null, bankAccount: '1930' };
  });
}

// Standard JSON Logic only, so json-logic-js can run the same rules.
const rules = {
  isOut: { '<': [{ var: 'event.amountMinor' }, 0] },
  fee: { or: [{ in: ['AVGIFT', { var: 'event.text' }] }, { in: ['FEE', { var: 'event.text' }] }] },
  tax: { in: ['SKATT', { var: 'event.text' }] },
  isLarge: { '<': [{ var: 'event.amountMinor' }, -10_000_000] },
  isInterest: { in: ['RÄNTA', { var: 'event.text' }] },
  out: { '-': [0, { var: 'event.amountMinor' }] },
  in: { var: 'event.amountMinor' },
  date: { var: 'event.bookingDate' },
};

const post = (id: string, debit: string, credit: string, amount: unknown, text: string) => ({
  id, type: 'post-voucher', name: text,
  config: { series: 'E', text: `${text}: {{event.text}}`, date: rules.date, lines: [
    { account: debit, side: 'debit', amount }, { account: credit, side: 'credit', amount },
  ] },
});

const document = validateAutomation({
  id: 'bench-bank-lines', name: 'Bank lines (bench)',
  nodes: [
    { id: 'trigger', type: 'bank-line-imported' },
    { id: 'is-out', type: 'condition', config: { expression: rules.isOut } },
    { id: 'kind', type: 'switch', config: { cases: [{ id: 'fee', expression: rules.fee }, { id: 'tax', expression: rules.tax }] } },
    post('post-fee', '6570', '1930', rules.out, 'Bankavgift'),
    post('post-tax', '1630', '1930', rules.out, 'Skattekonto'),
    { id: 'is-large', type: 'condition', config: { expression: rules.isLarge } },
    { id: 'flag-large', type: 'flag-for-review', config: { reason: 'Large payment out: {{event.amountMinor}} öre ({{event.text}})' } },
    { id: 'is-interest', type: 'condition', config: { expression: rules.isInterest } },
    post('post-interest', '1930', '8310', rules.in, 'Ränta'),
    { id: 'flag-in', type: 'flag-for-review', config: { reason: 'Incoming payment to match: {{event.text}}' } },
  ],
  edges: [
    { id: 'e1', source: 'trigger', target: 'is-out' },
    { id: 'e2', source: 'is-out', target: 'kind', sourceHandle: 'true' },
    { id: 'e3', source: 'kind', target: 'post-fee', sourceHandle: 'fee' },
    { id: 'e4', source: 'kind', target: 'post-tax', sourceHandle: 'tax' },
    { id: 'e5', source: 'kind', target: 'is-large', sourceHandle: 'default' },
    { id: 'e6', source: 'is-large', target: 'flag-large', sourceHandle: 'true' },
    { id: 'e7', source: 'is-out', target: 'is-interest', sourceHandle: 'false' },
    { id: 'e8', source: 'is-interest', target: 'post-interest', sourceHandle: 'true' },
    { id: 'e9', source: 'is-interest', target: 'flag-in', sourceHandle: 'false' },
  ],
});
if (!document.ok || !document.document) throw new Error(`bench automation invalid: ${JSON.stringify(document.issues)}`);
const automation = document.document;
if (automation.nodes.length !== 10) throw new Error('the bench automation must have 10 nodes');
const configOf = (id: string) => automation.nodes.find((n) => n.id === id)!.config as never;

type Counts = Record<string, number>;
const bump = (counts: Counts, key: string) => { counts[key] = (counts[key] ?? 0) + 1; };

const engineContext: EngineContext = {
  clock: { now: () => new Date('2026-11-30T12:00:00Z'), elapsedMs: () => performance.now() },
  newId: () => 'id',
  logger: { info: () => {}, warn: () => {} },
  ledger: { propose: () => ({ ok: true, ref: 'proposal' }) },
  limits: { runTimeMs: 60_000 },
};

async function viaEngine(events: Record<string, unknown>[]): Promise<Counts> {
  const counts: Counts = {};
  for (let i = 0; i < events.length; i++) {
    const result = await executeRun({ runId: 'dry-run', document: automation, event: events[i], eventKey: 'dry-run', sourceRef: null }, engineContext);
    bump(counts, result.status);
  }
  return counts;
}

/** The same walk, hand-wired: the executors called directly, no trace, no limits. */
function viaExecutors(events: Record<string, unknown>[]): Counts {
  const counts: Counts = {};
  let flagged = false;
  let posted = false;
  const ctx: ExecutorContext = {
    run: { id: 'dry-run', automationId: automation.id, automationVersion: 1, eventKey: 'dry-run', sourceRef: null, nodeId: 'n', iteration: null },
    ledger: { propose: () => { posted = true; return { ok: true, ref: 'proposal' }; } },
    flag: () => { flagged = true; },
    effect: () => {},
    ports: {},
    evaluate: evaluateCached,
    now: () => new Date('2026-11-30T12:00:00Z'),
  };
  const [isOut, kind, postFee, postTax, isLarge, flagLarge, isInterest, postInterest, flagIn] =
    ['is-out', 'kind', 'post-fee', 'post-tax', 'is-large', 'flag-large', 'is-interest', 'post-interest', 'flag-in'].map(configOf);
  for (let i = 0; i < events.length; i++) {
    flagged = false;
    posted = false;
    const input: StepInput = { event: events[i], steps: {} };
    input.steps.trigger = (executors['bank-line-imported'](ctx, {} as never, input) as { output: unknown }).output;
    const out = executors.condition(ctx, isOut, input) as { branch: string };
    if (out.branch === 'true') {
      const branch = (executors.switch(ctx, kind, input) as { branch: string }).branch;
      if (branch === 'fee') executors['post-voucher'](ctx, postFee, input);
      else if (branch === 'tax') executors['post-voucher'](ctx, postTax, input);
      else if ((executors.condition(ctx, isLarge, input) as { branch: string }).branch === 'true') executors['flag-for-review'](ctx, flagLarge, input);
    } else if ((executors.condition(ctx, isInterest, input) as { branch: string }).branch === 'true') {
      executors['post-voucher'](ctx, postInterest, input);
    } else {
      executors['flag-for-review'](ctx, flagIn, input);
    }
    bump(counts, flagged ? 'flagged' : posted ? 'posted' : 'no_match');
  }
  return counts;
}

/** json-logic-js (the reference interpreter) on the same conditions and amounts; no executors, no vouchers. */
function viaJsonLogicJs(events: Record<string, unknown>[]): Counts {
  const counts: Counts = {};
  for (let i = 0; i < events.length; i++) {
    const data = { event: events[i], steps: {} };
    let status = 'no_match';
    if (jsonLogic.truthy(jsonLogic.apply(rules.isOut as never, data))) {
      if (jsonLogic.truthy(jsonLogic.apply(rules.fee as never, data)) || jsonLogic.truthy(jsonLogic.apply(rules.tax as never, data))) {
        jsonLogic.apply(rules.date as never, data);
        jsonLogic.apply(rules.out as never, data);
        jsonLogic.apply(rules.out as never, data);
        status = 'posted';
      } else if (jsonLogic.truthy(jsonLogic.apply(rules.isLarge as never, data))) {
        status = 'flagged';
      }
    } else if (jsonLogic.truthy(jsonLogic.apply(rules.isInterest as never, data))) {
      jsonLogic.apply(rules.date as never, data);
      jsonLogic.apply(rules.in as never, data);
      jsonLogic.apply(rules.in as never, data);
      status = 'posted';
    } else {
      status = 'flagged';
    }
    bump(counts, status);
  }
  return counts;
}

const scenarios: Scenario[] = [{
  name: 'engine: 10-node bank-line automation, dry run',
  async run() {
    const events = bankLines(eventCount);
    const expected = JSON.stringify(viaExecutors(events), Object.keys(viaExecutors(events)).sort());
    const engine = await viaEngine(events);
    const jsjs = viaJsonLogicJs(events);
    for (const [name, counts] of [['engine', engine], ['json-logic-js', jsjs]] as const) {
      if (JSON.stringify(counts, Object.keys(counts).sort()) !== expected) {
        throw new Error(`${name} disagrees with the bare loop: ${JSON.stringify(counts)} vs ${expected}`);
      }
    }
    const detail = `${eventCount / 1000}k events: ${Object.entries(engine).map(([k, v]) => `${k} ${v}`).join(', ')}`;
    // The variants take turns (rotating order) for several rounds, so load from other processes hits them
    // alike; each reports its best round, the median is shown too.
    const variants: { name: string; run: () => unknown; detail: string }[] = [
      { name: 'bare loop calling the executors directly', run: () => viaExecutors(events), detail: 'same executors, hand-wired branches, no trace' },
      { name: 'kontera engine executeRun (trace + limits)', run: () => viaEngine(events), detail },
      { name: 'json-logic-js: same conditions and amounts, plain loop', run: () => viaJsonLogicJs(events), detail: 'conditions only, no executors or vouchers' },
    ];
    const samples = variants.map(() => [] as number[]);
    for (let round = 0; round < rounds; round++) {
      for (let k = 0; k < variants.length; k++) {
        const index = (k + round) % variants.length;
        const variant = variants[index];
        const m = await measure(variant.name, variant.run, { opsPerCall: eventCount, minTimeMs: roundMs, warmupCalls: round === 0 ? 1 : 0 });
        samples[index].push(m.opsPerSec);
      }
    }
    const [baseline, subject, reference] = variants.map((variant, i): Measurement => ({
      name: variant.name,
      opsPerSec: Math.max(...samples[i]),
      detail: `${variant.detail}; best of ${rounds} rounds (median ${formatOps(median(samples[i]))})`,
    }));
    return [{ scenario: 'engine dry run, 10 nodes', baseline, others: [subject, reference], goal: 'engine >= 0.5x the bare loop' }];
  },
}];

export default scenarios;
