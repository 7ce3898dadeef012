/**
 * The commit path calls effect kinds in registry order, each once per
 * transaction with its own effects of every run; the runner commits through
 * whatever registry it is given.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Tx } from '../ledger/ledger.ts';
import type { Chart } from '../ledger/chart.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { Runner } from '../runs/runner.ts';
import { commitEffects, effectKinds, effectsOf, type CommitRun, type EffectKind } from './effects.ts';

const run = (runId: string): CommitRun => ({
  runId, automationId: 'a', automationVersion: 1, sourceRef: `bank-line:${runId}`, eventJson: '{}', status: 'posted', reason: null, startedAt: '2026-01-01T00:00:00.000Z', voucherIds: [],
});

describe('commitEffects', () => {
  it('commits kind by kind in registry order, each with its effects of every run, skipping kinds without any', async () => {
    const calls: { kind: string; items: { runId: string; effects: unknown[] }[] }[] = [];
    const recording = (kind: string): EffectKind<never> => ({
      books: false,
      async commit(_ctx, items) { calls.push({ kind, items: items.map((i) => ({ runId: i.run.runId, effects: i.effects })) }); },
    });
    const registry = { first: recording('first'), second: recording('second'), unused: recording('unused'), third: recording('third') };
    const ctx = { tx: {} as Tx, companyId: 'demo', chart: {} as Chart, clock: { now: () => new Date(), newId: () => 'id' } };
    await commitEffects(ctx, [
      { run: run('r1'), effects: [{ kind: 'third', value: 3 }, { kind: 'first', value: 1 }] },
      { run: run('r2'), effects: [{ kind: 'second', value: 2 }, { kind: 'first', value: 11 }] },
    ], registry);
    expect(calls).toEqual([
      { kind: 'first', items: [{ runId: 'r1', effects: [1] }, { runId: 'r2', effects: [11] }] },
      { kind: 'second', items: [{ runId: 'r2', effects: [2] }] },
      { kind: 'third', items: [{ runId: 'r1', effects: [3] }] },
    ]);
    await expect(commitEffects(ctx, [{ run: run('r3'), effects: [{ kind: 'nobody', value: 0 }] }], registry)).rejects.toThrow(/No effect kind "nobody"/);
  });

  it('maps an engine result to effects: its vouchers, and one inbox item when flagged or failed', () => {
    const draft = { date: '2026-01-01', series: 'E', text: 't', registeredBy: 'automation:a', lines: [] };
    expect(effectsOf({ status: 'flagged', reason: 'look', trace: [], vouchers: [draft], flags: [{ nodeId: 'f', reason: 'look' }] }))
      .toEqual([{ kind: 'post-voucher', value: draft }, { kind: 'flag', value: { reason: 'look' } }]);
    expect(effectsOf({ status: 'failed', reason: null, trace: [], vouchers: [], flags: [] })).toEqual([{ kind: 'flag', value: { reason: 'failed' } }]);
    expect(effectsOf({ status: 'no_match', reason: 'no', trace: [], vouchers: [], flags: [] })).toEqual([]);
  });
});

describe('the runner commits through its effect registry', () => {
  let t: TestApp;
  const year = new Date().getUTCFullYear();
  const line = (id: string, text: string) => ({ id, bookingDate: `${year}-11-30`, amountMinor: -2500, currency: 'SEK', text, reference: null, counterparty: null, bankAccount: '1930' });
  beforeAll(async () => {
    t = await createTestApp();
    const flagger = { id: 'flag-granska', name: 'Flag GRANSKA', nodes: [
      { id: 't', type: 'bank-line-imported', config: {} },
      { id: 'c', type: 'condition', config: { expression: { icontains: [{ var: 'event.text' }, 'granska'] } } },
      { id: 'f', type: 'flag-for-review', config: { reason: 'Look at {{event.text}}' } },
    ], edges: [{ id: 'e1', source: 't', target: 'c' }, { id: 'e2', source: 'c', target: 'f', sourceHandle: 'true' }] };
    await t.services.store.saveDraft('demo', flagger.id, flagger, 'user:a');
    await t.services.store.publish('demo', flagger.id, 'user:b');
  });
  afterAll(() => t.close());

  it('in registry order, in the batch path and the one-at-a-time path', async () => {
    const calls: string[] = [];
    const spy = <V>(kind: string, real: EffectKind<V>): EffectKind<V> => ({ ...real, commit: async (ctx, items) => { calls.push(kind); await real.commit(ctx, items); } });
    const runner = new Runner(t.database.db, t.services.store, { effects: { 'post-voucher': spy('post-voucher', effectKinds['post-voucher']), flag: spy('flag', effectKinds.flag) } });
    const enqueue = (id: string, text: string) => t.database.db.transaction(async (tx) => runner.enqueue(tx, 'demo', {
      triggerType: 'bank-line-imported', eventKey: `bank-line:${id}`, sourceRef: `bank-line:${id}`, payload: line(id, text),
      versions: await runner.versionsInForce(tx, 'demo', 'bank-line-imported'),
    }));

    // a batch: one line booked, one flagged (and booked too: a flagged run keeps its vouchers), in one transaction
    await enqueue('EFF-FEE', 'AVGIFT BANKGIRO');
    await enqueue('EFF-FLAG', 'GRANSKA');
    const batch = await runner.claimBatch(10);
    const outcomes = await runner.processBatch(batch!);
    expect(calls).toEqual(['post-voucher', 'flag']);
    const runs = [...outcomes.values()].flatMap((o) => o.runs);
    expect(runs.find((r) => r.sourceRef === 'bank-line:EFF-FEE' && r.status === 'posted')!.voucherIds).toHaveLength(1);
    expect([...outcomes.values()].some((o) => o.exceptionId !== null)).toBe(true);

    // one event, one run at a time (as "Run now" and retries do)
    calls.length = 0;
    const outcome = await runner.processNow(await enqueue('EFF-ONE', 'GRANSKA HÄR'));
    expect(outcome!.runs.map((r) => r.status)).toContain('flagged');
    expect(calls).toEqual(['flag']);
  });
});
