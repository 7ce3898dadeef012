import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import type { BankStatementImport, Voucher } from '../../../shared/api.ts';
import { bankLines, originals } from '../../db/schema.ts';
import { createTestApp, type TestApp } from '../../http/test-app.ts';
import { sniffStatementFormat } from './statements.ts';

let testApp: TestApp;
beforeAll(async () => { testApp = await createTestApp(); });
afterAll(() => testApp.close());

const fixture = (path: string) => readFileSync(new URL(`../../formats/${path}`, import.meta.url));
const camt = fixture('camt/fixtures/camt053-v2.xml');
const camtText = camt.toString('utf8');
const bgmaxText = fixture('bgmax/fixtures/small-latin1.bgmax.txt').toString('latin1');
const csv = fixture('csv/fixtures/swedish-bank.csv');
const path = '/api/companies/demo/bank-statements';

const upload = (body: Uint8Array | string, query = '', contentType = 'application/octet-stream') =>
  testApp.request(`${path}${query}`, { method: 'POST', headers: { 'content-type': contentType }, body: typeof body === 'string' ? body : new Uint8Array(body) });

async function stored(): Promise<{ lines: number; originals: number }> {
  const { db } = testApp.database;
  const [{ n: lines }] = await db.select({ n: count() }).from(bankLines).where(eq(bankLines.companyId, 'demo'));
  const [{ n: files }] = await db.select({ n: count() }).from(originals).where(eq(originals.companyId, 'demo'));
  return { lines, originals: files };
}

/** Refused whole: the answer, and nothing stored. */
async function refusedWhole(response: Promise<Response>, before: { lines: number; originals: number }) {
  const answer = await response;
  expect(answer.status).toBe(422);
  expect(await stored()).toEqual(before);
  return (await answer.json()) as { error: string; message: string; code?: string; where?: string; field?: string | null };
}

describe('sniffing the format', () => {
  it('tells camt, BgMax and CSV apart by their bytes', () => {
    expect(sniffStatementFormat(camt)).toBe('camt');
    expect(sniffStatementFormat(Buffer.from(`\uFEFF  ${camtText.replace(/^<\?xml[^>]*>/, '')}`))).toBe('camt');
    expect(sniffStatementFormat(Buffer.from(bgmaxText, 'latin1'))).toBe('bgmax');
    expect(sniffStatementFormat(csv)).toBe('csv');
    expect(sniffStatementFormat(Buffer.from('<html><body>no</body></html>'))).toBe('csv');
  });
});

describe('importing a camt.053', () => {
  it('stores the lines, runs the automations (the fee is booked), keeps the file, and counts it all', async () => {
    const before = await stored();
    const response = await upload(camt, '', 'application/xml');
    expect(response.status).toBe(200);
    const body = (await response.json()) as BankStatementImport;
    expect(body).toMatchObject({
      format: 'camt.053', lines: 6, new: 6, duplicates: 0, queued: false,
      statements: [{ statementId: 'STMT-2026-11-30', bankAccount: 'main', lines: 6, new: 6, duplicates: 0, creditMinor: 115050, debitMinor: -82500, openingMinor: 100000, closingMinor: 132550 }],
    });
    expect(body.warnings).toHaveLength(1); // the pending entry skipped
    expect(await stored()).toEqual({ lines: before.lines + 6, originals: before.originals + 1 });

    const original = (await (await testApp.request(`/api/companies/demo/originals/${body.originalId}`)).json()) as { kind: string; sha256: string; byteLength: number; mediaType: string };
    expect(original).toMatchObject({ kind: 'bank-statement', byteLength: camt.byteLength, mediaType: 'application/xml', sha256: createHash('sha256').update(camt).digest('hex') });

    const vouchers = (await (await testApp.request('/api/companies/demo/vouchers')).json()) as Voucher[];
    const fees = vouchers.filter((v) => v.automationId === 'bank-fees');
    expect(fees).toHaveLength(1);
    expect(fees[0].lines.map((l) => l.account).sort()).toEqual(['1930', '6570']);

    const [line] = await testApp.database.db.select().from(bankLines).where(eq(bankLines.id, fees[0].sourceRef!.replace('bank-line:', '')));
    expect(line).toMatchObject({ bankAccount: '1930', currency: 'SEK', originalId: body.originalId, status: 'handled' });
    const run = (await (await testApp.request(`/api/companies/demo/runs/${fees[0].runId}`)).json()) as { event: Record<string, unknown> };
    expect(run.event).toMatchObject({ bankAccountId: 'main', statementId: 'STMT-2026-11-30', bankAccount: '1930', reversal: false });
  });

  it('the same file again: every line a duplicate, nothing new booked', async () => {
    const before = await stored();
    const response = await upload(camt, '?bankAccount=main');
    expect(response.status).toBe(200);
    const body = (await response.json()) as BankStatementImport;
    expect(body).toMatchObject({ lines: 6, new: 0, duplicates: 6, statements: [{ new: 0, duplicates: 6 }] });
    // Nothing changes: no line, and no second copy of the file (the answer names the copy kept the first time).
    expect(await stored()).toEqual(before);
    const kept = (await (await testApp.request(`/api/companies/demo/originals/${body.originalId}`)).json()) as { kind: string; sha256: string };
    expect(kept).toMatchObject({ kind: 'bank-statement', sha256: createHash('sha256').update(camt).digest('hex') });
    const vouchers = (await (await testApp.request('/api/companies/demo/vouchers')).json()) as Voucher[];
    expect(vouchers.filter((v) => v.automationId === 'bank-fees')).toHaveLength(1);
  });

  it('refuses a file for an account the company does not have, naming it, and stores nothing', async () => {
    const before = await stored();
    const other = camtText.replace('<Othr>\n            <Id>991-2346</Id>\n            <SchmeNm><Prtry>BGNR</Prtry></SchmeNm>\n          </Othr>', '<IBAN>SE35 5000 0000 0549 1000 0003</IBAN>');
    expect(other).not.toBe(camtText);
    const answer = await refusedWhole(upload(other), before);
    expect(answer).toMatchObject({ error: 'unknown_bank_account', message: 'IBAN SE35 5000 0000 0549 1000 0003 is not a bank account of this company' });
  });

  it('refuses a file whose account is not the one asked for, and an unknown ?bankAccount', async () => {
    const before = await stored();
    const created = await testApp.post('/api/companies/demo/bank-accounts', { id: 'savings', name: 'Sparkonto', ledgerAccount: '1940', bankgiro: '5050-1055', currency: 'SEK' });
    expect(created.status).toBe(201);
    expect(await refusedWhole(upload(camt, '?bankAccount=savings'), before)).toMatchObject({ error: 'bank_account_mismatch' });
    expect((await refusedWhole(upload(camt, '?bankAccount=nope'), before)).message).toContain('"nope" is not a bank account of this company');
  });

  it('refuses a malformed file with where and field (a closing balance the entries do not reach), storing nothing', async () => {
    const before = await stored();
    const broken = camtText.replace('<Amt Ccy="SEK">1325.50</Amt>', '<Amt Ccy="SEK">1325.40</Amt>');
    const answer = await refusedWhole(upload(broken), before);
    expect(answer).toMatchObject({ error: 'statement_refused', code: 'balance_mismatch', where: 'Stmt[1] (Id STMT-2026-11-30)' });
    expect(answer).toHaveProperty('field');
  });
});

describe('importing BgMax and CSV', () => {
  // The fixture's payee bankgiro 555-5558 fails the mod-10 check; here it is the demo account's, 991-2346.
  const demoBgmax = bgmaxText.replaceAll('050005555558', '050009912346');

  it('refuses a deposit in EUR to a SEK account, naming the line, and stores nothing', async () => {
    const before = await stored();
    const answer = await refusedWhole(upload(Buffer.from(demoBgmax, 'latin1')), before);
    expect(answer.error).toBe('currency_mismatch');
    expect(answer.message).toMatch(/statement 2 .*line 1 .*EUR.*"main" is in SEK/);
  });

  it('maps a BgMax deposit to its bank account by the bankgiro', async () => {
    const records = demoBgmax.split('\r\n');
    // the first deposit (records 1–16) and TK70 counting 2 payments, 1 deduction, 2 extra references and 1 deposit
    const tk70 = records[20].replace(/^70\d{32}/, '70' + ['2', '1', '2', '1'].map((n) => n.padStart(8, '0')).join(''));
    const sekOnly = [...records.slice(0, 16), tk70, ''];
    const response = await upload(Buffer.from(sekOnly.join('\r\n'), 'latin1'));
    const body = (await response.json()) as BankStatementImport;
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ format: 'bgmax', lines: 3, new: 3, statements: [{ bankAccount: 'main', lines: 3 }] });
  });

  const mapping = {
    version: 1, accountId: 'csv-account', encoding: 'windows-1252', delimiter: ';', headerRow: true, skipRows: 2, dateFormat: 'YYYY-MM-DD',
    decimalSeparator: ',', thousandsSeparator: 'space', currency: { fixed: 'SEK' },
    columns: { bookingDate: 'Bokföringsdag', valueDate: 'valutadag', amount: 'Belopp', text: ['Text'], reference: 'Referens' },
  };

  it('refuses a CSV for an account without a saved mapping, naming the account', async () => {
    const before = await stored();
    expect((await refusedWhole(upload(csv, '?bankAccount=main', 'text/csv'), before)).message).toContain('Bank account "main" has no saved CSV mapping');
    expect((await refusedWhole(upload(csv, '', 'text/csv'), before)).error).toBe('bank_account_required');
  });

  it('reads a CSV with the account\'s saved mapping', async () => {
    const created = await testApp.post('/api/companies/demo/bank-accounts', { id: 'csv-account', name: 'Kortkonto', ledgerAccount: '1940', currency: 'SEK', csvMapping: mapping });
    expect(created.status).toBe(201);
    const before = await stored();
    const response = await upload(csv, '?bankAccount=csv-account', 'text/csv');
    const body = (await response.json()) as BankStatementImport;
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ format: 'csv', lines: 5, new: 5, statements: [{ bankAccount: 'csv-account', lines: 5 }] });
    expect(await stored()).toEqual({ lines: before.lines + 5, originals: before.originals + 1 });
    const rows = await testApp.database.db.select().from(bankLines).where(eq(bankLines.originalId, body.originalId!));
    expect(new Set(rows.map((r) => r.bankAccount))).toEqual(new Set(['1940']));
  });
});

describe('the route', () => {
  it('needs events:write', async () => {
    const token = await testApp.tokenFor('demo', ['read']);
    const response = await testApp.request(path, { method: 'POST', body: new Uint8Array(camt), headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(403);
  });

  it('refuses a body over its own limit before anything reads it, also with an Idempotency-Key (whose check hashes the body)', async () => {
    // Announced as 101 MB, sent as a stream that would never end: only a limit that acts on the header, before any
    // middleware buffers the body, answers at all.
    const endless = new ReadableStream<Uint8Array>({ pull: (controller) => controller.enqueue(new Uint8Array(64 * 1024)) });
    const response = await testApp.request(path, {
      method: 'POST', body: endless, duplex: 'half',
      headers: { 'content-type': 'application/xml', 'content-length': String(101 * 1024 * 1024), 'idempotency-key': 'too-big-1' },
    } as RequestInit);
    expect(response.status).toBe(413);
    const { rows } = await testApp.database.client.execute({ sql: 'SELECT count(*) AS n FROM idempotency_keys WHERE key = ?', args: ['too-big-1'] });
    expect(Number(rows[0].n)).toBe(0);
  });

  it('takes a body over the app-wide 5 MB limit (up to its own 100 MB), whatever its content type', async () => {
    const before = await stored();
    const big = Buffer.concat([Buffer.from('<?xml version="1.0"?><!-- '), Buffer.alloc(6 * 1024 * 1024, 'x'), Buffer.from(' -->'), camt.subarray(camt.indexOf('<Document'))]);
    const response = await upload(big, '', 'application/json');
    const body = await response.json() as BankStatementImport;
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ format: 'camt.053', lines: 6, duplicates: 6 });
    expect((await stored()).lines).toBe(before.lines); // all duplicates (or refused): nothing new
  });
});
