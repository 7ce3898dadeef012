/**
 * A bounded load test on loopback: signed deliveries with 5 % duplicate ids
 * spread over two runtime processes sharing one database → exactly one
 * voucher per distinct delivery.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Voucher } from '../../shared/api.ts';
import { settledQueue, startServerProcess, type ServerProcess } from '../testing/server-process.ts';
import { signedHeaders } from './signature.ts';

const dir = mkdtempSync(join(tmpdir(), 'kontera-load-'));
const servers: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(dir, { recursive: true, force: true });
});

describe('webhook load over two processes', () => {
  it('posts exactly one voucher per distinct delivery', async () => {
    const url = `file:${join(dir, 'k.db')}`;
    const a = await startServerProcess(url);
    servers.push(a);
    const b = await startServerProcess(url);
    servers.push(b);
    const endpoint = await (await a.api('/api/companies/demo/webhook-endpoints', { method: 'POST', body: JSON.stringify({ trigger: 'bank-line-imported' }) })).json();
    expect(endpoint.secret).toMatch(/^whsec_/);

    const year = new Date().getUTCFullYear();
    const distinct = 300;
    const deliveries: { id: string; body: string }[] = [];
    for (let i = 0; i < distinct; i++) {
      deliveries.push({ id: `msg_${i}`, body: JSON.stringify({ id: `LOAD-${i}`, bookingDate: `${year}-11-30`, amountMinor: -(100 + i), currency: 'SEK', text: 'AVGIFT', reference: null, counterparty: null }) });
    }
    // 5 % duplicates: the same delivery again, to the other process, mixed in
    for (let i = 0; i < distinct * 0.05; i++) deliveries.splice(Math.floor((i * 7919) % deliveries.length), 0, deliveries[(i * 13) % distinct]);
    expect(deliveries.length).toBe(315);

    const statuses: number[] = [];
    let next = 0;
    const concurrency = 8;
    await Promise.all(Array.from({ length: concurrency }, async (_, lane) => {
      while (next < deliveries.length) {
        const index = next++;
        const delivery = deliveries[index];
        const target = (index + lane) % 2 === 0 ? a : b;
        const response = await fetch(`${target.url}/hooks/${endpoint.id}`, {
          method: 'POST', body: delivery.body, headers: signedHeaders(endpoint.secret, delivery.id, delivery.body),
        });
        statuses.push(response.status);
        await response.arrayBuffer();
      }
    }));
    expect(statuses.every((s) => s === 202)).toBe(true);

    expect(await settledQueue(a)).toMatchObject({ failed: 0 });
    const vouchers = (await (await a.api('/api/companies/demo/vouchers?limit=1000')).json()) as Voucher[];
    const load = vouchers.filter((v) => v.sourceRef?.startsWith('bank-line:LOAD-'));
    expect(load).toHaveLength(distinct);
    expect(new Set(load.map((v) => v.sourceRef)).size).toBe(distinct);
    expect(new Set(load.map((v) => v.number)).size).toBe(distinct);
  }, 120_000);
});
