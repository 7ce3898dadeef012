import { describe, expect, it } from 'vitest';
import type { VatReturn } from '../../shared/vat.ts';
import { setUpCompany } from '../domains/companies/companies.ts';
import { calendarYear } from '../domains/companies/fiscal-years.ts';
import { Ledger } from '../ledger/ledger.ts';
import { main } from './main.ts';
import { capture, cliDatabase } from './test-cli.ts';

// May 2026: a sale 1 000,50 + 250,13 VAT (25 %, 250,125 → 250,13) and a purchase 400,00 + 100,00 input VAT.
// Boxes: 05 1 000, 10 250, 48 100, 49 = 250 − 100 = 150; exact 150,13, öre dropped 0,13 (to 3740 on settlement).
cliDatabase('vat-return', async (database) => {
  await setUpCompany(database.db, { id: 'cli-moms', name: 'CLI Moms AB', orgNumber: '556000-0004', fiscalYear: calendarYear(2026) });
  const ledger = new Ledger(database.db);
  await ledger.post('cli-moms', [
    { date: '2026-05-06', series: 'A', text: 'Försäljning', registeredBy: 'user:test', lines: [
      { account: '1930', debitMinor: 125_063 }, { account: '3001', creditMinor: 100_050, vatCode: 'MP1' }, { account: '2611', creditMinor: 25_013 }] },
    { date: '2026-05-20', series: 'A', text: 'Inköp', registeredBy: 'user:test', lines: [
      { account: '6110', debitMinor: 40_000, vatCode: 'I25' }, { account: '2641', debitMinor: 10_000 }, { account: '1930', creditMinor: 50_000 }] },
  ]);
});

describe('kontera vat-return', () => {
  it('prints the boxes in Skatteverket\'s order, as JSON and as CSV', async () => {
    const text = capture();
    expect(await main(['vat-return', '--company', 'cli-moms', '--from', '2026-05', '--to', '2026-05'], text.io)).toBe(0);
    const lines = text.out.join('\n').split('\n');
    expect(lines[0]).toBe('Momsdeklaration (VAT return) 2026-05-01..2026-05-31, cli-moms, whole kronor (öre dropped)');
    expect(lines.find((l) => l.startsWith('  05 '))).toMatch(/ 1000$/);
    expect(lines.find((l) => l.startsWith('  10 '))).toMatch(/ 250$/);
    expect(lines.find((l) => l.startsWith('  48 '))).toMatch(/ 100$/);
    expect(lines).toContain('Box 49: to pay 150 kr; the VAT accounts\' exact balance 150.13, öre dropped 0.13');
    const json = capture();
    expect(await main(['vat-return', '--company', 'cli-moms', '--from', '2026-05', '--to', '2026-05', '--json'], json.io)).toBe(0);
    expect((JSON.parse(json.out[0]) as VatReturn).box49Kronor).toBe(150);
    const csv = capture();
    expect(await main(['vat-return', '--company', 'cli-moms', '--from', '2026-05', '--to', '2026-05', '--csv'], csv.io)).toBe(0);
    expect(csv.out[0]).toContain('48;Ingående moms att dra av;Input VAT to deduct;100;100,00\r\n');
  });

  it('--settle posts the settlement voucher once; a second time is refused', async () => {
    const settle = capture();
    expect(await main(['vat-return', '--company', 'cli-moms', '--from', '2026-05', '--to', '2026-05', '--settle'], settle.io)).toBe(0);
    expect(settle.err[0]).toBe('Settled 2026-05-01..2026-05-31: voucher A 3 on 2026-05-31, box 49 150 kr to 2650');
    expect(settle.out.join('\n')).toContain('Settled by voucher A 3');
    const again = capture();
    expect(await main(['vat-return', '--company', 'cli-moms', '--from', '2026-05', '--to', '2026-05', '--settle'], again.io)).toBe(1);
    expect(again.err[0]).toMatch(/already settled by voucher A 3/);
  });

  it('refuses bad arguments (2) and a range that is no VAT period (1)', async () => {
    expect(await main(['vat-return', '--company', 'cli-moms', '--from', '2026-5'], capture().io)).toBe(2);
    const odd = capture();
    expect(await main(['vat-return', '--company', 'cli-moms', '--from', '2026-05', '--to', '2026-06'], odd.io)).toBe(1);
    expect(odd.err[0]).toMatch(/is not a VAT period/);
  });
});
