/** The engine with fakes only: no database, no real clock. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { AutomationDocument, AutomationDocumentInput } from '../../shared/automation/schema.ts';
import { validateAutomation } from '../../shared/automation/validate.ts';
import type { VoucherDraft } from '../ledger/types.ts';
import { executors } from '../nodes/index.ts';
import { executeRun } from './engine.ts';
import type { EngineContext, LedgerPort, RunLimits } from './types.ts';
import { renderMessage } from '../../shared/i18n/messages.ts';

const load = (name: string): AutomationDocument =>
  validateAutomation(JSON.parse(readFileSync(new URL(`../../rules-examples/${name}.json`, import.meta.url), 'utf8'))).document!;

/** A clock that advances `stepMs` every time it is read. */
function fakeClock(stepMs = 1) {
  let now = 0;
  return { now: () => new Date('2026-11-30T12:00:00Z'), elapsedMs: () => (now += stepMs) };
}

function fakeLedger(refuse?: { code: string; message: string }): LedgerPort & { drafts: VoucherDraft[] } {
  const drafts: VoucherDraft[] = [];
  return {
    drafts,
    propose(draft) {
      if (refuse) return { ok: false, ...refuse };
      drafts.push(draft);
      return { ok: true, ref: `proposal-${drafts.length}` };
    },
  };
}

function context(options: { ledger?: LedgerPort; stepMs?: number; limits?: Partial<RunLimits> } = {}): EngineContext {
  return {
    clock: fakeClock(options.stepMs),
    newId: () => 'id-1',
    logger: { info: () => {}, warn: () => {} },
    ledger: options.ledger ?? fakeLedger(),
    limits: options.limits,
  };
}

const feeLine = { id: 'L1', bookingDate: '2026-11-30', amountMinor: -2500, currency: 'SEK', text: 'AVGIFT BANKGIRO', reference: null, counterparty: null, bankAccount: '1930' };
const run = (document: AutomationDocument, event: Record<string, unknown>, ctx = context()) =>
  executeRun({ runId: 'run-1', document, event, eventKey: `test:${String(event.id)}`, sourceRef: 'test' }, ctx);

/** A document that is NOT validated first: what the engine does with what validation would refuse. */
function raw(input: AutomationDocumentInput): AutomationDocument {
  return { schemaVersion: 1, description: '', version: 1, status: 'draft', ...input, nodes: input.nodes.map((n) => ({ version: 1, name: '', position: { x: 0, y: 0 }, config: {}, ...n })), edges: input.edges.map((e) => ({ ...e })) } as AutomationDocument;
}

const oneCondition = (expression: unknown) => raw({
  id: 'one', name: 'One condition',
  nodes: [
    { id: 'trigger', type: 'bank-line-imported' },
    { id: 'check', type: 'condition', config: { expression } },
    { id: 'flag', type: 'flag-for-review', config: { reason: 'matched' } },
  ],
  edges: [{ id: 'e1', source: 'trigger', target: 'check' }, { id: 'e2', source: 'check', target: 'flag', sourceHandle: 'true' }],
});

describe('trace', () => {
  it('records node, compact input, branch, output and duration for every step', async () => {
    const result = await run(load('bank-fees'), feeLine);
    expect(result.status).toBe('posted');
    const [trigger, condition, post] = result.trace;
    expect(trigger).toEqual({ nodeId: 'trigger', nodeType: 'bank-line-imported', branch: 'out', output: feeLine, durationMs: 1 });
    expect(condition).toEqual({
      nodeId: 'is-fee', nodeType: 'condition', branch: 'true', output: { value: true }, durationMs: 1,
      input: { 'event.amountMinor': -2500, 'event.text': 'AVGIFT BANKGIRO' },
    });
    expect(post).toMatchObject({
      nodeId: 'post-fee', nodeType: 'post-voucher', branch: 'ok', durationMs: 1,
      input: { date: '2026-11-30', amountsMinor: [2500, 2500] },
      output: { voucherRef: 'proposal-1', date: '2026-11-30', lines: [{ account: '6570', debitMinor: 2500 }, { account: '1930', creditMinor: 2500 }] },
    });
    expect(post.error).toBeUndefined();
  });

  it('does not copy the event into every step: only the trigger outputs it', async () => {
    const event = { ...feeLine, text: `AVGIFT ${'x'.repeat(5000)}` };
    const result = await run(load('bank-fees'), event);
    const sizes = result.trace.map((s) => JSON.stringify(s).length);
    expect(sizes[0]).toBeGreaterThan(5000);
    expect(sizes[1]).toBeLessThan(500); // the long text is cut in the input
    expect((result.trace[1].input as Record<string, string>)['event.text']).toMatch(/…$/);
  });

  it('says why nothing happened (no_match) with the branch that led nowhere', async () => {
    const result = await run(load('bank-fees'), { ...feeLine, amountMinor: 2500 });
    expect(result).toMatchObject({ status: 'no_match', reason: '"Is it a bank fee?" took the "false" branch, which leads nowhere', vouchers: [] });
    expect(result.trace.map((s) => [s.nodeId, s.branch])).toEqual([['trigger', 'out'], ['is-fee', 'false']]);
  });
});

describe('error branch', () => {
  const withFallback = () => {
    const document = JSON.parse(JSON.stringify(load('bank-fees')));
    document.nodes.push({ id: 'review', type: 'flag-for-review', version: 1, name: 'Review', position: { x: 0, y: 0 }, config: { reason: 'Could not book {{event.text}}: {{steps.post-fee.message}}' } });
    document.edges.push({ id: 'e3', source: 'post-fee', target: 'review', sourceHandle: 'error' });
    return validateAutomation(document).document!;
  };

  it('routes a voucher the ledger refuses to the error branch: flag-for-review → flagged', async () => {
    const ledger = fakeLedger({ code: 'period_locked', message: 'The period 2026-11 is locked' });
    const result = await run(withFallback(), feeLine, context({ ledger }));
    expect(result.status).toBe('flagged');
    expect(result.reason).toBe('Could not book AVGIFT BANKGIRO: The period 2026-11 is locked');
    expect(result.trace.map((s) => [s.nodeId, s.branch])).toEqual([['trigger', 'out'], ['is-fee', 'true'], ['post-fee', 'error'], ['review', 'ok']]);
    expect(result.trace[2].error).toEqual({ code: 'period_locked', message: 'The period 2026-11 is locked' });
    expect(result.trace[3].input).toEqual({ 'event.text': 'AVGIFT BANKGIRO', 'steps.post-fee.message': 'The period 2026-11 is locked' });
    expect(result.vouchers).toEqual([]);
    expect(ledger.drafts).toEqual([]);
  });

  it('fails the run with the reason when the error branch is not connected', async () => {
    const ledger = fakeLedger({ code: 'unknown_account', message: 'Account 6570 does not exist' });
    const result = await run(load('bank-fees'), feeLine, context({ ledger }));
    expect(result.status).toBe('failed');
    expect(result.reason).toBe('"Book the fee": unknown_account: Account 6570 does not exist');
    expect(result.vouchers).toEqual([]);
  });
});

describe('limits', () => {
  it('stops at stepsMax', async () => {
    const result = await run(load('bank-fees'), feeLine, context({ limits: { stepsMax: 2 } }));
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(/^step_limit: the run took more than 2 steps \(stepsMax\)/);
    expect(result.trace).toHaveLength(2);
    expect(renderMessage('sv', result.reasonText!)).toBe('step_limit: körningen tog fler än 2 steg (stepsMax); inget bokfördes');
    expect(result.vouchers).toEqual([]);
  });

  it('stops at runTimeMs, measured with the injected clock', async () => {
    // the engine reads the clock once per step boundary: 1 s per step here, so the third step would start at 2 s
    const result = await run(load('bank-fees'), feeLine, context({ stepMs: 1000, limits: { runTimeMs: 1500 } }));
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(/^time_limit: the run took longer than 1500 ms/);
    expect(renderMessage('sv', result.reasonText!)).toBe('time_limit: körningen tog längre än 1500 ms (runTimeMs); inget bokfördes');
    expect(result.trace.map((s) => s.durationMs)).toEqual([1000, 1000]);
    expect(result.vouchers).toEqual([]);
    const inTime = await run(load('bank-fees'), feeLine, context({ stepMs: 1000, limits: { runTimeMs: 2000 } }));
    expect(inTime.status).toBe('posted');
  });

  it('stops at runTimeMs inside a for-each body', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => ({ description: `Rad ${i}`, amountMinor: 100, vatCode: 'I25' }));
    const result = await run(load('supplier-invoice-coding'), { ...invoice, lines }, context({ stepMs: 10, limits: { runTimeMs: 200 } }));
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(/^time_limit/);
    expect(result.trace.length).toBeLessThan(50);
    expect(result.vouchers).toEqual([]);
  });

  it('stops a for-each over more items than itemsMax (loop_limit) before running any', async () => {
    const document = JSON.parse(JSON.stringify(load('supplier-invoice-coding')));
    document.nodes.find((n: { id: string }) => n.id === 'lines').config.itemsMax = 3;
    const lines = Array.from({ length: 4 }, (_, i) => ({ description: `Rad ${i}`, amountMinor: 100, vatCode: 'I25' }));
    const result = await run(validateAutomation(document).document!, { ...invoice, lines });
    expect(result.status).toBe('failed');
    expect(result.reason).toBe('loop_limit: "Each invoice line": 4 items is more than the limit of 3 (itemsMax); nothing was posted');
    expect(result.trace.at(-1)).toMatchObject({ nodeId: 'lines', branch: null, error: { code: 'loop_limit' }, input: { count: 4 } });
    expect(result.vouchers).toEqual([]);
  });

  it('counts loop iterations as steps', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => ({ description: `Rad ${i}`, amountMinor: 100, vatCode: 'I25' }));
    const result = await run(load('supplier-invoice-coding'), { ...invoice, lines }, context({ limits: { stepsMax: 100 } }));
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(/^step_limit/);
    expect(result.trace).toHaveLength(100);
    expect(result.vouchers).toEqual([]);
  });
});

describe('expressions are data, never code', () => {
  it.each([['__proto__'], ['constructor.constructor'], ['event.constructor'], ['event.text.constructor'], ['event.__proto__.polluted']])(
    '{"var": "%s"} reads nothing',
    async (path) => {
      const result = await run(oneCondition({ '!!': { var: path } }), feeLine);
      expect(result.status).toBe('no_match');
      expect(result.trace[1]).toMatchObject({ branch: 'false', output: { value: false }, input: { [path]: null } });
    },
  );

  it('an unknown operator fails the step with its code and place (validation refuses it first)', async () => {
    const rule = { and: [true, { method: [{ var: 'event.text' }, 'toUpperCase'] }] };
    expect(validateAutomation(oneCondition(rule)).issues).toContainEqual(expect.objectContaining({ code: 'expression_unknown_operator', nodeId: 'check' }));
    const result = await run(oneCondition(rule), feeLine);
    expect(result.status).toBe('failed');
    expect(result.trace[1]).toMatchObject({ nodeId: 'check', branch: null, error: { code: 'expression_unknown_operator', message: 'Unknown operator "method" at and.1' } });
    expect(result.reason).toBe('"check" failed: expression_unknown_operator: Unknown operator "method" at and.1');
  });

  it.each([70, 10_000, 100_000])('a rule nested %i deep fails cleanly, without a stack overflow', async (depth) => {
    let rule: unknown = { var: 'event.amountMinor' };
    for (let i = 0; i < depth; i++) rule = { '!': [rule] };
    expect(validateAutomation(oneCondition(rule)).ok).toBe(false);
    const result = await run(oneCondition(rule), feeLine);
    expect(result.status).toBe('failed');
    expect(result.trace[1].error?.code).toBe('expression_depth_exceeded');
  });

  it('a rule over the size limit fails cleanly', async () => {
    const result = await run(oneCondition({ '+': Array.from({ length: 10_001 }, () => 1) }), feeLine);
    expect(result.status).toBe('failed');
    expect(result.trace[1].error?.code).toBe('expression_size_exceeded');
  });
});

const invoice = {
  id: 'IN-1', supplierId: 'L2003', supplierName: 'Kontorsgiganten AB', invoiceNumber: 'LF-1', invoiceDate: '2026-11-20', dueDate: '2026-12-10',
  currency: 'SEK', totalMinor: 349000, vatMinor: 49000,
  lines: [
    { description: 'Papper', amountMinor: 100000, vatCode: 'I25' },
    { description: 'Hotell', amountMinor: 200000, vatCode: 'I12' },
    { description: 'Pennor', amountMinor: 4000, vatCode: 'I25' },
  ],
};

describe('switch', () => {
  const byCurrency = raw({
    id: 'sw', name: 'Switch',
    nodes: [
      { id: 'trigger', type: 'bank-line-imported' },
      { id: 'sw', type: 'switch', config: { cases: [
        { id: 'big', label: 'Big', expression: { '>': [{ abs: { var: 'event.amountMinor' } }, 100000] } },
        { id: 'out', label: 'Out', expression: { '<': [{ var: 'event.amountMinor' }, 0] } },
      ] } },
      { id: 'f-big', type: 'flag-for-review', config: { reason: 'big' } },
      { id: 'f-out', type: 'flag-for-review', config: { reason: 'out' } },
    ],
    edges: [
      { id: 'e1', source: 'trigger', target: 'sw' },
      { id: 'e2', source: 'sw', target: 'f-big', sourceHandle: 'big' },
      { id: 'e3', source: 'sw', target: 'f-out', sourceHandle: 'out' },
    ],
  });

  it('takes the first truthy case, else default', async () => {
    const big = await run(byCurrency, { ...feeLine, amountMinor: -500000 });
    expect(big.trace[1]).toMatchObject({ branch: 'big', output: { case: 'big' }, input: { 'event.amountMinor': -500000 } });
    expect(big.reason).toBe('big');
    expect((await run(byCurrency, feeLine)).reason).toBe('out');
    const none = await run(byCurrency, { ...feeLine, amountMinor: 100 });
    expect(none).toMatchObject({ status: 'no_match', reason: '"sw" took the "default" branch, which leads nowhere' });
    expect(none.trace[1]).toMatchObject({ branch: 'default', output: { case: null } });
  });
});

describe('for-each', () => {
  it('walks the body once per item with item and index, then continues from done', async () => {
    const document = raw({
      id: 'fe', name: 'For each',
      nodes: [
        { id: 'trigger', type: 'supplier-invoice-arrived' },
        { id: 'lines', type: 'for-each', config: { items: { var: 'event.lines' } } },
        { id: 'cheap', type: 'condition', config: { expression: { '<': [{ var: 'item.amountMinor' }, 50000] } } },
        { id: 'note', type: 'flag-for-review', config: { reason: 'line {{index}}: {{item.description}}' } },
        { id: 'after', type: 'flag-for-review', config: { reason: 'done after {{steps.lines.count}} lines' } },
      ],
      edges: [
        { id: 'e1', source: 'trigger', target: 'lines' },
        { id: 'e2', source: 'lines', target: 'cheap', sourceHandle: 'each' },
        { id: 'e3', source: 'cheap', target: 'note', sourceHandle: 'true' },
        { id: 'e4', source: 'lines', target: 'after', sourceHandle: 'done' },
      ],
    });
    expect(validateAutomation(document).issues.filter((i) => i.severity === 'error')).toEqual([]);
    const result = await run(document, invoice);
    expect(result.trace.map((s) => [s.nodeId, s.branch])).toEqual([
      ['trigger', 'out'],
      ['lines', 'each'], ['cheap', 'false'],
      ['lines', 'each'], ['cheap', 'false'],
      ['lines', 'each'], ['cheap', 'true'], ['note', 'ok'],
      ['lines', 'done'], ['after', 'ok'],
    ]);
    expect(result.trace[1]).toMatchObject({ input: { index: 0 }, output: { index: 0, item: invoice.lines[0] } });
    expect(result.trace[6].input).toEqual({ 'item.amountMinor': 4000 });
    expect(result.trace[8]).toMatchObject({ input: { 'event.lines': invoice.lines }, output: { count: 3 } });
    expect(result.flags.map((f) => f.reason)).toEqual(['line 2: Pennor', 'done after 3 lines']);
  });

  it('gives each iteration its own idempotency key', async () => {
    const ledger = fakeLedger();
    const result = await run(load('supplier-invoice-coding'), invoice, context({ ledger }));
    expect(result.status).toBe('posted');
    expect(ledger.drafts.map((d) => d.idempotencyKey)).toEqual([
      'test:IN-1/supplier-invoice-coding/post-i25/0',
      'test:IN-1/supplier-invoice-coding/post-i12/1',
      'test:IN-1/supplier-invoice-coding/post-i25/2',
    ]);
    expect((await run(load('bank-fees'), feeLine, context({ ledger }))).vouchers[0].idempotencyKey).toBe('test:L1/bank-fees/post-fee');
  });

  it('fails with items_not_array when the items expression gives no list', async () => {
    const result = await run(load('supplier-invoice-coding'), { ...invoice, lines: 'none' });
    expect(result.status).toBe('failed');
    expect(result.reason).toBe('items_not_array: "Each invoice line": the items expression must give a list, but gave "none"');
    expect(result.trace.at(-1)).toMatchObject({ nodeId: 'lines', error: { code: 'items_not_array' }, input: { 'event.lines': 'none' } });
  });
});

describe('executors that return promises', () => {
  /** Runs `body` with some executors wrapped to answer through a promise (or to reject), then restores them. */
  async function withAsync<T>(types: (keyof typeof executors)[], body: () => Promise<T>, reject = false): Promise<T> {
    const saved = types.map((type) => executors[type]);
    types.forEach((type, i) => {
      const sync = saved[i];
      executors[type] = ((...args: Parameters<typeof sync>) => (reject ? Promise.reject(new Error('boom')) : Promise.resolve().then(() => sync(...args)))) as typeof sync;
    });
    try {
      return await body();
    } finally {
      types.forEach((type, i) => { executors[type] = saved[i]; });
    }
  }
  // plans are cached per document object: a fresh document per wrapped run
  const fresh = (name: string) => JSON.parse(JSON.stringify(load(name))) as AutomationDocument;

  it('gives the same result as synchronous executors', async () => {
    const expected = await run(load('bank-fees'), feeLine);
    const result = await withAsync(['condition', 'post-voucher'], () => run(fresh('bank-fees'), feeLine));
    expect(result).toEqual(expected);
  });

  it('walks a for-each whose executor and body answer through promises', async () => {
    const ledger = fakeLedger();
    const expected = await run(load('supplier-invoice-coding'), invoice, context());
    const result = await withAsync(['for-each', 'condition', 'post-voucher'], () => run(fresh('supplier-invoice-coding'), invoice, context({ ledger })));
    expect(result).toEqual(expected);
    expect(ledger.drafts.map((d) => d.idempotencyKey)).toEqual([
      'test:IN-1/supplier-invoice-coding/post-i25/0',
      'test:IN-1/supplier-invoice-coding/post-i12/1',
      'test:IN-1/supplier-invoice-coding/post-i25/2',
    ]);
  });

  it('a rejected promise fails the step', async () => {
    const result = await withAsync(['condition'], () => run(fresh('bank-fees'), feeLine), true);
    expect(result.status).toBe('failed');
    expect(result.trace.at(-1)).toMatchObject({ nodeId: 'is-fee', branch: null, error: { code: 'step_failed', message: 'boom' } });
    expect(result.reason).toMatch(/failed: step_failed: boom$/);
  });

  it('still enforces stepsMax across suspended steps', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => ({ description: `Rad ${i}`, amountMinor: 100, vatCode: 'I25' }));
    const result = await withAsync(['condition'], () => run(fresh('supplier-invoice-coding'), { ...invoice, lines }, context({ limits: { stepsMax: 100 } })));
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(/^step_limit/);
    expect(result.trace).toHaveLength(100);
  });
});
