import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedDemoCompany } from '../seed/demo.ts';
import { main } from './main.ts';
import { capture, cliDatabase } from './test-cli.ts';

// The command opens the database at LIBSQL_URL, as in production: the demo company as of 2026-11-29
// (figures as in runtime/ledger/reports.test.ts: the year's result is 128 764,00; November's sales 110 500,00 of 150 500,00).
const dir = cliDatabase('report', async (database) => {
  await seedDemoCompany(database.db, { today: new Date('2026-11-29T12:00:00Z') });
});

describe('kontera report', () => {
  it('prints the balance sheet and the income statement', async () => {
    const bs = capture();
    expect(await main(['report', 'balance-sheet', '--company', 'demo', '--to', '2026-11'], bs.io)).toBe(0);
    expect(bs.out[0]).toBe('Balansräkning 2026-01–2026-11, fiscal year 2026');
    expect(bs.out.find((l) => l.includes('Årets resultat'))).toMatch(/Årets resultat\s+0\.00\s+128764\.00\s+128764\.00$/);
    const is = capture();
    expect(await main(['report', 'income-statement', '--company', 'demo', '--from', '2026-01', '--to', '2026-11'], is.io)).toBe(0);
    expect(is.out.find((l) => l.trim().startsWith('Årets resultat'))).toMatch(/128764\.00\s+128764\.00$/);
  });

  it('writes CSV, and refuses bad arguments and an unknown object', async () => {
    const out = join(dir, 'rr.csv');
    const written = capture();
    expect(await main(['report', 'income-statement', '--company', 'demo', '--to', '2026-11', '--out', out], written.io)).toBe(0);
    const csv = readFileSync(out, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('3001;Försäljning inom Sverige, 25 % moms;110500,00;;150500,00;\r\n');
    const usage = capture();
    expect(await main(['report', 'cash-flow', '--company', 'demo', '--to', '2026-11'], usage.io)).toBe(2);
    const unknown = capture();
    expect(await main(['report', 'balance-sheet', '--company', 'demo', '--to', '2026-11', '--dimension', '1:999'], unknown.io)).toBe(1);
    expect(unknown.err[0]).toMatch(/Object "999" does not exist in dimension 1/);
  });
});
