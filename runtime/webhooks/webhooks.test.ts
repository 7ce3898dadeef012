import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Voucher } from '../../shared/api.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { sign, signedHeaders } from './signature.ts';
import { webhookBodyMaxBytes } from './endpoints.ts';

let t: TestApp;
let endpoint: { id: string; url: string; secret: string };
const year = new Date().getUTCFullYear();
const now = () => Math.floor(Date.now() / 1000);

function deliver(path: string, secret: string, id: string, body: string, overrides: Record<string, string> = {}, timestamp = now()) {
  return t.app.request(path, {
    method: 'POST',
    headers: { ...signedHeaders(secret, id, body, timestamp), ...overrides },
    body,
  });
}

beforeAll(async () => {
  t = await createTestApp();
  const created = await t.post('/api/companies/demo/webhook-endpoints', { trigger: 'bank-line-imported' });
  expect(created.status).toBe(201);
  endpoint = await created.json();
});
afterAll(() => t.close());

const feeBody = (id: string) => JSON.stringify({ id, bookingDate: `${year}-11-30`, amountMinor: -2500, currency: 'SEK', text: 'AVGIFT BANKGIRO', reference: null, counterparty: null });

describe('signed webhooks', () => {
  it('creates an endpoint with a Standard Webhooks secret and a URL', () => {
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(endpoint.url).toMatch(new RegExp(`/hooks/${endpoint.id}$`));
  });

  it('stores a verified delivery, acknowledges it, and the worker posts the voucher', async () => {
    const response = await deliver(`/hooks/${endpoint.id}`, endpoint.secret, 'msg_1', feeBody('WH-1'));
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: true, webhookId: 'msg_1' });
    expect(await t.services.runner.drain()).toBe(1);
    const vouchers = (await (await t.request('/api/companies/demo/vouchers')).json()) as Voucher[];
    expect(vouchers.filter((v) => v.sourceRef === 'bank-line:WH-1')).toHaveLength(1);
  });

  it("counts what waits in the company's work queue until the worker has run it", async () => {
    for (const n of [1, 2]) expect((await deliver(`/hooks/${endpoint.id}`, endpoint.secret, `msg_q${n}`, feeBody(`WH-Q${n}`))).status).toBe(202);
    const waiting = await (await t.request('/api/companies/demo/work-queue')).json();
    expect(waiting).toMatchObject({ received: 2, pending: 0, processing: 0, failed: 0 });
    expect(Date.parse(waiting.oldestWaitingSince)).toBeGreaterThan(Date.now() - 60_000);
    expect(await t.services.runner.drain()).toBe(2);
    expect(await (await t.request('/api/companies/demo/work-queue')).json()).toEqual({ received: 0, pending: 0, processing: 0, failed: 0, oldestWaitingSince: null });
  });

  it('answers a replayed webhook-id with the first response and runs nothing again', async () => {
    const again = await deliver(`/hooks/${endpoint.id}`, endpoint.secret, 'msg_1', feeBody('WH-1'));
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({ accepted: true, webhookId: 'msg_1' });
    expect(await t.services.runner.drain()).toBe(0);
    const vouchers = (await (await t.request('/api/companies/demo/vouchers')).json()) as Voucher[];
    expect(vouchers.filter((v) => v.sourceRef === 'bank-line:WH-1')).toHaveLength(1);
  });

  it.each([
    ['no signature', { 'webhook-signature': '' }],
    ['a wrong signature', { 'webhook-signature': 'v1,c2lnbmF0dXJl' }],
    ['a signature with another secret', { 'webhook-signature': sign('whsec_b3RoZXIgc2VjcmV0IGtleQ==', 'msg_x', now(), feeBody('WH-X')) }],
    ['a truncated signature', {}],
  ])('refuses %s with 401', async (name, overrides) => {
    const body = feeBody('WH-X');
    const headers = name === 'a truncated signature'
      ? { 'webhook-signature': sign(endpoint.secret, 'msg_x', now(), body).slice(0, 20) }
      : overrides;
    const response = await deliver(`/hooks/${endpoint.id}`, endpoint.secret, 'msg_x', body, headers);
    expect(response.status).toBe(401);
    expect((await response.json()).error).toMatch(/^signature_/);
  });

  it('refuses a tampered body and a stale timestamp with 401', async () => {
    const body = feeBody('WH-T');
    const timestamp = now();
    const signature = sign(endpoint.secret, 'msg_t', timestamp, body);
    const tampered = await t.app.request(`/hooks/${endpoint.id}`, {
      method: 'POST', body: body.replace('-2500', '-250000'),
      headers: { 'webhook-id': 'msg_t', 'webhook-timestamp': String(timestamp), 'webhook-signature': signature },
    });
    expect(tampered.status).toBe(401);
    const stale = await deliver(`/hooks/${endpoint.id}`, endpoint.secret, 'msg_s', body, {}, now() - 600);
    expect(stale.status).toBe(401);
    expect((await stale.json()).error).toBe('signature_stale_timestamp');
    expect(await t.services.runner.drain()).toBe(0);
  });

  it('accepts a body at the size limit and answers 413 over it', async () => {
    const padding = (n: number) => JSON.stringify({ id: 'WH-BIG', bookingDate: `${year}-11-30`, amountMinor: -1, currency: 'SEK', text: '', reference: null, counterparty: 'x'.repeat(n) });
    const base = padding(0).length;
    const atLimit = padding(webhookBodyMaxBytes - base);
    expect(Buffer.byteLength(atLimit)).toBe(webhookBodyMaxBytes);
    const ok = await deliver(`/hooks/${endpoint.id}`, endpoint.secret, 'msg_big', atLimit);
    expect(ok.status).toBe(400); // verified and read whole; refused only because counterparty is longer than 200 characters
    expect((await ok.json()).error).toBe('invalid_payload');
    const over = await deliver(`/hooks/${endpoint.id}`, endpoint.secret, 'msg_big2', padding(webhookBodyMaxBytes - base + 1));
    expect(over.status).toBe(413);
  });

  it('rotates the secret: the new one works, the old one for 24 hours', async () => {
    const rotated = await t.post(`/api/companies/demo/webhook-endpoints/${endpoint.id}/rotate`, {});
    const { secret } = await rotated.json();
    expect(secret).not.toBe(endpoint.secret);
    expect((await deliver(`/hooks/${endpoint.id}`, secret, 'msg_new', feeBody('WH-NEW'))).status).toBe(202);
    expect((await deliver(`/hooks/${endpoint.id}`, endpoint.secret, 'msg_old', feeBody('WH-OLD'))).status).toBe(202);
    expect(await t.services.runner.drain()).toBe(2);
  });

  it('feeds a generic "Signed webhook received" automation with event.payload', async () => {
    const generic = await (await t.post('/api/companies/demo/webhook-endpoints', { trigger: 'webhook-received' })).json();
    const automation = {
      id: 'settlements', name: 'Card settlements', nodes: [
        { id: 't', type: 'webhook-received', config: {} },
        { id: 'c', type: 'condition', config: { expression: { '==': [{ var: 'event.payload.type' }, 'settlement'] } } },
        { id: 'p', type: 'post-voucher', config: { series: 'E', text: 'Kortinlösen', date: { var: 'event.payload.date' }, lines: [
          { account: '1930', side: 'debit', amount: { var: 'event.payload.amountMinor' } }, { account: '3001', side: 'credit', amount: null },
        ] } },
      ], edges: [{ id: 'e1', source: 't', target: 'c' }, { id: 'e2', source: 'c', target: 'p', sourceHandle: 'true' }],
    };
    expect((await t.request('/api/companies/demo/automations/settlements', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(automation) })).status).toBe(200);
    await t.services.auth.updateSettings('demo', { fourEyesPublish: false }, 'system:test');
    expect((await t.post('/api/companies/demo/automations/settlements/publish', {})).status).toBe(200);
    const body = JSON.stringify({ type: 'settlement', amountMinor: 125000, date: `${year}-11-30` });
    expect((await deliver(`/hooks/${generic.id}`, generic.secret, 'evt_1', body)).status).toBe(202);
    expect(await t.services.runner.drain()).toBe(1);
    const runs = await (await t.request('/api/companies/demo/runs?automationId=settlements')).json();
    expect(runs[0]).toMatchObject({ status: 'posted', sourceRef: 'webhook:evt_1' });
    expect((await deliver(`/hooks/${generic.id}`, generic.secret, 'evt_2', '[1,2]')).status).toBe(400);
  });

  it('answers 404 for an unknown or disabled endpoint', async () => {
    expect((await deliver('/hooks/wh_nope', endpoint.secret, 'm', '{}')).status).toBe(404);
    expect((await t.request(`/api/companies/demo/webhook-endpoints/${endpoint.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await deliver(`/hooks/${endpoint.id}`, endpoint.secret, 'msg_after', feeBody('WH-AFTER'))).status).toBe(404);
  });

  it('exposes metrics in Prometheus text format, to the holder of the metrics token only', async () => {
    expect((await t.app.request('/metrics')).status).toBe(401);
    process.env.KONTERA_METRICS_TOKEN = 'metrics-token-for-tests';
    expect((await t.app.request('/metrics', { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const response = await t.app.request('/metrics', { headers: { authorization: 'Bearer metrics-token-for-tests' } });
    delete process.env.KONTERA_METRICS_TOKEN;
    const text = await response.text();
    expect(response.headers.get('content-type')).toMatch(/text\/plain; version=0\.0\.4/);
    expect(text).toMatch(/kontera_runs_total\{status="posted"\} [1-9]/);
    expect(text).toMatch(/kontera_webhook_deliveries_total\{replay="true"\} 1/);
    expect(text).toMatch(/kontera_outbox_depth\{status="pending"\} 0/);
    expect(text).toMatch(/kontera_webhook_latency_ms_bucket\{le="\+Inf"\} \d+/);
    expect(text).toMatch(/kontera_webhook_batches_total [1-9]/);
    expect(text).toMatch(/kontera_outbox_depth\{status="received"\} 0/);
    expect(text).toMatch(/kontera_db_lock_waits_total 0/); // one process: it never waits for another
  });

  it('shows the outbox of every tenant in /api/health to the holder of the metrics token only', async () => {
    expect((await (await t.app.request('/api/health')).json()).outbox).toBeNull();
    process.env.KONTERA_METRICS_TOKEN = 'metrics-token-for-tests';
    try {
      expect((await (await t.app.request('/api/health', { headers: { authorization: 'Bearer wrong' } })).json()).outbox).toBeNull();
      const health = await (await t.app.request('/api/health', { headers: { authorization: 'Bearer metrics-token-for-tests' } })).json();
      expect(health).toMatchObject({ status: 'ok', database: 'ok', outbox: {} });
    } finally {
      delete process.env.KONTERA_METRICS_TOKEN;
    }
  });
});

describe('manual runs', () => {
  it('runs the published version on a given event and records it, when asked to post (manual-run.test.ts has the rest)', async () => {
    const response = await t.post('/api/companies/demo/automations/bank-fees/run', {
      event: { id: 'MAN-1', bookingDate: `${year}-11-30`, amountMinor: -1500, currency: 'SEK', text: 'Avgift utlandsbetalning', reference: null, counterparty: null, bankAccount: '1930' },
      post: true,
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.runs[0]).toMatchObject({ automationId: 'bank-fees', status: 'posted' });
    expect(body.runs[0].sourceRef).toMatch(/^manual:event:/);
    expect((await t.post('/api/companies/demo/automations/nope/run', { event: {} })).status).toBe(404);
  });
});

describe('run retention', () => {
  it('prunes old runs that did nothing and keeps those behind vouchers', async () => {
    const before = await (await t.request('/api/companies/demo/runs?limit=1000')).json();
    const noMatch = await t.post('/api/companies/demo/bank-lines', { id: 'OLD-1', bookingDate: `${year}-11-30`, amountMinor: 100, currency: 'SEK', text: 'Insättning', reference: null, counterparty: null });
    expect((await noMatch.json()).results[0].runs[0].status).toBe('no_match');
    // Run records cannot be changed (0014), so time moves instead: prune as if 1000 days had passed.
    const realNow = t.services.runner.clock.now();
    const later = vi.spyOn(t.services.runner.clock, 'now').mockReturnValue(new Date(realNow.getTime() + 1000 * 86_400_000));
    const pruned = await t.services.runner.pruneRuns(90).finally(() => later.mockRestore());
    const after = await (await t.request('/api/companies/demo/runs?limit=1000')).json();
    expect(pruned).toBeGreaterThanOrEqual(1);
    expect(after.every((r: { status: string }) => r.status !== 'no_match')).toBe(true);
    expect(after.filter((r: { status: string }) => r.status === 'posted').length).toBe(before.filter((r: { status: string }) => r.status === 'posted').length);
  });
});
