/**
 * AutoPay in, end to end (issue 11): a camt.053 of N incoming payments
 * against N open customer invoices — the issue's mix: 85 % exact OCR, 5 %
 * partial, 5 % by payer name and amount, 5 % unmatched (payment-matching.ts
 * `generate`) — from the file through posting: POST …/bank-statements on a
 * file database (parse, store lines and events), then the worker loop runs
 * every published automation of the demo on every line (customer payments
 * first: match-payment settles the invoices and posts; the rest go through
 * the bank rules to the inbox). Baseline, same run, same data: a bare
 * Map-by-OCR match that reduces open amounts in memory (no file, no
 * database). Prints lines/s, the 10k → 100k scaling (goal ≤ ×12) and the
 * wall time at 100k (goal < 30 s on 2 cores); checks the outcomes against
 * the mix before it reports.
 *
 * `npm run bench autopay`. BENCH_AUTOPAY_SIZES=10000,100000 changes the sizes; BENCH_AUTOPAY_BATCH the
 * events per claimed batch (default 500, as `kontera worker` claims them). The detail adds the process's user+sys CPU
 * time over the same span: on a shared machine the wall time also counts waiting for other processes.
 * BENCH_AUTOPAY_WORKER=thread runs the worker loop on a thread of its own with its own connection,
 * claiming while the import still commits its chunks — as `kontera worker` beside a web process
 * (fixtures/worker-loop.ts); by default it runs after the import, on the main thread.
 * BENCH_AUTOPAY_CHECKPOINTS=inline has the committing connection checkpoint the log, as SQLite does by default (the
 * default here is `background`, as `kontera serve` and `kontera worker` run: db/checkpointer.ts).
 * BENCH_AUTOPAY_DECIDE=thread (the default on 2+ cores, as `kontera worker` decides) decides batch N+1 on a thread of its own while
 * batch N commits (runs/decider.ts); `inline` decides each batch on the committing thread (KONTERA_DECIDE_THREAD=0); the
 * detail adds how often each matcher cache read the invoices.
 */
import type { Measurement, Scenario, ScenarioResult } from '../harness.ts';
import { camt053Document, type CamtEntrySpec } from '../fixtures/camt053.ts';
import { generate, runBaseline } from './payment-matching.ts';
import { createTestApp } from '../../runtime/http/test-app.ts';
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { DeciderThread, workerDecidesOnThread } from '../../runtime/runs/decider.ts';
import { workerDrainEvents } from '../../runtime/runs/background.ts';

const sizes = (process.env.BENCH_AUTOPAY_SIZES ?? '10000,100000').split(',').map(Number);
/**
 * `inline` (default): the worker loop runs after the import, on the main thread; `thread`: on a thread of its own
 * while the import goes on (as `kontera worker` beside a web process) — slower on the shared machine: docs/bulk-runs.md
 */
const workerMode = process.env.BENCH_AUTOPAY_WORKER ?? 'inline';
if (!['thread', 'inline'].includes(workerMode)) throw new Error(`BENCH_AUTOPAY_WORKER must be thread or inline, not "${workerMode}"`);
/** `inline` (default): each batch is decided, then committed, on the worker loop's thread; `thread`: decided on a thread of its own while the previous one commits */
// by default as `kontera worker` decides: on a thread when the machine has a second core (KONTERA_DECIDE_THREAD says otherwise)
const decideMode = process.env.BENCH_AUTOPAY_DECIDE ?? (workerDecidesOnThread() ? 'thread' : 'inline');
if (!['thread', 'inline'].includes(decideMode)) throw new Error(`BENCH_AUTOPAY_DECIDE must be thread or inline, not "${decideMode}"`);

/** `background` (default, as `kontera serve` and `worker`): the log is checkpointed on a thread of its own; `inline`: by the committing connection */
const checkpointMode = (process.env.BENCH_AUTOPAY_CHECKPOINTS ?? 'background') as 'background' | 'inline';
if (checkpointMode !== 'background' && checkpointMode !== 'inline') throw new Error(`BENCH_AUTOPAY_CHECKPOINTS must be background or inline, not "${checkpointMode}"`);

/** The worker loop on a thread of its own (fixtures/worker-loop.ts), ready to claim: `importDone` tells it the import has committed everything. */
async function startWorkerThread(url: string, batchSize: number): Promise<{ importDone(): void; drained: Promise<number> }> {
  const worker = new Worker(new URL('../fixtures/worker-thread.mjs', import.meta.url), { workerData: { url, batchSize } });
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => { ready = resolve; });
  const drained = new Promise<number>((resolve, reject) => {
    worker.on('message', (message: 'ready' | { drained: number }) => {
      if (message === 'ready') ready();
      else resolve(message.drained);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`autopay: the worker thread exited (${code}) before it drained the queue`)));
  });
  await Promise.race([isReady, drained]);
  return { importDone: () => worker.postMessage('import-done'), drained };
}

/**
 * This process's main thread so far (Linux: /proc/self/task/<pid>/schedstat, ns): its CPU time and how long it was ready
 * to run but waited for a core, in ms; null elsewhere. With a decider thread the runs' critical path is the main
 * thread's, and on a shared machine its wall time also counts waiting for a core (other work's).
 */
function mainThreadSchedule(): { cpuMs: number; waitMs: number } | null {
  try {
    const [cpuNs, waitNs] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ').map(Number);
    return { cpuMs: cpuNs / 1e6, waitMs: waitNs / 1e6 };
  } catch {
    return null;
  }
}

function statementOf(data: ReturnType<typeof generate>): Uint8Array {
  const entries: CamtEntrySpec[] = data.payments.map((p, k) => ({
    ref: `AP${String(k).padStart(9, '0')}`, bookingDate: p.bookingDate, amountMinor: p.amountMinor, reference: p.reference,
    text: p.text, counterpartyName: p.counterpartyName,
  }));
  const last = entries.reduce((max, e) => (e.bookingDate > max ? e.bookingDate : max), '');
  return camt053Document({ statementId: `AUTOPAY-${data.payments.length}`, iban: 'SE4550000000058398257466', openingMinor: 0, date: last, entries });
}

async function endToEnd(data: ReturnType<typeof generate>)
  : Promise<{ ms: number; importMs: number; importCpuMs: number; ranDuringImport: number; cpuMs: number; runsMainCpuMs: number | null; runsMainWaitMs: number | null; outcome: string; loads: string }> {
  const bytes = statementOf(data);
  // checkpoints on a thread of their own, as `kontera serve` and `kontera worker` have them (db/checkpointer.ts)
  const app = await createTestApp({ today: new Date('2026-06-30T12:00:00Z'), database: { checkpoints: checkpointMode } });
  try {
    const { client } = app.database;
    // the customers and their open invoices, with their vouchers' effect on 1510 left out (the matcher reads the invoices)
    const customers = new Map(data.invoices.map((i) => [`X-${i.customerNo}`, i.customerName])); // beside the demo's K1001…
    const rows = [...customers];
    for (let i = 0; i < rows.length; i += 500) {
      const part = rows.slice(i, i + 500);
      await client.execute({ sql: `INSERT INTO customers (company_id, id, name) VALUES ${part.map(() => "('demo', ?, ?)").join(', ')}`, args: part.flat() });
    }
    for (let i = 0; i < data.invoices.length; i += 500) {
      const part = data.invoices.slice(i, i + 500);
      await client.execute({
        sql: `INSERT INTO invoices (company_id, id, kind, counterparty_id, invoice_number, invoice_date, due_date, currency, total_minor, vat_minor, open_minor, ocr_reference, status)
              VALUES ${part.map(() => "('demo', ?, 'ar', ?, ?, ?, ?, 'SEK', ?, 0, ?, ?, 'open')").join(', ')}`,
        args: part.flatMap((v) => [v.invoiceNumber, `X-${v.customerNo}`, v.invoiceNumber, v.issueDate, v.dueDate, v.amountMinor, v.openMinor, v.ocrReference]),
      });
    }
    const batchSize = Number(process.env.BENCH_AUTOPAY_BATCH ?? 500); // as a worker process claims (KONTERA_WORKER_BATCH)
    const thread = workerMode === 'thread' ? await startWorkerThread(app.database.url, batchSize) : null;
    const { runner } = app.services;
    // the decider thread is there from the start, as in a worker process: it gets ready while the import stores the events
    const decider = decideMode === 'thread' ? new DeciderThread(app.database.url, runner.ports) : null;
    runner.decider = decider;
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const response = await app.request('/api/companies/demo/bank-statements', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: new Uint8Array(bytes) });
    if (response.status !== 200 && response.status !== 202) throw new Error(`autopay: import answered ${response.status}: ${await response.text()}`);
    const importMs = performance.now() - started;
    const importCpu = process.cpuUsage(cpuStarted); // inline: the import's; thread: the import's and the runs' so far
    const { rows: [ranEarly] } = await client.execute(`SELECT count(*) AS n FROM events WHERE company_id = 'demo' AND status = 'done'`);
    thread?.importDone();
    await thread?.drained;
    runner.batchSize = batchSize;
    const mainStarted = mainThreadSchedule();
    while ((await runner.drain(workerDrainEvents, runner.batchSize)) > 0) { /* until the queue is empty, as a worker process's loop drains */ }
    const ms = performance.now() - started;
    const mainNow = mainThreadSchedule();
    const runsMainCpuMs = mainNow && mainStarted ? mainNow.cpuMs - mainStarted.cpuMs : null;
    const runsMainWaitMs = mainNow && mainStarted ? mainNow.waitMs - mainStarted.waitMs : null;
    runner.close();
    const checkpoints = app.database.checkpointer ? await app.database.checkpointer.stats() : null;
    const waited = decider ? `waited ${(runner.deciderWaitMs / 1000).toFixed(1)} s for decisions, ` : '';
    const loads = `${waited}${checkpoints ? `${checkpoints.checkpoints} checkpoints in the background (${checkpoints.framesCopied} pages${checkpoints.cpuMs === null ? '' : `, ${(checkpoints.cpuMs / 1000).toFixed(1)} s CPU`}), ` : 'checkpoints inline, '}matcher cache loads: ${runner.ports.openInvoices.loads} here${decider ? `, ${decider.loads} on the decider thread (${decider.stats.started} started, ${decider.stats.failed} failed)` : ''}`;
    // user + sys CPU of the whole process (the statement parser's worker thread included): on a shared, loaded
    // machine the wall time waits for other processes; this is what the work itself took
    const cpu = process.cpuUsage(cpuStarted);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const { rows: kinds } = await client.execute(`SELECT CASE WHEN voucher_id IS NULL THEN coalesce(exception_reason, kind) ELSE kind END AS k, count(*) AS n
      FROM payment_decisions WHERE company_id = 'demo' GROUP BY k ORDER BY n DESC`);
    const counts = Object.fromEntries(kinds.map((r) => [String(r.k), Number(r.n)]));
    const { matched, partial, byName, unmatched } = data.expected;
    const near = (actual: number | undefined, wanted: number) => Math.abs((actual ?? 0) - wanted) <= Math.max(5, wanted * 0.01);
    if (!near(counts.matched, matched + byName) || !near(counts.partial, partial) || !near((counts.no_match ?? 0) + (counts.below_threshold ?? 0), unmatched)) {
      throw new Error(`autopay: outcomes ${JSON.stringify(counts)} do not fit the mix ${JSON.stringify(data.expected)}`);
    }
    return {
      ms, importMs, importCpuMs: (importCpu.user + importCpu.system) / 1000, ranDuringImport: Number(ranEarly.n), cpuMs, runsMainCpuMs, runsMainWaitMs,
      outcome: Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', '), loads,
    };
  } finally {
    app.close();
  }
}

const scenarios: Scenario[] = [
  {
    name: 'AutoPay in: statement → match → post, end to end',
    async run() {
      const results: ScenarioResult[] = [];
      const wall: Record<number, number> = {};
      for (const size of sizes) {
        const data = generate(size);
        let baselineMs = Infinity;
        for (let r = 0; r < 3; r++) {
          const copy = { ...data, invoices: data.invoices.map((i) => ({ ...i })) };
          const t = performance.now();
          runBaseline(copy);
          baselineMs = Math.min(baselineMs, performance.now() - t);
        }
        const run = await endToEnd(data);
        wall[size] = run.ms;
        const baseline: Measurement = { name: `bare Map-by-OCR match, ${size / 1000}k (in memory)`, opsPerSec: (size * 1000) / baselineMs };
        const others: Measurement[] = [{
          name: `file → lines → match-payment → vouchers, ${size / 1000}k`, opsPerSec: (size * 1000) / run.ms,
          detail: `${(run.ms / 1000).toFixed(1)} s (import ${(run.importMs / 1000).toFixed(1)} s; CPU user+sys ${(run.cpuMs / 1000).toFixed(1)} s, `
            + `${(run.importCpuMs / 1000).toFixed(1)} s of it by the import's end; worker ${workerMode}, ${run.ranDuringImport} lines run by then; `
            + `deciding ${decideMode}${run.runsMainCpuMs === null ? '' : `, the runs' main thread CPU ${(run.runsMainCpuMs / 1000).toFixed(1)} s`}${run.runsMainWaitMs === null ? '' : ` (waited ${(run.runsMainWaitMs / 1000).toFixed(1)} s for a core)`}, ${run.loads}); ${run.outcome}`,
        }];
        results.push({ scenario: `AutoPay in, ${size / 1000}k lines`, baseline, others, goal: size >= 100_000 ? 'whole import → match → post < 30 s on 2 cores' : undefined });
      }
      const small = sizes.find((s) => s === 10_000);
      const large = sizes.find((s) => s === 100_000);
      if (small && large) {
        const factor = wall[large] / wall[small];
        results[results.length - 1].goal = `< 30 s at 100k (${(wall[large] / 1000).toFixed(1)} s); 10k → 100k ×${factor.toFixed(1)} (goal ≤ ×12)`;
      }
      return results;
    },
  },
];

export default scenarios;
