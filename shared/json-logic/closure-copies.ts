/* eslint-disable @typescript-eslint/no-explicit-any -- JSON Logic follows JavaScript's coercions on purpose */
/**
 * Hand-written copies of the hottest closure shapes (issue 14), for the same
 * reason as var-path.ts's reader copies: V8 keeps call and type feedback per
 * function literal, not per closure. With one literal for every
 * `{">": [{"var": …}, 5]}` of every rule, its `read(d)` call sees every
 * rule's readers and cannot be inlined; with 16 copies handed out in turn,
 * each copy sees a few readers (V8 inlines up to four targets at a call
 * site), so a comparison and its `var` read become one piece of machine
 * code, as in generated code, without generating any. The copies are plain
 * source, written once and identical (a test checks it); nothing is
 * generated at run time.
 *
 * - numberComparisonCopies: `field OP c` with c a number, OP one of
 *   `<` `<=` `>` `>=` and `==`/`!=` (relation 0–5); a number compares
 *   directly, anything else is coerced and pays for its size (budget.ts),
 *   exactly like the single-literal forms in standard-operators.ts.
 * - textComparisonCopies: the same with c a text.
 * - junctionCopies: `and`/`or` of two or three yes/no tests (the third is
 *   `alwaysTrue`/`alwaysFalse` for two).
 */
import type { Evaluator } from './compiled-node.ts';
import type { RulePath } from './errors.ts';
import { charged } from './budget.ts';

/** `<` `<=` `>` `>=` `==` `!=` as the relation numbers of the copies. */
export const relationNumber = { '<': 0, '<=': 1, '>': 2, '>=': 3, '==': 4, '!=': 5 } as const;

/** The coercing comparison (JavaScript's own), for values that are not of the constant's type. */
function compareCoerced(v: any, c: any, relation: number): boolean {
  switch (relation) {
    case 0:
      return v < c;
    case 1:
      return v <= c;
    case 2:
      return v > c;
    case 3:
      return v >= c;
    case 4:
      return v == c;
    default:
      return v != c;
  }
}

type ComparisonFactory = (read: Evaluator, c: any, relation: number, path: RulePath) => Evaluator;
type JunctionFactory = (first: Evaluator, second: Evaluator, third: Evaluator, all: boolean) => Evaluator;

export const numberComparisonCopies: readonly ComparisonFactory[] = [
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'number') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'number') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'number') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'number') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'number') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'number') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'number') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'number') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'number') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'number') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'number') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'number') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'number') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'number') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'number') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'number') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
];

export const textComparisonCopies: readonly ComparisonFactory[] = [
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'string') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'string') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'string') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'string') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'string') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'string') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'string') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'string') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'string') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'string') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'string') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'string') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'string') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'string') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'string') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
  (read: Evaluator, c: any, relation: number, path: RulePath): Evaluator => (d) => {
    const v = read(d);
    if (typeof v === 'string') return relation === 0 ? v < c : relation === 1 ? v <= c : relation === 2 ? v > c : relation === 3 ? v >= c : relation === 4 ? v === c : v !== c;
    return compareCoerced(charged(v, path), c, relation);
  },
];

export const junctionCopies: readonly JunctionFactory[] = [
  (first: Evaluator, second: Evaluator, third: Evaluator, all: boolean): Evaluator => (d) =>
    all ? first(d) && second(d) && third(d) : first(d) || second(d) || third(d),
  (first: Evaluator, second: Evaluator, third: Evaluator, all: boolean): Evaluator => (d) =>
    all ? first(d) && second(d) && third(d) : first(d) || second(d) || third(d),
  (first: Evaluator, second: Evaluator, third: Evaluator, all: boolean): Evaluator => (d) =>
    all ? first(d) && second(d) && third(d) : first(d) || second(d) || third(d),
  (first: Evaluator, second: Evaluator, third: Evaluator, all: boolean): Evaluator => (d) =>
    all ? first(d) && second(d) && third(d) : first(d) || second(d) || third(d),
  (first: Evaluator, second: Evaluator, third: Evaluator, all: boolean): Evaluator => (d) =>
    all ? first(d) && second(d) && third(d) : first(d) || second(d) || third(d),
  (first: Evaluator, second: Evaluator, third: Evaluator, all: boolean): Evaluator => (d) =>
    all ? first(d) && second(d) && third(d) : first(d) || second(d) || third(d),
  (first: Evaluator, second: Evaluator, third: Evaluator, all: boolean): Evaluator => (d) =>
    all ? first(d) && second(d) && third(d) : first(d) || second(d) || third(d),
  (first: Evaluator, second: Evaluator, third: Evaluator, all: boolean): Evaluator => (d) =>
    all ? first(d) && second(d) && third(d) : first(d) || second(d) || third(d),
  (first: Evaluator, second: Evaluator, third: Evaluator, all: boolean): Evaluator => (d) =>
    all ? first(d) && second(d) && third(d) : first(d) || second(d) || third(d),
  (first: Evaluator, second: Evaluator, third: Evaluator, all: boolean): Evaluator => (d) =>
    all ? first(d) && second(d) && third(d) : first(d) || second(d) || third(d),
  (first: Evaluator, second: Evaluator, third: Evaluator, all: boolean): Evaluator => (d) =>
    all ? first(d) && second(d) && third(d) : first(d) || second(d) || third(d),
  (first: Evaluator, second: Evaluator, third: Evaluator, all: boolean): Evaluator => (d) =>
    all ? first(d) && second(d) && third(d) : first(d) || second(d) || third(d),
  (first: Evaluator, second: Evaluator, third: Evaluator, all: boolean): Evaluator => (d) =>
    all ? first(d) && second(d) && third(d) : first(d) || second(d) || third(d),
  (first: Evaluator, second: Evaluator, third: Evaluator, all: boolean): Evaluator => (d) =>
    all ? first(d) && second(d) && third(d) : first(d) || second(d) || third(d),
  (first: Evaluator, second: Evaluator, third: Evaluator, all: boolean): Evaluator => (d) =>
    all ? first(d) && second(d) && third(d) : first(d) || second(d) || third(d),
  (first: Evaluator, second: Evaluator, third: Evaluator, all: boolean): Evaluator => (d) =>
    all ? first(d) && second(d) && third(d) : first(d) || second(d) || third(d),
];

export const alwaysTrue: Evaluator = () => true;
export const alwaysFalse: Evaluator = () => false;

let nextComparison = 0;
let nextJunction = 0;

/** `read(d) OP c` for a number or text constant c, on the next copy in turn. */
export function comparisonToConstant(read: Evaluator, c: number | string, relation: number, path: RulePath): Evaluator {
  const copies = typeof c === 'number' ? numberComparisonCopies : textComparisonCopies;
  const copy = copies[nextComparison];
  nextComparison = (nextComparison + 1) % copies.length;
  return copy(read, c, relation, path);
}

/** `and` (all) or `or` of two or three yes/no tests, on the next copy in turn. */
export function junction(tests: readonly Evaluator[], all: boolean): Evaluator {
  const copy = junctionCopies[nextJunction];
  nextJunction = (nextJunction + 1) % junctionCopies.length;
  return copy(tests[0], tests[1], tests.length === 3 ? tests[2] : all ? alwaysTrue : alwaysFalse, all);
}
