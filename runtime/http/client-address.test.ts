/**
 * Rate limits key on an address the client cannot choose: X-Forwarded-For
 * counts only when the direct peer is a configured proxy, and then its
 * right-most untrusted hop. Failed sign-ins slow down that address for that
 * account, never the account everywhere.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditEvents } from '../db/schema.ts';
import { parseTrustedProxies } from './auth.ts';
import { createTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());
const trustProxyBefore = process.env.KONTERA_TRUST_PROXY;
afterEach(() => {
  if (trustProxyBefore === undefined) delete process.env.KONTERA_TRUST_PROXY;
  else process.env.KONTERA_TRUST_PROXY = trustProxyBefore;
});

/** A request arriving on a socket from `peer` (how @hono/node-server passes it). */
const from = (peer: string, path: string, init: RequestInit = {}) =>
  Promise.resolve(t.app.request(path, init, { incoming: { socket: { remoteAddress: peer } } }));

const badToken = (peer: string, forwardedFor?: string) => from(peer, '/api/companies/demo/vouchers', {
  headers: { authorization: 'Bearer ktr_wrong', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
});

describe('client address behind proxies', () => {
  it('ignores X-Forwarded-For from a peer that is not a configured proxy ("1" means loopback only)', async () => {
    process.env.KONTERA_TRUST_PROXY = '1';
    const statuses: number[] = [];
    // A fresh made-up address each time: it must not reset the count of the real peer.
    for (let i = 0; i < 25; i++) statuses.push((await badToken('203.0.113.9', `192.0.2.${i}`)).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
  });

  it('behind a configured proxy, counts the right-most untrusted hop, not the client-chosen left-most', async () => {
    process.env.KONTERA_TRUST_PROXY = '10.0.0.0/8, fd00::/8';
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await badToken('10.0.0.1', `192.0.2.${i}, 198.51.100.7`)).status);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    // Another client behind the same proxy is counted on its own, also through a second trusted hop.
    expect((await badToken('10.0.0.1', '198.51.100.8')).status).toBe(401);
    expect((await badToken('::ffff:10.0.0.1', '192.0.2.1, 198.51.100.8, 10.9.9.9')).status).toBe(401);
    expect((await badToken('fd00::1', '198.51.100.7')).status).toBe(429);
  });

  it('counts IPv6 clients per /64, so rotating addresses inside one network does not reset the limit', async () => {
    process.env.KONTERA_TRUST_PROXY = '';
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await badToken(`2001:db8:1:2::${(i + 1).toString(16)}`)).status);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    expect((await badToken('2001:db8:1:3::1')).status).toBe(401);
  });

  it('refuses a KONTERA_TRUST_PROXY entry that is not an address or a network, naming it', () => {
    expect(() => parseTrustedProxies('10.0.0.1, proxy.internal')).toThrow(/KONTERA_TRUST_PROXY.*"proxy\.internal"/);
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow(/"10\.0\.0\.0\/33"/);
    expect(() => parseTrustedProxies('*')).toThrow(/"\*"/);
    expect(() => parseTrustedProxies('0.0.0.0/0')).toThrow(/trusts every address/);
    expect(() => parseTrustedProxies('::/0')).toThrow(/trusts every address/);
  });
});

describe('failed sign-ins', () => {
  const signIn = (peer: string, email: string, password: string) =>
    from(peer, '/api/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });

  it("an attacker's failures from one address do not stop the user signing in from another, and stay audited", async () => {
    expect((await t.post('/api/companies/demo/members', { email: 'anna@demo.se', name: 'Anna', password: 'anna has a good password', role: 'viewer' })).status).toBe(200);
    const attacker = '203.0.113.66';
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await signIn(attacker, 'anna@demo.se', `guess ${i}`)).status);
    expect((await signIn('198.51.100.20', 'anna@demo.se', 'anna has a good password')).status).toBe(200);

    expect(statuses.slice(0, 6)).toEqual([401, 401, 401, 401, 401, 401]);
    expect(statuses.slice(6).every((s) => s === 429)).toBe(true); // backing off: even the right password waits
    expect((await signIn(attacker, 'anna@demo.se', 'anna has a good password')).status).toBe(429);
    const failed = await t.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'auth.sign_in_failed'));
    expect(failed.filter((e) => e.actor === `address:${attacker}` && e.subject === 'email:anna@demo.se')).toHaveLength(6);
    // in the company's audit log, where its admins and auditors read it
    const audit = await (await t.request('/api/companies/demo/audit?action=auth.sign_in_failed')).json();
    expect(audit.filter((e: { actor: string }) => e.actor === `address:${attacker}`)).toHaveLength(6);
  });

  it('limits failures per address across accounts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await signIn('203.0.113.77', `nobody${i}@demo.se`, 'wrong password')).status);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
    expect((await signIn('203.0.113.78', 'nobody0@demo.se', 'wrong password')).status).toBe(401);
  });
});
