/* eslint-disable @typescript-eslint/no-explicit-any -- JSON Logic follows JavaScript's coercions on purpose */
/**
 * The standard JSON Logic operators with the semantics of json-logic-js 2.0.5
 * (node_modules/json-logic-js/logic.js), compiled into closures. Each strict
 * operator has a general form (evaluate all arguments, then apply) that is
 * exactly json-logic-js, and fast forms for the common arities that skip the
 * argument array. Fast forms are only used when the rule has no extra
 * arguments, since json-logic-js evaluates extra arguments too.
 */
import { JsonLogicError } from './errors.ts';
import {
  applyAll,
  argAt,
  isBooleanNode,
  truthy,
  type CompiledNode,
  type Evaluator,
  type OperatorDefinition,
  type OperatorSite,
} from './compiled-node.ts';
import { compileVarReader, isWholeDataPath, readVar } from './var-path.ts';
import { latin1Matcher, matchableText, searchLatin1 } from './text-match.ts';
import { charge, charged, chargedAll } from './budget.ts';
import type { RulePath } from './errors.ts';

type Values = any[];

function strict(
  pure: boolean,
  apply: (values: Values, data: any, site: OperatorSite) => unknown,
  fast?: (args: readonly CompiledNode[], site: OperatorSite) => Evaluator | undefined,
  arity = Infinity,
): OperatorDefinition {
  return {
    pure,
    compile(args, site) {
      if (fast !== undefined && args.length <= arity) {
        const evaluator = fast(args, site);
        if (evaluator !== undefined) return evaluator;
      }
      // the general form pays for its arguments' size (coercions, copies, scans; budget.ts)
      return applyAll(args, (values, data) => {
        chargedAll(values, site.path);
        return apply(values, data, site);
      });
    },
  };
}

// ---------------------------------------------------------------- comparison
// Every shape is its own function literal: V8 keeps type feedback per literal,
// so a literal that only ever compares numbers stays a float comparison. A
// comparison with a constant side is the common case (`{">": [{"var": "x"}, 5]}`);
// `typeof v === 'number' ? v < c : v < c` is deliberate: the first `<` only
// ever sees numbers, the second keeps JavaScript's coercions for the rest.

function booleanResult(definition: OperatorDefinition): OperatorDefinition {
  return { ...definition, boolean: true };
}

type Relation = '<' | '<=' | '>' | '>=';

const mirrored: Record<Relation, Relation> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

/**
 * `field OP c`, with c a constant. The second branch of each shape coerces
 * whatever is not a number (or text): it pays for the value's size first.
 */
function relationToConstant(relation: Relation, fa: Evaluator, c: any, path: RulePath): Evaluator {
  if (typeof c === 'number') {
    switch (relation) {
      case '<':
        return (d) => {
          const v = fa(d);
          return typeof v === 'number' ? v < c : charged(v, path) < c;
        };
      case '<=':
        return (d) => {
          const v = fa(d);
          return typeof v === 'number' ? v <= c : charged(v, path) <= c;
        };
      case '>':
        return (d) => {
          const v = fa(d);
          return typeof v === 'number' ? v > c : charged(v, path) > c;
        };
      case '>=':
        return (d) => {
          const v = fa(d);
          return typeof v === 'number' ? v >= c : charged(v, path) >= c;
        };
    }
  }
  if (typeof c === 'string') {
    switch (relation) {
      case '<':
        return (d) => {
          const v = fa(d);
          return typeof v === 'string' ? v < c : charged(v, path) < c;
        };
      case '<=':
        return (d) => {
          const v = fa(d);
          return typeof v === 'string' ? v <= c : charged(v, path) <= c;
        };
      case '>':
        return (d) => {
          const v = fa(d);
          return typeof v === 'string' ? v > c : charged(v, path) > c;
        };
      case '>=':
        return (d) => {
          const v = fa(d);
          return typeof v === 'string' ? v >= c : charged(v, path) >= c;
        };
    }
  }
  switch (relation) {
    case '<':
      return (d) => charged(fa(d), path) < c;
    case '<=':
      return (d) => charged(fa(d), path) <= c;
    case '>':
      return (d) => charged(fa(d), path) > c;
    case '>=':
      return (d) => charged(fa(d), path) >= c;
  }
}

function relationOfTwo(relation: Relation, a: CompiledNode, b: CompiledNode, path: RulePath): Evaluator {
  // c < x is x > c (for primitives the same result; JSON data has no valueOf)
  if (b.constant) return relationToConstant(relation, a.evaluate, b.value, path);
  if (a.constant) return relationToConstant(mirrored[relation], b.evaluate, a.value, path);
  const fa = a.evaluate;
  const fb = b.evaluate;
  // two numbers (amounts, counts) compare without a charge; anything else pays for its coercion
  switch (relation) {
    case '<':
      return (d) => {
        const x = fa(d);
        const y = fb(d);
        return typeof x === 'number' && typeof y === 'number' ? x < y : charged(x, path) < charged(y, path);
      };
    case '<=':
      return (d) => {
        const x = fa(d);
        const y = fb(d);
        return typeof x === 'number' && typeof y === 'number' ? x <= y : charged(x, path) <= charged(y, path);
      };
    case '>':
      return (d) => {
        const x = fa(d);
        const y = fb(d);
        return typeof x === 'number' && typeof y === 'number' ? x > y : charged(x, path) > charged(y, path);
      };
    case '>=':
      return (d) => {
        const x = fa(d);
        const y = fb(d);
        return typeof x === 'number' && typeof y === 'number' ? x >= y : charged(x, path) >= charged(y, path);
      };
  }
}

const greaterThan = strict(true, (v) => v[0] > v[1], (args, site) => relationOfTwo('>', argAt(args, 0), argAt(args, 1), site.path), 2);
const greaterOrEqual = strict(true, (v) => v[0] >= v[1], (args, site) => relationOfTwo('>=', argAt(args, 0), argAt(args, 1), site.path), 2);

/** `<` and `<=` with a third argument mean "between"; a third argument that evaluates to undefined is ignored. */
function between(inclusive: boolean, args: readonly CompiledNode[], path: RulePath): Evaluator {
  const a = args[0];
  const b = args[1];
  const c = args[2];
  const fa = a.evaluate;
  const fb = b.evaluate;
  const fc = c.evaluate;
  // anything but a number may be coerced (a text to a number, an array to a text): it pays for its size
  if (c.constant && c.value !== undefined) {
    const high: any = c.value;
    if (a.constant) {
      const low: any = a.value;
      if (inclusive) {
        return (d) => {
          const v = fb(d);
          if (typeof v !== 'number') charged(v, path);
          return low <= v && v <= high;
        };
      }
      return (d) => {
        const v = fb(d);
        if (typeof v !== 'number') charged(v, path);
        return low < v && v < high;
      };
    }
    if (inclusive) {
      return (d) => {
        const x = charged(fa(d), path);
        const y = charged(fb(d), path);
        return x <= y && y <= high;
      };
    }
    return (d) => {
      const x = charged(fa(d), path);
      const y = charged(fb(d), path);
      return x < y && y < high;
    };
  }
  if (inclusive) {
    return (d) => {
      const x = charged(fa(d), path);
      const y = charged(fb(d), path);
      const z = charged(fc(d), path);
      return z === undefined ? x <= y : x <= y && y <= z;
    };
  }
  return (d) => {
    const x = charged(fa(d), path);
    const y = charged(fb(d), path);
    const z = charged(fc(d), path);
    return z === undefined ? x < y : x < y && y < z;
  };
}

const lessThan = strict(
  true,
  (v) => (v[2] === undefined ? v[0] < v[1] : v[0] < v[1] && v[1] < v[2]),
  (args, site) => (args.length === 3 ? between(false, args, site.path) : relationOfTwo('<', argAt(args, 0), argAt(args, 1), site.path)),
  3,
);

const lessOrEqual = strict(
  true,
  (v) => (v[2] === undefined ? v[0] <= v[1] : v[0] <= v[1] && v[1] <= v[2]),
  (args, site) => (args.length === 3 ? between(true, args, site.path) : relationOfTwo('<=', argAt(args, 0), argAt(args, 1), site.path)),
  3,
);

/** `==` (or `!=` when `negate`) with a constant on one side. */
function looseEqualsConstant(fa: Evaluator, c: any, negate: boolean, path: RulePath): Evaluator {
  if (c === null || c === undefined) {
    // x == null only for null and undefined
    return negate ? (d) => fa(d) != null : (d) => fa(d) == null;
  }
  if (typeof c === 'string') {
    if (negate) {
      return (d) => {
        const v = fa(d);
        return typeof v === 'string' ? v !== c : charged(v, path) != c;
      };
    }
    return (d) => {
      const v = fa(d);
      return typeof v === 'string' ? v === c : charged(v, path) == c;
    };
  }
  if (typeof c === 'number') {
    if (negate) {
      return (d) => {
        const v = fa(d);
        return typeof v === 'number' ? v !== c : charged(v, path) != c;
      };
    }
    return (d) => {
      const v = fa(d);
      return typeof v === 'number' ? v === c : charged(v, path) == c;
    };
  }
  return negate ? (d) => charged(fa(d), path) != c : (d) => charged(fa(d), path) == c;
}

const looseEquals = strict(true, (v) => v[0] == v[1], (args, site) => {
  const a = argAt(args, 0);
  const b = argAt(args, 1);
  if (b.constant) return looseEqualsConstant(a.evaluate, b.value, false, site.path);
  if (a.constant) return looseEqualsConstant(b.evaluate, a.value, false, site.path);
  const fa = a.evaluate;
  const fb = b.evaluate;
  return (d) => charged(fa(d), site.path) == charged(fb(d), site.path);
}, 2);

const looseNotEquals = strict(true, (v) => v[0] != v[1], (args, site) => {
  const a = argAt(args, 0);
  const b = argAt(args, 1);
  if (b.constant) return looseEqualsConstant(a.evaluate, b.value, true, site.path);
  if (a.constant) return looseEqualsConstant(b.evaluate, a.value, true, site.path);
  const fa = a.evaluate;
  const fb = b.evaluate;
  return (d) => charged(fa(d), site.path) != charged(fb(d), site.path);
}, 2);

const strictEquals = strict(true, (v) => v[0] === v[1], (args, site) => {
  const a = argAt(args, 0);
  const b = argAt(args, 1);
  const fa = a.evaluate;
  const fb = b.evaluate;
  if (b.constant) {
    const c: any = b.value;
    return (d) => fa(d) === c;
  }
  if (a.constant) {
    const c: any = a.value;
    return (d) => fb(d) === c;
  }
  // two texts of one length are compared character by character: they pay for it
  return (d) => charged(fa(d), site.path) === charged(fb(d), site.path);
}, 2);

const strictNotEquals = strict(true, (v) => v[0] !== v[1], (args, site) => {
  const a = argAt(args, 0);
  const b = argAt(args, 1);
  const fa = a.evaluate;
  const fb = b.evaluate;
  if (b.constant) {
    const c: any = b.value;
    return (d) => fa(d) !== c;
  }
  if (a.constant) {
    const c: any = a.value;
    return (d) => fb(d) !== c;
  }
  return (d) => charged(fa(d), site.path) !== charged(fb(d), site.path);
}, 2);

// ------------------------------------------------------------------- logic

const doubleNot = strict(true, (v) => truthy(v[0]), (args) => {
  const a = argAt(args, 0);
  const fa = a.evaluate;
  if (a.boolean === true) return fa;
  const allPresent = a.allPresent;
  if (allPresent !== undefined) return (d) => !allPresent(d);
  return (d) => {
    const value = fa(d);
    return Array.isArray(value) ? value.length !== 0 : !!value;
  };
}, 1);

const not = strict(true, (v) => !truthy(v[0]), (args) => {
  const a = argAt(args, 0);
  const fa = a.evaluate;
  if (a.boolean === true) return (d) => !fa(d);
  // `!{"missing": [literal keys]}`: a yes/no test that stops at the first missing key, no list
  if (a.allPresent !== undefined) return a.allPresent;
  return (d) => {
    const value = fa(d);
    return Array.isArray(value) ? value.length === 0 : !value;
  };
}, 1);

/**
 * `if` over `list` (condition, result pairs, optional else). Up to 16 pairs
 * become nested three-way closures (`c ? r : rest`), without a loop or an
 * index; longer chains loop.
 */
function ifChain(args: readonly CompiledNode[]): Evaluator {
  let list = args;
  // Conditions known at compile time choose their branch now.
  while (list.length >= 2 && list[0].constant) {
    if (truthy(list[0].value)) return list[1].evaluate;
    list = list.slice(2);
  }
  if (list.length === 0) return () => null;
  if (list.length === 1) return list[0].evaluate;
  const condition = list[0].evaluate;
  const then = list[1].evaluate;
  const isBoolean = list[0].boolean === true;
  if (list.length === 2) {
    if (isBoolean) return (d) => (condition(d) ? then(d) : null);
    return (d) => {
      const value = condition(d);
      return (Array.isArray(value) ? value.length !== 0 : !!value) ? then(d) : null;
    };
  }
  const results = list.filter((_, i) => i % 2 === 1 || i === list.length - 1);
  const cascade = constantCascade(list);
  if (cascade !== undefined) return cascade;
  if (list.length >= 6 && results.every((result) => result.constant)) {
    // `if` as a lookup: conditions in order, each result a constant value (no call per result)
    const conditions = list.filter((_, i) => i % 2 === 0 && i !== list.length - 1).map((arg) => arg.evaluate);
    const values = list.filter((_, i) => i % 2 === 1).map((arg) => arg.value);
    const otherwise = list.length % 2 === 1 ? list[list.length - 1].value : null;
    const count = conditions.length;
    if (list.every((arg, i) => i % 2 === 1 || i === list.length - 1 || arg.boolean === true)) {
      return (d) => {
        for (let i = 0; i < count; i++) if (conditions[i](d)) return values[i];
        return otherwise;
      };
    }
    return (d) => {
      for (let i = 0; i < count; i++) {
        const value = conditions[i](d);
        if (Array.isArray(value) ? value.length !== 0 : !!value) return values[i];
      }
      return otherwise;
    };
  }
  if (list.length <= 33) {
    const otherwise = list.length === 3 ? list[2].evaluate : ifChain(list.slice(2));
    if (isBoolean) return (d) => (condition(d) ? then(d) : otherwise(d));
    return (d) => {
      const value = condition(d);
      return (Array.isArray(value) ? value.length !== 0 : !!value) ? then(d) : otherwise(d);
    };
  }
  const evaluators = list.map((arg) => arg.evaluate);
  const count = evaluators.length;
  return (d) => {
    let i = 0;
    for (; i < count - 1; i += 2) {
      if (truthy(evaluators[i](d))) return evaluators[i + 1](d);
    }
    return count === i + 1 ? evaluators[i](d) : null;
  };
}

/**
 * `if` of 2 to 6 yes/no conditions (comparisons, `in`, `!`…) whose results
 * and else are constants: one closure literal per count, each condition its
 * own call site and no array, loop or result call (issue 14: the lookup loop
 * below has one call site for every condition of every such rule, which V8
 * cannot inline once a few rules share it). Undefined for any other shape.
 */
function constantCascade(list: readonly CompiledNode[]): Evaluator | undefined {
  const count = list.length >> 1;
  if (count < 2 || count > 6) return undefined;
  for (let i = 0; i < list.length; i++) {
    const isCondition = i % 2 === 0 && i !== list.length - 1;
    if (isCondition ? list[i].boolean !== true : !list[i].constant) return undefined;
  }
  const c = (k: number): Evaluator => list[2 * k].evaluate;
  const v = (k: number): unknown => list[2 * k + 1].value;
  const otherwise: unknown = list.length % 2 === 1 ? list[list.length - 1].value : null;
  const c0 = c(0);
  const c1 = c(1);
  const v0 = v(0);
  const v1 = v(1);
  if (count === 2) return (d) => (c0(d) ? v0 : c1(d) ? v1 : otherwise);
  const c2 = c(2);
  const v2 = v(2);
  if (count === 3) return (d) => (c0(d) ? v0 : c1(d) ? v1 : c2(d) ? v2 : otherwise);
  const c3 = c(3);
  const v3 = v(3);
  if (count === 4) return (d) => (c0(d) ? v0 : c1(d) ? v1 : c2(d) ? v2 : c3(d) ? v3 : otherwise);
  const c4 = c(4);
  const v4 = v(4);
  if (count === 5) return (d) => (c0(d) ? v0 : c1(d) ? v1 : c2(d) ? v2 : c3(d) ? v3 : c4(d) ? v4 : otherwise);
  const c5 = c(5);
  const v5 = v(5);
  return (d) => (c0(d) ? v0 : c1(d) ? v1 : c2(d) ? v2 : c3(d) ? v3 : c4(d) ? v4 : c5(d) ? v5 : otherwise);
}

/** `if` and `?:`: pairs of condition → result, optional else; no else → null. */
const ifThenElse: OperatorDefinition = {
  pure: true,
  // every result and the else are yes/no values
  booleanFor: (args) => args.length % 2 === 1 && args.every((arg, i) => (i % 2 === 0 && i !== args.length - 1) || isBooleanNode(arg)),
  compile: (args) => ifChain(args),
};

/** `and` of tests that return booleans: the same result as the general form. */
function allTrue(evaluators: readonly Evaluator[]): Evaluator {
  if (evaluators.length === 2) {
    const first = evaluators[0];
    const second = evaluators[1];
    return (d) => first(d) && second(d);
  }
  if (evaluators.length === 3) {
    const first = evaluators[0];
    const second = evaluators[1];
    const third = evaluators[2];
    return (d) => first(d) && second(d) && third(d);
  }
  const count = evaluators.length;
  return (d) => {
    for (let i = 0; i < count; i++) if (!evaluators[i](d)) return false;
    return true;
  };
}

/** `or` of tests that return booleans. */
function anyTrue(evaluators: readonly Evaluator[]): Evaluator {
  if (evaluators.length === 2) {
    const first = evaluators[0];
    const second = evaluators[1];
    return (d) => first(d) || second(d);
  }
  if (evaluators.length === 3) {
    const first = evaluators[0];
    const second = evaluators[1];
    const third = evaluators[2];
    return (d) => first(d) || second(d) || third(d);
  }
  const count = evaluators.length;
  return (d) => {
    for (let i = 0; i < count; i++) if (evaluators[i](d)) return true;
    return false;
  };
}

/** Returns the first falsy value, or the last value; `{"and":[]}` is undefined, as in json-logic-js. */
const and: OperatorDefinition = {
  pure: true,
  booleanFor: (args) => args.length > 0 && args.every(isBooleanNode),
  compile(args) {
    let list = args;
    while (list.length > 1 && list[0].constant) {
      const value = list[0].value;
      if (!truthy(value)) return () => value;
      list = list.slice(1);
    }
    if (list.length === 0) return () => undefined;
    if (list.length === 1) return list[0].evaluate;
    const evaluators = list.map((arg) => arg.evaluate);
    if (list.every(isBooleanNode)) return allTrue(evaluators);
    if (list.length === 2) {
      const first = evaluators[0];
      const second = evaluators[1];
      if (list[0].boolean === true) return (d) => first(d) && second(d);
      return (d) => {
        const value = first(d);
        return (Array.isArray(value) ? value.length !== 0 : !!value) ? second(d) : value;
      };
    }
    const count = evaluators.length;
    return (d) => {
      let value: unknown;
      for (let i = 0; i < count; i++) {
        value = evaluators[i](d);
        if (!truthy(value)) return value;
      }
      return value;
    };
  },
};

/** The same var path with the same fallback (so the same value for the same data). */
function sameVar(a: CompiledNode, b: CompiledNode): boolean {
  const pa = a.varPath;
  const pb = b.varPath;
  if (pa === undefined || pb === undefined || pa.length !== pb.length || !Object.is(a.varNotFound, b.varNotFound)) return false;
  for (let i = 0; i < pa.length; i++) if (pa[i] !== pb[i]) return false;
  return true;
}

/**
 * `or` of `icontains`/`istarts_with` with literal Latin-1 needles on the
 * same var: one search for all needles (text-match.ts, latin1Matcher). The
 * result is a boolean either way; a text with a character above U+00FF runs
 * the searches one by one, as written.
 */
function anyTextMatch(list: readonly CompiledNode[], general: Evaluator, path: RulePath): Evaluator | undefined {
  const first = list[0].textSearch;
  if (first === undefined) return undefined;
  for (let i = 1; i < list.length; i++) {
    const search = list[i].textSearch;
    if (search === undefined || !sameVar(first.source, search.source)) return undefined;
  }
  const matcher = latin1Matcher(list.map((arg) => arg.textSearch!));
  if (matcher === null) return undefined;
  const source = first.source.evaluate;
  return (d) => {
    const value = source(d);
    const text = typeof value === 'string' ? value : matchableText(value);
    if (text === null) return false;
    charge(text.length, path);
    const found = searchLatin1(text, matcher);
    return found < 0 ? general(d) : found === 1;
  };
}

/** Returns the first truthy value, or the last value; `{"or":[]}` is undefined. */
const or: OperatorDefinition = {
  pure: true,
  booleanFor: (args) => args.length > 0 && args.every(isBooleanNode),
  compile(args, site) {
    let list = args;
    while (list.length > 1 && list[0].constant) {
      const value = list[0].value;
      if (truthy(value)) return () => value;
      list = list.slice(1);
    }
    if (list.length === 0) return () => undefined;
    if (list.length === 1) return list[0].evaluate;
    const evaluators = list.map((arg) => arg.evaluate);
    if (list.every(isBooleanNode)) {
      const general = anyTrue(evaluators);
      return anyTextMatch(list, general, site.path) ?? general;
    }
    if (list.length === 2) {
      const first = evaluators[0];
      const second = evaluators[1];
      if (list[0].boolean === true) return (d) => first(d) || second(d);
      return (d) => {
        const value = first(d);
        return (Array.isArray(value) ? value.length !== 0 : !!value) ? value : second(d);
      };
    }
    const count = evaluators.length;
    return (d) => {
      let value: unknown;
      for (let i = 0; i < count; i++) {
        value = evaluators[i](d);
        if (truthy(value)) return value;
      }
      return value;
    };
  },
};

// -------------------------------------------------------------- arithmetic

/** parseFloat as json-logic-js applies it; for numbers only -0 changes (to 0). */
function toFloat(value: unknown): number {
  if (typeof value === 'number') return value === 0 ? 0 : value;
  return parseFloat(value as string);
}

/** toFloat of a value from the data: anything but a number pays for being read as text. */
function toFloatCharged(value: unknown, path: RulePath): number {
  if (typeof value === 'number') return value === 0 ? 0 : value;
  return parseFloat(charged(value, path) as string);
}

const plusGeneral = strict(true, (v) => {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum = sum + toFloat(v[i]);
  return sum;
}, (args, site) => {
  const path = site.path;
  if (args.length === 1) {
    const fa = args[0].evaluate;
    return (d) => 0 + toFloatCharged(fa(d), path);
  }
  if (args.length === 2) {
    const fa = args[0].evaluate;
    const fb = args[1].evaluate;
    return (d) => 0 + toFloatCharged(fa(d), path) + toFloatCharged(fb(d), path);
  }
  if (args.length === 3) {
    const fa = args[0].evaluate;
    const fb = args[1].evaluate;
    const fc = args[2].evaluate;
    return (d) => 0 + toFloatCharged(fa(d), path) + toFloatCharged(fb(d), path) + toFloatCharged(fc(d), path);
  }
  return undefined;
});

/** `+`; with exactly `{"var": "accumulator"}` and one more term it tells `reduce` the term (a running sum). */
const plus: OperatorDefinition = {
  ...plusGeneral,
  accumulatorTerm(args, site) {
    if (args.length !== 2) return undefined;
    const first = args[0].varPath;
    if (first === undefined || first.length !== 1 || first[0] !== 'accumulator' || args[0].varNotFound !== null) return undefined;
    return { term: args[1].evaluate, path: site.path };
  },
};

const times = strict(true, (v) => {
  // Array.prototype.reduce without an initial value: one argument comes back untouched
  let product = v[0];
  for (let i = 1; i < v.length; i++) product = toFloat(product) * toFloat(v[i]);
  return product;
}, (args, site) => {
  if (args.length === 0) {
    site.fail('invalid_argument', '"*" needs at least one argument', site.path);
    return () => null;
  }
  if (args.length === 2) {
    const a = args[0];
    const b = args[1];
    const fa = a.evaluate;
    const fb = b.evaluate;
    if (b.constant || a.constant) {
      const c = toFloat(b.constant ? b.value : a.value);
      const f = b.constant ? fa : fb;
      return (d) => toFloatCharged(f(d), site.path) * c;
    }
    return (d) => toFloatCharged(fa(d), site.path) * toFloatCharged(fb(d), site.path);
  }
  return undefined;
});

// Operands that are not numbers are coerced (a text parsed, an array joined): they pay for their size.
const minus = strict(true, (v) => (v[1] === undefined ? -v[0] : v[0] - v[1]), (args, site) => {
  const path = site.path;
  const fa = argAt(args, 0).evaluate;
  if (args.length <= 1) return (d) => -charged(fa(d), path);
  const b = args[1];
  const fb = b.evaluate;
  if (b.constant && b.value !== undefined) {
    const cb: any = b.value;
    return (d) => charged(fa(d), path) - cb;
  }
  return (d) => {
    const x = charged(fa(d), path);
    const y = charged(fb(d), path);
    return y === undefined ? -x : x - y;
  };
}, 2);

const divide = strict(true, (v) => v[0] / v[1], (args, site) => {
  const fa = argAt(args, 0).evaluate;
  const fb = argAt(args, 1).evaluate;
  return (d) => charged(fa(d), site.path) / charged(fb(d), site.path);
}, 2);

const modulo = strict(true, (v) => v[0] % v[1], (args, site) => {
  const fa = argAt(args, 0).evaluate;
  const fb = argAt(args, 1).evaluate;
  return (d) => charged(fa(d), site.path) % charged(fb(d), site.path);
}, 2);

/** `min`/`max` of two or three arguments without an argument array (Math.min/max coerce what is not a number: it pays). */
function extremum(pick: (a: any, b: any) => number, pick3: (a: any, b: any, c: any) => number) {
  return (args: readonly CompiledNode[], site: OperatorSite): Evaluator | undefined => {
    const path = site.path;
    if (args.length === 2) {
      const fa = args[0].evaluate;
      const fb = args[1].evaluate;
      return (d) => pick(charged(fa(d), path), charged(fb(d), path));
    }
    if (args.length === 3) {
      const fa = args[0].evaluate;
      const fb = args[1].evaluate;
      const fc = args[2].evaluate;
      return (d) => pick3(charged(fa(d), path), charged(fb(d), path), charged(fc(d), path));
    }
    return undefined;
  };
}

const min = strict(true, (v) => Math.min(...v), extremum((a, b) => Math.min(a, b), (a, b, c) => Math.min(a, b, c)));
const max = strict(true, (v) => Math.max(...v), extremum((a, b) => Math.max(a, b), (a, b, c) => Math.max(a, b, c)));

// ----------------------------------------------------------------- strings

/** Like json-logic-js for strings and arrays; anything else → false (json-logic-js throws on an object with an `indexOf` key). */
function includes(needle: unknown, haystack: any): boolean {
  if (!haystack) return false;
  if (typeof haystack === 'string') return haystack.indexOf(needle as string) !== -1;
  if (Array.isArray(haystack)) return haystack.indexOf(needle) !== -1;
  return false;
}

const inOperator = strict(true, (v) => includes(v[0], v[1]), (args, site) => {
  const path = site.path;
  const a = argAt(args, 0);
  const b = argAt(args, 1);
  const fa = a.evaluate;
  if (b.items !== undefined) {
    const items = b.items;
    const simple = items.every((item) => item === item && (typeof item === 'string' || typeof item === 'number'));
    if (simple && items.length > 8) {
      const set = new Set(items);
      return (d) => set.has(fa(d));
    }
    return (d) => items.indexOf(fa(d)) !== -1;
  }
  // "" is falsy: nothing is "in" it (json-logic-js)
  if (b.constant && typeof b.value === 'string' && b.value !== '') {
    const text = b.value;
    return (d) => text.indexOf(charged(fa(d), path)) !== -1;
  }
  const fb = b.evaluate;
  if (a.constant && typeof a.value === 'string') {
    // a literal text needle: a text haystack is scanned with indexOf (and pays its length), a list compared item by item
    const needle = a.value;
    return (d) => {
      const haystack = fb(d);
      if (typeof haystack === 'string') {
        // "" is falsy: nothing is "in" it (json-logic-js)
        charge(haystack.length, path);
        return haystack !== '' && haystack.indexOf(needle) !== -1;
      }
      if (Array.isArray(haystack)) {
        // indexOf compares items with ===, it never walks into them: the scan costs one per item
        charge(haystack.length + 1, path);
        return haystack.indexOf(needle) !== -1;
      }
      return includes(needle, charged(haystack, path));
    };
  }
  // a scan of the haystack for the needle: both pay for their size
  return (d) => includes(charged(fa(d), path), charged(fb(d), path));
}, 2);

/** One argument of `cat` as `Array.prototype.join` writes it: null and undefined → "", anything else String(). */
function catText(value: unknown): string {
  return typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
}

/** `cat` of one to four arguments: string concatenation, no argument array; every value pays its size. */
const cat = strict(true, (v) => v.join(''), (args, site) => {
  const path = site.path;
  const fa = argAt(args, 0).evaluate;
  const fb = argAt(args, 1).evaluate;
  const fc = argAt(args, 2).evaluate;
  const fd = argAt(args, 3).evaluate;
  // a literal piece (`" "`) is its text already, bounded by the rule: only data pays
  if (args.length === 3 && args[1].constant && !args[0].constant && !args[2].constant) {
    const middle = catText(args[1].value);
    return (d) => catText(charged(fa(d), path)) + middle + catText(charged(fc(d), path));
  }
  switch (args.length) {
    case 1:
      return (d) => catText(charged(fa(d), path));
    case 2:
      return (d) => catText(charged(fa(d), path)) + catText(charged(fb(d), path));
    case 3:
      return (d) => catText(charged(fa(d), path)) + catText(charged(fb(d), path)) + catText(charged(fc(d), path));
    case 4:
      return (d) =>
        catText(charged(fa(d), path)) + catText(charged(fb(d), path)) + catText(charged(fc(d), path)) + catText(charged(fd(d), path));
  }
  return undefined;
});

function substr(source: unknown, start: any, length: any): string {
  if (length < 0) {
    // JavaScript's substr has no negative length; json-logic-js emulates PHP
    const rest = String(source).substr(start);
    return rest.substr(0, rest.length + length);
  }
  return String(source).substr(start, length);
}

const substrOperator = strict(true, (v) => substr(v[0], v[1], v[2]), (args, site) => {
  const path = site.path;
  const b = argAt(args, 1);
  const c = argAt(args, 2);
  const fa = argAt(args, 0).evaluate;
  if (b.constant && c.constant) {
    const start: any = b.value;
    const length: any = c.value;
    // a text is sliced, not copied or scanned: only anything else pays for its conversion
    return (d) => {
      const source = fa(d);
      return substr(typeof source === 'string' ? source : charged(source, path), start, length);
    };
  }
  const fb = b.evaluate;
  const fc = c.evaluate;
  return (d) => substr(charged(fa(d), path), charged(fb(d), path), charged(fc(d), path));
}, 3);

// ------------------------------------------------------------------ arrays

const merge = strict(true, (v) => {
  const out: unknown[] = [];
  for (const value of v) {
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) out.push(value[i]);
    else out.push(value);
  }
  return out;
});

/*
 * The loop operators pay, per item, the size of their body (budget.ts): the
 * operators a body runs are bounded by the budget, however loops nest.
 */

const map: OperatorDefinition = {
  pure: true,
  compile(args, site) {
    const source = argAt(args, 0).evaluate;
    const logic = argAt(args, 1).evaluate;
    const weight = site.weight(1) + 1;
    const path = site.path;
    return (d) => {
      const items = source(d);
      if (!Array.isArray(items)) return [];
      const out = new Array(items.length);
      for (let i = 0; i < items.length; i++) {
        charge(weight, path);
        out[i] = logic(items[i]);
      }
      return out;
    };
  },
};

const filter: OperatorDefinition = {
  pure: true,
  compile(args, site) {
    const source = argAt(args, 0).evaluate;
    const logic = argAt(args, 1).evaluate;
    const weight = site.weight(1) + 1;
    const path = site.path;
    return (d) => {
      const items = source(d);
      if (!Array.isArray(items)) return [];
      const out: unknown[] = [];
      for (let i = 0; i < items.length; i++) {
        charge(weight, path);
        if (truthy(logic(items[i]))) out.push(items[i]);
      }
      return out;
    };
  },
};

/** All of an empty list is false (json-logic-js). */
const all: OperatorDefinition = {
  pure: true,
  compile(args, site) {
    const source = argAt(args, 0).evaluate;
    const test = argAt(args, 1);
    const logic = test.evaluate;
    const weight = site.weight(1) + 1;
    const path = site.path;
    if (test.boolean === true) {
      return (d) => {
        const items = source(d);
        if (!Array.isArray(items) || items.length === 0) return false;
        for (let i = 0; i < items.length; i++) {
          charge(weight, path);
          if (!logic(items[i])) return false;
        }
        return true;
      };
    }
    return (d) => {
      const items = source(d);
      if (!Array.isArray(items) || items.length === 0) return false;
      for (let i = 0; i < items.length; i++) {
        charge(weight, path);
        if (!truthy(logic(items[i]))) return false;
      }
      return true;
    };
  },
};

const none: OperatorDefinition = {
  pure: true,
  compile(args, site) {
    const source = argAt(args, 0).evaluate;
    const test = argAt(args, 1);
    const logic = test.evaluate;
    const weight = site.weight(1) + 1;
    const path = site.path;
    if (test.boolean === true) {
      return (d) => {
        const items = source(d);
        if (!Array.isArray(items)) return true;
        for (let i = 0; i < items.length; i++) {
          charge(weight, path);
          if (logic(items[i])) return false;
        }
        return true;
      };
    }
    return (d) => {
      const items = source(d);
      if (!Array.isArray(items)) return true;
      for (let i = 0; i < items.length; i++) {
        charge(weight, path);
        if (truthy(logic(items[i]))) return false;
      }
      return true;
    };
  },
};

const some: OperatorDefinition = {
  pure: true,
  compile(args, site) {
    const source = argAt(args, 0).evaluate;
    const test = argAt(args, 1);
    const logic = test.evaluate;
    const weight = site.weight(1) + 1;
    const path = site.path;
    if (test.boolean === true) {
      return (d) => {
        const items = source(d);
        if (!Array.isArray(items)) return false;
        for (let i = 0; i < items.length; i++) {
          charge(weight, path);
          if (logic(items[i])) return true;
        }
        return false;
      };
    }
    return (d) => {
      const items = source(d);
      if (!Array.isArray(items)) return false;
      for (let i = 0; i < items.length; i++) {
        charge(weight, path);
        if (truthy(logic(items[i]))) return true;
      }
      return false;
    };
  },
};

/**
 * No `var` in `rule` reads the whole data (`""`, null, no path) or a computed path:
 * then nothing in it can return or keep the data object it runs on.
 */
function readsOnlyLiteralPaths(rule: unknown): boolean {
  const stack: unknown[] = [rule];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
    } else if (typeof value === 'object' && value !== null) {
      const keys = Object.keys(value);
      if (keys.length !== 1) continue; // a literal object
      const args = (value as Record<string, unknown>)[keys[0]];
      if (keys[0] === 'var') {
        const path = Array.isArray(args) ? args[0] : args;
        if (isWholeDataPath(path) || (typeof path !== 'string' && typeof path !== 'number')) return false;
      }
      stack.push(args);
    }
  }
  return true;
}

/** Inside the logic the data is `{ current, accumulator }`; the initial value is null when absent. */
const reduce: OperatorDefinition = {
  pure: true,
  compile(args, site) {
    const source = argAt(args, 0).evaluate;
    const logic = argAt(args, 1).evaluate;
    const hasInitial = site.rawArgs.length > 2 && site.rawArgs[2] !== undefined;
    const initial = argAt(args, 2).evaluate;
    const weight = site.weight(1) + 1;
    const path = site.path;
    if (readsOnlyLiteralPaths(site.rawArgs[1])) {
      // The body reads `current…`/`accumulator…` by literal paths only, so it can never return or keep the
      // scope object itself: one scope per evaluation, updated per item, instead of one object per item.
      const sum = argAt(args, 1).accumulatorTerm;
      if (sum !== undefined) {
        // {"+": [{"var": "accumulator"}, term]}: what the `+` closure computes, inline: the running sum
        // (a value `var` would read as null, undefined, parses as NaN either way; texts pay as in `+`)
        const term = sum.term;
        const plusPath = sum.path;
        return (d) => {
          const items = source(d);
          const scope = { current: undefined as unknown, accumulator: hasInitial ? initial(d) : null };
          if (!Array.isArray(items)) return scope.accumulator;
          for (let i = 0; i < items.length; i++) {
            charge(weight, path);
            scope.current = items[i];
            const accumulator = scope.accumulator;
            const first = typeof accumulator === 'number' ? (accumulator === 0 ? 0 : accumulator) : toFloatCharged(accumulator, plusPath);
            scope.accumulator = 0 + first + toFloatCharged(term(scope), plusPath);
          }
          return scope.accumulator;
        };
      }
      return (d) => {
        const items = source(d);
        const scope = { current: undefined as unknown, accumulator: hasInitial ? initial(d) : null };
        if (!Array.isArray(items)) return scope.accumulator;
        for (let i = 0; i < items.length; i++) {
          charge(weight, path);
          scope.current = items[i];
          scope.accumulator = logic(scope);
        }
        return scope.accumulator;
      };
    }
    return (d) => {
      const items = source(d);
      let accumulator = hasInitial ? initial(d) : null;
      if (!Array.isArray(items)) return accumulator;
      for (let i = 0; i < items.length; i++) {
        charge(weight, path);
        accumulator = logic({ current: items[i], accumulator });
      }
      return accumulator;
    };
  },
};

// -------------------------------------------------------------------- data

const variable = strict(false, (v, data) => readVar(data, v[0], v[1]), (args) => {
  const path = argAt(args, 0);
  const fallback = argAt(args, 1);
  if (path.constant && fallback.constant) return compileVarReader(path.value, fallback.value);
  return undefined;
}, 2);

function missingKeys(data: unknown, keys: ArrayLike<unknown>): unknown[] {
  const missing: unknown[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const value = Array.isArray(key) ? readVar(data, key[0], key[1]) : readVar(data, key, undefined);
    if (value === null || value === '') missing.push(key);
  }
  return missing;
}

/** Readers for literal keys (texts or numbers), with readVar's meaning (compileVarReader); undefined for any other key. */
function literalKeyReaders(keys: readonly unknown[]): Evaluator[] | undefined {
  if (!keys.every((key) => typeof key === 'string' || typeof key === 'number')) return undefined;
  return keys.map((key) => compileVarReader(key, undefined));
}

/** The keys whose reader gives null or "" (missingKeys with the paths split once, at compile time). */
function missingOf(keys: readonly unknown[], readers: readonly Evaluator[]): Evaluator {
  const count = keys.length;
  return (d) => {
    const out: unknown[] = [];
    for (let i = 0; i < count; i++) {
      const value = readers[i](d);
      if (value === null || value === '') out.push(keys[i]);
    }
    return out;
  };
}

/**
 * Whether at least `need` of `readers` find a value (not null or ""),
 * stopping as soon as the answer is known. The readers of literal keys are
 * pure (no charge, no error: compileVarReader), so the reads skipped change
 * nothing. Up to three readers: each its own call site, no loop.
 */
function presentAtLeast(readers: readonly Evaluator[], need: number): Evaluator {
  const count = readers.length;
  if (need <= 0) return () => true;
  if (need > count) return () => false;
  const [ra, rb, rc] = readers;
  if (need === count) {
    // all present: stop at the first missing one
    if (count === 1) return (d) => {
      const a = ra(d);
      return a !== null && a !== '';
    };
    if (count === 2) return (d) => {
      const a = ra(d);
      if (a === null || a === '') return false;
      const b = rb(d);
      return b !== null && b !== '';
    };
    if (count === 3) return (d) => {
      const a = ra(d);
      if (a === null || a === '') return false;
      const b = rb(d);
      if (b === null || b === '') return false;
      const c = rc(d);
      return c !== null && c !== '';
    };
  }
  if (need === 1 && count <= 3) {
    // any present: stop at the first present one
    if (count === 2) return (d) => {
      const a = ra(d);
      if (a !== null && a !== '') return true;
      const b = rb(d);
      return b !== null && b !== '';
    };
    return (d) => {
      const a = ra(d);
      if (a !== null && a !== '') return true;
      const b = rb(d);
      if (b !== null && b !== '') return true;
      const c = rc(d);
      return c !== null && c !== '';
    };
  }
  return (d) => {
    let present = 0;
    for (let i = 0; i < count; i++) {
      const value = readers[i](d);
      if (value !== null && value !== '' && ++present >= need) return true;
      // too few keys left to reach `need`
      if (present + (count - 1 - i) < need) return false;
    }
    return false;
  };
}

/** A `missing` whose keys are literal: the keys and their readers. */
function literalMissingKeys(args: readonly CompiledNode[]): { keys: readonly unknown[]; readers: Evaluator[] } | undefined {
  // literal keys: a literal list as the only argument, or constants none of which is a list
  let keys: readonly unknown[] | undefined;
  if (args.length === 1 && args[0].items !== undefined) keys = args[0].items;
  else if (args.every((arg) => arg.constant && !Array.isArray(arg.value))) keys = args.map((arg) => arg.value);
  const readers = keys === undefined ? undefined : literalKeyReaders(keys);
  return readers === undefined ? undefined : { keys: keys!, readers };
}

const missingGeneral = strict(false, (v, data) => missingKeys(data, Array.isArray(v[0]) ? v[0] : v), (args) => {
  const literal = literalMissingKeys(args);
  return literal === undefined ? undefined : missingOf(literal.keys, literal.readers);
});

/** `missing`; with literal keys it also tells `!` and `!!` how to test "nothing missing" without the list. */
const missing: OperatorDefinition = {
  ...missingGeneral,
  allPresent(args) {
    const literal = literalMissingKeys(args);
    return literal === undefined ? undefined : presentAtLeast(literal.readers, literal.readers.length);
  },
};

const missingSome = strict(false, (v, data, site) => {
  const need = v[0];
  const options = v[1];
  const keys: unknown[] = Array.isArray(options) ? options : [options];
  const absent = missingKeys(data, Array.isArray(keys[0]) ? keys[0] : keys);
  if (options === null || options === undefined) {
    throw new JsonLogicError('invalid_argument', '"missing_some" needs a list of keys as its second argument', site.argPath(1));
  }
  return options.length - absent.length >= need ? [] : absent;
}, (args) => {
  // a constant count and a literal list of literal keys
  if (args.length !== 2 || !args[0].constant || args[1].items === undefined) return undefined;
  const need: any = args[0].value;
  const keys = args[1].items;
  const readers = literalKeyReaders(keys);
  if (readers === undefined) return undefined;
  const absentOf = missingOf(keys, readers);
  if (typeof need === 'number' && !Number.isNaN(need)) {
    // enough keys present ([]) is known after reading as few as `need` of them; the list only when it is not
    const enough = presentAtLeast(readers, need);
    return (d) => (enough(d) ? [] : absentOf(d));
  }
  const count = keys.length;
  return (d) => {
    const absent = absentOf(d) as unknown[];
    return count - absent.length >= need ? [] : absent;
  };
}, 2);

/** Returns its first argument; the value goes to the `log` sink given to compile() (none by default). */
const log = strict(false, (v, _data, site) => {
  site.log(v[0]);
  return v[0];
});

export const standardOperators: ReadonlyMap<string, OperatorDefinition> = new Map<string, OperatorDefinition>([
  ['var', variable],
  ['missing', missing],
  ['missing_some', missingSome],
  ['if', ifThenElse],
  ['?:', ifThenElse],
  ['==', booleanResult(looseEquals)],
  ['===', booleanResult(strictEquals)],
  ['!=', booleanResult(looseNotEquals)],
  ['!==', booleanResult(strictNotEquals)],
  ['!', booleanResult(not)],
  ['!!', booleanResult(doubleNot)],
  ['or', or],
  ['and', and],
  ['>', booleanResult(greaterThan)],
  ['>=', booleanResult(greaterOrEqual)],
  ['<', booleanResult(lessThan)],
  ['<=', booleanResult(lessOrEqual)],
  ['+', plus],
  ['-', minus],
  ['*', times],
  ['/', divide],
  ['%', modulo],
  ['min', min],
  ['max', max],
  ['cat', cat],
  ['substr', substrOperator],
  ['in', booleanResult(inOperator)],
  ['merge', merge],
  ['map', map],
  ['filter', filter],
  ['reduce', reduce],
  ['all', booleanResult(all)],
  ['none', booleanResult(none)],
  ['some', booleanResult(some)],
  ['log', log],
]);
