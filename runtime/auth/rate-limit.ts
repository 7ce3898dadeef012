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
