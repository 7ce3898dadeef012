/**
 * Every SIE file in the corpora through the LEDGER: the good ones import into
 * a fresh company, export as 4E, and that export imports into another company
 * and exports to the same file again (accounts, balances, vouchers). The
 * deliberately broken ones are refused with the line named.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../runtime/db/client.ts';
import { openTestDatabase } from '../runtime/db/test-database.ts';
import { parseSie } from '../runtime/formats/sie/index.ts';
import { exportSie, importSie, SieImportRefused } from '../runtime/ledger/sie.ts';
import { trialBalance } from '../runtime/ledger/reports.ts';
import { corporaFiles } from './corpora.ts';

const files = corporaFiles('sie', (name) => /\.(se|si)$/i.test(name));
const broken = /IMBALANCED|imbalanced|missing_voucher_date|non_numeric_account|Sie4E1ksumma/;

let database: Database;
beforeAll(async () => { database = await openTestDatabase(); });
afterAll(() => database.close());

const withoutVolatile = (bytes: Buffer) => bytes.toString('latin1').split(/\r?\n/)
  .filter((l) => !l.startsWith('#KSUMMA') && !l.startsWith('#GEN'))
  // the previous year's figures are exported from the vouchers the ledger holds for it;
  // the second company only holds the exported year, so compare year 0
  .filter((l) => !/^#(IB|UB|RES|RAR) -1 /.test(l))
  // registration dates are the day of the import
  .map((l) => l.replace(/^(#VER \S+ \S+ \d+ "(?:[^"\\]|\\.)*") \d{8}$/, '$1'))
  .join('\n');

describe.each(files.map((f) => [basename(f), f]))('%s', (name, file) => {
  const bytes = readFileSync(file);
  if (broken.test(name)) {
    it('is refused with the line named, and leaves nothing behind', async () => {
      const error = await importSie(database.db, bytes, { fileName: name, companyId: `broken-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` }).catch((e) => e);
      expect(error).toBeInstanceOf(SieImportRefused);
      expect((error as SieImportRefused).errors[0].line).toBeGreaterThan(0);
      const left = await database.client.execute({ sql: 'SELECT count(*) AS n FROM companies WHERE id LIKE ?', args: ['broken-%'] });
      expect(Number(left.rows[0].n)).toBe(0);
    });
    return;
  }
  it('imports, exports as 4E, and round-trips through a second company', async () => {
    const id = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 50);
    const original = parseSie(bytes, { fileName: name });
    expect(original.ok).toBe(true);
    const first = await importSie(database.db, bytes, { fileName: name, companyId: `a-${id}` });
    const postable = original.ok ? original.document.vouchers.filter((v) => v.transactions.some((t) => t.kind === 'TRANS' && t.amountMinor !== 0)).length : 0;
    expect(first.vouchers).toBe(postable);
    const years = await database.client.execute({ sql: 'SELECT year FROM fiscal_years WHERE company_id = ? ORDER BY year', args: [`a-${id}`] });
    for (const { year } of years.rows) {
      const tb = await trialBalance(database.db, `a-${id}`, { fromPeriod: `${year}-01`, toPeriod: `${year}-01` }).catch(() => null);
      if (tb) expect(tb.totals.debitMinor).toBe(tb.totals.creditMinor);
      const e1 = await exportSie(database.db, `a-${id}`, Number(year), { today: '2026-01-01' });
      const reparsed = parseSie(e1.bytes);
      expect(reparsed.ok && reparsed.document.checksum.valid).toBe(true);
      await importSie(database.db, e1.bytes, { companyId: `b-${year}-${id}` });
      const e2 = await exportSie(database.db, `b-${year}-${id}`, Number(year), { today: '2026-01-01' });
      expect(withoutVolatile(e2.bytes)).toBe(withoutVolatile(e1.bytes));
    }
  });
});
