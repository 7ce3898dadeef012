/**
 * Static analysis of a rule for validation and editor autocomplete: which
 * data paths it reads, which operators it uses, and every compile-time
 * problem (without throwing).
 */
import type { JsonLogicError, RulePath } from './errors.ts';
import { checkLimits, compileProblems, depthMaxDefault, isOperation, nodesMaxDefault, type CompileOptions } from './compile.ts';
import { isWholeDataPath } from './var-path.ts';
import { balanceCalls, type BalanceCall } from './ledger-balance.ts';

export type ItemOperator = 'map' | 'filter' | 'reduce' | 'all' | 'none' | 'some';

/** Paths read inside the per-item logic of map/filter/reduce/all/none/some. */
export interface ItemVars {
  operator: ItemOperator;
  /** where the operator is in the rule */
  path: RulePath;
  /**
   * dotted path of the iterated array when it is a literal `var`, relative
   * to the enclosing scope (the rule's data, or the item of an outer scope);
   * null when the array is computed
   */
  over: string | null;
  /** 0 for a scope over the rule's data, 1 for a scope nested in another, … */
  depth: number;
  /** paths read from each item; for reduce they start with `current` or `accumulator` */
  vars: string[];
}

export interface RuleAnalysis {
  /** distinct dotted paths read from the rule's data (not from items; not the whole-data `""`) */
  vars: string[];
  itemVars: ItemVars[];
  /** some `var`, `missing` or `missing_some` key is computed, so `vars` may be incomplete */
  dynamicVars: boolean;
  /** distinct operators as written, known or not */
  operators: string[];
  errors: JsonLogicError[];
  /** every `balance` [account, from, to], its arguments literals or `event.…` vars (ledger-balance.ts); read before the run */
  balances: BalanceCall[];
}

const itemOperators: ReadonlySet<string> = new Set<ItemOperator>(['map', 'filter', 'reduce', 'all', 'none', 'some']);

function literalPath(value: unknown): string | null | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return isWholeDataPath(value) ? null : String(value);
  }
  if (value === null || value === undefined) return null;
  return undefined; // computed
}

export function analyze(rule: unknown, options: CompileOptions = {}): RuleAnalysis {
  const limit = checkLimits(
    rule,
    Math.min(options.depthMax ?? depthMaxDefault, 1000),
    options.nodesMax ?? nodesMaxDefault,
  );
  if (limit !== null) return { vars: [], itemVars: [], dynamicVars: false, operators: [], errors: [limit], balances: [] };

  const vars = new Set<string>();
  const operators = new Set<string>();
  const itemVars: ItemVars[] = [];
  let dynamicVars = false;

  const readKey = (key: unknown, path: RulePath, scope: Set<string>, depth: number) => {
    const literal = literalPath(key);
    if (literal === undefined) {
      dynamicVars = true;
      walk(key, path, scope, depth);
    } else if (literal !== null) {
      scope.add(literal);
    }
  };

  const walk = (node: unknown, path: RulePath, scope: Set<string>, depth: number): void => {
    if (Array.isArray(node)) {
      node.forEach((element, i) => walk(element, [...path, i], scope, depth));
      return;
    }
    if (!isOperation(node)) return;
    const op = Object.keys(node)[0];
    operators.add(op);
    const raw = node[op];
    const shorthand = !Array.isArray(raw);
    const args: readonly unknown[] = shorthand ? [raw] : raw;
    const argPath = (i: number): RulePath => (shorthand ? [...path, op] : [...path, op, i]);

    if (op === 'var') {
      readKey(args[0], argPath(0), scope, depth);
      args.slice(1).forEach((arg, i) => walk(arg, argPath(i + 1), scope, depth));
    } else if (op === 'missing' || op === 'missing_some') {
      const keysAt = op === 'missing' ? 0 : 1;
      if (op === 'missing_some') walk(args[0], argPath(0), scope, depth);
      const keys = op === 'missing' && !Array.isArray(args[0]) ? args : args[keysAt];
      if (Array.isArray(keys)) {
        keys.forEach((key, i) => {
          const at = op === 'missing' && keys === args ? argPath(i) : [...argPath(keysAt), i];
          readKey(Array.isArray(key) ? key[0] : key, at, scope, depth);
        });
      } else {
        readKey(keys, argPath(keysAt), scope, depth);
      }
    } else if (itemOperators.has(op)) {
      walk(args[0], argPath(0), scope, depth);
      const source = args[0];
      const over = isOperation(source) && 'var' in source ? literalPath(Array.isArray(source.var) ? source.var[0] : source.var) : undefined;
      const itemScope = new Set<string>();
      walk(args[1], argPath(1), itemScope, depth + 1);
      if (op === 'reduce' && args.length > 2) walk(args[2], argPath(2), scope, depth);
      itemVars.push({ operator: op as ItemOperator, path, over: over ?? null, depth, vars: [...itemScope] });
    } else {
      args.forEach((arg, i) => walk(arg, argPath(i), scope, depth));
    }
  };

  walk(rule, [], vars, 0);
  const errors = compileProblems(rule, options);
  // balance's arguments must be known before the run (ledger-balance.ts): checked only when the rule uses it
  const balances = operators.has('balance') ? balanceCalls(rule) : { calls: [], problems: [] };
  return { vars: [...vars], itemVars, dynamicVars, operators: [...operators], errors: [...errors, ...balances.problems], balances: balances.calls };
}
