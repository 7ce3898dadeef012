import { describe, expect, it } from 'vitest';
import { main } from './main.ts';
import { capture, cliDatabase } from './test-cli.ts';

// The command opens the database at LIBSQL_URL, as in production; the demo company and its first admin are there first.
cliDatabase('company', async (database) => {
  const { seedDemoCompany } = await import('../seed/demo.ts');
  const { bootstrapAccess } = await import('../auth/bootstrap.ts');
  await seedDemoCompany(database.db);
  await bootstrapAccess(database.db, { env: { KONTERA_ADMIN_EMAIL: 'boss@kontera.test', KONTERA_ADMIN_PASSWORD: 'a long enough password' } });
});

describe('kontera create-company', () => {
  it('creates a company with its chart and a broken fiscal year; the first admin is its admin', async () => {
    const run = capture();
    expect(await main(['create-company', '--id', 'acme', '--name', 'Acme AB', '--org-number', '556000-0001', '--fiscal-year', '2027-05-01..2028-04-30', '--json'], run.io)).toBe(0);
    const created = JSON.parse(run.out.join('\n'));
    expect(created).toMatchObject({ id: 'acme', fiscalYears: [{ year: 2027, startDate: '2027-05-01', endDate: '2028-04-30', periods: 12 }], series: ['A', 'B', 'C', 'D', 'E'] });
    expect(created.admins).toHaveLength(1);
    const { openDatabase } = await import('../db/client.ts');
    const { AuthStore } = await import('../auth/store.ts');
    const database = await openDatabase();
    const boss = await new AuthStore(database.db).userByEmail('boss@kontera.test');
    database.close();
    expect(created.admins).toEqual([`user:${boss!.id}`]);
  });

  it('says it in words, with examples; refuses a taken id (exit 1) and bad usage (exit 2)', async () => {
    const words = capture();
    expect(await main(['create-company', '--id', 'beta', '--name', 'Beta HB', '--org-number', '5561234567', '--examples'], words.io)).toBe(0);
    expect(words.out[0]).toMatch(/^Created company "beta" \(Beta HB, 556123-4567\): \d+ accounts, \d+ VAT codes, series A B C D E, fiscal year \d{4}-01-01\.\.\d{4}-12-31 \(12 periods\)$/);
    expect(words.out[1]).toMatch(/published \d+ example automations/);
    const taken = capture();
    expect(await main(['create-company', '--id', 'beta', '--name', 'Beta igen', '--org-number', '5561234567'], taken.io)).toBe(1);
    expect(taken.err.join('\n')).toContain('A company with id "beta" already exists');
    const badOrg = capture();
    expect(await main(['create-company', '--id', 'gamma', '--name', 'Gamma', '--org-number', '5561234568'], badOrg.io)).toBe(1);
    expect(badOrg.err.join('\n')).toContain('orgNumber');
    for (const args of [['--id', 'x', '--name', 'X'], ['--id', 'x', '--name', 'X', '--org-number', '5561234567', '--fiscal-year', '2027']]) {
      const usage = capture();
      expect(await main(['create-company', ...args], usage.io)).toBe(2);
      expect(usage.err[0]).toMatch(/^Usage: kontera create-company/);
    }
  });
});
