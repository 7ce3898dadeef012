/**
 * The bank rules as the demo runs them: every example is published at first
 * start, and bank lines posted over HTTP (app.request, no server) are booked
 * by the right one against the line's own bank account.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AutomationSummary, BankLinesResponse, ExceptionItem, Voucher } from '../shared/api.ts';
import { createTestApp, type TestApp } from '../runtime/http/test-app.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());

const year = new Date().getUTCFullYear();
const bankLine = (id: string, amountMinor: number, text: string, extra: Record<string, unknown> = {}) => ({
  id, bookingDate: `${year}-11-30`, amountMinor, currency: 'SEK', text, reference: null, counterparty: null, ...extra,
});

/** Posts one bank line; returns its result and the voucher that booked it (if any). */
async function post(line: ReturnType<typeof bankLine>) {
  const response = await t.post('/api/companies/demo/bank-lines', line);
  expect(response.status).toBe(200);
  const [result] = ((await response.json()) as BankLinesResponse).results;
  const vouchers = (await (await t.request('/api/companies/demo/vouchers')).json()) as Voucher[];
  const voucher = vouchers.find((v) => v.sourceRef === `bank-line:${line.id}`);
  return { result, voucher, lines: voucher?.lines.map((l) => [l.account, l.debitMinor, l.creditMinor]) };
}

const postedBy = (result: BankLinesResponse['results'][number]) => result.runs.filter((r) => r.status === 'posted').map((r) => r.automationId);

describe('the demo company', () => {
  it('publishes every automation in rules-examples/', async () => {
    const ids = readdirSync(new URL('./', import.meta.url)).filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(new URL(f, import.meta.url), 'utf8')).id as string);
    const listed = (await (await t.request('/api/companies/demo/automations')).json()) as AutomationSummary[];
    for (const id of ids) expect(listed.find((a) => a.id === id), id).toMatchObject({ publishedVersion: 1, hasUnpublishedChanges: false });
  });
});

describe('bank lines posted to POST …/bank-lines', () => {
  it('RÄNTA (money in) is booked on 8310 against the line\'s bank account, once', async () => {
    const { result, voucher, lines } = await post(bankLine('RULES-R1', 1234, 'RÄNTA'));
    expect(postedBy(result)).toEqual(['interest-income']);
    expect(result.exceptionId).toBeNull();
    expect(voucher).toMatchObject({ series: 'E', text: 'Ränteintäkt: RÄNTA', automationId: 'interest-income' });
    // the demo's bank account "main" is 1930: a line that names no account is that account's
    expect(lines).toEqual([['1930', 1234, 0], ['8310', 0, 1234]]);
    expect(voucher!.lines[1].accountName).toBe('Ränteintäkter från omsättningstillgångar');
  });

  it('a line of another bank account is booked on that account, never on 1930', async () => {
    const account = await t.post('/api/companies/demo/bank-accounts', { id: 'interest-savings', name: 'Sparkonto', ledgerAccount: '1940', currency: 'SEK' });
    expect([200, 201]).toContain(account.status);
    const { result, lines } = await post(bankLine('RULES-R2', 5000, 'Inlåningsränta', { bankAccount: '1940' }));
    expect(postedBy(result)).toEqual(['interest-income']);
    expect(lines).toEqual([['1940', 5000, 0], ['8310', 0, 5000]]);
  });

  it('each bank rule books its own lines, and only one rule books a line', async () => {
    const expected: [ReturnType<typeof bankLine>, string, (string | number)[][]][] = [
      [bankLine('RULES-K1', -4550, 'RÄNTA KREDIT'), 'interest-costs', [['8410', 4550, 0], ['1930', 0, 4550]]],
      [bankLine('RULES-S1', -2500000, 'SKATTEVERKET'), 'tax-account', [['1630', 2500000, 0], ['1930', 0, 2500000]]],
      [bankLine('RULES-S2', 1200000, 'Utbetalning', { counterparty: 'Skatteverket' }), 'tax-account', [['1930', 1200000, 0], ['1630', 0, 1200000]]],
      [bankLine('RULES-C1', 1234500, 'KORTINLÖSEN 1129'), 'card-settlements', [['1930', 1234500, 0], ['1580', 0, 1234500]]],
      [bankLine('RULES-F1', -2500, 'AVGIFT BANKGIRO'), 'bank-fees', [['6570', 2500, 0], ['1930', 0, 2500]]],
    ];
    for (const [line, automationId, voucherLines] of expected) {
      const { result, lines } = await post(line);
      expect(postedBy(result), line.id).toEqual([automationId]);
      expect(lines, line.id).toEqual(voucherLines);
      expect(result.exceptionId, line.id).toBeNull();
    }
  });

  it('a statement for another bank account: its lines carry that account, and the rules book on it', async () => {
    const mapping = {
      version: 1, accountId: 'savings', encoding: 'utf-8', delimiter: ';', headerRow: true, skipRows: 0, dateFormat: 'YYYY-MM-DD',
      decimalSeparator: ',', thousandsSeparator: 'space', currency: { fixed: 'SEK' },
      columns: { bookingDate: 'Bokföringsdag', amount: 'Belopp', text: ['Text'], reference: 'Referens' },
    };
    const created = await t.post('/api/companies/demo/bank-accounts', { id: 'savings', name: 'Sparkonto', ledgerAccount: '1940', currency: 'SEK', csvMapping: mapping });
    expect(created.status, await created.clone().text()).toBe(201);
    const csv = `Bokföringsdag;Referens;Text;Belopp\n${year}-12-31;RULES-CSV-1;RÄNTA;12,34\n${year}-12-31;RULES-CSV-2;KONTOAVGIFT;-15,00\n`;
    const imported = await t.request('/api/companies/demo/bank-statements?bankAccount=savings', { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv });
    expect(imported.status, await imported.clone().text()).toBe(200);
    const vouchers = ((await (await t.request('/api/companies/demo/vouchers?limit=1000')).json()) as Voucher[])
      .filter((v) => v.automationId && v.date === `${year}-12-31`);
    expect(vouchers.map((v) => [v.automationId, v.lines.map((l) => [l.account, l.debitMinor, l.creditMinor])]).sort()).toEqual([
      ['bank-fees', [['6570', 1500, 0], ['1940', 0, 1500]]],
      ['interest-income', [['1940', 1234, 0], ['8310', 0, 1234]]],
    ]);
  });

  it('interest in another currency is not booked as SEK: it is in the inbox with the reason', async () => {
    const { result, voucher } = await post(bankLine('RULES-EUR', 1234, 'INTEREST', { currency: 'EUR' }));
    expect(voucher).toBeUndefined();
    expect(result.runs.find((r) => r.automationId === 'interest-income')).toMatchObject({ status: 'flagged' });
    expect(result.exceptionId).toBeTruthy();
    const inbox = (await (await t.request('/api/companies/demo/exceptions?status=open')).json()) as ExceptionItem[];
    expect(inbox.find((e) => e.id === result.exceptionId)?.reason).toMatch(/^Interest income in EUR, not SEK: the ledger is kept in SEK/);
  });
});
