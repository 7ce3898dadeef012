/**
 * The previous year's column of a statement from an imported SIE file's
 * figures (sie_balances, migration 0032), for a year the company has no
 * vouchers for: #UB for balance accounts and #RES for result accounts, as the
 * file stated them. They are whole-year figures, so they stand in only for a
 * column that ends at the previous year's last period and has no dimension
 * filter; any other column of such a year has no figures (null), never the
 * opening balances passed off as a closing balance.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { accounts, sieBalances } from '../db/schema.ts';
import { isBalanceSheetAccount as balance } from './statement-layout.ts';

interface Figures { name: string; ib: bigint; before: bigint; within: bigint }

/**
 * null: the previous year has vouchers (or nothing was imported for it): compute as usual.
 * Else `figures` (null when the column cannot be filled from whole-year figures).
 */
export async function importedPreviousYear(
  db: Db, companyId: string, previous: { startDate: string; endDate: string }, options: { endsAtYearEnd: boolean; filtered: boolean },
): Promise<{ figures: Map<string, Figures> | null } | null> {
  const [voucher] = await db.all<{ n: number }>(sql`
    SELECT 1 AS n FROM vouchers WHERE company_id = ${companyId} AND date >= ${previous.startDate} AND date <= ${previous.endDate} LIMIT 1`);
  if (voucher) return null;
  const rows = await db.select({ kind: sieBalances.kind, account: sieBalances.account, amountMinor: sieBalances.amountMinor }).from(sieBalances)
    .where(and(eq(sieBalances.companyId, companyId), eq(sieBalances.yearStart, previous.startDate), inArray(sieBalances.kind, ['UB', 'RES']),
      eq(sieBalances.objects, ''), eq(sieBalances.period, '')));
  if (rows.length === 0) return null;
  if (!options.endsAtYearEnd || options.filtered) return { figures: null };
  const names = new Map((await db.select({ number: accounts.number, name: accounts.name }).from(accounts)
    .where(eq(accounts.companyId, companyId))).map((a) => [a.number, a.name]));
  const figures = new Map<string, Figures>();
  for (const r of rows) {
    // #UB for balance accounts, #RES for result accounts (a file may carry both kinds for an account; the other is not this column's)
    if ((r.kind === 'UB') !== balance(r.account)) continue;
    const at = figures.get(r.account) ?? { name: names.get(r.account) ?? '', ib: 0n, before: 0n, within: 0n };
    at.within += BigInt(r.amountMinor);
    figures.set(r.account, at);
  }
  return { figures };
}
