/**
 * The balance sheet (balansräkning) and the income statement (resultaträkning),
 * laid out by statement-layout.ts, for a range of periods within one fiscal
 * year and the same periods of the previous fiscal year beside them.
 *
 * Figures are voucher lines and opening balances summed exactly in SQL
 * (exact-sum.ts) and in BigInt, answered as minorForJson values. The balance
 * sheet carries the year's result so far as a line in equity ("Årets
 * resultat": the result accounts' balance, an opening balance on one
 * included, as in the trial balance), so assets equal equity and liabilities
 * exactly whenever the opening balances net to zero; `differenceMinor` says
 * so per column (0, or the amount the ledger is out by).
 *
 * "The same period of the previous year" is by position in the fiscal year:
 * the n-th month of this year against the n-th month of the year before,
 * which for calendar years is the same months one year earlier, and for a
 * broken, shortened or extended previous year is the months that stood in
 * the same place (capped at its last month). No previous year: those
 * columns are null, not zero.
 *
 * A dimension filter (cost centre 1, project 6, …) keeps only voucher lines
 * carrying that object. Opening balances are kept per account, not per
 * object (opening_balances has no objects), so a filtered balance sheet
 * shows the movements only: its opening column is null and it need not
 * balance.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { dimensionObjects, fiscalYears } from '../db/schema.ts';
import { minorForJson, type ReportMinor } from '../../shared/money.ts';
import { importedPreviousYear } from './statements-imported.ts';
import { exactSum, exactSumOf } from './exact-sum.ts';
import { LedgerRefusal } from './types.ts';
import {
  balanceSheetLayout, incomeStatementLayout, isBalanceSheetAccount as isBalanceAccount, type AccountRange, type LayoutNode, type StatementLayout,
} from './statement-layout.ts';

export type StatementRowKind = 'section' | 'group' | 'account' | 'year_result' | 'group_total' | 'section_total' | 'subtotal';

export interface StatementRow {
  kind: StatementRowKind;
  key: string;
  label: string;
  /** nesting depth, for indentation (0 = top) */
  level: number;
  account: string | null;
  /** column key → amount as shown (sign applied); null in a column without figures (no previous year), and on headings */
  amounts: Record<string, ReportMinor | null>;
}

export interface StatementColumn {
  key: string;
  label: string;
  /** the dates the column covers, or null when it has no figures */
  from: string | null;
  to: string | null;
}

export interface StatementDimensionFilter { dimension: number; object: string }

export interface Statement {
  kind: 'balance_sheet' | 'income_statement';
  title: string;
  fiscalYear: number;
  fromPeriod: string;
  toPeriod: string;
  previous: { fiscalYear: number; fromPeriod: string | null; toPeriod: string } | null;
  dimension: (StatementDimensionFilter & { name: string }) | null;
  openingBalancesIncluded: boolean;
  /** the previous year's figures are an imported SIE file's #UB/#RES (no vouchers for that year; statements-imported.ts) */
  previousFromImport?: boolean;
  columns: StatementColumn[];
  rows: StatementRow[];
  /** balance sheet: total assets − total equity and liabilities per column (0 when it balances); income statement: the result per column */
  differenceMinor: Record<string, ReportMinor | null>;
  resultMinor: Record<string, ReportMinor | null>;
}

const periodPattern = /^\d{4}-(0[1-9]|1[0-2])$/;
const pad = (n: number) => String(n).padStart(2, '0');

function lastDay(period: string): string {
  const [y, m] = period.split('-').map(Number);
  return `${period}-${pad(new Date(Date.UTC(y, m, 0)).getUTCDate())}`;
}

function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** The "YYYY-MM" periods of start..end, in order. */
function periodsOf(start: string, end: string): string[] {
  const out: string[] = [];
  let [year, month] = start.split('-').map(Number);
  while (`${year}-${pad(month)}-01` <= end) {
    out.push(`${year}-${pad(month)}`);
    if (++month > 12) { month = 1; year++; }
  }
  return out;
}

/** "2026-02–2026-03", or "2026-03" for one period. */
const span = (from: string, to: string) => (from === to ? from : `${from}–${to}`);


interface FiscalYearRow { year: number; startDate: string; endDate: string }

/** Per account: opening balance, movement in the year before `from`, movement from..to (debit − credit). */
interface AccountFigures { name: string; ib: bigint; before: bigint; within: bigint }

async function accountFigures(db: Db, companyId: string, year: FiscalYearRow, from: string, to: string,
  dimension: StatementDimensionFilter | null): Promise<Map<string, AccountFigures>> {
  const dimensionCondition = dimension
    ? sql`AND json_extract(l.dimensions, ${`$."${dimension.dimension}"`}) = ${dimension.object}`
    : sql``;
  const rows = await db.all<{ account: string; name: string | null; ib: string | null; before: string | null; within: string | null }>(sql`
    WITH movements AS (
      SELECT l.account AS account,
        ${exactSum(sql`CASE WHEN v.date < ${from} THEN l.debit_minor - l.credit_minor ELSE 0 END`)} AS before,
        ${exactSum(sql`CASE WHEN v.date >= ${from} THEN l.debit_minor - l.credit_minor ELSE 0 END`)} AS within
      FROM voucher_lines l JOIN vouchers v ON v.id = l.voucher_id
      WHERE v.company_id = ${companyId} AND v.date >= ${year.startDate} AND v.date <= ${to} ${dimensionCondition}
      GROUP BY l.account
    ),
    opening AS (
      SELECT account, ${exactSum(sql`amount_minor`)} AS ib FROM opening_balances
      WHERE company_id = ${companyId} AND fiscal_year = ${year.year} AND ${dimension ? sql`0` : sql`1`}
      GROUP BY account
    ),
    keys AS (SELECT account FROM movements UNION SELECT account FROM opening)
    SELECT k.account AS account, a.name AS name, o.ib AS ib, m.before AS before, m.within AS within
    FROM keys k
    LEFT JOIN movements m ON m.account = k.account
    LEFT JOIN opening o ON o.account = k.account
    LEFT JOIN accounts a ON a.company_id = ${companyId} AND a.number = k.account
    ORDER BY k.account`);
  return new Map(rows.map((r) => [r.account, {
    name: r.name ?? '', ib: exactSumOf(r.ib), before: exactSumOf(r.before), within: exactSumOf(r.within),
  }]));
}

/** One column: its definition and each account's figure in it (null = the column has no figures). */
interface ColumnFigures extends StatementColumn { values: Map<string, bigint> | null }

interface Window {
  years: FiscalYearRow[];
  year: FiscalYearRow;
  previous: FiscalYearRow | null;
  fromIndex: number;
  toIndex: number;
}

async function resolveWindow(db: Db, companyId: string, fromPeriod: string, toPeriod: string): Promise<Window> {
  for (const p of [fromPeriod, toPeriod]) {
    if (!periodPattern.test(p)) throw new LedgerRefusal('invalid_date', `"${p}" is not a period (YYYY-MM)`);
  }
  const years = await db.select({ year: fiscalYears.year, startDate: fiscalYears.startDate, endDate: fiscalYears.endDate })
    .from(fiscalYears).where(eq(fiscalYears.companyId, companyId));
  const from = `${fromPeriod}-01`;
  const year = years.find((y) => y.startDate <= from && from <= y.endDate);
  if (!year) throw new LedgerRefusal('no_fiscal_year', `No fiscal year covers ${fromPeriod}`);
  const periods = periodsOf(year.startDate, year.endDate);
  const fromIndex = periods.indexOf(fromPeriod);
  const toIndex = periods.indexOf(toPeriod);
  if (toIndex < 0 || toIndex < fromIndex) {
    throw new LedgerRefusal('invalid_date', `The range ${fromPeriod}..${toPeriod} must lie within fiscal year ${year.year} (${year.startDate}..${year.endDate})`);
  }
  const previous = years.find((y) => y.endDate === dayBefore(year.startDate)) ?? null;
  return { years, year, previous, fromIndex, toIndex };
}

async function dimensionOf(db: Db, companyId: string, filter: StatementDimensionFilter | undefined) {
  if (!filter) return null;
  const [row] = await db.select({ name: dimensionObjects.name }).from(dimensionObjects)
    .where(and(eq(dimensionObjects.companyId, companyId), eq(dimensionObjects.dimension, filter.dimension), eq(dimensionObjects.code, filter.object)));
  if (!row) throw new LedgerRefusal('unknown_dimension_object', `Object "${filter.object}" does not exist in dimension ${filter.dimension}`);
  return { ...filter, name: row.name };
}

const inRanges = (account: string, ranges: readonly AccountRange[]) => ranges.some(([from, to]) => from <= account && account <= to);

function groupsOf(nodes: readonly LayoutNode[]): Extract<LayoutNode, { kind: 'group' }>[] {
  return nodes.flatMap((n) => (n.kind === 'group' ? [n] : n.kind === 'section' ? groupsOf(n.children) : []));
}

/** Walks the layout into rows. `yearResult` (per column, debit − credit) is added to the group marked withYearResult. */
function buildRows(layout: StatementLayout, columns: ColumnFigures[], names: Map<string, string>, accounts: string[],
  yearResult: Map<string, bigint> | null) {
  const groups = groupsOf(layout.sections);
  for (const account of accounts) {
    const matching = groups.filter((g) => inRanges(account, g.accounts));
    if (matching.length !== 1) throw new Error(`statements: account ${account} is in ${matching.length} groups of the ${layout.title} layout`);
  }
  const rows: StatementRow[] = [];
  const nulls = () => Object.fromEntries(columns.map((c) => [c.key, null]));
  const shown = (sign: bigint, sums: Map<string, bigint>) =>
    Object.fromEntries(columns.map((c) => [c.key, c.values ? minorForJson(sign * (sums.get(c.key) ?? 0n)) : null]));
  const add = (into: Map<string, bigint>, from: Map<string, bigint>) => { for (const [k, v] of from) into.set(k, (into.get(k) ?? 0n) + v); };
  const running = new Map<string, bigint>();
  const shownGroups = new Set<string>();
  const sectionTotals = new Map<string, Map<string, bigint>>();

  const walk = (node: LayoutNode, level: number, sign: bigint): Map<string, bigint> => {
    const sums = new Map<string, bigint>();
    if (node.kind === 'group') {
      const members = accounts.filter((a) => inRanges(a, node.accounts));
      const lines: StatementRow[] = [];
      for (const account of members) {
        const values = new Map(columns.map((c) => [c.key, c.values?.get(account) ?? 0n]));
        if ([...values.values()].every((v) => v === 0n)) continue;
        add(sums, values);
        lines.push({ kind: 'account', key: account, label: names.get(account) ?? '', level: level + 1, account, amounts: shown(sign, values) });
      }
      if (node.withYearResult && yearResult) {
        add(sums, yearResult);
        lines.push({ kind: 'year_result', key: 'year_result', label: 'Årets resultat', level: level + 1, account: null, amounts: shown(sign, yearResult) });
      }
      if (lines.length === 0 && !node.showWhenEmpty) return sums;
      shownGroups.add(node.key);
      rows.push({ kind: 'group', key: node.key, label: node.label, level, account: null, amounts: nulls() }, ...lines,
        { kind: 'group_total', key: node.key, label: `Summa ${node.label.charAt(0).toLowerCase()}${node.label.slice(1)}`, level, account: null, amounts: shown(sign, sums) });
      add(running, sums);
      return sums;
    }
    if (node.kind === 'section') {
      const start = rows.length;
      const groupsBefore = shownGroups.size;
      rows.push({ kind: 'section', key: node.key, label: node.label, level, account: null, amounts: nulls() });
      for (const child of node.children) add(sums, walk(child, level + 1, sign));
      sectionTotals.set(node.key, sums);
      // Lines without figures are left out (ÅRL practice): so is a section none of whose groups is shown (its sums are then 0).
      if (shownGroups.size === groupsBefore && !node.showWhenEmpty) { rows.length = start; return sums; }
      if (node.totalLabel) rows.push({ kind: 'section_total', key: node.key, label: node.totalLabel, level, account: null, amounts: shown(sign, sums) });
      return sums;
    }
    if (!node.onlyAfterGroup || shownGroups.has(node.onlyAfterGroup)) {
      rows.push({ kind: 'subtotal', key: node.key, label: node.label, level, account: null, amounts: shown(sign, running) });
    }
    return sums;
  };
  for (const section of layout.sections) walk(section, 0, BigInt(section.sign ?? layout.sign));
  return { rows, sectionTotals, running };
}

function columnsJson(columns: ColumnFigures[]): StatementColumn[] {
  return columns.map(({ key, label, from, to }) => ({ key, label, from, to }));
}

/** Income statement for fromPeriod..toPeriod and the year to toPeriod, with the previous year's same periods beside. */
export async function incomeStatement(db: Db, companyId: string,
  range: { fromPeriod: string; toPeriod: string; dimension?: StatementDimensionFilter }): Promise<Statement> {
  const window = await resolveWindow(db, companyId, range.fromPeriod, range.toPeriod);
  const dimension = await dimensionOf(db, companyId, range.dimension);
  const { year, previous, fromIndex, toIndex } = window;
  const from = `${range.fromPeriod}-01`;
  const to = lastDay(range.toPeriod);
  const current = await accountFigures(db, companyId, year, from, to, dimension);
  const previousPeriods = previous ? periodsOf(previous.startDate, previous.endDate) : [];
  const previousTo = previous ? previousPeriods[Math.min(toIndex, previousPeriods.length - 1)] : null;
  const previousFrom = previous && fromIndex < previousPeriods.length ? previousPeriods[fromIndex] : null;
  // A previous year without vouchers: an imported file's whole-year #RES, if any (statements-imported.ts).
  const imported = previous && previousTo
    ? await importedPreviousYear(db, companyId, previous, { endsAtYearEnd: previousTo === previousPeriods.at(-1), filtered: !!dimension }) : null;
  // Without a matching first period (the previous year is shorter than this range's start) everything is "before": only year to date.
  const before = imported ? (fromIndex === 0 ? imported.figures : null) : previous && previousTo
    ? await accountFigures(db, companyId, previous, previousFrom ? `${previousFrom}-01` : '9999-12-31', lastDay(previousTo), dimension)
    : null;
  const beforeYearToDate = imported ? imported.figures : before;
  const map = (figures: Map<string, AccountFigures> | null, pick: (f: AccountFigures) => bigint) =>
    figures ? new Map([...figures].map(([a, f]) => [a, pick(f)])) : null;
  const columns: ColumnFigures[] = [
    { key: 'period', label: `Perioden ${span(range.fromPeriod, range.toPeriod)}`, from, to, values: map(current, (f) => f.within) },
    { key: 'periodPrevious', label: previousFrom ? `Perioden föreg. år ${span(previousFrom, previousTo!)}` : 'Perioden föreg. år',
      from: previousFrom ? `${previousFrom}-01` : null, to: previousFrom && previousTo ? lastDay(previousTo) : null,
      values: previousFrom ? map(before, (f) => f.within) : null },
    { key: 'yearToDate', label: `Ackumulerat ${span(year.startDate.slice(0, 7), range.toPeriod)}`, from: year.startDate, to, values: map(current, (f) => f.before + f.within) },
    { key: 'yearToDatePrevious', label: previous && previousTo ? `Ackumulerat föreg. år ${span(previous.startDate.slice(0, 7), previousTo)}` : 'Ackumulerat föreg. år',
      from: previous?.startDate ?? null, to: previousTo ? lastDay(previousTo) : null, values: map(beforeYearToDate, (f) => f.before + f.within) },
  ];
  const names = new Map<string, string>();
  for (const figures of [beforeYearToDate, current]) for (const [a, f] of figures ?? []) if (f.name) names.set(a, f.name);
  const accounts = [...new Set([...current.keys(), ...(beforeYearToDate?.keys() ?? [])])].filter((a) => !isBalanceAccount(a)).sort();
  const { rows } = buildRows(incomeStatementLayout, columns, names, accounts, null);
  const resultMinor = Object.fromEntries(columns.map((c) => [c.key, c.values
    ? minorForJson(-accounts.reduce((s, a) => s + (c.values!.get(a) ?? 0n), 0n)) : null]));
  return {
    kind: 'income_statement', title: incomeStatementLayout.title, fiscalYear: year.year, fromPeriod: range.fromPeriod, toPeriod: range.toPeriod,
    previous: previous && previousTo ? { fiscalYear: previous.year, fromPeriod: previousFrom, toPeriod: previousTo } : null,
    dimension, openingBalancesIncluded: false, ...(imported ? { previousFromImport: true } : {}), columns: columnsJson(columns), rows,
    differenceMinor: Object.fromEntries(columns.map((c) => [c.key, c.values ? 0 : null])), resultMinor,
  };
}

/** Balance sheet at the end of toPeriod: opening balance, change and closing balance, and the previous year's closing at the same point. */
export async function balanceSheet(db: Db, companyId: string,
  range: { toPeriod: string; dimension?: StatementDimensionFilter }): Promise<Statement> {
  if (!periodPattern.test(range.toPeriod)) throw new LedgerRefusal('invalid_date', `"${range.toPeriod}" is not a period (YYYY-MM)`);
  const years = await db.select({ year: fiscalYears.year, startDate: fiscalYears.startDate, endDate: fiscalYears.endDate })
    .from(fiscalYears).where(eq(fiscalYears.companyId, companyId));
  const at = `${range.toPeriod}-01`;
  const covering = years.find((y) => y.startDate <= at && at <= y.endDate);
  if (!covering) throw new LedgerRefusal('no_fiscal_year', `No fiscal year covers ${range.toPeriod}`);
  const fromPeriod = covering.startDate.slice(0, 7);
  const { year, previous, toIndex } = await resolveWindow(db, companyId, fromPeriod, range.toPeriod);
  const dimension = await dimensionOf(db, companyId, range.dimension);
  const withOpening = !dimension;
  const to = lastDay(range.toPeriod);
  const current = await accountFigures(db, companyId, year, year.startDate, to, dimension);
  const previousPeriods = previous ? periodsOf(previous.startDate, previous.endDate) : [];
  const previousTo = previous ? previousPeriods[Math.min(toIndex, previousPeriods.length - 1)] : null;
  // A previous year without vouchers: an imported file's whole-year #UB/#RES, if any (statements-imported.ts).
  const imported = previous && previousTo
    ? await importedPreviousYear(db, companyId, previous, { endsAtYearEnd: previousTo === previousPeriods.at(-1), filtered: !!dimension }) : null;
  const before = imported ? imported.figures
    : previous && previousTo ? await accountFigures(db, companyId, previous, previous.startDate, lastDay(previousTo), dimension) : null;
  const map = (figures: Map<string, AccountFigures> | null, pick: (f: AccountFigures) => bigint) =>
    figures ? new Map([...figures].map(([a, f]) => [a, pick(f)])) : null;
  const columns: ColumnFigures[] = [
    { key: 'opening', label: `Ingående balans ${year.startDate}`, from: year.startDate, to: year.startDate,
      values: withOpening ? map(current, (f) => f.ib) : null },
    { key: 'change', label: `Förändring ${span(fromPeriod, range.toPeriod)}`, from: year.startDate, to, values: map(current, (f) => f.before + f.within) },
    { key: 'closing', label: `Utgående balans ${to}`, from: year.startDate, to, values: map(current, (f) => f.ib + f.before + f.within) },
    { key: 'closingPrevious', label: previousTo ? `Utgående balans föreg. år ${lastDay(previousTo)}` : 'Utgående balans föreg. år',
      from: previous?.startDate ?? null, to: previousTo ? lastDay(previousTo) : null, values: map(before, (f) => f.ib + f.before + f.within) },
  ];
  const names = new Map<string, string>();
  for (const figures of [before, current]) for (const [a, f] of figures ?? []) if (f.name) names.set(a, f.name);
  const all = [...new Set([...current.keys(), ...(before?.keys() ?? [])])].sort();
  const accounts = all.filter(isBalanceAccount);
  // The year's result so far: the balance of every result account (debit − credit), shown in equity.
  const resultAccounts = all.filter((a) => !isBalanceAccount(a));
  const yearResult = new Map(columns.map((c) => [c.key, resultAccounts.reduce((s, a) => s + (c.values?.get(a) ?? 0n), 0n)]));
  const { rows, sectionTotals } = buildRows(balanceSheetLayout, columns, names, accounts, yearResult);
  const assets = sectionTotals.get('assets')!;
  const claims = sectionTotals.get('equity_and_liabilities')!;
  // Debit − credit over everything: assets (debit) plus equity and liabilities (credit, negative) is 0 when it balances.
  const differenceMinor = Object.fromEntries(columns.map((c) => [c.key, c.values
    ? minorForJson((assets.get(c.key) ?? 0n) + (claims.get(c.key) ?? 0n)) : null]));
  return {
    kind: 'balance_sheet', title: balanceSheetLayout.title, fiscalYear: year.year, fromPeriod, toPeriod: range.toPeriod,
    previous: previous && previousTo ? { fiscalYear: previous.year, fromPeriod: previous.startDate.slice(0, 7), toPeriod: previousTo } : null,
    dimension, openingBalancesIncluded: withOpening, ...(imported ? { previousFromImport: true } : {}), columns: columnsJson(columns), rows, differenceMinor,
    resultMinor: Object.fromEntries(columns.map((c) => [c.key, c.values ? minorForJson(-(yearResult.get(c.key) ?? 0n)) : null])),
  };
}
