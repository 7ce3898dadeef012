/**
 * The bulk path (issue 11): a claimed batch is committed in ONE transaction,
 * and when something in it is refused, each event in a savepoint of its own
 * — only the refused event rolls back and takes the careful path (one run
 * per transaction). Automations skipped on a line another run booked are
 * recorded on that run, and still listed as runs.
 */
import { and, eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { events, exceptions, runs, vouchers } from '../db/schema.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { publishFeesFirst } from '../testing/fees-first.ts';
import { effectKinds, EffectRefusal, type EffectKind } from '../kernel/effects.ts';
import type { VoucherDraft } from '../ledger/types.ts';
import { Runner } from './runner.ts';

let t: TestApp;
const year = new Date().getUTCFullYear();
const feeLine = (id: string) => ({ id, bookingDate: `${year}-11-30`, amountMinor: -2500, currency: 'SEK', text: 'AVGIFT', reference: null, counterparty: null, bankAccount: '1930' });

beforeEach(async () => { t = await createTestApp(); });
afterEach(() => t.close());

/** A runner whose post-voucher effect fails for the lines named (a refusal, or another error), and counts write transactions. */
function runnerFailing(failFor: Record<string, 'refuse' | 'break'>) {
  const counts = { transactions: 0, postVoucherCommits: 0 };
  const real = effectKinds['post-voucher'];
  const failing: EffectKind<VoucherDraft> = {
    ...real,
    async commit(ctx, items) {
      counts.postVoucherCommits++;
      for (const { run } of items) {
        const line = run.sourceRef?.slice('bank-line:'.length) ?? '';
        if (failFor[line] === 'refuse') throw new EffectRefusal('period_locked', `Line ${line}: the period was locked meanwhile`);
        if (failFor[line] === 'break') throw new Error(`Line ${line}: the disk hiccuped`);
      }
      await real.commit(ctx, items);
    },
  };
  const runner = new Runner(t.database.db, t.services.store, { effects: { ...effectKinds, 'post-voucher': failing } });
  const transaction = runner.db.transaction.bind(runner.db);
  (runner.db as { transaction: unknown }).transaction = (...args: Parameters<typeof transaction>) => { counts.transactions++; return transaction(...args); };
  return { runner, counts, restore: () => { (runner.db as { transaction: unknown }).transaction = transaction; } };
}

async function enqueue(runner: Runner, ids: string[]): Promise<string[]> {
  const versions = await runner.versionsInForce(t.database.db, 'demo', 'bank-line-imported');
  return t.database.db.transaction(async (tx) => runner.enqueueMany(tx, 'demo', ids.map((id) => ({
    triggerType: 'bank-line-imported', eventKey: `bank-line:${id}`, sourceRef: `bank-line:${id}`, payload: feeLine(id), versions,
  }))));
}

const vouchersOf = async (id: string) => t.database.db.select().from(vouchers).where(and(eq(vouchers.companyId, 'demo'), eq(vouchers.sourceRef, `bank-line:${id}`)));

describe('a batch commits once', () => {
  it('all its events, with one write transaction', async () => {
    const { runner, counts, restore } = runnerFailing({});
    await enqueue(runner, ['ONE-1', 'ONE-2', 'ONE-3', 'ONE-4']);
    counts.transactions = 0;
    const outcomes = await runner.processBatch((await runner.claimBatch(10))!);
    restore();
    expect(outcomes.size).toBe(4);
    expect(counts.transactions).toBe(1);
    for (const id of ['ONE-1', 'ONE-2', 'ONE-3', 'ONE-4']) expect(await vouchersOf(id)).toHaveLength(1);
  });
});

describe('drain claims ahead', () => {
  it('two batches in one claim: half as many claim transactions, each batch still committed on its own under the lease', async () => {
    const { runner, counts, restore } = runnerFailing({});
    const ids = Array.from({ length: 10 }, (_, i) => `AHEAD-${i}`);
    await enqueue(runner, ids);
    const claims: number[] = [];
    const claim = runner.claimBatch.bind(runner);
    runner.claimBatch = async (size, only) => { claims.push(size); return claim(size, only); };
    counts.transactions = 0;
    expect(await runner.drain(100, 3)).toBe(10);
    restore();
    // 10 events in batches of 3, two batches a claim: six claimed, then the last four, then nothing is due
    expect(claims).toEqual([6, 6, 6]);
    expect(counts.transactions).toBe(4); // one commit a batch: 3 + 3 + 3 + 1
    for (const id of ids) expect(await vouchersOf(id)).toHaveLength(1);
    const done = await t.database.db.select({ status: events.status }).from(events);
    expect(done.every((e) => e.status === 'done')).toBe(true);
  });

  it('gives back a batch claimed ahead that its drain did not get to: pending again at once, its attempt not counted', async () => {
    const { runner, restore } = runnerFailing({});
    await enqueue(runner, Array.from({ length: 6 }, (_, i) => `BACK-${i}`));
    runner.processBatch = async () => { throw new Error('the database went away'); };
    await expect(runner.drain(100, 3)).rejects.toThrow(/went away/);
    restore();
    const rows = await t.database.db.select({ status: events.status, attempts: events.attempts, leaseOwner: events.leaseOwner }).from(events);
    // the batch that failed keeps its claim (and its attempt) until its lease runs out; the one behind it was never started
    expect(rows.filter((r) => r.status === 'processing').map((r) => r.attempts)).toEqual([1, 1, 1]);
    expect(rows.filter((r) => r.status === 'pending')).toEqual([{ status: 'pending', attempts: 0, leaseOwner: null }, { status: 'pending', attempts: 0, leaseOwner: null }, { status: 'pending', attempts: 0, leaseOwner: null }]);
  });

  it('claims a waiting batch again when the one before it took half its lease', async () => {
    const { runner, restore } = runnerFailing({});
    const ids = Array.from({ length: 6 }, (_, i) => `SLOW-${i}`);
    await enqueue(runner, ids);
    // the first batch commits at once (well inside its lease, however loaded the machine), then holds the drain past
    // half the lease: the batch claimed with it has waited too long
    runner.leaseMs = 400;
    const process = runner.processBatch.bind(runner);
    const owners: string[] = [];
    runner.processBatch = async (batch) => {
      owners.push(batch.owner);
      const outcomes = await process(batch);
      if (owners.length === 1) await new Promise((r) => setTimeout(r, 250));
      return outcomes;
    };
    const claims: number[] = [];
    const claim = runner.claimBatch.bind(runner);
    runner.claimBatch = async (size, only) => { claims.push(size); return claim(size, only); };
    expect(await runner.drain(100, 3)).toBe(6);
    restore();
    expect(claims).toEqual([6, 6, 6]); // the second batch given back after the slow first, and claimed again (alone: three were left)
    expect(new Set(owners).size).toBe(2);
    for (const id of ids) expect(await vouchersOf(id)).toHaveLength(1);
    const rows = await t.database.db.select({ status: events.status, attempts: events.attempts }).from(events);
    expect(rows.every((r) => r.status === 'done' && r.attempts === 1)).toBe(true);
  });

  it('claims no more than it may drain', async () => {
    const { runner, restore } = runnerFailing({});
    await enqueue(runner, Array.from({ length: 10 }, (_, i) => `MAX-${i}`));
    const claims: number[] = [];
    const claim = runner.claimBatch.bind(runner);
    runner.claimBatch = async (size, only) => { claims.push(size); return claim(size, only); };
    expect(await runner.drain(5, 3)).toBe(5);
    restore();
    expect(claims).toEqual([5]);
    const statuses = (await t.database.db.select({ status: events.status }).from(events)).map((e) => e.status);
    expect(statuses.filter((s) => s === 'done')).toHaveLength(5);
    expect(statuses.filter((s) => s === 'pending')).toHaveLength(5);
  });
});

describe('a failure in the middle of a batch', () => {
  it('a refusal rolls back only that event: the others commit together, the refused one is recorded failed, once', async () => {
    const { runner, counts, restore } = runnerFailing({ 'MID-2': 'refuse', SOLO: 'refuse' });
    // what one refused event costs on the careful path (one run per transaction)
    const [solo] = await enqueue(runner, ['SOLO']);
    counts.transactions = 0;
    await runner.processNow(solo);
    const carefulTransactions = counts.transactions;
    const [, refusedEvent] = await enqueue(runner, ['MID-1', 'MID-2', 'MID-3']);
    counts.transactions = 0;
    const outcomes = await runner.processBatch((await runner.claimBatch(10))!);
    restore();
    // one transaction for the batch (MID-1 and MID-3 commit in it, MID-2's savepoint rolled back), then MID-2's careful path
    expect(counts.transactions).toBe(1 + carefulTransactions);
    expect(await vouchersOf('MID-1')).toHaveLength(1);
    expect(await vouchersOf('MID-3')).toHaveLength(1);
    expect(await vouchersOf('MID-2')).toHaveLength(0);
    // the batch (the savepoint path inside it) is one transaction; the refused event's careful path adds its own
    const refusedRuns = outcomes.get(refusedEvent)!.runs;
    expect(refusedRuns.find((r) => r.automationId === 'bank-fees')).toMatchObject({ status: 'failed', reason: expect.stringMatching(/MID-2: the period was locked meanwhile/) });
    const rows = await t.database.db.select().from(runs).where(eq(runs.sourceRef, 'bank-line:MID-2'));
    expect(new Set(rows.map((r) => r.automationId)).size).toBe(rows.length); // no automation ran twice on it
    const [inbox] = await t.database.db.select().from(exceptions).where(eq(exceptions.sourceRef, 'bank-line:MID-2'));
    expect(inbox.reason).toMatch(/period was locked meanwhile/);
    const done = await t.database.db.select({ status: events.status }).from(events);
    expect(done.map((e) => e.status)).toEqual(['done', 'done', 'done', 'done']);
    // the others' runs: one row each (the automations after the booking one are recorded on it)
    for (const id of ['MID-1', 'MID-3']) {
      const mine = await t.database.db.select().from(runs).where(eq(runs.sourceRef, `bank-line:${id}`));
      expect(mine.filter((r) => r.status === 'posted')).toHaveLength(1);
    }
  });

  it('another error rolls back only that event, which is retried later; the rest is committed', async () => {
    const { runner, restore } = runnerFailing({ 'ERR-2': 'break' });
    const [, broken] = await enqueue(runner, ['ERR-1', 'ERR-2', 'ERR-3']);
    await runner.processBatch((await runner.claimBatch(10))!);
    restore();
    expect(await vouchersOf('ERR-1')).toHaveLength(1);
    expect(await vouchersOf('ERR-3')).toHaveLength(1);
    expect(await vouchersOf('ERR-2')).toHaveLength(0);
    const [row] = await t.database.db.select().from(events).where(eq(events.id, broken));
    expect(row).toMatchObject({ status: 'pending', lastError: expect.stringMatching(/disk hiccuped/) });
    // once it works again, it posts once
    const healthy = new Runner(t.database.db, t.services.store, { clock: { now: () => new Date(Date.now() + 60_000), newId: () => crypto.randomUUID() } });
    await healthy.drain();
    expect(await vouchersOf('ERR-2')).toHaveLength(1);
    expect(await vouchersOf('ERR-1')).toHaveLength(1);
  });

  it('an event claimed again after its batch committed runs nothing twice', async () => {
    const { runner, restore } = runnerFailing({});
    const ids = await enqueue(runner, ['AGAIN-1', 'AGAIN-2']);
    const batch = (await runner.claimBatch(10))!;
    await runner.processBatch(batch);
    restore();
    // the same batch delivered again (a worker that lost track): the events are done, the lease gone — nothing is written
    const again = await runner.processBatch(batch);
    expect(again.size).toBe(0);
    expect(await runner.claimBatch(10, ids)).toBeNull();
    for (const id of ['AGAIN-1', 'AGAIN-2']) expect(await vouchersOf(id)).toHaveLength(1);
  });
});

describe('automations skipped on a line another run booked', () => {
  // books fee lines before the demo's bank rules (priority 10): those after it are skipped
  beforeEach(async () => {
    await publishFeesFirst(t);
  });

  it('are recorded on the booking run and listed, with their reason, as runs', async () => {
    const { runner, restore } = runnerFailing({});
    const [eventId] = await enqueue(runner, ['SKIP-1']);
    const outcome = (await runner.processBatch((await runner.claimBatch(10))!)).get(eventId)!;
    restore();
    const rows = await t.database.db.select().from(runs).where(eq(runs.sourceRef, 'bank-line:SKIP-1'));
    const booking = outcome.runs.find((r) => r.status === 'posted')!;
    // only the runs that ran have rows; the ones after the booking run are on it
    expect(rows.map((r) => r.id)).toEqual(outcome.runs.filter((r) => !r.id.includes('~')).map((r) => r.id));
    const skipped = outcome.runs.slice(outcome.runs.indexOf(booking) + 1);
    expect(skipped.length).toBeGreaterThan(0);
    for (const run of skipped) {
      expect(run).toMatchObject({ status: 'no_match', reason: expect.stringMatching(new RegExp(`already booked by "${booking.automationId}"`)), id: `${booking.id}~${run.automationId}` });
    }
    // the line's runs, the run list by automation and by status, and a skipped run's detail show them as before
    const listed = await runner.runsFor('demo', 'bank-line:SKIP-1');
    expect(listed.map((r) => r.automationId).sort()).toEqual(outcome.runs.map((r) => r.automationId).sort());
    const byAutomation = await runner.listRuns('demo', { automationId: skipped[0].automationId });
    expect(byAutomation.map((r) => r.id)).toContain(skipped[0].id);
    expect(byAutomation.every((r) => r.automationId === skipped[0].automationId)).toBe(true);
    const noMatch = await runner.listRuns('demo', { status: 'no_match' });
    expect(noMatch.every((r) => r.status === 'no_match')).toBe(true);
    expect(noMatch.map((r) => r.id)).toEqual(expect.arrayContaining(skipped.map((r) => r.id)));
    const detail = await t.request(`/api/companies/demo/runs/${encodeURIComponent(skipped[0].id)}`);
    expect(detail.status).toBe(200);
    expect(await detail.json()).toMatchObject({ id: skipped[0].id, status: 'no_match', trace: [], event: { id: 'SKIP-1' } });
    expect((await t.request(`/api/companies/demo/runs/${encodeURIComponent(`${booking.id}~nobody`)}`)).status).toBe(404);
  });

  it('the careful path records them the same way, and an event run again after a crash finds them and adds nothing', async () => {
    let nowMs = Date.now();
    // the worker "stalls" right after the booking run committed: its lease expires before it marks the event done
    const logger = { info: (msg: string, fields?: Record<string, unknown>) => { if (msg === 'run finished' && fields?.status === 'posted') nowMs += 31_000; }, warn: () => {} };
    const runner = new Runner(t.database.db, t.services.store, { clock: { now: () => new Date(nowMs), newId: () => crypto.randomUUID() }, logger });
    const [eventId] = await enqueue(runner, ['SKIP-2']);
    expect(await runner.processNow(eventId)).toBeNull(); // lease lost before the event was marked done
    const rows = await t.database.db.select().from(runs).where(eq(runs.sourceRef, 'bank-line:SKIP-2'));
    const booking = rows.find((r) => r.status === 'posted')!;
    expect(JSON.parse(booking.skipped!).length).toBeGreaterThan(0);

    const again = (await runner.processNow(eventId))!; // claimed again (the lease expired): the runs are found, none run twice
    expect(again.runs.find((r) => r.status === 'posted')!.id).toBe(booking.id);
    expect(again.runs.filter((r) => r.id.startsWith(`${booking.id}~`)).map((r) => r.automationId))
      .toEqual(JSON.parse(booking.skipped!).map((k: { automationId: string }) => k.automationId));
    const after = await t.database.db.select().from(runs).where(eq(runs.sourceRef, 'bank-line:SKIP-2'));
    expect(after.map((r) => r.id).sort()).toEqual(rows.map((r) => r.id).sort());
    expect(await vouchersOf('SKIP-2')).toHaveLength(1);
    const [event] = await t.database.db.select().from(events).where(eq(events.id, eventId));
    expect(event.status).toBe('done');
  });
});
