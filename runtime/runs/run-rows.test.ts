/**
 * What a run row stores (issue 11, the bulk path writes less per line): the
 * event is not repeated in the run row when it is in the outbox under the
 * run's key, nor in its trigger's trace step, and the automations skipped on a line the run booked are
 * stored without the reason and trigger type the booking run already says.
 * The run detail, the run list and a skipped run read exactly as before —
 * also from rows stored the old way.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runs } from '../db/schema.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';

let t: TestApp;
const year = new Date().getUTCFullYear();
const feeLine = (id: string) => ({ id, bookingDate: `${year}-11-30`, amountMinor: -2500, currency: 'SEK', text: 'AVGIFT', reference: null, counterparty: null, bankAccount: '1930' });

beforeEach(async () => {
  t = await createTestApp();
  // books fee lines before every automation of the demo: those are skipped
  const first = {
    id: 'fees-first', name: 'Fees first', priority: 1, nodes: [
      { id: 't', type: 'bank-line-imported', config: {} },
      { id: 'p', type: 'post-voucher', config: { series: 'E', text: 'Avgift', date: { var: 'event.bookingDate' }, lines: [
        { account: '6570', side: 'debit', amount: { abs: { var: 'event.amountMinor' } } }, { account: '1930', side: 'credit', amount: null },
      ] } },
    ], edges: [{ id: 'e1', source: 't', target: 'p' }],
  };
  await t.services.store.saveDraft('demo', first.id, first, 'user:a');
  await t.services.store.publish('demo', first.id, 'user:b');
});
afterEach(() => t.close());

async function enqueue(ids: string[]): Promise<string[]> {
  const { runner } = t.services;
  const versions = await runner.versionsInForce(t.database.db, 'demo', 'bank-line-imported');
  return t.database.db.transaction(async (tx) => runner.enqueueMany(tx, 'demo', ids.map((id) => ({
    triggerType: 'bank-line-imported', eventKey: `bank-line:${id}`, sourceRef: `bank-line:${id}`, payload: feeLine(id), versions,
  }))));
}

const rowsOf = (id: string) => t.database.db.select().from(runs).where(eq(runs.sourceRef, `bank-line:${id}`));

describe('a run row', () => {
  it('on the bulk path and the careful path keeps neither the event nor what its skipped runs repeat, and reads as before', async () => {
    const { runner } = t.services;
    const [batched, careful] = await enqueue(['ROW-1', 'ROW-2']);
    const outcome = (await runner.processBatch((await runner.claimBatch(1, [batched]))!)).get(batched)!;
    const alone = (await runner.processNow(careful))!;
    for (const [id, ran] of [['ROW-1', outcome], ['ROW-2', alone]] as const) {
      const rows = await rowsOf(id);
      expect(rows).toHaveLength(1);
      const [row] = rows;
      expect(row).toMatchObject({ automationId: 'fees-first', status: 'posted', event: '' });
      const stored = JSON.parse(row.skipped!) as Record<string, unknown>[];
      expect(stored.length).toBeGreaterThan(0);
      for (const k of stored) expect(Object.keys(k).sort()).toEqual(['automationId', 'automationVersion']);
      // the detail: the event from the outbox, the trace; a skipped run: the reason and trigger type it always had
      // the trigger's step says its output is the event instead of repeating it
      const storedTrace = JSON.parse(row.trace) as Record<string, unknown>[];
      expect(storedTrace[0]).toMatchObject({ nodeType: 'bank-line-imported', outputIsEvent: true });
      expect(storedTrace[0]).not.toHaveProperty('output');
      const detail = await runner.getRun('demo', row.id);
      expect(detail.event).toEqual(feeLine(id));
      expect(detail.trace[0]).toEqual({ nodeId: 't', nodeType: 'bank-line-imported', branch: 'out', output: feeLine(id), durationMs: expect.any(Number) });
      expect(detail.trace[1]).toMatchObject({ nodeId: 'p', nodeType: 'post-voucher' });
      const skipped = ran.runs.filter((r) => r.id.startsWith(`${row.id}~`));
      expect(skipped.map((r) => r.automationId)).toEqual(stored.map((k) => k.automationId));
      for (const run of skipped) {
        expect(run).toMatchObject({ status: 'no_match', triggerType: 'bank-line-imported', reason: 'The bank line was already booked by "fees-first" (higher priority); it is booked once' });
        expect(await runner.getRun('demo', run.id)).toMatchObject({ ...run, event: feeLine(id), trace: [] });
      }
      expect(await runner.runsFor('demo', `bank-line:${id}`)).toEqual(ran.runs);
    }
  });

  it('stored the old way (the event, and each skipped run in full) reads the same', async () => {
    const { runner } = t.services;
    const startedAt = new Date().toISOString();
    await t.database.db.insert(runs).values({
      id: 'old-run', companyId: 'demo', automationId: 'fees-first', automationVersion: 1, triggerType: 'bank-line-imported', sourceRef: 'bank-line:OLD-1',
      eventKey: 'bank-line:OLD-1', status: 'posted', reason: null, event: JSON.stringify(feeLine('OLD-1')), trace: '[]', startedAt, durationMs: 1,
      skipped: JSON.stringify([{ automationId: 'bank-fees', automationVersion: 3, triggerType: 'bank-line-imported', reason: 'The bank line was already booked by "fees-first" (higher priority); it is booked once' }]),
    });
    expect(await runner.getRun('demo', 'old-run')).toMatchObject({ id: 'old-run', event: feeLine('OLD-1'), trace: [] });
    expect(await runner.getRun('demo', 'old-run~bank-fees')).toMatchObject({
      automationId: 'bank-fees', automationVersion: 3, status: 'no_match', event: feeLine('OLD-1'),
      reason: 'The bank line was already booked by "fees-first" (higher priority); it is booked once',
    });
    expect((await runner.listRuns('demo', { automationId: 'bank-fees' })).map((r) => r.id)).toContain('old-run~bank-fees');
  });
});
