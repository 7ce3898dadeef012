/**
 * Ids of another company on one's own company's paths: every route under
 * /api/companies/:companyId that takes a second id answers 404 for an id that
 * belongs to another company, exactly as for one that does not exist — and
 * writes nothing, not even an audit row.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCompany } from '../seed/demo.ts';
import { createTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
const year = new Date().getUTCFullYear();
/** The other company's ids, made through its own API calls. */
const theirs = {} as { automationId: string; pendingRequestId: string; runId: string; voucherId: string; exceptionId: string; endpointId: string; tokenId: string; userId: string };

beforeAll(async () => {
  t = await createTestApp();
  // "other" gets the demo chart, so that everything a company can have, it can have.
  await createCompany(t.database.db, { id: 'other', name: 'Other AB', orgNumber: '556000-0002', year });
  for (const table of ['accounts', 'vat_codes', 'dimensions', 'dimension_objects']) {
    const { columns } = await t.database.client.execute(`SELECT * FROM ${table} LIMIT 0`);
    const rest = columns.filter((c) => c !== 'company_id').join(', ');
    await t.database.client.execute(`INSERT INTO ${table} (company_id, ${rest}) SELECT 'other', ${rest} FROM ${table} WHERE company_id = 'demo'`);
  }
  const admin = await t.tokenFor('other');
  const as = (token: string) => ({ authorization: `Bearer ${token}` });
  const call = async (method: string, path: string, body: unknown, token = admin) => {
    const response = await t.app.request(`/api/companies/other${path}`, {
      method, headers: { 'content-type': 'application/json', ...as(token) }, body: JSON.stringify(body),
    });
    expect(response.status, `${method} ${path}`).toBeLessThan(300);
    return response.json();
  };

  const document = JSON.parse(readFileSync(new URL('../../rules-examples/bank-fees.json', import.meta.url), 'utf8'));
  // an id the demo company does not use (ids are per company: demo has its own "bank-fees"); published by a second person
  const { store } = t.services;
  await store.saveDraft('other', 'other-fees', { ...document, id: 'other-fees' }, 'user:author');
  expect(await store.publish('other', 'other-fees', 'user:publisher')).toMatchObject({ status: 'published' });
  theirs.automationId = 'other-fees';
  // four-eyes: its author asks, the request waits for another person
  await store.saveDraft('other', 'fees-copy', { ...document, id: 'fees-copy' }, 'user:author');
  const asked = await store.publish('other', 'fees-copy', 'user:author', { fourEyes: true });
  if (asked.status !== 'pending_approval') throw new Error(`expected a pending request, got ${asked.status}`);
  theirs.pendingRequestId = asked.requestId;

  const line = { bookingDate: `${year}-11-30`, currency: 'SEK', reference: null, counterparty: null };
  const lines = await call('POST', '/bank-lines', [
    { ...line, id: 'OTHER-FEE', amountMinor: -2500, text: 'AVGIFT BANKGIRO' },
    { ...line, id: 'OTHER-PAY', amountMinor: 5000, text: 'Insättning' },
  ]);
  theirs.runId = lines.results[0].runs[0].id;
  theirs.voucherId = lines.results[0].runs[0].voucherIds[0];
  theirs.exceptionId = lines.results[1].exceptionId;
  expect(theirs.voucherId && theirs.exceptionId).toBeTruthy();
  theirs.endpointId = (await call('POST', '/webhook-endpoints', { trigger: 'bank-line-imported' })).id;
  theirs.tokenId = (await call('GET', '/tokens', undefined))[0].id;
  const members = await call('POST', '/members', { email: 'only-other@example.se', role: 'viewer', name: 'Only Other', password: 'a long enough password' });
  theirs.userId = members.find((m: { email: string }) => m.email === 'only-other@example.se').userId;
});
afterAll(() => t.close());

/** Everything a wrong write could touch, of every company. */
async function snapshot() {
  const tables = ['audit_events', 'vouchers', 'runs', 'events', 'exceptions', 'memberships', 'api_tokens', 'webhook_endpoints', 'publication_requests', 'automations', 'automation_versions'];
  const out: Record<string, unknown> = {};
  for (const table of tables) {
    const { rows } = await t.database.client.execute(`SELECT * FROM ${table} ORDER BY 1, 2`);
    // a token's "last used" is written when the caller's own token is used: not a write about anyone's data
    out[table] = rows.map((r) => JSON.stringify({ ...r, last_used_at: undefined }));
  }
  return out;
}

describe("another company's ids on one's own company's paths", () => {
  const routes = (): [string, string, unknown?][] => [
    ['GET', `/automations/${theirs.automationId}`],
    ['POST', `/automations/${theirs.automationId}/publish`, {}],
    ['POST', `/automations/${theirs.automationId}/run`, { event: { id: 'X-1', bookingDate: `${year}-11-30`, amountMinor: -100, currency: 'SEK', text: 'AVGIFT', reference: null, counterparty: null } }],
    ['POST', `/publication-requests/${theirs.pendingRequestId}/approve`, {}],
    ['POST', `/publication-requests/${theirs.pendingRequestId}/reject`, {}],
    ['GET', `/vouchers/${theirs.voucherId}`],
    ['POST', `/vouchers/${theirs.voucherId}/reverse`, {}],
    ['GET', `/runs/${theirs.runId}`],
    ['POST', `/exceptions/${theirs.exceptionId}/resolve`, { note: 'not yours' }],
    ['POST', `/exceptions/${theirs.exceptionId}/retry`, {}],
    ['POST', `/webhook-endpoints/${theirs.endpointId}/rotate`, {}],
    ['DELETE', `/webhook-endpoints/${theirs.endpointId}`],
    ['DELETE', `/tokens/${theirs.tokenId}`],
    ['DELETE', `/members/${theirs.userId}`],
  ];

  it('answers 404 not_found on every route that takes one, and writes nothing', async () => {
    const before = await snapshot();
    const answers: string[] = [];
    for (const [method, path, body] of routes()) {
      const response = await t.request(`/api/companies/demo${path}`, {
        method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body),
      });
      const error = response.status === 204 ? null : (await response.json()).error;
      answers.push(`${method} ${path.replace(/\/[^/]+(\/[a-z]+)?$/, '/:id$1')} → ${response.status} ${error}`);
    }
    expect(answers).toEqual(routes().map(([method, path]) => `${method} ${path.replace(/\/[^/]+(\/[a-z]+)?$/, '/:id$1')} → 404 not_found`));
    expect(await snapshot()).toEqual(before);
  });

  it('answers 404 just the same for ids that exist nowhere (no difference to learn from)', async () => {
    for (const [method, path] of [['POST', '/vouchers/no-such-voucher/reverse'], ['DELETE', '/members/no-such-user']]) {
      const response = await t.request(`/api/companies/demo${path}`, { method, headers: { 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
      expect([path, response.status]).toEqual([path, 404]);
    }
  });

  it("still does the company's own work on those routes", async () => {
    const created = await t.post('/api/companies/demo/vouchers', {
      date: `${year}-11-02`, text: 'Kaffe', lines: [{ account: '5460', debitMinor: 8000 }, { account: '1930', creditMinor: 8000 }],
    });
    const voucher = await created.json();
    expect((await t.post(`/api/companies/demo/vouchers/${voucher.id}/reverse`, {})).status).toBe(201);
    const member = await (await t.post('/api/companies/demo/members', { email: 'temp@example.se', role: 'viewer', name: 'Temp', password: 'a long enough password' })).json();
    const userId = member.find((m: { email: string }) => m.email === 'temp@example.se').userId;
    const removed = await t.request(`/api/companies/demo/members/${userId}`, { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect((await removed.json()).map((m: { email: string }) => m.email)).not.toContain('temp@example.se');
  });
});
