/**
 * Two runtime processes on one database file settle payments of the same
 * invoices at the same time. Their matching caches are told to trust
 * themselves for a minute (KONTERA_MATCH_RECHECK_MS), so both believe every
 * invoice is open: only the guarded UPDATE stands between them and a double
 * settlement. Each invoice is settled exactly once; the other payment of it
 * is an exception (already paid), and the ledger's 1510 agrees with the
 * open amounts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/client.ts';
import { settledQueue, startServerProcess, type ServerProcess } from '../../../testing/server-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'kontera-payments-'));
const servers: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
});

const invoiceCount = 30;
const today = new Date().toISOString().slice(0, 10);

describe('two processes paying the same invoices', () => {
  it('never settle an invoice beyond its open amount', async () => {
    const url = `file:${join(dir, 'k.db')}`;
    const env = { KONTERA_MATCH_RECHECK_MS: '60000' };
    const a = await startServerProcess(url, env);
    servers.push(a);
    const b = await startServerProcess(url, env);
    servers.push(b);

    // Invoices of the demo's customer K1001, written straight into the shared file.
    const database = await openDatabase(url);
    try {
      for (let i = 0; i < invoiceCount; i++) {
        await database.client.execute({
          sql: `INSERT INTO invoices (company_id, id, kind, counterparty_id, invoice_number, invoice_date, due_date, currency, total_minor, vat_minor, open_minor, ocr_reference, status)
                VALUES ('demo', ?, 'ar', 'K1001', ?, ?, ?, 'SEK', ?, 0, ?, NULL, 'open')`,
          args: [`T${i}`, `T-${1000 + i}`, today, today, 10_000 + i, 10_000 + i],
        });
      }
    } finally { database.close(); }

    // Both caches load now, while every invoice is open.
    const warm = { id: 'WARM', bookingDate: today, amountMinor: 1, currency: 'SEK', text: 'warm-up', reference: null, counterparty: null };
    for (const [server, id] of [[a, 'WARM-A'], [b, 'WARM-B']] as const) {
      expect((await server.api('/api/companies/demo/bank-lines', { method: 'POST', body: JSON.stringify({ ...warm, id }) })).status).toBe(200);
    }

    // Each invoice paid twice, by its number in the text: once through each process, all at once.
    const pay = (server: ServerProcess, side: string) => Promise.all(Array.from({ length: invoiceCount }, (_, i) => server.api('/api/companies/demo/bank-lines', {
      method: 'POST',
      body: JSON.stringify({ id: `${side}-${i}`, bookingDate: today, amountMinor: 10_000 + i, currency: 'SEK', text: `Betalning faktura T-${1000 + i}`, reference: null, counterparty: 'Nordisk Design AB' }),
    })));
    const answers = await Promise.all([pay(a, 'A'), pay(b, 'B')]);
    for (const response of answers.flat()) expect(response.status).toBe(200);
    // a run that found its invoice settled by the other process ran again at once; anything retried later is done too
    await settledQueue(a);

    const check = await openDatabase(url);
    try {
      const { rows: invoicesNow } = await check.client.execute(`SELECT id, open_minor, total_minor, status FROM invoices WHERE company_id = 'demo' AND id LIKE 'T%' ORDER BY id`);
      expect(invoicesNow).toHaveLength(invoiceCount);
      for (const row of invoicesNow) expect({ id: row.id, open: row.open_minor, status: row.status }).toEqual({ id: row.id, open: 0, status: 'paid' });
      const { rows: paid } = await check.client.execute(`SELECT invoice_id, count(*) AS n, sum(amount_minor) AS total FROM invoice_payments WHERE company_id = 'demo' AND invoice_id LIKE 'T%' GROUP BY invoice_id`);
      expect(paid).toHaveLength(invoiceCount);
      for (const row of paid) expect(Number(row.n)).toBe(1);
      // every line of the pair: one settled it, the other is an exception (already paid)
      const { rows: decisions } = await check.client.execute(`SELECT bank_line_id, kind, exception_reason, voucher_id FROM payment_decisions WHERE company_id = 'demo' AND (bank_line_id LIKE 'A-%' OR bank_line_id LIKE 'B-%')`);
      const settled = decisions.filter((d) => d.voucher_id !== null);
      expect(settled).toHaveLength(invoiceCount);
      const others = decisions.filter((d) => d.voucher_id === null);
      expect(others).toHaveLength(invoiceCount);
      for (const d of others) expect(d.exception_reason).toBe('already_paid');
      // the receivable: what was invoiced less what was settled, on 1510, for these invoices' vouchers
      const { rows: [ledger] } = await check.client.execute(`SELECT coalesce(sum(l.credit_minor), 0) AS credited FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id
        WHERE v.company_id = 'demo' AND l.account = '1510' AND (v.source_ref LIKE 'bank-line:A-%' OR v.source_ref LIKE 'bank-line:B-%')`);
      const expected = Array.from({ length: invoiceCount }, (_, i) => 10_000 + i).reduce((s, n) => s + n, 0);
      expect(Number(ledger.credited)).toBe(expected);
    } finally { check.close(); }
  }, 120_000);
});
