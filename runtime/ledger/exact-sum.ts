/**
 * Exact sums of ledger amounts in SQL. SQLite's SUM over INTEGER is exact up to 2^63 and then
 * fails ("integer overflow"); the libSQL client then refuses any integer beyond 2^53. So a
 * report's sum is computed as two SUMs that cannot overflow — of the amount's quotient and
 * remainder by 10^9 (each |part| < 10^10, so a billion rows are needed to overflow) — read as
 * text, and joined in BigInt. Exact for any amounts the INTEGER columns can hold.
 */
import { sql, type SQL } from 'drizzle-orm';

/** SQL: the exact sum of an integer expression, as text "quotient:remainder" (NULL for no rows). */
export function exactSum(expression: SQL): SQL {
  return sql`(CAST(SUM((${expression}) / 1000000000) AS TEXT) || ':' || CAST(SUM((${expression}) % 1000000000) AS TEXT))`;
}

/** The value of an `exactSum` column (0 for NULL, i.e. no rows). */
export function exactSumOf(value: unknown): bigint {
  if (value === null || value === undefined) return 0n;
  const match = /^(-?\d+):(-?\d+)$/.exec(String(value));
  if (!match) throw new Error(`exactSumOf: "${String(value)}" is not an exact sum`);
  return BigInt(match[1]) * 1_000_000_000n + BigInt(match[2]);
}
