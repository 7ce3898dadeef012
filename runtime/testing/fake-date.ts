/**
 * Tests that need the server's clock at a given instant (e.g. just after midnight in Stockholm,
 * still yesterday in UTC): only `Date` is faked, in each test of the calling describe block;
 * timers, the database and the rest run as ever.
 */
import { afterEach, beforeEach, vi } from 'vitest';

export function fakeDateInEachTest(instant: Date): void {
  beforeEach(() => { vi.useFakeTimers({ toFake: ['Date'], now: instant }); });
  afterEach(() => { vi.useRealTimers(); });
}
