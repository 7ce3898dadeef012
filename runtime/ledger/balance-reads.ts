/**
 * The ledger-read port behind the `balance` JSON Logic operator
 * (shared/json-logic/ledger-balance.ts): a run's requested balances in ONE
 * query, at most balanceRequestsMax of them. A balance is the sum of debit
 * minus credit of the company's voucher lines on the accounts in range, dated
 * from..to; with `from` null, from the start of the fiscal year `to` falls in,
 * that year's opening balances included.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { balanceRequestKey, balanceRequestsMax, type BalanceRequest } from '../../shared/json-logic/index.ts';
import { exactSum, exactSumOf } from './exact-sum.ts';

export async function readBalances(db: Db, companyId: string, requests: readonly BalanceRequest[]): Promise<Map<string, number>> {
  const distinct = [...new Map(requests.map((r) => [balanceRequestKey(r), r])).entries()];
  if (distinct.length > balanceRequestsMax) {
    throw new Error(`balance_limit: a run may read at most ${balanceRequestsMax} balances, this one asked for ${distinct.length}`);
  }
  const out = new Map<string, number>();
  if (distinct.length === 0) return out;
  const result = await db.all<{ k: string; d2: string; d1: string | null; amount: string | null }>(balancesQuery(companyId, distinct));
  for (const row of result) {
    // from null: the start of the fiscal year `to` is in; none holds it: refused, never a silent 0
    if (row.d1 === null) {
      throw new Error(`balance_unreadable: the balance ${row.k} reads from the start of the fiscal year ${row.d2} is in, and ${row.d2} is in no fiscal year of the company: give a from date, or add the fiscal year`);
    }
    const exact = exactSumOf(row.amount);
    if (exact > BigInt(Number.MAX_SAFE_INTEGER) || exact < -BigInt(Number.MAX_SAFE_INTEGER)) {
      throw new Error(`balance_out_of_range: the balance ${row.k} is beyond what an expression can hold exactly`);
    }
    out.set(row.k, Number(exact));
  }
  return out;
}

/**
 * The one query: the requests as rows, each request's span (a missing `from` is the start of the
 * fiscal year `to` falls in — one join with fiscal_years, only for those requests — whose opening
 * balances then count too), and the sums. Exported for the test of its plan.
 */
export function balancesQuery(companyId: string, distinct: readonly [string, BalanceRequest][]): SQL {
  const rows = sql.join(distinct.map(([key, r]) => sql`SELECT ${key} AS k, ${r.accountFrom} AS a1, ${r.accountTo} AS a2, ${r.from} AS d1, ${r.to} AS d2`), sql` UNION ALL `);
  return sql`
    WITH req AS (${rows}),
    span AS MATERIALIZED (
      SELECT req.k, req.a1, req.a2, req.d2, COALESCE(req.d1, fy.start_date) AS d1, fy.year AS opening_year
      FROM req LEFT JOIN fiscal_years fy ON req.d1 IS NULL AND fy.company_id = ${companyId} AND req.d2 BETWEEN fy.start_date AND fy.end_date
    ),
    amounts AS (
      SELECT span.k AS k, l.debit_minor - l.credit_minor AS amount
      FROM span CROSS JOIN vouchers v ON v.company_id = ${companyId} AND v.date >= span.d1 AND v.date <= span.d2
      JOIN voucher_lines l ON l.voucher_id = v.id AND l.account >= span.a1 AND l.account <= span.a2 AND length(l.account) = length(span.a1)
      UNION ALL
      SELECT span.k, ob.amount_minor FROM span JOIN opening_balances ob ON ob.company_id = ${companyId} AND ob.fiscal_year = span.opening_year
        AND ob.account >= span.a1 AND ob.account <= span.a2 AND length(ob.account) = length(span.a1)
    )
    SELECT req.k AS k, req.d2 AS d2, (SELECT span.d1 FROM span WHERE span.k = req.k) AS d1,
      (SELECT ${exactSum(sql`amount`)} FROM amounts WHERE amounts.k = req.k) AS amount FROM req`;
}
