/**
 * The API answers in the request's language (issue 12): Swedish with
 * `Accept-Language: sv-SE` (what the designer sends for a Swedish user),
 * English without — the same codes and shapes either way.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../shared/api.ts';
import { createTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ today: new Date('2026-11-29T12:00:00Z') });
});
afterAll(() => t.close());

const swedish = { 'accept-language': 'sv-SE,sv;q=0.9,en;q=0.8' };
const both = async (send: (headers: Record<string, string>) => Promise<Response>) => {
  const en = await send({});
  const sv = await send(swedish);
  return { en: { status: en.status, body: (await en.json()) as ApiError }, sv: { status: sv.status, body: (await sv.json()) as ApiError } };
};
const bankFees = () => JSON.parse(readFileSync(new URL('../../rules-examples/bank-fees.json', import.meta.url), 'utf8'));

describe('answers in the language asked for', () => {
  it('validation issues of a draft (POST …/automations/validate)', async () => {
    const document = { ...bankFees(), nodes: bankFees().nodes.filter((n: { type: string }) => n.type !== 'bank-line-imported') };
    const answer = async (headers: Record<string, string>) => (await (await t.post('/api/companies/demo/automations/validate', document, headers)).json()) as { issues: { code: string; message: string }[] };
    const en = await answer({});
    const sv = await answer(swedish);
    expect(sv.issues.map((i) => i.code)).toEqual(en.issues.map((i) => i.code));
    expect(en.issues.find((i) => i.code === 'no_trigger')?.message).toBe('The automation has no trigger: add one (e.g. "Bank line imported")');
    expect(sv.issues.find((i) => i.code === 'no_trigger')?.message).toBe('Automatiseringen har ingen utlösare: lägg till en (t.ex. "Bankrad importerad")');
  });

  it('a draft refused on publish (422 automation_invalid), its issues too', async () => {
    const saved = await t.request('/api/companies/demo/automations/bank-fees', {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...bankFees(), edges: [] }),
    });
    expect(saved.status).toBe(200); // an unconnected draft may be saved, not published
    const { en, sv } = await both((headers) => t.post('/api/companies/demo/automations/bank-fees/publish', {}, headers));
    expect(en.status).toBe(422);
    expect(sv.status).toBe(422);
    expect(en.body.message).toMatch(/^The automation is not valid: "Bank line imported" must be connected from its "out" output/);
    expect(sv.body.message).toMatch(/^Automatiseringen är inte giltig: "Bank line imported" måste kopplas vidare från sin utgång "out"/);
    expect(sv.body.issues?.map((i) => i.code)).toEqual(en.body.issues?.map((i) => i.code));
    expect(sv.body.issues?.[0].message).toBe('"Bank line imported" måste kopplas vidare från sin utgång "out"');
  });

  it('a malformed request body (400 invalid_request): zod\'s own words in Swedish, the path as it is', async () => {
    const { en, sv } = await both((headers) => t.post('/api/companies/demo/bank-lines', { id: 'X', amountMinor: 'ten' }, headers));
    expect(en.status).toBe(400);
    expect(sv.status).toBe(400);
    expect(en.body.error).toBe('invalid_request');
    expect(sv.body.error).toBe('invalid_request');
    expect(en.body.message).toMatch(/^Invalid body: .*Invalid input/);
    expect(sv.body.message).toMatch(/^Ogiltig begäran \(body\): /);
    expect(sv.body.message).not.toMatch(/Invalid input/);
    expect(sv.body.issues?.map((i) => i.path)).toEqual(en.body.issues?.map((i) => i.path));
  });

  it('a role without the permission (403 forbidden)', async () => {
    const reader = await t.tokenFor('demo', ['read']);
    const { en, sv } = await both((headers) => t.post('/api/companies/demo/vouchers', {}, { authorization: `Bearer ${reader}`, ...headers }));
    expect(en.status).toBe(403);
    expect(en.body).toMatchObject({ error: 'forbidden', message: expect.stringMatching(/does not allow this: it needs the "[a-z:]+" permission$/) });
    expect(sv.body).toMatchObject({ error: 'forbidden', message: expect.stringMatching(/tillåter inte detta: det kräver behörigheten "[a-z:]+"$/) });
  });

  it('no rate for a foreign bank line (422 no_exchange_rate)', async () => {
    const account = await t.post('/api/companies/demo/bank-accounts', { id: 'eur', name: 'Valutakonto EUR', ledgerAccount: '1940', currency: 'EUR' });
    expect([200, 201]).toContain(account.status);
    const line = { id: 'LANG-EUR-1', bookingDate: '2026-11-17', amountMinor: 5_000, currency: 'EUR', text: 'Återbetalning', reference: null, counterparty: null, bankAccount: '1940' };
    expect((await t.post('/api/companies/demo/bank-lines', line)).status).toBe(200);
    const { en, sv } = await both((headers) => t.post('/api/companies/demo/bank-lines/LANG-EUR-1/book', { account: '5010' }, headers));
    expect(en.status).toBe(422);
    expect(en.body).toMatchObject({ error: 'no_exchange_rate', field: 'rate', message: expect.stringMatching(/^No EUR→SEK rate for 2026-11-17: bank line LANG-EUR-1 is in EUR/) });
    expect(sv.body).toMatchObject({ error: 'no_exchange_rate', field: 'rate', message: expect.stringMatching(/^Ingen kurs EUR→SEK för 2026-11-17: bankraden LANG-EUR-1 är i EUR/) });
  });

  it('without a session or token (401), and English for a language the server does not speak', async () => {
    const plain = await t.app.request('/api/companies/demo/vouchers', { headers: { 'accept-language': 'de-DE' } });
    expect(plain.status).toBe(401);
    expect(((await plain.json()) as ApiError).message).toMatch(/^Sign in, or send an API token/);
    const sv = await t.app.request('/api/companies/demo/vouchers', { headers: swedish });
    expect(((await sv.json()) as ApiError).message).toMatch(/^Logga in, eller skicka en API-token/);
  });
});

describe('the language follows the person (PUT /api/auth/me/preferences)', () => {
  it('keeps a signed-in person\'s language, shows it on /me and on every sign-in; a token has none', async () => {
    const user = await t.services.auth.createUser({ email: 'sara@demo.se', name: 'Sara', password: 'a long enough password' });
    await t.services.auth.grant(user.id, 'demo', 'viewer', 'system:test');
    const signIn = async () => {
      const response = await t.app.request('/api/auth/sign-in', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'sara@demo.se', password: 'a long enough password' }),
      });
      expect(response.status).toBe(200);
      const me = (await response.json()) as { csrfToken: string; user: { language?: string | null } };
      return { me, cookie: response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') };
    };
    const first = await signIn();
    expect(first.me.user.language).toBeNull();
    const put = (language: string | null) => t.app.request('/api/auth/me/preferences', {
      method: 'PUT', headers: { 'content-type': 'application/json', cookie: first.cookie, 'x-csrf-token': first.me.csrfToken }, body: JSON.stringify({ language }),
    });
    const saved = await put('sv');
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as { user: { language: string } }).user.language).toBe('sv');
    // a new sign-in (another browser) finds it
    expect((await signIn()).me.user.language).toBe('sv');
    expect((await put('xx')).status).toBe(400);
    expect((await (await put(null)).json()) as { user: { language: null } }).toMatchObject({ user: { language: null } });

    const byToken = await t.request('/api/auth/me/preferences', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ language: 'sv' }) });
    expect(byToken.status).toBe(400);
    expect(await byToken.json()).toMatchObject({ error: 'not_a_person' });
  });
});

describe('master data warnings in the language asked for', () => {
  it('deactivating an account a published automation posts to: the warning in Swedish, the audit in English', async () => {
    const patch = (active: boolean, headers: Record<string, string>) => t.request('/api/companies/demo/accounts/6570', {
      method: 'PATCH', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ active }),
    });
    const sv = await patch(false, swedish);
    expect(sv.status).toBe(200);
    const { warnings } = (await sv.json()) as { warnings: string[] };
    expect(warnings).toContain('Den publicerade automatiseringen "Bankavgifter" (version 1) använder konto 6570 i "Book the fee"');
    const en = await patch(true, {});
    expect(en.status).toBe(200);
    const off = await patch(false, {});
    expect(((await off.json()) as { warnings: string[] }).warnings).toContain('Published automation "Bank fees" (version 1) uses account 6570 in "Book the fee"');
    await patch(true, {});
    const audit = (await (await t.request('/api/companies/demo/audit?action=account')).json()) as { action: string; details: { warnings?: string[] } }[];
    expect(audit.find((e) => e.action === 'account.deactivate')?.details.warnings?.[0]).toMatch(/^Published automation "Bank fees"/);
  });
});

describe('year-end refusals in the language asked for', () => {
  it('the close preview and the close itself (409 no_next_fiscal_year)', async () => {
    const years = (await (await t.request('/api/companies/demo/fiscal-years')).json()) as { year: number }[];
    const last = Math.max(...years.map((y) => y.year));
    type Preview = { refusal: { error: string; message: string } | null };
    const preview = async (headers: Record<string, string>) =>
      (await (await t.request(`/api/companies/demo/fiscal-years/${last}/year-end`, { headers })).json()) as Preview;
    const en = await preview({});
    const sv = await preview(swedish);
    expect(en.refusal?.error).toBe('no_next_fiscal_year');
    expect(sv.refusal?.error).toBe('no_next_fiscal_year');
    expect(en.refusal?.message).toMatch(new RegExp(`^Fiscal year ${last} \\(.*\\) has no next fiscal year to carry its balances into: create it first \\(e\\.g\\. ${last + 1}-01-01\\.\\.${last + 1}-12-31: POST /api/companies/demo/fiscal-years`));
    expect(sv.refusal?.message).toMatch(new RegExp(`^Räkenskapsåret ${last} \\(.*\\) har inget nästa räkenskapsår att föra över saldona till: skapa det först \\(t\\.ex\\. ${last + 1}-01-01`));

    const closed = await both((headers) => t.post(`/api/companies/demo/fiscal-years/${last}/close`, {}, headers));
    expect([closed.en.status, closed.en.body.error]).toEqual([409, 'no_next_fiscal_year']);
    expect(closed.en.body.message).toBe(en.refusal?.message);
    expect(closed.sv.body.message).toBe(sv.refusal?.message);
  });
});

describe('SIE import warnings in the language asked for', () => {
  it('POST …/sie: each warning in Swedish when asked, the same codes; English as written', async () => {
    const file = (name: string) => new TextEncoder().encode([
      '#FLAGGA 0', '#GEN 20261201', '#RAR 0 20260101 20261231', '#KONTO 1930 "Bank"', '#KONTO 1930 "Bank igen"', '#OKAND 1',
      `#VER A ${name} 20261101 "Test"`, '{', '#TRANS 1930 {} 10.00', '#TRANS 6570 {} -10.00', '}',
    ].join('\r\n') + '\r\n');
    type Summary = { warnings: { code: string; message: string }[] };
    const post = async (name: string, headers: Record<string, string>) => {
      const response = await t.request(`/api/companies/demo/sie?fileName=lang-${name}.si`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', ...headers }, body: file(name) as BodyInit });
      expect(response.status, await response.clone().text()).toBe(200);
      return (await response.json()) as Summary;
    };
    const en = await post('9001', {});
    const sv = await post('9002', swedish);
    expect(sv.warnings.map((w) => w.code)).toEqual(en.warnings.map((w) => w.code));
    expect(en.warnings.map((w) => w.message)).toContain('account 1930 is declared again; the later name is kept');
    expect(en.warnings.map((w) => w.message)).toContain('the file has no #SIETYP record (SIE type (1 is assumed))');
    expect(sv.warnings.map((w) => w.message)).toContain('konto 1930 deklareras igen; det senare namnet behålls');
    expect(sv.warnings.map((w) => w.message)).toContain('filen saknar posten #SIETYP (SIE-typ (1 antas))');
    expect(sv.warnings.filter((w) => en.warnings.some((e) => e.message === w.message))).toEqual([]);
  });
});

describe('the close and re-open answers in the language asked for', () => {
  it('re-opening answers with the year-end preview whose refusal is in Swedish (an earlier year is open)', async () => {
    const base = '/api/companies/demo/fiscal-years';
    const years = (await (await t.request(base)).json()) as { year: number; startDate: string; endDate: string }[];
    const last = years[years.length - 1];
    const next = last.year + 1;
    expect((await t.post(base, { start: `${next}-01-01`, end: `${next}-12-31` })).status).toBe(201);
    expect((await t.post(`${base}/${last.year}/close`, {}, swedish)).status).toBe(200);
    const earliest = years[0].year - 1;
    expect((await t.post(base, { start: `${earliest}-01-01`, end: `${earliest}-12-31` })).status).toBe(201);
    const reopened = await t.post(`${base}/${last.year}/reopen`, { reason: 'Rätta en decemberfaktura' }, swedish);
    expect(reopened.status).toBe(200);
    const body = (await reopened.json()) as { status: string; refusal: { error: string; message: string } | null };
    expect(body.status).toBe('open');
    expect(body.refusal).toMatchObject({ error: 'earlier_year_open', message: expect.stringMatching(/^Stäng det tidigare räkenskapsåret/) });
  });
});
