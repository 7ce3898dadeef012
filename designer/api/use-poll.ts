/**
 * Polling with a cap: ask again only while something is pending, wait longer
 * after each ask (0.4 → 0.8 → 1.6 → 3.2 → 5 s), never while the tab is hidden,
 * give up after a while, and stop on unmount. `createPoller` is the plain
 * timer logic (tested with fake timers); `usePoll` binds it to a component.
 */
import { useEffect, useRef } from 'react';

export interface PollOptions {
  /** the first wait; each next wait doubles up to `maxDelayMs` */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** stop asking after this long (the caller offers a Refresh button instead) */
  giveUpAfterMs?: number;
}

/** Whether the page is visible, and a way to hear when that changes; the browser's document by default. */
export interface Visibility {
  hidden(): boolean;
  subscribe(onChange: () => void): () => void;
}

export const pollDefaults = { firstDelayMs: 400, maxDelayMs: 5_000, giveUpAfterMs: 10 * 60_000 } as const;

const documentVisibility: Visibility = {
  hidden: () => typeof document !== 'undefined' && document.visibilityState === 'hidden',
  subscribe: (onChange) => {
    if (typeof document === 'undefined') return () => {};
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  },
};

/** The wait before ask number `attempt` (0-based). */
export function pollDelayMs(attempt: number, options: PollOptions = {}): number {
  const first = options.firstDelayMs ?? pollDefaults.firstDelayMs;
  const max = options.maxDelayMs ?? pollDefaults.maxDelayMs;
  return Math.min(max, first * 2 ** Math.min(Math.max(attempt, 0), 30));
}

export interface Poller {
  /** stops for good: no further asks, listeners removed */
  stop(): void;
}

/**
 * Calls `ask` after a growing wait until it resolves `false`, the poller is
 * stopped, or `giveUpAfterMs` has passed (then `onGiveUp`). Asks are never in
 * flight twice. While the page is hidden no ask is scheduled; when it shows
 * again the poller asks at once and starts the waits over.
 */
export function createPoller(
  ask: () => boolean | void | Promise<boolean | void>,
  options: PollOptions & { onGiveUp?: () => void; visibility?: Visibility; now?: () => number } = {},
): Poller {
  const visibility = options.visibility ?? documentVisibility;
  const now = options.now ?? Date.now;
  const giveUpAt = now() + (options.giveUpAfterMs ?? pollDefaults.giveUpAfterMs);
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let asking = false;
  let stopped = false;

  const schedule = () => {
    clearTimeout(timer);
    timer = undefined;
    if (stopped || asking || visibility.hidden()) return;
    timer = setTimeout(() => void run(), pollDelayMs(attempt, options));
  };
  const run = async () => {
    timer = undefined;
    if (stopped || asking) return;
    if (now() >= giveUpAt) { stop(); options.onGiveUp?.(); return; }
    asking = true;
    let again = true;
    try {
      again = (await ask()) !== false;
    } catch {
      // A failed ask is shown by whoever asked; keep backing off.
    } finally {
      asking = false;
    }
    attempt += 1;
    if (!again) stop();
    else schedule();
  };
  const unsubscribe = visibility.subscribe(() => {
    if (stopped) return;
    if (visibility.hidden()) { clearTimeout(timer); timer = undefined; return; }
    attempt = -1; // the ask now doesn't count: the wait after it is the first one again
    clearTimeout(timer);
    timer = undefined;
    void run();
  });
  function stop() {
    stopped = true;
    clearTimeout(timer);
    timer = undefined;
    unsubscribe();
  }
  schedule();
  return { stop };
}

/**
 * While `active`, calls `ask` with backoff (see createPoller); stops when
 * `active` turns false or the component unmounts. `ask` may change between
 * renders; the latest one is called.
 */
export function usePoll(active: boolean, ask: () => boolean | void | Promise<boolean | void>, options: PollOptions & { onGiveUp?: () => void } = {}): void {
  const askRef = useRef(ask);
  askRef.current = ask;
  const giveUpRef = useRef(options.onGiveUp);
  giveUpRef.current = options.onGiveUp;
  const { firstDelayMs, maxDelayMs, giveUpAfterMs } = options;
  useEffect(() => {
    if (!active) return;
    const poller = createPoller(() => askRef.current(), { firstDelayMs, maxDelayMs, giveUpAfterMs, onGiveUp: () => giveUpRef.current?.() });
    return () => poller.stop();
  }, [active, firstDelayMs, maxDelayMs, giveUpAfterMs]);
}
