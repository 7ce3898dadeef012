/**
 * Nothing lost, nothing twice — with real processes killed with SIGKILL at
 * the worst moments, and a second process taking over the same database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Voucher } from '../../shared/api.ts';
import { startServerProcess, type ServerProcess } from '../testing/server-process.ts';

const dirs: string[] = [];
const servers: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function database(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kontera-durability-'));
  dirs.push(dir);
  return `file:${join(dir, 'k.db')}`;
}

const year = new Date().getUTCFullYear();
const feeLine = (id: string) => ({ id, bookingDate: `${year}-11-30`, amountMinor: -2500, currency: 'SEK', text: 'AVGIFT BANKGIRO', reference: null, counterparty: null });

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(['after-store', 'mid-run', 'after-commit'] as const)('killed with SIGKILL %s', (point) => {
  it('loses nothing and posts exactly one voucher once another process takes over', async () => {
    const url = database();
    const doomed = await startServerProcess(url, { KONTERA_FAILPOINT: point });
    servers.push(doomed);
    const request = doomed.api('/api/companies/demo/bank-lines', { method: 'POST', body: JSON.stringify(feeLine(`KILL-${point}`)) });
    await expect(request).rejects.toThrow();
    await doomed.exited;
    expect(doomed.child.signalCode).toBe('SIGKILL');

    const survivor = await startServerProcess(url);
    servers.push(survivor);
    const vouchers = await until('the voucher', async () => {
      const all = (await (await survivor.api('/api/companies/demo/vouchers')).json()) as Voucher[];
      const mine = all.filter((v) => v.sourceRef === `bank-line:KILL-${point}`);
      const queue = await (await survivor.api('/api/companies/demo/work-queue')).json();
      return mine.length && !queue.received && !queue.pending && !queue.processing ? mine : undefined;
    });
    expect(vouchers).toHaveLength(1);
    expect(vouchers[0].lines.map((l) => [l.account, l.debitMinor, l.creditMinor])).toEqual([['6570', 2500, 0], ['1930', 0, 2500]]);
    const runs = await (await survivor.api(`/api/companies/demo/runs?sourceRef=bank-line:KILL-${point}`)).json();
    // one run per published bank rule, none twice, and one of them posted
    expect(new Set(runs.map((r: { automationId: string }) => r.automationId)).size).toBe(runs.length);
    expect(runs.filter((r: { status: string }) => r.status === 'posted')).toHaveLength(1);

    const again = await (await survivor.api('/api/companies/demo/bank-lines', { method: 'POST', body: JSON.stringify(feeLine(`KILL-${point}`)) })).json();
    expect(again.results[0].duplicate).toBe(true);
    const after = (await (await survivor.api('/api/companies/demo/vouchers')).json()) as Voucher[];
    expect(after.filter((v) => v.sourceRef === `bank-line:KILL-${point}`)).toHaveLength(1);
    await survivor.stop();
  }, 60_000);
});

describe.each(['mid-run', 'after-commit'] as const)('killed with SIGKILL %s in a batch of lines', (point) => {
  it('the next process books each line of the batch exactly once, and no automation runs twice on a line', async () => {
    const url = database();
    const doomed = await startServerProcess(url, { KONTERA_FAILPOINT: point });
    servers.push(doomed);
    const ids = [1, 2, 3].map((n) => `BATCH-${point}-${n}`);
    // one request, one claimed batch: the process dies inside (or right after) its one commit
    const request = doomed.api('/api/companies/demo/bank-lines', { method: 'POST', body: JSON.stringify(ids.map(feeLine)) });
    await expect(request).rejects.toThrow();
    await doomed.exited;

    const survivor = await startServerProcess(url);
    servers.push(survivor);
    await until('the batch to be booked', async () => {
      const queue = await (await survivor.api('/api/companies/demo/work-queue')).json();
      return !queue.received && !queue.pending && !queue.processing ? true : undefined;
    });
    const all = (await (await survivor.api('/api/companies/demo/vouchers')).json()) as Voucher[];
    for (const id of ids) {
      expect(all.filter((v) => v.sourceRef === `bank-line:${id}`)).toHaveLength(1);
      const runs = await (await survivor.api(`/api/companies/demo/runs?sourceRef=bank-line:${id}`)).json();
      expect(new Set(runs.map((r: { automationId: string }) => r.automationId)).size).toBe(runs.length);
      expect(runs.filter((r: { status: string }) => r.status === 'posted')).toHaveLength(1);
    }
    await survivor.stop();
  }, 120_000);
});

describe('web and worker processes', () => {
  it('a web-only process stores what arrives; a separate worker process runs it', async () => {
    const { startWorkerProcess } = await import('../testing/server-process.ts');
    const { signedHeaders } = await import('../webhooks/signature.ts');
    const url = database();
    const web = await startServerProcess(url, { KONTERA_WORKER: 'off' });
    servers.push(web);
    const endpoint = await (await web.api('/api/companies/demo/webhook-endpoints', { method: 'POST', body: JSON.stringify({ trigger: 'bank-line-imported' }) })).json();
    const body = JSON.stringify(feeLine('SPLIT-1'));
    const delivered = await fetch(`${web.url}/hooks/${endpoint.id}`, { method: 'POST', body, headers: signedHeaders(endpoint.secret, 'msg_split', body) });
    expect(delivered.status).toBe(202);
    await new Promise((r) => setTimeout(r, 800));
    expect(await (await web.api('/api/companies/demo/work-queue')).json()).toMatchObject({ received: 1, pending: 0 }); // stored; nobody works on this process
    const worker = startWorkerProcess(url);
    try {
      const vouchers = await until('the worker to post', async () => {
        const all = (await (await web.api('/api/companies/demo/vouchers')).json()) as Voucher[];
        const mine = all.filter((v) => v.sourceRef === 'bank-line:SPLIT-1');
        return mine.length ? mine : undefined;
      });
      expect(vouchers).toHaveLength(1);
      expect(worker.output()).toMatch(/Kontera worker .* is claiming work/);
    } finally {
      await worker.stop();
    }
  }, 60_000);
});
