/**
 * Differential property test: on generated rules over the standard operators
 * (all but `log`) and generated data, our compiled rule gives exactly what
 * json-logic-js 2.0.5 gives (deep, strict equality, -0 ≠ 0), or both throw.
 *
 * Not generated, on purpose (documented differences):
 * - unknown operators: we reject them at compile time, json-logic-js only
 *   when the branch runs;
 * - `{"*": []}`: a compile-time error for us (json-logic-js throws when run);
 * - data keys that name prototype members (`toString`, `constructor`, …):
 *   we read own properties only;
 * - `in` against an object with an `indexOf` key; `missing_some` whose key
 *   list is computed to a non-array.
 */
import fc from 'fast-check';
import jsonLogic from 'json-logic-js';
import { describe, expect, it } from 'vitest';
import { compile } from './index.ts';

const keys = ['a', 'b', 'c', '0', '1', 'length', 'current', 'accumulator'];

const text = fc.constantFrom('', '0', '1', '2', 'a', 'abc', 'A', '1.5', ' 2', '-1', 'true', 'null', 'Å', 'a.b');
const number = fc.oneof(
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom(0.5, -0.5, 1.5, 100, -0, 1e21, 0.1, 0.2, 3),
);
const primitive = fc.oneof(fc.constant(null), fc.boolean(), number, text);

const { json: dataValue } = fc.letrec((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: primitive, weight: 4 },
    { arbitrary: fc.array(tie('json'), { maxLength: 4 }), weight: 1 },
    { arbitrary: fc.dictionary(fc.constantFrom(...keys), tie('json'), { maxKeys: 4 }), weight: 2 },
  ),
}));

const data = fc.oneof(
  { arbitrary: fc.dictionary(fc.constantFrom(...keys), dataValue, { maxKeys: 6 }), weight: 6 },
  { arbitrary: dataValue, weight: 1 },
);

const varPath = fc.oneof(
  fc.constantFrom('', 'a', 'b', 'c', 'a.b', 'a.0', 'b.1', 'a.length', 'c.a.b', '0', '1', 'current', 'accumulator', 'current.a', 'x'),
  // deep paths (chained readers, var-path.ts), through arrays and texts
  fc.constantFrom('a.b.c', 'c.a.b.a', 'a.0.b.1', 'a.b.length', 'a.length.x', 'b.a.c.b.a', 'current.a.b', 'accumulator.a.0'),
  fc.constantFrom(0, 1, null),
);

const strictOperators = [
  '==', '===', '!=', '!==', '!', '!!', '<', '<=', '>', '>=', '+', '-', '*', '/', '%',
  'min', 'max', 'cat', 'substr', 'in', 'merge', 'and', 'or', 'if', '?:',
] as const;
const scopedOperators = ['map', 'filter', 'all', 'none', 'some'] as const;

const { rule } = fc.letrec((tie) => {
  const sub = tie('rule');
  const args = fc.array(sub, { maxLength: 4 });
  return {
    rule: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { arbitrary: primitive, weight: 5 },
      { arbitrary: fc.constantFrom({}, { a: 1, b: 2 }), weight: 1 },
      // rules that evaluate to undefined
      { arbitrary: fc.constantFrom({ and: [] }, { or: [] }), weight: 1 },
      {
        arbitrary: fc.oneof(
          varPath.map((path) => ({ var: path })),
          fc.tuple(varPath, sub).map(([path, fallback]) => ({ var: [path, fallback] })),
          sub.map((path) => ({ var: [path] })),
        ),
        weight: 5,
      },
      {
        arbitrary: fc.tuple(fc.constantFrom(...strictOperators), args).filter(([op, list]) => !(op === '*' && list.length === 0)).map(([op, list]) => ({ [op]: list })),
        weight: 8,
      },
      // the unary shorthand {"op": x}
      { arbitrary: fc.tuple(fc.constantFrom(...strictOperators), sub).map(([op, arg]) => ({ [op]: arg })), weight: 2 },
      { arbitrary: fc.tuple(fc.constantFrom(...scopedOperators), sub, sub).map(([op, list, logic]) => ({ [op]: [list, logic] })), weight: 2 },
      {
        arbitrary: fc.tuple(sub, sub, fc.option(sub, { nil: undefined })).map(([list, logic, initial]) =>
          initial === undefined ? { reduce: [list, logic] } : { reduce: [list, logic, initial] },
        ),
        weight: 1,
      },
      { arbitrary: fc.array(varPath, { maxLength: 3 }).map((list) => ({ missing: list })), weight: 1 },
      {
        arbitrary: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.array(varPath, { maxLength: 3 })).map(([need, list]) => ({ missing_some: [need, list] })),
        weight: 1,
      },
      { arbitrary: args, weight: 1 },
    ),
  };
});

type Outcome = { ok: true; value: unknown } | { ok: false };

function outcome(run: () => unknown): Outcome {
  try {
    return { ok: true, value: run() };
  } catch {
    return { ok: false };
  }
}

describe('differential: kontera vs json-logic-js', () => {
  it('gives the same result on generated rules and data', () => {
    fc.assert(
      fc.property(rule, data, (r, d) => {
        const expected = outcome(() => jsonLogic.apply(r as never, d));
        const actual = outcome(() => compile(r)(d));
        expect(actual.ok).toBe(expected.ok);
        if (actual.ok && expected.ok) expect(actual.value).toStrictEqual(expected.value);
      }),
      { numRuns: 2000, seed: 20260501 },
    );
  });

  it('gives the same result with a fresh seed', () => {
    fc.assert(
      fc.property(rule, data, (r, d) => {
        const expected = outcome(() => jsonLogic.apply(r as never, d));
        const actual = outcome(() => compile(r)(d));
        expect(actual.ok).toBe(expected.ok);
        if (actual.ok && expected.ok) expect(actual.value).toStrictEqual(expected.value);
      }),
      { numRuns: 2000 },
    );
  });

  it('evaluates a compiled rule repeatedly without state', () => {
    fc.assert(
      fc.property(rule, fc.array(data, { minLength: 2, maxLength: 4 }), (r, inputs) => {
        const compiled = outcome(() => compile(r));
        if (!compiled.ok) return;
        const run = compiled.value as (value: unknown) => unknown;
        for (const d of inputs) {
          const expected = outcome(() => jsonLogic.apply(r as never, d));
          const actual = outcome(() => run(d));
          expect(actual.ok).toBe(expected.ok);
          if (actual.ok && expected.ok) expect(actual.value).toStrictEqual(expected.value);
        }
      }),
      { numRuns: 500 },
    );
  });
});
