import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineAmountMinorMax, voucherTotalMinorMax } from '../../shared/money.ts';
import { encodeCp437 } from '../formats/sie/index.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { createCompany } from '../seed/demo.ts';
import { Ledger } from './ledger.ts';
import { generalLedger, trialBalance } from './reports.ts';
import { exportSie, importSie, SieImportRefused } from './sie.ts';
import { LedgerRefusal, type VoucherDraft } from './types.ts';

// Issue 10, item 5: amounts are capped where they enter, and every report sums exactly.
const cap = lineAmountMinorMax;
const oldMax = Number.MAX_SAFE_INTEGER; // 2^53 − 1: the largest amount the ledger accepted before the cap
let t: TestApp;
let ledger: Ledger;

const draft = (lines: VoucherDraft['lines'], date = '2026-06-15'): VoucherDraft => ({ date, series: 'A', text: 'Stort belopp', registeredBy: 'user:test', lines });
const refusal = async (promise: Promise<unknown>): Promise<LedgerRefusal> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LedgerRefusal) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

beforeAll(async () => {
  t = await createTestApp({ today: new Date('2026-11-29T12:00:00Z') });
  ledger = new Ledger(t.database.db);
  // A company of its own, so that every figure below is exact and known.
  await createCompany(t.database.db, { id: 'big', name: 'Stora Belopp AB', orgNumber: '556000-0099', year: 2026 });
  for (const [number, name, type] of [['1930', 'Företagskonto', 'asset'], ['3001', 'Försäljning', 'revenue'], ['1910', 'Kassa', 'asset'], ['3002', 'Försäljning 2', 'revenue']]) {
    await t.database.client.execute({ sql: "INSERT INTO accounts (company_id, number, name, type) VALUES ('big', ?, ?, ?)", args: [number, name, type] });
  }
  // The year from the issue: two vouchers of 2^53 − 1 öre, posted before the cap existed. Inserts are allowed
  // (the ledger is append-only), so they go in with raw SQL, as an old database holds them.
  for (const number of [1, 2]) {
    const id = `old-${number}`;
    await t.database.client.execute({
      sql: `INSERT INTO vouchers (id, company_id, series, number, fiscal_year, date, text, registered_at, registered_by)
        VALUES (?, 'big', 'D', ?, 2026, '2026-03-0${number}', 'Före taket', '2026-03-01T00:00:00Z', 'user:old')`, args: [id, number],
    });
    await t.database.client.execute({
      sql: `INSERT INTO voucher_lines (voucher_id, line_no, company_id, account, debit_minor, credit_minor, currency)
        VALUES (?, 1, 'big', '1930', ?, 0, 'SEK'), (?, 2, 'big', '3001', 0, ?, 'SEK')`, args: [id, oldMax, id, oldMax],
    });
  }
  await t.database.client.execute("INSERT INTO voucher_sequences (company_id, series, fiscal_year, last_number) VALUES ('big', 'D', 2026, 2)");
});
afterAll(() => t.close());

describe('the cap per line and per voucher', () => {
  it('the ledger posts a line at the cap and refuses one öre more, naming the line', async () => {
    const [atCap] = await ledger.post('big', [draft([{ account: '1910', debitMinor: cap }, { account: '3002', creditMinor: cap }])]);
    expect(atCap.voucher.lines[0].debitMinor).toBe(cap);
    const over = await refusal(ledger.post('big', [draft([{ account: '1910', debitMinor: cap + 1 }, { account: '3002', creditMinor: cap + 1 }])]));
    expect(over).toMatchObject({ code: 'amount_too_large', lineIndex: 0 });
    expect(over.message).toMatch(/Line 1: debitMinor 100000000000\.01 is over the maximum per line, 100000000000\.00/);
  });

  it('the ledger refuses a voucher whose lines are each under the cap but whose total is over it', async () => {
    const half = voucherTotalMinorMax / 2;
    const error = await refusal(ledger.post('big', [draft([
      { account: '1910', debitMinor: half }, { account: '1910', debitMinor: half + 1 },
      { account: '3002', creditMinor: half }, { account: '3002', creditMinor: half + 1 },
    ])]));
    expect(error.code).toBe('amount_too_large');
    expect(error.message).toMatch(/total in SEK is over the maximum per voucher/);
  });

  it('the manual voucher API refuses a line over the cap with a 400 that names the field', async () => {
    const response = await t.post('/api/companies/demo/vouchers', {
      date: '2026-06-15', series: 'A', text: 'För stort', lines: [{ account: '1930', debitMinor: cap + 1 }, { account: '3001', creditMinor: cap + 1 }],
    });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'lines[0].debitMinor', message: expect.stringMatching(/at most 10000000000000 öre/) })]));
  });

  it('a bank line (API or webhook payload schema) over the cap is refused with a 400 naming amountMinor', async () => {
    const response = await t.post('/api/companies/demo/bank-lines', {
      id: 'CAP-1', bookingDate: '2026-11-28', amountMinor: -(cap + 1), currency: 'SEK', text: 'AVGIFT', reference: null, counterparty: null,
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toMatch(/amountMinor.*per-line cap/);
  });

  it('an automation whose expression computes an amount over the cap fails the run, naming the node', async () => {
    const document = (await t.services.store.version('demo', 'bank-fees', 1))!;
    const result = await t.services.runner.dryRun('demo', document, {
      id: 'CAP-2', bookingDate: '2026-11-28', amountMinor: -(cap + 1), currency: 'SEK', text: 'AVGIFT', reference: null, counterparty: null, bankAccount: '1930',
    });
    expect(result.status).toBe('failed');
    const node = document.nodes.find((n) => n.type === 'post-voucher')!;
    expect(result.reason).toContain(node.name);
    expect(result.reason).toMatch(/amount_too_large: Line 1: debitMinor 100000000000\.01 is over the maximum per line/);
  });

  it('an SIE file with a #TRANS over the cap is refused as a whole, naming its line', async () => {
    const file = encodeCp437([
      '#FLAGGA 0', '#PROGRAM "Test" 1.0', '#FORMAT PC8', '#GEN 20250105', '#SIETYP 4', '#ORGNR 556000-0042', '#FNAMN "Tak AB"', '#RAR 0 20250101 20251231',
      '#KONTO 1930 "Bank"', '#KONTO 3001 "Försäljning"',
      '#VER A 1 20250110 "Stor"', '{', '#TRANS 1930 {} 100000000000.01', '#TRANS 3001 {} -100000000000.01', '}',
    ].join('\r\n') + '\r\n').bytes;
    const error = await importSie(t.database.db, file, { fileName: 'tak.se' }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(SieImportRefused);
    expect((error as SieImportRefused).errors[0]).toMatchObject({ code: 'amount_out_of_range', line: 13, record: '#TRANS' });
    expect((error as SieImportRefused).errors[0].message).toMatch(/Voucher A 1, account 1930: 100000000000\.01 is over the maximum per line/);
  });
});

describe('reports sum exactly, beyond 2^53 too', () => {
  const twiceOldMax = 2n * BigInt(oldMax); // 18014398509481982: not a safe integer

  it('the trial balance of the year from the issue answers with exact figures (decimal strings beyond 2^53)', async () => {
    const tb = await trialBalance(t.database.db, 'big', { fromPeriod: '2026-01', toPeriod: '2026-12' });
    const rows = Object.fromEntries(tb.rows.map((r) => [r.account, r]));
    expect(rows['1930']).toMatchObject({ openingMinor: 0, debitMinor: twiceOldMax.toString(), creditMinor: 0, closingMinor: twiceOldMax.toString() });
    expect(rows['3001']).toMatchObject({ debitMinor: 0, creditMinor: twiceOldMax.toString(), closingMinor: (-twiceOldMax).toString() });
    // the two vouchers at the new cap (posted above) stay plain numbers
    expect(rows['1910']).toMatchObject({ debitMinor: cap, closingMinor: cap });
    expect(tb.totals).toEqual({ openingMinor: 0, debitMinor: (twiceOldMax + BigInt(cap)).toString(), creditMinor: (twiceOldMax + BigInt(cap)).toString(), closingMinor: 0 });
  });

  it('over HTTP the same report is a 200 that matches the response schema, not a 500', async () => {
    const token = await t.tokenFor('big');
    const response = await t.request('/api/companies/big/reports/trial-balance?from=2026-03&to=2026-03', { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.rows.find((r: { account: string }) => r.account === '1930').closingMinor).toBe(twiceOldMax.toString());
    const ledgerResponse = await t.request('/api/companies/big/reports/general-ledger/1930?from=2026-01-01&to=2026-12-31', { headers: { authorization: `Bearer ${token}` } });
    expect(ledgerResponse.status).toBe(200);
    const gl = await ledgerResponse.json();
    expect(gl.entries.map((e: { balanceMinor: unknown }) => e.balanceMinor)).toEqual([oldMax, twiceOldMax.toString()]);
    expect(gl.closingMinor).toBe(twiceOldMax.toString());
  });

  it('the general ledger opens exactly with what came before the range', async () => {
    const gl = await generalLedger(t.database.db, 'big', '1930', { from: '2026-04-01', to: '2026-12-31' });
    expect(gl).toMatchObject({ openingMinor: twiceOldMax.toString(), closingMinor: twiceOldMax.toString(), entries: [] });
  });

  it('the SIE export writes #UB, #RES and #TRANS exactly', async () => {
    const { bytes } = await exportSie(t.database.db, 'big', 2026, { today: '2026-11-29' });
    const text = bytes.toString('latin1');
    expect(text).toContain('#UB 0 1930 180143985094819.82\r\n');
    expect(text).toContain('#RES 0 3001 -180143985094819.82\r\n');
    expect(text).toContain('#TRANS 1930 {} 90071992547409.91');
    expect(text).toContain('#UB 0 1910 100000000000.00\r\n');
    const token = await t.tokenFor('big');
    expect((await t.request('/api/companies/big/sie?year=2026', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });
});

describe('a voucher posted before the caps', () => {
  it('can still be corrected: its reversal is not capped, and the year then nets to zero exactly', async () => {
    for (const id of ['old-1', 'old-2']) await ledger.reverse('big', id, { date: '2026-06-20', registeredBy: 'user:test' });
    const tb = await trialBalance(t.database.db, 'big', { fromPeriod: '2026-01', toPeriod: '2026-12' });
    const rows = Object.fromEntries(tb.rows.map((r) => [r.account, r]));
    expect(rows['1930']).toMatchObject({ debitMinor: (2n * BigInt(oldMax)).toString(), creditMinor: (2n * BigInt(oldMax)).toString(), closingMinor: 0 });
  });
});
