/**
 * Year-end (bokslut): closing a fiscal year and re-opening it.
 *
 * Closing year Y, in one transaction, audited:
 *   1. books the year's result — the balance of the result accounts (everything but classes 1–2,
 *      as the income statement counts it: statement-layout.ts isResultAccount) — to equity
 *      by a closing voucher on the year's last day: 8999 Årets resultat against 2099 Årets resultat
 *      (no voucher when the result is zero);
 *   2. carries every balance-sheet account's (classes 1–2) closing balance forward as the opening
 *      balance of the next fiscal year (the one starting the day after Y ends);
 *      an opening balance the next year had on a result account (an SIE #IB on 3001) is taken out —
 *      a result account opens each year at zero;
 *   3. locks all of Y's periods.
 * Refused: a year already closed (409), an earlier year not closed (409, naming it), no next year
 * to carry into (409, saying how to create it), a year whose trial balance does not net to zero
 * (422, by how much).
 *
 * Re-opening needs a reason; it posts the reversal of the closing voucher (the ledger is
 * append-only: never a delete), takes the carried balances back out of the next year and unlocks
 * the year's periods. A later year that is closed must be re-opened first.
 *
 * Opening balances are append-only too (migrations 0003, 0014), so the carry is written as a
 * difference: an account's opening balance is the sum of its rows (migration 0025), a close writes
 * `closing − what the next year already opens with` under a new carry number, and a re-open writes
 * the negation of that close's rows. Re-opening and closing again therefore leaves exactly the
 * new closing balances, and the history of every carry stays readable. The acts themselves are
 * records in `year_end_acts` (never changed); a year is closed when its last act is a close.
 */
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { fiscalYears, openingBalances, periods, yearEndActs } from '../db/schema.ts';
import { recordAudit } from '../kernel/audit.ts';
import { DomainRefusal } from '../kernel/errors.ts';
import { formatMinorPlain, minorForJson, type ReportMinor } from '../../shared/money.ts';
import { loadChart } from './chart.ts';
import { exactSum, exactSumOf } from './exact-sum.ts';
import { postVouchersWithin, readVouchers, reverseWithin, systemClock, type LedgerClock, type Tx } from './ledger.ts';
import type { VoucherLineDraft } from './types.ts';
import { isBalanceSheetAccount, isResultAccount } from './statement-layout.ts';
import { english, message, renderMessage, type MessageLanguage } from '../../shared/i18n/messages.ts';

/** BAS: the result account and the equity account the year's result is booked to. */
export const yearResultAccount = '8999';
export const yearResultEquityAccount = '2099';
/** The series the closing voucher (and its reversal) is numbered in: manual vouchers (else the company's first series, e.g. after a SIE import). */
export const closingSeries = 'A';

type Reader = Db | Tx;

export interface YearEndBalance {
  account: string;
  name: string;
  /** debit positive, credit negative */
  closingMinor: ReportMinor;
}

export interface YearEnd {
  fiscalYear: number;
  startDate: string;
  endDate: string;
  status: 'open' | 'closed';
  /** the next fiscal year the balances carry into; null when there is none yet */
  nextFiscalYear: number | null;
  /** the year's result as the income statement shows it: a profit positive, a loss negative */
  resultMinor: ReportMinor;
  /** the balance-sheet accounts' closing balances, with the result on 2099: what is (or was) carried */
  balances: YearEndBalance[];
  /** the latest act: its number, the voucher it posted (closing voucher or reversal), when and who */
  act: { act: number; kind: 'close' | 'reopen'; voucherId: string | null; at: string; actor: string; reason: string | null } | null;
  /** why the year cannot be closed (or re-opened) now; null when it can */
  refusal: { error: string; message: string } | null;
  /** a closed year: whether the next year's opening balances are what a close carries (null for an open year) */
  openingCheck: OpeningCheck | null;
}

/**
 * What a closed year's next year opens with, checked: the opening balances net to zero and no result
 * account has one. A year closed by an earlier release fails it when it had a class 0/9 balance (that
 * close neither booked nor carried it) or its next year had an opening balance on a result account
 * (that close left it there): re-opening and closing the year again carries its balances anew.
 */
export interface OpeningCheck {
  nextFiscalYear: number;
  netsToZero: boolean;
  /** the sum of the next year's opening balances, debit − credit: 0 when they net to zero */
  differenceMinor: ReportMinor;
  /** result accounts the next year opens with a balance on */
  resultAccounts: string[];
  /** what to do, in the asked language; null when the check passes */
  message: string | null;
}


interface YearRow { year: number; startDate: string; endDate: string }
type ActRow = typeof yearEndActs.$inferSelect;

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function yearLabel(y: YearRow) {
  return `${y.year} (${y.startDate}..${y.endDate})`;
}

/** The last act per fiscal year of a company. */
async function lastActs(db: Reader, companyId: string): Promise<Map<number, ActRow>> {
  const rows = await db.select().from(yearEndActs).where(eq(yearEndActs.companyId, companyId)).orderBy(asc(yearEndActs.fiscalYear), asc(yearEndActs.act));
  const last = new Map<number, ActRow>();
  for (const row of rows) last.set(row.fiscalYear, row);
  return last;
}

/** Per account: the opening balance (all carries) plus the year's movements, debit − credit. */
async function closingBalances(db: Reader, companyId: string, year: YearRow): Promise<Map<string, { name: string; balance: bigint }>> {
  const rows = await db.all<{ account: string; name: string | null; ib: string | null; movement: string | null }>(sql`
    WITH movements AS (
      SELECT l.account AS account, ${exactSum(sql`l.debit_minor - l.credit_minor`)} AS movement
      FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id
      WHERE v.company_id = ${companyId} AND v.date >= ${year.startDate} AND v.date <= ${year.endDate}
      GROUP BY l.account
    ),
    opening AS (
      SELECT account, ${exactSum(sql`amount_minor`)} AS ib FROM opening_balances
      WHERE company_id = ${companyId} AND fiscal_year = ${year.year} GROUP BY account
    ),
    keys AS (SELECT account FROM movements UNION SELECT account FROM opening)
    SELECT k.account AS account, a.name AS name, o.ib AS ib, m.movement AS movement
    FROM keys k
    LEFT JOIN movements m ON m.account = k.account
    LEFT JOIN opening o ON o.account = k.account
    LEFT JOIN accounts a ON a.company_id = ${companyId} AND a.number = k.account
    ORDER BY k.account`);
  return new Map(rows.map((r) => [r.account, { name: r.name ?? '', balance: exactSumOf(r.ib) + exactSumOf(r.movement) }]));
}

/** The opening balance per account of a fiscal year (the sum over all carries). */
async function openingOf(db: Reader, companyId: string, year: number): Promise<Map<string, bigint>> {
  const rows = await db.all<{ account: string; ib: string | null }>(sql`
    SELECT account, ${exactSum(sql`amount_minor`)} AS ib FROM opening_balances
    WHERE company_id = ${companyId} AND fiscal_year = ${year} GROUP BY account`);
  return new Map(rows.map((r) => [r.account, exactSumOf(r.ib)]));
}

interface Situation {
  years: YearRow[];
  year: YearRow;
  next: YearRow | null;
  last: Map<number, ActRow>;
  balances: Map<string, { name: string; balance: bigint }>;
  /** debit − credit of the result accounts (a profit is negative) */
  resultBalance: bigint;
  /** debit − credit over every account: 0 when the trial balance nets to zero */
  outBy: bigint;
}

async function situation(db: Reader, companyId: string, fiscalYear: number): Promise<Situation> {
  const years = await db.select({ year: fiscalYears.year, startDate: fiscalYears.startDate, endDate: fiscalYears.endDate })
    .from(fiscalYears).where(eq(fiscalYears.companyId, companyId)).orderBy(asc(fiscalYears.startDate));
  const year = years.find((y) => y.year === fiscalYear);
  if (!year) {
    throw new DomainRefusal(422, 'no_fiscal_year', `Company "${companyId}" has no fiscal year ${fiscalYear}`
      + (years.length ? ` (it has ${years.map((y) => y.year).join(', ')})` : ''));
  }
  const next = years.find((y) => y.startDate === nextDay(year.endDate)) ?? null;
  const balances = await closingBalances(db, companyId, year);
  let resultBalance = 0n;
  let outBy = 0n;
  for (const [account, { balance }] of balances) {
    outBy += balance;
    if (isResultAccount(account)) resultBalance += balance;
  }
  return { years, year, next, last: await lastActs(db, companyId), balances, resultBalance, outBy };
}

/** Why `s.year` cannot be closed now, or null. */
function closeRefusal(s: Situation, companyId: string): DomainRefusal | null {
  const { year, next, last } = s;
  const current = last.get(year.year);
  if (current?.kind === 'close') {
    const said = { year: yearLabel(year), date: current.at.slice(0, 10), actor: current.actor };
    return new DomainRefusal(409, 'year_already_closed', english('year_end.already_closed', said), {}, message('year_end.already_closed', said));
  }
  const earlierOpen = s.years.filter((y) => y.startDate < year.startDate && last.get(y.year)?.kind !== 'close');
  if (earlierOpen.length) {
    const code = earlierOpen.length > 1 ? 'year_end.earlier_years_open' : 'year_end.earlier_year_open';
    const said = { years: earlierOpen.map(yearLabel).join(', ') };
    return new DomainRefusal(409, 'earlier_year_open', english(code, said), { years: earlierOpen.map((y) => y.year) }, message(code, said));
  }
  if (!next) {
    const start = nextDay(year.endDate);
    const [y, m] = start.split('-').map(Number);
    const endMonth = new Date(Date.UTC(y, m - 1 + 12, 0)).toISOString().slice(0, 10);
    const said = { year: yearLabel(year), start, end: endMonth, company: companyId };
    return new DomainRefusal(409, 'no_next_fiscal_year', english('year_end.no_next_year', said), { nextStart: start }, message('year_end.no_next_year', said));
  }
  if (s.outBy !== 0n) {
    const said = { year: yearLabel(year), outBy: String(s.outBy) };
    return new DomainRefusal(422, 'year_unbalanced', english('year_end.unbalanced', said), {}, message('year_end.unbalanced', said));
  }
  return null;
}

/** Why `s.year` cannot be re-opened now, or null. */
function reopenRefusal(s: Situation): DomainRefusal | null {
  const { year, last } = s;
  const said = { year: yearLabel(year) };
  if (last.get(year.year)?.kind !== 'close') return new DomainRefusal(409, 'year_not_closed', english('api.year_not_closed', said), {}, message('api.year_not_closed', said));
  const laterClosed = s.years.filter((y) => y.startDate > year.startDate && last.get(y.year)?.kind === 'close');
  if (laterClosed.length) {
    const code = laterClosed.length > 1 ? 'year_end.later_years_closed' : 'year_end.later_year_closed';
    const said = { years: laterClosed.map(yearLabel).join(', ') };
    return new DomainRefusal(409, 'later_year_closed', english(code, said), { years: laterClosed.map((y) => y.year) }, message(code, said));
  }
  return null;
}

/** The balances to carry: balance-sheet accounts, with the result moved onto 2099. */
function carried(s: Situation): Map<string, { name: string; balance: bigint }> {
  const out = new Map<string, { name: string; balance: bigint }>();
  for (const [account, entry] of s.balances) if (isBalanceSheetAccount(account)) out.set(account, { ...entry });
  if (s.resultBalance !== 0n) {
    const equity = out.get(yearResultEquityAccount) ?? { name: 'Årets resultat', balance: 0n };
    out.set(yearResultEquityAccount, { name: equity.name, balance: equity.balance + s.resultBalance });
  }
  return out;
}

async function openingCheck(db: Reader, companyId: string, s: Situation, language: MessageLanguage): Promise<OpeningCheck | null> {
  if (s.last.get(s.year.year)?.kind !== 'close' || !s.next) return null;
  let sum = 0n;
  const resultAccounts: string[] = [];
  for (const [account, amount] of [...await openingOf(db, companyId, s.next.year)].sort(([a], [b]) => a.localeCompare(b))) {
    sum += amount;
    if (amount !== 0n && isResultAccount(account)) resultAccounts.push(account);
  }
  const what = [
    ...(sum !== 0n ? [message('api.year_end_opening_off_by', { amount: formatMinorPlain(sum) })] : []),
    ...(resultAccounts.length ? [message('api.year_end_opening_result_accounts', { accounts: { items: resultAccounts, join: ', ' } })] : []),
  ];
  return {
    nextFiscalYear: s.next.year, netsToZero: sum === 0n, differenceMinor: minorForJson(sum), resultAccounts,
    message: what.length ? renderMessage(language, message('api.year_end_close_again', { next: s.next.year, year: s.year.year, what })) : null,
  };
}

function describe(s: Situation, refusal: DomainRefusal | null, language: MessageLanguage = 'en', check: OpeningCheck | null = null): YearEnd {
  const last = s.last.get(s.year.year) ?? null;
  return {
    fiscalYear: s.year.year, startDate: s.year.startDate, endDate: s.year.endDate,
    status: last?.kind === 'close' ? 'closed' : 'open',
    nextFiscalYear: s.next?.year ?? null,
    resultMinor: minorForJson(-s.resultBalance),
    balances: [...carried(s)].filter(([, e]) => e.balance !== 0n).sort(([a], [b]) => a.localeCompare(b))
      .map(([account, e]) => ({ account, name: e.name, closingMinor: minorForJson(e.balance) })),
    act: last ? { act: last.act, kind: last.kind, voucherId: last.voucherId, at: last.at, actor: last.actor, reason: last.reason } : null,
    refusal: refusal ? { error: refusal.code, message: refusal.text && language !== 'en' ? renderMessage(language, refusal.text) : refusal.message } : null,
    openingCheck: check,
  };
}

/**
 * What closing (or re-opening) the year would do, without doing it: the result to book, the
 * balances to carry, and the refusal when it cannot be done now. For an already closed year the
 * figures are the year's as closed (the result then sits on 2099) and the refusal is re-open's.
 */
export async function yearEndPreview(db: Db, companyId: string, fiscalYear: number, language: MessageLanguage = 'en'): Promise<YearEnd> {
  const s = await situation(db, companyId, fiscalYear);
  const closed = s.last.get(fiscalYear)?.kind === 'close';
  if (closed) {
    // The closing voucher moved the result onto 2099: show what was booked and carried.
    const act = s.last.get(fiscalYear)!;
    const booked = -BigInt(act.resultMinor);
    const view = { ...s, balances: new Map([...s.balances].map(([a, e]) => [a, { ...e }])), resultBalance: booked };
    const equity = view.balances.get(yearResultEquityAccount);
    if (equity) equity.balance -= booked;
    return describe(view, reopenRefusal(s), language, await openingCheck(db, companyId, s, language));
  }
  return describe(s, closeRefusal(s, companyId), language);
}

function line(account: string, amount: bigint, text: string): VoucherLineDraft {
  return amount > 0n ? { account, debitMinor: Number(amount), text } : { account, creditMinor: Number(-amount), text };
}

async function setYearPeriods(tx: Tx, companyId: string, fiscalYear: number, status: 'open' | 'locked'): Promise<string[]> {
  const changed = await tx.select({ period: periods.period }).from(periods)
    .where(and(eq(periods.companyId, companyId), eq(periods.fiscalYear, fiscalYear), eq(periods.status, status === 'open' ? 'locked' : 'open')))
    .orderBy(asc(periods.period));
  if (changed.length) {
    await tx.update(periods).set({ status })
      .where(and(eq(periods.companyId, companyId), eq(periods.fiscalYear, fiscalYear), inArray(periods.period, changed.map((p) => p.period))));
  }
  return changed.map((p) => p.period);
}

/** Closes a fiscal year: result voucher, carry forward, locks; one transaction, audited. */
export async function closeYear(db: Db, companyId: string, fiscalYear: number, actor: string, clock: LedgerClock = systemClock, language: MessageLanguage = 'en'): Promise<YearEnd> {
  await db.transaction(async (tx) => {
    const s = await situation(tx, companyId, fiscalYear);
    const refusal = closeRefusal(s, companyId);
    if (refusal) throw refusal;
    const { year } = s;
    const next = s.next!;
    const act = (s.last.get(year.year)?.act ?? 0) + 1;
    const at = clock.now().toISOString();

    // 1. The result voucher, on the year's last day. Its period may have been locked month by month:
    //    open the year (the whole year is locked again in step 3, in this same transaction).
    const alreadyLocked = await setYearPeriods(tx, companyId, year.year, 'open');
    let voucherId: string | null = null;
    let voucherLabel: string | null = null;
    if (s.resultBalance !== 0n) {
      const chart = await loadChart(tx, companyId);
      if (!chart) throw new DomainRefusal(422, 'unknown_company', `Company "${companyId}" does not exist`);
      for (const account of [yearResultAccount, yearResultEquityAccount]) {
        if (!chart.accounts.has(account)) {
          throw new DomainRefusal(422, 'year_end_account_missing', `Account ${account} (Årets resultat) is not in the chart of accounts of "${companyId}"; add it before closing`);
        }
      }
      const series = chart.series.has(closingSeries) ? closingSeries : [...chart.series].sort()[0];
      if (!series) throw new DomainRefusal(422, 'no_voucher_series', `Company "${companyId}" has no voucher series to number the closing voucher in`);
      const text = `Årets resultat ${year.year} (bokslut)`;
      const [posted] = await postVouchersWithin(tx, chart, [{
        date: year.endDate, series, text, registeredBy: actor,
        idempotencyKey: `year-end:${year.year}:${act}`,
        lines: [line(yearResultAccount, -s.resultBalance, text), line(yearResultEquityAccount, s.resultBalance, text)],
      }], clock);
      voucherId = posted.voucher.id;
      voucherLabel = `${posted.voucher.series} ${posted.voucher.number}`;
    }

    // 2. Carry forward: the difference between each closing balance and what the next year opens with.
    //    Every account the next year opens with is compared, so a result account's opening balance there
    //    (e.g. an SIE #IB on 3001) is taken out: a result account opens each year at zero.
    const closing = carried(s);
    const opening = await openingOf(tx, companyId, next.year);
    const rows: (typeof openingBalances.$inferInsert)[] = [];
    for (const account of new Set([...closing.keys(), ...opening.keys()])) {
      const delta = (closing.get(account)?.balance ?? 0n) - (opening.get(account) ?? 0n);
      if (delta !== 0n) rows.push({ companyId, fiscalYear: next.year, account, carry: act, amountMinor: Number(delta) });
    }
    for (let i = 0; i < rows.length; i += 500) await tx.insert(openingBalances).values(rows.slice(i, i + 500));

    // 3. Lock the year; 4. the act and its audit record.
    const locked = await setYearPeriods(tx, companyId, year.year, 'locked');
    await tx.insert(yearEndActs).values({
      companyId, fiscalYear: year.year, act, kind: 'close', voucherId, resultMinor: Number(-s.resultBalance), carriedInto: next.year, reason: null, at, actor,
    });
    await recordAudit(tx, {
      id: clock.newId(), companyId, at, actor, action: 'fiscal_year.close', subject: `fiscal-year:${year.year}`,
      details: {
        act, voucherId, voucher: voucherLabel, resultMinor: Number(-s.resultBalance), carriedInto: next.year,
        accountsCarried: [...closing.values()].filter((e) => e.balance !== 0n).length, openingRowsWritten: rows.length,
        periodsLocked: locked, periodsAlreadyLocked: alreadyLocked,
      },
    });
  });
  return yearEndPreview(db, companyId, fiscalYear, language);
}

/** Re-opens a closed fiscal year (needs a reason): reversal voucher, carry taken back, periods unlocked; audited. */
export async function reopenYear(db: Db, companyId: string, fiscalYear: number, actor: string, reason: string | undefined, clock: LedgerClock = systemClock,
  language: MessageLanguage = 'en'): Promise<YearEnd> {
  const why = reason?.trim() ?? '';
  if (!why) {
    throw new DomainRefusal(422, 'reason_required', english('year_end.reason_required'), { issues: [{ path: 'reason', message: 'required' }] }, message('year_end.reason_required'));
  }
  await db.transaction(async (tx) => {
    const s = await situation(tx, companyId, fiscalYear);
    const refusal = reopenRefusal(s);
    if (refusal) throw refusal;
    const { year } = s;
    const close = s.last.get(year.year)!;
    const act = close.act + 1;
    const at = clock.now().toISOString();

    const unlocked = await setYearPeriods(tx, companyId, year.year, 'open');
    let voucherId: string | null = null;
    if (close.voucherId) {
      const chart = await loadChart(tx, companyId);
      if (!chart) throw new DomainRefusal(422, 'unknown_company', `Company "${companyId}" does not exist`);
      const [original] = await readVouchers(tx, companyId, [close.voucherId]);
      if (!original) throw new Error(`year_end_acts names closing voucher ${close.voucherId}, which does not exist`);
      const posted = await reverseWithin(tx, chart, original, {
        date: original.date, registeredBy: actor, idempotencyKey: `year-end:${year.year}:${act}`,
        text: `Rättelse av ${original.series} ${original.number}: ${original.text} — återöppnat: ${why}`.slice(0, 500),
      }, clock);
      voucherId = posted.voucher.id;
    }
    // Take back exactly what the close carried into the next year.
    const rows = await tx.select().from(openingBalances)
      .where(and(eq(openingBalances.companyId, companyId), eq(openingBalances.fiscalYear, close.carriedInto), eq(openingBalances.carry, close.act)));
    const back = rows.map((r) => ({ companyId, fiscalYear: close.carriedInto, account: r.account, carry: act, amountMinor: -r.amountMinor }));
    for (let i = 0; i < back.length; i += 500) await tx.insert(openingBalances).values(back.slice(i, i + 500));

    await tx.insert(yearEndActs).values({
      companyId, fiscalYear: year.year, act, kind: 'reopen', voucherId, resultMinor: close.resultMinor, carriedInto: close.carriedInto, reason: why, at, actor,
    });
    await recordAudit(tx, {
      id: clock.newId(), companyId, at, actor, action: 'fiscal_year.reopen', subject: `fiscal-year:${year.year}`,
      details: { act, reason: why, reversedVoucherId: close.voucherId, reversalVoucherId: voucherId, carriedBackFrom: close.carriedInto, openingRowsWritten: back.length, periodsUnlocked: unlocked },
    });
  });
  return yearEndPreview(db, companyId, fiscalYear, language);
}
