/**
 * Compiles a JSON Logic rule once into a tree of closures. No `eval`, no
 * `new Function`, no code generation: a rule is data, and every operator
 * comes from an allow-list (a `Map`, so `toString`, `constructor` or
 * `__proto__` are never operators).
 */
import { JsonLogicError, type JsonLogicErrorCode, type RulePath } from './errors.ts';
import { constantNode, type CompiledNode, type OperatorDefinition, type OperatorSite } from './compiled-node.ts';
import { standardOperators } from './standard-operators.ts';
import { financeOperators } from './finance-operators.ts';
import { blockedKeys, isWholeDataPath, splitPath } from './var-path.ts';
import { budgeted, charged, operationsMaxDefault, operationsMaxLimit, ruleWeight, startBudget } from './budget.ts';

/** A custom operator receives its evaluated arguments. A function result is replaced by null. */
export type CustomOperator = (...args: unknown[]) => unknown;

export interface CompileOptions {
  /** deepest nesting of operators and literal arrays (default 64, at most 1000) */
  depthMax?: number;
  /** most operators, literals and arrays in one rule (default 10 000) */
  nodesMax?: number;
  /** most operations one evaluation may spend (default 1 000 000, at most 100 000 000; see budget.ts) */
  operationsMax?: number;
  /** extra operators for this compilation; names may not shadow built-in ones */
  operators?: Readonly<Record<string, CustomOperator>>;
  /** where `{"log": x}` sends x; by default nowhere (log only returns its value) */
  log?: (value: unknown) => void;
}

export type CompiledRule = (data?: unknown) => unknown;

export const depthMaxDefault = 64;
export const depthMaxLimit = 1000;
export const nodesMaxDefault = 10_000;
export { operationsMaxDefault };

export const builtinOperators: ReadonlyMap<string, OperatorDefinition> = new Map([...standardOperators, ...financeOperators]);

/** json-logic-js's test: an object with exactly one key is an operation. */
export function isOperation(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 1;
}

function pathOf(parents: Int32Array, keys: RulePath[], index: number): RulePath {
  const parts: RulePath[] = [];
  for (let i = index; i > 0; i = parents[i]) parts.push(keys[i]);
  return parts.reverse().flat();
}

/** checkLimits' walk stack, reused (an evaluation or a validation is synchronous; `limitStackBusy` covers re-entry). */
const limitStackValues: unknown[] = [];
const limitStackDepths: number[] = [];
let limitStackBusy = false;

/**
 * Checks depth and size without recursion (a 100 000-deep rule must not
 * overflow the stack), before anything else looks at the rule. A rule
 * within the limits (every rule the designer validates on each edit) is
 * walked with a reused stack and no per-node bookkeeping: no buffer sized
 * by nodesMax, no path per node. Only a rule over a limit is walked a second
 * time, by limitProblemWithPath, to name the path (same order, same node).
 */
export function checkLimits(rule: unknown, depthMax: number, nodesMax: number): JsonLogicError | null {
  if (limitStackBusy) return limitProblemWithPath(rule, depthMax, nodesMax);
  limitStackBusy = true;
  const values = limitStackValues;
  const depths = limitStackDepths;
  let over = false;
  try {
    // the same visiting order as limitProblemWithPath: children pushed last to first, a node counted when pushed
    let top = 0;
    let nodes = 1;
    values[top] = rule;
    depths[top] = 1;
    top++;
    walk: while (top > 0) {
      top--;
      const value = values[top];
      values[top] = undefined;
      const depth = depths[top];
      if (depth > depthMax) {
        over = true;
        break;
      }
      let children: readonly unknown[] | null = null;
      if (Array.isArray(value)) children = value;
      else if (isOperation(value)) {
        const args = value[Object.keys(value)[0]];
        if (Array.isArray(args)) children = args;
        else {
          if (nodes >= nodesMax) {
            over = true;
            break;
          }
          nodes++;
          values[top] = args;
          depths[top] = depth + 1;
          top++;
        }
      }
      if (children !== null) {
        for (let i = children.length - 1; i >= 0; i--) {
          if (nodes >= nodesMax) {
            over = true;
            break walk;
          }
          nodes++;
          values[top] = children[i];
          depths[top] = depth + 1;
          top++;
        }
      }
    }
    // drop what is left, so the reused stack holds no part of the rule
    for (let i = 0; i < top; i++) values[i] = undefined;
  } finally {
    limitStackBusy = false;
  }
  return over ? limitProblemWithPath(rule, depthMax, nodesMax) : null;
}

/**
 * The problem checkLimits found, again, this time recording every node's
 * parent and key so that the error can say where: the slow walk, run only
 * for a rule that is over a limit.
 */
export function limitProblemWithPath(rule: unknown, depthMax: number, nodesMax: number): JsonLogicError | null {
  const values: unknown[] = [rule];
  const depths: number[] = [1];
  const parents = new Int32Array(nodesMax + 1);
  const keys: RulePath[] = [[]];
  const stack: number[] = [0];
  const add = (value: unknown, depth: number, parent: number, key: RulePath): JsonLogicError | null => {
    const index = values.length;
    if (index >= nodesMax) {
      parents[index] = parent;
      keys[index] = key;
      return new JsonLogicError('size_exceeded', `The rule has more than ${nodesMax} nodes`, pathOf(parents, keys, index));
    }
    values.push(value);
    depths.push(depth);
    parents[index] = parent;
    keys.push(key);
    stack.push(index);
    return null;
  };
  while (stack.length > 0) {
    const index = stack.pop()!;
    const value = values[index];
    const depth = depths[index];
    if (depth > depthMax) {
      return new JsonLogicError('depth_exceeded', `The rule is nested deeper than ${depthMax} levels`, pathOf(parents, keys, index));
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        const problem = add(value[i], depth + 1, index, [i]);
        if (problem) return problem;
      }
    } else if (isOperation(value)) {
      const op = Object.keys(value)[0];
      const args = value[op];
      if (Array.isArray(args)) {
        for (let i = args.length - 1; i >= 0; i--) {
          const problem = add(args[i], depth + 1, index, [op, i]);
          if (problem) return problem;
        }
      } else {
        const problem = add(args, depth + 1, index, [op]);
        if (problem) return problem;
      }
    }
  }
  return null;
}

interface ResolvedOptions {
  depthMax: number;
  nodesMax: number;
  operationsMax: number;
  custom: ReadonlyMap<string, CustomOperator>;
  log: (value: unknown) => void;
}

const noLog = () => {};

function resolveOptions(options: CompileOptions, fail: (error: JsonLogicError) => void): ResolvedOptions {
  const depthMax = Math.min(options.depthMax ?? depthMaxDefault, depthMaxLimit);
  const nodesMax = options.nodesMax ?? nodesMaxDefault;
  const operationsMax = Math.min(Math.max(options.operationsMax ?? operationsMaxDefault, 0), operationsMaxLimit);
  const custom = new Map<string, CustomOperator>();
  for (const name of Object.keys(options.operators ?? {})) {
    const operator = options.operators![name];
    if (builtinOperators.has(name) || blockedKeys.has(name) || typeof operator !== 'function') {
      fail(new JsonLogicError('invalid_argument', `Custom operator "${name}" is not allowed (built-in, reserved or not a function)`));
      continue;
    }
    custom.set(name, operator);
  }
  return { depthMax, nodesMax, operationsMax, custom, log: options.log ?? noLog };
}

function customDefinition(operator: CustomOperator): OperatorDefinition {
  return {
    pure: false,
    compile(args) {
      const evaluators = args.map((arg) => arg.evaluate);
      return (data) => {
        const result = operator(...evaluators.map((evaluate) => evaluate(data)));
        return typeof result === 'function' ? null : result;
      };
    },
  };
}

class RuleCompiler {
  constructor(
    private readonly options: ResolvedOptions,
    /** null: throw the first problem; an array: collect them all (analyze) */
    private readonly problems: JsonLogicError[] | null,
  ) {}

  fail(code: JsonLogicErrorCode, message: string, path: RulePath): void {
    const error = new JsonLogicError(code, message, path);
    if (this.problems === null) throw error;
    this.problems.push(error);
  }

  node(rule: unknown, path: RulePath): CompiledNode {
    if (Array.isArray(rule)) return this.array(rule, path);
    if (isOperation(rule)) return this.operation(rule, path);
    // primitives, and objects that are not operations (returned as they are, like json-logic-js)
    return constantNode(rule);
  }

  private array(rule: readonly unknown[], path: RulePath): CompiledNode {
    const elements = rule.map((element, i) => this.node(element, [...path, i]));
    const count = elements.length;
    if (elements.every((element) => element.constant)) {
      const items = elements.map((element) => element.value);
      // a fresh copy every time: callers may mutate results
      return { evaluate: () => items.slice(), constant: false, value: undefined, items };
    }
    const evaluators = elements.map((element) => element.evaluate);
    return {
      evaluate: (data) => {
        const out = new Array(count);
        // elements are charged at their full size: `[x, x]` in a reduce must not double for free
        for (let i = 0; i < count; i++) out[i] = charged(evaluators[i](data), path);
        return out;
      },
      constant: false,
      value: undefined,
    };
  }

  private operation(rule: Record<string, unknown>, path: RulePath): CompiledNode {
    const op = Object.keys(rule)[0];
    const raw = rule[op];
    const shorthand = !Array.isArray(raw);
    const rawArgs: readonly unknown[] = shorthand ? [raw] : raw;
    const argPath = (index: number): RulePath => (shorthand ? [...path, op] : [...path, op, index]);
    const args = rawArgs.map((arg, i) => this.node(arg, argPath(i)));
    const custom = this.options.custom.get(op);
    const definition = builtinOperators.get(op) ?? (custom === undefined ? undefined : customDefinition(custom));
    if (definition === undefined) {
      this.fail('unknown_operator', `Unknown operator "${op}"`, path);
      return constantNode(null);
    }
    const site: OperatorSite = {
      op,
      path,
      rawArgs,
      argPath,
      weight: (index) => ruleWeight(rawArgs[index]),
      fail: (code, message, at = path) => this.fail(code, message, at),
      log: this.options.log,
    };
    const evaluate = definition.compile(args, site);
    if (definition.pure && args.every((arg) => arg.constant)) {
      // Constant folding: a pure operator over constants is computed now, when the result is a primitive.
      try {
        startBudget(this.options.operationsMax);
        const value = evaluate(undefined);
        if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return constantNode(value);
      } catch {
        // leave the error for run time
      }
    }
    const node: CompiledNode = { evaluate, constant: false, value: undefined, boolean: definition.boolean === true || definition.booleanFor?.(args) === true };
    const textSearch = definition.textSearch?.(args);
    if (textSearch !== undefined) node.textSearch = textSearch;
    const accumulatorTerm = definition.accumulatorTerm?.(args, site);
    if (accumulatorTerm !== undefined) node.accumulatorTerm = accumulatorTerm;
    const allPresent = definition.allPresent?.(args);
    if (allPresent !== undefined) node.allPresent = allPresent;
    if (op === 'var' && args.length <= 2 && args.every((arg) => arg.constant) && !isWholeDataPath(args[0]?.value)) {
      const segments = splitPath(args[0].value);
      if (!segments.some((key) => blockedKeys.has(key))) {
        node.varPath = segments;
        node.varNotFound = args.length > 1 && args[1].value !== undefined ? args[1].value : null;
      }
    }
    return node;
  }
}

/**
 * Compiles `rule` once; the result evaluates it against any data. Throws a
 * JsonLogicError for an unknown operator, a rule over the depth or size
 * limit, or an invalid literal argument.
 */
export function compile(rule: unknown, options: CompileOptions = {}): CompiledRule {
  const resolved = resolveOptions(options, (error) => {
    throw error;
  });
  const limitProblem = checkLimits(rule, resolved.depthMax, resolved.nodesMax);
  if (limitProblem !== null) throw limitProblem;
  const root = new RuleCompiler(resolved, null).node(rule, []);
  if (root.constant) {
    const value = root.value;
    return () => value;
  }
  return budgeted(root.evaluate, resolved.operationsMax);
}

/** Every compile-time problem of a rule, without throwing. */
export function compileProblems(rule: unknown, options: CompileOptions = {}): JsonLogicError[] {
  const problems: JsonLogicError[] = [];
  const resolved = resolveOptions(options, (error) => problems.push(error));
  const limitProblem = checkLimits(rule, resolved.depthMax, resolved.nodesMax);
  if (limitProblem !== null) return [...problems, limitProblem];
  new RuleCompiler(resolved, problems).node(rule, []);
  return problems;
}

const compiledRules = new WeakMap<object, CompiledRule>();

/**
 * Compiles and runs. Compiled rules are cached per rule object (default
 * options only), so do not mutate a rule object after evaluating it.
 */
export function evaluate(rule: unknown, data?: unknown): unknown {
  if (typeof rule !== 'object' || rule === null) return compile(rule)(data);
  let compiled = compiledRules.get(rule);
  if (compiled === undefined) {
    compiled = compile(rule);
    compiledRules.set(rule, compiled);
  }
  return compiled(data);
}
