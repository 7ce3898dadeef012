/**
 * Operators for finance rules, beyond standard JSON Logic. They never throw on
 * bad data: an invalid date, amount or text gives null (or false for the
 * yes/no operators). Wrong argument counts and invalid literal options (an
 * unknown rounding mode, an unsafe regex) are compile-time errors.
 */
import {
  type CompiledNode,
  type Evaluator,
  type OperatorDefinition,
  type OperatorSite,
} from './compiled-node.ts';
import {
  addDays,
  addMonths,
  datePart,
  dateParts,
  daysBetween,
  endOfMonth,
  isDatePart,
  isPeriodUnit,
  isoDateNumber,
  periodUnits,
  samePeriod,
  startOfMonth,
} from './calendar-date.ts';
import { decimalsMax, isRoundingMode, percentOf, percentOfIntegers, roundDecimal, roundingModes } from './decimal-round.ts';
import { ocrValid } from './ocr-reference.ts';
import { nameSimilarity } from './name-similarity.ts';
import { compileSafeRegex, regexSubject, unsafeFlagsReason } from './safe-regex.ts';
import { charge, charged } from './budget.ts';
import { readLedgerBalance } from './ledger-balance.ts';
import type { RulePath } from './errors.ts';
import {
  foldCase,
  icontains,
  icontainsFolded,
  icontainsLatin1,
  istartsWith,
  istartsWithFolded,
  istartsWithLatin1Prefix,
  latin1Matcher,
  matchableText,
} from './text-match.ts';

/** An operator's work on its evaluated arguments (at most three; absent ones are undefined). */
type Apply = (a: unknown, b: unknown, c: unknown) => unknown;

function finance(
  argsMin: number,
  argsMax: number,
  apply: Apply,
  specialise?: (args: readonly CompiledNode[], site: OperatorSite) => Evaluator | undefined | null,
): OperatorDefinition {
  return {
    pure: true,
    compile(args, site) {
      if (args.length < argsMin || args.length > argsMax) {
        const expected = argsMin === argsMax ? `${argsMin}` : `${argsMin} to ${argsMax}`;
        site.fail('invalid_argument', `"${site.op}" takes ${expected} argument${argsMax === 1 ? '' : 's'}, got ${args.length}`, site.path);
        return () => null;
      }
      if (specialise !== undefined) {
        const evaluator = specialise(args, site);
        // null: the specialiser reported a problem
        if (evaluator === null) return () => null;
        if (evaluator !== undefined) return evaluator;
      }
      // arguments pay for their size: the text operators read a whole text (budget.ts).
      // Fixed arities: no argument array per call.
      const path = site.path;
      const fa = args[0].evaluate;
      if (args.length === 1) return (d) => apply(charged(fa(d), path), undefined, undefined);
      const fb = args[1].evaluate;
      if (args.length === 2) return (d) => apply(charged(fa(d), path), charged(fb(d), path), undefined);
      const fc = args[2].evaluate;
      return (d) => apply(charged(fa(d), path), charged(fb(d), path), charged(fc(d), path));
    },
  };
}

/** Checks a literal option (mode, unit, part); a computed one is checked at run time. */
function literalOption(
  args: readonly CompiledNode[],
  index: number,
  site: OperatorSite,
  valid: (value: unknown) => boolean,
  allowed: readonly string[],
): boolean {
  const arg = args[index];
  if (arg === undefined || !arg.constant || valid(arg.value)) return true;
  site.fail('invalid_argument', `"${site.op}": ${JSON.stringify(arg.value)} is not one of ${allowed.join(', ')}`, site.argPath(index));
  return false;
}

const ocrValidOperator = finance(1, 2, (reference) => ocrValid(reference), (args, site) => {
  if (args.length === 1) return undefined;
  const option = args[1];
  if (!option.constant || option.value !== 'length') {
    site.fail('invalid_argument', '"ocr_valid": the second argument can only be the literal "length"', site.argPath(1));
    return null;
  }
  const reference = args[0].evaluate;
  return (d) => ocrValid(charged(reference(d), site.path), true);
});

const roundOperator = finance(1, 3, (value, decimals, mode) => roundDecimal(value, decimals ?? 0, mode ?? 'half_up'), (args, site) => {
  const decimals = args[1];
  if (decimals !== undefined && decimals.constant) {
    const n = decimals.value;
    if (typeof n !== 'number' || !Number.isInteger(n) || Math.abs(n) > decimalsMax) {
      site.fail('invalid_argument', `"round": decimals must be an integer from -${decimalsMax} to ${decimalsMax}`, site.argPath(1));
      return null;
    }
  }
  return literalOption(args, 2, site, isRoundingMode, roundingModes) ? undefined : null;
});

const percentOfOperator = finance(2, 3, (amount, percent, mode) => percentOf(amount, percent, mode ?? 'half_up'), (args, site) => {
  if (!literalOption(args, 2, site, isRoundingMode, roundingModes)) return null;
  const percent = args[1];
  const modeArg = args[2];
  const mode = modeArg === undefined ? 'half_up' : modeArg.constant ? modeArg.value : undefined;
  if (!percent.constant || typeof percent.value !== 'number' || !Number.isInteger(percent.value) || !isRoundingMode(mode)) return undefined;
  // a literal integer percent and mode (`{"percent_of": [amount, 25]}`): safe integer amounts skip the general path
  const rate = percent.value;
  const amount = args[0].evaluate;
  const path = site.path;
  if (mode === 'half_up') {
    // The default mode, without percentOfIntegers' call, switch and `%` (a
    // floating-point remainder is a C call). For a safe integer product p,
    // p / 100 is exact at the halves (k + 0.5 is a double) and elsewhere at
    // least 0.01 from one, more than its rounding error (under 0.008 below
    // 2^53), so rounding it half away from zero is half_up of p / 100.
    return (d) => {
      const value = amount(d);
      if (typeof value === 'number') {
        const product = value * rate;
        if (Number.isSafeInteger(product) && Number.isSafeInteger(value)) {
          const exact = product / 100;
          const result = exact < 0 ? -Math.round(-exact) : Math.round(exact);
          return result === 0 ? 0 : result;
        }
      }
      return percentOf(charged(value, path), rate, mode);
    };
  }
  return (d) => {
    const value = amount(d);
    if (typeof value === 'number' && Number.isSafeInteger(value)) {
      const result = percentOfIntegers(value, rate, mode);
      if (result !== null) return result;
    }
    return percentOf(charged(value, path), rate, mode);
  };
});

/**
 * `same_period` with the unit known at compile time (a literal, or none:
 * month): one closure per unit, reading both dates with char codes
 * (isoDateNumber: no slice, no RegExp, no object) and comparing numbers.
 * Texts pay their length, like the general form; anything else goes the
 * general way (samePeriod after charged()).
 */
function samePeriodOfUnit(fa: Evaluator, fb: Evaluator, unit: 'month' | 'quarter' | 'year', path: RulePath): Evaluator {
  switch (unit) {
    case 'month':
      return (d) => {
        const a = fa(d);
        const b = fb(d);
        if (typeof a !== 'string' || typeof b !== 'string') return samePeriod(charged(a, path), charged(b, path), 'month');
        charge(a.length + b.length, path);
        const x = isoDateNumber(a);
        const y = isoDateNumber(b);
        // YYYYMMDD: year and month are the number without its last two digits
        return x < 0 || y < 0 ? null : ((x / 100) | 0) === ((y / 100) | 0);
      };
    case 'year':
      return (d) => {
        const a = fa(d);
        const b = fb(d);
        if (typeof a !== 'string' || typeof b !== 'string') return samePeriod(charged(a, path), charged(b, path), 'year');
        charge(a.length + b.length, path);
        const x = isoDateNumber(a);
        const y = isoDateNumber(b);
        return x < 0 || y < 0 ? null : ((x / 10000) | 0) === ((y / 10000) | 0);
      };
    case 'quarter':
      return (d) => {
        const a = fa(d);
        const b = fb(d);
        if (typeof a !== 'string' || typeof b !== 'string') return samePeriod(charged(a, path), charged(b, path), 'quarter');
        charge(a.length + b.length, path);
        const x = isoDateNumber(a);
        const y = isoDateNumber(b);
        if (x < 0 || y < 0) return null;
        // same year, and the same quarter: months 1–3 → 0, 4–6 → 1, …
        return ((x / 10000) | 0) === ((y / 10000) | 0) && (((((x / 100) | 0) % 100) - 1) / 3 | 0) === (((((y / 100) | 0) % 100) - 1) / 3 | 0);
      };
  }
}

const samePeriodOperator = finance(2, 3, (a, b, unit) => samePeriod(a, b, unit ?? 'month'), (args, site) => {
  if (!literalOption(args, 2, site, isPeriodUnit, periodUnits)) return null;
  const unit = args.length === 2 ? 'month' : args[2].constant ? args[2].value : undefined;
  if (unit !== 'month' && unit !== 'quarter' && unit !== 'year') return undefined;
  return samePeriodOfUnit(args[0].evaluate, args[1].evaluate, unit, site.path);
});

const datePartOperator = finance(2, 2, (date, part) => datePart(date, part), (args, site) =>
  literalOption(args, 1, site, isDatePart, dateParts) ? undefined : null,
);

/**
 * A literal needle is case-folded once, at compile time; a Latin-1 needle
 * (the usual case) is matched through a Latin-1 matcher (text-match.ts).
 */
function caseInsensitive(
  general: (text: unknown, part: unknown) => boolean,
  folded: (text: unknown, foldedPart: string) => boolean,
  latin1: (text: unknown, matcher: RegExp, foldedPart: string) => boolean,
  prefix: boolean,
): OperatorDefinition {
  const definition = finance(2, 2, (text, part) => general(text, part), (args, site) => {
    const foldedPart = foldedLiteral(args);
    if (foldedPart === null) return undefined;
    const text = args[0].evaluate;
    const path = site.path;
    const matcher = latin1Matcher([{ folded: foldedPart, prefix }]);
    if (matcher !== null) return (d) => latin1(charged(text(d), path), matcher, foldedPart);
    return (d) => folded(charged(text(d), path), foldedPart);
  });
  return {
    ...definition,
    boolean: true,
    textSearch(args) {
      const foldedPart = args.length === 2 ? foldedLiteral(args) : null;
      return foldedPart === null ? undefined : { source: args[0], folded: foldedPart, prefix };
    },
  };
}

/** The second argument, a literal needle, case-folded; null when it is not a literal text or number. */
function foldedLiteral(args: readonly CompiledNode[]): string | null {
  const needle = args[1];
  const part = needle.constant ? matchableText(needle.value) : null;
  return part === null ? null : foldCase(part);
}

/** The pattern (and flags) must be literals; the RE2 program is built once (safe-regex.ts). */
const regexTestOperator = finance(2, 3, () => false, (args, site) => {
  const pattern = args[0];
  if (!pattern.constant || typeof pattern.value !== 'string') {
    site.fail('invalid_argument', '"regex_test": the pattern must be a literal string', site.argPath(0));
    return null;
  }
  const flagsArg = args[2];
  let flags = '';
  if (flagsArg !== undefined) {
    if (!flagsArg.constant || typeof flagsArg.value !== 'string') {
      site.fail('invalid_argument', '"regex_test": the flags must be a literal string', site.argPath(2));
      return null;
    }
    flags = flagsArg.value;
    const reason = unsafeFlagsReason(flags);
    if (reason !== null) {
      site.fail('invalid_argument', `"regex_test": ${reason}`, site.argPath(2));
      return null;
    }
  }
  const compiled = compileSafeRegex(pattern.value, flags);
  if (typeof compiled === 'string') {
    site.fail('invalid_argument', `"regex_test": ${compiled}`, site.argPath(0));
    return null;
  }
  const { regex, costPerCharacter } = compiled;
  const text = args[1].evaluate;
  const path = site.path;
  return (d) => {
    const subject = regexSubject(text(d));
    if (subject === null) return false;
    charge(subject.length * costPerCharacter, path);
    return regex.test(subject);
  };
});

/**
 * balance [account, from, to]: the account's balance in minor units, read from the balances the run
 * fetched before evaluating (ledger-balance.ts). Not pure: never folded at compile time.
 */
const balanceOperator: OperatorDefinition = {
  pure: false,
  compile(args, site) {
    if (args.length !== 3) {
      site.fail('invalid_argument', `"balance" takes 3 arguments [account, from, to], got ${args.length}`, site.path);
      return () => null;
    }
    const [account, from, to] = args.map((a) => a.evaluate);
    const path = site.path;
    return (d) => readLedgerBalance(account(d), from(d), to(d), path);
  },
};

export const financeOperators: ReadonlyMap<string, OperatorDefinition> = new Map<string, OperatorDefinition>([
  ['ocr_valid', ocrValidOperator],
  ['days_between', finance(2, 2, (a, b) => daysBetween(a, b))],
  ['add_days', finance(2, 2, (date, days) => addDays(date, days))],
  ['add_months', finance(2, 2, (date, months) => addMonths(date, months))],
  ['start_of_month', finance(1, 1, (date) => startOfMonth(date))],
  ['end_of_month', finance(1, 1, (date) => endOfMonth(date))],
  ['same_period', samePeriodOperator],
  ['date_part', datePartOperator],
  ['round', roundOperator],
  // abs: the magnitude of a number (amounts out of the bank are negative); json-logic-js number coercion.
  ['abs', finance(1, 1, (value) => {
    const n = typeof value === 'number' ? value : Number(value);
    return Number.isNaN(n) ? null : Math.abs(n);
  })],
  ['percent_of', percentOfOperator],
  // yes/no operators: `and`/`or`/`if` over them skip the truthiness check
  ['icontains', caseInsensitive(icontains, icontainsFolded, icontainsLatin1, false)],
  // a Latin-1 prefix is compared character by character (no search through the matcher)
  ['istarts_with', caseInsensitive(istartsWith, istartsWithFolded, (text, _matcher, folded) => istartsWithLatin1Prefix(text, folded), true)],
  ['similarity', finance(2, 2, (a, b) => nameSimilarity(a, b))],
  ['regex_test', regexTestOperator],
  ['balance', balanceOperator],
]);
