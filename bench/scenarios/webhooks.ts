/**
 * Signed webhook → rule → voucher over HTTP on loopback (autocannon), against
 * a bare Hono handler answering 200 measured in the same run (the ceiling).
 * Kontera verifies the signature, stores the delivery and its event —
 * group-committed with the deliveries that arrive at the same time, one
 * transaction (WAL) per batch — acknowledges after the commit, and its
 * worker (same process, same thread) runs the bank-fees rule and posts the
 * voucher; the drain rate counts until every voucher is posted.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import type { Measurement, Scenario } from '../harness.ts';
import { freePort, startServerProcess, startWorkerProcess } from '../../runtime/testing/server-process.ts';
import { sign } from '../../runtime/webhooks/signature.ts';

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
          const timestamp = Math.floor(Date.now() / 1000);
          return { ...request, body, headers: { 'content-type': 'application/json', 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': sign(secret, id, timestamp, body) } };
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
    // One process doing both, then a web process (KONTERA_WORKER=off) beside a `kontera worker` process.
    const measureSetup = async (name: string, split: boolean): Promise<Measurement[]> => {
      const url = `file:${join(dir, `${split ? 'split' : 'single'}.db`)}`;
      const server = await startServerProcess(url, { LOG_LEVEL: 'warn', KONTERA_POLL_MS: '50', ...(split ? { KONTERA_WORKER: 'off' } : {}) });
      const worker = split ? startWorkerProcess(url, { LOG_LEVEL: 'warn', KONTERA_POLL_MS: '50' }) : null;
      const endpoint = await (await server.api('/api/companies/demo/webhook-endpoints', { method: 'POST', body: JSON.stringify({ trigger: 'bank-line-imported' }) })).json();
      const started = performance.now();
      const result = await load(`${server.url}/hooks/${endpoint.id}`, endpoint.secret, split ? 2_000_000 : 1_000_000);
      let health;
      do {
        await new Promise((r) => setTimeout(r, 100));
        health = await (await server.api('/api/health')).json();
      } while (health.outbox.pending || health.outbox.processing);
      const drainedS = (performance.now() - started) / 1000;
      await worker?.stop();
      await server.stop();
      const accepted = result['2xx'];
      return [
        { name: `${name}: verify + store + acknowledge`, opsPerSec: result.requests.average, detail: `p99 ${result.latency.p99} ms; ${accepted} accepted, ${result.non2xx} refused` },
        { name: `${name}: delivery → rule → voucher, until all posted`, opsPerSec: accepted / drainedS, detail: `${accepted} drained in ${drainedS.toFixed(1)} s` },
      ];
    };
    const single = await measureSetup('one process', false);
    const split = await measureSetup('web + worker processes', true);
    rmSync(dir, { recursive: true, force: true });

    const bareMeasure: Measurement = { name: 'bare Hono handler, 200 (ceiling)', opsPerSec: bareResult.requests.average, detail: `p99 ${bareResult.latency.p99} ms` };
    return [{ scenario: `signed webhooks, ${connections} connections, ${durationS} s`, baseline: bareMeasure, others: [...single, ...split], goal: 'acknowledged >= 0.25x the bare ceiling' }];
  },
};

export default [scenario];
