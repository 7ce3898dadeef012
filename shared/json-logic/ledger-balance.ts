/**
 * `{"balance": [account, from, to]}`: an account's balance in the company's
 * ledger, in minor units (debit positive, credit negative), for accruals,
 * allocations and closing entries.
 *
 * The evaluator is synchronous and runs in the browser too, so it never reads
 * a database. A run collects the balances a rule can ask for BEFORE it
 * evaluates anything (`balanceCalls`: every argument is a literal or an
 * `event.…` var, else the rule is refused at validation), resolves them
 * against the event (`resolveBalanceCall`), reads them through the ledger
 * port in one bounded query (at most `balanceRequestsMax` per run), and
 * evaluates inside `withLedgerBalances`: the operator only looks its
 * arguments up in that map.
 *
 * - account: "1930", or a range "3000-3999" (inclusive, same length);
 * - from: a date "YYYY-MM-DD", a keyword (below), or null: from the start of
 *   the fiscal year `to` is in, its opening balance included (a balance-sheet
 *   account's balance at `to`);
 * - to: a date or a keyword;
 * - keywords, relative to the event's date (`eventDateOf`): "period_start", "period_end" (its month),
 *   "previous_period_start", "previous_period_end" (the month before).
 */
import { JsonLogicError, type RulePath } from './errors.ts';
import { addMonths, endOfMonth, parseIsoDate, startOfMonth } from './calendar-date.ts';

/** Most distinct balances one run may read (documented in README.md). */
export const balanceRequestsMax = 50;

export const balanceDateKeywords = ['period_start', 'period_end', 'previous_period_start', 'previous_period_end'] as const;
export type BalanceDateKeyword = (typeof balanceDateKeywords)[number];

/** An argument as written: a literal, or an `event.…` var read from the run's event. */
export type BalanceArgument = { literal: string | null } | { eventPath: string };

/** One `balance` in a rule, before the event is known. */
export interface BalanceCall {
  /** where the operator is in the rule */
  path: RulePath;
  args: [BalanceArgument, BalanceArgument, BalanceArgument];
}

/** One balance to read: accounts `accountFrom..accountTo`, dates `from..to` (from null: the fiscal year's start, opening balance included). */
export interface BalanceRequest {
  accountFrom: string;
  accountTo: string;
  from: string | null;
  to: string;
}

/** The key of a resolved request, as the port answers it. */
export const balanceRequestKey = (r: BalanceRequest): string => `${r.accountFrom}-${r.accountTo}|${r.from ?? ''}|${r.to}`;
/** The key the operator looks up: its arguments' values as evaluated (before keywords are resolved). */
export const balanceValuesKey = (account: unknown, from: unknown, to: unknown): string => JSON.stringify([account ?? null, from ?? null, to ?? null]);

/** json-logic-js's test (as compile.ts isOperation; not imported, so compile.ts → finance-operators.ts → here has no cycle). */
function isOperation(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1;
}

const itemOperators = new Set(['map', 'filter', 'reduce', 'all', 'none', 'some']);

function accountRange(value: string): { accountFrom: string; accountTo: string } | null {
  const match = /^(\d{1,10})(?:-(\d{1,10}))?$/.exec(value);
  if (!match) return null;
  const accountFrom = match[1];
  const accountTo = match[2] ?? match[1];
  if (accountTo.length !== accountFrom.length || accountTo < accountFrom) return null;
  return { accountFrom, accountTo };
}

const isKeyword = (value: string): value is BalanceDateKeyword => (balanceDateKeywords as readonly string[]).includes(value);
const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && parseIsoDate(value) !== null;

/** Why a literal argument is refused, or null. */
function literalProblem(index: number, value: unknown): string | null {
  if (index === 0) {
    return typeof value === 'string' && accountRange(value) ? null : `the account must be "1930" or a range "3000-3999", got ${JSON.stringify(value)}`;
  }
  if (value === null && index === 1) return null;
  if (typeof value === 'string' && (isDate(value) || isKeyword(value))) return null;
  return `${index === 1 ? 'from' : 'to'} must be a date "YYYY-MM-DD" or one of ${balanceDateKeywords.join(', ')}${index === 1 ? ' (or null: from the fiscal year\'s opening balance)' : ''}, got ${JSON.stringify(value)}`;
}

/**
 * Every `balance` in a rule, with its arguments, and the problems that make a
 * rule unreadable before the run (a computed argument, a var that is not
 * `event.…`, a var inside map/filter/…, a bad literal, more calls than the limit).
 */
export function balanceCalls(rule: unknown): { calls: BalanceCall[]; problems: JsonLogicError[] } {
  const calls: BalanceCall[] = [];
  const problems: JsonLogicError[] = [];
  const walk = (node: unknown, path: RulePath, inItem: boolean): void => {
    if (Array.isArray(node)) { node.forEach((element, i) => walk(element, [...path, i], inItem)); return; }
    if (!isOperation(node)) return;
    const op = Object.keys(node)[0];
    const raw = node[op];
    const args: readonly unknown[] = Array.isArray(raw) ? raw : [raw];
    const argPath = (i: number): RulePath => (Array.isArray(raw) ? [...path, op, i] : [...path, op]);
    if (op !== 'balance') {
      args.forEach((arg, i) => walk(arg, argPath(i), inItem || (itemOperators.has(op) && i === 1)));
      return;
    }
    if (args.length !== 3) {
      problems.push(new JsonLogicError('invalid_argument', `"balance" takes 3 arguments [account, from, to], got ${args.length}`, path));
      return;
    }
    const parsed: BalanceArgument[] = [];
    args.forEach((arg, i) => {
      if (isOperation(arg) && 'var' in arg) {
        const key = Array.isArray(arg.var) ? arg.var[0] : arg.var;
        const extra = Array.isArray(arg.var) && arg.var.length > 1;
        if (inItem) {
          problems.push(new JsonLogicError('invalid_argument', '"balance" inside map/filter/reduce/all/none/some takes literal arguments only: its balances are read before the run', argPath(i)));
        } else if (typeof key !== 'string' || !/^event\.[A-Za-z0-9_.]+$/.test(key) || extra) {
          problems.push(new JsonLogicError('invalid_argument', `"balance" reads its arguments before the run: a var must be a plain "event.…" path, got ${JSON.stringify(arg)}`, argPath(i)));
        } else {
          parsed.push({ eventPath: key.slice('event.'.length) });
        }
        return;
      }
      if (isOperation(arg) || Array.isArray(arg)) {
        problems.push(new JsonLogicError('invalid_argument', '"balance" reads its arguments before the run: each must be a literal or an "event.…" var, not a computed value', argPath(i)));
        return;
      }
      const problem = literalProblem(i, arg);
      if (problem) problems.push(new JsonLogicError('invalid_argument', `"balance": ${problem}`, argPath(i)));
      else parsed.push({ literal: arg as string | null });
    });
    if (parsed.length === 3) calls.push({ path, args: parsed as BalanceCall['args'] });
  };
  walk(rule, [], false);
  if (calls.length > balanceRequestsMax) {
    problems.push(new JsonLogicError('invalid_argument', `The rule reads ${calls.length} balances; at most ${balanceRequestsMax} per run`, calls[balanceRequestsMax].path));
  }
  return { calls, problems };
}

/** The date a keyword stands for, relative to `day` (YYYY-MM-DD). */
function keywordDate(keyword: BalanceDateKeyword, day: string): string {
  const month = keyword.startsWith('previous_') ? addMonths(startOfMonth(day), -1)! : startOfMonth(day)!;
  return keyword.endsWith('_start') ? month : endOfMonth(month)!;
}

/**
 * The fields an event's date is read from, in order: the first that holds a
 * date "YYYY-MM-DD" wins (a schedule's `scheduledDate` is its local day; a
 * bank line has `bookingDate`; an invoice `invoiceDate`). None: the day the
 * event arrived — never the wall clock of the run.
 */
export const eventDateFields = ['date', 'scheduledDate', 'bookingDate', 'invoiceDate'] as const;

/** The event's date for the period keywords: the first of `eventDateFields` that is a date, else `arrivalDay`. */
export function eventDateOf(event: Record<string, unknown>, arrivalDay: string): string {
  for (const field of eventDateFields) {
    const value = event[field];
    if (typeof value === 'string' && isDate(value)) return value;
  }
  return arrivalDay;
}

/**
 * A call's arguments as the operator will see them (`values`, for its lookup key) and the
 * request they stand for, or why they cannot be read (an event field that is not a date…).
 */
export function resolveBalanceCall(
  call: BalanceCall, event: Record<string, unknown>,
  /** the day the event arrived (YYYY-MM-DD): the keywords' day when the event carries no date of its own */
  arrivalDay: string,
): { values: [unknown, unknown, unknown]; request: BalanceRequest } | { problem: string } {
  const values = call.args.map((arg) => {
    if ('literal' in arg) return arg.literal;
    let current: unknown = event;
    for (const key of arg.eventPath.split('.')) {
      if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, key)) return undefined;
      current = (current as Record<string, unknown>)[key];
    }
    return current;
  }) as [unknown, unknown, unknown];
  for (let i = 0; i < 3; i++) {
    const problem = literalProblem(i, values[i]);
    if (problem) return { problem: `"balance" at ${call.path.join('.') || 'the root'}: ${problem}` };
  }
  const eventDay = eventDateOf(event, arrivalDay);
  const date = (value: unknown): string | null => (value === null ? null : isKeyword(value as string) ? keywordDate(value as BalanceDateKeyword, eventDay) : value as string);
  const from = date(values[1]);
  const to = date(values[2])!;
  if (from !== null && from > to) return { problem: `"balance" at ${call.path.join('.') || 'the root'}: from ${from} is after to ${to}` };
  return { values, request: { ...accountRange(values[0] as string)!, from, to } };
}

/** The balances a run read, by `balanceValuesKey`. */
export type LedgerBalances = ReadonlyMap<string, number>;

let current: LedgerBalances | null = null;

/** Evaluates `fn` with `balances` readable by the `balance` operator (synchronously: the evaluator never awaits). */
export function withLedgerBalances<T>(balances: LedgerBalances, fn: () => T): T {
  const outer = current;
  current = balances;
  try {
    return fn();
  } finally {
    current = outer;
  }
}

/** The operator's lookup; a balance not read before the run is an error naming the node (never a silent 0). */
export function readLedgerBalance(account: unknown, from: unknown, to: unknown, path: RulePath): number {
  const value = current?.get(balanceValuesKey(account, from, to));
  if (value === undefined) {
    throw new JsonLogicError('invalid_argument', current === null
      ? '"balance" reads the ledger: it is evaluated only in a run (or a dry run), which reads the balances first'
      : `"balance" of ${JSON.stringify([account ?? null, from ?? null, to ?? null])} was not read before the run`, path);
  }
  return value;
}
