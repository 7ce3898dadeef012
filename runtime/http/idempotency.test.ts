/**
 * Idempotency-Key on creating POSTs (issue 10, item 7): the first answer is
 * stored and replayed byte for byte; another body or route with the same key
 * is refused; a key in flight is 409; 5xx answers are not kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client.ts';
import { createCompany } from '../seed/demo.ts';
import { idempotencyClaimStaleMs, idempotencyKeyTtlMs, idempotencyNotNeeded, idempotentRoutes, IdempotencyStore } from './idempotency.ts';
import { createTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
const year = new Date().getUTCFullYear();

beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());

const voucherBody = (text: string, amountMinor = 10_000) => ({
  date: `${year}-11-02`, text, lines: [{ account: '5460', debitMinor: amountMinor }, { account: '1930', creditMinor: amountMinor }],
});

async function vouchersWithText(text: string): Promise<number> {
  const { rows } = await t.database.client.execute({ sql: 'SELECT count(*) AS n FROM vouchers WHERE text = ?', args: [text] });
  return Number(rows[0].n);
}

describe('Idempotency-Key on POST …/vouchers', () => {
  it('the issue: the same voucher three times, two with one key, makes two vouchers; the replay is the first answer', async () => {
    const body = voucherBody('Idempotens: hyra november');
    const plain = await t.post('/api/companies/demo/vouchers', body);
    expect(plain.status).toBe(201);
    const first = await t.post('/api/companies/demo/vouchers', body, { 'idempotency-key': 'rent-2026-11' });
    const firstText = await first.text();
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const second = await t.post('/api/companies/demo/vouchers', body, { 'idempotency-key': 'rent-2026-11' });
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
    expect(await second.text()).toBe(firstText); // byte for byte: the same voucher id, series and number
    expect(await vouchersWithText('Idempotens: hyra november')).toBe(2);
  });

  it('refuses the same key with another body (422 idempotency_key_reused), and on another route', async () => {
    const key = 'reuse-1';
    expect((await t.post('/api/companies/demo/vouchers', voucherBody('Idempotens: A'), { 'idempotency-key': key })).status).toBe(201);
    const other = await t.post('/api/companies/demo/vouchers', voucherBody('Idempotens: A', 12_000), { 'idempotency-key': key });
    expect(other.status).toBe(422);
    expect(await other.json()).toMatchObject({ error: 'idempotency_key_reused' });
    const elsewhere = await t.post('/api/companies/demo/bank-lines', { id: 'IDEM-REUSE', bookingDate: `${year}-11-30`, amountMinor: -100, currency: 'SEK', text: 'x', reference: null, counterparty: null },
      { 'idempotency-key': key });
    expect(elsewhere.status).toBe(422);
    expect((await elsewhere.json()).error).toBe('idempotency_key_reused');
    expect(await vouchersWithText('Idempotens: A')).toBe(1);
    const { rows } = await t.database.client.execute("SELECT count(*) AS n FROM bank_lines WHERE id = 'IDEM-REUSE'");
    expect(Number(rows[0].n)).toBe(0);
  });

  it('answers 409 idempotency_key_in_progress while the first request with the key runs, then replays it', async () => {
    const ledger = t.services.ledger;
    const original = ledger.post;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => { entered = resolve; });
    ledger.post = async (...args: Parameters<typeof original>) => { entered(); await gate; return original.apply(ledger, args); };
    try {
      const body = voucherBody('Idempotens: samtidigt');
      const firstPromise = t.post('/api/companies/demo/vouchers', body, { 'idempotency-key': 'concurrent-1' });
      await inside;
      // Without the claim this request would wait at the gate too: give up after 5 s rather than hang the file.
      const during = await Promise.race([
        t.post('/api/companies/demo/vouchers', body, { 'idempotency-key': 'concurrent-1' }),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 5000)),
      ]);
      expect(during?.status).toBe(409);
      expect(await during!.json()).toMatchObject({ error: 'idempotency_key_in_progress' });
      release();
      const first = await firstPromise;
      expect(first.status).toBe(201);
      const after = await t.post('/api/companies/demo/vouchers', body, { 'idempotency-key': 'concurrent-1' });
      expect(after.headers.get('idempotent-replayed')).toBe('true');
      expect(await after.text()).toBe(await first.text());
    } finally {
      ledger.post = original;
      release();
    }
    expect(await vouchersWithText('Idempotens: samtidigt')).toBe(1);
  });

  it('does not keep a 5xx: the retry with the same key runs again', async () => {
    const ledger = t.services.ledger;
    const original = ledger.post;
    ledger.post = async () => { throw new Error('the disk is full (test)'); };
    const body = voucherBody('Idempotens: efter fel');
    try {
      const failed = await t.post('/api/companies/demo/vouchers', body, { 'idempotency-key': 'after-500' });
      expect(failed.status).toBe(500);
    } finally {
      ledger.post = original;
    }
    const retried = await t.post('/api/companies/demo/vouchers', body, { 'idempotency-key': 'after-500' });
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(await vouchersWithText('Idempotens: efter fel')).toBe(1);
  });

  it('keeps a deterministic 4xx: the same refused voucher with the key gets the same 422, replayed', async () => {
    const unbalanced = { date: `${year}-11-02`, text: 'Idempotens: obalans', lines: [{ account: '5460', debitMinor: 8000 }, { account: '1930', creditMinor: 7000 }] };
    const first = await t.post('/api/companies/demo/vouchers', unbalanced, { 'idempotency-key': 'refused-1' });
    expect(first.status).toBe(422);
    const again = await t.post('/api/companies/demo/vouchers', unbalanced, { 'idempotency-key': 'refused-1' });
    expect(again.status).toBe(422);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.text()).toBe(await first.text());
  });

  it("does not show one token's key to another token, nor to another company", async () => {
    const body = voucherBody('Idempotens: två nycklar');
    const mine = await t.post('/api/companies/demo/vouchers', body, { 'idempotency-key': 'shared-name' });
    expect(mine.status).toBe(201);
    const otherToken = await t.tokenFor('demo', ['read', 'ledger:write']);
    const theirs = await t.post('/api/companies/demo/vouchers', body, { 'idempotency-key': 'shared-name', authorization: `Bearer ${otherToken}` });
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect((await theirs.json()).id).not.toBe((await mine.json()).id);
    expect(await vouchersWithText('Idempotens: två nycklar')).toBe(2);

    await createCompany(t.database.db, { id: 'idem-other', name: 'Annat AB', orgNumber: '556000-0009', year });
    const otherCompanyToken = await t.tokenFor('idem-other');
    const reused = await t.post('/api/companies/idem-other/vouchers', body, { 'idempotency-key': 'shared-name', authorization: `Bearer ${otherCompanyToken}` });
    expect(reused.headers.get('idempotent-replayed')).toBeNull(); // its own answer (the company has no such accounts), not ours
    expect(reused.status).not.toBe(201);
  });

  it('refuses a key that is empty, too long or not printable (400 invalid_idempotency_key)', async () => {
    for (const key of ['x'.repeat(256), 'tab\there']) {
      const response = await t.post('/api/companies/demo/vouchers', voucherBody('Idempotens: dålig nyckel'), { 'idempotency-key': key });
      expect({ key, status: response.status }).toEqual({ key, status: 400 });
      expect((await response.json()).error).toBe('invalid_idempotency_key');
    }
    expect(await vouchersWithText('Idempotens: dålig nyckel')).toBe(0);
  });

  it('without the header nothing changes: the same voucher twice is two vouchers', async () => {
    const body = voucherBody('Idempotens: utan nyckel');
    expect((await t.post('/api/companies/demo/vouchers', body)).status).toBe(201);
    expect((await t.post('/api/companies/demo/vouchers', body)).status).toBe(201);
    expect(await vouchersWithText('Idempotens: utan nyckel')).toBe(2);
  });
});

describe('Idempotency-Key on other creating POSTs', () => {
  it('replays a bank-lines answer (duplicate: false again), where a plain resend says duplicate', async () => {
    const line = { id: 'IDEM-FEE-1', bookingDate: `${year}-11-30`, amountMinor: -2500, currency: 'SEK', text: 'AVGIFT BANKGIRO', reference: null, counterparty: null };
    const first = await t.post('/api/companies/demo/bank-lines', line, { 'idempotency-key': 'bank-1' });
    expect(first.status).toBe(200);
    const firstText = await first.text();
    expect(JSON.parse(firstText)).toMatchObject({ received: 1, duplicates: 0 });
    const replay = await t.post('/api/companies/demo/bank-lines', line, { 'idempotency-key': 'bank-1' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await replay.text()).toBe(firstText);
    const plain = await t.post('/api/companies/demo/bank-lines', line);
    expect(await plain.json()).toMatchObject({ duplicates: 1 });
  });

  it('replays a created token without creating another, and keeps no readable secret in the database', async () => {
    const first = await t.post('/api/companies/demo/tokens', { name: 'idem-token', permissions: ['read'] }, { 'idempotency-key': 'token-1' });
    expect(first.status).toBe(201);
    const created = await first.json() as { token: string };
    const replay = await t.post('/api/companies/demo/tokens', { name: 'idem-token', permissions: ['read'] }, { 'idempotency-key': 'token-1' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((await replay.json()).token).toBe(created.token);
    const { rows } = await t.database.client.execute("SELECT count(*) AS n FROM api_tokens WHERE name = 'idem-token'");
    expect(Number(rows[0].n)).toBe(1);
    const stored = await t.database.client.execute('SELECT * FROM idempotency_keys');
    expect(stored.rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(stored.rows)).not.toContain(created.token);
  });

  it('replays a reversal for the same voucher, and refuses the key for another voucher', async () => {
    const a = await (await t.post('/api/companies/demo/vouchers', voucherBody('Idempotens: vänd A'))).json();
    const b = await (await t.post('/api/companies/demo/vouchers', voucherBody('Idempotens: vänd B'))).json();
    const first = await t.post(`/api/companies/demo/vouchers/${a.id}/reverse`, {}, { 'idempotency-key': 'reverse-1' });
    expect(first.status).toBe(201);
    const again = await t.post(`/api/companies/demo/vouchers/${a.id}/reverse`, {}, { 'idempotency-key': 'reverse-1' });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const otherVoucher = await t.post(`/api/companies/demo/vouchers/${b.id}/reverse`, {}, { 'idempotency-key': 'reverse-1' });
    expect(otherVoucher.status).toBe(422);
    expect((await otherVoucher.json()).error).toBe('idempotency_key_reused');
  });
});

describe('the claim in the database', () => {
  const fingerprint = (bodyHash = 'h1') => ({ target: 'POST /api/companies/demo/vouchers', route: 'POST /api/companies/:companyId/vouchers', bodyHash });

  it('lets exactly one of many concurrent claims win, across two connections to the database (as two processes)', async () => {
    const second = await openDatabase(t.database.url);
    try {
      const stores = [new IdempotencyStore(t.database.db, t.services.secretBox), new IdempotencyStore(second.db, t.services.secretBox)];
      const scope = { companyId: 'demo', principal: 'token:race', key: 'race-1' };
      const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => stores[i % 2].claim(scope, fingerprint())));
      expect(claims.filter((c) => c.kind === 'claimed')).toHaveLength(1);
      expect(claims.filter((c) => c.kind === 'in_progress')).toHaveLength(9);
    } finally {
      second.close();
    }
  });

  it('forgets a key 24 hours after its first use (claimed afresh, pruned), not before', async () => {
    let nowMs = Date.parse(`${year}-03-01T10:00:00Z`);
    const store = new IdempotencyStore(t.database.db, t.services.secretBox, () => new Date(nowMs));
    const scope = { companyId: 'demo', principal: 'token:clock', key: 'expiring' };
    const first = await store.claim(scope, fingerprint());
    expect(first.kind).toBe('claimed');
    if (first.kind !== 'claimed') return;
    await store.complete(scope, first.claimId, { status: 201, headers: [['content-type', 'application/json']], body: new TextEncoder().encode('{"n":1}') });
    nowMs += idempotencyKeyTtlMs - 1000;
    const replay = await store.claim(scope, fingerprint());
    expect(replay.kind === 'replay' && new TextDecoder().decode(replay.answer.body)).toBe('{"n":1}');
    expect(await store.prune()).toBe(0);
    nowMs += 2000;
    expect(await store.prune()).toBeGreaterThanOrEqual(1);
    expect((await store.claim(scope, fingerprint('another body now'))).kind).toBe('claimed'); // the old key is gone: a new request
  });

  it('takes over a claim abandoned for 10 minutes (its process died) for the same request only', async () => {
    let nowMs = Date.parse(`${year}-03-02T10:00:00Z`);
    const store = new IdempotencyStore(t.database.db, t.services.secretBox, () => new Date(nowMs));
    const scope = { companyId: 'demo', principal: 'token:crash', key: 'abandoned' };
    expect((await store.claim(scope, fingerprint())).kind).toBe('claimed');
    nowMs += idempotencyClaimStaleMs - 1000;
    expect((await store.claim(scope, fingerprint())).kind).toBe('in_progress');
    nowMs += 2000;
    expect((await store.claim(scope, fingerprint('other'))).kind).toBe('reused');
    expect((await store.claim(scope, fingerprint())).kind).toBe('claimed');
  });

  it('covers every company POST the router serves: it honours the key, or it creates nothing', () => {
    const posts = new Set(t.app.routes.filter((r) => r.method === 'POST' && r.path.startsWith('/api/companies/')).map((r) => `POST ${r.path}`));
    expect(posts.size).toBeGreaterThan(10);
    for (const route of posts) expect({ route, listed: idempotentRoutes.has(route) || route in idempotencyNotNeeded }).toEqual({ route, listed: true });
    for (const route of [...idempotentRoutes, ...Object.keys(idempotencyNotNeeded)]) expect({ route, served: posts.has(route) }).toEqual({ route, served: true });
  });
});
