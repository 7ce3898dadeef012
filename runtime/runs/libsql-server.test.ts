/**
 * The production layout: several Kontera processes on one libSQL server
 * (sqld), `LIBSQL_URL=http://…`. Signed deliveries with duplicate ids spread
 * over two processes post exactly one voucher per distinct delivery, and a
 * schedule firing every second on both runs each occurrence exactly once.
 * Needs the sqld binary (`scripts/install-sqld.sh`, `SQLD_BIN` or the PATH;
 * `.ci/run` installs it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Voucher } from '../../shared/api.ts';
import { settledQueue, startServerProcess, type ServerProcess } from '../testing/server-process.ts';
import { expectEachSecondOnce, publishEverySecond, ticksOf } from '../testing/every-second.ts';
import { findSqld, startSqld, type Sqld } from '../testing/sqld.ts';
import { signedHeaders } from '../webhooks/signature.ts';

const binary = findSqld();
if (!binary) console.warn('libsql-server.test.ts: no sqld binary: skipped (run scripts/install-sqld.sh, set SQLD_BIN, or put sqld on the PATH)');
const scheduleSeconds = 12;

describe.skipIf(!binary)('several processes on a libSQL server (sqld)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kontera-sqld-'));
  let sqld: Sqld;
  const servers: ServerProcess[] = [];
  beforeAll(async () => {
    sqld = await startSqld(binary!, dir);
    const first = await startServerProcess(sqld.url); // migrates and seeds
    servers.push(first, await startServerProcess(sqld.url));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await sqld?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('posts exactly one voucher per distinct delivery, duplicates spread over two processes', async () => {
    const [a, b] = servers;
    const endpoint = await (await a.api('/api/companies/demo/webhook-endpoints', { method: 'POST', body: JSON.stringify({ trigger: 'bank-line-imported' }) })).json();
    const year = new Date().getUTCFullYear();
    const distinct = 120;
    const deliveries = Array.from({ length: distinct }, (_, i) => ({
      id: `sq_${i}`,
      body: JSON.stringify({ id: `SQLD-${i}`, bookingDate: `${year}-11-30`, amountMinor: -(100 + i), currency: 'SEK', text: 'AVGIFT', reference: null, counterparty: null }),
    }));
    for (let i = 0; i < 12; i++) deliveries.splice((i * 7919) % deliveries.length, 0, deliveries[(i * 13) % distinct]); // 10 % again
    let next = 0;
    const statuses: number[] = [];
    await Promise.all(Array.from({ length: 6 }, async (_, lane) => {
      while (next < deliveries.length) {
        const index = next++;
        const { id, body } = deliveries[index];
        const response = await fetch(`${((index + lane) % 2 ? a : b).url}/hooks/${endpoint.id}`, { method: 'POST', body, headers: signedHeaders(endpoint.secret, id, body) });
        statuses.push(response.status);
        await response.arrayBuffer();
      }
    }));
    expect(statuses.filter((s) => s !== 202)).toEqual([]);
    expect(await settledQueue(a)).toMatchObject({ failed: 0 });
    const vouchers = ((await (await a.api('/api/companies/demo/vouchers?limit=1000')).json()) as Voucher[])
      .filter((v) => v.sourceRef?.startsWith('bank-line:SQLD-'));
    expect(vouchers).toHaveLength(distinct);
    expect(new Set(vouchers.map((v) => v.sourceRef)).size).toBe(distinct);
    expect(new Set(vouchers.map((v) => v.number)).size).toBe(distinct); // gap-free numbering across processes
  }, 120_000);

  it(`runs a schedule firing every second for ${scheduleSeconds} s on both processes exactly once per occurrence`, async () => {
    const [a] = servers;
    await publishEverySecond(a, 'sqld-tick');
    const startedMs = Date.now();
    await new Promise((r) => setTimeout(r, scheduleSeconds * 1000));
    // stop the schedule: the processes go down, and what they claimed is in the database
    await Promise.all(servers.splice(0).map((s) => s.stop()));
    const reader = await startServerProcess(sqld.url, { KONTERA_WORKER: 'off' });
    servers.push(reader);
    expectEachSecondOnce(await ticksOf(reader, 'sqld-tick'), startedMs, scheduleSeconds);
  }, 120_000);
});
