/* eslint-disable @typescript-eslint/no-explicit-any -- JSON Logic follows JavaScript's coercions on purpose */
import type { JsonLogicErrorCode, RulePath } from './errors.ts';

/** One compiled node of a rule: a closure over the data it is evaluated against. */
export type Evaluator = (data: any) => any;

export interface CompiledNode {
  evaluate: Evaluator;
  /**
   * The node gives the same `value` whatever the data: a literal, or a pure
   * subtree folded at compile time. Arrays are never constant (a rule's array
   * is a fresh array on every evaluation, as in json-logic-js).
   */
  constant: boolean;
  value: unknown;
  /** a literal array whose elements are all constant, for read-only use (`in`) */
  items?: readonly unknown[];
  /** a `var` with a literal path (no blocked key) and a constant fallback: the path and the not-found value */
  varPath?: readonly string[];
  varNotFound?: unknown;
  /** always evaluates to true or false */
  boolean?: boolean;
  /** an `icontains`/`istarts_with` with a literal needle, so `or` can search several needles in one pass */
  textSearch?: TextSearch;
  /** a `+` of exactly `{"var": "accumulator"}` and one more term: that term, so `reduce` can keep the sum in a number */
  accumulatorTerm?: AccumulatorTerm;
  /** a `missing` of literal keys: true when none is missing (what `!` of it gives), without building the list */
  allPresent?: Evaluator;
}

/** What `reduce` needs to run `{"+": [{"var": "accumulator"}, term]}` without the `+` closure. */
export interface AccumulatorTerm {
  /** the second term, evaluated against the reduce scope */
  term: Evaluator;
  /** the `+` node's path (where its coercions are charged) */
  path: RulePath;
}

/** What `or` needs to fuse case-insensitive searches of the same text. */
export interface TextSearch {
  /** the text argument */
  source: CompiledNode;
  /** the needle, case-folded */
  folded: string;
  /** istarts_with (true) or icontains (false) */
  prefix: boolean;
}

/** What an operator sees of the place it is compiled at. */
export interface OperatorSite {
  readonly op: string;
  /** path of the object that holds the operator */
  readonly path: RulePath;
  /** the arguments as written (after the unary shorthand is expanded) */
  readonly rawArgs: readonly unknown[];
  argPath(index: number): RulePath;
  /** the cost of running argument `index` once (budget.ts ruleWeight), charged per item by loop operators */
  weight(index: number): number;
  /** a compile-time problem: compile() throws it, analyze() collects it */
  fail(code: JsonLogicErrorCode, message: string, path?: RulePath): void;
  /** where `log` sends values */
  readonly log: (value: unknown) => void;
}

export interface OperatorDefinition {
  /** no data access and no side effect: folded at compile time when every argument is constant */
  pure: boolean;
  /** always returns true or false */
  boolean?: boolean;
  /** returns true or false for these arguments (`and`/`or` of yes/no tests) */
  booleanFor?(args: readonly CompiledNode[]): boolean;
  compile(args: readonly CompiledNode[], site: OperatorSite): Evaluator;
  /** a text search to record on the compiled node (see CompiledNode.textSearch) */
  textSearch?(args: readonly CompiledNode[]): TextSearch | undefined;
  /** an accumulator term to record on the compiled node (see CompiledNode.accumulatorTerm) */
  accumulatorTerm?(args: readonly CompiledNode[], site: OperatorSite): AccumulatorTerm | undefined;
  /** a test of "nothing missing" to record on the compiled node (see CompiledNode.allPresent) */
  allPresent?(args: readonly CompiledNode[]): Evaluator | undefined;
}

export function constantNode(value: unknown): CompiledNode {
  return { evaluate: () => value, constant: true, value };
}

export const undefinedNode: CompiledNode = constantNode(undefined);

/** The argument at `index`, or a constant `undefined` when the rule has fewer. */
export function argAt(args: readonly CompiledNode[], index: number): CompiledNode {
  return index < args.length ? args[index] : undefinedNode;
}

/** The node always gives true or false (a yes/no operator, or a boolean constant). */
export function isBooleanNode(node: CompiledNode): boolean {
  return node.boolean === true || (node.constant && typeof node.value === 'boolean');
}

/** JSON Logic truthiness: like JavaScript, except that `[]` is false. */
export function truthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length !== 0 : !!value;
}

/** Evaluates every argument in order, then applies `apply` to the values. */
export function applyAll(args: readonly CompiledNode[], apply: (values: any[], data: any) => unknown): Evaluator {
  const evaluators = args.map((arg) => arg.evaluate);
  const count = evaluators.length;
  if (count === 0) return (data) => apply([], data);
  if (count === 1) {
    const first = evaluators[0];
    return (data) => apply([first(data)], data);
  }
  if (count === 2) {
    const first = evaluators[0];
    const second = evaluators[1];
    return (data) => apply([first(data), second(data)], data);
  }
  return (data) => {
    const values = new Array(count);
    for (let i = 0; i < count; i++) values[i] = evaluators[i](data);
    return apply(values, data);
  };
}
