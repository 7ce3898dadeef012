/**
 * Several runtime processes on one database file, a schedule firing every
 * second: every occurrence runs exactly once — no double, no miss.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectEachSecondOnce, publishEverySecond, ticksOf } from '../testing/every-second.ts';
import { startServerProcess, type ServerProcess } from '../testing/server-process.ts';

const seconds = Number(process.env.KONTERA_SCHEDULE_TEST_SECONDS ?? 60);
const dir = mkdtempSync(join(tmpdir(), 'kontera-schedule-'));
const servers: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
});

describe(`a schedule firing every second for ${seconds} s on three processes`, () => {
  it('runs every occurrence exactly once', async () => {
    const url = `file:${join(dir, 'k.db')}`;
    const first = await startServerProcess(url);
    servers.push(first);
    servers.push(await startServerProcess(url), await startServerProcess(url));
    await publishEverySecond(first, 'every-second');
    const startedMs = Date.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    // stop the schedule: the processes go down, and what they claimed is in the database
    await Promise.all(servers.splice(0).map((s) => s.stop()));
    const reader = await startServerProcess(url, { KONTERA_POLL_MS: '100000' });
    servers.push(reader);
    const ticks = await ticksOf(reader, 'every-second');
    expectEachSecondOnce(ticks, startedMs, seconds);
    const runs = await (await reader.api('/api/companies/demo/runs?automationId=every-second&limit=1000')).json();
    expect(runs.length).toBe(ticks.length);
  }, (seconds + 60) * 1000);
});
