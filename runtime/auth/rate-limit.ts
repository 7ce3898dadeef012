/**
 * Fixed-window counters in memory (per process). Enough to stop password
 * guessing and runaway scripts on one instance; behind a load balancer each
 * instance counts on its own (documented).
 */
export class RateLimiter {
  private readonly windows = new Map<string, { startedMs: number; count: number }>();

  constructor(readonly limit: number, readonly windowMs: number, readonly now: () => number = Date.now) {}

  /** Counts one hit; true when the key is over its limit in this window. */
  hit(key: string): boolean {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.startedMs >= this.windowMs) {
      window = { startedMs: now, count: 0 };
      this.windows.set(key, window);
      if (this.windows.size > 50_000) this.sweep(now);
    }
    window.count++;
    return window.count > this.limit;
  }

  /** True when the key is already over its limit (does not count). */
  blocked(key: string): boolean {
    const window = this.windows.get(key);
    return !!window && this.now() - window.startedMs < this.windowMs && window.count >= this.limit;
  }

  retryAfterSeconds(key: string): number {
    const window = this.windows.get(key);
    return window ? Math.max(1, Math.ceil((window.startedMs + this.windowMs - this.now()) / 1000)) : 1;
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (now - window.startedMs >= this.windowMs) this.windows.delete(key);
  }
}

/**
 * Failures of one key (an address and an account) slow that key down
 * exponentially instead of locking anything: the first `freeFailures` cost
 * nothing, then each failure doubles the wait (firstDelayMs, 2×, 4×, …, at most
 * maxDelayMs). A success, or forgetMs without a failure, starts over.
 * In memory, per process, at most `keysMax` keys (the oldest forgotten first).
 */
export class Backoff {
  private readonly entries = new Map<string, { failures: number; lastFailureMs: number; blockedUntilMs: number }>();

  constructor(
    readonly options: { freeFailures: number; firstDelayMs: number; maxDelayMs: number; forgetMs: number; keysMax?: number },
    readonly now: () => number = Date.now,
  ) {}

  /** How long the key must wait before its next attempt (0: it may try now). */
  waitMs(key: string): number {
    const entry = this.entries.get(key);
    return entry ? Math.max(0, entry.blockedUntilMs - this.now()) : 0;
  }

  /** Records a failure; returns the wait it earned. */
  fail(key: string): number {
    const now = this.now();
    let entry = this.entries.get(key);
    if (!entry || now - entry.lastFailureMs >= this.options.forgetMs) entry = { failures: 0, lastFailureMs: now, blockedUntilMs: 0 };
    entry.failures++;
    entry.lastFailureMs = now;
    const over = entry.failures - this.options.freeFailures;
    const delayMs = over > 0 ? Math.min(this.options.maxDelayMs, this.options.firstDelayMs * 2 ** Math.min(over - 1, 30)) : 0;
    entry.blockedUntilMs = now + delayMs;
    this.entries.delete(key); // re-inserted last: the map stays ordered by last failure
    this.entries.set(key, entry);
    const keysMax = this.options.keysMax ?? 100_000;
    for (const k of this.entries.keys()) {
      if (this.entries.size <= keysMax) break;
      this.entries.delete(k); // the least recently failing first
    }
    return delayMs;
  }

  succeed(key: string): void {
    this.entries.delete(key);
  }
}
