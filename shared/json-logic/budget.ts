/* eslint-disable @typescript-eslint/no-explicit-any -- data is arbitrary JSON */
/**
 * Every evaluation of a compiled rule gets a budget of operations, so no
 * rule can make one evaluation run for long, whatever the data:
 *
 * - each item a `map`/`filter`/`reduce`/`all`/`none`/`some` visits costs the
 *   size of its body (its nodes plus the characters of its literal texts),
 *   so the operators run inside loops are paid for;
 * - each element or character an operator builds, copies, coerces or scans
 *   in data-sized work costs one: `cat`, `merge`, array literals, `in`,
 *   comparisons and arithmetic on anything that is not a number or a short
 *   literal, the text operators, `regex_test` (characters × program size).
 *   Arrays are weighed as their full (logical) size, so an array that holds
 *   the same array twice, nested, cannot hide an exponential `toString`.
 *
 * Work that is bounded by the rule itself (a comparison with a literal, an
 * `if`) is not counted one by one: the rule is limited by `nodesMax`, and
 * inside a loop the body's size is charged per item.
 *
 * Evaluations are synchronous and never interleave, so one counter serves
 * them all; compile() wraps each rule to reset it. Going over is a
 * JsonLogicError `operations_exceeded` with the path of the operator that
 * ran out, thrown out of the evaluation (the run fails, nothing hangs).
 */
import { JsonLogicError, type RulePath } from './errors.ts';

/** about 10–50 ms of the slowest work per evaluation on a shared 2-core machine */
export const operationsMaxDefault = 1_000_000;
export const operationsMaxLimit = 100_000_000;

/** One object with fixed fields (not module variables): the reset on every evaluation is two plain stores. */
const budget = { left: operationsMaxDefault, max: operationsMaxDefault };

/** Called on entry to every budgeted evaluation (and before constant folding). */
export function startBudget(max: number): void {
  budget.left = max;
  budget.max = max;
}

type Rule = (data?: unknown) => unknown;

/**
 * The entry of a compiled rule: resets the budget, then evaluates. Sixty-four
 * textually identical copies (a test checks them), handed out round robin,
 * as the `var` readers in var-path.ts: V8 keeps call feedback per function
 * literal, so with one shared literal the `evaluate(data)` call would see
 * every rule's root and go megamorphic; with its own copy each rule's call
 * stays monomorphic and V8 can inline the rule's root closure into it.
 * Issue 14 (29 rules timed one by one after all had run, 40 rules compiled):
 * 16 copies gave a geometric mean of 0.78x json-logic-engine `build`, 64
 * copies 1.00-1.03x. Beyond 64 rules in one process, rules share copies
 * again (no slower than one literal).
 */
export const budgetedCopies: readonly ((evaluate: Rule, max: number) => Rule)[] = [
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
  (evaluate: Rule, max: number): Rule => (data) => {
    budget.left = max;
    budget.max = max;
    return evaluate(data);
  },
];

let nextCopy = 0;

/** `evaluate` behind a budget of `max` operations per call. */
export function budgeted(evaluate: Rule, max: number): Rule {
  const copy = budgetedCopies[nextCopy];
  nextCopy = (nextCopy + 1) % budgetedCopies.length;
  return copy(evaluate, max);
}

function exceeded(path: RulePath): never {
  throw new JsonLogicError(
    'operations_exceeded',
    `The evaluation needs more than ${budget.max} operations (items visited in loops, elements and characters built, compared or scanned)`,
    path,
  );
}

/** Spends `count` operations of the running evaluation. */
export function charge(count: number, path: RulePath): void {
  if ((budget.left -= count) < 0) exceeded(path);
}

/**
 * Charges what coercing, copying or scanning `value` costs: a text its
 * length, an array or object everything in it (walked without recursion,
 * charged as it goes, so even a huge shared structure stops at the budget).
 * Returns the value.
 */
export function charged<T>(value: T, path: RulePath): T {
  if (typeof value === 'string') {
    if ((budget.left -= value.length) < 0) exceeded(path);
  } else if (typeof value === 'object' && value !== null) {
    chargeStructure(value, path);
  }
  return value;
}

function chargeStructure(value: object, path: RulePath): void {
  const stack: any[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    const items: readonly any[] = Array.isArray(current) ? current : Object.values(current);
    if ((budget.left -= items.length + 1) < 0) exceeded(path);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (typeof item === 'string') {
        if ((budget.left -= item.length) < 0) exceeded(path);
      } else if (typeof item === 'object' && item !== null) {
        stack.push(item);
      }
    }
  }
}

/** Charges every value of an operator's evaluated arguments (the general, slow forms). */
export function chargedAll(values: readonly unknown[], path: RulePath): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value === 'string' || (typeof value === 'object' && value !== null)) charged(value, path);
  }
}

/**
 * The compile-time cost of running a rule fragment once: its nodes plus
 * the characters of its literal texts (a comparison with a long literal
 * text costs that length). Charged per item by the loop operators.
 */
export function ruleWeight(rule: unknown): number {
  let weight = 0;
  const stack: unknown[] = [rule];
  while (stack.length > 0) {
    const value = stack.pop();
    weight += 1;
    if (typeof value === 'string') weight += value.length;
    else if (Array.isArray(value)) for (const item of value) stack.push(item);
    else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) stack.push(item);
  }
  return weight;
}
