/* eslint-disable @typescript-eslint/no-explicit-any -- JSON Logic follows JavaScript's coercions on purpose */
/**
 * The hottest shape in finance rules is a test of one data field against a
 * constant: `{">": [{"var": "total.amountMinor"}, 5000000]}`,
 * `{"in": [{"var": "supplier.country"}, ["SE", "NO"]]}`. This module fuses the
 * `var` read (one or two path segments, own properties only, exactly as
 * var-path.ts) and the test into a single closure. All such tests share one
 * closure body, so the call sites that invoke them (and, or, if, some …) see
 * one function shape and V8 can inline it.
 */
import type { Evaluator } from './compiled-node.ts';

const hasOwn = Object.prototype.hasOwnProperty;

export const varTests = {
  looseEquals: 0,
  strictEquals: 1,
  looseNotEquals: 2,
  strictNotEquals: 3,
  less: 4,
  lessOrEqual: 5,
  greater: 6,
  greaterOrEqual: 7,
  /** constant < field < constant2 */
  betweenExclusive: 8,
  /** constant <= field <= constant2 */
  betweenInclusive: 9,
  /** field in a constant array (constant: the array) */
  inList: 10,
  /** field in a constant array of strings and numbers (constant: a Set) */
  inSet: 11,
  /** field in a constant text (constant: the text) */
  inText: 12,
  /** constant in the field (a text or an array) */
  fieldIncludes: 13,
} as const;

export type VarTest = (typeof varTests)[keyof typeof varTests];

/** The test with the field on the other side: `c < field` is `field > c`. */
export function mirroredTest(test: VarTest): VarTest {
  switch (test) {
    case varTests.less:
      return varTests.greater;
    case varTests.lessOrEqual:
      return varTests.greaterOrEqual;
    case varTests.greater:
      return varTests.less;
    case varTests.greaterOrEqual:
      return varTests.lessOrEqual;
    default:
      return test;
  }
}

/**
 * A fused `var`-against-constant test, or undefined when the path has more
 * than two segments (the caller then uses the general form). `segments` must
 * already be free of blocked keys.
 */
export function compileVarTest(
  segments: readonly string[],
  notFound: unknown,
  test: VarTest,
  constant: any,
  constant2?: any,
): Evaluator | undefined {
  if (segments.length === 0 || segments.length > 2) return undefined;
  const first = segments[0];
  const second = segments.length === 2 ? segments[1] : null;
  return (d) => {
    let v: any = notFound;
    if (d !== null && d !== undefined && hasOwn.call(d, first)) {
      v = d[first];
      if (second !== null) {
        v = v === null || v === undefined || typeof v === 'function' || !hasOwn.call(v, second) ? undefined : v[second];
      }
      if (v === undefined || typeof v === 'function') v = notFound;
    }
    switch (test) {
      case 0:
        return v == constant;
      case 1:
        return v === constant;
      case 2:
        return v != constant;
      case 3:
        return v !== constant;
      case 4:
        return v < constant;
      case 5:
        return v <= constant;
      case 6:
        return v > constant;
      case 7:
        return v >= constant;
      case 8:
        return constant < v && v < constant2;
      case 9:
        return constant <= v && v <= constant2;
      case 10:
        return constant.indexOf(v) !== -1;
      case 11:
        return constant.has(v);
      case 12:
        return constant.indexOf(v) !== -1;
      case 13:
        // "" is falsy: nothing is in it (json-logic-js)
        if (typeof v === 'string') return v !== '' && v.indexOf(constant) !== -1;
        return Array.isArray(v) ? v.indexOf(constant) !== -1 : false;
      default:
        return false;
    }
  };
}
