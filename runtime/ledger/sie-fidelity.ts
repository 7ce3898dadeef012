/**
 * What an SIE file says beyond live vouchers and this year's opening balances,
 * kept as it was read (migration 0032) and written back on export:
 * - previous years' #IB/#UB/#RES, #OIB/#OUB and #PSALDO (`sie_balances`);
 * - an imported voucher's number, registration date and signature in the file,
 *   and its #BTRANS (removed) / #RTRANS (added) rows as history (`sie_voucher_origins`);
 * - the UB check: per account, #UB of year 0 must be #IB plus the year's vouchers
 *   (#RES: the year's vouchers), else the import warns (or, strict, refuses).
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { sieBalances, sieVoucherOrigins } from '../db/schema.ts';
import { isBalanceSheetAccount } from './statement-layout.ts';
import { formatMinorPlain } from '../../shared/money.ts';
import type {
  SieBalances, SieDocument, SieIssue, SieObjectRef, SieTransaction, SieVoucher,
} from '../formats/sie/index.ts';

type Writer = Parameters<Parameters<Db['transaction']>[0]>[0];
type Reader = Db | Writer;

export type SieBalanceKind = 'IB' | 'UB' | 'RES' | 'OIB' | 'OUB' | 'PSALDO';

/** One removed (#BTRANS) or added (#RTRANS) row of an imported voucher, as the file had it. */
export interface SieVoucherHistoryRow {
  kind: 'removed' | 'added';
  account: string;
  objects: { dimension: number; id: string }[];
  amountMinor: number;
  /** the row's date in the file (transdat), YYYY-MM-DD */
  transDate: string | null;
  text: string | null;
  quantity: string | null;
  /** who removed or added it (the row's sign) */
  sign: string | null;
}

/** An imported voucher as the file had it (GET …/vouchers/:id `imported`). */
export interface SieVoucherOrigin {
  /** the series and number in the file (the ledger numbers its own series without gaps) */
  series: string;
  number: string;
  /** #VER regdatum, YYYY-MM-DD */
  registeredDate: string | null;
  /** #VER sign */
  sign: string | null;
  history: SieVoucherHistoryRow[];
  originalId: string | null;
}

/** Most accounts listed in a balance_mismatch warning (the count of the rest is said). */
export const balanceMismatchListed = 20;

const objectsKey = (objects: readonly SieObjectRef[]): string =>
  objects.length ? JSON.stringify(objects.map((o) => [o.dimension, o.id])) : '';
const objectsOf = (key: string): SieObjectRef[] =>
  key ? (JSON.parse(key) as [number, string][]).map(([dimension, id]) => ({ dimension, id })) : [];

function isBalanceAccount(document: SieDocument, account: string): boolean {
  const type = document.accounts.find((a) => a.number === account)?.type;
  if (type) return type === 'T' || type === 'S';
  return isBalanceSheetAccount(account);
}

/**
 * The UB check: for year 0, per account, #UB against #IB plus the year's #TRANS rows, and #RES
 * against the year's rows. Only when the file carries vouchers in year 0 and #UB (#RES) records
 * for it (a 1-3 type file has balances but no vouchers). Zero balances may be left out of a file,
 * so a missing #UB counts as 0.
 */
export function balanceMismatches(document: SieDocument): { account: string; kind: 'UB' | 'RES'; expected: bigint; stated: bigint }[] {
  const year = document.header.fiscalYears.find((y) => y.index === 0);
  if (!year) return [];
  const inYear = document.vouchers.filter((v) => year.start <= v.date && v.date <= year.end);
  if (inYear.length === 0) return [];
  const hasUb = document.balances.closing.some((b) => b.yearIndex === 0);
  const hasRes = document.balances.result.some((b) => b.yearIndex === 0);
  const movement = new Map<string, bigint>();
  for (const v of inYear) for (const t of v.transactions) if (t.kind === 'TRANS') movement.set(t.account, (movement.get(t.account) ?? 0n) + BigInt(t.amountMinor));
  const sumBy = (list: SieBalances['opening']) => {
    const out = new Map<string, bigint>();
    for (const b of list) if (b.yearIndex === 0) out.set(b.account, (out.get(b.account) ?? 0n) + BigInt(b.amountMinor));
    return out;
  };
  const ib = sumBy(document.balances.opening);
  const ub = sumBy(document.balances.closing);
  const res = sumBy(document.balances.result);
  const out: { account: string; kind: 'UB' | 'RES'; expected: bigint; stated: bigint }[] = [];
  const accounts = [...new Set([...movement.keys(), ...ib.keys(), ...ub.keys(), ...res.keys()])].sort();
  for (const account of accounts) {
    if (isBalanceAccount(document, account)) {
      if (!hasUb) continue;
      const expected = (ib.get(account) ?? 0n) + (movement.get(account) ?? 0n);
      const stated = ub.get(account) ?? 0n;
      if (expected !== stated) out.push({ account, kind: 'UB', expected, stated });
    } else {
      if (!hasRes) continue;
      const expected = movement.get(account) ?? 0n;
      const stated = res.get(account) ?? 0n;
      if (expected !== stated) out.push({ account, kind: 'RES', expected, stated });
    }
  }
  return out;
}

/** The UB check's differences as one issue (a warning, or the refusal under ?strict=true). */
export function balanceMismatchIssue(mismatches: ReturnType<typeof balanceMismatches>): SieIssue | null {
  if (!mismatches.length) return null;
  const listed = mismatches.slice(0, balanceMismatchListed).map((m) => `${m.account} #${m.kind} ${formatMinorPlain(m.stated)}, ` +
    `${m.kind === 'UB' ? '#IB plus the vouchers' : 'the vouchers'} ${formatMinorPlain(m.expected)} (difference ${formatMinorPlain(m.stated - m.expected)})`);
  const more = mismatches.length > balanceMismatchListed ? `; and ${mismatches.length - balanceMismatchListed} more accounts` : '';
  return {
    code: 'balance_mismatch', record: '#UB',
    message: `The file's closing balances do not follow from its opening balances and vouchers for ${mismatches.length} account${mismatches.length === 1 ? '' : 's'}: ${listed.join('; ')}${more}`,
  };
}

/** Keeps the file's #IB/#UB/#RES (every year it declares), #OIB/#OUB and #PSALDO. Returns the rows kept and warnings. */
export async function storeSieBalances(
  tx: Writer, companyId: string, document: SieDocument, originalId: string,
): Promise<{ stored: number; warnings: SieIssue[] }> {
  const years = new Map(document.header.fiscalYears.map((y) => [y.index, y]));
  const rows: (typeof sieBalances.$inferInsert)[] = [];
  const skipped = new Set<number>();
  const add = (kind: SieBalanceKind, b: { yearIndex: number; account: string; amountMinor: number | bigint; quantity?: string }, objects: readonly SieObjectRef[] = [], period = '') => {
    const year = years.get(b.yearIndex);
    if (!year) { skipped.add(b.yearIndex); return; }
    rows.push({
      companyId, yearStart: year.start, yearEnd: year.end, kind, account: b.account, objects: objectsKey(objects), period,
      amountMinor: Number(b.amountMinor), quantity: b.quantity ?? null, originalId,
    });
  };
  const { balances } = document;
  for (const b of balances.opening) add('IB', b);
  for (const b of balances.closing) add('UB', b);
  for (const b of balances.result) add('RES', b);
  for (const b of balances.objectOpening) add('OIB', b, b.objects);
  for (const b of balances.objectClosing) add('OUB', b, b.objects);
  for (const b of balances.period) add('PSALDO', b, b.objects, b.period);
  // the trigger ignores a key already there (the same file again); chunks keep the statement small
  for (let i = 0; i < rows.length; i += 200) await tx.insert(sieBalances).values(rows.slice(i, i + 200));
  const warnings: SieIssue[] = [...skipped].sort().map((index) => ({
    code: 'balance_without_year', record: '#RAR',
    message: `Balances for year ${index} were not kept: the file has no #RAR ${index} saying which fiscal year that is`,
  }));
  return { stored: rows.length, warnings };
}

/** The stored figures of one fiscal year (by its start date), by kind. */
export async function storedSieBalances(db: Reader, companyId: string, yearStart: string): Promise<(typeof sieBalances.$inferSelect)[]> {
  return db.select().from(sieBalances).where(and(eq(sieBalances.companyId, companyId), eq(sieBalances.yearStart, yearStart)));
}

/** Puts one year's stored figures of the given kinds into an export's balances, under the file's year index. */
export function writeStoredBalances(
  balances: SieBalances, rows: readonly (typeof sieBalances.$inferSelect)[], yearIndex: number, kinds: ReadonlySet<SieBalanceKind>,
): void {
  const ordered = [...rows].sort((a, b) => a.account.localeCompare(b.account) || a.period.localeCompare(b.period) || a.objects.localeCompare(b.objects));
  for (const r of ordered) {
    if (!kinds.has(r.kind)) continue;
    const base = { yearIndex, account: r.account, amountMinor: r.amountMinor, ...(r.quantity !== null ? { quantity: r.quantity } : {}) };
    if (r.kind === 'IB') balances.opening.push(base);
    else if (r.kind === 'UB') balances.closing.push(base);
    else if (r.kind === 'RES') balances.result.push(base);
    else if (r.kind === 'OIB') balances.objectOpening.push({ ...base, objects: objectsOf(r.objects) });
    else if (r.kind === 'OUB') balances.objectClosing.push({ ...base, objects: objectsOf(r.objects) });
    else balances.period.push({ ...base, period: r.period, objects: objectsOf(r.objects) });
  }
}

function historyRow(t: SieTransaction): SieVoucherHistoryRow {
  return {
    kind: t.kind === 'BTRANS' ? 'removed' : 'added', account: t.account, objects: t.objects.map((o) => ({ dimension: o.dimension, id: o.id })),
    amountMinor: t.amountMinor, transDate: t.transDate ?? null, text: t.text ?? null, quantity: t.quantity ?? null, sign: t.sign ?? null,
  };
}

/** The origin row of an imported voucher: its number, registration date and sign in the file, and its #BTRANS/#RTRANS rows. */
export function originOf(v: SieVoucher): Omit<SieVoucherOrigin, 'originalId'> {
  return {
    series: v.series, number: v.number, registeredDate: v.registeredDate ?? null, sign: v.sign ?? null,
    history: v.transactions.filter((t) => t.kind === 'BTRANS' || t.kind === 'RTRANS').map(historyRow),
  };
}

export async function storeVoucherOrigins(
  tx: Writer, companyId: string, origins: { voucherId: string; origin: Omit<SieVoucherOrigin, 'originalId'> }[], originalId: string,
): Promise<void> {
  const rows = origins.map(({ voucherId, origin }) => ({
    voucherId, companyId, series: origin.series, number: origin.number, registeredDate: origin.registeredDate, sign: origin.sign,
    history: JSON.stringify(origin.history), originalId,
  }));
  for (let i = 0; i < rows.length; i += 200) await tx.insert(sieVoucherOrigins).values(rows.slice(i, i + 200));
}

/** The imported origins of some vouchers (none for vouchers not imported from SIE). */
export async function voucherOrigins(db: Reader, companyId: string, voucherIds: readonly string[]): Promise<Map<string, SieVoucherOrigin>> {
  const out = new Map<string, SieVoucherOrigin>();
  for (let i = 0; i < voucherIds.length; i += 500) {
    const rows = await db.select().from(sieVoucherOrigins)
      .where(and(eq(sieVoucherOrigins.companyId, companyId), inArray(sieVoucherOrigins.voucherId, voucherIds.slice(i, i + 500))));
    for (const r of rows) {
      out.set(r.voucherId, {
        series: r.series, number: r.number, registeredDate: r.registeredDate, sign: r.sign,
        history: JSON.parse(r.history) as SieVoucherHistoryRow[], originalId: r.originalId,
      });
    }
  }
  return out;
}
