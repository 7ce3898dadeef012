import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { seedDemoCompany } from '../seed/demo.ts';
import { exportSie } from './sie.ts';
import { Ledger } from './ledger.ts';
import { LedgerRefusal, type VoucherDraft, type VoucherLineDraft } from './types.ts';

let database: Database;
let ledger: Ledger;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedDemoCompany(database.db, { today: new Date('2026-11-29T12:00:00Z') });
  ledger = new Ledger(database.db);
});
afterAll(() => database.close());

const draft = (lines: VoucherLineDraft[]): VoucherDraft => ({ date: '2026-11-03', series: 'A', text: 'Bankavgift i euro', registeredBy: 'user:test', lines });
const refusal = async (promise: Promise<unknown>): Promise<LedgerRefusal> => {
  try { await promise; } catch (error) { if (error instanceof LedgerRefusal) return error; throw error; }
  throw new Error('expected a refusal');
};

describe('voucher lines in another currency', () => {
  it('keeps the currency, amount and rate beside the SEK amount: 10.00 EUR @ 11.50 = 115.00 SEK', async () => {
    const [posted] = await ledger.post('demo', [draft([
      { account: '6570', debitMinor: 11_500, currency: 'EUR', currencyAmountMinor: 1_000, rate: '11.50' },
      { account: '1930', creditMinor: 11_500 },
    ])]);
    const read = await ledger.get('demo', posted.voucher.id);
    expect(read!.lines.map((l) => [l.account, l.debitMinor, l.creditMinor, l.currency, l.currencyAmountMinor, l.rate])).toEqual([
      ['6570', 11_500, 0, 'EUR', 1_000, '11.50'],
      ['1930', 0, 11_500, 'SEK', null, null],
    ]);
    // A reversal carries the triple too, on the other side.
    const reversal = await ledger.reverse('demo', posted.voucher.id, { date: '2026-11-04', registeredBy: 'user:test' });
    expect(reversal.voucher.lines[0]).toMatchObject({ account: '6570', creditMinor: 11_500, currency: 'EUR', currencyAmountMinor: 1_000, rate: '11.50' });
  });

  it('rounds half away from zero and checks it exactly: 0.02 EUR @ 11.25 is 0.23 SEK, not 0.22', async () => {
    const ok = await ledger.post('demo', [draft([
      { account: '6570', debitMinor: 23, currency: 'EUR', currencyAmountMinor: 2, rate: '11.25' }, { account: '1930', creditMinor: 23 },
    ])]);
    expect(ok[0].voucher.lines[0].debitMinor).toBe(23);
    const off = await refusal(ledger.post('demo', [draft([
      { account: '1930', debitMinor: 22 }, { account: '6570', creditMinor: 22, currency: 'EUR', currencyAmountMinor: 2, rate: '11.25' },
    ])]));
    expect(off).toMatchObject({ code: 'invalid_currency_line', lineIndex: 1 });
    expect(off.message).toBe('Line 2: 0.02 EUR at 11.25 is 0.23 SEK, but the line says 0.22 SEK (rounded half away from zero to the öre)');
  });

  it('refuses an inconsistent triple, naming the line', async () => {
    const cases: [VoucherLineDraft, RegExp][] = [
      [{ account: '6570', debitMinor: 11_500, currency: 'EUR' }, /Line 1: a line in EUR needs currency, currencyAmountMinor and rate together/],
      [{ account: '6570', debitMinor: 11_500, currency: 'EUR', currencyAmountMinor: 1_000 }, /Line 1: a line in EUR needs .* rate null/],
      [{ account: '6570', debitMinor: 11_500, currencyAmountMinor: 1_000, rate: '11.50' }, /Line 1: a line in SEK, the company's currency, has no currency amount or rate/],
      [{ account: '6570', debitMinor: 11_500, currency: 'XYZ', currencyAmountMinor: 1_000, rate: '11.50' }, /Line 1: unknown currency "XYZ"/],
      [{ account: '6570', debitMinor: 11_500, currency: 'EUR', currencyAmountMinor: 1_000, rate: '11,50' }, /Line 1: rate must be a decimal number/],
      [{ account: '6570', debitMinor: 11_500, currency: 'EUR', currencyAmountMinor: 10.5, rate: '11.50' }, /Line 1: currencyAmountMinor must be a positive integer/],
      [{ account: '6570', debitMinor: 11_500, currency: 'EUR', currencyAmountMinor: -1_000, rate: '11.50' }, /Line 1: currencyAmountMinor must be a positive integer/],
      [{ account: '6570', debitMinor: 1_000, currency: 'EUR', currencyAmountMinor: 1_000, rate: '11.50' }, /Line 1: 10.00 EUR at 11.50 is 115.00 SEK, but the line says 10.00 SEK/],
    ];
    for (const [line, message] of cases) {
      const error = await refusal(ledger.post('demo', [draft([line, { account: '1930', creditMinor: line.debitMinor }])]));
      expect(error, JSON.stringify(line)).toMatchObject({ code: 'invalid_currency_line', lineIndex: 0 });
      expect(error.message).toMatch(message);
    }
  });

  it('balances in SEK: EUR amounts on both sides do not make an EUR-only voucher', async () => {
    const error = await refusal(ledger.post('demo', [draft([
      { account: '6570', debitMinor: 11_500, currency: 'EUR', currencyAmountMinor: 1_000, rate: '11.50' },
      { account: '1930', creditMinor: 11_400, currency: 'EUR', currencyAmountMinor: 1_000, rate: '11.40' },
    ])]));
    expect(error.code).toBe('unbalanced');
    expect(error.message).toMatch(/in SEK: .* difference 1\.00/);
  });

  it('SIE 4 cannot carry a line\'s currency (no such field on #TRANS): the export writes the SEK amount', async () => {
    const sie = (await exportSie(database.db, 'demo', 2026)).bytes.toString('latin1');
    expect(sie).toMatch(/#TRANS 6570 \{\} 115\.00/);
    expect(sie).not.toMatch(/EUR/);
  });
});
