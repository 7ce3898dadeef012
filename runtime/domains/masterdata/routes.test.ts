import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Account } from '../../../shared/api.ts';
import type { AccountChange, Dimension, MasterData, Series, SuppliersPage, VatCode } from '../../../shared/master-data.ts';
import type { VatReturn } from '../../../shared/vat.ts';
import { auditEvents, companies } from '../../db/schema.ts';
import { createTestApp, type TestApp } from '../../http/test-app.ts';
import { Ledger } from '../../ledger/ledger.ts';
import { permissions } from '../../../shared/permissions.ts';

let testApp: TestApp;
beforeAll(async () => { testApp = await createTestApp({ today: new Date('2026-11-29T12:00:00Z') }); });
afterAll(() => testApp.close());

const base = '/api/companies/demo';
const send = (method: string, path: string, body?: unknown) => testApp.request(`${base}${path}`, {
  method, headers: { 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});
const getJson = async <T>(path: string) => (await (await testApp.request(`${base}${path}`)).json()) as T;
const auditOf = async (action: string) => (await testApp.database.db.select().from(auditEvents)
  .where(and(eq(auditEvents.companyId, 'demo'), eq(auditEvents.action, action))));
const chartVersion = async () => (await testApp.database.db.select().from(companies).where(eq(companies.id, 'demo')))[0].chartVersion;

describe('accounts', () => {
  it('searches by a number\'s start or a word of the name', async () => {
    const byNumber = await getJson<Account[]>('/accounts?q=193');
    expect(byNumber.map((a) => a.number)).toEqual(['1930']);
    const byName = await getJson<Account[]>('/accounts?q=ränt');
    expect(byName.length).toBeGreaterThan(0);
    expect(byName.every((a) => /ränt/i.test(a.name))).toBe(true);
    const percent = await getJson<Account[]>('/accounts?q=%25'); // "%" taken literally: the VAT accounts' names ("25 %")
    expect(percent.length).toBeGreaterThan(0);
    expect(percent.every((a) => a.name.includes('%'))).toBe(true);
  });

  it('creates one, its type from the BAS class unless given; audited; bumps the chart version', async () => {
    const before = await chartVersion();
    const created = await send('POST', '/accounts', { number: '4011', name: 'Inköp material, projekt' });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ number: '4011', name: 'Inköp material, projekt', type: 'expense', vatCode: null, active: true });
    expect((await (await send('POST', '/accounts', { number: '2093', name: 'Reservfond (test)' })).json()).type).toBe('equity');
    expect((await (await send('POST', '/accounts', { number: '8398', name: 'Övriga ränteintäkter', type: 'revenue', vatCode: null })).json()).type).toBe('revenue');
    expect(await chartVersion()).not.toBe(before); // a new random version (0010): the ledger's cached chart is stale
    expect((await auditOf('account.create')).map((a) => a.subject)).toEqual(expect.arrayContaining(['account:4011', 'account:2093']));
  });

  it('refuses, naming the field: a taken number, a number out of range, an unknown VAT code, an empty name', async () => {
    const taken = await send('POST', '/accounts', { number: '1930', name: 'Again' });
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ error: 'conflict', field: 'number', message: expect.stringMatching(/^number: account 1930 already exists/) });
    const low = await send('POST', '/accounts', { number: '0999', name: 'Too low' });
    expect(low.status).toBe(400);
    expect((await low.json()).issues).toEqual([expect.objectContaining({ path: 'number', message: 'must be a 4-digit account number, 1000–9999' })]);
    const vat = await send('POST', '/accounts', { number: '3055', name: 'Sales', vatCode: 'NOPE' });
    expect(vat.status).toBe(422);
    expect(await vat.json()).toMatchObject({ message: 'vatCode: VAT code NOPE does not exist in this company' });
    const empty = await send('POST', '/accounts', { number: '3056', name: '  ' });
    expect((await empty.json()).issues[0]).toMatchObject({ path: 'name', message: 'must not be empty' });
  });

  it('renames, deactivates (posting refused) and reactivates (posting allowed); audited with before and after', async () => {
    const renamed = await send('PATCH', '/accounts/4011', { name: 'Inköp material' });
    expect(((await renamed.json()) as AccountChange).account.name).toBe('Inköp material');
    const off = await send('PATCH', '/accounts/4011', { active: false });
    expect(await off.json()).toEqual({ account: expect.objectContaining({ number: '4011', active: false }), warnings: [] });
    const ledger = new Ledger(testApp.database.db);
    const draft = { date: '2026-11-20', series: 'A', text: 'Material', registeredBy: 'user:test', lines: [{ account: '4011', debitMinor: 100 }, { account: '1930', creditMinor: 100 }] };
    await expect(ledger.post('demo', [draft])).rejects.toMatchObject({ code: 'inactive_account' });
    await send('PATCH', '/accounts/4011', { active: true });
    await expect(ledger.post('demo', [draft])).resolves.toHaveLength(1);
    const audits = await auditOf('account.deactivate');
    expect(JSON.parse(audits.at(-1)!.details)).toMatchObject({ before: { active: true }, after: { active: false } });
    expect((await auditOf('account.reactivate')).length).toBe(1);
    expect((await auditOf('account.update')).map((a) => JSON.parse(a.details))).toContainEqual(expect.objectContaining({ before: { name: 'Inköp material, projekt' }, after: { name: 'Inköp material' } }));
  });

  it('warns when a published automation uses an account being deactivated', async () => {
    const response = await send('PATCH', '/accounts/6570', { active: false });
    const body = (await response.json()) as AccountChange;
    expect(body.warnings).toEqual([expect.stringMatching(/^Published automation "Bank fees" \(version 1\) uses account 6570 in "Book the fee"/)]);
    await send('PATCH', '/accounts/6570', { active: true });
  });

  it('never deletes an account with postings (nor through SQL); deletes an unused one', async () => {
    const refused = await send('DELETE', '/accounts/4011');
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: 'account_in_use', field: 'number', message: 'number: account 4011 has 1 posting and cannot be deleted; deactivate it instead' });
    await expect(testApp.database.client.execute("DELETE FROM accounts WHERE company_id = 'demo' AND number = '4011'")).rejects.toThrow(/record_immutable/);
    expect((await send('DELETE', '/accounts/8398')).status).toBe(204);
    expect(await getJson<Account[]>('/accounts?q=8398')).toEqual([]);
    expect((await send('PATCH', '/accounts/8398', { name: 'x' })).status).toBe(404);
  });

  it('needs the admin permission to change the chart', async () => {
    const token = await testApp.tokenFor('demo', permissions.filter((p) => p !== 'admin'));
    const response = await testApp.request(`${base}/accounts`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ number: '4012', name: 'x' }),
    });
    expect(response.status).toBe(403);
  });
});

describe('series', () => {
  it('lists with voucher counts, creates, renames; the code (and numbering) never changes', async () => {
    const list = await getJson<Series[]>('/series');
    expect(list.map((s) => s.code)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(list.find((s) => s.code === 'C')!.vouchers).toBe(3);
    const created = await send('POST', '/series', { code: 'F', name: 'Lön' });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ code: 'F', name: 'Lön', vouchers: 0 });
    expect((await (await send('PATCH', '/series/F', { name: 'Löner' })).json())).toEqual({ code: 'F', name: 'Löner', vouchers: 0 });
    expect((await auditOf('series.rename')).map((a) => JSON.parse(a.details))).toEqual([{ before: 'Lön', after: 'Löner' }]);
    expect((await auditOf('series.create')).map((a) => a.subject)).toEqual(['series:F']);
    await expect(testApp.database.client.execute("UPDATE voucher_series SET code = 'G' WHERE company_id = 'demo' AND code = 'C'")).rejects.toThrow(/record_immutable/);
    await expect(testApp.database.client.execute("DELETE FROM voucher_series WHERE company_id = 'demo' AND code = 'C'")).rejects.toThrow(/record_immutable/);
  });

  it('refuses a taken or malformed code, naming the field', async () => {
    const taken = await send('POST', '/series', { code: 'A', name: 'Again' });
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ field: 'code', message: 'code: series A already exists ("Manuella verifikationer")' });
    const bad = await send('POST', '/series', { code: 'abc', name: 'x' });
    expect((await bad.json()).issues[0]).toMatchObject({ path: 'code', message: 'must be one or two capital letters, e.g. F' });
    expect((await send('PATCH', '/series/Q', { name: 'x' })).status).toBe(404);
  });
});

describe('VAT codes', () => {
  it('lists with usage, creates, edits rate and accounts; refuses accounts not in the chart and a missing VAT account', async () => {
    const list = await getJson<VatCode[]>('/vat-codes');
    expect(list.find((v) => v.code === 'MP1')).toMatchObject({ rateBasisPoints: 2500, outputAccount: '2611', active: true, lines: 3 });
    const created = await send('POST', '/vat-codes', { code: 'MP1B', name: 'Utgående moms 25 % (bygg)', rateBasisPoints: 2500, kind: 'output', outputAccount: '2611' });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ code: 'MP1B', active: true, lines: 0 });
    const edited = await send('PATCH', '/vat-codes/MP1B', { rateBasisPoints: 1200, outputAccount: '2621' });
    expect(await edited.json()).toMatchObject({ rateBasisPoints: 1200, outputAccount: '2621' });
    const unknown = await send('PATCH', '/vat-codes/MP1B', { outputAccount: '2699' });
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ error: 'invalid_vat_code', message: 'outputAccount: account 2699 does not exist in this company' });
    const missing = await send('POST', '/vat-codes', { code: 'IX', name: 'Ingående', rateBasisPoints: 2500, kind: 'input' });
    expect((await missing.json()).issues[0]).toMatchObject({ path: 'inputAccount' });
    const rate = await send('POST', '/vat-codes', { code: 'IX', name: 'Ingående', rateBasisPoints: 25.5, kind: 'exempt' });
    expect((await rate.json()).issues[0]).toMatchObject({ path: 'rateBasisPoints', message: 'must be a whole number of basis points' });
    // the boxes follow the new rate (an unused code): 12 % output VAT is box 11
    expect((await auditOf('vat_code.update')).map((a) => JSON.parse(a.details).after)).toEqual([{ rateBasisPoints: 1200, outputAccount: '2621', vatBox: '11' }]);
  });

  it('deactivates a code in use (new postings refuse it; a reversal keeps it), never deletes it; deletes an unused one', async () => {
    const refused = await send('DELETE', '/vat-codes/MP1');
    expect(refused.status).toBe(409);
    expect((await refused.json()).message).toBe('code: VAT code MP1 is on 3 voucher lines and cannot be deleted; deactivate it instead');
    const ledger = new Ledger(testApp.database.db);
    const [{ voucher }] = await ledger.post('demo', [{ date: '2026-11-20', series: 'A', text: 'Sale', registeredBy: 'user:test',
      lines: [{ account: '1930', debitMinor: 125 }, { account: '3001', creditMinor: 100, vatCode: 'MP1' }, { account: '2611', creditMinor: 25 }] }]);
    expect((await (await send('PATCH', '/vat-codes/MP1', { active: false })).json()).active).toBe(false);
    await expect(ledger.post('demo', [{ date: '2026-11-20', series: 'A', text: 'Sale', registeredBy: 'user:test',
      lines: [{ account: '1930', debitMinor: 125 }, { account: '3001', creditMinor: 100, vatCode: 'MP1' }, { account: '2611', creditMinor: 25 }] }]))
      .rejects.toMatchObject({ code: 'unknown_vat_code', message: 'Line 2: VAT code "MP1" does not exist or is inactive' });
    await expect(ledger.reverse('demo', voucher.id, { date: '2026-11-21', registeredBy: 'user:test' })).resolves.toBeTruthy();
    await send('PATCH', '/vat-codes/MP1', { active: true });
    expect((await auditOf('vat_code.deactivate')).length).toBe(1);
    await expect(testApp.database.client.execute("DELETE FROM vat_codes WHERE company_id = 'demo' AND code = 'MP1'")).rejects.toThrow(/record_immutable/);
    expect((await send('DELETE', '/vat-codes/MP1B')).status).toBe(204);
  });
});

describe('dimensions and objects', () => {
  it('lists cost centres (1) and projects (6) with objects; creates, renames, deactivates an object (postings refuse it)', async () => {
    const list = await getJson<Dimension[]>('/dimensions');
    expect(list.map((d) => [d.number, d.name, d.objects.length])).toEqual([[1, 'Kostnadsställe', 3], [6, 'Projekt', 2]]);
    expect((await send('POST', '/dimensions/6/objects', { code: 'P3', name: 'Nytt lager' })).status).toBe(201);
    const taken = await send('POST', '/dimensions/6/objects', { code: 'P3', name: 'Again' });
    expect(await taken.json()).toMatchObject({ field: 'code', message: 'code: Projekt P3 already exists ("Nytt lager")' });
    expect(await (await send('PATCH', '/dimensions/6/objects/P3', { name: 'Nytt lager i Jönköping' })).json()).toEqual({ code: 'P3', name: 'Nytt lager i Jönköping', active: true });
    const ledger = new Ledger(testApp.database.db);
    const draft = { date: '2026-11-20', series: 'A', text: 'Lager', registeredBy: 'user:test',
      lines: [{ account: '5010', debitMinor: 100, dimensions: { 6: 'P3' } }, { account: '1930', creditMinor: 100 }] };
    await expect(ledger.post('demo', [draft])).resolves.toHaveLength(1);
    expect((await (await send('PATCH', '/dimensions/6/objects/P3', { active: false })).json()).active).toBe(false);
    await expect(ledger.post('demo', [draft])).rejects.toMatchObject({ code: 'unknown_dimension_object' });
    expect((await auditOf('dimension_object.deactivate')).map((a) => a.subject)).toEqual(['dimension-object:6:P3']);
    expect((await send('PATCH', '/dimensions/6/objects/NOPE', { active: false })).status).toBe(404);
    const spaced = await send('POST', '/dimensions/1/objects', { code: 'a b', name: 'x' });
    expect((await spaced.json()).issues[0]).toMatchObject({ path: 'code', message: 'must not contain spaces or ":"' });
  });

  it('creates and renames a dimension; refuses a taken number', async () => {
    expect((await send('POST', '/dimensions', { number: 2, name: 'Kostnadsbärare' })).status).toBe(201);
    expect((await (await send('POST', '/dimensions', { number: 2, name: 'x' })).json()).field).toBe('number');
    expect((await send('PATCH', '/dimensions/2', { name: 'Produkt' })).status).toBe(204);
    expect((await getJson<Dimension[]>('/dimensions')).find((d) => d.number === 2)!.name).toBe('Produkt');
    expect((await auditOf('dimension.rename')).length).toBe(1);
  });
});

describe('suppliers', () => {
  const path = '/suppliers';
  it('lists the demo suppliers and searches number, name and organisation number', async () => {
    expect((await getJson<SuppliersPage>(path)).suppliers.map((s) => s.supplierNo)).toEqual(['L2001', 'L2002', 'L2003']);
    expect((await getJson<SuppliersPage>(`${path}?q=telia`)).suppliers.map((s) => s.supplierNo)).toEqual(['L2001']);
    expect((await getJson<SuppliersPage>(`${path}?q=5567890123`)).suppliers.map((s) => s.supplierNo)).toEqual(['L2002']);
  });

  it('creates one, normalised; updates the fields sent; the same again is unchanged; audited', async () => {
    const body = {
      supplierNo: 'L3001', name: 'Byggvaruhuset AB', orgNumber: '5560000001', vatNumber: 'se556000000101', bankgiro: '5050-1055', plusgiro: '4778890',
      iban: 'se45 5000 0000 0583 9825 7466', email: 'Faktura@Bygg.se', address: { street: 'Industrivägen 2', postalCode: '553 02', city: 'Jönköping', country: 'SE' },
      defaultExpenseAccount: '4010',
    };
    const response = await send('POST', path, body);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect((await getJson<SuppliersPage>(`${path}?q=bygg`)).suppliers[0]).toMatchObject({
      supplierNo: 'L3001', orgNumber: '556000-0001', vatNumber: 'SE556000000101', bankgiro: '50501055', plusgiro: '4778890', iban: 'SE4550000000058398257466',
      email: 'faktura@bygg.se', payableAccount: '2440', defaultExpenseAccount: '4010', active: true, createdAt: expect.any(String),
    });
    expect(await (await send('POST', path, body)).json()).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect(await (await send('POST', path, { supplierNo: 'L3001', name: 'Byggvaruhuset i Jönköping AB', active: false })).json()).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect((await getJson<SuppliersPage>(`${path}?q=Byggvaruhuset`)).suppliers[0]).toMatchObject({ name: 'Byggvaruhuset i Jönköping AB', active: false, bankgiro: '50501055' });
    expect((await auditOf('supplier.upsert')).map((a) => a.subject)).toEqual(['supplier:L3001', 'supplier:L3001', 'supplier:L3001']);
  });

  it('upserts an array all or nothing; refusals name the element and field', async () => {
    const bad = await send('POST', path, [{ supplierNo: 'L4001', name: 'Ok AB' }, { supplierNo: 'L4002', name: 'Bad AB', bankgiro: '1234567' }]);
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ error: 'invalid_supplier', message: expect.stringMatching(/^\[1\]\.bankgiro: "1234567" is not a bankgiro number/) });
    expect((await getJson<SuppliersPage>(`${path}?q=L400`)).total).toBe(0);
    const twice = await send('POST', path, [{ supplierNo: 'L4001', name: 'A' }, { supplierNo: 'L4001', name: 'B' }]);
    expect(await twice.json()).toMatchObject({ error: 'conflict', field: '[1].supplierNo' });
    const iban = await send('POST', path, { supplierNo: 'L4003', name: 'X', iban: 'SE00 1234' });
    expect((await iban.json()).message).toBe('iban: "SE00 1234" is not a valid IBAN (its check digits do not match)');
    const account = await send('POST', path, { supplierNo: 'L4003', name: 'X', defaultExpenseAccount: '4999' });
    expect((await account.json()).message).toBe('defaultExpenseAccount: account 4999 does not exist in this company');
    const many = Array.from({ length: 1200 }, (_, i) => ({ supplierNo: `M${String(i).padStart(5, '0')}`, name: `Leverantör ${i}` }));
    expect(await (await send('POST', path, many)).json()).toEqual({ created: 1200, updated: 0, unchanged: 0 });
    expect((await getJson<SuppliersPage>(`${path}?q=Leverantör&limit=10`)).total).toBe(1200);
  });

  it('a supplier is never replaced through SQL', async () => {
    await expect(testApp.database.client.execute("INSERT OR REPLACE INTO suppliers (company_id, id, name) VALUES ('demo', 'L2001', 'Swapped')")).rejects.toThrow(/record_immutable/);
    expect((await getJson<SuppliersPage>(`${path}?q=L2001`)).suppliers[0].name).toBe('Telia Sverige AB');
  });
});

describe('bank accounts and the pickers\' master data', () => {
  it('renames a bank account, audited; 404 for an unknown one', async () => {
    const response = await send('PATCH', '/bank-accounts/main', { name: 'Företagskonto SEB' });
    expect(await response.json()).toMatchObject({ id: 'main', name: 'Företagskonto SEB', ledgerAccount: '1930' });
    expect((await auditOf('bank_account.rename')).map((a) => JSON.parse(a.details))).toEqual([{ before: 'Företagskonto', after: 'Företagskonto SEB' }]);
    expect((await send('PATCH', '/bank-accounts/nope', { name: 'x' })).status).toBe(404);
  });

  it('serves everything the pickers need in one read', async () => {
    const data = await getJson<MasterData>('/master-data');
    expect(data.accounts.find((a) => a.number === '4010')).toMatchObject({ name: expect.any(String), active: true });
    expect(data.series.map((s) => s.code)).toContain('F');
    expect(data.vatCodes.map((v) => v.code)).toContain('I25');
    expect(data.dimensions.find((d) => d.number === 6)!.objects.map((o) => o.code)).toEqual(['P1', 'P2', 'P3']);
    expect(data.customers[0]).toEqual({ customerNo: 'K1001', name: 'Nordisk Design AB' });
    expect(data.suppliers.length).toBeGreaterThan(1200);
    expect(data.bankAccounts).toEqual([{ id: 'main', name: 'Företagskonto SEB', ledgerAccount: '1930', currency: 'SEK' }]);
    expect(data.truncated).toEqual({ customers: false, suppliers: false });
  });
});

describe('VAT codes reach the VAT return; a code in use keeps its rules; deletes leave nothing dangling', () => {
  const boxOf = async (box: string) => (await getJson<VatReturn>('/reports/vat-return?from=2026-08&to=2026-08')).boxes.find((b) => b.box === box)!.amountMinor;

  it('a new output code MP1D 25 % on 2611 (no boxes given): a sale of 100 + 25 is 100 in box 05 and 25 in box 10', async () => {
    const created = await send('POST', '/vat-codes', { code: 'MP1D', name: 'Utgående moms 25 % (bygg)', rateBasisPoints: 2500, kind: 'output', outputAccount: '2611' });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ code: 'MP1D', baseBox: '05', vatBox: '10' });
    const [base05, vat10] = [await boxOf('05'), await boxOf('10')];
    await new Ledger(testApp.database.db).post('demo', [{ date: '2026-08-15', series: 'A', text: 'Sale (bygg)', registeredBy: 'user:test',
      lines: [{ account: '1930', debitMinor: 12_500 }, { account: '3001', creditMinor: 10_000, vatCode: 'MP1D' }, { account: '2611', creditMinor: 2_500 }] }]);
    expect(await boxOf('05') - base05).toBe(10_000);
    expect(await boxOf('10') - vat10).toBe(2_500);
  });

  it('boxes given are checked against Skatteverket\'s boxes; defaults by kind and rate; no default for an odd rate', async () => {
    const eu = await send('POST', '/vat-codes', { code: 'EUS0', name: 'EU-tjänst', rateBasisPoints: 0, kind: 'eu_services' });
    expect(await eu.json()).toMatchObject({ baseBox: '39', vatBox: null });
    const input = await send('POST', '/vat-codes', { code: 'I25B', name: 'Ingående', rateBasisPoints: 2500, kind: 'input', inputAccount: '2641' });
    expect(await input.json()).toMatchObject({ baseBox: null, vatBox: '48' });
    const given = await send('POST', '/vat-codes', { code: 'MP6', name: 'Uttag 25 %', rateBasisPoints: 2500, kind: 'output', outputAccount: '2611', baseBox: '06' });
    expect(await given.json()).toMatchObject({ baseBox: '06', vatBox: '10' });
    const badBase = await send('POST', '/vat-codes', { code: 'MPX', name: 'x', rateBasisPoints: 2500, kind: 'output', outputAccount: '2611', baseBox: '10' });
    expect(badBase.status).toBe(400);
    expect((await badBase.json()).issues[0]).toMatchObject({ path: 'baseBox' });
    const badVat = await send('POST', '/vat-codes', { code: 'MPX', name: 'x', rateBasisPoints: 2500, kind: 'output', outputAccount: '2611', vatBox: '05' });
    expect((await badVat.json()).issues[0]).toMatchObject({ path: 'vatBox' });
    const odd = await send('POST', '/vat-codes', { code: 'MPX', name: 'x', rateBasisPoints: 1000, kind: 'output', outputAccount: '2611' });
    expect(odd.status).toBe(422);
    expect(await odd.json()).toMatchObject({ error: 'invalid_vat_code', message: expect.stringMatching(/^vatBox: .*no default for this rate/) });
    const inputElsewhere = await send('POST', '/vat-codes', { code: 'MPX', name: 'x', rateBasisPoints: 2500, kind: 'input', inputAccount: '2641', vatBox: '10' });
    expect(await inputElsewhere.json()).toMatchObject({ message: 'vatBox: input VAT is declared in box 48, not 10' });
    const patched = await send('PATCH', '/vat-codes/MP6', { vatBox: '11' });
    expect(await patched.json()).toMatchObject({ baseBox: '06', vatBox: '11', warnings: [] });
  });

  it('a code on vouchers keeps its kind, rate, accounts and boxes (409 naming the vouchers); its name may change', async () => {
    for (const patch of [{ rateBasisPoints: 1200 }, { kind: 'input', inputAccount: '2641' }, { outputAccount: '2621' }, { vatBox: '11' }, { baseBox: '06' }]) {
      const refused = await send('PATCH', '/vat-codes/MP1D', patch);
      expect(refused.status).toBe(409);
      expect(await refused.json()).toMatchObject({ error: 'vat_code_in_use', vouchers: 1, message: expect.stringMatching(/VAT code MP1D is on 1 voucher; .*create a new code/) });
    }
    const renamed = await send('PATCH', '/vat-codes/MP1D', { name: 'Utgående moms 25 % bygg', rateBasisPoints: 2500, kind: 'output', outputAccount: '2611' });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ name: 'Utgående moms 25 % bygg', rateBasisPoints: 2500, vatBox: '10' });
  });

  it('deactivating a code warns about published automations and accounts that use it; deleting one in use is refused', async () => {
    expect((await send('POST', '/vat-codes', { code: 'MP1E', name: 'Utgående 25 % E', rateBasisPoints: 2500, kind: 'output', outputAccount: '2611' })).status).toBe(201);
    expect((await send('POST', '/accounts', { number: '3012', name: 'Försäljning E', vatCode: 'MP1E' })).status).toBe(201);
    const store = testApp.services.store;
    const document = {
      name: 'Sales E', nodes: [
        { id: 't', type: 'manual-run', name: 'Start', config: {} },
        { id: 'p', type: 'post-voucher', name: 'Book the sale', config: { series: 'A', text: 'Sale', date: '2026-11-20', lines: [
          { account: '1930', side: 'debit', amount: 12_500 }, { account: '3012', side: 'credit', amount: 10_000, vatCode: 'MP1E' }, { account: '2611', side: 'credit', amount: 2_500 }] } },
      ], edges: [{ id: 'e', source: 't', target: 'p' }],
    };
    await store.saveDraft('demo', 'sales-e', { schemaVersion: 1, id: 'sales-e', ...document } as never, 'user:test');
    await store.publish('demo', 'sales-e', 'user:test');

    const refused = await send('DELETE', '/vat-codes/MP1E');
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: 'vat_code_in_use', message: 'code: VAT code MP1E is the default of account 3012 and cannot be deleted; change it first' });
    await send('PATCH', '/accounts/3012', { vatCode: null });
    const byAutomation = await send('DELETE', '/vat-codes/MP1E');
    expect(byAutomation.status).toBe(409);
    expect((await byAutomation.json()).message).toBe('code: Published automation "Sales E" (version 1) uses VAT code MP1E in "Book the sale"; change the automation first');
    await send('PATCH', '/accounts/3012', { vatCode: 'MP1E' });

    const deactivated = await send('PATCH', '/vat-codes/MP1E', { active: false });
    expect(deactivated.status).toBe(200);
    expect((await deactivated.json()).warnings).toEqual([
      'Published automation "Sales E" (version 1) uses VAT code MP1E in "Book the sale"',
      'Account 3012 has VAT code MP1E as default',
    ]);
    expect(JSON.parse((await auditOf('vat_code.deactivate')).find((a) => a.subject === 'vat-code:MP1E')!.details).warnings).toHaveLength(2);
  });

  it('an account without postings but with an opening balance, a customer, a supplier, a bank account or a VAT code using it is not deleted', async () => {
    const fresh = async (number: string) => expect((await send('POST', '/accounts', { number, name: `Konto ${number}` })).status).toBe(201);
    const refusedFor = async (number: string) => {
      const response = await send('DELETE', `/accounts/${number}`);
      expect(response.status).toBe(409);
      return (await response.json()) as { error: string; message: string };
    };
    await fresh('1519');
    await testApp.database.client.execute("INSERT INTO opening_balances (company_id, fiscal_year, account, carry, amount_minor) VALUES ('demo', 2026, '1519', 0, 500)");
    expect(await refusedFor('1519')).toMatchObject({ error: 'account_in_use', message: 'number: account 1519 is used by 1 opening balance and cannot be deleted; deactivate it instead' });

    await fresh('1518');
    await testApp.database.client.execute("INSERT INTO sie_balances (company_id, year_start, year_end, kind, account, amount_minor) VALUES ('demo', '2025-01-01', '2025-12-31', 'UB', '1518', 700)");
    expect((await refusedFor('1518')).message).toBe('number: account 1518 is used by 1 imported SIE balance and cannot be deleted; deactivate it instead');

    await fresh('1517');
    expect((await send('POST', '/customers', [{ customerNo: 'K9517', name: 'Kund 1517' }])).status).toBe(200);
    await testApp.database.client.execute("UPDATE customers SET receivable_account = '1517' WHERE company_id = 'demo' AND id = 'K9517'");
    expect((await refusedFor('1517')).message).toBe('number: account 1517 is used by 1 customer (receivable account) and cannot be deleted; deactivate it instead');

    await fresh('2449');
    await testApp.database.client.execute("UPDATE suppliers SET payable_account = '2449' WHERE company_id = 'demo' AND id = 'L2001'");
    expect((await refusedFor('2449')).message).toBe('number: account 2449 is used by 1 supplier (payable or expense account) and cannot be deleted; deactivate it instead');

    await fresh('1942');
    expect((await send('POST', '/bank-accounts', { id: 'spar', name: 'Sparkonto', ledgerAccount: '1942', currency: 'SEK' })).status).toBeLessThan(300);
    expect((await refusedFor('1942')).message).toBe('number: account 1942 is used by 1 bank account (ledger account) and cannot be deleted; deactivate it instead');

    await fresh('2612');
    expect((await send('POST', '/vat-codes', { code: 'MP1F', name: 'x', rateBasisPoints: 2500, kind: 'output', outputAccount: '2612' })).status).toBe(201);
    expect((await refusedFor('2612')).message).toBe('number: account 2612 is used by 1 VAT code (VAT account) and cannot be deleted; deactivate it instead');

    await fresh('4012');
    expect((await send('DELETE', '/accounts/4012')).status).toBe(204);
  });
});
