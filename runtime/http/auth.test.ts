/**
 * Who may call what, systematically: every route the app serves is listed
 * from the router itself, so a route added without the checks fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany } from '../seed/demo.ts';
import { importSie } from '../ledger/sie.ts';
import { encodeCp437 } from '../formats/sie/index.ts';
import { publicRoutes, routePermissions } from './auth.ts';
import { createTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
let otherToken: string;
let readOnlyToken: string;
beforeAll(async () => {
  t = await createTestApp();
  await createCompany(t.database.db, { id: 'other', name: 'Other AB', orgNumber: '556000-0002', year: 2026 });
  otherToken = await t.tokenFor('other');
  readOnlyToken = await t.tokenFor('demo', ['read']);
});
afterAll(() => t.close());

function apiRoutes(): { method: string; path: string }[] {
  const seen = new Set<string>();
  return t.app.routes
    .filter((r) => r.path.startsWith('/api/') && r.method !== 'ALL')
    .filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
}

const concrete = (path: string, companyId = 'demo') => path
  .replace(':companyId', companyId).replace(':period', '2026-01').replace(':action', 'lock').replace(':decision', 'approve')
  .replace(':account', '1930').replace(/:[A-Za-z]+/g, 'x').replace('/*', '/swagger-ui.css');

const send = (method: string, path: string, headers: Record<string, string> = {}) =>
  t.app.request(path, {
    method, headers: { 'content-type': 'application/json', ...headers },
    body: method === 'GET' || method === 'DELETE' ? undefined : '{}',
  });

describe('authentication and tenancy, route by route', () => {
  it('knows the routes', () => {
    expect(apiRoutes().length).toBeGreaterThan(30);
  });

  it('refuses every non-public route without a session or token (401)', async () => {
    for (const route of apiRoutes()) {
      const response = await send(route.method, concrete(route.path));
      const isPublic = publicRoutes.has(`${route.method} ${route.path}`);
      expect({ route: `${route.method} ${route.path}`, status: response.status === 401 })
        .toEqual({ route: `${route.method} ${route.path}`, status: !isPublic });
    }
  });

  it('serves the API reference page and every file it loads without credentials', async () => {
    const page = await (await t.app.request('/api/docs')).text();
    const files = [...page.matchAll(/(?:href|src)="(\/api\/docs\/[^"]+)"/g)].map((m) => m[1]);
    expect(files).toEqual(['/api/docs/swagger-ui.css', '/api/docs/swagger-ui-bundle.js', '/api/docs/init.js']);
    for (const file of files) expect({ file, status: (await t.app.request(file)).status }).toEqual({ file, status: 200 });
    expect((await t.app.request('/api/docs/package.json')).status).toBe(404);
  });

  it("answers 404 to another company's token on every company route", async () => {
    for (const route of apiRoutes().filter((r) => r.path.startsWith('/api/companies/:companyId'))) {
      const response = await send(route.method, concrete(route.path), { authorization: `Bearer ${otherToken}` });
      expect({ route: `${route.method} ${route.path}`, status: response.status }).toEqual({ route: `${route.method} ${route.path}`, status: 404 });
      expect((await response.json()).error).toBe('not_found');
    }
  });

  it('declares a permission for every company write; a read-only token gets 403 on each', async () => {
    for (const route of apiRoutes().filter((r) => r.path.startsWith('/api/companies/:companyId') && r.method !== 'GET')) {
      const key = `${route.method} ${route.path}`;
      expect({ key, declared: key in routePermissions }).toEqual({ key, declared: true });
      if (routePermissions[key] === 'read') continue;
      const response = await send(route.method, concrete(route.path), { authorization: `Bearer ${readOnlyToken}` });
      expect({ key, status: response.status }).toEqual({ key, status: 403 });
    }
  });

  it('lets a read-only token read', async () => {
    const response = await send('GET', '/api/companies/demo/vouchers', { authorization: `Bearer ${readOnlyToken}` });
    expect(response.status).toBe(200);
  });

  it('hides a company created afterwards (e.g. by kontera import-sie) from every token', async () => {
    const file = encodeCp437(['#FLAGGA 0', '#PROGRAM "T" 1', '#GEN 20260101', '#SIETYP 4', '#FNAMN "Later AB"', '#RAR 0 20260101 20261231',
      '#KONTO 1930 "Bank"', '#KONTO 6570 "Avgifter"', '#VER A 1 20260105 "x"', '{', '#TRANS 6570 {} 1.00', '#TRANS 1930 {} -1.00', '}'].join('\n')).bytes;
    const summary = await importSie(t.database.db, file, { companyId: 'later' });
    expect(summary.created).toBe(true);
    for (const path of ['/api/companies/later', '/api/companies/later/vouchers', '/api/companies/later/automations']) {
      expect((await t.request(path)).status).toBe(404);
    }
  });

  it('revokes tokens', async () => {
    const created = await t.post('/api/companies/demo/tokens', { name: 'bank feed', permissions: ['events:write'] });
    expect(created.status).toBe(201);
    const { id, token } = await created.json();
    expect(token).toMatch(/^ktr_/);
    const listed = await (await t.request('/api/companies/demo/tokens')).json();
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(listed.find((x: { id: string }) => x.id === id).lastUsedAt).toBeNull();
    const admin = listed.find((x: { name: string }) => x.name === 'test-demo');
    expect(admin.lastUsedAt).not.toBeNull(); // the test's own token has been used
    expect((await send('GET', '/api/companies/demo/vouchers', { authorization: `Bearer ${token}` })).status).toBe(403);
    expect((await t.request(`/api/companies/demo/tokens/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await send('GET', '/api/companies/demo/vouchers', { authorization: `Bearer ${token}` })).status).toBe(401);
  });
});

describe('brute force', () => {
  it('answers 429 after a few dozen failures from one address, while a valid token still works', async () => {
    const local = await createTestApp({ authLimits: { failuresPerMinute: 20, requestsPerTokenPerMinute: 10_000 } });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      statuses.push((await local.app.request('/api/companies/demo/vouchers', { headers: { authorization: `Bearer ktr_guess${i}` } })).status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.indexOf(429)).toBeLessThanOrEqual(21);
    expect(statuses.slice(21).every((s) => s === 429)).toBe(true);
    expect((await local.request('/api/companies/demo/vouchers')).status).toBe(200);
    local.close();
  });
});

describe('sessions, CSRF and four-eyes with two people', () => {
  it('signs in with a cookie, requires the CSRF header on writes, and signs out', async () => {
    await t.post('/api/companies/demo/members', { email: 'anna@demo.se', name: 'Anna Designer', password: 'correct horse battery', role: 'publisher' });
    const wrong = await t.app.request('/api/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'anna@demo.se', password: 'nope' }) });
    expect(wrong.status).toBe(401);
    const signIn = await t.app.request('/api/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ANNA@demo.se', password: 'correct horse battery' }) });
    expect(signIn.status).toBe(200);
    const cookies = signIn.headers.getSetCookie();
    expect(cookies.find((c) => c.startsWith('kontera_session='))).toMatch(/HttpOnly.*Secure.*SameSite=Strict|Secure.*HttpOnly/);
    const me = await signIn.json();
    expect(me.companies).toEqual([expect.objectContaining({ id: 'demo', role: 'publisher' })]);
    const cookie = cookies.map((c) => c.split(';')[0]).join('; ');

    const read = await t.app.request('/api/companies/demo/automations', { headers: { cookie } });
    expect(read.status).toBe(200);
    const noCsrf = await t.app.request('/api/companies/demo/automations/bank-fees/publish', { method: 'POST', headers: { cookie } });
    expect(noCsrf.status).toBe(403);
    expect((await noCsrf.json()).error).toBe('csrf_failed');

    // Anna edits the bank-fees automation; she may not publish her own version alone
    const detail = await (await t.app.request('/api/companies/demo/automations/bank-fees', { headers: { cookie } })).json();
    const edited = { ...detail.draft, description: 'Edited by Anna' };
    const saved = await t.app.request('/api/companies/demo/automations/bank-fees', {
      method: 'PUT', headers: { cookie, 'x-csrf-token': me.csrfToken, 'content-type': 'application/json' }, body: JSON.stringify(edited),
    });
    expect(saved.status).toBe(200);
    const asked = await t.app.request('/api/companies/demo/automations/bank-fees/publish', { method: 'POST', headers: { cookie, 'x-csrf-token': me.csrfToken } });
    expect(asked.status).toBe(202);
    const { requestId } = await asked.json();
    const own = await t.app.request(`/api/companies/demo/publication-requests/${requestId}/approve`, { method: 'POST', headers: { cookie, 'x-csrf-token': me.csrfToken } });
    expect(own.status).toBe(403); // a publisher has no "approve" permission, and it is her own request anyway

    // Bo, an approver, approves: it is published under his name
    await t.post('/api/companies/demo/members', { email: 'bo@demo.se', name: 'Bo Approver', password: 'another good passphrase', role: 'approver' });
    const bo = await t.app.request('/api/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bo@demo.se', password: 'another good passphrase' }) });
    const boMe = await bo.json();
    const boCookie = bo.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const approved = await t.app.request(`/api/companies/demo/publication-requests/${requestId}/approve`, { method: 'POST', headers: { cookie: boCookie, 'x-csrf-token': boMe.csrfToken } });
    expect(approved.status).toBe(200);
    expect(await approved.json()).toMatchObject({ status: 'published', version: 2 });

    const audit = await (await t.request('/api/companies/demo/audit?action=member')).json();
    expect(audit.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['member.role']));
    const trail = await (await t.request('/api/companies/demo/audit?action=automation')).json();
    const actions = trail.map((e: { action: string; actor: string }) => `${e.action} ${e.actor.startsWith('user:') ? 'user' : 'other'}`);
    expect(actions).toEqual(expect.arrayContaining(['automation.save user', 'automation.publish_requested user', 'automation.publish_approved user', 'automation.publish user']));
    const signOut = await t.app.request('/api/auth/sign-out', { method: 'POST', headers: { cookie } });
    expect(signOut.status).toBe(204);
    expect((await t.app.request('/api/companies/demo/automations', { headers: { cookie } })).status).toBe(401);
  });
});

describe('hardening', () => {
  it('refuses prototype keys in JSON bodies without polluting anything', async () => {
    for (const body of ['{"__proto__": {"polluted": true}, "id": "x"}', '{"a": {"constructor": {"prototype": {"polluted": true}}}}']) {
      const response = await t.post('/api/companies/demo/bank-lines', body);
      expect(response.status).toBe(400);
      expect((await response.json()).message).toMatch(/not allowed/);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers malformed and deeply nested JSON with 400 and no stack trace', async () => {
    const malformed = await t.post('/api/companies/demo/bank-lines', '{"id": "x", ');
    expect(malformed.status).toBe(400);
    const text = await malformed.text();
    expect(text).toMatch(/not valid JSON/);
    expect(text).not.toMatch(/\bat \S+:\d+/);
    const deep = await t.post('/api/companies/demo/bank-lines', '['.repeat(10_000) + ']'.repeat(10_000));
    expect(deep.status).toBe(400);
    expect((await deep.json()).message).toMatch(/nesting/);
  });

  it('refuses bodies over the limit with 413', async () => {
    const big = JSON.stringify({ id: 'x', text: 'x'.repeat(6 * 1024 * 1024) });
    const response = await t.post('/api/companies/demo/bank-lines', big);
    expect(response.status).toBe(413);
  });

  it('sends security headers and a CSP', async () => {
    const response = await t.app.request('/api/health');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(response.headers.get('content-security-policy')).toMatch(/worker-src 'self' blob:/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });
});
