/**
 * What the decider thread's batches leave (runs/decider.ts): the same rows
 * as the inline path for the same batch; a period locked between the
 * thread's decision and the commit is checked again at the commit and
 * refused; an event committed alone after its batch was refused (after the
 * batch's vouchers were posted) has its payment point at its own voucher,
 * inline and on the thread. (Preparing the commit on the thread was tried
 * and measured: docs/bulk-runs.md, "Preparing on the decider thread".)
 */
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { rawExecutor } from '../db/client.ts';
import { invoices } from '../db/schema.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { effectKinds } from '../kernel/effects.ts';
import { refusingKind } from '../testing/refusing-kind.ts';
import { DeciderThread } from './decider.ts';
import { Runner } from './runner.ts';

const apps: TestApp[] = [];
const deciders: DeciderThread[] = [];
afterEach(() => {
  for (const decider of deciders.splice(0)) decider.close();
  for (const app of apps.splice(0)) app.close();
});

const today = new Date().toISOString().slice(0, 10);

/** A test app with open invoices I-0… and these bank lines queued (not run yet). */
async function appWith(lines: Record<string, unknown>[], invoiceCount = 8): Promise<TestApp> {
  const t = await createTestApp();
  apps.push(t);
  t.services.runner.decider?.close(); // (KONTERA_DECIDE_THREAD=1): each test says how its batches are decided
  t.services.runner.decider = null;
  for (let i = 0; i < invoiceCount; i++) {
    await t.database.db.insert(invoices).values({
      companyId: 'demo', id: `I${i}`, kind: 'ar', counterpartyId: 'K1002', invoiceNumber: `I-${700 + i}`, invoiceDate: today, dueDate: today,
      currency: 'SEK', totalMinor: 5_000 + i, vatMinor: 0, openMinor: 5_000 + i, ocrReference: null,
    } as typeof invoices.$inferInsert);
  }
  t.services.bank.bankLinesInlineMax = 0;
  if (lines.length) expect((await t.post('/api/companies/demo/bank-lines', lines)).status).toBe(202);
  return t;
}

const line = (id: string, amountMinor: number, text: string) =>
  ({ id, bookingDate: today, amountMinor, currency: 'SEK', text, reference: null, counterparty: null });
/** matched, partial, overpaid, a fee, an unmatched payment, an invoice paid by two lines of one batch */
const mix = [
  line('P-0', 5_000, 'Betalning faktura I-700'),
  line('P-1', 2_000, 'Betalning faktura I-701'),
  line('P-2', 5_002, 'Betalning faktura I-702'),
  line('FEE', -2_500, 'AVGIFT BANKGIRO'),
  line('P-3', 5_003, 'Betalning faktura I-703'),
  line('NONE', 777, 'Okänd insättning'),
  line('P-4', 1_000, 'Delbetalning faktura I-704'),
  line('P-4B', 4_004, 'Rest faktura I-704'),
  line('P-5', 5_005, 'Betalning faktura I-705'),
];

/** A runner of `t` whose payment-match refuses the lines named at commit (after post-voucher posted the batch's vouchers). */
function refusingRunner(t: TestApp, refuseFor: ReadonlySet<string>): Runner {
  const refusing = refusingKind(effectKinds['payment-match'], refuseFor, 'test_refusal', (id) => `Line ${id}: refused at commit`);
  return new Runner(t.database.db, t.services.store, { effects: { ...effectKinds, 'payment-match': refusing } });
}

/** `runner` decides on a thread of its own; `between` runs after each answer, before it is committed. */
function onThread(t: TestApp, runner: Runner, between?: () => Promise<void>): DeciderThread {
  const decider = new DeciderThread(t.database.url, runner.ports);
  deciders.push(decider);
  const decide = decider.decide.bind(decider);
  decider.decide = async (...args) => {
    const answer = await decide(...args);
    await between?.();
    return answer;
  };
  runner.decider = decider;
  return decider;
}

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** a trace step's time */
const durations = /"durationMs":[0-9.e-]+,?/g;
const times = new Set(['registered_at', 'started_at', 'decided_at', 'duration_ms', 'finished_at', 'created_at', 'updated_at']);

/** What the runs left, comparable across databases: ids as voucher numbers or `<id>`, no timestamps, in a stable order. */
async function whatRunsLeft(t: TestApp): Promise<Record<string, Record<string, unknown>[]>> {
  const sql = rawExecutor(t.database.db);
  const all = async (query: string) => (await sql.execute({ sql: query, args: [] })).rows;
  const numberOf = new Map((await all('SELECT id, series, number FROM vouchers')).map((v) => [String(v.id), `voucher ${v.series} ${v.number}`]));
  const plain = (rows: Record<string, unknown>[]) => rows.map((row) => Object.fromEntries(Object.entries(row)
    .filter(([column]) => !times.has(column) && column !== 'id')
    .map(([column, value]) => [column, typeof value === 'string' ? (numberOf.get(value) ?? value.replace(uuid, '<id>').replace(durations, '')) : value])));
  return {
    vouchers: plain(await all("SELECT * FROM vouchers WHERE source_ref LIKE 'bank-line:%' ORDER BY series, number")),
    voucherLines: plain(await all("SELECT l.* FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id WHERE v.source_ref LIKE 'bank-line:%' ORDER BY v.series, v.number, l.line_no")),
    paymentDecisions: plain(await all('SELECT * FROM payment_decisions ORDER BY bank_line_id')),
    invoicePayments: plain(await all('SELECT * FROM invoice_payments ORDER BY bank_line_id, invoice_id')),
    invoices: plain(await all("SELECT * FROM invoices WHERE id LIKE 'I%' ORDER BY id")),
    runs: plain(await all('SELECT * FROM runs ORDER BY source_ref, automation_id')),
    bankLines: plain(await all("SELECT id, status FROM bank_lines ORDER BY id")),
    exceptions: plain(await all('SELECT source_ref, reason, status FROM exceptions ORDER BY source_ref, reason')),
  };
}

describe('batches decided on the decider thread', () => {
  it('leave the same rows as the inline path', async () => {
    const inline = await appWith(mix);
    expect(await inline.services.runner.drain(100, 4)).toBe(mix.length);

    const threaded = await appWith(mix);
    const runner = threaded.services.runner;
    onThread(threaded, runner);
    expect(await runner.drain(100, 4)).toBe(mix.length);
    expect(runner.ports.openInvoices.loads).toBe(0); // (decided there: this thread's matcher never read the invoices)

    const left = await whatRunsLeft(threaded);
    expect(left).toEqual(await whatRunsLeft(inline));
    // the mix did what it says: 7 payments settled something (P-4 and P-4B one invoice, in two batches or deferred)
    expect(left.invoicePayments).toHaveLength(7);
    expect(left.invoices.filter((i) => i.status === 'paid').map((i) => i.invoice_number)).toEqual(['I-700', 'I-702', 'I-703', 'I-704', 'I-705']);
  });

  it('a period locked between the thread\'s decision and the commit: checked again at the commit and refused', async () => {
    const lines = [line('FEE-1', -2_500, 'AVGIFT BANKGIRO'), line('FEE-2', -1_500, 'AVGIFT BANKGIRO'), line('P-0', 5_000, 'Betalning faktura I-700')];
    const t = await appWith(lines);
    const runner = t.services.runner;
    let locked = false;
    onThread(t, runner, async () => {
      if (locked) return;
      locked = true;
      await rawExecutor(t.database.db).execute({ sql: "UPDATE periods SET status = 'locked' WHERE company_id = 'demo' AND period = ?", args: [today.slice(0, 7)] });
    });
    expect(await runner.drain(100, 10)).toBe(lines.length);
    const left = await whatRunsLeft(t);
    // decided on the open period, committed into the locked one: nothing posted, nothing settled
    expect(left.vouchers).toEqual([]);
    expect(left.runs.filter((r) => r.status === 'posted')).toEqual([]);
    for (const id of ['FEE-1', 'FEE-2']) {
      expect(left.runs.find((r) => r.source_ref === `bank-line:${id}` && r.automation_id === 'bank-fees')).toMatchObject({ status: 'failed', trace: expect.stringContaining('period_locked') });
    }
    const [invoice] = await t.database.db.select().from(invoices).where(and(eq(invoices.companyId, 'demo'), eq(invoices.id, 'I0')));
    expect(invoice.openMinor).toBe(5_000);
  });

  it('an event committed alone after its batch was refused: its payment names its own voucher, inline and on the thread', async () => {
    const lines = [line('P-0', 5_000, 'Betalning faktura I-700'), line('BAD', 5_002, 'Betalning faktura I-702'), line('P-1', 5_001, 'Betalning faktura I-701')];
    for (const thread of [false, true]) {
      const t = await appWith(lines);
      const runner = refusingRunner(t, new Set(['BAD']));
      if (thread) onThread(t, runner);
      expect(await runner.drain(100, 10)).toBe(lines.length);
      const left = await whatRunsLeft(t);
      // the batch was refused (BAD's payment, after the batch's vouchers were posted), then P-0 and P-1 each committed in a savepoint of its own
      const voucherOf = new Map(left.vouchers.map((v) => [v.source_ref, `voucher ${v.series} ${v.number}`]));
      expect(voucherOf.size).toBe(2);
      const own = [['P-0', voucherOf.get('bank-line:P-0')], ['P-1', voucherOf.get('bank-line:P-1')]];
      expect(left.invoicePayments.map((p) => [p.bank_line_id, p.voucher_id])).toEqual(own);
      expect(left.paymentDecisions.map((p) => [p.bank_line_id, p.voucher_id])).toEqual(own);
      expect(left.runs.find((r) => r.source_ref === 'bank-line:BAD' && r.automation_id === 'customer-payments')).toMatchObject({ status: 'failed' });
    }
  });
});
