import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from './main.ts';

// The commands open the database at LIBSQL_URL, as in production.
const dir = mkdtempSync(join(tmpdir(), 'kontera-sie-cli-'));
const previous = process.env.LIBSQL_URL;
beforeAll(() => { process.env.LIBSQL_URL = `file:${join(dir, 'k.db')}`; });
afterAll(() => { process.env.LIBSQL_URL = previous; });

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

describe('kontera import-sie / export-sie', () => {
  it('exports what it imported, and refuses a broken file with the line', async () => {
    const { writeFileSync } = await import('node:fs');
    const file = join(dir, 'in.se');
    writeFileSync(file, ['#FLAGGA 0', '#PROGRAM "Test" 1', '#FORMAT PC8', '#GEN 20250101', '#SIETYP 4', '#FNAMN "CLI AB"', '#RAR 0 20250101 20251231',
      '#KONTO 1930 "Bank"', '#KONTO 6570 "Bankkostnader"',
      '#VER A 1 20250301 "Avgift"', '{', '#TRANS 6570 {} 25.00', '#TRANS 1930 {} -25.00', '}'].join('\n'));
    const imported = capture();
    expect(await main(['import-sie', file, '--json'], imported.io)).toBe(0);
    const summary = JSON.parse(imported.out.join('\n'));
    expect(summary).toMatchObject({ companyId: 'cli-ab', vouchers: 1, lines: 2 });
    // The file's exact bytes are kept (BFL 7:2), received by the CLI.
    const { openDatabase } = await import('../db/client.ts');
    const { readOriginal } = await import('../originals/store.ts');
    const database = await openDatabase();
    const original = await readOriginal(database.db, 'cli-ab', summary.originalId);
    database.close();
    expect(original && Buffer.from(original.bytes).equals(readFileSync(file))).toBe(true);
    expect(original).toMatchObject({ kind: 'sie', receivedBy: 'cli:import-sie', sourceRef: 'in.se' });

    const out = join(dir, 'out.se');
    const exported = capture();
    expect(await main(['export-sie', '--company', 'cli-ab', '--year', '2025', '--out', out], exported.io)).toBe(0);
    expect(exported.out[0]).toMatch(/1 vouchers/);
    expect(readFileSync(out, 'latin1')).toMatch(/#TRANS 6570 \{\} 25\.00/);

    const broken = join(dir, 'broken.se');
    writeFileSync(broken, ['#FLAGGA 0', '#PROGRAM "Test" 1', '#GEN 20250101', '#SIETYP 4', '#FNAMN "X"', '#VER A 1 20250301 "Fel"', '{', '#TRANS 6570 {} 25.00', '#TRANS 1930 {} -20.00', '}'].join('\n'));
    const refused = capture();
    expect(await main(['import-sie', broken], refused.io)).toBe(1);
    expect(refused.err[0]).toMatch(/broken\.se:6: voucher_unbalanced/);
  });
});

describe('kontera grant', () => {
  it('gives a new user a role in a company that the import created', async () => {
    const granted = capture();
    expect(await main(['grant', 'eva@cli.se', '--company', 'cli-ab', '--role', 'viewer', '--password', 'a long enough password'], granted.io)).toBe(0);
    expect(granted.out.join('\n')).toMatch(/eva@cli\.se is now viewer of company "cli-ab"/);
    const reset = capture();
    expect(await main(['grant', 'eva@cli.se', '--company', 'cli-ab', '--role', 'admin', '--password', 'a brand new passphrase'], reset.io)).toBe(0);
    expect(reset.out.join('\n')).toMatch(/Set a new password for eva@cli\.se[\s\S]*now admin/);
    const unknown = capture();
    expect(await main(['grant', 'eva@cli.se', '--company', 'nope', '--role', 'viewer'], unknown.io)).toBe(1);
    expect(unknown.err[0]).toMatch(/does not exist/);
  });
});
