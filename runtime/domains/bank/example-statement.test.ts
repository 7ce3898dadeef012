/**
 * The example statement: made from the demo company's open invoices, it
 * imports through the real path and shows each outcome it promises; a
 * second one is new lines, not duplicates; nothing is stored by making one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BankReconciliation, BankStatementImport } from '../../../shared/api.ts';
import { parseCamt } from '../../formats/camt/index.ts';
import { createTestApp, type TestApp } from '../../http/test-app.ts';
import { fakeDateInEachTest } from '../../testing/fake-date.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());

interface Line { id: string; amountMinor: number; text: string; outcome: { kind: string; exceptionReason?: string; account?: string; allocations?: { invoiceNumber: string; amountMinor: number }[] } }

async function example(query = ''): Promise<Uint8Array<ArrayBuffer>> {
  const response = await t.request(`/api/companies/demo/bank-statements/example${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  expect(response.headers.get('content-type')).toContain('application/xml');
  expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="exempel-kontoutdrag-\d{4}-\d{2}-\d{2}\.xml"$/);
  return new Uint8Array(await response.arrayBuffer());
}

async function importFile(bytes: Uint8Array<ArrayBuffer>): Promise<BankStatementImport> {
  const response = await t.request('/api/companies/demo/bank-statements', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: bytes });
  const body = (await response.json()) as BankStatementImport;
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body;
}

describe('GET …/bank-statements/example', () => {
  it('is a camt.053 file whose balances add up, for the demo account, and making it stores nothing', async () => {
    const before = await (await t.request('/api/companies/demo/bank-statements')).json();
    const bytes = await example();
    const parsed = parseCamt(bytes);
    expect(parsed.statements).toHaveLength(1);
    const [statement] = parsed.statements;
    expect(statement.account.iban).toBe('SE4550000000058398257466');
    expect(statement.lines).toHaveLength(7);
    expect(await (await t.request('/api/companies/demo/bank-statements')).json()).toEqual(before);
  });

  it('imports like a bank file and shows matched, partial, by-name, exception and bank-rule lines', async () => {
    const open = (await (await t.request('/api/companies/demo/customer-invoices?status=open')).json()).invoices as { invoiceNumber: string; openMinor: number }[];
    expect(open.length).toBeGreaterThanOrEqual(3);
    const answer = await importFile(await example());
    expect(answer).toMatchObject({ format: 'camt.053', lines: 7, new: 7, duplicates: 0 });
    const statementId = answer.statements[0].statementId;
    const lines = (await (await t.request(`/api/companies/demo/bank-lines?statementId=${encodeURIComponent(statementId)}`)).json()).lines as Line[];
    const kinds = lines.map((l) => l.outcome.kind).sort();
    expect(kinds).toEqual(['bank_rule', 'bank_rule', 'bank_rule', 'exception', 'matched', 'matched', 'partial'].sort());
    const [first, second, third] = open;
    const settled = (kind: string) => lines.filter((l) => l.outcome.kind === kind).flatMap((l) => l.outcome.allocations ?? []);
    expect(settled('matched').map((a) => a.invoiceNumber).sort()).toEqual([first.invoiceNumber, third.invoiceNumber].sort());
    expect(settled('partial')).toMatchObject([{ invoiceNumber: second.invoiceNumber, amountMinor: Math.floor(second.openMinor / 200) * 100 }]);
    expect(lines.find((l) => l.outcome.kind === 'exception')?.outcome.exceptionReason).toBe('no_match');
    expect(lines.filter((l) => l.outcome.kind === 'bank_rule').map((l) => l.outcome.account).sort()).toEqual(['1630', '6570', '8310']);

    // The reconciliation: the statement's closing balance less the one unplaced payment is the ledger's.
    const report = (await (await t.request('/api/companies/demo/reports/bank-reconciliation?bankAccount=main')).json()) as BankReconciliation;
    const [main] = report.accounts;
    expect(main.unbookedLines.count).toBe(1);
    expect(main.differenceMinor).toBe(main.unbookedLines.totalMinor);
  });

  it('a second example is new lines (not duplicates), from what is still open', async () => {
    const answer = await importFile(await example('?bankAccount=main'));
    expect(answer.duplicates).toBe(0);
    expect(answer.new).toBeGreaterThanOrEqual(4);
  });

  it('a bank account in another currency than the ledger opens at 0, not at the SEK balance of its ledger account', async () => {
    const created = await t.post('/api/companies/demo/bank-accounts', { id: 'eur', name: 'Valutakonto EUR', ledgerAccount: '1940', iban: 'SE3550000000054910000003', currency: 'EUR' });
    expect(created.status, await created.clone().text()).toBe(201);
    const voucher = await t.post('/api/companies/demo/vouchers', { date: '2026-01-02', text: 'Insättning', lines: [{ account: '1940', debitMinor: 50_000 }, { account: '2081', creditMinor: 50_000 }] });
    expect(voucher.status, await voucher.clone().text()).toBe(201);
    const [statement] = parseCamt(await example('?bankAccount=eur')).statements;
    expect(statement.currency).toBe('EUR');
    expect(statement.openingMinor).toBe(0);
  });

  it('refuses an unknown bank account with 422', async () => {
    const response = await t.request('/api/companies/demo/bank-statements/example?bankAccount=nope');
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ error: 'unknown_bank_account' });
  });
});

describe("today is the company's date, not UTC's", () => {
  // 22:30 UTC on 30 June is 00:30 on 1 July in Stockholm (summer time): a person there calls it 1 July.
  const lateEvening = new Date('2026-06-30T22:30:00Z');
  let late: TestApp;
  beforeAll(async () => { late = await createTestApp({ today: lateEvening }); });
  afterAll(() => late.close());
  fakeDateInEachTest(lateEvening);

  it('dates the example statement and its lines by the company\'s time zone', async () => {
    const response = await late.request('/api/companies/demo/bank-statements/example');
    expect(response.status, await response.clone().text()).toBe(200);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="exempel-kontoutdrag-2026-07-01.xml"');
    const [statement] = parseCamt(new Uint8Array(await response.arrayBuffer())).statements;
    expect(new Set(statement.lines.map((l) => l.bookingDate))).toEqual(new Set(['2026-07-01']));
  });

  it('reconciles as of the company\'s today when no date is given', async () => {
    const response = await late.request('/api/companies/demo/reports/bank-reconciliation');
    expect(response.status, await response.clone().text()).toBe(200);
    const report = (await response.json()) as BankReconciliation;
    expect(report.date).toBe('2026-07-01');
  });
});
