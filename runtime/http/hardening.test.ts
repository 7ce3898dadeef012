/** The security headers are Hono's secureHeaders set, sent before the handler runs (so on every answer, errors included). */
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, securityHeaderList, securityHeaders } from './hardening.ts';

describe('security headers', () => {
  it('are the set Hono secureHeaders sends with our CSP', async () => {
    const reference = new Hono();
    reference.use(secureHeaders({ contentSecurityPolicy: {}, crossOriginEmbedderPolicy: false, xFrameOptions: 'DENY', referrerPolicy: 'same-origin',
      strictTransportSecurity: 'max-age=31536000; includeSubDomains' }));
    reference.get('/', (c) => c.text(''));
    const expected = [...(await reference.request('/')).headers].filter(([name]) => name !== 'content-type' && name !== 'content-security-policy');
    expect(securityHeaderList.filter(([name]) => name !== 'content-security-policy')).toEqual(expected);
    expect(contentSecurityPolicy).toMatch(/^default-src 'self'; .*frame-ancestors 'none'$/);
  });

  it('reach answers the handler made, answers of errors, and the not-found answer', async () => {
    const app = new Hono();
    app.use('*', securityHeaders);
    app.get('/ok', (c) => c.json({ ok: true }));
    app.get('/boom', () => { throw new Error('boom'); });
    app.onError((_error, c) => c.json({ error: 'internal_error' }, 500));
    for (const path of ['/ok', '/boom', '/missing']) {
      const response = await app.request(path);
      for (const [name, value] of securityHeaderList) expect(response.headers.get(name), `${path} ${name}`).toBe(value);
    }
  });
});

/* ---- Over HTTP, on the real app (issue 10, item 11) ---- */
import { afterAll, beforeAll, vi } from 'vitest';
import { log } from '../log.ts';
import { signedHeaders } from '../webhooks/signature.ts';
import { jsonDepthMax } from './hardening.ts';
import { createTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
let hook: { id: string; secret: string };
const year = new Date().getUTCFullYear();
const feeLine = (id: string, text = 'AVGIFT BANKGIRO') => ({ id, bookingDate: `${year}-11-30`, amountMinor: -2500, currency: 'SEK', text, reference: null, counterparty: null });
beforeAll(async () => {
  t = await createTestApp();
  const created = await t.post('/api/companies/demo/webhook-endpoints', { trigger: 'webhook-received' });
  expect(created.status).toBe(201);
  hook = await created.json();
});
afterAll(() => t.close());

const deepArray = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
const deepObject = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
/** A signed delivery of raw bytes; the signature covers what the server will read as text (so only the body decides the answer). */
const deliverBytes = (bytes: Uint8Array<ArrayBuffer>, webhookId: string) => t.app.request(`/hooks/${hook.id}`, {
  method: 'POST', headers: signedHeaders(hook.secret, webhookId, new TextDecoder().decode(bytes)), body: bytes,
});
const bytesOf = (...parts: (string | number[])[]) => new Uint8Array(parts.flatMap((p) => typeof p === 'string' ? [...new TextEncoder().encode(p)] : p));

describe('no database text in answers', () => {
  const sqlText = 'Failed query: update "events" set "status" = ?, "lease_owner" = ? where "events"."id" = ? params: failed,w1,ev_1';

  it("shows the public /api/health the worker's error as a category only; the metrics token holder sees it all", async () => {
    t.services.worker = { stats: { running: true, processed: 3, lastPollAt: new Date().toISOString(), lastError: `${sqlText} (SQLITE_BUSY: database is locked)` } };
    try {
      const publicAnswer = await t.app.request('/api/health');
      const text = await publicAnswer.text();
      expect(text).not.toMatch(/Failed query|events|lease_owner|SQLITE/);
      expect(JSON.parse(text)).toMatchObject({ status: 'degraded', worker: { running: true, lastError: 'database_busy' } });
      process.env.KONTERA_METRICS_TOKEN = 'metrics-token-for-hardening';
      const operator = await (await t.app.request('/api/health', { headers: { authorization: 'Bearer metrics-token-for-hardening' } })).json();
      expect(operator.worker.lastError).toContain('Failed query: update "events"');
    } finally {
      delete process.env.KONTERA_METRICS_TOKEN;
      delete t.services.worker;
    }
  });

  it('answers an unknown error with a generic message and a request id that the log has too', async () => {
    const original = t.services.runner.listExceptions;
    t.services.runner.listExceptions = async () => { throw new Error(sqlText); };
    const logged = vi.spyOn(log, 'error');
    try {
      const response = await t.request('/api/companies/demo/exceptions');
      expect(response.status).toBe(500);
      const body = await response.json();
      expect(JSON.stringify(body)).not.toMatch(/Failed query|events/);
      const requestId = response.headers.get('x-request-id');
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(body).toMatchObject({ error: 'internal_error' });
      expect(body.message).toContain(requestId);
      expect(logged).toHaveBeenCalledWith(expect.objectContaining({ requestId }), expect.any(String));
    } finally {
      t.services.runner.listExceptions = original;
      logged.mockRestore();
    }
  });
});

describe('deeply nested JSON', () => {
  for (const levels of [5_000, 100_000]) {
    it(`answers ${levels} levels with 400 too_deep naming the limit, on /api and on /hooks`, async () => {
      // the generic endpoint takes any JSON object (100 000 levels of objects would be over the 256 kB limit: arrays)
      const hookBody = `{"payload":${levels > 10_000 ? deepArray(levels) : deepObject(levels)}}`;
      const hooked = await deliverBytes(new TextEncoder().encode(hookBody), `msg_deep_${levels}`);
      expect(hooked.status).toBe(400);
      expect(await hooked.json()).toMatchObject({ error: 'too_deep', message: expect.stringContaining(`${jsonDepthMax} levels`) });
      for (const body of [deepArray(levels), deepObject(levels)]) {
        const api = await t.post('/api/companies/demo/bank-lines', body);
        expect(api.status).toBe(400);
        expect(await api.json()).toMatchObject({ error: 'too_deep', message: expect.stringContaining(`${jsonDepthMax} levels`) });
      }
    });
  }

  it(`takes ${jsonDepthMax} levels and refuses ${jsonDepthMax + 1}, on /hooks and on /api alike`, async () => {
    expect((await deliverBytes(new TextEncoder().encode(`{"a":${deepArray(jsonDepthMax - 1)}}`), 'msg_deep_ok')).status).toBe(202);
    expect((await deliverBytes(new TextEncoder().encode(`{"a":${deepArray(jsonDepthMax)}}`), 'msg_deep_over')).status).toBe(400);
    const validate = (body: string) => t.post('/api/companies/demo/automations/validate', body);
    expect((await validate(`{"a":${deepArray(jsonDepthMax - 1)}}`)).status).toBe(200);
    expect((await validate(`{"a":${deepArray(jsonDepthMax)}}`)).status).toBe(400);
  });
});

describe('invalid UTF-8', () => {
  it('is refused on /api with 400 naming the byte offset, and nothing is stored', async () => {
    const prefix = JSON.stringify(feeLine('UTF-1')).replace('AVGIFT BANKGIRO', '');
    const cut = prefix.indexOf('""') + 1;
    const bytes = bytesOf(prefix.slice(0, cut), 'AVGIFT ', [0xff, 0xfe], prefix.slice(cut));
    const response = await t.request('/api/companies/demo/bank-lines', { method: 'POST', headers: { 'content-type': 'application/json' }, body: bytes });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_utf8', message: expect.stringContaining(`byte ${cut + 7}`) });
    expect(await (await t.request('/api/companies/demo/runs?sourceRef=bank-line:UTF-1')).json()).toEqual([]);
  });

  it('finds the offset of a truncated sequence, an overlong form and a surrogate', async () => {
    for (const [bytes, offset] of [
      [bytesOf('{"a":"å', [0xc3]), 8], // "å" is 2 bytes; then a lead byte with nothing after it
      [bytesOf('{"a":"', [0xc0, 0xaf], '"}'), 6],
      [bytesOf('{"a":"x', [0xed, 0xa0, 0x80], '"}'), 7],
    ] as const) {
      const response = await t.request('/api/companies/demo/automations/validate', { method: 'POST', headers: { 'content-type': 'application/json' }, body: bytes });
      expect(response.status).toBe(400);
      expect((await response.json()).message).toContain(`byte ${offset}`);
    }
  });

  it('is refused on /hooks with 400 naming the byte offset, and nothing is stored', async () => {
    const bytes = bytesOf('{"text":"caf', [0xe9], '"}');
    const response = await deliverBytes(bytes, 'msg_latin1');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_utf8', message: expect.stringContaining('byte 12') });
    const { rows } = await t.database.client.execute({ sql: 'SELECT count(*) AS n FROM webhook_deliveries WHERE webhook_id = ?', args: ['msg_latin1'] });
    expect(Number(rows[0].n)).toBe(0);
  });

  it('takes valid UTF-8 (å, €, emoji) as it is', async () => {
    const response = await t.post('/api/companies/demo/bank-lines', feeLine('UTF-OK', 'AVGIFT ÅRSKORT € 💳'));
    expect(response.status).toBe(200);
    const [run] = await (await t.request('/api/companies/demo/runs?sourceRef=bank-line:UTF-OK')).json();
    const detail = await (await t.request(`/api/companies/demo/runs/${run.id}`)).json();
    expect(detail.event.text).toBe('AVGIFT ÅRSKORT € 💳');
  });
});

describe('bodies are read only after authentication', () => {
  const anonymous = (body: BodyInit, headers: Record<string, string> = {}) =>
    t.app.request('/api/companies/demo/bank-lines', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('answers 401 to a caller without credentials, whatever the body', async () => {
    for (const body of ['{"id": "x",', deepArray(100_000), bytesOf('{"a":"', [0xff], '"}'), `{"__proto__": {"x": 1}}`]) {
      const response = await anonymous(body);
      expect(response.status).toBe(401);
      expect((await response.json()).error).toBe('unauthenticated');
    }
    const wrongToken = await anonymous('{"id": "x",', { authorization: 'Bearer ktr_wrong_wrong_wrong_wrong_wrong' });
    expect(wrongToken.status).toBe(401);
  });

  it('answers 401 to a caller without credentials even for a body over the limit (it is never read)', async () => {
    const big = 'x'.repeat(6 * 1024 * 1024);
    expect((await anonymous(big, { 'content-length': String(big.length) })).status).toBe(401);
    const chunked = new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(big)); c.close(); } });
    const response = await t.app.request('/api/companies/demo/bank-lines', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: chunked, duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(401);
  });

  it('caps the one public body (sign-in) small', async () => {
    const response = await t.app.request('/api/auth/sign-in', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'a@b.se', password: 'x'.repeat(64 * 1024) }),
    });
    expect(response.status).toBe(413);
  });

  it('reads no body for a path that does not exist', async () => {
    const response = await t.app.request('/api/nope', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"id": "x",' });
    expect([response.status, (await response.json()).error]).toEqual([404, 'not_found']);
  });

  it('still checks the body of an authenticated caller', async () => {
    expect((await t.post('/api/companies/demo/bank-lines', '{"id": "x",')).status).toBe(400);
    expect((await t.post('/api/companies/demo/bank-lines', '{"__proto__": {"x": 1}}')).status).toBe(400);
  });
});

describe('Cache-Control', () => {
  it('is no-store on every /api answer: data, errors, health, the OpenAPI document', async () => {
    for (const [path, status] of [
      ['/api/companies/demo/vouchers', 200], ['/api/companies/demo/vouchers/nope', 404], ['/api/health', 200], ['/api/openapi.json', 200],
      ['/api/companies/demo/reports/trial-balance?from=2000-13&to=x', 400], ['/api/nope', 404],
    ] as const) {
      const response = await t.request(path);
      expect({ path, status: response.status, cache: response.headers.get('cache-control') }).toEqual({ path, status, cache: 'no-store' });
    }
    const anonymous = await t.app.request('/api/companies/demo/vouchers');
    expect([anonymous.status, anonymous.headers.get('cache-control')]).toEqual([401, 'no-store']);
    const written = await t.post('/api/companies/demo/bank-lines', feeLine('CACHE-1'));
    expect(written.headers.get('cache-control')).toBe('no-store');
  });

  it('leaves the API reference assets cacheable', async () => {
    const asset = await t.request('/api/docs/swagger-ui.css');
    expect([asset.status, asset.headers.get('cache-control')]).toEqual([200, 'public, max-age=86400']);
  });
});
