/**
 * Four-eyes follows the person, not the credential: a token acts for the
 * person who created it, so an admin cannot be their own second pair of eyes
 * by switching between session and token; and one admin alone cannot switch
 * four-eyes off at once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { permissions } from '../../shared/permissions.ts';
import { AuthStore } from '../auth/store.ts';
import { createTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
beforeEach(async () => { t = await createTestApp(); });
afterEach(() => t.close());

const json = { 'content-type': 'application/json' };

/** Adds a person with a role and signs them in: their cookie and CSRF token. */
async function person(email: string, role: 'admin' | 'publisher' | 'approver' = 'admin') {
  expect((await t.post('/api/companies/demo/members', { email, name: email, password: 'a long enough password', role })).status).toBe(200);
  const signIn = await t.app.request('/api/auth/sign-in', { method: 'POST', headers: json, body: JSON.stringify({ email, password: 'a long enough password' }) });
  expect(signIn.status).toBe(200);
  const me = await signIn.json();
  const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const session = { cookie, 'x-csrf-token': me.csrfToken as string };
  const call = async (method: string, path: string, body?: unknown) => t.app.request(path, {
    method, headers: { ...session, ...json }, body: body === undefined ? undefined : JSON.stringify(body),
  });
  /** Mints an API token with their session, as the designer's Administration page does. */
  const mintToken = async () => {
    const minted = await call('POST', '/api/companies/demo/tokens', { name: `${email} script`, permissions: [...permissions] });
    expect(minted.status).toBe(201);
    const token = (await minted.json()).token as string;
    return async (method: string, path: string, body?: unknown) => t.app.request(path, {
      method, headers: { authorization: `Bearer ${token}`, ...json }, body: body === undefined ? undefined : JSON.stringify(body),
    });
  };
  return { id: me.user.id as string, call, mintToken };
}

async function editBankFees(as: { call: (method: string, path: string, body?: unknown) => Promise<Response> }, description: string) {
  const detail = await (await as.call('GET', '/api/companies/demo/automations/bank-fees')).json();
  expect((await as.call('PUT', '/api/companies/demo/automations/bank-fees', { ...detail.draft, description })).status).toBe(200);
}

const publishedVersion = async () => (await (await t.request('/api/companies/demo/automations/bank-fees')).json()).summary.publishedVersion;

describe('four-eyes compares people, not credentials', () => {
  it('(a) an admin who edited by session and publishes with a token they minted only asks (202), nothing is published', async () => {
    const anna = await person('anna@demo.se');
    await editBankFees(anna, 'Anna edits by session');
    const before = await publishedVersion();
    const annaToken = await anna.mintToken();
    const published = await annaToken('POST', '/api/companies/demo/automations/bank-fees/publish');
    expect(published.status).toBe(202);
    expect(await published.json()).toMatchObject({ status: 'pending_approval' });
    expect(await publishedVersion()).toBe(before);
  });

  it('(b) an admin who asked by session cannot approve their own request with a token (403 with the reason)', async () => {
    const anna = await person('anna@demo.se');
    await editBankFees(anna, 'Anna asks');
    const asked = await anna.call('POST', '/api/companies/demo/automations/bank-fees/publish');
    expect(asked.status).toBe(202);
    const { requestId } = await asked.json();
    const annaToken = await anna.mintToken();
    const approved = await annaToken('POST', `/api/companies/demo/publication-requests/${requestId}/approve`);
    expect(approved.status).toBe(403);
    expect((await approved.json()).message).toMatch(/four-eyes/i);
    // Bo, another person, may.
    const bo = await person('bo@demo.se');
    expect((await bo.call('POST', `/api/companies/demo/publication-requests/${requestId}/approve`)).status).toBe(200);
  });

  it('a co-author cannot approve, whichever credential they use', async () => {
    const anna = await person('anna@demo.se');
    const bo = await person('bo@demo.se');
    const boToken = await bo.mintToken();
    await editBankFees(anna, 'Anna writes');
    await boToken('GET', '/api/companies/demo/automations/bank-fees').then(async (r) => {
      const detail = await r.json();
      expect((await boToken('PUT', '/api/companies/demo/automations/bank-fees', { ...detail.draft, description: 'Bo touches it' })).status).toBe(200);
    });
    const asked = await anna.call('POST', '/api/companies/demo/automations/bank-fees/publish');
    const { requestId } = await asked.json();
    const refused = await bo.call('POST', `/api/companies/demo/publication-requests/${requestId}/approve`);
    expect(refused.status).toBe(403);
    expect((await bo.call('POST', '/api/companies/demo/automations/bank-fees/publish')).status).toBe(202);
    const cecilia = await person('cecilia@demo.se', 'approver');
    expect((await cecilia.call('POST', `/api/companies/demo/publication-requests/${requestId}/approve`)).status).toBe(200);
  });

  it('a token no person created (bootstrap, CLI, older tokens) is never the second pair of eyes', async () => {
    const anna = await person('anna@demo.se');
    await editBankFees(anna, 'Anna asks');
    const asked = await anna.call('POST', '/api/companies/demo/automations/bank-fees/publish');
    const { requestId } = await asked.json();
    // t.token was created by "system:test", like the bootstrap token.
    const approved = await t.post(`/api/companies/demo/publication-requests/${requestId}/approve`, {});
    expect(approved.status).toBe(403);
    expect((await approved.json()).message).toMatch(/not created by a person/);
    expect((await t.post('/api/companies/demo/automations/bank-fees/publish', {})).status).toBe(202);
    // Its own drafts go to a person for review.
    const detail = await (await t.request('/api/companies/demo/automations/bank-fees')).json();
    expect((await t.request('/api/companies/demo/automations/bank-fees', { method: 'PUT', headers: json, body: JSON.stringify({ ...detail.draft, description: 'by a script' }) })).status).toBe(200);
    expect((await t.post('/api/companies/demo/automations/bank-fees/publish', {})).status).toBe(202);
    const bo = await person('bo@demo.se');
    expect((await bo.call('POST', '/api/companies/demo/automations/bank-fees/publish')).status).toBe(200);
  });

  it('a token records the person who created it, and tokens minted by that token too', async () => {
    const anna = await person('anna@demo.se');
    const annaToken = await anna.mintToken();
    expect((await annaToken('POST', '/api/companies/demo/tokens', { name: 'minted by a token', permissions: ['read'] })).status).toBe(201);
    const tokens = await t.services.auth.tokens('demo');
    expect(tokens.filter((x) => x.name !== `test-demo`).map((x) => [x.name, x.createdByUserId])).toEqual([
      ['anna@demo.se script', anna.id], ['minted by a token', anna.id],
    ]);
    expect(tokens.find((x) => x.name === 'test-demo')?.createdByUserId).toBeNull();
  });
});

describe('switching four-eyes off', () => {
  it('(c) one admin cannot switch it off at once: it waits, is shown and audited; the same person by token cannot confirm; a second admin can', async () => {
    const anna = await person('anna@demo.se');
    const off = await anna.call('PUT', '/api/companies/demo/settings', { fourEyesPublish: false });
    expect(off.status).toBe(202);
    const state = await (await t.request('/api/companies/demo/settings')).json();
    expect(state.fourEyesPublish).toBe(true); // still in force
    expect(state.pendingChanges).toEqual([expect.objectContaining({ setting: 'fourEyesPublish', value: false, requestedBy: `user:${anna.id}` })]);
    const change = state.pendingChanges[0];
    expect(Date.parse(change.effectiveAt) - Date.parse(change.requestedAt)).toBe(24 * 60 * 60 * 1000);

    // Four-eyes still holds for publication.
    await editBankFees(anna, 'while the change waits');
    expect((await anna.call('POST', '/api/companies/demo/automations/bank-fees/publish')).status).toBe(202);

    const annaToken = await anna.mintToken();
    const self = await annaToken('POST', `/api/companies/demo/settings-changes/${change.id}/confirm`);
    expect(self.status).toBe(403);
    expect((await self.json()).message).toMatch(/another admin/i);
    const system = await t.post(`/api/companies/demo/settings-changes/${change.id}/confirm`, {});
    expect(system.status).toBe(403);

    const bo = await person('bo@demo.se');
    const confirmed = await bo.call('POST', `/api/companies/demo/settings-changes/${change.id}/confirm`);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toMatchObject({ fourEyesPublish: false, pendingChanges: [] });

    const audit = await (await t.request('/api/companies/demo/audit?action=settings')).json();
    expect(audit.map((e: { action: string; actor: string }) => `${e.action} ${e.actor}`).sort()).toEqual([
      `settings.change_confirmed user:${bo.id}`, `settings.change_requested user:${anna.id}`,
    ]);
  });

  it('switching on takes effect at once and withdraws a waiting switch-off; a waiting change can be cancelled', async () => {
    const anna = await person('anna@demo.se');
    expect((await anna.call('PUT', '/api/companies/demo/settings', { fourEyesPayments: false })).status).toBe(202);
    const on = await anna.call('PUT', '/api/companies/demo/settings', { fourEyesPayments: true });
    expect(on.status).toBe(200);
    expect(await on.json()).toMatchObject({ fourEyesPayments: true, pendingChanges: [] });

    expect((await anna.call('PUT', '/api/companies/demo/settings', { fourEyesInvoices: false })).status).toBe(202);
    const { pendingChanges } = await (await t.request('/api/companies/demo/settings')).json();
    const cancelled = await anna.call('POST', `/api/companies/demo/settings-changes/${pendingChanges[0].id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(await cancelled.json()).toMatchObject({ fourEyesInvoices: true, pendingChanges: [] });
    const audit = await (await t.request('/api/companies/demo/audit?action=settings')).json();
    expect(audit.map((e: { action: string }) => e.action).sort()).toEqual([
      'settings.change_cancelled', 'settings.change_requested', 'settings.change_requested', 'settings.change_withdrawn', 'settings.update',
    ]);
  });

  it('without a second admin, the switch-off takes effect after the waiting period, audited', async () => {
    const anna = await person('anna@demo.se');
    expect((await anna.call('PUT', '/api/companies/demo/settings', { fourEyesPublish: false })).status).toBe(202);
    let nowMs = Date.now() + 24 * 60 * 60 * 1000 - 60_000;
    const later = new AuthStore(t.database.db, { now: () => new Date(nowMs), newId: () => crypto.randomUUID() });
    expect((await later.settings('demo')).fourEyesPublish).toBe(true);
    nowMs += 120_000;
    expect((await later.settings('demo')).fourEyesPublish).toBe(false);
    expect((await later.settings('demo')).fourEyesPublish).toBe(false);
    const audit = await (await t.request('/api/companies/demo/audit?action=settings')).json();
    expect(audit.map((e: { action: string }) => e.action).sort()).toEqual(['settings.change_applied', 'settings.change_requested']);
    expect((await (await t.request('/api/companies/demo/settings')).json()).pendingChanges).toEqual([]);
  });
});
