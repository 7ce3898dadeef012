import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.ts';
import type { FinancialStatement } from '../../shared/api.ts';

// The demo company as of 2026-11-29 (runtime/seed/demo.ts; figures as in runtime/ledger/reports.test.ts) plus two
// vouchers posted here over the API on project P2 (dimension 6):
//   2026-11-10  4010 D 3 000,00 {6:P2} / 1930 C 3 000,00
//   2026-11-12  1930 D 4 500,00 / 3001 C 4 500,00 {6:P2, 1:300}
// Demo result for the year: sales 150 500,00 − rent 18 500,00 − phone and office supplies 3 236,00 = 128 764,00;
// with the two vouchers 128 764,00 − 3 000,00 + 4 500,00 = 130 264,00.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ today: new Date('2026-11-29T12:00:00Z') });
  for (const voucher of [
    { date: '2026-11-10', series: 'A', text: 'Mässmaterial', lines: [{ account: '4010', debitMinor: 300_000, dimensions: { 6: 'P2' } }, { account: '1930', creditMinor: 300_000 }] },
    { date: '2026-11-12', series: 'A', text: 'Mässförsäljning', lines: [{ account: '1930', debitMinor: 450_000 }, { account: '3001', creditMinor: 450_000, dimensions: { 6: 'P2', 1: '300' } }] },
  ]) {
    const response = await t.post('/api/companies/demo/vouchers', voucher);
    expect(response.status, await response.clone().text()).toBe(201);
  }
});
afterAll(() => t.close());

const base = '/api/companies/demo/reports';

describe('balance sheet and income statement over HTTP', () => {
  it('the balance sheet balances, with the year\'s result in equity', async () => {
    const response = await t.request(`${base}/balance-sheet?to=2026-11`);
    expect(response.status).toBe(200);
    const bs = await response.json() as FinancialStatement;
    expect(bs.kind).toBe('balance_sheet');
    expect(bs.differenceMinor).toEqual({ opening: 0, change: 0, closing: 0, closingPrevious: null });
    expect(bs.previous).toBeNull();
    expect(bs.resultMinor.closing).toBe(13_026_400);
    const yearResult = bs.rows.find((r) => r.kind === 'year_result')!;
    expect(yearResult.amounts).toEqual({ opening: 0, change: 13_026_400, closing: 13_026_400, closingPrevious: null });
    const assets = bs.rows.find((r) => r.kind === 'section_total' && r.key === 'assets')!;
    const claims = bs.rows.find((r) => r.kind === 'section_total' && r.key === 'equity_and_liabilities')!;
    expect(assets.amounts.closing).toBe(claims.amounts.closing);
  });

  it('the income statement for November, per project', async () => {
    const all = await (await t.request(`${base}/income-statement?from=2026-11&to=2026-11`)).json() as FinancialStatement;
    expect(all.resultMinor.yearToDate).toBe(13_026_400);
    const p2 = await (await t.request(`${base}/income-statement?from=2026-11&to=2026-11&dimension=6:P2`)).json() as FinancialStatement;
    expect(p2.dimension).toEqual({ dimension: 6, object: 'P2', name: 'Mässa Elmia' });
    expect(p2.rows.filter((r) => r.kind === 'account').map((r) => [r.account, r.amounts.period])).toEqual([['3001', 450_000], ['4010', -300_000]]);
    expect(p2.resultMinor).toEqual({ period: 150_000, periodPrevious: null, yearToDate: 150_000, yearToDatePrevious: null });
    const cc = await (await t.request(`${base}/income-statement?from=2026-01&to=2026-11&dimension=1:300`)).json() as FinancialStatement;
    expect(cc.resultMinor.period).toBe(450_000);
  });

  it('refuses a malformed or unknown dimension and a range across years', async () => {
    expect((await t.request(`${base}/income-statement?from=2026-11&to=2026-11&dimension=P2`)).status).toBe(400);
    const unknown = await t.request(`${base}/balance-sheet?to=2026-11&dimension=6:P9`);
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ error: 'unknown_dimension_object' });
    expect((await t.request(`${base}/income-statement?from=2026-11&to=2027-01`)).status).toBe(422);
  });
});

describe('every report as a CSV file', () => {
  const csv = async (path: string, fileName: string) => {
    const response = await t.request(path);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${fileName}"`);
    expect(response.headers.get('cache-control')).toMatch(/no-store/); // figures are never left in a shared cache
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    return new TextDecoder().decode(bytes.slice(3)).split('\r\n');
  };

  it('balance sheet and income statement', async () => {
    const bs = await csv(`${base}/balance-sheet?to=2026-11&format=csv`, 'demo-balansrakning-2026-11.csv');
    expect(bs[0]).toBe('Konto;Benämning;Ingående balans 2026-01-01;Förändring 2026-01–2026-11;Utgående balans 2026-11-30;Utgående balans föreg. år');
    expect(bs).toContain(';Årets resultat;0,00;130264,00;130264,00;');
    const is = await csv(`${base}/income-statement?from=2026-11&to=2026-11&dimension=6:P2&format=csv`, 'demo-resultatrakning-2026-11-2026-11-6_P2.csv');
    expect(is).toContain('4010;Inköp material och varor;-3000,00;;-3000,00;');
    expect(is).toContain(';Årets resultat;1500,00;;1500,00;');
  });

  it('trial balance, general ledger and open items', async () => {
    const tb = await csv(`${base}/trial-balance?from=2026-01&to=2026-12&format=csv`, 'demo-saldobalans-2026-01-2026-12.csv');
    expect(tb[0]).toBe('Konto;Benämning;Ingående balans;Debet;Kredit;Utgående balans');
    expect(tb).toContain('1510;Kundfordringar;0,00;188125,00;0,00;188125,00');
    const gl = await csv(`${base}/general-ledger/1510?from=2026-11-01&to=2026-11-30&format=csv`, 'demo-huvudbok-1510-2026-11-01-2026-11-30.csv');
    expect(gl[1]).toBe('2026-11-01;;Ingående saldo 1510 Kundfordringar;;;;50000,00');
    expect(gl.at(-2)).toBe('2026-11-30;;Utgående saldo 1510 Kundfordringar;;;;188125,00');
    const ar = await csv(`${base}/open-items?kind=ar&asOf=2026-11-29&format=csv`, 'demo-kundreskontra-2026-11-29.csv');
    expect(ar).toHaveLength(5); // header, three invoices, the final empty line
    expect(ar[1]).toMatch(/^K\d+;Nordisk Design AB;.*;10;1–30 dagar;SEK;50000,00;50000,00$/);
  });
});
