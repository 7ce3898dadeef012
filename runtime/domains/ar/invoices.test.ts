import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import type { CustomerInvoice, CustomerInvoicesPage, Voucher } from '../../../shared/api.ts';
import { auditEvents, invoices, vouchers } from '../../db/schema.ts';
import { recordRefusalOf } from '../../http/errors.ts';
import { createTestApp, type TestApp } from '../../http/test-app.ts';
import { createMatcher } from '../bank/matching/match-payment.ts';
import { ocrBases } from '../bank/matching/ocr.ts';

let testApp: TestApp;
beforeAll(async () => { testApp = await createTestApp({ today: new Date('2026-11-29T12:00:00Z') }); });
afterAll(() => testApp.close());

const path = '/api/companies/demo/customer-invoices';
const invoice = (overrides: Record<string, unknown> = {}) => ({
  invoiceNumber: '2026-0101', customerNo: 'K1001', issueDate: '2026-11-10', dueDate: '2026-12-10', currency: 'SEK', amountMinor: 125_000, vatMinor: 25_000,
  ...overrides,
});
const voucher = async (id: string) => (await (await testApp.request(`/api/companies/demo/vouchers/${id}`)).json()) as Voucher;
const lines = (v: Voucher) => v.lines.map((l) => [l.account, l.debitMinor, l.creditMinor, l.vatCode]);
const stored = async () => {
  const { db } = testApp.database;
  const [{ n: invoiceCount }] = await db.select({ n: count() }).from(invoices).where(eq(invoices.companyId, 'demo'));
  const [{ n: voucherCount }] = await db.select({ n: count() }).from(vouchers).where(eq(vouchers.companyId, 'demo'));
  return { invoiceCount, voucherCount };
};
const refused = async (body: unknown, status: number) => {
  const before = await stored();
  const response = await testApp.post(path, body);
  expect(response.status, JSON.stringify(body)).toBe(status);
  expect(await stored()).toEqual(before); // all or nothing
  return (await response.json()) as { error: string; message: string; field?: string; issues?: { path: string }[] };
};

describe('creating customer invoices', () => {
  it('creates an open invoice and posts its voucher in series C: 1510 against 3001 and 2611; the OCR is made from the number', async () => {
    const response = await testApp.post(path, invoice());
    expect(response.status).toBe(201);
    const { created, invoices: [made] } = (await response.json()) as { created: number; invoices: CustomerInvoice[] };
    expect(created).toBe(1);
    expect(made).toMatchObject({
      invoiceNumber: '2026-0101', customerNo: 'K1001', customerName: 'Nordisk Design AB', currency: 'SEK', amountMinor: 125_000, vatMinor: 25_000,
      openMinor: 125_000, status: 'open', exchangeRate: null, amountBaseMinor: 125_000, ocrReference: '2026010104',
    });
    expect(ocrBases(made.ocrReference!)).toContainEqual({ base: '20260101', withLengthDigit: true });
    const posted = await voucher(made.voucherId!);
    expect(posted).toMatchObject({ series: 'C', date: '2026-11-10', sourceRef: 'invoice:2026-0101', text: 'Kundfaktura 2026-0101 Nordisk Design AB' });
    expect(posted.number).toBe(4); // after the demo's three
    expect(posted.counterparty).toEqual({ name: 'Nordisk Design AB', id: 'K1001' }); // BFL 5:7: who it was with
    expect(lines(posted)).toEqual([['1510', 125_000, 0, null], ['3001', 0, 100_000, 'MP1'], ['2611', 0, 25_000, null]]);
    const audit = await testApp.database.db.select().from(auditEvents).where(and(eq(auditEvents.companyId, 'demo'), eq(auditEvents.action, 'customer_invoice.create')));
    expect(audit.map((a) => a.subject)).toEqual(['invoice:2026-0101']);
  });

  it('the matcher settles a payment carrying the generated OCR (read from GET …/customer-invoices)', async () => {
    const { invoices: open } = (await (await testApp.request(`${path}?status=open`)).json()) as CustomerInvoicesPage;
    const matcher = createMatcher(open.map((i) => ({ ...i, openMinor: i.openMinor, amountMinor: i.amountMinor })));
    const decision = matcher.match({ id: 'line-1', amountMinor: 125_000, currency: 'SEK', bookingDate: '2026-11-28', reference: '2026010104', text: null, counterpartyName: 'Nordisk Design', reversal: false });
    expect(decision.kind).toBe('matched');
    expect(decision.allocations).toEqual([{ invoiceNumber: '2026-0101', customerNo: 'K1001', amountMinor: 125_000 }]);
  });

  it('posts a EUR invoice in SEK at the exchange rate, exactly, the rounding öre on the revenue line; the invoice stays in EUR', async () => {
    const response = await testApp.post(path, invoice({
      invoiceNumber: 'EU-7', currency: 'EUR', amountMinor: 100_001, vatMinor: undefined, exchangeRate: '11.4523', ocrReference: '7 5',
      lines: [{ account: '3308', amountMinor: 33_334, vatCode: 'EUTF' }, { account: '3308', amountMinor: 33_334, vatCode: 'EUTF' }, { account: '3106', amountMinor: 33_333, vatCode: 'EUVF' }],
    }));
    expect(response.status).toBe(201);
    const [made] = ((await response.json()) as { invoices: CustomerInvoice[] }).invoices;
    // 100 001 × 11.4523 = 1 145 241.4523 → 1 145 241 öre; the lines: 33 334 → 381 751.0682 → 381 751 (twice), 33 333 → 381 739.6159 → 381 740: 1 145 242
    expect(made).toMatchObject({ currency: 'EUR', amountMinor: 100_001, openMinor: 100_001, vatMinor: 0, exchangeRate: '11.4523', amountBaseMinor: 1_145_241, ocrReference: '75' });
    const posted = await voucher(made.voucherId!);
    expect(lines(posted)).toEqual([
      ['1510', 1_145_241, 0, null],
      ['3308', 0, 381_750, 'EUTF'], // the first largest revenue line takes the −1 öre
      ['3308', 0, 381_751, 'EUTF'],
      ['3106', 0, 381_740, 'EUVF'],
    ]);
    // Every line carries EUR amount and rate where it is exactly amount × rate; the line that took the rounding öre does not (check.ts).
    expect(posted.lines.map((l) => [l.currency, l.currencyAmountMinor ?? null, l.rate ?? null])).toEqual([
      ['EUR', 100_001, '11.4523'], ['SEK', null, null], ['EUR', 33_334, '11.4523'], ['EUR', 33_333, '11.4523'],
    ]);
    expect(posted.lines[0].text).toBe('1000.01 EUR à 11.4523');
  });

  it('converts with VAT from vatMinor: 3001 and 2611 in SEK, balanced', async () => {
    const response = await testApp.post(path, invoice({ invoiceNumber: 'EU-8', currency: 'EUR', amountMinor: 12_345, vatMinor: 2_469, exchangeRate: '11.2' }));
    const [made] = ((await response.json()) as { invoices: CustomerInvoice[] }).invoices;
    const posted = await voucher(made.voucherId!);
    // 123.45 EUR × 11.2 = 1 382.64 SEK; VAT 24.69 × 11.2 = 276.528 → 276.53; revenue 1 382.64 − 276.53
    expect(lines(posted)).toEqual([['1510', 138_264, 0, null], ['3001', 0, 110_611, 'MP1'], ['2611', 0, 27_653, null]]);
  });

  it('creates an array all at once, numbered in order', async () => {
    const response = await testApp.post(path, [
      invoice({ invoiceNumber: 'A-1', customerNo: 'K1002', amountMinor: 10_000, vatMinor: 2_000 }),
      invoice({ invoiceNumber: 'A-2', customerNo: 'K1003', amountMinor: 50_000, vatMinor: 0, lines: [{ account: '3004', amountMinor: 50_000, vatCode: 'MF' }] }),
    ]);
    expect(response.status).toBe(201);
    const body = (await response.json()) as { created: number; invoices: CustomerInvoice[] };
    expect(body.created).toBe(2);
    expect(body.invoices.map((i) => i.ocrReference)).toEqual(['133', '232']); // 1 + length digit 3 + check digit 3
    const numbers = await Promise.all(body.invoices.map(async (i) => (await voucher(i.voucherId!)).number));
    expect(numbers[1]).toBe(numbers[0] + 1);
  });

  it('refuses a second invoice with the same number: 409 naming it; in an array, the element', async () => {
    const again = await refused(invoice({ ocrReference: '18' }), 409);
    expect(again).toMatchObject({ error: 'duplicate_invoice', field: 'invoiceNumber' });
    expect(again.message).toContain('"2026-0101" already exists');
    const inArray = await refused([invoice({ invoiceNumber: 'B-11' }), invoice({ invoiceNumber: '2026-0101', ocrReference: '26' })], 409);
    expect(inArray).toMatchObject({ field: '[1].invoiceNumber' });
    const twice = await refused([invoice({ invoiceNumber: 'B-11' }), invoice({ invoiceNumber: 'B-11', ocrReference: '34' })], 409);
    expect(twice.message).toContain('[1].invoiceNumber: invoice number "B-11" appears twice in this request (also at [0])');
    const sameOcr = await refused(invoice({ invoiceNumber: 'C-1', ocrReference: '2026010104' }), 409);
    expect(sameOcr).toMatchObject({ error: 'duplicate_ocr_reference', field: 'ocrReference' });
  });

  it('refuses, all or nothing, naming the element and field', async () => {
    const cases: [unknown, number, string, string][] = [
      [[invoice({ invoiceNumber: 'D-101' }), invoice({ invoiceNumber: 'D-102', customerNo: 'K9999' })], 422, '[1].customerNo', 'unknown_customer'],
      [invoice({ invoiceNumber: 'D-103', currency: 'EUR' }), 422, 'exchangeRate', 'invalid_invoice'],
      [invoice({ invoiceNumber: 'D-104', exchangeRate: '10.5' }), 422, 'exchangeRate', 'invalid_invoice'],
      [invoice({ invoiceNumber: 'D-105', currency: 'EUR', exchangeRate: '0.000' }), 422, 'exchangeRate', 'invalid_invoice'],
      [invoice({ invoiceNumber: 'D-106', currency: 'XYZ', exchangeRate: '1' }), 422, 'currency', 'invalid_invoice'],
      [invoice({ invoiceNumber: 'D-107', ocrReference: '12345' }), 422, 'ocrReference', 'invalid_invoice'],
      [invoice({ invoiceNumber: 'NO-DIGITS' }), 422, 'invoiceNumber', 'invalid_invoice'],
      [invoice({ invoiceNumber: 'D-108', dueDate: '2026-11-01' }), 422, 'dueDate', 'invalid_invoice'],
      [invoice({ invoiceNumber: 'D-109', vatMinor: 125_000 }), 422, 'vatMinor', 'invalid_invoice'],
      [invoice({ invoiceNumber: 'D-110', lines: [{ account: '3001', amountMinor: 100_000 }] }), 422, 'lines', 'invalid_invoice'],
      [invoice({ invoiceNumber: 'D-111', lines: [{ account: '3001', amountMinor: 100_000 }, { account: '2611', amountMinor: 25_000 }], vatMinor: 24_000 }), 422, 'vatMinor', 'invalid_invoice'],
      [invoice({ invoiceNumber: 'D-112', vatMinor: undefined, lines: [{ account: '2611', amountMinor: 125_000 }] }), 422, 'lines', 'invalid_invoice'],
      [[invoice({ invoiceNumber: 'D-113' }), invoice({ invoiceNumber: 'D-114', vatMinor: undefined, lines: [{ account: '1930', amountMinor: 125_000 }] })], 422, '[1].lines[0].account', 'invalid_invoice'],
      [invoice({ invoiceNumber: 'D-115', vatMinor: undefined, lines: [{ account: '3999', amountMinor: 125_000 }] }), 422, 'lines[0].account', 'invalid_invoice'],
      [invoice({ invoiceNumber: 'D-116', vatMinor: undefined, lines: [{ account: '3001', amountMinor: 125_000, vatCode: 'NOPE' }] }), 422, 'lines[0]', 'unknown_vat_code'],
      [invoice({ invoiceNumber: 'D-117', issueDate: '2031-01-05', dueDate: '2031-02-05' }), 422, 'issueDate', 'no_fiscal_year'],
      [invoice({ invoiceNumber: 'D-118', amountMinor: 0 }), 400, 'amountMinor', 'invalid_request'],
      [invoice({ invoiceNumber: 'D-119', amountMinor: 1.5 }), 400, 'amountMinor', 'invalid_request'],
      [[invoice({ invoiceNumber: 'D-120' }), invoice({ invoiceNumber: 'D-121', issueDate: '2026-02-30' })], 400, '[1].issueDate', 'invalid_request'],
    ];
    for (const [body, status, where, code] of cases) {
      const answer = await refused(body, status);
      expect(answer.error, JSON.stringify(answer)).toBe(code);
      expect([...(answer.issues ?? []).map((i) => i.path), answer.field], JSON.stringify(answer)).toContain(where);
    }
  });

  it('refuses an issue date in a locked period', async () => {
    expect((await testApp.post('/api/companies/demo/periods/2026-03/lock', {})).status).toBe(200);
    const answer = await refused(invoice({ invoiceNumber: 'L-501', issueDate: '2026-03-15' }), 422);
    expect(answer).toMatchObject({ error: 'period_locked', issues: [{ path: 'issueDate' }] });
  });

  it('lists invoices by status, customer and search, with open amounts', async () => {
    const list = async (query: string) => (await (await testApp.request(`${path}${query}`)).json()) as CustomerInvoicesPage;
    const all = await list('?status=all');
    expect(all.invoices.map((i) => i.invoiceNumber)).toEqual(expect.arrayContaining(['F1001', 'F1002', 'F1003', '2026-0101', 'EU-7', 'EU-8', 'A-1', 'A-2']));
    expect(all.invoices.some((i) => i.invoiceNumber.startsWith('LF-'))).toBe(false); // supplier invoices are not customer invoices
    await testApp.database.db.update(invoices).set({ openMinor: 0, status: 'paid' }).where(and(eq(invoices.companyId, 'demo'), eq(invoices.id, 'A-1')));
    expect((await list('?status=paid')).invoices.map((i) => i.invoiceNumber)).toEqual(['A-1']);
    expect((await list('?status=open')).invoices.map((i) => i.invoiceNumber)).not.toContain('A-1');
    expect((await list('?customerNo=K1003')).invoices.map((i) => i.invoiceNumber)).toEqual(expect.arrayContaining(['F1003', 'A-2']));
    expect((await list('?q=nordisk')).invoices.every((i) => i.customerNo === 'K1001')).toBe(true);
    expect((await list('?q=2026 0101 04')).invoices.map((i) => i.invoiceNumber)).toEqual(['2026-0101']);
    const firstPage = await list('?limit=2');
    expect(firstPage).toMatchObject({ total: all.total, nextOffset: 2 });
    expect(firstPage.invoices[0]).toMatchObject({ openMinor: expect.any(Number), dueDate: expect.any(String), voucherId: expect.any(String) });
  });

  it('guards a stored invoice: its amounts are fixed, the open amount stays between 0 and the total', async () => {
    const { db } = testApp.database;
    const where = and(eq(invoices.companyId, 'demo'), eq(invoices.id, '2026-0101'));
    // 0021's guard, or 0022's invoices_open_within_total (payment matching) for the open amount: whichever fires first
    const refusedByTrigger = (error: unknown) => recordRefusalOf(error)?.code === 'record_immutable' || /invoice_over_settled/.test(String((error as Error).cause ?? error));
    await expect(db.update(invoices).set({ totalMinor: 1 }).where(where)).rejects.toSatisfy(refusedByTrigger);
    await expect(db.update(invoices).set({ openMinor: -1 }).where(where)).rejects.toSatisfy(refusedByTrigger);
    await expect(db.update(invoices).set({ openMinor: 125_001 }).where(where)).rejects.toSatisfy(refusedByTrigger);
    await expect(db.insert(invoices).values({ ...(await db.select().from(invoices).where(where))[0], id: 'other-id' })).rejects.toSatisfy(refusedByTrigger);
    await db.update(invoices).set({ openMinor: 25_000 }).where(where);
    const row = await db.select().from(invoices).where(eq(invoices.invoiceNumber, '2026-0101'));
    expect(row[0].openMinor).toBe(25_000);
  });

  it('needs ledger:write', async () => {
    const token = await testApp.tokenFor('demo', ['read', 'events:write']);
    expect((await testApp.post(path, invoice({ invoiceNumber: 'P-1' }), { authorization: `Bearer ${token}` })).status).toBe(403);
  });
});
