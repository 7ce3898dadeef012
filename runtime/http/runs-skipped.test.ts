/** GET …/runs?skipped=hide: the automations that stood aside because another booked the source first are left out. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
const year = new Date().getUTCFullYear();
beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());

describe('runs that stood aside', () => {
  it('lists the automations that stood aside only when asked (skipped=hide leaves them out)', async () => {
    // a customer payment: "Customer payments" (priority 10) books it, the rules after it stand aside
    const open = (await (await t.request('/api/companies/demo/customer-invoices?status=open')).json()).invoices as { ocrReference: string; openMinor: number }[];
    const paid = { id: 'PAY-ASIDE-1', bookingDate: `${year}-11-30`, amountMinor: open[0].openMinor, currency: 'SEK', text: 'Inbetalning', reference: open[0].ocrReference, counterparty: null };
    expect((await t.post('/api/companies/demo/bank-lines', paid)).status).toBe(200);
    type Listed = { automationId: string; status: string; reason: string | null };
    const all = (await (await t.request('/api/companies/demo/runs?sourceRef=bank-line:PAY-ASIDE-1')).json()) as Listed[];
    const shown = (await (await t.request('/api/companies/demo/runs?sourceRef=bank-line:PAY-ASIDE-1&skipped=hide')).json()) as Listed[];
    const stoodAside = all.filter((r) => /already booked by "customer-payments"/.test(r.reason ?? ''));
    expect(stoodAside.length).toBeGreaterThan(2);
    expect(shown.map((r) => [r.automationId, r.status])).toEqual([['customer-payments', 'posted']]);
    expect(shown).toHaveLength(all.length - stoodAside.length);
    expect((await t.request('/api/companies/demo/runs?skipped=maybe')).status).toBe(400);
  });
});
