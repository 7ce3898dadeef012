import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { AutomationStore } from '../automations/store.ts';
import { events, scheduleOccurrences } from '../db/schema.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { Runner } from '../runs/runner.ts';
import { ScheduleTimer } from './timer.ts';

let t: TestApp;
let nowMs: number;
const at = (iso: string) => Date.parse(iso);

const hourly = (text: string, catchUp = 'each') => ({
  id: 'hourly', name: 'Hourly', nodes: [
    { id: 't', type: 'schedule', config: { mode: 'cron', cron: '0 * * * *', catchUp, catchUpMax: 3 } },
    { id: 'p', type: 'post-voucher', config: { series: 'E', text, date: { var: 'event.scheduledDate' }, lines: [
      { account: '6570', side: 'debit', amount: 100 }, { account: '1930', side: 'credit', amount: 100 },
    ] } },
  ], edges: [{ id: 'e1', source: 't', target: 'p' }],
});

/** Publishes as of the given time (the store takes its clock as an argument). */
async function publish(document: unknown, publishedAtIso: string) {
  const store = new AutomationStore(t.database.db, () => new Date(publishedAtIso));
  await store.saveDraft('demo', 'hourly', document, 'user:a');
  await store.publish('demo', 'hourly', 'user:b');
}

beforeEach(async () => {
  t = await createTestApp();
});
afterEach(() => t.close());

describe('schedule timer', () => {
  it('claims each occurrence once, even with two timers, on the version in force at its fire time', async () => {
    await publish(hourly('v1'), '2026-03-02T07:30:00.000Z');
    const runner = new Runner(t.database.db, t.services.store);
    const timerA = new ScheduleTimer(t.database.db, runner, { now: () => new Date(nowMs) });
    const timerB = new ScheduleTimer(t.database.db, runner, { now: () => new Date(nowMs) });

    nowMs = at('2026-03-02T08:00:05.000Z');
    expect(await timerA.tick()).toBe(1);
    expect(await timerB.tick()).toBe(0); // already claimed
    await publish(hourly('v2'), '2026-03-02T08:30:00.000Z');
    nowMs = at('2026-03-02T09:00:02.000Z');
    expect(await timerB.tick() + await timerA.tick()).toBe(1);
    await runner.drain();

    const occurrences = await t.database.db.select().from(scheduleOccurrences).orderBy(scheduleOccurrences.scheduledAt);
    expect(occurrences.map((o) => [o.scheduledAt, o.automationVersion, o.outcome])).toEqual([
      ['2026-03-02T08:00:00.000Z', 1, 'run'],
      ['2026-03-02T09:00:00.000Z', 2, 'run'],
    ]);
    const vouchers = await (await t.request('/api/companies/demo/vouchers?limit=1000')).json();
    expect(vouchers.filter((v: { automationId: string }) => v.automationId === 'hourly').map((v: { text: string; automationVersion: number }) => [v.text, v.automationVersion]).sort())
      .toEqual([['v1', 1], ['v2', 2]]);
  });

  it('catches up missed occurrences by the policy, bounded, and never again', async () => {
    await publish(hourly('each'), '2026-03-02T00:30:00.000Z');
    const runner = new Runner(t.database.db, t.services.store);
    const timer = new ScheduleTimer(t.database.db, runner, { now: () => new Date(nowMs) });
    nowMs = at('2026-03-02T06:00:10.000Z'); // down from 00:30 to 06:00: 01..05 missed, 06 on time
    expect(await timer.tick()).toBe(4); // the latest 3 missed (catchUpMax) + the on-time one
    expect(await timer.tick()).toBe(0);
    const rows = await t.database.db.select().from(events).where(eq(events.triggerType, 'schedule'));
    const payloads = rows.map((r) => JSON.parse(r.payload)).sort((a, b) => a.scheduledAt.localeCompare(b.scheduledAt));
    expect(payloads.map((p) => [p.scheduledAt, p.catchUp])).toEqual([
      ['2026-03-02T03:00:00.000Z', true], ['2026-03-02T04:00:00.000Z', true], ['2026-03-02T05:00:00.000Z', true], ['2026-03-02T06:00:00.000Z', false],
    ]);
  });
});
