/**
 * Signed webhook → rule → voucher over HTTP on loopback (autocannon), against
 * a bare Hono handler answering 200 measured in the same run (the ceiling).
 *
 * Kontera verifies the signature, checks the body, stores the delivery in
 * the intake — group-committed with the deliveries that arrive at the same
 * time, one transaction (WAL) per batch — and acknowledges after the commit.
 * A worker then turns deliveries into bank lines and events, runs the
 * bank-fees rule and posts the vouchers. Measured three ways:
 *  1. a web process (KONTERA_WORKER=off), the deployment for volume: how
 *     fast deliveries are acknowledged durably (the goal is about this),
 *     with the default KONTERA_SYNCHRONOUS=NORMAL and again with FULL;
 *  2. then a `kontera worker` process on what that stored: how fast stored
 *     deliveries become posted vouchers;
 *  3. a web and a worker process at once on one file (they share its
 *     write lock), and 4. one process doing both: acknowledged, and until
 *     all posted.
 * Stages 1 and 2 run one after the other because this machine has two cores
 * and the load generator needs one of them.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { Measurement, Scenario } from '../harness.ts';
import { freePort, settledQueue, startServerProcess, startWorkerProcess } from '../../runtime/testing/server-process.ts';
import { signedHeaders } from '../../runtime/webhooks/signature.ts';

const durationS = Number(process.env.BENCH_WEBHOOK_SECONDS ?? 8);
const connections = 16;

function load(url: string, secret: string, offset: number): Promise<autocannon.Result> {
  let n = offset;
  const year = new Date().getUTCFullYear();
  return new Promise((resolve, reject) => {
    autocannon({
      url, connections, duration: durationS,
      requests: [{
        method: 'POST',
        setupRequest: (request) => {
          n++;
          const id = `msg_${n}`;
          const body = JSON.stringify({ id: `B-${n}`, bookingDate: `${year}-11-30`, amountMinor: -2500, currency: 'SEK', text: 'AVGIFT BANKGIRO', reference: null, counterparty: null });
          return { ...request, body, headers: signedHeaders(secret, id, body) };
        },
      }],
    }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

const scenario: Scenario = {
  name: 'webhooks',
  async run() {
    // The ceiling: a bare handler in its own process.
    const port = await freePort();
    const bare = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'bench/fixtures/bare-server.ts'], { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
    for (let i = 0; i < 100; i++) {
      try { if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) break; } catch { /* starting */ }
      await new Promise((r) => setTimeout(r, 100));
    }
    const bareResult = await load(`http://127.0.0.1:${port}/hooks/x`, 'whsec_YmFyZQ==', 0);
    bare.kill();

    const dir = mkdtempSync(join(tmpdir(), 'kontera-bench-webhooks-'));
    const env = { LOG_LEVEL: 'warn', KONTERA_POLL_MS: '50' };
    const endpointOf = async (server: Awaited<ReturnType<typeof startServerProcess>>) =>
      (await server.api('/api/companies/demo/webhook-endpoints', { method: 'POST', body: JSON.stringify({ trigger: 'bank-line-imported' }) })).json();
    const waitDrained = (server: Awaited<ReturnType<typeof startServerProcess>>) => settledQueue(server, 'demo', 600_000);

    // 1 + 2: a web process acknowledging, then a worker process posting what it stored.
    const splitUrl = `file:${join(dir, 'split.db')}`;
    const web = await startServerProcess(splitUrl, { ...env, KONTERA_WORKER: 'off' });
    const webEndpoint = await endpointOf(web);
    const acknowledged = await load(`${web.url}/hooks/${webEndpoint.id}`, webEndpoint.secret, 1_000_000);
    const worker = startWorkerProcess(splitUrl, env);
    const workerStarted = performance.now();
    await waitDrained(web);
    const workerS = (performance.now() - workerStarted) / 1000;
    await worker.stop();
    await web.stop();

    // 1 again with KONTERA_SYNCHRONOUS=FULL: the WAL synced on every commit (an acknowledgement survives a power cut).
    const full = await startServerProcess(`file:${join(dir, 'full.db')}`, { ...env, KONTERA_WORKER: 'off', KONTERA_SYNCHRONOUS: 'FULL' });
    const fullEndpoint = await endpointOf(full);
    const fullAcknowledged = await load(`${full.url}/hooks/${fullEndpoint.id}`, fullEndpoint.secret, 3_000_000);
    await full.stop();

    // 3: a web process and a worker process at once, on one database file (they share its write lock).
    const bothUrl = `file:${join(dir, 'both.db')}`;
    const web2 = await startServerProcess(bothUrl, { ...env, KONTERA_WORKER: 'off' });
    const worker2 = startWorkerProcess(bothUrl, env);
    const web2Endpoint = await endpointOf(web2);
    const together = performance.now();
    const concurrent = await load(`${web2.url}/hooks/${web2Endpoint.id}`, web2Endpoint.secret, 4_000_000);
    await waitDrained(web2);
    const togetherS = (performance.now() - together) / 1000;
    await worker2.stop();
    await web2.stop();

    // 4: one process doing both at once.
    const single = await startServerProcess(`file:${join(dir, 'single.db')}`, env);
    const singleEndpoint = await endpointOf(single);
    const singleStarted = performance.now();
    const both = await load(`${single.url}/hooks/${singleEndpoint.id}`, singleEndpoint.secret, 2_000_000);
    await waitDrained(single);
    const singleS = (performance.now() - singleStarted) / 1000;
    await single.stop();
    rmSync(dir, { recursive: true, force: true });

    const bareMeasure: Measurement = { name: 'bare Hono handler, 200 (ceiling)', opsPerSec: bareResult.requests.average, detail: `p99 ${bareResult.latency.p99} ms` };
    return [{
      scenario: `signed webhooks, ${connections} connections, ${durationS} s`,
      baseline: bareMeasure,
      others: [
        { name: 'web process: verify + store + acknowledge', opsPerSec: acknowledged.requests.average,
          detail: `p99 ${acknowledged.latency.p99} ms; ${acknowledged['2xx']} accepted, ${acknowledged.non2xx} refused` },
        { name: 'web process, KONTERA_SYNCHRONOUS=FULL: acknowledged', opsPerSec: fullAcknowledged.requests.average,
          detail: `p99 ${fullAcknowledged.latency.p99} ms; ${fullAcknowledged['2xx']} accepted, ${fullAcknowledged.non2xx} refused` },
        { name: 'worker process: stored delivery → rule → voucher', opsPerSec: acknowledged['2xx'] / workerS, detail: `${acknowledged['2xx']} posted in ${workerS.toFixed(1)} s` },
        { name: 'web + worker processes at once: acknowledged', opsPerSec: concurrent.requests.average,
          detail: `p99 ${concurrent.latency.p99} ms; ${concurrent['2xx']} accepted, ${concurrent.non2xx} refused` },
        { name: 'web + worker processes at once: until all posted', opsPerSec: concurrent['2xx'] / togetherS, detail: `${concurrent['2xx']} posted in ${togetherS.toFixed(1)} s` },
        { name: 'one process, both at once: acknowledged', opsPerSec: both.requests.average, detail: `p99 ${both.latency.p99} ms; ${both['2xx']} accepted, ${both.non2xx} refused` },
        { name: 'one process, both at once: until all posted', opsPerSec: both['2xx'] / singleS, detail: `${both['2xx']} posted in ${singleS.toFixed(1)} s` },
      ],
      goal: 'web process acknowledged >= 0.25x the bare ceiling (default settings)',
    }];
  },
};

export default [scenario];
