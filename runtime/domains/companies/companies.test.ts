import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { permissions } from '../../../shared/permissions.ts';
import type { CreatedCompany, FiscalYear, Voucher } from '../../../shared/api.ts';
import { accounts, auditEvents, automations, memberships, periods, vatCodes, voucherSeries } from '../../db/schema.ts';
import { createTestApp, type TestApp } from '../../http/test-app.ts';

let testApp: TestApp;
let bootstrap: string;
let firstAdmin: string;
let otherAdmin: string;
beforeAll(async () => {
  testApp = await createTestApp({ today: new Date('2026-11-29T12:00:00Z') });
  bootstrap = (await testApp.services.auth.createToken({ companyId: 'demo', name: 'bootstrap', permissions: [...permissions], createdBy: 'system:bootstrap', secret: 'kt_bootstrap_secret_of_the_tests_0123456789' })).token;
  firstAdmin = await testApp.personToken('demo', 'first@kontera.test'); // the earliest admin membership
  otherAdmin = await testApp.personToken('demo', 'second@kontera.test');
});
afterAll(() => testApp.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const create = (body: unknown, token = bootstrap) => testApp.post('/api/companies', body, bearer(token));
const count_ = async (table: typeof accounts | typeof vatCodes | typeof voucherSeries | typeof periods, companyId: string) =>
  (await testApp.database.db.select({ n: count() }).from(table).where(eq(table.companyId, companyId)))[0].n;

describe('POST /api/companies', () => {
  it('with the bootstrap token: the demo\'s chart, VAT codes, series and this calendar year; an admin token of the new company; then a voucher posts in it', async () => {
    const response = await create({ id: 'acme', name: 'Acme AB', orgNumber: '556000-0001' });
    expect(response.status).toBe(201);
    const created = (await response.json()) as CreatedCompany;
    const year = new Date().getUTCFullYear(); // the server's clock
    expect(created).toMatchObject({
      id: 'acme', name: 'Acme AB', orgNumber: '556000-0001', baseCurrency: 'SEK', series: ['A', 'B', 'C', 'D', 'E'], automations: [], admins: [],
      fiscalYears: [{ year, startDate: `${year}-01-01`, endDate: `${year}-12-31`, periods: 12 }],
    });
    for (const table of [accounts, vatCodes, voucherSeries, periods] as const) expect(await count_(table, 'acme')).toBe(await count_(table, 'demo'));
    expect(created.token).not.toBeNull();
    const posted = await testApp.post('/api/companies/acme/vouchers', {
      date: `${year}-06-15`, series: 'A', text: 'Aktiekapital', lines: [{ account: '1930', debitMinor: 2_500_000 }, { account: '2081', creditMinor: 2_500_000 }],
    }, bearer(created.token!.token));
    expect(posted.status).toBe(201);
    expect((await posted.json()) as Voucher).toMatchObject({ series: 'A', number: 1, fiscalYear: year });
    const audit = await testApp.database.db.select().from(auditEvents).where(and(eq(auditEvents.companyId, 'acme'), eq(auditEvents.action, 'company.create')));
    expect(audit).toHaveLength(1);
    // the demo keeps its own data: the bootstrap token still sees demo, not acme
    expect((await testApp.request('/api/companies/acme/accounts', { headers: bearer(bootstrap) })).status).toBe(404);
  });

  it('by the first admin: they become its admin; a broken first year; examples published', async () => {
    const response = await create({ id: 'beta', name: 'Beta HB', orgNumber: '5561234567', fiscalYear: { start: '2026-05-01', end: '2027-04-30' }, examples: true }, firstAdmin);
    expect(response.status).toBe(201);
    const created = (await response.json()) as CreatedCompany;
    expect(created.fiscalYears).toEqual([{ year: 2026, startDate: '2026-05-01', endDate: '2027-04-30', periods: 12 }]);
    expect(created.admins).toHaveLength(1);
    expect(created.token).not.toBeNull(); // a token caller (here the first admin's own token) also gets one for the new company
    const [member] = await testApp.database.db.select().from(memberships).where(and(eq(memberships.companyId, 'beta'), eq(memberships.role, 'admin')));
    expect(`user:${member.userId}`).toBe(created.admins[0]);
    const published = await testApp.database.db.select().from(automations).where(eq(automations.companyId, 'beta'));
    expect(published.length).toBeGreaterThan(0);
    expect(created.automations.sort()).toEqual(published.map((a) => a.id).sort());
    expect(published.every((a) => a.publishedVersion === 1)).toBe(true);
  });

  it('signed in as the first admin: made its admin, no token', async () => {
    const signIn = await testApp.app.request('/api/auth/sign-in', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'first@kontera.test', password: 'first@kontera.test has a long password' }),
    });
    expect(signIn.status).toBe(200);
    const cookies = signIn.headers.getSetCookie().map((c) => c.split(';')[0]);
    const csrf = decodeURIComponent(cookies.find((c) => c.startsWith('kontera_csrf='))!.split('=')[1]);
    const response = await testApp.app.request('/api/companies', {
      method: 'POST', headers: { 'content-type': 'application/json', cookie: cookies.join('; '), 'x-csrf-token': csrf },
      body: JSON.stringify({ id: 'epsilon', name: 'Epsilon AB', orgNumber: '556000-0001' }),
    });
    expect(response.status).toBe(201);
    const created = (await response.json()) as CreatedCompany;
    expect(created).toMatchObject({ id: 'epsilon', token: null, admins: [expect.stringMatching(/^user:/)] });
    const me = await testApp.app.request('/api/auth/me', { headers: { cookie: cookies.join('; ') } });
    expect(((await me.json()) as { companies: { id: string; role: string }[] }).companies).toContainEqual(expect.objectContaining({ id: 'epsilon', role: 'admin' }));
  });

  it('refuses everybody else with 403: another admin, an ordinary admin token', async () => {
    for (const token of [otherAdmin, testApp.token]) {
      const response = await create({ id: 'gamma', name: 'Gamma AB', orgNumber: '556000-0001' }, token);
      expect(response.status).toBe(403);
      expect(((await response.json()) as { error: string }).error).toBe('forbidden');
    }
  });

  it('answers 409 for an id taken, 422 naming a bad organisation number or fiscal year, 400 for a malformed body', async () => {
    expect(await (await create({ id: 'demo', name: 'Demo igen', orgNumber: '556000-0001' })).json()).toMatchObject({ error: 'conflict', field: 'id' });
    for (const [body, status, where] of [
      [{ id: 'delta', name: 'Delta', orgNumber: '556000-0002' }, 422, 'orgNumber'],
      [{ id: 'delta', name: 'Delta', orgNumber: '556000-0001', fiscalYear: { start: '2026-01-15', end: '2026-12-31' } }, 422, 'fiscalYear.start'],
      [{ id: 'delta', name: 'Delta', orgNumber: '556000-0001', fiscalYear: { start: '2026-01-01', end: '2027-12-31' } }, 422, 'fiscalYear.end'],
      [{ id: 'Delta AB', name: 'Delta', orgNumber: '556000-0001' }, 400, 'id'],
    ] as const) {
      const response = await create(body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      expect(((await response.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain(where);
    }
    expect((await testApp.database.db.select({ n: count() }).from(accounts).where(eq(accounts.companyId, 'delta')))[0].n).toBe(0);
  });
});

describe('fiscal years', () => {
  const add = (companyId: string, start: string, end: string) => testApp.post(`/api/companies/${companyId}/fiscal-years`, { start, end });
  const list = async (companyId: string) => (await (await testApp.request(`/api/companies/${companyId}/fiscal-years`)).json()) as FiscalYear[];

  it('goes 2026 → a shortened 2027-01-01..04-30 → a broken 2027-05-01..2028-04-30 (keyed 2028), and a voucher lands in it', async () => {
    expect(await list('demo')).toEqual([{ year: 2026, startDate: '2026-01-01', endDate: '2026-12-31', periods: 12, status: 'open', closingVoucherId: null }]);
    const short = await add('demo', '2027-01-01', '2027-04-30');
    expect(short.status).toBe(201);
    expect(await short.json()).toEqual({ year: 2027, startDate: '2027-01-01', endDate: '2027-04-30', periods: 4 });
    const broken = await add('demo', '2027-05-01', '2028-04-30');
    expect(await broken.json()).toEqual({ year: 2028, startDate: '2027-05-01', endDate: '2028-04-30', periods: 12 });
    const posted = await testApp.post('/api/companies/demo/vouchers', {
      date: '2027-06-15', series: 'A', text: 'I det brutna året', lines: [{ account: '1930', debitMinor: 100 }, { account: '3001', creditMinor: 100 }],
    });
    expect((await posted.json()) as Voucher).toMatchObject({ fiscalYear: 2028, number: 1 });
    const may = await testApp.database.db.select().from(periods).where(and(eq(periods.companyId, 'demo'), eq(periods.period, '2027-05')));
    expect(may[0]).toMatchObject({ fiscalYear: 2028, startDate: '2027-05-01', endDate: '2027-05-31' });
    const audit = await testApp.database.db.select().from(auditEvents).where(and(eq(auditEvents.companyId, 'demo'), eq(auditEvents.action, 'fiscal_year.create')));
    expect(audit.map((a) => a.subject)).toEqual(['fiscal-year:2027', 'fiscal-year:2028']);
  });

  it('adds an earlier year, ending the day before the first starts', async () => {
    expect(await (await add('demo', '2025-01-01', '2025-12-31')).json()).toEqual({ year: 2025, startDate: '2025-01-01', endDate: '2025-12-31', periods: 12 });
    expect((await list('demo')).map((y) => y.year)).toEqual([2025, 2026, 2027, 2028]);
  });

  it('refuses clearly: an overlap (409), a gap or a bad range (422), a year no key is left for (409)', async () => {
    const cases: [string, string, number, string, string][] = [
      ['2027-03-01', '2027-12-31', 409, 'fiscal_year_overlaps', '2027-01-01..2027-04-30'],
      ['2028-06-01', '2029-05-31', 422, 'fiscal_year_not_contiguous', 'starts on 2028-05-01'],
      ['2023-01-01', '2023-12-31', 422, 'fiscal_year_not_contiguous', 'ends on 2024-12-31'],
      ['2028-05-01', '2029-11-30', 422, 'invalid_fiscal_year', 'at most 18'],
      ['2028-05-02', '2029-04-30', 422, 'invalid_fiscal_year', '1st of a month'],
      ['2028-05-01', '2029-04-29', 422, 'invalid_fiscal_year', 'last day of a month'],
      ['2028-05-01', '2028-04-30', 422, 'invalid_fiscal_year', 'before the start'],
      // 2028 is 2027-05..2028-04 already; a short 2028-05..2028-12 would need 2028 again
      ['2028-05-01', '2028-12-31', 409, 'fiscal_year_key_taken', '2028 is 2027-05-01..2028-04-30'],
    ];
    for (const [start, end, status, code, text] of cases) {
      const response = await add('demo', start, end);
      expect(response.status, `${start}..${end}`).toBe(status);
      const answer = (await response.json()) as { error: string; message: string };
      expect(answer.error).toBe(code);
      expect(answer.message).toContain(text);
    }
    expect((await list('demo')).map((y) => y.year)).toEqual([2025, 2026, 2027, 2028]);
    // the next broken year: start 2028 taken, so keyed by its end, 2029
    expect(await (await add('demo', '2028-05-01', '2029-04-30')).json()).toMatchObject({ year: 2029, periods: 12 });
  });

  it('is for admins', async () => {
    const token = await testApp.tokenFor('demo', ['read', 'ledger:write']);
    expect((await testApp.post('/api/companies/demo/fiscal-years', { start: '2029-05-01', end: '2030-04-30' }, bearer(token))).status).toBe(403);
    expect((await testApp.request('/api/companies/demo/fiscal-years', { headers: bearer(token) })).status).toBe(200);
  });
});
