/**
 * The outbox mechanics with an injected clock: leases and fencing, retries
 * with backoff, failure into the exceptions inbox.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { events, exceptions, vouchers } from '../db/schema.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { publishFeesFirst } from '../testing/fees-first.ts';
import { Runner, type ClaimedEvent } from './runner.ts';

let t: TestApp;
let nowMs: number;
let runner: Runner;
const year = new Date().getUTCFullYear();
const feeLine = (id: string) => ({ id, bookingDate: `${year}-11-30`, amountMinor: -2500, currency: 'SEK', text: 'AVGIFT', reference: null, counterparty: null, bankAccount: '1930' });

beforeEach(async () => {
  t = await createTestApp();
  nowMs = Date.parse(`${year}-11-30T12:00:00Z`);
  runner = new Runner(t.database.db, t.services.store, { clock: { now: () => new Date(nowMs), newId: () => crypto.randomUUID() } });
  runner.leaseMs = 30_000;
});
afterEach(() => t.close());

async function enqueueFee(id: string): Promise<string> {
  return t.database.db.transaction(async (tx) => runner.enqueue(tx, 'demo', {
    triggerType: 'bank-line-imported', eventKey: `bank-line:${id}`, sourceRef: `bank-line:${id}`, payload: feeLine(id),
    versions: await runner.versionsInForce(tx, 'demo', 'bank-line-imported'),
  }));
}

describe('leases and fencing', () => {
  it('a worker whose lease expired commits nothing; the new owner posts once', async () => {
    const eventId = await enqueueFee('FENCE-1');
    const slow = (await runner.claim(eventId)) as ClaimedEvent;
    expect(slow).not.toBeNull();
    expect(await runner.claim(eventId)).toBeNull(); // held
    nowMs += 31_000; // the lease expires while the first worker is still busy
    const fast = (await runner.claim(eventId)) as ClaimedEvent;
    expect(fast.owner).not.toBe(slow.owner);
    expect(await runner.process(slow)).toBeNull(); // fenced: lease lost
    expect(await t.database.db.select().from(vouchers).where(eq(vouchers.sourceRef, 'bank-line:FENCE-1'))).toHaveLength(0);
    const outcome = await runner.process(fast);
    expect(outcome?.runs.find((r) => r.automationId === 'bank-fees')?.status).toBe('posted');
    expect(await t.database.db.select().from(vouchers).where(eq(vouchers.sourceRef, 'bank-line:FENCE-1'))).toHaveLength(1);
    const [row] = await t.database.db.select().from(events).where(eq(events.id, eventId));
    expect(row.status).toBe('done');
  });
});

describe('retries', () => {
  it('retries a transient failure with growing backoff, then succeeds', async () => {
    const eventId = await enqueueFee('RETRY-1');
    const original = t.services.store.version.bind(t.services.store);
    let broken = true;
    t.services.store.version = async (...args) => {
      if (broken) throw new Error('database hiccup');
      return original(...args);
    };
    expect(await runner.drain()).toBe(1);
    let [row] = await t.database.db.select().from(events).where(eq(events.id, eventId));
    expect(row).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringMatching(/hiccup/) });
    const firstDelay = Date.parse(row.availableAt) - nowMs;
    expect(firstDelay).toBeGreaterThanOrEqual(500);
    expect(firstDelay).toBeLessThanOrEqual(1000);
    expect(await runner.drain()).toBe(0); // not yet due
    nowMs += 1000;
    await runner.drain();
    [row] = await t.database.db.select().from(events).where(eq(events.id, eventId));
    expect(row.attempts).toBe(2);
    const secondDelay = Date.parse(row.availableAt) - nowMs;
    expect(secondDelay).toBeGreaterThanOrEqual(1000);
    expect(secondDelay).toBeLessThanOrEqual(2000);
    nowMs += 2000;
    broken = false;
    await runner.drain();
    [row] = await t.database.db.select().from(events).where(eq(events.id, eventId));
    expect(row.status).toBe('done');
    expect(await t.database.db.select().from(vouchers).where(eq(vouchers.sourceRef, 'bank-line:RETRY-1'))).toHaveLength(1);
  });

  it('fails for good after the last attempt, into the exceptions inbox', async () => {
    const eventId = await enqueueFee('RETRY-2');
    t.services.store.version = async () => { throw new Error('still broken'); };
    for (let attempt = 0; attempt < runner.attemptsMax; attempt++) {
      await runner.drain();
      nowMs += 60_000;
    }
    const [row] = await t.database.db.select().from(events).where(eq(events.id, eventId));
    expect(row).toMatchObject({ status: 'failed', attempts: runner.attemptsMax });
    const [exception] = await t.database.db.select().from(exceptions).where(eq(exceptions.sourceRef, 'bank-line:RETRY-2'));
    expect(exception.reason).toMatch(/failed 5 times; last error: still broken/);
  });
});

describe('a bank line is booked once', () => {
  it('runs automations in priority order; after one posts, the others record why they did not run', async () => {
    await publishFeesFirst(t);
    const response = await (await t.post('/api/companies/demo/bank-lines', feeLine('ONCE-1'))).json();
    const runs = response.results[0].runs as { automationId: string; status: string; reason: string | null }[];
    // the demo's other bank rules (rules-examples/) run after it and book nothing
    expect(runs[0]).toMatchObject({ automationId: 'all-fees-first', status: 'posted' });
    expect(runs.slice(1).map((r) => r.status)).toEqual(runs.slice(1).map(() => 'no_match'));
    expect(runs.find((r) => r.automationId === 'bank-fees')!.reason).toMatch(/already booked by "all-fees-first"/);
    const booked = await t.database.db.select().from(vouchers).where(eq(vouchers.sourceRef, 'bank-line:ONCE-1'));
    expect(booked).toHaveLength(1);
  });
});

describe('working the exceptions inbox', () => {
  it('resolves with a note (audited), retries a line once a rule exists, and refuses a line already booked', async () => {
    const unhandled = { id: 'INBOX-1', bookingDate: `${year}-11-30`, amountMinor: -9900, currency: 'SEK', text: 'MASTERCARD KORTKÖP', reference: null, counterparty: null };
    const refund = { ...unhandled, id: 'INBOX-2', amountMinor: 1234, text: 'ÅTERBETALNING FÖRSÄKRING' };
    const first = await (await t.post('/api/companies/demo/bank-lines', [refund])).json();
    const exceptionId = first.results[0].exceptionId as string;
    expect(exceptionId).toBeTruthy();

    // nothing books insurance refunds yet: a retry runs again and leaves it open
    const noLuck = await (await t.post(`/api/companies/demo/exceptions/${exceptionId}/retry`, {})).json();
    expect(noLuck.exception.status).toBe('open');
    const inbox = await (await t.request('/api/companies/demo/exceptions?status=open')).json();
    expect(inbox.filter((e: { sourceRef: string }) => e.sourceRef === 'bank-line:INBOX-2')).toHaveLength(1); // still one item

    // a rule for insurance refunds is published; the retry books the line and resolves the exception
    const rule = {
      id: 'insurance-refunds', name: 'Insurance refunds', nodes: [
        { id: 't', type: 'bank-line-imported', config: {} },
        { id: 'c', type: 'condition', config: { expression: { and: [{ '>': [{ var: 'event.amountMinor' }, 0] }, { icontains: [{ var: 'event.text' }, 'försäkring'] }] } } },
        { id: 'p', type: 'post-voucher', config: { series: 'E', text: 'Återbetald försäkring', date: { var: 'event.bookingDate' }, lines: [
          { account: '1930', side: 'debit', amount: { var: 'event.amountMinor' } }, { account: '6310', side: 'credit', amount: null },
        ] } },
      ], edges: [{ id: 'e1', source: 't', target: 'c' }, { id: 'e2', source: 'c', target: 'p', sourceHandle: 'true' }],
    };
    await t.services.store.saveDraft('demo', rule.id, rule, 'user:a');
    await t.services.store.publish('demo', rule.id, 'user:b');
    // two people press "Run again" at once: the line is still booked once
    const [retried, concurrent] = await Promise.all([
      t.post(`/api/companies/demo/exceptions/${exceptionId}/retry`, {}),
      t.post(`/api/companies/demo/exceptions/${exceptionId}/retry`, {}),
    ]);
    const answers = [await retried.json(), await concurrent.json()];
    // whichever came second found the line booked (409 before it started, or a run that says so)
    const body = answers.find((a) => a.exception?.status === 'resolved');
    expect(body).toBeDefined();
    expect(body.exception).toMatchObject({ status: 'resolved', resolution: expect.stringMatching(/Booked by a retry: insurance-refunds v1/) });
    expect(body.runs.find((r: { automationId: string }) => r.automationId === 'insurance-refunds').status).toBe('posted');
    const booked = await t.database.db.select().from(vouchers).where(eq(vouchers.sourceRef, 'bank-line:INBOX-2'));
    expect(booked).toHaveLength(1);
    expect((await t.post(`/api/companies/demo/exceptions/${exceptionId}/retry`, {})).status).toBe(409);

    // a card fee nobody books: a person books it by hand and resolves it with a note
    const second = await (await t.post('/api/companies/demo/bank-lines', [unhandled])).json();
    const cardException = second.results[0].exceptionId as string;
    expect((await t.post(`/api/companies/demo/exceptions/${cardException}/resolve`, { note: '' })).status).toBe(400);
    const resolved = await t.post(`/api/companies/demo/exceptions/${cardException}/resolve`, { note: 'Booked by hand as A 12' });
    expect(await resolved.json()).toMatchObject({ status: 'resolved', resolution: 'Booked by hand as A 12', resolvedBy: expect.stringMatching(/^token:/) });
    expect((await t.post(`/api/companies/demo/exceptions/${cardException}/resolve`, { note: 'again' })).status).toBe(409);
    const audit = await (await t.request('/api/companies/demo/audit?action=exception')).json();
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['exception.resolve', 'exception.resolve']);
  });
});

describe('an event that keeps killing its worker', () => {
  it('is not claimed again after the last attempt: it fails into the inbox', async () => {
    const eventId = await enqueueFee('POISON-1');
    for (let attempt = 0; attempt < runner.attemptsMax; attempt++) {
      expect(await runner.claim(eventId)).not.toBeNull(); // claimed, then the worker "dies" (never finishes)
      nowMs += 31_000; // its lease expires
    }
    expect(await runner.claim(eventId)).toBeNull();
    expect(await runner.drain()).toBe(0);
    const [row] = await t.database.db.select().from(events).where(eq(events.id, eventId));
    expect(row).toMatchObject({ status: 'failed', attempts: runner.attemptsMax });
    const [exception] = await t.database.db.select().from(exceptions).where(eq(exceptions.sourceRef, 'bank-line:POISON-1'));
    expect(exception.reason).toMatch(/stopped 5 times without finishing/);
  });
});
