import { describe, expect, it } from 'vitest';
import { main } from '../main.ts';
import { capture, cliDatabase } from '../test-cli.ts';

// The command opens the database at LIBSQL_URL, as in production: a company with two hand-made years.
cliDatabase('close-year', async (database) => {
  const { setUpCompany } = await import('../../domains/companies/companies.ts');
  const { calendarYear } = await import('../../domains/companies/fiscal-years.ts');
  const { Ledger } = await import('../../ledger/ledger.ts');
  await setUpCompany(database.db, { id: 'acme', name: 'Acme AB', orgNumber: '556000-0001', fiscalYear: calendarYear(2025) });
  // 2025: a sale of 10 000,00 and a cost of 2 500,00: a profit of 7 500,00; 1930 ends at 7 500,00
  await new Ledger(database.db).post('acme', [
    { date: '2025-04-01', series: 'A', text: 'Sale', registeredBy: 'user:test', lines: [{ account: '1930', debitMinor: 1_000_000 }, { account: '3001', creditMinor: 1_000_000 }] },
    { date: '2025-05-01', series: 'A', text: 'Rent', registeredBy: 'user:test', lines: [{ account: '5010', debitMinor: 250_000 }, { account: '1930', creditMinor: 250_000 }] },
  ]);
});

describe('kontera close-year', () => {
  it('refuses a year with no next year, saying how to create it (exit 1), and bad usage (exit 2)', async () => {
    const run = capture();
    expect(await main(['close-year', '--company', 'acme', '--year', '2025'], run.io)).toBe(1);
    expect(run.err.join('\n')).toContain('has no next fiscal year to carry its balances into');
    expect(await main(['close-year', '--company', 'acme'], capture().io)).toBe(2);
    expect(await main(['close-year', '--company', 'acme', '--year', '2025', '--reopen'], capture().io)).toBe(2);
  });

  it('previews, closes, refuses closing twice, and re-opens with a reason', async () => {
    const { openDatabase } = await import('../../db/client.ts');
    const { insertFiscalYear } = await import('../../domains/companies/fiscal-years.ts');
    const database = await openDatabase();
    await insertFiscalYear(database.db, 'acme', 2026, '2026-01-01', '2026-12-31');
    database.close();

    const preview = capture();
    expect(await main(['close-year', '--company', 'acme', '--year', '2025', '--preview', '--json'], preview.io)).toBe(0);
    expect(JSON.parse(preview.out.join('\n'))).toMatchObject({
      status: 'open', resultMinor: 750_000, nextFiscalYear: 2026, refusal: null,
      balances: [{ account: '1930', closingMinor: 750_000 }, { account: '2099', closingMinor: -750_000 }],
    });

    const closed = capture();
    expect(await main(['close-year', '--company', 'acme', '--year', '2025'], closed.io)).toBe(0);
    expect(closed.out[0]).toBe('Closed fiscal year 2025 (2025-01-01..2025-12-31): result 7500.00 (a profit) booked to 2099 by A 3; 2 balances carried into 2026; periods locked.');
    expect(closed.out.slice(1).map((l) => l.trim().split(/\s{2,}/))).toEqual([['1930', 'Företagskonto / checkkonto / affärskonto', '7500.00'], ['2099', 'Årets resultat', '-7500.00']]);

    const twice = capture();
    expect(await main(['close-year', '--company', 'acme', '--year', '2025', '--json'], twice.io)).toBe(1);
    expect(JSON.parse(twice.out.join('\n'))).toMatchObject({ error: 'year_already_closed' });

    const reopened = capture();
    expect(await main(['close-year', '--company', 'acme', '--year', '2025', '--reopen', '--reason', 'A late invoice'], reopened.io)).toBe(0);
    expect(reopened.out[0]).toBe('Re-opened fiscal year 2025 (2025-01-01..2025-12-31): closing voucher reversed by A 4; opening balances of 2026 taken back; periods unlocked. Reason: A late invoice');
  });
});
