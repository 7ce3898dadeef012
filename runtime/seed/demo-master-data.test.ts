/**
 * The demo's customers and suppliers are what the API itself would store: each sent back through
 * POST …/customers and …/suppliers (the same validation and normalisation) is accepted and unchanged.
 * It caught a plusgiro failing mod 10, invalid org numbers and bankgiro numbers stored with a dash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomersPage } from '../../shared/api.ts';
import type { SuppliersPage } from '../../shared/master-data.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());

describe('the demo master data passes master-data validation', () => {
  it('suppliers: sent back as they are, all accepted and unchanged', async () => {
    const { suppliers } = await (await t.request('/api/companies/demo/suppliers?limit=200')).json() as SuppliersPage;
    expect(suppliers.length).toBeGreaterThanOrEqual(3);
    const body = suppliers.map((s) => ({
      supplierNo: s.supplierNo, name: s.name, orgNumber: s.orgNumber, vatNumber: s.vatNumber, bankgiro: s.bankgiro, plusgiro: s.plusgiro, iban: s.iban,
      email: s.email, address: s.address, paymentTermsDays: s.paymentTermsDays, defaultExpenseAccount: s.defaultExpenseAccount, active: s.active,
    }));
    const response = await t.post('/api/companies/demo/suppliers', body);
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.json()).toMatchObject({ created: 0, updated: 0, unchanged: suppliers.length });
  });

  it('customers: sent back as they are, all accepted and unchanged', async () => {
    const { customers } = await (await t.request('/api/companies/demo/customers?limit=200')).json() as CustomersPage;
    expect(customers.length).toBeGreaterThanOrEqual(3);
    const body = customers.map((c) => ({
      customerNo: c.customerNo, name: c.name, orgNumber: c.orgNumber, vatNumber: c.vatNumber, bankgiro: c.bankgiro, email: c.email, address: c.address,
    }));
    const response = await t.post('/api/companies/demo/customers', body);
    expect(response.status, await response.clone().text()).toBe(200);
    expect(await response.json()).toMatchObject({ created: 0, updated: 0, unchanged: customers.length });
  });
});
