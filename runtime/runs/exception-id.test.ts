/**
 * The answer of a bank line (and any event's outcome) names the inbox item
 * that was made for it: `exceptionId` is set when a run flagged the line or failed,
 * not only when no automation matched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BankLinesResponse, ExceptionItem } from '../../shared/api.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';

let t: TestApp;
const year = new Date().getUTCFullYear();
const line = (id: string, text: string, amountMinor = -4200) => ({ id, bookingDate: `${year}-11-30`, amountMinor, currency: 'SEK', text, reference: null, counterparty: null });

beforeAll(async () => {
  t = await createTestApp();
  // Lines that say GRANSKA are flagged for a person.
  const rules = [
    { id: 'flag-granska', name: 'Flag GRANSKA', nodes: [
      { id: 't', type: 'bank-line-imported', config: {} },
      { id: 'c', type: 'condition', config: { expression: { icontains: [{ var: 'event.text' }, 'granska'] } } },
      { id: 'f', type: 'flag-for-review', config: { reason: 'Look at {{event.text}}' } },
    ], edges: [{ id: 'e1', source: 't', target: 'c' }, { id: 'e2', source: 'c', target: 'f', sourceHandle: 'true' }] },
  ];
  for (const rule of rules) {
    await t.services.store.saveDraft('demo', rule.id, rule, 'user:a');
    await t.services.store.publish('demo', rule.id, 'user:b');
  }
});
afterAll(() => t.close());

async function inbox(): Promise<ExceptionItem[]> {
  return (await t.request('/api/companies/demo/exceptions?status=open')).json();
}

describe('exceptionId in the answer', () => {
  it('is the inbox item of a line a run flagged', async () => {
    const body = (await (await t.post('/api/companies/demo/bank-lines', [line('FLAG-1', 'GRANSKA DETTA'), line('FEE-OK', 'AVGIFT BANKGIRO')])).json()) as BankLinesResponse;
    const [flagged, fee] = body.results;
    expect(flagged.runs.map((r) => r.status)).toContain('flagged');
    expect(flagged.exceptionId).not.toBeNull();
    const item = (await inbox()).find((e) => e.id === flagged.exceptionId);
    expect(item).toMatchObject({ sourceRef: 'bank-line:FLAG-1', automationId: 'flag-granska', reason: 'Look at GRANSKA DETTA' });
    expect(item!.runId).toBe(flagged.runs.find((r) => r.status === 'flagged')!.id);
    expect(fee.exceptionId).toBeNull(); // booked, nothing to look at
  });

  it('is the inbox item of an event the one-at-a-time path ran (as a manual run or a retry does)', async () => {
    const { runner } = t.services;
    const eventId = await t.database.db.transaction(async (tx) => runner.enqueue(tx, 'demo', {
      triggerType: 'bank-line-imported', eventKey: 'bank-line:FLAG-ONE', sourceRef: 'bank-line:FLAG-ONE', payload: line('FLAG-ONE', 'granska en'),
      versions: await runner.versionsInForce(tx, 'demo', 'bank-line-imported'),
    }));
    const outcome = await runner.processNow(eventId);
    expect(outcome!.runs.map((r) => r.status)).toContain('flagged');
    expect(outcome!.exceptionId).not.toBeNull();
    expect((await inbox()).find((e) => e.id === outcome!.exceptionId)).toMatchObject({ sourceRef: 'bank-line:FLAG-ONE', automationId: 'flag-granska' });
  });

  it('is the inbox item of a line whose run failed (the period is locked)', async () => {
    const locked = await t.post(`/api/companies/demo/periods/${year}-10/lock`, {});
    expect(locked.status).toBe(200);
    const body = (await (await t.post('/api/companies/demo/bank-lines', { ...line('FEE-LOCKED', 'AVGIFT BANKGIRO'), bookingDate: `${year}-10-15` })).json()) as BankLinesResponse;
    const [result] = body.results;
    expect(result.runs.map((r) => r.status)).toContain('failed');
    expect(result.exceptionId).not.toBeNull();
    expect((await inbox()).find((e) => e.id === result.exceptionId)).toMatchObject({ sourceRef: 'bank-line:FEE-LOCKED', automationId: 'bank-fees' });
  });
});
