/**
 * The source registry: the runtime side matches the shared side, and every
 * source ref the runtime writes (runs, vouchers, the inbox, the outbox)
 * reads back with `parseSourceRef` and is written again the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSourceRef, sourceKindIds, sourceKinds, sourceRef } from '../../shared/sources.ts';
import { rawExecutor } from '../db/client.ts';
import { bankLineEvent } from '../domains/bank/bank-lines.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { refusedDeliveryRef } from '../runs/intake.ts';
import { signedHeaders } from '../webhooks/signature.ts';
import { runtimeSourceKinds } from './sources.ts';

const roundTrips = (ref: string) => {
  const parsed = parseSourceRef(ref);
  return parsed !== null && sourceRef(parsed.kind, ...parsed.parts) === ref;
};

describe('the runtime source registry', () => {
  it('offers "Run again" for exactly the kinds the designer offers it for', () => {
    for (const kind of sourceKindIds) {
      expect({ kind, retry: !!runtimeSourceKinds[kind].retry }).toEqual({ kind, retry: sourceKinds[kind].runAgain !== null });
    }
  });

  it('writes refs that read back', () => {
    const line = { id: 'L:1', bookingDate: '2026-11-30', amountMinor: -1, currency: 'SEK', text: 't', reference: null, counterparty: null };
    for (const ref of [bankLineEvent(line, {}).sourceRef, refusedDeliveryRef('wh_1', 'msg:1')]) expect({ ref, ok: roundTrips(ref) }).toEqual({ ref, ok: true });
  });
});

describe('every source ref the runtime writes', () => {
  let t: TestApp;
  const year = new Date().getUTCFullYear();
  const line = (id: string, text: string, amountMinor = -2500) => ({ id, bookingDate: `${year}-11-30`, amountMinor, currency: 'SEK', text, reference: null, counterparty: null });
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(() => t.close());

  it('parses with parseSourceRef and round-trips', async () => {
    // bank lines over the API (one booked, one unhandled), a manual run on a line and on test events
    expect((await t.post('/api/companies/demo/bank-lines', [line('SR-FEE', 'AVGIFT BANKGIRO'), line('SR-NONE', 'RÄNTA', 100)])).status).toBe(200);
    expect((await t.post('/api/companies/demo/automations/bank-fees/run', { source: 'bank-line:SR-NONE', post: true })).status).toBe(200);
    expect((await t.post('/api/companies/demo/automations/bank-fees/run', { event: line('SR-EV', 'AVGIFT'), post: true })).status).toBe(200);
    expect((await t.post('/api/companies/demo/automations/bank-fees/run', { event: line('SR-KEY', 'AVGIFT'), post: true, idempotencyKey: 'key:1' })).status).toBe(200);
    // signed webhooks: a bank line, and a generic event
    for (const trigger of ['bank-line-imported', 'webhook-received']) {
      const endpoint = await (await t.post('/api/companies/demo/webhook-endpoints', { trigger })).json();
      const body = JSON.stringify(trigger === 'webhook-received' ? { type: 'x' } : line('SR-WH', 'AVGIFT'));
      const delivered = await t.app.request(`/hooks/${endpoint.id}`, { method: 'POST', headers: signedHeaders(endpoint.secret, `msg_${trigger}`, body, Math.floor(Date.now() / 1000)), body });
      expect(delivered.status).toBe(202);
    }
    await t.services.runner.drain();

    const { rows } = await rawExecutor(t.database.db).execute({ sql: `SELECT source_ref FROM runs UNION SELECT source_ref FROM vouchers
      UNION SELECT source_ref FROM exceptions UNION SELECT source_ref FROM events`, args: [] });
    const refs = rows.map((r) => r.source_ref).filter((ref): ref is string => typeof ref === 'string');
    const kinds = new Set(refs.map((ref) => parseSourceRef(ref)?.kind));
    expect([...kinds].sort()).toEqual(['bank-line', 'invoice', 'manual-event', 'manual-key', 'webhook']);
    for (const ref of refs) expect({ ref, ok: roundTrips(ref) }).toEqual({ ref, ok: true });
  });
});
