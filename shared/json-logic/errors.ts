/**
 * Location of a node inside a rule, as the keys and indices you would follow
 * from the rule's root: `{"and":[x, {"bogus":[]}]}` reports `['and', 1]` for
 * the unknown operator (the path of the object that holds the operator), and
 * `['regex_test', 0]` for a bad first argument. With the unary shorthand
 * (`{"var":"a"}` instead of `{"var":["a"]}`) the argument's path is `['var']`.
 */
export type RulePath = ReadonlyArray<string | number>;

export type JsonLogicErrorCode =
  /** operator not in the allow-list (includes `method`, `__proto__`, `toString`, …) */
  | 'unknown_operator'
  /** rule nested deeper than `depthMax` */
  | 'depth_exceeded'
  /** rule has more than `nodesMax` nodes */
  | 'size_exceeded'
  /** argument rejected at compile time (bad regex, unknown rounding mode, …) or at run time (e.g. `missing_some` without a key list) */
  | 'invalid_argument'
  /** an evaluation went over its budget of operations (`operationsMax`, see budget.ts): a run-time error */
  | 'operations_exceeded';

export class JsonLogicError extends Error {
  readonly code: JsonLogicErrorCode;
  readonly path: RulePath;

  constructor(code: JsonLogicErrorCode, message: string, path: RulePath = []) {
    super(message);
    this.name = 'JsonLogicError';
    this.code = code;
    this.path = path;
  }
}
