/**
 * A paused schedule does not fire, and resuming does not catch up what it
 * missed while paused: the occurrences from the resumption on run.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scheduleOccurrences } from '../db/schema.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { Runner } from '../runs/runner.ts';
import { ScheduleTimer } from '../timers/timer.ts';
import { AutomationStore } from './store.ts';

let t: TestApp;
let nowMs = 0;
const at = (iso: string) => Date.parse(iso);
const storeAt = (iso: string) => new AutomationStore(t.database.db, () => new Date(iso));

const hourly = {
  id: 'hourly', name: 'Hourly', nodes: [
    { id: 't', type: 'schedule', config: { mode: 'cron', cron: '0 * * * *', catchUp: 'each', catchUpMax: 3 } },
    { id: 'p', type: 'post-voucher', config: { series: 'E', text: 'hourly', date: { var: 'event.scheduledDate' }, lines: [
      { account: '6570', side: 'debit', amount: 100 }, { account: '1930', side: 'credit', amount: 100 },
    ] } },
  ], edges: [{ id: 'e1', source: 't', target: 'p' }],
};

beforeEach(async () => { t = await createTestApp(); });
afterEach(() => t.close());

describe('pausing a schedule', () => {
  it('fires nothing while paused and replays nothing on resume', async () => {
    await storeAt('2026-03-02T00:30:00.000Z').saveDraft('demo', 'hourly', hourly, 'user:a');
    await storeAt('2026-03-02T00:30:00.000Z').publish('demo', 'hourly', 'user:b');
    const runner = new Runner(t.database.db, t.services.store);
    const timer = new ScheduleTimer(t.database.db, runner, { now: () => new Date(nowMs) });

    nowMs = at('2026-03-02T01:00:05.000Z');
    expect(await timer.tick()).toBe(1);
    await storeAt('2026-03-02T01:30:00.000Z').pause('demo', 'hourly', 'user:c');
    nowMs = at('2026-03-02T04:00:05.000Z');
    expect(await timer.tick()).toBe(0); // 02, 03 and 04 pass while paused
    await storeAt('2026-03-02T04:30:00.000Z').resume('demo', 'hourly', 'user:c');
    nowMs = at('2026-03-02T05:00:05.000Z');
    expect(await timer.tick()).toBe(1); // only 05: the catch-up policy does not fire 02–04

    const occurrences = await t.database.db.select().from(scheduleOccurrences).orderBy(scheduleOccurrences.scheduledAt);
    expect(occurrences.map((o) => [o.scheduledAt, o.outcome])).toEqual([
      ['2026-03-02T01:00:00.000Z', 'run'],
      ['2026-03-02T04:30:00.000Z', 'skipped'], // the resumption: occurrences before it are not caught up
      ['2026-03-02T05:00:00.000Z', 'run'],
    ]);
  });
});
