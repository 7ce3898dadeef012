/**
 * A large bank-line import must not hold the thread: it is stored in chunks
 * with turns of the event loop between them (another tenant's request is
 * answered meanwhile), answered 202 once stored, and run by the worker —
 * every line stored, each booked once, duplicates counted. No timings are
 * asserted: the order in which things finish is.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BankLinesAccepted, BankLinesResponse } from '../../shared/api.ts';
import { createCompany } from '../seed/demo.ts';
import { createTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
let otherToken: string;
const year = new Date().getUTCFullYear();

beforeAll(async () => {
  t = await createTestApp();
  await createCompany(t.database.db, { id: 'other', name: 'Other AB', orgNumber: '556000-0002', year });
  otherToken = await t.tokenFor('other', ['read']);
});
afterAll(() => t.close());

const feeLines = (prefix: string, n: number, from = 0) => Array.from({ length: n }, (_, i) => ({
  id: `${prefix}-${from + i}`, bookingDate: `${year}-11-${String(1 + (i % 28)).padStart(2, '0')}`, amountMinor: -(100 + i), currency: 'SEK',
  text: 'AVGIFT BANKGIRO', reference: null, counterparty: null,
}));

async function scalar(sql: string, args: (string | number)[] = []): Promise<number> {
  const { rows } = await t.database.client.execute({ sql, args });
  return Number(rows[0][0]);
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('a large bank-line import', () => {
  it("yields while it stores: another tenant's request started meanwhile is answered before it", async () => {
    const total = 10_000; // accepted before and after the change: the difference is only in how the thread is held
    let postDone = false;
    const post = t.post('/api/companies/demo/bank-lines', feeLines('YIELD', total)).then((r) => { postDone = true; return r; });
    // Each turn of the event loop, look at what is committed so far; once some (not all) lines are, ask as the other tenant.
    let storedWhileInProgress = 0;
    let otherAnsweredFirst: boolean | null = null;
    let other: Promise<Response> | null = null;
    while (!postDone) {
      await turn();
      if (other || postDone) continue;
      const stored = await scalar("SELECT count(*) FROM bank_lines WHERE company_id = 'demo' AND id LIKE 'YIELD-%'");
      if (stored > 0 && !postDone) {
        storedWhileInProgress = stored;
        other = Promise.resolve(t.app.request('/api/companies/other/periods', { headers: { authorization: `Bearer ${otherToken}` } }))
          .then((r) => { otherAnsweredFirst ??= !postDone; return r; });
      }
    }
    const response = await post;
    // The mechanism first: part of the request was committed while it was still in progress, and the other tenant was served then.
    expect(storedWhileInProgress).toBeGreaterThan(0);
    expect(storedWhileInProgress).toBeLessThan(total);
    expect(other).not.toBeNull();
    expect((await other!).status).toBe(200);
    expect(otherAnsweredFirst).toBe(true);
    expect(response.status).toBe(202);
    await t.services.runner.drain(100_000);
  }, 120_000);

  it('stores all 20 000 lines, counts duplicates, answers 202 with where to follow; the worker books each line once', async () => {
    // 150 of them arrived before (and were booked then).
    const early = await t.post('/api/companies/demo/bank-lines', feeLines('BIG', 150, 19_850));
    expect(early.status).toBe(200);
    expect(((await early.json()) as BankLinesResponse).results.every((r) => r.runs.find((run) => run.automationId === 'bank-fees')?.status === 'posted')).toBe(true);

    const response = await t.post('/api/companies/demo/bank-lines', feeLines('BIG', 20_000));
    expect(response.status).toBe(202);
    const accepted = (await response.json()) as BankLinesAccepted;
    expect(accepted).toMatchObject({ received: 20_000, duplicates: 150, queued: 19_850, workQueue: '/api/companies/demo/work-queue' });
    expect(accepted.runs).toBe(`/api/companies/demo/runs?from=${encodeURIComponent(accepted.receivedAt)}`);
    // Stored before the answer: every line, and an event for each new one.
    expect(await scalar("SELECT count(*) FROM bank_lines WHERE company_id = 'demo' AND id LIKE 'BIG-%'")).toBe(20_000);
    expect(await scalar("SELECT count(*) FROM events WHERE company_id = 'demo' AND source_ref LIKE 'bank-line:BIG-%'")).toBe(20_000);
    const queue = await (await t.request(accepted.workQueue)).json();
    expect(queue.pending).toBe(19_850);

    await t.services.runner.drain(100_000);
    expect((await (await t.request(accepted.workQueue)).json())).toMatchObject({ pending: 0, processing: 0, failed: 0 });
    // Each line booked exactly once, by its own voucher.
    expect(await scalar("SELECT count(*) FROM vouchers WHERE company_id = 'demo' AND source_ref LIKE 'bank-line:BIG-%'")).toBe(20_000);
    expect(await scalar("SELECT count(DISTINCT source_ref) FROM vouchers WHERE company_id = 'demo' AND source_ref LIKE 'bank-line:BIG-%'")).toBe(20_000);
    expect(await scalar("SELECT count(*) FROM bank_lines WHERE company_id = 'demo' AND id LIKE 'BIG-%' AND status = 'handled'")).toBe(20_000);

    // The same file again: all duplicates, nothing queued, nothing posted.
    const again = await t.post('/api/companies/demo/bank-lines', feeLines('BIG', 20_000));
    expect(again.status).toBe(202);
    expect(await again.json()).toMatchObject({ received: 20_000, duplicates: 20_000, queued: 0 });
    await t.services.runner.drain(100_000);
    expect(await scalar("SELECT count(*) FROM vouchers WHERE company_id = 'demo' AND source_ref LIKE 'bank-line:BIG-%'")).toBe(20_000);
  }, 180_000);

  it('runs a request up to the inline limit before answering, with each line\'s runs; refuses more than 20 000 lines by name', async () => {
    const { bank } = t.services;
    const before = bank.bankLinesInlineMax;
    bank.bankLinesInlineMax = 3;
    try {
      const inline = await t.post('/api/companies/demo/bank-lines', feeLines('SMALL', 3));
      expect(inline.status).toBe(200);
      expect(((await inline.json()) as BankLinesResponse).results.map((r) => r.runs.find((run) => run.automationId === 'bank-fees')?.status)).toEqual(['posted', 'posted', 'posted']);
      const queued = await t.post('/api/companies/demo/bank-lines', feeLines('SMALL', 4, 3));
      expect(queued.status).toBe(202);
      expect(await queued.json()).toMatchObject({ received: 4, duplicates: 0, queued: 4 });
    } finally {
      bank.bankLinesInlineMax = before;
    }
    const tooMany = await t.post('/api/companies/demo/bank-lines', feeLines('MANY', 20_001));
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).message).toMatch(/20000/);
  }, 60_000);
});
