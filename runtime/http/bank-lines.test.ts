import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BankLinesResponse, ExceptionItem, RunDetail, Voucher } from '../../shared/api.ts';
import { createTestApp, type TestApp } from './test-app.ts';

let testApp: TestApp;
// app.request with the demo company's admin token
const app = { request: (path: string, init?: RequestInit) => testApp.request(path, init) };
const year = new Date().getUTCFullYear();
const feeLine = { id: 'FEE-1', bookingDate: `${year}-11-30`, amountMinor: -2500, currency: 'SEK', text: 'AVGIFT BANKGIRO', reference: null, counterparty: null };

const post = (path: string, body: unknown) => testApp.post(path, body);

beforeAll(async () => { testApp = await createTestApp(); });
afterAll(() => testApp.close());

async function automationVouchers(): Promise<Voucher[]> {
  const response = await app.request('/api/companies/demo/vouchers');
  expect(response.status).toBe(200);
  return ((await response.json()) as Voucher[]).filter((v) => v.automationId !== null);
}

describe('bank line → automation → voucher', () => {
  it('posts a balanced voucher for a fee line and records the run', async () => {
    const response = await post('/api/companies/demo/bank-lines', feeLine);
    expect(response.status).toBe(200);
    const body = (await response.json()) as BankLinesResponse;
    expect(body).toMatchObject({ received: 1, duplicates: 0 });
    const [result] = body.results;
    expect(result.duplicate).toBe(false);
    expect(result.exceptionId).toBeNull();
    // every published bank rule runs, in priority order; the line is booked once, by "Bank fees"
    expect(result.runs.filter((r) => r.status === 'posted').map((r) => r.automationId)).toEqual(['bank-fees']);
    const feesRun = result.runs.find((r) => r.automationId === 'bank-fees')!;
    expect(feesRun).toMatchObject({ automationId: 'bank-fees', automationVersion: 1, status: 'posted', sourceRef: 'bank-line:FEE-1' });

    const vouchers = await automationVouchers();
    expect(vouchers).toHaveLength(1);
    const [voucher] = vouchers;
    expect(voucher).toMatchObject({
      series: 'E', number: 1, date: `${year}-11-30`, text: 'Bankavgift: AVGIFT BANKGIRO', sourceRef: 'bank-line:FEE-1',
      automationId: 'bank-fees', automationVersion: 1, runId: feesRun.id, registeredBy: 'automation:bank-fees',
    });
    expect(voucher.lines.map((l) => [l.account, l.debitMinor, l.creditMinor])).toEqual([['6570', 2500, 0], ['1930', 0, 2500]]);
    expect(voucher.lines[0].accountName).toBe('Bankkostnader');
    expect(feesRun.voucherIds).toEqual([voucher.id]);

    const run = (await (await app.request(`/api/companies/demo/runs/${feesRun.id}`)).json()) as RunDetail;
    expect(run.trace.map((s) => [s.nodeId, s.branch])).toEqual([['trigger', 'out'], ['is-fee', 'true'], ['post-fee', 'ok']]);
    expect(run.event).toMatchObject({ id: 'FEE-1', amountMinor: -2500 });
  });

  it('recognises the same id again and posts nothing new', async () => {
    const response = await post('/api/companies/demo/bank-lines', feeLine);
    expect(response.status).toBe(200);
    const body = (await response.json()) as BankLinesResponse;
    expect(body.duplicates).toBe(1);
    expect(body.results[0].duplicate).toBe(true);
    expect(body.results[0].runs.filter((r) => r.status === 'posted')).toHaveLength(1);
    expect(await automationVouchers()).toHaveLength(1);
  });

  it('matches fees case-insensitively, in English too, from an array', async () => {
    const response = await post('/api/companies/demo/bank-lines', [
      { ...feeLine, id: 'FEE-2', text: 'Monthly account fee', amountMinor: -4900 },
      { ...feeLine, id: 'FEE-3', text: 'Årsavgift kort', amountMinor: -30000 },
    ]);
    const body = (await response.json()) as BankLinesResponse;
    expect(body.results.map((r) => r.runs.find((run) => run.automationId === 'bank-fees')?.status)).toEqual(['posted', 'posted']);
    const vouchers = await automationVouchers();
    expect(vouchers.map((v) => v.number).sort()).toEqual([1, 2, 3]);
  });

  it('leaves no voucher but a run record and an exception for a line that matches nothing', async () => {
    const before = (await automationVouchers()).length;
    // money in that no bank rule knows (not a customer's invoice, not interest, tax, a card settlement or a fee)
    const response = await post('/api/companies/demo/bank-lines', { ...feeLine, id: 'PAY-1', text: 'INSÄTTNING KONTANT', amountMinor: 777700 });
    const body = (await response.json()) as BankLinesResponse;
    const [result] = body.results;
    expect(result.runs.filter((r) => r.status !== 'no_match')).toEqual([]);
    expect(result.runs.find((r) => r.automationId === 'bank-fees')!.reason).toMatch(/Is it a bank fee\?.*"false" branch/);
    expect(result.exceptionId).not.toBeNull();
    expect(await automationVouchers()).toHaveLength(before);
    const inbox = (await (await app.request('/api/companies/demo/exceptions')).json()) as ExceptionItem[];
    expect(inbox.find((e) => e.id === result.exceptionId)).toMatchObject({ sourceRef: 'bank-line:PAY-1', status: 'open' });
    // named as people know it, not by id
    // what the matcher said in full, the rules that did not apply by name
    expect(inbox.find((e) => e.id === result.exceptionId)!.reason)
      .toMatch(/^No automation handled this bank line: Customer payments: Payment not matched \(no_match\): .*; the other rules did not apply \(.*Bank fees.*\)$/);
  });

  it('answers a malformed body with 400 naming the field', async () => {
    const wrongType = await post('/api/companies/demo/bank-lines', { ...feeLine, id: 'BAD-1', amountMinor: '25.00' });
    expect(wrongType.status).toBe(400);
    const body = await wrongType.json();
    expect(body.error).toBe('invalid_request');
    expect(body.issues[0].path).toBe('amountMinor');
    expect(body.message).toMatch(/amountMinor/);

    const float = await post('/api/companies/demo/bank-lines', [{ ...feeLine, id: 'BAD-2', amountMinor: -25.5 }]);
    expect(float.status).toBe(400);
    expect((await float.json()).issues[0].path).toBe('[0].amountMinor');

    const date = await post('/api/companies/demo/bank-lines', { ...feeLine, id: 'BAD-3', bookingDate: '30/11/2026' });
    expect((await date.json()).issues[0].path).toBe('bookingDate');

    const broken = await post('/api/companies/demo/bank-lines', '{"id": "x",');
    expect(broken.status).toBe(400);
    const brokenBody = await broken.json();
    expect(brokenBody.message).toMatch(/JSON/i);
    expect(JSON.stringify(brokenBody)).not.toMatch(/at .*\.ts/);

    const runs = await (await app.request('/api/companies/demo/runs?sourceRef=bank-line:BAD-1')).json();
    expect(runs).toEqual([]);
  });

  it('answers 404 for an unknown company', async () => {
    const response = await post('/api/companies/nope/bank-lines', { ...feeLine, id: 'X' });
    expect(response.status).toBe(404);
  });
});

describe('API basics', () => {
  it('reports health and serves the OpenAPI document and the docs page', async () => {
    expect((await app.request('/api/health')).status).toBe(200);
    const openapi = await (await app.request('/api/openapi.json')).json();
    expect(openapi.paths['/api/companies/{companyId}/bank-lines'].post).toBeDefined();
    expect(openapi.paths['/api/companies/{companyId}/automations/{automationId}/publish'].post).toBeDefined();
    const docs = await app.request('/api/docs');
    expect(await docs.text()).toContain('/api/docs/swagger-ui-bundle.js');
    expect((await app.request('/api/docs/swagger-ui-bundle.js')).status).toBe(200);
    const schema = await (await app.request('/api/schema/automation.json')).json();
    expect(schema.properties.nodes.type).toBe('array');
  });

  it('saves a draft with its issues, refuses to publish it, publishes once fixed', async () => {
    const document = {
      id: 'interest', name: 'Interest income', nodes: [
        { id: 't', type: 'bank-line-imported', config: {} },
        { id: 'c', type: 'condition', config: { expression: { icontains: [{ var: 'event.text' }, 'ränta'] } } },
        { id: 'p', type: 'post-voucher', config: { series: 'E', text: 'Ränta', date: { var: 'event.bookingDate' }, lines: [
          { account: '1930', side: 'debit', amount: { var: 'event.amountMinor' } },
          { account: '8399', side: 'credit', amount: null },
        ] } },
      ], edges: [{ id: 'e1', source: 't', target: 'c' }, { id: 'e2', source: 'c', target: 'p', sourceHandle: 'true' }],
    };
    const saved = await app.request('/api/companies/demo/automations/interest', {
      method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(document),
    });
    expect(saved.status).toBe(200);
    const detail = await saved.json();
    expect(detail.issues).toContainEqual(expect.objectContaining({ code: 'unknown_account', nodeId: 'p' }));
    const refused = await post('/api/companies/demo/automations/interest/publish', {});
    expect(refused.status).toBe(422);
    expect((await refused.json()).issues[0]).toMatchObject({ nodeId: 'p', code: 'unknown_account' });

    document.nodes[2].config.lines![1].account = '8310';
    await app.request('/api/companies/demo/automations/interest', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(document) });
    // four-eyes: the author cannot publish alone; the attempt waits for a second person
    const asked = await post('/api/companies/demo/automations/interest/publish', {});
    expect(asked.status).toBe(202);
    expect(await asked.json()).toMatchObject({ status: 'pending_approval', id: 'interest' });
    // the second person: a token a person created (a token no person stands behind never is)
    const reviewer = await testApp.personToken('demo', 'reviewer@demo.se', ['read', 'automations:publish']);
    const published = await testApp.post('/api/companies/demo/automations/interest/publish', {}, { authorization: `Bearer ${reviewer}` });
    expect(published.status).toBe(200);
    expect(await published.json()).toMatchObject({ status: 'published', version: 1 });
    const list = await (await app.request('/api/companies/demo/automations')).json();
    expect(list.find((a: { id: string }) => a.id === 'interest')).toMatchObject({ publishedVersion: 1, hasUnpublishedChanges: false, triggerType: 'bank-line-imported' });
  });
});

describe('manual vouchers', () => {
  it('posts a manual voucher (201 with series and number) and reverses it', async () => {
    const created = await post('/api/companies/demo/vouchers', {
      date: `${year}-11-02`, text: 'Kaffe till kontoret', lines: [
        { account: '5460', debitMinor: 8000, vatCode: 'I25', dimensions: { '1': '100' } },
        { account: '2641', debitMinor: 2000 },
        { account: '1930', creditMinor: 10000 },
      ],
    });
    expect(created.status).toBe(201);
    const voucher = (await created.json()) as Voucher;
    expect(voucher).toMatchObject({ series: 'A', number: 1 });
    expect(voucher.registeredBy).toMatch(/^token:/);
    expect(voucher.lines[0].dimensions).toEqual({ '1': '100' });
    const reversed = await post(`/api/companies/demo/vouchers/${voucher.id}/reverse`, {});
    expect(reversed.status).toBe(201);
    expect(((await reversed.json()) as Voucher).reversesVoucherId).toBe(voucher.id);
    const again = await post(`/api/companies/demo/vouchers/${voucher.id}/reverse`, {});
    expect(again.status).toBe(422);
    expect((await again.json()).error).toBe('already_reversed');
  });

  it('answers 422 with the reason when the ledger refuses, and 400 for a float', async () => {
    const unbalanced = await post('/api/companies/demo/vouchers', {
      date: `${year}-11-02`, text: 'Fel', lines: [{ account: '5460', debitMinor: 8000 }, { account: '1930', creditMinor: 7000 }],
    });
    expect(unbalanced.status).toBe(422);
    expect(await unbalanced.json()).toMatchObject({ error: 'unbalanced' });
    const unknown = await post('/api/companies/demo/vouchers', {
      date: `${year}-11-02`, text: 'Fel', lines: [{ account: '5460', debitMinor: 8000 }, { account: '1999', creditMinor: 8000 }],
    });
    expect(await unknown.json()).toMatchObject({ error: 'unknown_account', issues: [{ path: 'lines[1]' }] });
    const float = await post('/api/companies/demo/vouchers', {
      date: `${year}-11-02`, text: 'Fel', lines: [{ account: '5460', debitMinor: 80.5 }, { account: '1930', creditMinor: 80.5 }],
    });
    expect(float.status).toBe(400);
    expect((await float.json()).issues[0].path).toBe('lines[0].debitMinor');
  });
});

describe('reports and periods over HTTP', () => {
  it('serves a trial balance that nets to zero and open items', async () => {
    const tb = await (await app.request(`/api/companies/demo/reports/trial-balance?from=${year}-01&to=${year}-12`)).json();
    expect(tb.totals.closingMinor).toBe(0);
    expect(tb.rows.find((r: { account: string }) => r.account === '6570').debitMinor).toBeGreaterThan(0);
    const bad = await app.request(`/api/companies/demo/reports/trial-balance?from=${year}-13&to=${year}-12`);
    expect(bad.status).toBe(400);
    const ar = await (await app.request('/api/companies/demo/reports/open-items?kind=ar')).json();
    expect(ar.items).toHaveLength(3);
    const gl = await (await app.request(`/api/companies/demo/reports/general-ledger/6570?from=${year}-01-01&to=${year}-12-31`)).json();
    expect(gl.entries.length).toBeGreaterThan(0);
  });

  it('locks and unlocks periods', async () => {
    const locked = await post(`/api/companies/demo/periods/${year}-01/lock`, {});
    expect(await locked.json()).toEqual({ period: `${year}-01`, status: 'locked' });
    const refused = await post(`/api/companies/demo/periods/${year}-01/unlock`, {});
    expect(refused.status).toBe(422);
    const unlocked = await post(`/api/companies/demo/periods/${year}-01/unlock`, { reason: 'Correction' });
    expect((await unlocked.json()).status).toBe('open');
  });
});

describe('SIE over HTTP', () => {
  it('downloads the year as SIE and uploads it into a new company', async () => {
    const download = await app.request(`/api/companies/demo/sie?year=${year}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/demo-\d{4}\.se/);
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect(new TextDecoder('latin1').decode(bytes.slice(0, 9))).toBe('#FLAGGA 0');
    // a token of one company cannot create another: new companies come from `kontera import-sie`
    const elsewhere = await app.request('/api/companies/demo-copy/sie?fileName=demo.se', { method: 'POST', body: bytes });
    expect(elsewhere.status).toBe(404);
    // the demo company's own export into itself: every voucher is recognised, nothing is posted twice
    const upload = await app.request('/api/companies/demo/sie?fileName=demo.se', { method: 'POST', body: bytes });
    expect(upload.status).toBe(200);
    const summary = await upload.json();
    expect(summary).toMatchObject({ companyId: 'demo', created: false, vouchers: 0 });
    expect(summary.vouchersReplayed).toBeGreaterThan(6);
    const refused = await app.request('/api/companies/demo/sie', { method: 'POST', body: '#FLAGGA 0\n#VER A 1 2025 "x"\n' });
    expect(refused.status).toBe(422);
    expect((await refused.json()).error).toBe('sie_refused');
  });
});

describe('dry run of the supplier invoice example (switch and for-each) against the demo chart', () => {
  it('proposes one voucher per line that the ledger accepts, and flags the line it cannot code', async () => {
    const { readFileSync } = await import('node:fs');
    const document = JSON.parse(readFileSync(new URL('../../rules-examples/supplier-invoice-coding.json', import.meta.url), 'utf8'));
    const event = {
      id: 'IN-HTTP-1', supplierId: 'L2003', supplierName: 'Kontorsgiganten AB', invoiceNumber: 'LF-9', invoiceDate: `${year}-11-20`, dueDate: `${year}-12-10`,
      currency: 'SEK', totalMinor: 974000, vatMinor: 49000,
      lines: [
        { description: 'Papper', amountMinor: 100000, vatCode: 'I25' },
        { description: 'Hotell', amountMinor: 200000, vatCode: 'I12' },
        { description: 'Konsult USA', amountMinor: 500000, vatCode: 'OTU' },
      ],
    };
    const response = await post('/api/companies/demo/automations/dry-run', { document, event });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.status).toBe('flagged');
    expect(body.reason).toMatch(/"Konsult USA" has VAT code "OTU"/);
    expect(body.vouchers.map((v: { lines: { account: string }[] }) => v.lines.map((l) => l.account))).toEqual([['4010', '2641', '2440'], ['5831', '2641', '2440']]);
    expect(body.trace.filter((s: { nodeId: string }) => s.nodeId === 'lines').map((s: { branch: string }) => s.branch)).toEqual(['each', 'each', 'each', 'done']);
    expect(await automationVouchers()).not.toContainEqual(expect.objectContaining({ sourceRef: 'IN-HTTP-1' }));
  });
});
