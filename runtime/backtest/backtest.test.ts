/**
 * Backtests on real libSQL: the demo company with its published automations,
 * bank lines that really ran through the worker, and drafts compared with
 * what the published versions did.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { AutomationDocument } from '../../shared/automation/schema.ts';
import { backtestEventsMax, type Backtest } from '../../shared/backtest.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { Backtests, documentHash } from './jobs.ts';

let t: TestApp;
const year = new Date().getUTCFullYear();
const today = new Date().toISOString().slice(0, 10);
const period = { from: `${year}-01-01`, to: today };
const bankFees = JSON.parse(readFileSync(new URL('../../rules-examples/bank-fees.json', import.meta.url), 'utf8')) as AutomationDocument;

const line = (id: string, text: string, amountMinor: number) => ({
  id, bookingDate: `${year}-11-30`, amountMinor, currency: 'SEK', text, reference: null, counterparty: null, bankAccount: '1930',
});

/** Stores bank lines as events of the outbox and lets the worker run them (what the published versions do). */
async function arrive(lines: ReturnType<typeof line>[]): Promise<void> {
  const runner = t.services.runner;
  for (const l of lines) {
    await t.database.db.transaction(async (tx) => runner.enqueue(tx, 'demo', {
      triggerType: 'bank-line-imported', eventKey: `bank-line:${l.id}`, sourceRef: `bank-line:${l.id}`, payload: l,
      versions: await runner.versionsInForce(tx, 'demo', 'bank-line-imported'),
    }));
  }
  await runner.drain();
}

/** The bank-fees draft with a change made to the published document. */
function feesDraft(change: (document: AutomationDocument) => void): AutomationDocument {
  const document = structuredClone(bankFees);
  change(document);
  return document;
}
const postNode = (document: AutomationDocument) => document.nodes.find((n) => n.id === 'post-fee')!.config as { lines: { account: unknown }[] };
const conditionNode = (document: AutomationDocument) => document.nodes.find((n) => n.id === 'is-fee')!.config as { expression: unknown };

async function saveDraft(document: AutomationDocument) {
  const { status: _s, version: _v, ...rest } = document;
  await t.services.store.saveDraft('demo', document.id, rest, 'user:test');
}

function backtestsOf(options: ConstructorParameters<typeof Backtests>[3] = {}) {
  return new Backtests(t.database.db, t.services.store, t.services.runner.ports, options);
}

async function finished(backtests: Backtests, id: string): Promise<Backtest> {
  await backtests.settled(id);
  return backtests.get('demo', id);
}

const counts = async () => {
  const tables = ['vouchers', 'voucher_lines', 'runs', 'events', 'exceptions', 'invoices', 'bank_lines', 'audit_events', 'automation_versions'];
  const out: Record<string, number> = {};
  for (const table of tables) out[table] = Number((await t.database.db.all<{ n: number }>(sql.raw(`SELECT count(*) AS n FROM ${table}`)))[0].n);
  return out;
};

beforeEach(async () => {
  t = await createTestApp();
  await arrive([line('FEE-1', 'AVGIFT BANKGIRO', -2500), line('FEE-2', 'Monthly FEE', -4000), line('LUNCH-1', 'LUNCH RESTAURANG', -12000)]);
});
afterEach(() => t.close());

describe('backtest of a draft against what the published version did', () => {
  it('a draft booking the fee on another account: both fees "changed", the account table moves the amounts from 6570 to 6310', async () => {
    await saveDraft(feesDraft((d) => { postNode(d).lines[0].account = '6310'; }));
    const backtests = backtestsOf();
    const started = await backtests.start('demo', 'bank-fees', period, 'user:test');
    expect(started.status).toBe('queued');
    expect(started.progress.total).toBe(3);
    const done = await finished(backtests, started.id);
    expect(done.status).toBe('done');
    expect(done.progress).toEqual({ done: 3, total: 3 });
    const result = done.result!;
    expect(result.totals).toMatchObject({ eventsConsidered: 3, eventsChanged: 2, vouchersChanged: 2, vouchersAdded: 0, vouchersRemoved: 0 });
    expect(result.totals.before).toMatchObject({ posted: 2, noMatch: 1, vouchers: 2 });
    expect(result.totals.after).toMatchObject({ posted: 2, noMatch: 1, vouchers: 2 });
    expect(result.differences.map((d) => [d.sourceRef, d.change]).sort()).toEqual([['bank-line:FEE-1', 'changed'], ['bank-line:FEE-2', 'changed']]);
    const account = (n: string) => result.accounts.find((a) => a.account === n);
    expect(account('6570')).toMatchObject({ beforeDebitMinor: 6500, afterDebitMinor: 0 });
    expect(account('6310')).toMatchObject({ beforeDebitMinor: 0, afterDebitMinor: 6500 });
    expect(account('1930')).toMatchObject({ beforeCreditMinor: 6500, afterCreditMinor: 6500 });
    // Accounts with a change come first.
    expect(result.accounts.slice(0, 2).map((a) => a.account).sort()).toEqual(['6310', '6570']);
    const fee1 = result.differences.find((d) => d.sourceRef === 'bank-line:FEE-1')!;
    expect(fee1.before?.vouchers[0].lines).toContainEqual({ account: '6570', debitMinor: 2500, creditMinor: 0, currency: 'SEK', foreignCurrency: null, foreignAmountMinor: null, rate: null });
    expect(fee1.before?.vouchers[0].voucherId).toBeTruthy();
    expect(fee1.after.vouchers[0].lines).toContainEqual({ account: '6310', debitMinor: 2500, creditMinor: 0, currency: 'SEK', foreignCurrency: null, foreignAmountMinor: null, rate: null });
    expect(fee1.after.automationVersion).toBeNull(); // the draft
    expect(fee1.summary).toContain('AVGIFT BANKGIRO');
    expect(result.approximations.length).toBeGreaterThan(0);
  });

  it('a draft that narrows the condition: the line it no longer matches is "removed", its voucher with it', async () => {
    await saveDraft(feesDraft((d) => {
      conditionNode(d).expression = { and: [{ '<': [{ var: 'event.amountMinor' }, 0] }, { icontains: [{ var: 'event.text' }, 'avgift'] }] };
    }));
    const backtests = backtestsOf();
    const done = await finished(backtests, (await backtests.start('demo', 'bank-fees', period, 'user:test')).id);
    const result = done.result!;
    expect(result.totals).toMatchObject({ eventsChanged: 1, vouchersRemoved: 1, vouchersAdded: 0, vouchersChanged: 0 });
    expect(result.totals.after).toMatchObject({ posted: 1, noMatch: 2, unbooked: 2 });
    expect(result.totals.before).toMatchObject({ unbooked: 1 });
    const [difference] = result.differences;
    expect(difference).toMatchObject({ sourceRef: 'bank-line:FEE-2', change: 'removed', bookedBefore: 'bank-fees', bookedAfter: null });
    expect(difference.after.status).toBe('no_match');
    expect(difference.accounts).toContainEqual({ account: '6570', currency: 'SEK', beforeDebitMinor: 4000, beforeCreditMinor: 0, afterDebitMinor: 0, afterCreditMinor: 0 });
  });

  it('a published version can be backtested too: the version in force against itself changes nothing', async () => {
    const backtests = backtestsOf();
    const done = await finished(backtests, (await backtests.start('demo', 'bank-fees', { ...period, version: 1 }, 'user:test')).id);
    expect(done.version).toBe(1);
    expect(done.result!.totals).toMatchObject({ eventsConsidered: 3, eventsChanged: 0, vouchersAdded: 0, vouchersRemoved: 0, vouchersChanged: 0 });
    expect(done.result!.differences).toEqual([]);
  });

  it('a EUR fee booked by bank-fees v1, backtested against v1: nothing changed; the accounts show 1940 and 6570 once, in SEK', async () => {
    expect([200, 201]).toContain((await t.post('/api/companies/demo/bank-accounts', { id: 'eur', name: 'Valutakonto EUR', ledgerAccount: '1940', currency: 'EUR' })).status);
    expect((await t.post('/api/companies/demo/exchange-rates', { rates: [{ currency: 'EUR', date: `${year}-11-30`, rate: '11.50' }] })).status).toBe(200);
    const posted = await t.post('/api/companies/demo/bank-lines', { ...line('EUR-FEE-1', 'AVGIFT UTLANDSBETALNING', -1_000), currency: 'EUR', bankAccount: '1940' });
    expect(posted.status).toBe(200);
    const backtests = backtestsOf();
    const done = await finished(backtests, (await backtests.start('demo', 'bank-fees', { ...period, version: 1 }, 'user:test')).id);
    const result = done.result!;
    expect(result.totals).toMatchObject({ eventsConsidered: 4, eventsChanged: 0, vouchersChanged: 0, vouchersAdded: 0, vouchersRemoved: 0 });
    expect(result.totals.before).toMatchObject({ posted: 3, vouchers: 3 });
    expect(result.differences).toEqual([]);
    expect(result.accounts.filter((a) => a.account === '1940')).toEqual([
      { account: '1940', currency: 'SEK', beforeDebitMinor: 0, beforeCreditMinor: 11_500, afterDebitMinor: 0, afterCreditMinor: 11_500 },
    ]);
    expect(result.accounts.filter((a) => a.account === '6570')).toEqual([
      { account: '6570', currency: 'SEK', beforeDebitMinor: 6_500 + 11_500, beforeCreditMinor: 0, afterDebitMinor: 6_500 + 11_500, afterCreditMinor: 0 },
    ]);
  });

  it('a draft booking the EUR fee as v1 did: nothing changed (base amounts, foreign amount and rate all compare equal)', async () => {
    expect([200, 201]).toContain((await t.post('/api/companies/demo/bank-accounts', { id: 'eur', name: 'Valutakonto EUR', ledgerAccount: '1940', currency: 'EUR' })).status);
    expect((await t.post('/api/companies/demo/exchange-rates', { rates: [{ currency: 'EUR', date: `${year}-11-30`, rate: '11.50' }] })).status).toBe(200);
    expect((await t.post('/api/companies/demo/bank-lines', { ...line('EUR-FEE-2', 'AVGIFT UTLANDSBETALNING', -1_000), currency: 'EUR', bankAccount: '1940' })).status).toBe(200);
    // The draft books the fee on 6570 as before; only the rate it was recorded at can differ: none does, so nothing changed.
    await saveDraft(feesDraft(() => {}));
    const backtests = backtestsOf();
    const same = await finished(backtests, (await backtests.start('demo', 'bank-fees', period, 'user:test')).id);
    expect(same.result!.totals).toMatchObject({ eventsChanged: 0, vouchersChanged: 0 });
    const lines = (await t.database.db.all<{ account: string; foreign_currency: string | null; foreign_amount_minor: number | null; rate: string | null }>(
      sql`SELECT l.account, l.foreign_currency, l.foreign_amount_minor, l.rate FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id WHERE v.source_ref = 'bank-line:EUR-FEE-2'`));
    expect(lines.map((l) => [l.account, l.foreign_currency, l.foreign_amount_minor, l.rate]).sort()).toEqual([['1940', 'EUR', 1_000, '11.50'], ['6570', 'EUR', 1_000, '11.50']]);
  });

  it('a new automation of higher priority takes the fees over from bank-fees (booked once); bank-fees\' vouchers go', async () => {
    const early = feesDraft((d) => { d.id = 'fees-early'; d.name = 'Fees, early'; d.priority = 5; postNode(d).lines[0].account = '6310'; });
    await saveDraft(early);
    const backtests = backtestsOf();
    const done = await finished(backtests, (await backtests.start('demo', 'fees-early', period, 'user:test')).id);
    const result = done.result!;
    expect(result.totals).toMatchObject({ eventsChanged: 2, takesOver: 2, vouchersAdded: 2, vouchersRemoved: 2 });
    expect(result.totals.before).toMatchObject({ notRun: 3, posted: 0 });
    for (const difference of result.differences) {
      expect(difference).toMatchObject({ change: 'takes_over', otherAutomationId: 'bank-fees', bookedBefore: 'bank-fees', bookedAfter: 'fees-early', before: null });
    }
    expect(result.accounts.find((a) => a.account === '6570')).toMatchObject({ beforeDebitMinor: 6500, afterDebitMinor: 0 });
  });

  it('a draft that stops matching leaves the line to a lower-priority automation that was passed by before', async () => {
    // A fallback for any fee, after bank-fees (priority 80): it is in force when the lines arrive, and passed by ("already booked").
    const fallback = feesDraft((d) => { d.id = 'fees-fallback'; d.name = 'Fees, fallback'; d.priority = 80; postNode(d).lines[0].account = '6310'; });
    await saveDraft(fallback);
    await t.services.store.publish('demo', 'fees-fallback', 'user:test');
    await arrive([line('FEE-3', 'Card FEE', -1500)]);
    await saveDraft(feesDraft((d) => {
      conditionNode(d).expression = { and: [{ '<': [{ var: 'event.amountMinor' }, 0] }, { icontains: [{ var: 'event.text' }, 'avgift'] }] };
    }));
    const backtests = backtestsOf();
    const done = await finished(backtests, (await backtests.start('demo', 'bank-fees', period, 'user:test')).id);
    const result = done.result!;
    const fee3 = result.differences.find((d) => d.sourceRef === 'bank-line:FEE-3')!;
    expect(fee3).toMatchObject({ change: 'left_to', otherAutomationId: 'fees-fallback', bookedBefore: 'bank-fees', bookedAfter: 'fees-fallback' });
    expect(fee3.accounts.map((a) => a.account).sort()).toEqual(['6310', '6570']);
    // FEE-2 arrived before the fallback was published: nobody takes it.
    expect(result.differences.find((d) => d.sourceRef === 'bank-line:FEE-2')).toMatchObject({ change: 'removed' });
    expect(result.totals.leftTo).toBe(1);
  });

  it('writes nothing: vouchers, lines, runs, events, exceptions, invoices and audit are as they were', async () => {
    await saveDraft(feesDraft((d) => { postNode(d).lines[0].account = '6310'; d.priority = 1; }));
    const before = await counts();
    const backtests = backtestsOf();
    const done = await finished(backtests, (await backtests.start('demo', 'bank-fees', period, 'user:test')).id);
    expect(done.status).toBe('done');
    expect(await counts()).toEqual(before);
  });

  it('cancelled mid-way: stops at the next chunk, keeps its progress, and has no result', async () => {
    let backtests: Backtests;
    let id = '';
    let turns = 0;
    backtests = backtestsOf({
      chunkSize: 1,
      yieldTurn: async () => { if (++turns === 1) await backtests.cancel('demo', id, 'user:canceller'); },
    });
    id = (await backtests.start('demo', 'bank-fees', period, 'user:test')).id;
    const done = await finished(backtests, id);
    expect(done).toMatchObject({ status: 'cancelled', cancelledBy: 'user:canceller', result: null, progress: { done: 1, total: 3 } });
    // A finished backtest is frozen: cancelling again is refused, and the row cannot be changed.
    await expect(backtests.cancel('demo', id, 'user:x')).rejects.toMatchObject({ status: 409, code: 'backtest_finished' });
    await expect(t.database.client.execute({ sql: "UPDATE backtests SET status = 'done' WHERE id = ?", args: [id] })).rejects.toThrow(/backtest_immutable/);
  });

  it('refuses a period that ends before it starts, or is over a year', async () => {
    const backtests = backtestsOf();
    await expect(backtests.start('demo', 'bank-fees', { from: '2026-05-01', to: '2026-04-01' }, 'user:test')).rejects.toMatchObject({ code: 'invalid_period' });
    await expect(backtests.start('demo', 'bank-fees', { from: '2024-01-01', to: '2026-04-01' }, 'user:test')).rejects.toMatchObject({ code: 'period_too_long' });
  });

  it('only events of the period: a period before the lines arrived considers none', async () => {
    const backtests = backtestsOf();
    const done = await finished(backtests, (await backtests.start('demo', 'bank-fees', { from: '2020-01-01', to: '2020-03-31' }, 'user:test')).id);
    expect(done.result!.totals.eventsConsidered).toBe(0);
    expect(done.result!.triggerType).toBe('bank-line-imported');
  });

  it('the approver sees the latest backtest of exactly the document asked to be published', async () => {
    const draft = feesDraft((d) => { postNode(d).lines[0].account = '6310'; });
    await saveDraft(draft);
    const asked = await t.services.store.publish('demo', 'bank-fees', 'user:test', { fourEyes: true });
    expect(asked.status).toBe('pending_approval');
    const requestId = (asked as { requestId: string }).requestId;
    const backtests = backtestsOf();
    expect((await backtests.publicationRequestDetail('demo', requestId)).backtest).toBeNull();
    const started = await backtests.startForRequest('demo', requestId, period, 'user:approver');
    await backtests.settled(started.id);
    const detail = await backtests.publicationRequestDetail('demo', requestId);
    expect(detail.backtestId).toBe(started.id);
    expect(detail.backtest?.publicationRequestId).toBe(requestId);
    expect(detail.backtest?.result?.totals.eventsChanged).toBe(2);
    expect(detail.documentHash).toBe(documentHash(draft));
  });
});

describe('backtest limits and jobs', () => {
  it('eventKinds narrows the events by source kind', async () => {
    const backtests = backtestsOf();
    const lines = await finished(backtests, (await backtests.start('demo', 'bank-fees', { ...period, eventKinds: ['bank-line'] }, 'user:test')).id);
    expect(lines.result!.totals.eventsConsidered).toBe(3);
    const hooks = await finished(backtests, (await backtests.start('demo', 'bank-fees', { ...period, eventKinds: ['webhook'] }, 'user:test')).id);
    expect(hooks.result!.totals.eventsConsidered).toBe(0);
    expect(hooks.eventKinds).toEqual(['webhook']);
  });

  it(`refuses a period with more than ${backtestEventsMax} events, saying how many`, async () => {
    await t.database.client.execute({
      sql: `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
        INSERT INTO events (id, company_id, trigger_type, versions, event_key, source_ref, payload, status, available_at, created_at)
        SELECT 'bulk-' || i, 'demo', 'bank-line-imported', '{}', 'bank-line:BULK-' || i, 'bank-line:BULK-' || i, '{}', 'done', ?, ? FROM n`,
      args: [backtestEventsMax, new Date().toISOString(), new Date().toISOString()],
    });
    await expect(backtestsOf().start('demo', 'bank-fees', period, 'user:test')).rejects.toMatchObject({
      status: 422, code: 'backtest_too_many_events', message: expect.stringMatching(/has 50003 events.*at most 50000/),
    });
  });

  it('at most 3 backtests of a company wait or run at once; the next is refused (409) until one finishes', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => { release = resolve; });
    const backtests = backtestsOf({ chunkSize: 1, yieldTurn: () => held });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await backtests.start('demo', 'bank-fees', period, 'user:test')).id);
    await expect(backtests.start('demo', 'bank-fees', period, 'user:test')).rejects.toMatchObject({ status: 409, code: 'backtests_busy' });
    release();
    for (const id of ids) expect((await finished(backtests, id)).status).toBe('done');
    expect((await backtests.start('demo', 'bank-fees', period, 'user:test')).status).toBe('queued');
  });

  it('a running backtest whose process stopped (no heartbeat for minutes) reads as failed, saying so', async () => {
    const old = new Date(Date.now() - 10 * 60_000).toISOString();
    await t.database.client.execute({
      sql: `INSERT INTO backtests (id, company_id, automation_id, document, document_hash, from_date, to_date, status, events_total, events_done, requested_by, created_at, started_at, heartbeat_at)
        VALUES ('orphan', 'demo', 'bank-fees', '{}', 'x', ?, ?, 'running', 10, 4, 'user:test', ?, ?, ?)`,
      args: [period.from, period.to, old, old, old],
    });
    const read = await backtestsOf().get('demo', 'orphan');
    expect(read).toMatchObject({ status: 'failed', progress: { done: 4, total: 10 }, error: expect.stringMatching(/stopped \(restart or crash\)/) });
  });
});
