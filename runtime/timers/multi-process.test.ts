/**
 * Several runtime processes on one database file, a schedule firing every
 * second: every occurrence runs exactly once — no double, no miss.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Voucher } from '../../shared/api.ts';
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
    const automation = {
      id: 'every-second', name: 'Every second', nodes: [
        { id: 't', type: 'schedule', config: { mode: 'cron', cron: '* * * * * *', catchUp: 'each' } },
        { id: 'p', type: 'post-voucher', config: { series: 'E', text: 'Tick {{event.scheduledAt}}', date: { var: 'event.scheduledDate' }, lines: [
          { account: '6570', side: 'debit', amount: 1 }, { account: '1930', side: 'credit', amount: 1 },
        ] } },
      ], edges: [{ id: 'e1', source: 't', target: 'p' }],
    };
    expect((await first.api('/api/companies/demo/settings', { method: 'PUT', body: JSON.stringify({ fourEyesPublish: false }) })).status).toBe(200);
    expect((await first.api('/api/companies/demo/automations/every-second', { method: 'PUT', body: JSON.stringify(automation) })).status).toBe(200);
    const published = await first.api('/api/companies/demo/automations/every-second/publish', { method: 'POST' });
    expect(published.status).toBe(200);
    const startedMs = Date.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    await first.api('/api/companies/demo/automations/every-second', { method: 'GET' });
    // stop the schedule: the processes go down, and what they claimed is in the database
    await Promise.all(servers.splice(0).map((s) => s.stop()));
    const reader = await startServerProcess(url, { KONTERA_POLL_MS: '100000' });
    servers.push(reader);
    const vouchers = ((await (await reader.api('/api/companies/demo/vouchers?limit=1000')).json()) as Voucher[])
      .filter((v) => v.automationId === 'every-second');
    const ticks = vouchers.map((v) => Date.parse(v.text.replace('Tick ', ''))).sort((a, b) => a - b);
    expect(new Set(ticks).size).toBe(ticks.length); // no double
    const inWindow = ticks.filter((t) => t >= startedMs + 2000 && t <= startedMs + (seconds - 1) * 1000);
    for (let i = 1; i < inWindow.length; i++) expect(inWindow[i] - inWindow[i - 1]).toBe(1000); // no miss
    expect(inWindow.length).toBeGreaterThanOrEqual(seconds - 4);
    const runs = await (await reader.api('/api/companies/demo/runs?automationId=every-second&limit=1000')).json();
    expect(runs.length).toBe(ticks.length);
  }, (seconds + 60) * 1000);
});
