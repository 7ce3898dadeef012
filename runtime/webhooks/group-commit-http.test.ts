/**
 * Group commit of deliveries, through the HTTP app: concurrent deliveries
 * share transactions, replays inside and across batches run nothing, a bad
 * item fails alone, nothing is acknowledged before its commit, and the
 * worker turns what was acknowledged into bank lines and events (intake).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Voucher } from '../../shared/api.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { moveAgain } from '../runs/intake.ts';
import { signedHeaders } from './signature.ts';

let t: TestApp;
let endpoint: { id: string; secret: string };
const year = new Date().getUTCFullYear();

function sendTo(target: { id: string; secret: string }, id: string, body: string) {
  return Promise.resolve(t.app.request(`/hooks/${target.id}`, { method: 'POST', body, headers: signedHeaders(target.secret, id, body) }));
}
const deliver = (id: string, body: string) => sendTo(endpoint, id, body);
const line = (id: string) => JSON.stringify({ id, bookingDate: `${year}-11-30`, amountMinor: -2500, currency: 'SEK', text: 'AVGIFT BANKGIRO', reference: null, counterparty: null });
const answers = (responses: Response[]) => Promise.all(responses.map(async (r) => ({ status: r.status, body: await r.json() })));
const count = async (sql: string, args: string[] = []) => Number((await t.database.client.execute({ sql, args })).rows[0].n);

beforeAll(async () => {
  t = await createTestApp();
  endpoint = await (await t.post('/api/companies/demo/webhook-endpoints', { trigger: 'bank-line-imported' })).json();
});
afterEach(() => { vi.restoreAllMocks(); });
afterAll(() => t.close());

describe('group commit of deliveries', () => {
  it('stores 200 concurrent deliveries with duplicates inside and across batches: one voucher per distinct delivery', async () => {
    const batchesBefore = t.services.webhooks.batcher.batchSizes.length;
    // Wave 1: 100 distinct deliveries, 20 of them sent twice at once.
    const wave1 = Array.from({ length: 100 }, (_, i) => ({ id: `gc_${i}`, body: line(`GC-${i}`) }));
    const first = await answers(await Promise.all([...wave1, ...wave1.slice(0, 20)].map((d) => deliver(d.id, d.body))));
    expect(first.every((a) => a.status === 202)).toBe(true);
    for (const [i, d] of wave1.entries()) expect(first[i].body).toEqual({ accepted: true, webhookId: d.id });
    expect(first.slice(100)).toEqual(first.slice(0, 20)); // the same response, once stored

    // Wave 2, 200 at once: 60 replays of wave 1, 100 new, 30 of the new twice, 10 new ids carrying lines stored before.
    const fresh = Array.from({ length: 100 }, (_, i) => ({ id: `gc_${100 + i}`, body: line(`GC-${100 + i}`) }));
    const sameLines = Array.from({ length: 10 }, (_, i) => ({ id: `gc_again_${i}`, body: line(`GC-${i}`) }));
    const wave2 = [...wave1.slice(0, 60), ...fresh, ...fresh.slice(0, 30), ...sameLines];
    expect(wave2).toHaveLength(200);
    const second = await answers(await Promise.all(wave2.map((d) => deliver(d.id, d.body))));
    expect(second.every((a) => a.status === 202)).toBe(true);
    expect(second.slice(0, 60)).toEqual(first.slice(0, 60));
    for (const [i, d] of fresh.entries()) expect(second[60 + i].body).toEqual({ accepted: true, webhookId: d.id });
    expect(second.slice(160, 190)).toEqual(second.slice(60, 90));
    for (const [i, d] of sameLines.entries()) expect(second[190 + i].body).toEqual({ accepted: true, webhookId: d.id });
    // A replay answers the first response even with a body that is no longer valid.
    const replay = await deliver('gc_5', 'not json');
    expect(replay.status).toBe(202);
    expect(await replay.json()).toEqual(first[5].body);

    const sizes = t.services.webhooks.batcher.batchSizes.slice(batchesBefore);
    expect(Math.max(...sizes)).toBeGreaterThan(1); // they did share transactions
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(320);
    expect(await count("SELECT count(*) AS n FROM webhook_deliveries WHERE webhook_id LIKE 'gc\\_%' ESCAPE '\\'")).toBe(210);
    expect(await count("SELECT count(*) AS n FROM webhook_deliveries WHERE response = '{}'")).toBe(0);
    // Acknowledged means stored in the intake; the worker makes them bank lines and events.
    expect(await count("SELECT count(*) AS n FROM webhook_deliveries WHERE webhook_id LIKE 'gc\\_%' ESCAPE '\\' AND moved_at IS NULL")).toBe(210);
    expect(await count("SELECT count(*) AS n FROM events WHERE source_ref LIKE 'bank-line:GC-%'")).toBe(0);

    expect(await t.services.runner.drain()).toBe(200);
    expect(await count("SELECT count(*) AS n FROM webhook_deliveries WHERE moved_at IS NULL")).toBe(0);
    expect(await count("SELECT count(*) AS n FROM events WHERE source_ref LIKE 'bank-line:GC-%'")).toBe(200);
    // A delivery whose line was stored before became no event.
    expect(await count("SELECT count(*) AS n FROM webhook_deliveries WHERE webhook_id LIKE 'gc\\_again\\_%' ESCAPE '\\' AND event_id IS NULL")).toBe(10);
    const vouchers = (await (await t.request('/api/companies/demo/vouchers?limit=1000')).json()) as Voucher[];
    const mine = vouchers.filter((v) => v.sourceRef?.startsWith('bank-line:GC-'));
    expect(mine).toHaveLength(200);
    expect(new Set(mine.map((v) => v.sourceRef)).size).toBe(200);
  });

  it('stores the others of a batch when one item violates a database constraint', async () => {
    await t.database.client.execute("CREATE TRIGGER poison BEFORE INSERT ON webhook_deliveries WHEN NEW.webhook_id = 'px_17' BEGIN SELECT RAISE(ABORT, 'poisoned delivery'); END");
    const batchesBefore = t.services.webhooks.batcher.batchSizes.length;
    try {
      const deliveries = Array.from({ length: 30 }, (_, i) => ({ id: `px_${i}`, body: line(`PX-${i}`) }));
      const results = await answers(await Promise.all(deliveries.map((d) => deliver(d.id, d.body))));
      expect(results.map((r) => r.status)).toEqual(deliveries.map((_, i) => (i === 17 ? 500 : 202)));
      expect(results[17].body.error).toBe('internal_error');
      expect(Math.max(...t.services.webhooks.batcher.batchSizes.slice(batchesBefore))).toBeGreaterThan(1); // it was in a shared batch
      expect(await count("SELECT count(*) AS n FROM webhook_deliveries WHERE webhook_id LIKE 'px\\_%' ESCAPE '\\'")).toBe(29);
      expect(await count("SELECT count(*) AS n FROM webhook_deliveries WHERE webhook_id = 'px_17'")).toBe(0);
    } finally {
      await t.database.client.execute('DROP TRIGGER poison');
    }
    // Nothing of the refused delivery was stored, so the sender's retry is a first delivery.
    const retry = await deliver('px_17', line('PX-17'));
    expect(retry.status).toBe(202);
    expect(await retry.json()).toEqual({ accepted: true, webhookId: 'px_17' });
    expect(await t.services.runner.drain()).toBe(30);
  });

  it('moves the others when one acknowledged delivery cannot become a bank line: that one goes to the exceptions inbox', async () => {
    await t.database.client.execute("CREATE TRIGGER poison_line BEFORE INSERT ON bank_lines WHEN NEW.id = 'POISON' BEGIN SELECT RAISE(ABORT, 'poisoned line'); END");
    try {
      const deliveries = Array.from({ length: 12 }, (_, i) => ({ id: `pl_${i}`, body: line(i === 7 ? 'POISON' : `PL-${i}`) }));
      const results = await answers(await Promise.all(deliveries.map((d) => deliver(d.id, d.body))));
      expect(results.every((r) => r.status === 202)).toBe(true); // checked and stored: accepted
      expect(await t.services.runner.drain()).toBe(11);
    } finally {
      await t.database.client.execute('DROP TRIGGER poison_line');
    }
    expect(await count("SELECT count(*) AS n FROM webhook_deliveries WHERE moved_at IS NULL")).toBe(0); // nothing is stuck behind it
    const inbox = await (await t.request('/api/companies/demo/exceptions')).json() as { id: string; sourceRef: string; reason: string }[];
    const refused = inbox.filter((e) => e.sourceRef === `webhook-delivery:${endpoint.id}:pl_7`);
    expect(refused).toHaveLength(1);
    expect(refused[0].reason).toMatch(/pl_7.*could not be stored: .*poisoned line/);
    expect(await count("SELECT count(*) AS n FROM bank_lines WHERE id LIKE 'PL-%'")).toBe(11);

    // The cause fixed (the trigger is gone), "run again" stores the delivery, runs it and resolves the exception.
    const retried = await t.post(`/api/companies/demo/exceptions/${refused[0].id}/retry`, {});
    expect(retried.status).toBe(200);
    const { exception, runs } = await retried.json();
    expect(exception.status).toBe('resolved');
    expect(exception.resolution).toMatch(/^Stored by a retry: 1 event, runs /);
    expect(runs.map((r: { status: string }) => r.status).filter((s: string) => s !== 'no_match')).toEqual(['posted']);
    const vouchers = (await (await t.request('/api/companies/demo/vouchers?limit=1000')).json()) as Voucher[];
    expect(vouchers.filter((v) => v.sourceRef === 'bank-line:POISON')).toHaveLength(1);
    // Once stored, it is not stored twice: the exception is resolved, and the delivery itself is no longer waiting.
    expect((await t.post(`/api/companies/demo/exceptions/${refused[0].id}/retry`, {})).status).toBe(409);
    await expect(moveAgain(t.database.db, t.services.runner, endpoint.id, 'pl_7')).rejects.toThrow(/is not waiting to be stored again/);
  });

  it('runs again the refused delivery of its own endpoint when another endpoint got the same webhook-id', async () => {
    // Standard Webhooks senders use one message id for every endpoint they deliver to.
    const other = await (await t.post('/api/companies/demo/webhook-endpoints', { trigger: 'bank-line-imported' })).json();
    expect((await sendTo(other, 'shared_1', line('SH-KNOWN'))).status).toBe(202);
    expect(await t.services.runner.drain()).toBe(1);
    expect((await sendTo(other, 'shared_0', line('SH-KNOWN'))).status).toBe(202); // a known line: moved, no event
    await t.database.client.execute("CREATE TRIGGER poison_shared BEFORE INSERT ON bank_lines WHEN NEW.id = 'SH-NEW' BEGIN SELECT RAISE(ABORT, 'not now'); END");
    try {
      expect((await sendTo(endpoint, 'shared_0', line('SH-NEW'))).status).toBe(202);
      expect(await t.services.runner.drain()).toBe(0);
    } finally {
      await t.database.client.execute('DROP TRIGGER poison_shared');
    }
    const inbox = await (await t.request('/api/companies/demo/exceptions')).json() as { id: string; sourceRef: string }[];
    const refused = inbox.find((e) => e.sourceRef === `webhook-delivery:${endpoint.id}:shared_0`)!;
    const retried = await t.post(`/api/companies/demo/exceptions/${refused.id}/retry`, {});
    expect(retried.status).toBe(200);
    expect((await retried.json()).runs.map((r: { status: string }) => r.status).filter((s: string) => s !== 'no_match')).toEqual(['posted']);
    expect(await count("SELECT count(*) AS n FROM vouchers WHERE source_ref = 'bank-line:SH-NEW'")).toBe(1);
  });

  it('marks a delivery stored by the version before the intake (no payload) as moved, without running it again', async () => {
    // During a rolling upgrade a process of the previous version stores its bank lines and events at once.
    await t.database.client.execute({
      sql: "INSERT INTO webhook_deliveries (endpoint_id, webhook_id, received_at, status, response) VALUES (?, 'old_1', ?, 202, '{}')",
      args: [endpoint.id, new Date().toISOString()],
    });
    expect(await t.services.runner.drain()).toBe(0);
    expect(await count("SELECT count(*) AS n FROM webhook_deliveries WHERE webhook_id = 'old_1' AND moved_at IS NOT NULL")).toBe(1);
    expect(await count("SELECT count(*) AS n FROM exceptions WHERE source_ref LIKE '%old_1%'")).toBe(0);
  });

  it('leaves deliveries waiting, and runs the events already stored, when moving them fails for a passing reason', async () => {
    const { runner } = t.services;
    expect((await deliver('busy_1', line('BUSY-1'))).status).toBe(202);
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    vi.spyOn(runner, 'enqueueMany').mockRejectedValueOnce(busy);
    expect(await runner.drain()).toBe(0);
    expect(await count("SELECT count(*) AS n FROM webhook_deliveries WHERE webhook_id = 'busy_1' AND moved_at IS NULL")).toBe(1); // still waiting
    expect(await count("SELECT count(*) AS n FROM exceptions WHERE source_ref LIKE 'webhook-delivery:%:busy_1'")).toBe(0); // not refused
    expect(await runner.drain()).toBe(1); // the next drain moves and runs it
  });

  it('acknowledges nothing before the commit: a failing transaction answers 500 and stores nothing', async () => {
    const { runner } = t.services;
    const real = runner.versionsInForce.bind(runner);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => { open = resolve; });
    // Inside the transaction: wait, then fail, so the transaction rolls back.
    vi.spyOn(runner, 'versionsInForce').mockImplementation(async (...args) => {
      await gate;
      await real(...args);
      throw new Error('injected failure inside the transaction');
    });
    const deliveries = Array.from({ length: 5 }, (_, i) => ({ id: `nf_${i}`, body: line(`NF-${i}`) }));
    let settled = 0;
    const pending = deliveries.map((d) => deliver(d.id, d.body).finally(() => { settled++; }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(0); // held inside the transaction: nobody is answered yet
    open();
    const results = await answers(await Promise.all(pending));
    expect(results.map((r) => r.status)).toEqual([500, 500, 500, 500, 500]);
    expect(await count("SELECT count(*) AS n FROM webhook_deliveries WHERE webhook_id LIKE 'nf\\_%' ESCAPE '\\'")).toBe(0);
    expect(await count("SELECT count(*) AS n FROM bank_lines WHERE id LIKE 'NF-%'")).toBe(0);
    expect(await count("SELECT count(*) AS n FROM events WHERE source_ref LIKE 'bank-line:NF-%'")).toBe(0);

    // Once the database takes it again, the same deliveries are first deliveries.
    vi.restoreAllMocks();
    const again = await answers(await Promise.all(deliveries.map((d) => deliver(d.id, d.body))));
    expect(again.map((r) => r.body)).toEqual(deliveries.map((d) => ({ accepted: true, webhookId: d.id })));
    expect(await t.services.runner.drain()).toBe(5);
  });

  it('answers a success only once the delivery is committed and readable', async () => {
    const { runner } = t.services;
    const real = runner.versionsInForce.bind(runner);
    let open!: () => void;
    const gate = new Promise<void>((resolve) => { open = resolve; });
    vi.spyOn(runner, 'versionsInForce').mockImplementation(async (...args) => {
      await gate;
      return real(...args);
    });
    let settled = false;
    const pending = deliver('ok_1', line('OK-1')).then(async (response) => {
      settled = true;
      // Read from outside the transaction, the moment the answer exists.
      const stored = await count("SELECT count(*) AS n FROM webhook_deliveries WHERE webhook_id = 'ok_1' AND response != '{}'");
      return { status: response.status, stored };
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(settled).toBe(false);
    open();
    expect(await pending).toEqual({ status: 202, stored: 1 });
    expect(await t.services.runner.drain()).toBe(1);
  });
});

describe('storeBatch', () => {
  it('treats a later item with the same webhook-id in one batch as a replay of the first', async () => {
    const receivedAt = new Date().toISOString();
    const item = (webhookId: string, lineId: string) => ({
      endpointId: endpoint.id, webhookId, companyId: 'demo', receivedAt, triggerType: 'bank-line-imported',
      payload: JSON.stringify([{ id: lineId, bookingDate: `${year}-11-30`, amountMinor: -2500, currency: 'SEK', text: 'AVGIFT BANKGIRO', reference: null, counterparty: null }]),
    });
    const results = await t.services.webhooks.storeBatch([item('sb_1', 'SB-1'), item('sb_2', 'SB-2'), item('sb_1', 'SB-OTHER'), item('sb_3', 'SB-2')]);
    expect(results.map((r) => [r.status, r.body, r.replay])).toEqual([
      [202, { accepted: true, webhookId: 'sb_1' }, false],
      [202, { accepted: true, webhookId: 'sb_2' }, false],
      [202, { accepted: true, webhookId: 'sb_1' }, true], // the first response; its other line is never stored
      [202, { accepted: true, webhookId: 'sb_3' }, false],
    ]);
    expect(await t.services.runner.drain()).toBe(2); // sb_3's line was stored earlier in the batch: it adds no event
    expect(await count("SELECT count(*) AS n FROM bank_lines WHERE id = 'SB-OTHER'")).toBe(0);
    expect(await count("SELECT count(*) AS n FROM webhook_deliveries WHERE webhook_id = 'sb_3' AND moved_at IS NOT NULL AND event_id IS NULL")).toBe(1);
  });
});

describe('endpoint cache', () => {
  it('accepts a secret rotated by another process at once, by checking the stored endpoint before refusing', async () => {
    const other = await (await t.post('/api/companies/demo/webhook-endpoints', { trigger: 'webhook-received' })).json();
    const send = (secret: string, id: string) => sendTo({ id: other.id, secret }, id, JSON.stringify({ n: id }));
    expect((await send(other.secret, 'ec_1')).status).toBe(202); // the endpoint is cached now
    const rotated = 'whsec_cm90YXRlZCBlbHNld2hlcmUgMDEyMzQ1Njc4OQ==';
    await t.database.client.execute({ sql: 'UPDATE webhook_endpoints SET secret = ? WHERE id = ?', args: [rotated, other.id] });
    expect((await send(rotated, 'ec_2')).status).toBe(202);
    expect((await send('whsec_bm90IHRoZSBzZWNyZXQgYXQgYWxs', 'ec_3')).status).toBe(401);
    expect(await t.services.runner.drain()).toBe(2);
  });
});
