/**
 * Tenant isolation under a large import: one tenant (demo, with its
 * published "Bank fees" automation) POSTs 20 000 bank lines in one request,
 * and meanwhile another tenant reads (GET periods and work queue, one at a
 * time) and a load balancer checks /api/health. Measured against the same
 * reads on the same server with nothing else going on (the baseline, same
 * run). The flood lasts until every line is stored AND processed (the
 * work queue is settled), so work moved to the background is measured too.
 *
 * Two deployments: one process (`kontera serve`, the worker beside HTTP on
 * one thread) and a web process (KONTERA_WORKER=off) beside a `kontera
 * worker` process, where the processing is off the web thread entirely.
 *
 * `npm run bench flood`. BENCH_FLOOD_LINES changes the size (default 20 000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Measurement, Scenario, ScenarioResult } from '../harness.ts';
import { AuthStore } from '../../runtime/auth/store.ts';
import { openDatabase } from '../../runtime/db/client.ts';
import { createCompany } from '../../runtime/seed/demo.ts';
import { settledQueue, startServerProcess, startWorkerProcess, type ServerProcess } from '../../runtime/testing/server-process.ts';

const floodLines = Number(process.env.BENCH_FLOOD_LINES ?? 20_000);
const baselineMs = 3000;
const goalP99Ms = 100;
const year = new Date().getUTCFullYear();

interface Latencies { samples: number[]; byPath: Map<string, number[]>; errors: number; elapsedMs: number }

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Sequential GETs (one in flight, like a person clicking and a load balancer polling) until `until()` says stop. */
async function readLoop(url: string, paths: string[], headers: Record<string, string>, until: () => boolean): Promise<Latencies> {
  const samples: number[] = [];
  const byPath = new Map(paths.map((p) => [p, [] as number[]]));
  let errors = 0;
  const started = performance.now();
  for (let i = 0; !until(); i++) {
    const t0 = performance.now();
    try {
      const response = await fetch(url + paths[i % paths.length], { headers });
      await response.arrayBuffer();
      if (!response.ok) errors++;
    } catch {
      errors++; // e.g. the connection was reset
    }
    samples.push(performance.now() - t0);
    byPath.get(paths[i % paths.length])!.push(performance.now() - t0);
  }
  return { samples, byPath, errors, elapsedMs: performance.now() - started };
}

function measurementOf(name: string, l: Latencies, baselineP99?: number): Measurement & { p99: number } {
  const sorted = [...l.samples].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  const vs = baselineP99 ? `, p99 ${(p99 / baselineP99).toFixed(1)}x baseline` : '';
  const goal = baselineP99 ? `; goal p99 < ${goalP99Ms} ms: ${p99 < goalP99Ms ? 'met' : 'MISSED'}` : '';
  const paths = [...l.byPath].map(([path, times]) => `${path.replace('/api/companies/other/', '')} ${percentile(times.sort((a, b) => a - b), 99).toFixed(1)}`);
  return {
    name, p99, opsPerSec: (l.samples.length * 1000) / l.elapsedMs,
    detail: `${l.samples.length} GETs, p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms, ${sorted.filter((ms) => ms >= goalP99Ms).length} at or over ${goalP99Ms} ms${vs} (p99 by path: ${paths.join(', ')}), ${l.errors} errors${goal}`,
  };
}

/**
 * One deployment: its own database and processes; the other tenant's reads
 * without a flood (the baseline) and during one.
 */
async function flood(deployment: string, separateWorker: boolean): Promise<ScenarioResult> {
  const dir = mkdtempSync(join(tmpdir(), 'kontera-bench-flood-'));
  const url = `file:${join(dir, 'flood.db')}`;
  let server: ServerProcess | null = null;
  let worker: ReturnType<typeof startWorkerProcess> | null = null;
  try {
    server = await startServerProcess(url, { LOG_LEVEL: 'warn', KONTERA_POLL_MS: '100', ...(separateWorker ? { KONTERA_WORKER: 'off' } : {}) });
    if (separateWorker) worker = startWorkerProcess(url, { LOG_LEVEL: 'warn', KONTERA_POLL_MS: '100' });
    // The other tenant, created beside the running server (another process on the same file, as the CLI would).
    const database = await openDatabase(url);
    await createCompany(database.db, { id: 'other', name: 'Other AB', orgNumber: '556000-0002', year });
    const { token } = await new AuthStore(database.db).createToken({ companyId: 'other', name: 'bench', permissions: ['read'], createdBy: 'system:bench' });
    database.close();
    const headers = { authorization: `Bearer ${token}` };
    const reads = ['/api/companies/other/periods', '/api/companies/other/work-queue', '/api/health'];

    const baselineEnd = performance.now() + baselineMs;
    const baseline = await readLoop(server.url, reads, headers, () => performance.now() > baselineEnd);

    const lines = Array.from({ length: floodLines }, (_, i) => ({
      id: `FLOOD-${i}`, bookingDate: `${year}-11-${String(1 + (i % 28)).padStart(2, '0')}`, amountMinor: -(100 + (i % 5000)), currency: 'SEK',
      text: 'AVGIFT BANKGIRO', reference: null, counterparty: `Bank ${i % 7}`,
    }));
    const body = JSON.stringify(lines);
    let done = false;
    const floodStarted = performance.now();
    const posting = (async () => {
      const response = await server!.api('/api/companies/demo/bank-lines', { method: 'POST', body });
      const answered = performance.now() - floodStarted;
      const text = await response.text();
      // Stored and acknowledged; then until the automations have run on every line.
      if (response.ok) await settledQueue(server!, 'demo', 600_000);
      return { status: response.status, answeredMs: answered, settledMs: performance.now() - floodStarted, text };
    })().finally(() => { done = true; });
    const during = await readLoop(server.url, reads, headers, () => done);
    const result = await posting;
    const vouchers = await (await server.api('/api/companies/demo/vouchers?limit=1')).json() as { number: number }[];

    const base = measurementOf('other tenant reads, no flood', baseline);
    const under = measurementOf(`other tenant reads during a ${floodLines}-line POST until processed`, during, base.p99);
    const floodMeasure: Measurement = {
      name: `the ${floodLines}-line POST: stored and processed`, opsPerSec: (floodLines * 1000) / result.settledMs,
      detail: `HTTP ${result.status} after ${(result.answeredMs / 1000).toFixed(1)} s, all processed after ${(result.settledMs / 1000).toFixed(1)} s; `
        + `last voucher number ${vouchers[0]?.number ?? 'none'}${result.status >= 300 ? `; ${result.text.slice(0, 160)}` : ''}`,
    };
    console.error(`flood, ${deployment}: other tenant p99 ${under.p99.toFixed(1)} ms vs baseline ${base.p99.toFixed(1)} ms (goal < ${goalP99Ms} ms)`);
    return {
      scenario: `${floodLines} bank lines in one POST; another tenant reads (${deployment})`,
      baseline: base, others: [under, floodMeasure],
      goal: `other tenant p99 < ${goalP99Ms} ms during the flood, no errors`,
    };
  } finally {
    await worker?.stop();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const scenario: Scenario = {
  name: 'bank-line flood',
  async run() {
    // The default (`kontera serve`: the worker shares the thread with HTTP), then a web process beside a `kontera worker` process.
    return [await flood('one process', false), await flood('web process + worker process', true)];
  },
};

export default [scenario];
