/**
 * A tiny, dependency-free benchmark harness: every scenario measures a subject
 * and one or more named baselines in the same process and the same run, and
 * reports ratios, never absolute pass/fail thresholds.
 */
export interface Measurement {
  /** what was measured, e.g. "kontera compile" */
  name: string;
  /** operations (rows, events, vouchers…) per second */
  opsPerSec: number;
  /** free-text detail printed beside the figure (p99, rows, …) */
  detail?: string;
}

export interface ScenarioResult {
  scenario: string;
  /** the measurement the ratios are computed against */
  baseline: Measurement;
  others: Measurement[];
  /** optional goal, printed only, e.g. ">= 20x json-logic-js" */
  goal?: string;
}

export interface Scenario {
  name: string;
  run(): Promise<ScenarioResult[]>;
}

/**
 * Runs `fn` (which processes `opsPerCall` operations) repeatedly for at least
 * `minTimeMs` after a warm-up and returns operations per second.
 */
export async function measure(
  name: string,
  fn: () => unknown | Promise<unknown>,
  opts: { opsPerCall: number; minTimeMs?: number; warmupCalls?: number; detail?: string },
): Promise<Measurement> {
  const minTimeMs = opts.minTimeMs ?? 1500;
  for (let i = 0; i < (opts.warmupCalls ?? 1); i++) await fn();
  let calls = 0;
  const started = performance.now();
  let elapsedMs = 0;
  do {
    await fn();
    calls++;
    elapsedMs = performance.now() - started;
  } while (elapsedMs < minTimeMs);
  return { name, opsPerSec: (calls * opts.opsPerCall * 1000) / elapsedMs, detail: opts.detail };
}

/** One timed run of `fn`: operations per second of wall-clock and of this process's CPU time (user + sys). */
export interface TimedRun {
  wallOpsPerSec: number;
  cpuOpsPerSec: number;
}

/**
 * Like measure(), but also reads process.cpuUsage() around the timed calls.
 * On a shared machine another process's load stretches wall-clock time but
 * not this process's CPU time (it still costs cache and frequency, so rounds
 * should be interleaved too, and compared by ratio).
 */
export async function measureTimes(fn: () => unknown | Promise<unknown>, opts: { opsPerCall: number; minTimeMs: number; warmupCalls?: number }): Promise<TimedRun> {
  for (let i = 0; i < (opts.warmupCalls ?? 0); i++) await fn();
  let calls = 0;
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  let elapsedMs = 0;
  do {
    await fn();
    calls++;
    elapsedMs = performance.now() - started;
  } while (elapsedMs < opts.minTimeMs);
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = Math.max((cpu.user + cpu.system) / 1000, 0.001);
  return { wallOpsPerSec: (calls * opts.opsPerCall * 1000) / elapsedMs, cpuOpsPerSec: (calls * opts.opsPerCall * 1000) / cpuMs };
}

export function formatOps(opsPerSec: number): string {
  if (opsPerSec >= 1e6) return `${(opsPerSec / 1e6).toFixed(2)} M/s`;
  if (opsPerSec >= 1e3) return `${(opsPerSec / 1e3).toFixed(1)} k/s`;
  return `${opsPerSec.toFixed(1)} /s`;
}

export function printResults(results: ScenarioResult[]): void {
  const rows: string[][] = [['scenario', 'measurement', 'throughput', 'ratio vs baseline', 'detail']];
  for (const r of results) {
    rows.push([r.scenario, `${r.baseline.name} (baseline)`, formatOps(r.baseline.opsPerSec), '1.00x', r.baseline.detail ?? '']);
    for (const m of r.others) {
      rows.push(['', m.name, formatOps(m.opsPerSec), `${(m.opsPerSec / r.baseline.opsPerSec).toFixed(2)}x`, m.detail ?? '']);
    }
    if (r.goal) rows.push(['', `goal: ${r.goal}`, '', '', '']);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row: string[]) => row.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd();
  console.log(line(rows[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows.slice(1)) console.log(line(row));
}

/** mulberry32: a small, fast, deterministic generator for bench data (same data every run). */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
