import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { CustomersPage } from '../../../shared/api.ts';
import { auditEvents } from '../../db/schema.ts';
import { createTestApp, type TestApp } from '../../http/test-app.ts';

let testApp: TestApp;
beforeAll(async () => { testApp = await createTestApp({ today: new Date('2026-11-29T12:00:00Z') }); });
afterAll(() => testApp.close());

const path = '/api/companies/demo/customers';
const page = async (query = '') => (await (await testApp.request(`${path}${query}`)).json()) as CustomersPage;

describe('customers over HTTP', () => {
  it('lists the demo customers and searches number, name and organisation number', async () => {
    expect((await page()).customers.map((c) => c.customerNo)).toEqual(['K1001', 'K1002', 'K1003']);
    expect((await page('?q=bageriet')).customers.map((c) => c.customerNo)).toEqual(['K1002']);
    expect((await page('?q=5561234567')).customers.map((c) => c.customerNo)).toEqual(['K1001']);
    expect((await page('?q=k100')).total).toBe(3);
    expect((await page('?q=%25')).total).toBe(0); // "%" is taken literally
    const first = await page('?limit=2');
    expect(first).toMatchObject({ total: 3, nextOffset: 2 });
    expect((await page('?limit=2&offset=2')).nextOffset).toBeNull();
  });

  it('creates one, normalised, and says so; the same again is unchanged; audited', async () => {
    const body = {
      customerNo: 'K2001', name: 'Acme Sverige AB', orgNumber: '5560000001', vatNumber: 'se556000000101', bankgiro: '5050-1055',
      email: 'Faktura@Acme.se', address: { street: 'Storgatan 1', postalCode: '111 22', city: 'Stockholm', country: 'SE' },
    };
    const response = await testApp.post(path, body);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect((await page('?q=acme')).customers[0]).toMatchObject({
      customerNo: 'K2001', orgNumber: '556000-0001', vatNumber: 'SE556000000101', bankgiro: '50501055', email: 'faktura@acme.se',
      address: { street: 'Storgatan 1', postalCode: '111 22', city: 'Stockholm', country: 'SE' }, receivableAccount: '1510', paymentTermsDays: 30,
    });
    expect(await (await testApp.post(path, body)).json()).toEqual({ created: 0, updated: 0, unchanged: 1 });
    const audit = await testApp.database.db.select().from(auditEvents).where(and(eq(auditEvents.companyId, 'demo'), eq(auditEvents.action, 'customer.upsert')));
    expect(audit.map((a) => a.subject)).toEqual(['customer:K2001', 'customer:K2001']);
  });

  it('upserts an array by customer number: new ones created, known ones updated in the fields sent, null clears', async () => {
    const response = await testApp.post(path, [
      { customerNo: 'K1001', name: 'Nordisk Design AB', email: null },
      { customerNo: 'K2001', name: 'Acme Sverige Aktiebolag' },
      { customerNo: 'K3001', name: 'Ny Kund HB' },
    ]);
    expect(await response.json()).toEqual({ created: 1, updated: 2, unchanged: 0 });
    const customers = (await page()).customers;
    const k1001 = customers.find((c) => c.customerNo === 'K1001')!;
    expect(k1001).toMatchObject({ email: null, orgNumber: '556123-4567', vatNumber: 'SE556123456701' }); // only email changed
    expect(customers.find((c) => c.customerNo === 'K2001')).toMatchObject({ name: 'Acme Sverige Aktiebolag', bankgiro: '50501055' });
    expect(k1001.updatedAt).not.toBe(k1001.createdAt);
  });

  it('takes 10 000 in one request', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({ customerNo: `M${String(i).padStart(5, '0')}`, name: `Kund ${i} AB` }));
    const response = await testApp.post(path, many);
    expect(await response.json()).toEqual({ created: 10_000, updated: 0, unchanged: 0 });
    expect((await page('?q=M0999')).customers.map((c) => c.customerNo)).toEqual(['M09990', 'M09991', 'M09992', 'M09993', 'M09994', 'M09995', 'M09996', 'M09997', 'M09998', 'M09999']);
    expect((await testApp.post(path, [...many, { customerNo: 'X', name: 'one too many' }])).status).toBe(400);
  }, 30_000);

  it('refuses bad numbers naming the element and field, and stores nothing of the request', async () => {
    const before = (await page()).total;
    for (const [body, status, where] of [
      [{ customerNo: 'Z1', name: 'Z', orgNumber: '556123-4568' }, 422, 'orgNumber'],
      [[{ customerNo: 'Z1', name: 'Z' }, { customerNo: 'Z2', name: 'Z', bankgiro: '991-2347' }], 422, '[1].bankgiro'],
      [[{ customerNo: 'Z1', name: 'Z' }, { customerNo: 'Z2', name: 'Z', vatNumber: 'SE556123456801' }], 422, '[1].vatNumber'],
      [[{ customerNo: 'Z1', name: 'Z' }, { customerNo: 'Z1', name: 'Z again' }], 409, '[1].customerNo'],
      [[{ customerNo: 'Z1', name: 'Z' }, { customerNo: 'Z2', name: '' }], 400, '[1].name'],
      [{ customerNo: 'Z1', name: 'Z', email: 'not an address' }, 400, 'email'],
      [{ customerNo: 'Z1', name: 'Z', address: { country: 'Sweden' } }, 400, 'address.country'],
      [{ customerNo: 'Z1', name: 'Z', phone: '08-123' }, 400, '(body)'],
    ] as const) {
      const response = await testApp.post(path, body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      const answer = (await response.json()) as { message: string; issues?: { path: string }[]; field?: string };
      expect([...(answer.issues ?? []).map((i) => i.path), answer.field], JSON.stringify(answer)).toContain(where);
    }
    expect((await page()).total).toBe(before);
  });

  it('needs ledger:write to change, read to look', async () => {
    const token = await testApp.tokenFor('demo', ['read']);
    const headers = { authorization: `Bearer ${token}` };
    expect((await testApp.post(path, { customerNo: 'R1', name: 'R' }, headers)).status).toBe(403);
    expect((await testApp.request(path, { headers })).status).toBe(200);
  });
});
