/** The matching cache stays current without reading every invoice again after its own settlements. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { matchSettingsSchema } from '../matching/settings.ts';
import { invoices } from '../../../db/schema.ts';
import { openDatabase } from '../../../db/client.ts';
import { Runner } from '../../../runs/runner.ts';
import { AutomationStore } from '../../../automations/store.ts';
import { BankLineReceiver } from '../receive.ts';
import { createPorts } from '../../../kernel/ports.ts';
import { OpenInvoiceCache } from './open-invoices.ts';
import { createTestApp, type TestApp } from '../../../http/test-app.ts';

let testApp: TestApp;
beforeAll(async () => { testApp = await createTestApp(); });
afterAll(() => testApp.close());

const today = new Date().toISOString().slice(0, 10);
const pay = (id: string, amountMinor: number, text: string) =>
  testApp.post('/api/companies/demo/bank-lines', { id, bookingDate: today, amountMinor, currency: 'SEK', text, reference: null, counterparty: null });

describe('the open-invoice cache', () => {
  it('reads the invoices once, follows its own settlements, and reads again when another writer changed them', async () => {
    const cache = testApp.services.runner.ports.openInvoices;
    const { db } = testApp.database;
    for (let i = 0; i < 20; i++) {
      await db.insert(invoices).values({
        companyId: 'demo', id: `C${i}`, kind: 'ar', counterpartyId: 'K1002', invoiceNumber: `C-${500 + i}`, invoiceDate: today, dueDate: today,
        currency: 'SEK', totalMinor: 2_000, vatMinor: 0, openMinor: 2_000, ocrReference: null,
      } as typeof invoices.$inferInsert);
    }
    const loadsBefore = cache.loads;
    // Two payments of each invoice, in order: the first settles it, the second sees it paid (in the cache, not by reading again).
    for (let i = 0; i < 20; i++) {
      expect((await pay(`C-PAY-${i}`, 2_000, `faktura C-${500 + i}`)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 25)); // past the recheck interval: the counter is looked at every time
      expect((await pay(`C-AGAIN-${i}`, 2_000, `faktura C-${500 + i}`)).status).toBe(200);
    }
    expect(cache.loads - loadsBefore).toBe(1);
    const lines = await (await testApp.request('/api/companies/demo/bank-lines?q=C-&limit=100')).json() as { counts: Record<string, number> };
    expect(lines.counts).toEqual({ matched: 20, exception: 20 });

    // Another writer (an invoice created): read again, and the new invoice is matched.
    await db.insert(invoices).values({
      companyId: 'demo', id: 'C-NEW', kind: 'ar', counterpartyId: 'K1002', invoiceNumber: 'C-999', invoiceDate: today, dueDate: today,
      currency: 'SEK', totalMinor: 7_700, vatMinor: 0, openMinor: 7_700, ocrReference: null,
    } as typeof invoices.$inferInsert);
    await new Promise((r) => setTimeout(r, 25));
    expect((await pay('C-PAY-NEW', 7_700, 'faktura C-999')).status).toBe(200);
    expect(cache.loads - loadsBefore).toBe(2);
    const paid = await (await testApp.request('/api/companies/demo/bank-lines/C-PAY-NEW')).json() as { outcome: { kind: string } };
    expect(paid.outcome.kind).toBe('matched');
  });
});

describe('a cache looked at moments ago', () => {
  it('does not miss an invoice made since: a payment it cannot place is decided again after reading the counter', async () => {
    const { db } = testApp.database;
    // Never looks at the counter on its own within a minute: only the unplaced payment makes it look.
    const cache = new OpenInvoiceCache(db, { recheckMs: 60_000 });
    const payment = (id: string, text: string, amountMinor: number) => ({
      id, amountMinor, currency: 'SEK', bookingDate: today, reference: null, text, counterpartyName: null, reversal: false,
    });
    const first = await cache.match('demo', payment('W-0', 'nothing to see', 1_234), {});
    expect(first.decision.kind).toBe('exception');
    await db.insert(invoices).values({
      companyId: 'demo', id: 'W-NEW', kind: 'ar', counterpartyId: 'K1002', invoiceNumber: 'W-777', invoiceDate: today, dueDate: today,
      currency: 'SEK', totalMinor: 4_400, vatMinor: 0, openMinor: 4_400, ocrReference: null,
    } as typeof invoices.$inferInsert);
    const loads = cache.loads;
    const paid = await cache.match('demo', payment('W-1', 'faktura W-777', 4_400), {});
    expect(paid.decision).toMatchObject({ kind: 'matched', allocations: [{ invoiceNumber: 'W-777', amountMinor: 4_400 }] });
    expect(cache.loads).toBe(loads + 1);
  });
});

describe('two runtimes whose caches both believe an invoice is open', () => {
  it('the second settlement finds the guard, runs again on fresh data, and the payment is an exception (already paid)', async () => {
    const { db } = testApp.database;
    await db.insert(invoices).values({
      companyId: 'demo', id: 'G1', kind: 'ar', counterpartyId: 'K1002', invoiceNumber: 'G-700', invoiceDate: today, dueDate: today,
      currency: 'SEK', totalMinor: 4_400, vatMinor: 0, openMinor: 4_400, ocrReference: null,
    } as typeof invoices.$inferInsert);
    // A second runtime on the same file, its own connection and cache, trusting the cache for a minute.
    const other = await openDatabase(testApp.database.url);
    try {
      const runner = new Runner(other.db, new AutomationStore(other.db), { ports: createPorts(other.db, 60_000) });
      const receiver = new BankLineReceiver(runner);
      const ours = testApp.services.runner.ports.openInvoices;
      const line = (id: string) => ({ id, bookingDate: today, amountMinor: 4_400, currency: 'SEK', text: 'faktura G-700', reference: null, counterparty: null });
      // Both caches load while G-700 is open.
      await new Promise((r) => setTimeout(r, 25));
      await receiver.receive('demo', [{ ...line('G-WARM'), amountMinor: 1, text: 'warm-up' }]);
      expect((await pay('G-WARM-2', 1, 'warm-up')).status).toBe(200);
      const otherLoads = runner.ports.openInvoices.loads;
      // Ours settles it; the other runtime's cache still says open.
      expect((await pay('G-PAY', 4_400, 'faktura G-700')).status).toBe(200);
      await receiver.receive('demo', [line('G-PAY-AGAIN')]);
      expect(runner.ports.openInvoices.loads - otherLoads).toBe(1); // read again after the guard refused
      const again = await (await testApp.request('/api/companies/demo/bank-lines/G-PAY-AGAIN')).json() as { outcome: { kind: string; exceptionReason?: string }; status: string };
      expect(again.outcome).toMatchObject({ kind: 'exception', exceptionReason: 'already_paid' });
      const [invoice] = (await db.select().from(invoices)).filter((i) => i.id === 'G1');
      expect(invoice).toMatchObject({ openMinor: 0, status: 'paid' });
      expect(ours.loads).toBeGreaterThan(0);
    } finally { other.close(); }
  });
});

describe('a cache that follows a writer on another thread', () => {
  it('never looks at the counter on its own; the writer confirms what it read, and a recheck reads again', async () => {
    const { db } = testApp.database;
    const cache = new OpenInvoiceCache(db, { follows: true });
    const sql = testApp.database.client;
    const payment = (id: string, text: string) => ({ id, amountMinor: 5_500, currency: 'SEK', bookingDate: today, reference: null, text, counterpartyName: null, reversal: false });
    expect((await cache.match('demo', payment('F-1', 'faktura F-880'), {})).decision.kind).toBe('exception');
    expect(cache.loads).toBe(1);
    const read = cache.generationOf('demo');
    expect(await cache.confirm(sql, 'demo', read)).toBe(true);
    // someone else creates the invoice: the follower does not notice by itself (not even for an exception) …
    await db.insert(invoices).values({
      companyId: 'demo', id: 'F880', kind: 'ar', counterpartyId: 'K1002', invoiceNumber: 'F-880', invoiceDate: today, dueDate: today,
      currency: 'SEK', totalMinor: 5_500, vatMinor: 0, openMinor: 5_500, ocrReference: null,
    } as typeof invoices.$inferInsert);
    await new Promise((r) => setTimeout(r, 25));
    expect((await cache.match('demo', payment('F-2', 'faktura F-880'), {})).decision.kind).toBe('exception');
    expect(cache.loads).toBe(1);
    // … but the writer's confirmation says its decisions are stale; told to recheck, it reads again
    expect(await cache.confirm(sql, 'demo', read)).toBe(false);
    cache.recheck('demo');
    expect((await cache.match('demo', payment('F-3', 'faktura F-880'), {})).decision).toMatchObject({ kind: 'matched', allocations: [{ invoiceNumber: 'F-880' }] });
    expect(cache.loads).toBe(2);
    expect(await cache.confirm(sql, 'demo', cache.generationOf('demo'))).toBe(true);
  });
});

describe('the match settings', () => {
  it('are parsed once per distinct settings (not per payment), and settings the schema refuses are refused every time', async () => {
    const cache = new OpenInvoiceCache(testApp.database.db, { recheckMs: 60_000 });
    const payment = { id: 'S-1', amountMinor: 1_234, currency: 'SEK', bookingDate: today, reference: null, text: 'nothing', counterpartyName: null, reversal: false };
    const parse = vi.spyOn(matchSettingsSchema, 'parse');
    try {
      // a fresh object each time, as the match-payment node passes them
      const settings = () => ({ thresholdScore: 0.8, dateWindowDays: 60, allowPartial: true, allowOverpayment: false, invoicesMax: 5 });
      const first = await cache.match('demo', payment, settings());
      for (let i = 0; i < 5; i++) expect((await cache.match('demo', { ...payment, id: `S-${i + 2}` }, settings())).decision.kind).toBe(first.decision.kind);
      expect(parse).toHaveBeenCalledTimes(1);
      await cache.match('demo', payment, { ...settings(), dateWindowDays: 30 });
      expect(parse).toHaveBeenCalledTimes(2);
      for (let i = 0; i < 2; i++) await expect(cache.match('demo', payment, { ...settings(), thresholdScore: 2 })).rejects.toThrow(/thresholdScore|less than or equal/);
      await expect(cache.match('demo', payment, { ...settings(), extra: true } as never)).rejects.toThrow(/extra|Unrecognized/);
    } finally {
      parse.mockRestore();
    }
  });
});
