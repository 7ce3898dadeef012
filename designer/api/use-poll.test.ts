import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPoller, pollDelayMs, type Visibility } from './use-poll.ts';

function fakeVisibility(): Visibility & { set(hidden: boolean): void } {
  let hidden = false;
  const listeners = new Set<() => void>();
  return {
    hidden: () => hidden,
    subscribe: (onChange) => { listeners.add(onChange); return () => listeners.delete(onChange); },
    set(next) { hidden = next; for (const l of [...listeners]) l(); },
  };
}

/** The times (ms since start) at which `ask` ran. */
function recorder() {
  const at: number[] = [];
  const start = Date.now();
  return { at, ask: () => { at.push(Date.now() - start); } };
}

describe('createPoller', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('backs off 0.4 → 0.8 → 1.6 → 3.2 → 5 s and stays at 5 s', async () => {
    const { at, ask } = recorder();
    const poller = createPoller(ask, { visibility: fakeVisibility() });
    await vi.advanceTimersByTimeAsync(21_000);
    poller.stop();
    expect(at).toEqual([400, 1_200, 2_800, 6_000, 11_000, 16_000, 21_000]);
    expect([0, 1, 2, 3, 4, 9].map((n) => pollDelayMs(n))).toEqual([400, 800, 1_600, 3_200, 5_000, 5_000]);
  });

  it('stops when the ask says nothing is pending any more, and on stop()', async () => {
    let left = 2;
    const ask = vi.fn(() => (left -= 1) > 0);
    createPoller(ask, { visibility: fakeVisibility() });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ask).toHaveBeenCalledTimes(2);

    const other = vi.fn();
    const poller = createPoller(other, { visibility: fakeVisibility() });
    await vi.advanceTimersByTimeAsync(400);
    poller.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(other).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('asks nothing while the tab is hidden, and asks at once with short waits again when it shows', async () => {
    const visibility = fakeVisibility();
    const { at, ask } = recorder();
    const poller = createPoller(ask, { visibility });
    await vi.advanceTimersByTimeAsync(1_200); // asks at 400 and 1200
    visibility.set(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(at).toEqual([400, 1_200]);
    visibility.set(false); // at 61 200
    await vi.advanceTimersByTimeAsync(400);
    poller.stop();
    expect(at).toEqual([400, 1_200, 61_200, 61_600]);
  });

  it('gives up after giveUpAfterMs and says so', async () => {
    const ask = vi.fn();
    const onGiveUp = vi.fn();
    createPoller(ask, { visibility: fakeVisibility(), giveUpAfterMs: 10_000, onGiveUp });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ask.mock.calls.length).toBe(4); // 400, 1200, 2800, 6000; the next, at 11 000, is past the limit
    expect(onGiveUp).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('never has two asks in flight, and keeps going after a failed ask', async () => {
    let inFlight = 0;
    let most = 0;
    let calls = 0;
    const ask = async () => {
      calls += 1;
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      inFlight -= 1;
      if (calls === 1) throw new Error('offline');
    };
    const visibility = fakeVisibility();
    const poller = createPoller(ask, { visibility });
    await vi.advanceTimersByTimeAsync(1_000);
    visibility.set(true);
    visibility.set(false); // shows again while an ask is running: no second ask
    await vi.advanceTimersByTimeAsync(10_000);
    poller.stop();
    expect(most).toBe(1);
    expect(calls).toBeGreaterThanOrEqual(2);
  });
});
