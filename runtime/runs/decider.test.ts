/**
 * Deciding on a thread of its own (runs/decider.ts): batch N+1 is decided on
 * the decider thread while batch N commits here. Claims across the batch
 * boundary defer, a batch that did not commit cleanly has the next one
 * decided again, the thread's matcher cache reads the invoices once and
 * follows this thread's commits, decisions on what someone else changed
 * meanwhile are made again here, and a thread that fails loses nothing.
 *   F1002 K1002 Bageriet i Gamla Stan HB 15 625,00 kr  OCR 10025
 */
import { and, eq, like } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BankLineListItem } from '../../shared/api.ts';
import { events, invoices, runs, vouchers } from '../db/schema.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { effectKinds } from '../kernel/effects.ts';
import type { EventRow } from '../kernel/outbox.ts';
import { refusingKind } from '../testing/refusing-kind.ts';
import { DeciderThread, decideThreadWanted, workerDecidesOnThread } from './decider.ts';
import { Runner } from './runner.ts';

let t: TestApp;
const deciders: DeciderThread[] = [];
beforeEach(async () => { t = await createTestApp(); });
afterEach(() => {
  for (const decider of deciders.splice(0)) decider.close();
  t.close();
});

const today = new Date().toISOString().slice(0, 10);
const base = '/api/companies/demo';

/** The test app's runner with a decider thread; every decision request's event ids are recorded. */
function withDecider(runner: Runner = t.services.runner): { decider: DeciderThread; asked: string[][] } {
  const decider = new DeciderThread(t.database.url, runner.ports);
  deciders.push(decider);
  const asked: string[][] = [];
  const decide = decider.decide.bind(decider);
  decider.decide = (rows, ...rest) => {
    asked.push(rows.map((r) => r.id));
    return decide(rows, ...rest);
  };
  runner.decider = decider;
  return { decider, asked };
}

/** Bank lines stored and queued for the worker (as a large request is), not run before the answer. */
async function queueLines(lines: Record<string, unknown>[]): Promise<void> {
  t.services.bank.bankLinesInlineMax = 0;
  const response = await t.post(`${base}/bank-lines`, lines);
  expect(response.status).toBe(202);
}

async function lineOf(id: string): Promise<BankLineListItem> {
  const response = await t.request(`${base}/bank-lines/${encodeURIComponent(id)}`);
  expect(response.status).toBe(200);
  return response.json();
}

const payment = (id: string, amountMinor: number, text: string, reference: string | null = null) =>
  ({ id, bookingDate: today, amountMinor, currency: 'SEK', text, reference, counterparty: null });

async function addInvoices(prefix: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await t.database.db.insert(invoices).values({
      companyId: 'demo', id: `${prefix}${i}`, kind: 'ar', counterpartyId: 'K1002', invoiceNumber: `${prefix}-${700 + i}`, invoiceDate: today, dueDate: today,
      currency: 'SEK', totalMinor: 3_000 + i, vatMinor: 0, openMinor: 3_000 + i, ocrReference: null,
    } as typeof invoices.$inferInsert);
  }
}

const pendingEvents = async () => (await t.database.db.select({ status: events.status }).from(events)).filter((e) => e.status !== 'done');

describe('claims across the batch boundary', () => {
  it('two payments of one invoice in consecutive batches: the second is decided after the first committed (partial, then matched)', async () => {
    const { asked } = withDecider();
    const half = (id: string) => payment(id, 781_250, 'INBETALNING', '10025');
    await queueLines([half('X-HALF-1'), half('X-HALF-2')]);
    expect(await t.services.runner.drain(10, 1)).toBe(2);
    expect((await lineOf('X-HALF-1')).outcome).toMatchObject({ kind: 'partial', allocations: [{ invoiceNumber: 'F1002', amountMinor: 781_250 }], remainingMinor: 781_250 });
    // decided on the invoice as the first payment left it (7 812,50 open), not as it was when batch 2 was first decided
    const second = await lineOf('X-HALF-2');
    expect(second.outcome).toMatchObject({ kind: 'matched', allocations: [{ invoiceNumber: 'F1002', amountMinor: 781_250 }] });
    expect(second.outcome.remainingMinor ?? 0).toBe(0);
    const [invoice] = await t.database.db.select().from(invoices).where(and(eq(invoices.companyId, 'demo'), eq(invoices.invoiceNumber, 'F1002')));
    expect(invoice).toMatchObject({ openMinor: 0, status: 'paid' });
    // batch 2 was asked while batch 1 committed (cut off there: it claims F1002), then again after
    const [first, secondEvent] = asked.flat();
    expect(asked).toEqual([[first], [secondEvent], [secondEvent]]);
    // all of it decided on the thread: this thread's matcher never read the invoices
    expect(t.services.runner.ports.openInvoices.loads).toBe(0);
  });
});

describe('a batch that does not commit cleanly', () => {
  it('has the next batch, decided meanwhile, decided again; every event is done once', async () => {
    const refusing = refusingKind(effectKinds['post-voucher'], new Set(['R-2']), 'period_locked', (line) => `Line ${line}: the period was locked meanwhile`);
    const runner = new Runner(t.database.db, t.services.store, { effects: { ...effectKinds, 'post-voucher': refusing } });
    const { asked } = withDecider(runner);
    const fee = (id: string) => ({ id, bookingDate: today, amountMinor: -2500, currency: 'SEK', text: 'AVGIFT', reference: null, counterparty: null });
    await queueLines(['R-1', 'R-2', 'R-3', 'R-4'].map(fee));
    const ids = (await t.database.db.select({ id: events.id, sourceRef: events.sourceRef }).from(events).where(like(events.sourceRef, 'bank-line:R-%')))
      .sort((a, b) => a.sourceRef!.localeCompare(b.sourceRef!)).map((e) => e.id);
    expect(await runner.drain(10, 2)).toBe(4);
    // batch 1 refused R-2: batch 2, decided while it committed, was decided again
    expect(asked).toEqual([[ids[0], ids[1]], [ids[2], ids[3]], [ids[2], ids[3]]]);
    for (const id of ['R-1', 'R-3', 'R-4']) {
      expect(await t.database.db.select().from(vouchers).where(eq(vouchers.sourceRef, `bank-line:${id}`))).toHaveLength(1);
    }
    const refused = await t.database.db.select().from(runs).where(eq(runs.sourceRef, 'bank-line:R-2'));
    expect(refused.find((r) => r.automationId === 'bank-fees')).toMatchObject({ status: 'failed', reason: expect.stringMatching(/period was locked/) });
    expect(await pendingEvents()).toEqual([]);
  });
});

describe('the decider thread\'s matcher cache', () => {
  it('reads the invoices once across many batches, follows this thread\'s commits, and stores runs as the inline path does', async () => {
    const { decider, asked } = withDecider();
    await addInvoices('M', 24);
    // each invoice paid in full (its number in the text); then the first six again: already paid by then
    await queueLines([
      ...Array.from({ length: 24 }, (_, i) => payment(`M-PAY-${i}`, 3_000 + i, `Betalning faktura M-${700 + i}`)),
      ...Array.from({ length: 6 }, (_, i) => payment(`M-AGAIN-${i}`, 3_000 + i, `Betalning faktura M-${700 + i}`)),
    ]);
    expect(await t.services.runner.drain(100, 3)).toBe(30);
    expect(asked.length).toBeGreaterThanOrEqual(10);
    expect(decider.loads).toBe(1);
    expect(t.services.runner.ports.openInvoices.loads).toBe(0);
    const lines = await (await t.request(`${base}/bank-lines?q=M-&limit=100`)).json() as { counts: Record<string, number> };
    expect(lines.counts).toEqual({ matched: 24, exception: 6 });
    expect((await lineOf('M-AGAIN-3')).outcome).toMatchObject({ kind: 'exception', exceptionReason: 'already_paid' });
    // the trace as stored: the trigger's step points at the event (the event is not repeated), as on the inline path
    const [run] = await t.database.db.select().from(runs).where(and(eq(runs.sourceRef, 'bank-line:M-PAY-0'), eq(runs.status, 'posted')));
    expect(run.trace).toContain('"outputIsEvent":true');
    const detail = await (await t.request(`${base}/runs/${run.id}`)).json() as { trace: { output?: unknown }[]; event: { id: string } };
    expect(detail.event.id).toBe('M-PAY-0');
    expect(detail.trace[0].output).toEqual(detail.event);
  });

  it('gets ready while the events are queued: started and its invoices read before the first batch is claimed', async () => {
    const { decider, asked } = withDecider();
    await addInvoices('W', 4);
    expect(decider.stats.started).toBe(0);
    await queueLines(Array.from({ length: 4 }, (_, i) => payment(`W-PAY-${i}`, 3_000 + i, `Betalning faktura W-${700 + i}`)));
    expect(decider.stats.started).toBe(1); // queueing the events started it
    for (let waited = 0; decider.loads === 0 && waited < 20_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(decider.loads).toBe(1); // read before anything was asked of it
    expect(asked).toEqual([]);
    expect(await t.services.runner.drain(100, 2)).toBe(4);
    expect(decider.loads).toBe(1); // and not again for the batches
    expect(decider.stats.started).toBe(1);
    const lines = await (await t.request(`${base}/bank-lines?q=W-PAY&limit=100`)).json() as { counts: Record<string, number> };
    expect(lines.counts).toEqual({ matched: 4 });
  });

  it('warming builds the matcher the runs then use: each published match-payment node\'s, before the first payment', async () => {
    // what the decider thread does while a statement is stored (its runner's `warm`), here on the test's own runner
    const { runner } = t.services;
    const cache = runner.ports.openInvoices;
    await runner.warm('demo');
    expect(cache.loads).toBe(1);
    expect(cache.builds).toBe(1); // the demo's customer-payments automation: one match-payment node
    await queueLines([payment('WARM-PAY', 15_625_00, 'Betalning', '10025')]);
    expect(await runner.drain(10, 5)).toBe(1);
    expect((await lineOf('WARM-PAY')).outcome).toMatchObject({ kind: 'matched', allocations: [{ invoiceNumber: 'F1002' }] });
    // the run matched with the matcher built ahead (the same settings), not one of its own
    expect(cache.builds).toBe(1);
    expect(cache.loads).toBe(1);
  });

  it('a payment placed nowhere on what the thread read is decided again here when someone else created its invoice before the commit', async () => {
    const { decider } = withDecider();
    await queueLines([payment('W-PAY', 4_400, 'faktura W-900')]);
    const decide = decider.decide.bind(decider);
    let created = false;
    decider.decide = async (...args) => {
      const answer = await decide(...args);
      if (!created) {
        // another process creates the invoice after the thread decided (no invoice W-900 then) and before the commit
        created = true;
        await t.database.db.insert(invoices).values({
          companyId: 'demo', id: 'W900', kind: 'ar', counterpartyId: 'K1002', invoiceNumber: 'W-900', invoiceDate: today, dueDate: today,
          currency: 'SEK', totalMinor: 4_400, vatMinor: 0, openMinor: 4_400, ocrReference: null,
        } as typeof invoices.$inferInsert);
      }
      return answer;
    };
    expect(await t.services.runner.drain(10, 5)).toBe(1);
    expect(created).toBe(true);
    expect((await lineOf('W-PAY')).outcome).toMatchObject({ kind: 'matched', allocations: [{ invoiceNumber: 'W-900', amountMinor: 4_400 }] });
    // decided again on this thread, which read the invoices to do so
    expect(t.services.runner.ports.openInvoices.loads).toBe(1);
  });
});

describe('a decider thread that fails', () => {
  it('crashing with a batch asked: that batch and the rest are decided here, no event lost', async () => {
    const { decider } = withDecider();
    await addInvoices('K', 6);
    await queueLines(Array.from({ length: 6 }, (_, i) => payment(`K-PAY-${i}`, 3_000 + i, `faktura K-${700 + i}`)));
    const decide = decider.decide.bind(decider);
    let crashes = 0;
    decider.decide = (rows: readonly EventRow[], ...rest) => {
      const answer = decide(rows, ...rest);
      if (crashes++ === 1) void decider.stopThread(); // the second batch's thread dies before it answers
      return answer;
    };
    expect(await t.services.runner.drain(100, 2)).toBe(6);
    expect(await pendingEvents()).toEqual([]);
    const lines = await (await t.request(`${base}/bank-lines?q=K-PAY&limit=100`)).json() as { counts: Record<string, number> };
    expect(lines.counts).toEqual({ matched: 6 });
    expect(t.services.runner.ports.openInvoices.loads).toBeGreaterThan(0); // decided here for a while
  });

  it('that cannot start: every batch is decided here', async () => {
    const decider = new DeciderThread('file:/dev/null/not-a-folder/k.db', t.services.runner.ports);
    deciders.push(decider);
    t.services.runner.decider = decider;
    await addInvoices('N', 4);
    await queueLines(Array.from({ length: 4 }, (_, i) => payment(`N-PAY-${i}`, 3_000 + i, `faktura N-${700 + i}`)));
    expect(await t.services.runner.drain(100, 2)).toBe(4);
    expect(decider.stats.failed).toBeGreaterThanOrEqual(1);
    expect(await pendingEvents()).toEqual([]);
    const lines = await (await t.request(`${base}/bank-lines?q=N-PAY&limit=100`)).json() as { counts: Record<string, number> };
    expect(lines.counts).toEqual({ matched: 4 });
  });
});

describe('who decides on a thread by default', () => {
  it('a worker process, when the machine has a second core; serve, not; KONTERA_DECIDE_THREAD says otherwise', () => {
    expect(workerDecidesOnThread({}, 2)).toBe(true);
    expect(workerDecidesOnThread({}, 1)).toBe(false);
    expect(workerDecidesOnThread({ KONTERA_DECIDE_THREAD: '0' }, 8)).toBe(false);
    expect(workerDecidesOnThread({ KONTERA_DECIDE_THREAD: '1' }, 1)).toBe(true);
    expect(decideThreadWanted({})).toBe(false); // serve's default
    expect(() => workerDecidesOnThread({ KONTERA_DECIDE_THREAD: 'yes' }, 2)).toThrow(/KONTERA_DECIDE_THREAD must be 0 or 1, not "yes"/);
  });
});
