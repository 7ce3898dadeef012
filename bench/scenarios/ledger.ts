/**
 * Posting three-line vouchers through the ledger module, against the raw
 * ceiling measured in the same run: the same rows inserted with
 * @libsql/client multi-row INSERTs in one transaction, no checks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure, type Scenario } from '../harness.ts';
import { openDatabase } from '../../runtime/db/client.ts';
import { Ledger, systemClock } from '../../runtime/ledger/ledger.ts';
import type { VoucherDraft } from '../../runtime/ledger/types.ts';
import { seedDemoCompany } from '../../runtime/seed/demo.ts';

const batchSize = 1000;
const year = new Date().getUTCFullYear();

function drafts(n: number, offset: number): VoucherDraft[] {
  return Array.from({ length: n }, (_, i) => ({
    date: `${year}-05-${String(1 + ((offset + i) % 28)).padStart(2, '0')}`, series: 'A', text: `Inköp ${offset + i}`,
    registeredBy: 'user:bench', idempotencyKey: `bench-${offset + i}`,
    lines: [
      // 25 % input VAT that fits the base (the ledger checks base × rate, runtime/ledger/vat-codes.ts)
      { account: '4010', debitMinor: 80_000 + 4 * i, vatCode: 'I25' },
      { account: '2641', debitMinor: 20_000 + i },
      { account: '2440', creditMinor: 100_000 + 5 * i },
    ],
  }));
}

const scenario: Scenario = {
  name: 'ledger posting',
  async run() {
    const dir = mkdtempSync(join(tmpdir(), 'kontera-bench-ledger-'));
    const database = await openDatabase(`file:${join(dir, 'bench.db')}`);
    await seedDemoCompany(database.db);
    const ledger = new Ledger(database.db);
    let offset = 0;
    let rawNumber = 0;

    const raw = await measure('raw libSQL multi-row INSERT, 1 tx per 1000 (ceiling)', async () => {
      const tx = await database.client.transaction('write');
      const now = new Date().toISOString();
      const vArgs: unknown[] = [];
      const lArgs: unknown[] = [];
      const vRows: string[] = [];
      const lRows: string[] = [];
      for (let i = 0; i < batchSize; i++) {
        const id = systemClock.newId(); // time-ordered, like the ledger's ids (random ones cost B-tree splits)
        rawNumber++;
        vRows.push('(?,?,?,?,?,?,?,?,?,?)');
        vArgs.push(id, 'demo', 'R', rawNumber, year, `${year}-05-02`, `Inköp ${rawNumber}`, now, 'user:bench', `raw-${rawNumber}`);
        for (const [n, account, debit, credit] of [[1, '4010', 80_000, 0], [2, '2641', 20_000, 0], [3, '2440', 0, 100_000]] as const) {
          lRows.push("(?,?,?,?,?,?,'SEK','{}')");
          lArgs.push(id, n, 'demo', account, debit, credit);
        }
      }
      for (let i = 0; i < vRows.length; i += 500) {
        await tx.execute({
          sql: `INSERT INTO vouchers (id, company_id, series, number, fiscal_year, date, text, registered_at, registered_by, idempotency_key) VALUES ${vRows.slice(i, i + 500).join(',')}`,
          args: vArgs.slice(i * 10, (i + 500) * 10) as never,
        });
      }
      for (let i = 0; i < lRows.length; i += 1000) {
        await tx.execute({
          sql: `INSERT INTO voucher_lines (voucher_id, line_no, company_id, account, debit_minor, credit_minor, currency, dimensions) VALUES ${lRows.slice(i, i + 1000).join(',')}`,
          args: lArgs.slice(i * 6, (i + 1000) * 6) as never,
        });
      }
      await tx.commit();
    }, { opsPerCall: batchSize, minTimeMs: 3000, detail: '3 lines each; vouchers/s' });

    const batched = await measure(`ledger.post, batches of ${batchSize} (checked, numbered, idempotent)`, async () => {
      await ledger.post('demo', drafts(batchSize, offset));
      offset += batchSize;
    }, { opsPerCall: batchSize, minTimeMs: 3000, detail: 'vouchers/s' });

    const single = await measure('ledger.post, one voucher per transaction', async () => {
      for (let i = 0; i < 50; i++) {
        await ledger.post('demo', drafts(1, offset));
        offset++;
      }
    }, { opsPerCall: 50, minTimeMs: 3000, detail: 'vouchers/s (WAL, synchronous=NORMAL)' });

    database.close();
    rmSync(dir, { recursive: true, force: true });
    return [{ scenario: 'post 3-line vouchers', baseline: raw, others: [batched, single], goal: 'batched >= 0.50x the raw ceiling' }];
  },
};

export default [scenario];
