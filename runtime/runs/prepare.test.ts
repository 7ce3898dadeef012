/**
 * Preparing on the decider thread (docs/bulk-runs.md, "Preparing on the
 * decider thread"): the thread prepares the decided runs' effects (checks,
 * rows, ids) and the runner's thread runs only the statements. The same
 * batch leaves the same rows as the inline path; a chart changed between
 * preparing and committing is checked again here (a period locked meanwhile
 * refuses as it does without prepared effects); an idempotency key posted
 * meanwhile replays as inline; an event committed alone (the batch refused)
 * commits from its prepared form, its payment pointing at its own voucher.
 */
import { and, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { rawExecutor } from '../db/client.ts';
import { invoices } from '../db/schema.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { commitEffects, effectKinds, EffectRefusal, prepareEffects, type CommitRun, type EffectKind, type PreparedEffects } from '../kernel/effects.ts';
import { loadChart } from '../ledger/chart.ts';
import { Ledger } from '../ledger/ledger.ts';
import type { VoucherDraft } from '../ledger/types.ts';
import type { PaymentMatchValue } from '../domains/bank/payments/effect.ts';
import { DeciderThread } from './decider.ts';
import { Runner, type DecidedBatch } from './runner.ts';

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

/**
 * A runner of `t` whose post-voucher and payment-match kinds count how they
 * were committed (`commit`: prepared here; `commitPrepared`: as the decider
 * thread prepared them); payment-match refuses the lines named (after
 * post-voucher posted their vouchers).
 */
function countingRunner(t: TestApp, refuseFor: ReadonlySet<string> = new Set()) {
  const counts = { commit: 0, commitPrepared: 0 };
  /** the lines whose vouchers were committed, and how */
  const how = { commit: new Set<string>(), commitPrepared: new Set<string>() };
  const refuse = (kind: string, items: { run: CommitRun }[], by: keyof typeof how) => {
    for (const { run } of items) how[by].add(run.sourceRef?.slice('bank-line:'.length) ?? '');
    if (kind !== 'payment-match') return;
    for (const { run } of items) {
      const id = run.sourceRef?.slice('bank-line:'.length) ?? '';
      if (refuseFor.has(id)) throw new EffectRefusal('period_locked', `Line ${id}: the period was locked meanwhile`);
    }
  };
  const counting = <V, P>(kind: string, real: EffectKind<V, P>): EffectKind<V, P> => ({
    ...real,
    async commit(ctx, items) { counts.commit++; refuse(kind, items, 'commit'); await real.commit(ctx, items); },
    async commitPrepared(ctx, items) { counts.commitPrepared++; refuse(kind, items, 'commitPrepared'); await real.commitPrepared!(ctx, items); },
  });
  const runner = new Runner(t.database.db, t.services.store, {
    effects: { ...effectKinds, 'post-voucher': counting('post-voucher', effectKinds['post-voucher']), 'payment-match': counting('payment-match', effectKinds['payment-match']) },
  });
  return { runner, counts, how };
}

/** `runner` decides on a thread of its own; `between` runs after each answer, before it is committed (and may change the answer). */
function onThread(t: TestApp, runner: Runner, between?: (answer: Map<string, DecidedBatch> | null) => Promise<void>): DeciderThread {
  const decider = new DeciderThread(t.database.url, runner.ports);
  deciders.push(decider);
  const decide = decider.decide.bind(decider);
  decider.decide = async (...args) => {
    const answer = await decide(...args);
    await between?.(answer);
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

describe('prepared on the decider thread', () => {
  it('leaves the same rows as the inline path, every voucher and payment committed as the thread prepared it', async () => {
    const inline = await appWith(mix);
    const inlineRun = countingRunner(inline);
    expect(await inlineRun.runner.drain(100, 4)).toBe(mix.length);
    expect(inlineRun.counts).toMatchObject({ commitPrepared: 0 }); // (prepared here: commit)
    expect(inlineRun.counts.commit).toBeGreaterThanOrEqual(4);

    const threaded = await appWith(mix);
    const { runner, counts } = countingRunner(threaded);
    onThread(threaded, runner);
    expect(await runner.drain(100, 4)).toBe(mix.length);
    expect(counts).toMatchObject({ commit: 0 });
    expect(counts.commitPrepared).toBeGreaterThanOrEqual(4);

    const left = await whatRunsLeft(threaded);
    expect(left).toEqual(await whatRunsLeft(inline));
    // the mix did what it says: 7 payments settled something (P-4 and P-4B one invoice, in two batches or deferred)
    expect(left.invoicePayments).toHaveLength(7);
    expect(left.invoices.filter((i) => i.status === 'paid').map((i) => i.invoice_number)).toEqual(['I-700', 'I-702', 'I-703', 'I-704', 'I-705']);
  });

  it('a period locked between preparing and committing: checked again here and refused as without prepared effects', async () => {
    const lines = [line('FEE-1', -2_500, 'AVGIFT BANKGIRO'), line('FEE-2', -1_500, 'AVGIFT BANKGIRO'), line('P-0', 5_000, 'Betalning faktura I-700')];
    const lock = async (t: TestApp) => {
      await rawExecutor(t.database.db).execute({ sql: "UPDATE periods SET status = 'locked' WHERE company_id = 'demo' AND period = ?", args: [today.slice(0, 7)] });
    };
    const run = async (keepPrepared: boolean) => {
      const t = await appWith(lines);
      const { runner, counts } = countingRunner(t);
      let locked = false;
      onThread(t, runner, async (answer) => {
        if (!keepPrepared) for (const batch of answer?.values() ?? []) delete batch.chartVersion; // as before preparing on the thread
        if (!locked) await lock(t);
        locked = true;
      });
      expect(await runner.drain(100, 10)).toBe(lines.length);
      return { t, counts, left: await whatRunsLeft(t) };
    };
    const prepared = await run(true);
    const unprepared = await run(false);
    expect(prepared.left).toEqual(unprepared.left);
    // prepared against the open period: not used (the chart moved), checked here, refused; nothing posted into the locked month
    expect(prepared.counts.commit).toBeGreaterThan(0);
    expect(prepared.left.vouchers).toEqual([]);
    expect(prepared.left.runs.filter((r) => r.status === 'posted')).toEqual([]);
    const [invoice] = await prepared.t.database.db.select().from(invoices).where(and(eq(invoices.companyId, 'demo'), eq(invoices.id, 'I0')));
    expect(invoice.openMinor).toBe(5_000);
  });

  it('an event committed alone (its batch refused) commits from its prepared form; its payment names its own voucher, inline too', async () => {
    const lines = [line('P-0', 5_000, 'Betalning faktura I-700'), line('BAD', 5_002, 'Betalning faktura I-702'), line('P-1', 5_001, 'Betalning faktura I-701')];
    for (const thread of [false, true]) {
      const t = await appWith(lines);
      const { runner, how } = countingRunner(t, new Set(['BAD']));
      if (thread) onThread(t, runner);
      expect(await runner.drain(100, 10)).toBe(lines.length);
      // on the thread: P-0 and P-1 only as prepared there (BAD, refused, runs again alone: prepared here)
      if (thread) expect({ commit: [...how.commit], prepared: [...how.commitPrepared].sort() }).toEqual({ commit: ['BAD'], prepared: ['BAD', 'P-0', 'P-1'] });
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

describe('commitEffects with prepared effects', () => {
  it('an idempotency key posted between preparing and committing: the earlier voucher is the run\'s, as inline', async () => {
    const results: { voucherIds: string[]; earlier: string; keyed: number; paymentVoucher: unknown }[] = [];
    for (const prepareFirst of [true, false]) {
      const t = await appWith([], 1);
      const db = t.database.db;
      const chart = (await loadChart(db, 'demo'))!;
      const draft: VoucherDraft = {
        date: today, series: 'A', text: 'Inbetalning I-700', registeredBy: 'automation:test', idempotencyKey: 'test:KEY-1', sourceRef: 'bank-line:KEY-1',
        lines: [{ account: '1930', debitMinor: 5_000 }, { account: '1510', creditMinor: 5_000 }],
      };
      const match: PaymentMatchValue = {
        bankLineId: 'KEY-1', bookingDate: today, currency: 'SEK', invoiceIds: ['I0'], voucherIndex: 0, excessAccount: null,
        decision: { kind: 'matched', allocations: [{ invoiceNumber: 'I-700', customerNo: 'K1002', amountMinor: 5_000 }], score: 1, reasons: ['test'], candidates: [] },
      };
      const run: CommitRun = {
        runId: 'run-1', automationId: 'test', automationVersion: 1, sourceRef: 'bank-line:KEY-1', eventJson: '{}', status: 'posted', reason: null,
        startedAt: new Date().toISOString(), voucherIds: [],
      };
      const effects = [{ kind: 'post-voucher', value: draft }, { kind: 'payment-match', value: match }];
      const prepared: PreparedEffects | undefined = prepareFirst ? prepareEffects(chart, [{ run, effects }], () => t.services.runner.clock.newId())[0] : undefined;
      // someone else posts the key first (another process, a retry)
      const [earlier] = await new Ledger(db).post('demo', [{ ...draft, lines: [{ account: '1930', debitMinor: 100 }, { account: '3740', creditMinor: 100 }] }]);
      await db.transaction(async (tx) => {
        await commitEffects({ tx: tx as never, companyId: 'demo', chart: (await loadChart(tx, 'demo'))!, clock: t.services.runner.clock }, [{ run, effects, prepared }]);
      });
      const keyed = (await rawExecutor(db).execute({ sql: "SELECT count(*) AS n FROM vouchers WHERE idempotency_key = 'test:KEY-1'", args: [] })).rows[0].n;
      const [payment] = (await rawExecutor(db).execute({ sql: "SELECT voucher_id FROM invoice_payments WHERE bank_line_id = 'KEY-1'", args: [] })).rows;
      results.push({ voucherIds: run.voucherIds, earlier: earlier.voucher.id, keyed: Number(keyed), paymentVoucher: payment.voucher_id });
    }
    for (const result of results) {
      expect(result.voucherIds).toEqual([result.earlier]);
      expect(result.keyed).toBe(1);
      expect(result.paymentVoucher).toBe(result.earlier);
    }
  });
});
