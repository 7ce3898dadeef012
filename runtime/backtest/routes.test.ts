/**
 * The backtest routes through app.request(): start (202), poll, cancel, the
 * approver's view of a publication request, permissions and refusals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { AutomationDocument } from '../../shared/automation/schema.ts';
import type { Backtest, PublicationRequestDetail } from '../../shared/backtest.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { createCompany } from '../seed/demo.ts';

let t: TestApp;
const year = new Date().getUTCFullYear();
const today = new Date().toISOString().slice(0, 10);
const period = { from: `${year}-01-01`, to: today };
const base = '/api/companies/demo';
const bankFees = JSON.parse(readFileSync(new URL('../../rules-examples/bank-fees.json', import.meta.url), 'utf8')) as AutomationDocument;

const as = (token: string) => ({
  call: (method: string, path: string, body?: unknown) => t.request(path, {
    method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  }),
});

async function poll(id: string, token = t.token): Promise<Backtest> {
  for (let i = 0; i < 200; i++) {
    const response = await as(token).call('GET', `${base}/backtests/${id}`);
    expect(response.status).toBe(200);
    const backtest = (await response.json()) as Backtest;
    if (!['queued', 'running'].includes(backtest.status)) return backtest;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`backtest ${id} did not finish`);
}

beforeAll(async () => {
  t = await createTestApp();
  const lines = [
    { id: 'BT-FEE-1', bookingDate: `${year}-11-30`, amountMinor: -2500, currency: 'SEK', text: 'AVGIFT BANKGIRO', reference: null, counterparty: null },
    { id: 'BT-OTHER-1', bookingDate: `${year}-11-30`, amountMinor: -9900, currency: 'SEK', text: 'KONTORSMATERIAL', reference: null, counterparty: null },
  ];
  expect((await t.post(`${base}/bank-lines`, lines)).status).toBe(200);
  const { status: _status, version: _version, ...draft } = structuredClone(bankFees);
  (draft.nodes.find((n) => n.id === 'post-fee')!.config as { lines: { account: unknown }[] }).lines[0].account = '6310';
  const saved = await t.request(`${base}/automations/bank-fees`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(draft) });
  expect(saved.status).toBe(200);
});
afterAll(() => t.close());

describe('backtest routes', () => {
  it('starts (202 with the id), reports progress and the result; the list shows it', async () => {
    const response = await t.post(`${base}/automations/bank-fees/backtests`, period);
    expect(response.status).toBe(202);
    const { backtestId, status } = (await response.json()) as { backtestId: string; status: string };
    expect(status).toBe('queued');
    const done = await poll(backtestId);
    expect(done).toMatchObject({ status: 'done', automationId: 'bank-fees', version: null, from: period.from, to: period.to, progress: { done: 2, total: 2 } });
    expect(done.result?.totals).toMatchObject({ eventsConsidered: 2, eventsChanged: 1, vouchersChanged: 1 });
    expect(done.result?.differences[0]).toMatchObject({ sourceRef: 'bank-line:BT-FEE-1', change: 'changed' });
    const list = (await (await t.request(`${base}/automations/bank-fees/backtests`)).json()) as Backtest[];
    expect(list[0]).toMatchObject({ id: backtestId, status: 'done', result: null });
  });

  it('refuses a bad period (422, naming it), a malformed body (400), an unknown version or backtest (404)', async () => {
    const long = await t.post(`${base}/automations/bank-fees/backtests`, { from: `${year - 2}-01-01`, to: today });
    expect(long.status).toBe(422);
    expect(await long.json()).toMatchObject({ error: 'period_too_long' });
    const malformed = await t.post(`${base}/automations/bank-fees/backtests`, { from: 'yesterday', to: today });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { message: string }).message).toMatch(/from/);
    expect((await t.post(`${base}/automations/bank-fees/backtests`, { ...period, version: 99 })).status).toBe(404);
    expect((await t.request(`${base}/backtests/nope`)).status).toBe(404);
    expect((await t.post(`${base}/automations/nope/backtests`, period)).status).toBe(404);
  });

  it('cancelling: a finished one is refused (409); DELETE of an unknown one is 404', async () => {
    const { backtestId } = (await (await t.post(`${base}/automations/bank-fees/backtests`, period)).json()) as { backtestId: string };
    await poll(backtestId);
    const again = await t.request(`${base}/backtests/${backtestId}`, { method: 'DELETE' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'backtest_finished' });
    expect((await t.request(`${base}/backtests/nope`, { method: 'DELETE' })).status).toBe(404);
  });

  it('permissions: read views, edit starts and cancels, approve backtests a publication request', async () => {
    const viewer = as(await t.tokenFor('demo', ['read']));
    const designer = as(await t.tokenFor('demo', ['read', 'automations:edit']));
    const approver = as(await t.personToken('demo', 'approver@example.test', ['read', 'approve']));
    expect((await viewer.call('POST', `${base}/automations/bank-fees/backtests`, period)).status).toBe(403);
    const started = await designer.call('POST', `${base}/automations/bank-fees/backtests`, period);
    expect(started.status).toBe(202);
    const { backtestId } = (await started.json()) as { backtestId: string };
    expect((await viewer.call('DELETE', `${base}/backtests/${backtestId}`)).status).toBe(403);
    expect((await poll(backtestId, await t.tokenFor('demo', ['read']))).status).toBe('done');
    expect((await approver.call('POST', `${base}/automations/bank-fees/backtests`, period)).status).toBe(403);

    // Four-eyes: a person asks to publish; the approver sees the request and backtests exactly its document.
    const draft = (await t.services.store.get('demo', 'bank-fees')).draft;
    await t.services.store.saveDraft('demo', 'bank-fees', draft, 'user:author');
    const asked = await t.services.store.publish('demo', 'bank-fees', 'user:author', { fourEyes: true });
    expect(asked.status).toBe('pending_approval');
    const requestId = (asked as { requestId: string }).requestId;
    const before = (await (await viewer.call('GET', `${base}/publication-requests/${requestId}`)).json()) as PublicationRequestDetail;
    expect(before).toMatchObject({ id: requestId, automationId: 'bank-fees', status: 'pending', publishedVersion: 1 });
    // The designer's backtest of the draft was of the same document: it is the latest one shown.
    expect(before.backtestId).toBe(backtestId);
    expect((await designer.call('POST', `${base}/backtests`, { publicationRequestId: requestId, ...period })).status).toBe(403);
    const mine = await approver.call('POST', `${base}/backtests`, { publicationRequestId: requestId, ...period });
    expect(mine.status).toBe(202);
    const approverBacktest = ((await mine.json()) as { backtestId: string }).backtestId;
    await poll(approverBacktest);
    const after = (await (await viewer.call('GET', `${base}/publication-requests/${requestId}`)).json()) as PublicationRequestDetail;
    expect(after.backtestId).toBe(approverBacktest);
    expect(after.backtest).toMatchObject({ publicationRequestId: requestId, status: 'done' });
    expect(after.backtest?.result?.totals.vouchersChanged).toBe(1);
  });

  it("another company's backtest is not found on its paths", async () => {
    const { backtestId } = (await (await t.post(`${base}/automations/bank-fees/backtests`, period)).json()) as { backtestId: string };
    await poll(backtestId);
    await createCompany(t.database.db, { id: 'other', name: 'Other AB', orgNumber: '556000-0002', year });
    const other = as(await t.tokenFor('other'));
    expect((await other.call('GET', `/api/companies/other/backtests/${backtestId}`)).status).toBe(404);
    expect((await other.call('DELETE', `/api/companies/other/backtests/${backtestId}`)).status).toBe(404);
    expect((await t.request(`${base}/backtests/${backtestId}`)).status).toBe(200);
  });
});

