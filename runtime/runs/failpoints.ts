/**
 * Crash injection for the durability tests: when KONTERA_FAILPOINT names a
 * point, the process kills itself there with SIGKILL — no cleanup, no
 * flush, exactly like a power cut. Never set in production.
 */
export type Failpoint = 'after-store' | 'mid-run' | 'after-commit';

const armed = process.env.KONTERA_FAILPOINT as Failpoint | undefined;

export function failpoint(point: Failpoint): void {
  if (armed === point) process.kill(process.pid, 'SIGKILL');
}
