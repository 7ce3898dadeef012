import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main.ts';
import { capture, cliDatabase } from './test-cli.ts';

// The command opens the database at LIBSQL_URL, as in production; the demo company is seeded there first.
const dir = cliDatabase('bank', async (database) => {
  const { seedDemoCompany, loadExampleAutomations } = await import('../seed/demo.ts');
  await seedDemoCompany(database.db);
  await loadExampleAutomations(database.db, 'demo');
});

const camt = readFileSync(new URL('../formats/camt/fixtures/camt053-v2.xml', import.meta.url), 'utf8');

describe('kontera import-bank', () => {
  it('imports a camt.053 as the API does, keeps the original, and says so again for the same file', async () => {
    const file = join(dir, 'statement.xml');
    writeFileSync(file, camt);
    const first = capture();
    expect(await main(['import-bank', file, '--company', 'demo', '--json'], first.io)).toBe(0);
    const answer = JSON.parse(first.out.join('\n'));
    expect(answer).toMatchObject({ format: 'camt.053', lines: 6, new: 6, duplicates: 0, statements: [{ bankAccount: 'main', statementId: 'STMT-2026-11-30' }] });
    const { openDatabase } = await import('../db/client.ts');
    const { readOriginal } = await import('../originals/store.ts');
    const database = await openDatabase();
    const original = await readOriginal(database.db, 'demo', answer.originalId);
    database.close();
    expect(original).toMatchObject({ kind: 'bank-statement', receivedBy: 'cli:import-bank' });
    expect(Buffer.from(original!.bytes).equals(readFileSync(file))).toBe(true);

    const again = capture();
    expect(await main(['import-bank', file, '--company', 'demo', '--bank-account', 'main'], again.io)).toBe(0);
    expect(again.out[0]).toMatch(/6 lines, 0 new, 6 already imported/);
  });

  it('refuses a bad file with exit 1 and the refusal', async () => {
    const broken = join(dir, 'broken.xml');
    writeFileSync(broken, camt.replace('<Amt Ccy="SEK">1325.50</Amt>', '<Amt Ccy="SEK">1325.40</Amt>'));
    const refused = capture();
    expect(await main(['import-bank', broken, '--company', 'demo', '--json'], refused.io)).toBe(1);
    expect(JSON.parse(refused.out.join('\n'))).toMatchObject({ error: 'statement_refused', code: 'balance_mismatch', where: 'Stmt[1] (Id STMT-2026-11-30)' });
    expect(refused.err.join('\n')).toMatch(/broken\.xml: statement_refused: .*refused; nothing was imported/s);
    const usage = capture();
    expect(await main(['import-bank', broken], usage.io)).toBe(2);
  });
});

describe('kontera example-statement', () => {
  it('writes a camt.053 from the open invoices that import-bank then imports', async () => {
    const file = join(dir, 'example.xml');
    const written = capture();
    expect(await main(['example-statement', '--company', 'demo', '--out', file], written.io)).toBe(0);
    expect(written.out[0]).toMatch(/^Wrote .*example\.xml: statement EXEMPEL-\d{17} for bank account "main", 7 lines:$/);
    expect(written.out.join('\n')).toMatch(/paid in part \(partial\)/);
    const imported = capture();
    expect(await main(['import-bank', file, '--company', 'demo', '--json'], imported.io)).toBe(0);
    expect(JSON.parse(imported.out.join('\n'))).toMatchObject({ format: 'camt.053', lines: 7, new: 7, duplicates: 0 });
    const unknown = capture();
    expect(await main(['example-statement', '--company', 'demo', '--bank-account', 'nope', '--out', file], unknown.io)).toBe(1);
    expect(unknown.err[0]).toMatch(/"nope" is not a bank account of this company/);
  });
});
