import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { openTestDatabase } from '../../db/test-database.ts';
import { seedDemoCompany } from '../../seed/demo.ts';
import { main } from '../main.ts';
import { formatAmount } from './dry-run.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'kontera-dry-run-'));
const file = (name: string, value: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
};
const year = new Date().getUTCFullYear();
const feeEvent = file('fee.json', { id: 'L1', bookingDate: `${year}-11-30`, amountMinor: -123450, text: 'AVGIFT BANKGIRO', bankAccount: '1930' });

describe('formatAmount', () => {
  it.each([[123450, '1 234,50'], [5, '0,05'], [-100000000, '-1 000 000,00'], [0, '0,00']])('%i → %s', (minor, text) => {
    expect(formatAmount(minor)).toBe(text);
  });
});

describe('kontera dry-run (no database)', () => {
  it('prints one line per step and the proposed vouchers, exit 0', async () => {
    const { io, out } = capture();
    expect(await main(['dry-run', 'rules-examples/bank-fees.json', '--event', feeEvent], io)).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/^ {2}trigger +bank-line-imported +out +\d+\.\d\d ms$/m);
    expect(text).toMatch(/^ {2}is-fee +condition +true +\d+\.\d\d ms$/m);
    expect(text).toMatch(/^ {2}post-fee +post-voucher +ok +\d+\.\d\d ms$/m);
    expect(text).toMatch(/Status: posted/);
    expect(text).toMatch(new RegExp(`E ${year}-11-30 Bankavgift: AVGIFT BANKGIRO`));
    expect(text).toMatch(/^ {4}6570 +1 234,50$/m);
    expect(text).toMatch(/^ {4}1930 +1 234,50$/m);
  });

  it('shows the loop and a flagged line of the supplier invoice example', async () => {
    const event = file('invoice.json', {
      id: 'IN-1', supplierName: 'Acme', invoiceNumber: 'A-1', invoiceDate: `${year}-11-20`, dueDate: `${year}-12-20`, totalMinor: 750000, vatMinor: 25000,
      lines: [{ description: 'Support', amountMinor: 100000, vatCode: 'I25' }, { description: 'Hosting', amountMinor: 500000, vatCode: 'OTU' }],
    });
    const { io, out } = capture();
    expect(await main(['dry-run', 'rules-examples/supplier-invoice-coding.json', '--event', event], io)).toBe(0);
    const text = out.join('\n');
    expect(text.match(/^ {2}lines +for-each +each/gm)).toHaveLength(2);
    expect(text).toMatch(/^ {2}vat-code +switch +default/m);
    expect(text).toMatch(/Status: flagged \(Invoice A-1: the line "Hosting"/);
    expect(text).toMatch(/^ {4}2641 +250,00$/m);
  });

  it('prints the failing step with its error', async () => {
    const event = file('many.json', {
      id: 'IN-2', supplierName: 'Acme', invoiceNumber: 'A-2', invoiceDate: `${year}-11-20`, dueDate: `${year}-12-20`, totalMinor: 1, vatMinor: 0,
      lines: Array.from({ length: 101 }, () => ({ description: 'x', amountMinor: 1, vatCode: 'I25' })),
    });
    const { io, out } = capture();
    expect(await main(['dry-run', 'rules-examples/supplier-invoice-coding.json', '--event', event], io)).toBe(0);
    expect(out.join('\n')).toMatch(/^ {2}lines +for-each +- +\d+\.\d\d ms +loop_limit: 101 items is more than the limit of 100/m);
    expect(out.join('\n')).toMatch(/Status: failed \(loop_limit/);
    expect(out.join('\n')).toMatch(/Vouchers: none/);
  });

  it('refuses an event that does not fit the trigger, naming the field (exit 1)', async () => {
    const { io, err } = capture();
    const bad = file('bad.json', { id: 'L1', bookingDate: '30/11', amountMinor: 1.5 });
    expect(await main(['dry-run', 'rules-examples/bank-fees.json', '--event', bad], io)).toBe(1);
    expect(err.join('\n')).toMatch(/bad\.json: bookingDate: .*Bank line imported/);
    expect(err.join('\n')).toMatch(/bad\.json: amountMinor/);
  });

  it('refuses an invalid automation with its issues, and says how to use it', async () => {
    const broken = file('broken.json', { id: 'broken', name: 'Broken', nodes: [{ id: 'x', type: 'teleport' }], edges: [] });
    const { io, err } = capture();
    expect(await main(['dry-run', broken, '--event', feeEvent], io)).toBe(1);
    expect(err.join('\n')).toMatch(/unknown_node_type/);
    const usage = capture();
    expect(await main(['dry-run', 'rules-examples/bank-fees.json'], usage.io)).toBe(2);
    expect(usage.err[0]).toMatch(/--event/);
  });
});

describe('kontera dry-run --company (the database at LIBSQL_URL)', () => {
  let database: Database;
  const previousUrl = process.env.LIBSQL_URL;
  beforeAll(async () => {
    database = await openTestDatabase();
    await seedDemoCompany(database.db);
    process.env.LIBSQL_URL = database.url;
  });
  afterAll(() => {
    if (previousUrl === undefined) delete process.env.LIBSQL_URL; else process.env.LIBSQL_URL = previousUrl;
    database.close();
  });

  it("checks the voucher against the company's chart and shows account names", async () => {
    const { io, out } = capture();
    expect(await main(['dry-run', 'rules-examples/bank-fees.json', '--event', feeEvent, '--company', 'demo'], io)).toBe(0);
    expect(out.join('\n')).toMatch(/^ {4}6570 +Bankkostnader +1 234,50$/m);
  });

  it('refuses what the chart does not have, naming the node', async () => {
    const document = JSON.parse(JSON.stringify((await import('../../../rules-examples/bank-fees.json', { with: { type: 'json' } })).default));
    document.nodes[2].config.lines[0].account = '6999';
    const { io, err } = capture();
    expect(await main(['dry-run', file('unknown-account.json', document), '--event', feeEvent, '--company', 'demo'], io)).toBe(1);
    expect(err.join('\n')).toMatch(/\[unknown_account\] node "post-fee"/);
  });

  it('says so when the company does not exist', async () => {
    const { io, err } = capture();
    expect(await main(['dry-run', 'rules-examples/bank-fees.json', '--event', feeEvent, '--company', 'nope'], io)).toBe(1);
    expect(err.join('\n')).toMatch(/Company "nope" does not exist/);
  });
});
