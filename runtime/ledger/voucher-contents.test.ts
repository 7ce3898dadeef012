/** Voucher contents (issue 13, BFL 5:7): a text that says what happened; reversals dated after what they reverse, on accounts deactivated since. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { accounts } from '../db/schema.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { seedDemoCompany } from '../seed/demo.ts';
import { Ledger } from './ledger.ts';
import { LedgerRefusal, type VoucherDraft } from './types.ts';

let database: Database;
let ledger: Ledger;
const year = new Date().getUTCFullYear();
const draft = (overrides: Partial<VoucherDraft> = {}): VoucherDraft => ({
  date: `${year}-03-15`, series: 'A', text: 'Kontorsmaterial', registeredBy: 'user:test',
  lines: [{ account: '6110', debitMinor: 10000 }, { account: '1930', creditMinor: 10000 }],
  ...overrides,
});
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
  database = await openTestDatabase();
  await seedDemoCompany(database.db);
  ledger = new Ledger(database.db);
});
afterAll(() => database.close());

describe('voucher contents', () => {
  it('refuses a voucher whose text is blank', async () => {
    for (const text of ['', '   ']) {
      const refused = await refusal(ledger.post('demo', [draft({ text })]));
      expect(refused.code).toBe('blank_text');
      expect(refused.message).toMatch(/BFL 5:7/);
    }
    // history imported from a SIE file is kept as it was written, a blank text included
    const [imported] = await ledger.post('demo', [draft({ text: '', sourceRef: 'sie:A:901' })]);
    expect(imported.voucher.text).toBe('');
  });

  it('refuses a reversal dated before the voucher it reverses, and takes one dated the same day or later', async () => {
    const [{ voucher }] = await ledger.post('demo', [draft({ date: `${year}-03-15` })]);
    const early = await refusal(ledger.reverse('demo', voucher.id, { date: `${year}-03-14`, registeredBy: 'user:test' }));
    expect(early.code).toBe('reversal_before_original');
    expect(early.message).toContain(`${year}-03-15`);
    const reversal = await ledger.reverse('demo', voucher.id, { date: `${year}-03-15`, registeredBy: 'user:test' });
    expect(reversal.voucher.reversesVoucherId).toBe(voucher.id);
  });

  it('reverses a voucher whose account was deactivated since; new vouchers on it are still refused', async () => {
    const [{ voucher }] = await ledger.post('demo', [draft({ lines: [{ account: '6110', debitMinor: 5000 }, { account: '1930', creditMinor: 5000 }] })]);
    await database.db.update(accounts).set({ active: false }).where(and(eq(accounts.companyId, 'demo'), eq(accounts.number, '6110')));
    try {
      const reversal = await ledger.reverse('demo', voucher.id, { date: `${year}-03-20`, registeredBy: 'user:test' });
      expect(reversal.voucher.lines.map((l) => [l.account, l.debitMinor, l.creditMinor])).toEqual([['6110', 0, 5000], ['1930', 5000, 0]]);
      expect((await refusal(ledger.post('demo', [draft()]))).code).toBe('inactive_account');
    } finally {
      await database.db.update(accounts).set({ active: true }).where(and(eq(accounts.companyId, 'demo'), eq(accounts.number, '6110')));
    }
  });
});
