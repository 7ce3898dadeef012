import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Voucher } from '../../shared/api.ts';
import { sourceRef } from '../../shared/sources.ts';
import type { VatReturn } from '../../shared/vat.ts';
import { auditEvents, customers, invoices } from '../db/schema.ts';
import { setUpCompany } from '../domains/companies/companies.ts';
import { calendarYear } from '../domains/companies/fiscal-years.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { Ledger } from './ledger.ts';
import type { VoucherLineDraft } from './types.ts';

/*
 * Q1 2026 of "Moms AB", every figure by hand (öre):
 *   V1 01-15  1510 D 12 562,50 / 3001 C 10 050,00 MP1 / 2611 C 2 512,50        sale 25 %
 *   V2 02-03  1510 D  2 240,00 / 3002 C  2 000,00 MP2 / 2621 C   240,00        sale 12 %
 *   V3 02-10  1930 D  1 060,75 / 3003 C  1 000,71 MP3 / 2631 C    60,04        sale 6 % (1 000,71 × 6 % = 60,0426)
 *   V4 03-01  4535 D  4 000,00 EUTI / 2645 D 1 000,00 / 2614 C 1 000,00 / 2440 C 4 000,00   EU service purchase
 *   V5 03-05  1510 D  8 000,00 / 3106 C 8 000,00 EUVF    (invoice F-EU1 to K-DE, DE123456789)  EU goods sale
 *   V6 03-12  6110 D  1 200,40 I25 / 2641 D 300,10 / 2440 C 1 500,50           input VAT
 *   V7 03-20  1510 D  5 000,00 / 3308 C 5 000,00 EUTF    (invoice F-EU2 to K-DE)              EU service sale
 *   April 04-02: 1930 D 1 250,00 / 3001 C 1 000,00 MP1 / 2611 C 250,00        outside Q1
 * Boxes (whole kronor, öre dropped): 05 = 10 050,00 + 2 000,00 + 1 000,71 = 13 050,71 → 13 050; 10 = 2 512; 11 = 240;
 *   12 = 60; 21 = 4 000; 30 = 1 000; 35 = 8 000; 39 = 5 000; 48 = 1 000,00 + 300,10 = 1 300,10 → 1 300;
 *   49 = 2 512 + 240 + 60 + 1 000 − 1 300 = 2 512.
 * Exact net VAT 2 512,50 + 240,00 + 60,04 + 1 000,00 − 1 300,10 = 2 512,44; öre dropped 0,44.
 * Settlement on 03-31: 2611 D 2 512,50, 2614 D 1 000,00, 2621 D 240,00, 2631 D 60,04, 2641 C 300,10, 2645 C 1 000,00,
 *   2650 C 2 512,00, 3740 C 0,44 (debit 3 812,54 = credit 3 812,54).
 */
const company = 'moms';
let t: TestApp;
let token: string;
let ledger: Ledger;
const post = (date: string, text: string, lines: VoucherLineDraft[], ref?: string) =>
  ledger.post(company, [{ date, series: 'A', text, registeredBy: 'user:test', sourceRef: ref ?? null, lines }]);
const get = (path: string) => t.request(`/api/companies/${company}${path}`, { headers: { authorization: `Bearer ${token}` } });
const postJson = (path: string, body: unknown) => t.post(`/api/companies/${company}${path}`, body, { authorization: `Bearer ${token}` });
const box = (report: VatReturn, id: string) => report.boxes.find((b) => b.box === id)!;

beforeAll(async () => {
  t = await createTestApp();
  const db = t.database.db;
  await setUpCompany(db, { id: company, name: 'Moms AB', orgNumber: '556000-0002', fiscalYear: calendarYear(2026) });
  token = await t.tokenFor(company);
  ledger = new Ledger(db);
  await db.insert(customers).values({ companyId: company, id: 'K-DE', name: 'Berlin GmbH', vatNumber: 'DE123456789', paymentTermsDays: 30, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' });
  await post('2026-01-15', 'Faktura 1', [{ account: '1510', debitMinor: 1_256_250 }, { account: '3001', creditMinor: 1_005_000, vatCode: 'MP1' }, { account: '2611', creditMinor: 251_250 }]);
  await post('2026-02-03', 'Faktura 2', [{ account: '1510', debitMinor: 224_000 }, { account: '3002', creditMinor: 200_000, vatCode: 'MP2' }, { account: '2621', creditMinor: 24_000 }]);
  await post('2026-02-10', 'Kontantförsäljning', [{ account: '1930', debitMinor: 106_075 }, { account: '3003', creditMinor: 100_071, vatCode: 'MP3' }, { account: '2631', creditMinor: 6_004 }]);
  await post('2026-03-01', 'Konsult från Irland', [
    { account: '4535', debitMinor: 400_000, vatCode: 'EUTI' }, { account: '2645', debitMinor: 100_000 }, { account: '2614', creditMinor: 100_000 }, { account: '2440', creditMinor: 400_000 },
  ]);
  for (const [id, date, account, code, amount] of [['F-EU1', '2026-03-05', '3106', 'EUVF', 800_000], ['F-EU2', '2026-03-20', '3308', 'EUTF', 500_000]] as const) {
    const [{ voucher }] = await post(date, `Faktura ${id}`, [{ account: '1510', debitMinor: amount }, { account, creditMinor: amount, vatCode: code }], sourceRef('invoice', id));
    await db.insert(invoices).values({
      companyId: company, id, kind: 'ar', counterpartyId: 'K-DE', invoiceNumber: id, invoiceDate: date, dueDate: date, currency: 'SEK',
      totalMinor: amount, vatMinor: 0, openMinor: amount, totalBaseMinor: amount, voucherId: voucher.id,
    });
  }
  await post('2026-03-12', 'Kontorsmaterial', [{ account: '6110', debitMinor: 120_040, vatCode: 'I25' }, { account: '2641', debitMinor: 30_010 }, { account: '2440', creditMinor: 150_050 }]);
  await post('2026-04-02', 'April', [{ account: '1930', debitMinor: 125_000 }, { account: '3001', creditMinor: 100_000, vatCode: 'MP1' }, { account: '2611', creditMinor: 25_000 }]);
});
afterAll(() => t.close());

describe('the VAT return (momsdeklaration)', () => {
  it('Q1: every box against the hand-computed figures, in whole kronor with the öre dropped, and box 49', async () => {
    const response = await get('/reports/vat-return?from=2026-01&to=2026-03');
    expect(response.status).toBe(200);
    const report = (await response.json()) as VatReturn;
    const declared = Object.fromEntries(report.boxes.filter((b) => b.kronor !== 0).map((b) => [b.box, b.kronor]));
    expect(declared).toEqual({ '05': 13_050, 10: 2_512, 11: 240, 12: 60, 21: 4_000, 30: 1_000, 35: 8_000, 39: 5_000, 48: 1_300, 49: 2_512 });
    expect(box(report, '05').amountMinor).toBe(1_305_071);
    expect(box(report, '48').amountMinor).toBe(130_010);
    expect(report.box49Kronor).toBe(2_512);
    expect(report.netVatMinor).toBe(251_244);
    expect(report.roundingMinor).toBe(44);
    expect(report.warnings).toEqual([]);
    // Skatteverket's order: A, B, C, D, H, I, E, F, G.
    expect(report.boxes.map((b) => b.box)).toEqual(['05', '06', '07', '08', '10', '11', '12', '20', '21', '22', '23', '24', '30', '31', '32', '50', '60', '61', '62',
      '35', '36', '37', '38', '39', '40', '41', '42', '48', '49']);
    // The drill-down: box 48 is 2641 (I25's VAT) and 2645 (EUTI's input VAT), and its two lines.
    expect(box(report, '48').sources.map((s) => [s.account, s.amountMinor])).toEqual([['2641', 30_010], ['2645', 100_000]]);
    expect(box(report, '05').sources.map((s) => [s.account, s.vatCode, s.amountMinor])).toEqual([['3001', 'MP1', 1_005_000], ['3002', 'MP2', 200_000], ['3003', 'MP3', 100_071]]);
    expect(box(report, '21').lines.map((l) => [l.date, l.account, l.vatCode, l.amountMinor])).toEqual([['2026-03-01', '4535', 'EUTI', 400_000]]);
    // The EU sales list: boxes 35 and 39 are not zero; the buyer from the invoices.
    expect(report.euSalesList.required).toBe(true);
    expect(report.euSalesList.rows.map((r) => [r.vatNumber, r.customerName, r.goodsKronor, r.triangulationKronor, r.servicesKronor])).toEqual([
      ['DE123456789', 'Berlin GmbH', 8_000, 0, 5_000],
    ]);
  });

  it('a month: January alone (05 10 050, 10 2 512, 49 2 512); April is its own', async () => {
    const january = (await (await get('/reports/vat-return?from=2026-01&to=2026-01')).json()) as VatReturn;
    expect(Object.fromEntries(january.boxes.filter((b) => b.kronor !== 0).map((b) => [b.box, b.kronor]))).toEqual({ '05': 10_050, 10: 2_512, 49: 2_512 });
    expect(january.euSalesList.required).toBe(false);
    const april = (await (await get('/reports/vat-return?from=2026-04&to=2026-04')).json()) as VatReturn;
    expect(Object.fromEntries(april.boxes.filter((b) => b.kronor !== 0).map((b) => [b.box, b.kronor]))).toEqual({ '05': 1_000, 10: 250, 49: 250 });
  });

  it('refuses a range that is not a month, a calendar quarter or a fiscal year', async () => {
    const response = await get('/reports/vat-return?from=2026-02&to=2026-04');
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: 'invalid_vat_period' });
    const year = await get('/reports/vat-return?from=2026-01&to=2026-12');
    expect(year.status).toBe(200);
    expect(((await year.json()) as VatReturn).box49Kronor).toBe(2_512 + 250);
  });

  it('as CSV, and the EU sales list as CSV and in Skatteverket\'s SKV574008 format', async () => {
    const csv = await (await get('/reports/vat-return?from=2026-01&to=2026-03&format=csv')).text();
    expect(csv).toContain('05;Momspliktig försäljning som inte ingår i ruta 06, 07 eller 08;Taxable sales not included in boxes 06, 07 or 08;13050;13050,71\r\n');
    expect(csv).toContain('49;Moms att betala eller få tillbaka;VAT to pay (+) or get back (−);2512;2512,00\r\n');
    const eu = await (await get('/reports/vat-return?from=2026-01&to=2026-03&format=eu-csv')).text();
    expect(eu).toContain('DE123456789;Berlin GmbH;8000;0;5000;A 5 A 6\r\n');
    const skv = await get('/reports/vat-return?from=2026-01&to=2026-03&format=skv574&contactName=Anna%20Andersson&contactPhone=08-123456');
    expect(skv.status).toBe(200);
    expect(await skv.text()).toBe('SKV574008;\r\n556000000201;26-1;Anna Andersson;08-123456;\r\nDE123456789;8000;;5000;\r\n');
    const month = await (await get('/reports/vat-return?from=2026-03&to=2026-03&format=skv574&contactName=Anna&contactPhone=08-123456&contactEmail=a@moms.se')).text();
    expect(month.split('\r\n')[1]).toBe('556000000201;2603;Anna;08-123456;a@moms.se');
    expect((await get('/reports/vat-return?from=2026-01&to=2026-03&format=skv574')).status).toBe(422);
  });
});

describe('settling a VAT period', () => {
  let settlementVoucherId = '';
  it('posts the settlement voucher on the last day: the VAT accounts zeroed, box 49 to 2650, the öre to 3740; audited', async () => {
    const response = await postJson('/vat-returns', { from: '2026-01', to: '2026-03' });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { settlement: { voucherId: string; box49Kronor: number }; voucher: { id: string; date: string } };
    expect(body.settlement.box49Kronor).toBe(2_512);
    expect(body.voucher.date).toBe('2026-03-31');
    settlementVoucherId = body.voucher.id;
    const voucher = (await (await get(`/vouchers/${settlementVoucherId}`)).json()) as Voucher;
    expect(voucher.lines.map((l) => [l.account, l.debitMinor, l.creditMinor])).toEqual([
      ['2611', 251_250, 0], ['2614', 100_000, 0], ['2621', 24_000, 0], ['2631', 6_004, 0], ['2641', 0, 30_010], ['2645', 0, 100_000],
      ['2650', 0, 251_200], ['3740', 0, 44],
    ]);
    const [audit] = await t.database.db.select().from(auditEvents)
      .where(and(eq(auditEvents.companyId, company), eq(auditEvents.action, 'vat_return.settle')));
    expect(audit.subject).toBe('vat-return:2026-01-01..2026-03-31');
    // The return of a settled period still shows what was declared, and which voucher settled it.
    const report = (await (await get('/reports/vat-return?from=2026-01&to=2026-03')).json()) as VatReturn;
    expect(report.box49Kronor).toBe(2_512);
    expect(report.settlement?.voucherId).toBe(settlementVoucherId);
    // The trial balance: the Q1 VAT accounts are zero, 2650 holds the debt to Skatteverket.
    const trial = (await (await get('/reports/trial-balance?from=2026-01&to=2026-03')).json()) as { rows: { account: string; closingMinor: number }[] };
    const closing = Object.fromEntries(trial.rows.map((r) => [r.account, r.closingMinor]));
    for (const account of ['2611', '2614', '2621', '2631', '2641', '2645']) expect(closing[account] ?? 0).toBe(0);
    expect(closing['2650']).toBe(-251_200);
  });

  it('refuses a second settlement of the period, and of a month inside it (409, naming the voucher)', async () => {
    const again = await postJson('/vat-returns', { from: '2026-01', to: '2026-03' });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'vat_period_settled', voucherId: settlementVoucherId });
    expect((await postJson('/vat-returns', { from: '2026-02', to: '2026-02' })).status).toBe(409);
  });

  it('reversing the settlement voucher un-settles the period; it can be settled again', async () => {
    const reversed = await postJson(`/vouchers/${settlementVoucherId}/reverse`, { date: '2026-03-31' });
    expect(reversed.status).toBe(201);
    const report = (await (await get('/reports/vat-return?from=2026-01&to=2026-03')).json()) as VatReturn;
    expect(report.settlement).toBeNull();
    expect(report.box49Kronor).toBe(2_512);
    const again = await postJson('/vat-returns', { from: '2026-01', to: '2026-03' });
    expect(again.status).toBe(201);
  });

  it('needs periods:manage', async () => {
    const viewer = await t.tokenFor(company, ['read', 'ledger:write']);
    const response = await t.post(`/api/companies/${company}/vat-returns`, { from: '2026-04', to: '2026-04' }, { authorization: `Bearer ${viewer}` });
    expect(response.status).toBe(403);
  });
});

describe('an automation whose voucher has the wrong VAT', () => {
  it('is refused at the proposal: the run does not post, and says why (the supplier invoice example with 30 % on 2641)', async () => {
    const { readFileSync } = await import('node:fs');
    const document = JSON.parse(readFileSync(new URL('../../rules-examples/supplier-invoice-coding.json', import.meta.url), 'utf8'));
    const post25 = document.nodes.find((n: { id: string }) => n.id === 'post-i25');
    post25.config.lines[1].amount = { percent_of: [{ var: 'item.amountMinor' }, 30] };
    const event = {
      id: 'IN-VAT-1', supplierId: 'L2003', supplierName: 'Kontorsgiganten AB', invoiceNumber: 'LF-30', invoiceDate: '2026-11-20', dueDate: '2026-12-10',
      currency: 'SEK', totalMinor: 130000, vatMinor: 30000, lines: [{ description: 'Papper', amountMinor: 100000, vatCode: 'I25' }],
    };
    const response = await t.post('/api/companies/demo/automations/dry-run', { document, event });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.vouchers).toEqual([]);
    expect(body.reason).toContain('vat_amount_mismatch: Line 1: the base 1000.00 at I25 25 % calls for 250.00 debit on 2641; the voucher books 300.00');
  });
});
