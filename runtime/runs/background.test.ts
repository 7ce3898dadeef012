/**
 * A worker process's loop drains many batches at a time (`workerDrainEvents`): with a decider thread, batch
 * N+1 is decided while N commits only within one drain — a drain of one batch, as it was, never overlapped.
 * Beside HTTP it drains 25 events at a time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { startBackgroundWork, workerDrainEvents } from './background.ts';

let t: TestApp;
beforeEach(async () => { t = await createTestApp(); });
afterEach(() => t.close());

async function firstDrain(sharesThreadWithHttp: boolean): Promise<{ max: number; batchSize: number }> {
  const { runner } = t.services;
  const asked: { max: number; batchSize: number }[] = [];
  const drain = runner.drain.bind(runner);
  runner.drain = async (max = 1000, batchSize = runner.batchSize) => { asked.push({ max, batchSize }); return drain(max, batchSize); };
  const worker = startBackgroundWork(t.database, t.services, { sharesThreadWithHttp });
  for (let i = 0; i < 100 && asked.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
  await worker.stop();
  return asked[0];
}

describe('the worker loop', () => {
  it('in a process of its own drains many batches at a time, so the decider thread overlaps the commits', async () => {
    const { max, batchSize } = await firstDrain(false);
    expect(max).toBe(workerDrainEvents);
    expect(batchSize).toBe(500);
    expect(max / batchSize).toBeGreaterThanOrEqual(10);
  });

  it('beside HTTP drains 25 events at a time', async () => {
    expect((await firstDrain(true)).max).toBe(25);
  });
});
