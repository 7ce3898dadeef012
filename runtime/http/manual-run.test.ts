/**
 * "Run now" never books twice: on a stored bank line it keeps the line as
 * the source and follows the book-once rule; on a test event it is a dry run
 * unless the request confirms a real posting, and then the same event posts
 * once however often it is sent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BankLinesResponse, ExceptionItem, ManualRunResponse, Voucher } from '../../shared/api.ts';
import { createTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
const year = new Date().getUTCFullYear();
const feeLine = (id: string, bookingDate = `${year}-11-30`) => ({
  id, bookingDate, amountMinor: -2500, currency: 'SEK', text: 'AVGIFT BANKGIRO', reference: null, counterparty: null,
});
// what a person typed into Run now: the bank line's event, as the old request shape sent it
const asEvent = (line: ReturnType<typeof feeLine>) => ({ ...line, bankAccount: '1930' });

beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());

const run = async (automationId: string, body: unknown) => {
  const response = await t.post(`/api/companies/demo/automations/${automationId}/run`, body);
  return { status: response.status, body: (await response.json()) as ManualRunResponse & { error?: string; message?: string } };
};

async function vouchersFrom(prefix: string): Promise<Voucher[]> {
  const all = (await (await t.request('/api/companies/demo/vouchers?limit=1000')).json()) as Voucher[];
  return all.filter((v) => v.sourceRef?.startsWith(prefix));
}

async function count(table: 'runs' | 'events' | 'vouchers'): Promise<number> {
  const { rows } = await t.database.client.execute(`SELECT count(*) FROM ${table}`);
  return Number(rows[0][0]);
}

describe('Run now on a bank line already booked', () => {
  it('posts no second voucher, and the answer says who booked it (the reproduction)', async () => {
    const line = feeLine('MAN-BOOKED-1');
    const imported = (await (await t.post('/api/companies/demo/bank-lines', line)).json()) as BankLinesResponse;
    const feesRun = imported.results[0].runs.find((r) => r.automationId === 'bank-fees')!;
    const [booked] = feesRun.voucherIds;
    expect(booked).toBeDefined();

    // The old request shape (the line's event, no confirmation) no longer posts.
    const before = await count('vouchers');
    const old = await run('bank-fees', { event: asEvent(line) });
    expect(await vouchersFrom('manual:')).toHaveLength(0);
    expect(await count('vouchers')).toBe(before);
    expect(old.status).toBe(200);
    expect(old.body).toMatchObject({ dryRun: true, status: 'posted' });

    // On the stored line, confirmed: nothing new, and who booked it.
    const again = await run('bank-fees', { source: 'bank-line:MAN-BOOKED-1', post: true });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      dryRun: false, sourceRef: 'bank-line:MAN-BOOKED-1', runs: [], repeated: false,
      bookedBy: { voucherId: booked, automationId: 'bank-fees', runId: feesRun.id, series: 'E' },
    });
    expect(await vouchersFrom('bank-line:MAN-BOOKED-1')).toHaveLength(1);
    expect(await count('vouchers')).toBe(before);

    // A dry run on it shows what it would post, and that it is booked already.
    const dry = await run('bank-fees', { source: 'bank-line:MAN-BOOKED-1' });
    expect(dry.body).toMatchObject({ dryRun: true, sourceRef: 'bank-line:MAN-BOOKED-1', bookedBy: { voucherId: booked } });
    expect('vouchers' in dry.body && dry.body.vouchers).toHaveLength(1);
    expect(await count('vouchers')).toBe(before);
  });

  it('books a stored line nothing booked yet with the line as its source, once; its inbox item is resolved', async () => {
    // The period is locked when the line arrives: the automatic run fails into the inbox.
    expect((await t.post(`/api/companies/demo/periods/${year}-10/lock`, {})).status).toBe(200);
    const line = feeLine('MAN-LATE-1', `${year}-10-15`);
    const imported = (await (await t.post('/api/companies/demo/bank-lines', line)).json()) as BankLinesResponse;
    expect(imported.results[0].runs.find((r) => r.automationId === 'bank-fees')!.status).toBe('failed');
    expect((await t.post(`/api/companies/demo/periods/${year}-10/unlock`, { reason: 'late bank fee' })).status).toBe(200);

    const first = await run('bank-fees', { source: 'bank-line:MAN-LATE-1', post: true });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ dryRun: false, sourceRef: 'bank-line:MAN-LATE-1', bookedBy: null, repeated: false });
    const runs = 'runs' in first.body ? first.body.runs : [];
    expect(runs.map((r) => [r.automationId, r.status, r.sourceRef])).toEqual([['bank-fees', 'posted', 'bank-line:MAN-LATE-1']]);
    const vouchers = await vouchersFrom('bank-line:MAN-LATE-1');
    expect(vouchers).toHaveLength(1);
    expect(vouchers[0]).toMatchObject({ automationId: 'bank-fees', runId: runs[0].id, sourceRef: 'bank-line:MAN-LATE-1' });
    const inbox = (await (await t.request('/api/companies/demo/exceptions')).json()) as ExceptionItem[];
    expect(inbox.filter((e) => e.sourceRef === 'bank-line:MAN-LATE-1').map((e) => e.status)).toEqual(['resolved']);

    const second = await run('bank-fees', { source: 'bank-line:MAN-LATE-1', post: true });
    expect(second.body).toMatchObject({ dryRun: false, runs: [], bookedBy: { voucherId: vouchers[0].id, automationId: 'bank-fees' } });
    expect(await vouchersFrom('bank-line:MAN-LATE-1')).toHaveLength(1);
  });
});

describe('Run now on a test event', () => {
  const event = { id: 'TEST-EVENT-1', bookingDate: `${year}-11-30`, amountMinor: -1500, currency: 'SEK', text: 'Avgift utlandsbetalning', reference: null, counterparty: null, bankAccount: '1930' };

  it('is a dry run: twice, nothing is posted or recorded', async () => {
    const before = { vouchers: await count('vouchers'), runs: await count('runs'), events: await count('events') };
    for (let i = 0; i < 2; i++) {
      const answer = await run('bank-fees', { event });
      expect(await count('vouchers')).toBe(before.vouchers);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ dryRun: true, automationId: 'bank-fees', automationVersion: 1, status: 'posted', bookedBy: null });
      expect('vouchers' in answer.body && answer.body.vouchers).toHaveLength(1);
      expect('trace' in answer.body && answer.body.trace.map((s) => s.nodeId)).toEqual(['trigger', 'is-fee', 'post-fee']);
    }
    expect({ vouchers: await count('vouchers'), runs: await count('runs'), events: await count('events') }).toEqual(before);
  });

  it('posts when confirmed, once: the same event again (in any key order) finds the first posting', async () => {
    const first = await run('bank-fees', { event, post: true });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ dryRun: false, repeated: false, bookedBy: null });
    const sourceRef = 'sourceRef' in first.body ? first.body.sourceRef : '';
    expect(sourceRef).toMatch(/^manual:event:[0-9a-f]{64}$/);
    const [posted] = 'runs' in first.body ? first.body.runs : [];
    expect(posted).toMatchObject({ status: 'posted', sourceRef });
    expect(await vouchersFrom(sourceRef)).toHaveLength(1);

    const reordered = Object.fromEntries(Object.entries(event).reverse());
    const again = await run('bank-fees', { post: true, event: reordered });
    expect(again.body).toMatchObject({ dryRun: false, repeated: true, sourceRef, runs: [{ id: posted.id, status: 'posted' }] });
    expect(await vouchersFrom(sourceRef)).toHaveLength(1);
    expect(await vouchersFrom('manual:')).toHaveLength(1);

    // Who ran it for real is in the audit log.
    const audit = await (await t.request('/api/companies/demo/audit?action=automation.run')).json() as { action: string; actor: string; details: unknown }[];
    const mine = audit.filter((a) => a.action === 'automation.run' && JSON.stringify(a.details).includes(sourceRef));
    expect(mine).toHaveLength(1);
    expect(mine[0].actor).toMatch(/^token:/);
  });

  it('with an idempotency key, the key is the identity: a different event under the same key posts nothing new', async () => {
    const depreciation = { date: `${year}-11-15` };
    const first = await run('monthly-depreciation', { event: depreciation, post: true, idempotencyKey: `depreciation-${year}-11` });
    expect(first.body).toMatchObject({ dryRun: false, repeated: false, sourceRef: `manual:key:depreciation-${year}-11` });
    expect(await vouchersFrom(`manual:key:depreciation-${year}-11`)).toHaveLength(1);
    const second = await run('monthly-depreciation', { event: { date: `${year}-11-20` }, post: true, idempotencyKey: `depreciation-${year}-11` });
    expect(second.body).toMatchObject({ dryRun: false, repeated: true });
    expect(await vouchersFrom(`manual:key:depreciation-${year}-11`)).toHaveLength(1);
  });

  it('refuses, naming the field: neither or both of source and event, a bank line for another trigger, an unknown line', async () => {
    expect((await run('bank-fees', { post: true })).status).toBe(400);
    const both = await run('bank-fees', { source: 'bank-line:MAN-BOOKED-1', event: {} });
    expect(both.status).toBe(400);
    expect(both.body.message).toMatch(/source/);
    const wrongTrigger = await run('monthly-depreciation', { source: 'bank-line:MAN-BOOKED-1', post: true });
    expect(wrongTrigger.status).toBe(400);
    expect(wrongTrigger.body.message).toMatch(/not by a bank line/);
    expect((await run('bank-fees', { source: 'bank-line:NO-SUCH-LINE', post: true })).status).toBe(404);
    expect((await run('bank-fees', { source: 'invoice:1' })).status).toBe(400);
    expect((await run('nope', { event: {} })).status).toBe(404);
  });
});
