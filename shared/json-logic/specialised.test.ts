/**
 * Issue 14's specialised closures give exactly what the general path gives,
 * on edge values (null, missing vars, texts that look like numbers or dates,
 * NaN, empty arrays): `if` cascades of constant results (against
 * json-logic-js), `same_period` with a literal unit (against samePeriod, the
 * general form), the unrolled ISO date reader (against its regular
 * expression), and the allocation-free limit check (against the walk that
 * records paths).
 */
import fc from 'fast-check';
import jsonLogic from 'json-logic-js';
import { describe, expect, it } from 'vitest';
import { compile, JsonLogicError } from './index.ts';
import { checkLimits, limitProblemWithPath } from './compile.ts';
import { isoDateNumber, samePeriod } from './calendar-date.ts';
import { percentOf } from './decimal-round.ts';

const edgeValues: unknown[] = [
  null, undefined, 0, -0, 1, -1, 1.5, 100, 1e21, Number.NaN, '', '0', '1', '1.5', ' 2', 'abc', 'SEK', 'US', true, false, [], [1], ['US'],
];

function dataWith(values: Record<string, unknown>): Record<string, unknown> {
  // undefined stands for a missing key
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}

function outcome(run: () => unknown): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: run() };
  } catch {
    return { ok: false };
  }
}

/** Property: every generated rule gives, on every generated data, what json-logic-js gives (or both throw). */
function assertSameAsJsonLogicJs(rule: fc.Arbitrary<unknown>, data: fc.Arbitrary<unknown>, seed: number, numRuns: number): void {
  fc.assert(
    fc.property(rule, data, (r, d) => {
      expect(outcome(() => compile(r)(d))).toStrictEqual(outcome(() => jsonLogic.apply(r as never, d)));
    }),
    { numRuns, seed },
  );
}

describe('if of yes/no conditions with constant results (one closure per count)', () => {
  const condition = fc.oneof(
    fc.tuple(fc.constantFrom('>', '>=', '<', '<=', '==', '!=', '===', '!=='), fc.constantFrom('a', 'b', 'c'), fc.constantFrom(...edgeValues.filter((v) => v !== undefined && !Array.isArray(v)))).map(([op, path, c]) => ({ [op]: [{ var: path }, c] })),
    fc.constantFrom('a', 'b', 'c').map((path) => ({ '!': { var: path } })),
    fc.constantFrom('a', 'b', 'c').map((path) => ({ in: [{ var: path }, ['US', 'GB', 1, '']] })),
  );
  // (a one-key object would be an operation: `{a: 1, b: 2}` is the literal object)
  const result = fc.constantFrom<unknown>('blocked', 'cfo', 0, '', null, false, 1.5, { a: 1, b: 2 });
  const rule = fc.tuple(fc.array(fc.tuple(condition, result), { minLength: 2, maxLength: 7 }), fc.option(result, { nil: undefined })).map(([pairs, otherwise]) => ({
    if: [...pairs.flat(), ...(otherwise === undefined ? [] : [otherwise])],
  }));
  const data = fc.record({ a: fc.constantFrom(...edgeValues), b: fc.constantFrom(...edgeValues), c: fc.constantFrom(...edgeValues) }).map(dataWith);

  it('gives what json-logic-js gives, with and without an else, 2 to 7 conditions', () => {
    fc.assert(
      fc.property(rule, data, (r, d) => {
        const expected = outcome(() => jsonLogic.apply(r as never, d));
        const actual = outcome(() => compile(r)(d));
        expect(actual).toStrictEqual(expected);
      }),
      { numRuns: 3000, seed: 14 },
    );
  });

  it('picks each branch of the bench rule, and the else', () => {
    const routing = compile({
      if: [
        { '!': { var: 'approved' } }, 'blocked',
        { '>': [{ var: 'amount' }, 10_000_000] }, 'cfo',
        { '>': [{ var: 'amount' }, 1_000_000] }, 'controller',
        { '!=': [{ var: 'currency' }, 'SEK'] }, 'fx',
        { in: [{ var: 'country' }, ['US', 'GB']] }, 'non-eu',
        { '<': [{ var: 'amount' }, 0] }, 'credit',
        'auto',
      ],
    });
    const base = { approved: true, amount: 500, currency: 'SEK', country: 'SE' };
    expect(routing({ ...base, approved: false })).toBe('blocked');
    expect(routing({ ...base, amount: 20_000_000 })).toBe('cfo');
    expect(routing({ ...base, amount: '2000000' })).toBe('controller');
    expect(routing({ ...base, currency: null })).toBe('fx');
    expect(routing({ ...base, country: 'GB' })).toBe('non-eu');
    expect(routing({ ...base, amount: -1 })).toBe('credit');
    expect(routing(base)).toBe('auto');
    expect(routing({})).toBe('blocked');
  });
});

describe('same_period with a literal unit (one closure per unit)', () => {
  const dates = [
    '2026-03-01', '2026-03-31', '2026-04-01', '2026-01-01', '2026-12-31', '2025-12-31', '2028-02-29', '2026-02-29', '2026-02-28',
    '2026-13-01', '2026-00-10', '2026-03-00', '2026-03-32', '2026-3-01', '2026-03-1a', ' 2026-03-01', '2026-03-01T00:00:00Z', '0000-01-01', '9999-12-31',
    '2026/03/01', '２０２６-03-01',
  ];
  const value = fc.oneof(fc.constantFrom(...dates), fc.constantFrom(...edgeValues), fc.string({ maxLength: 12 }));

  for (const unit of [undefined, 'month', 'quarter', 'year'] as const) {
    it(`${unit ?? 'no unit (month)'}: the same result as samePeriod`, () => {
      const rule = compile({ same_period: [{ var: 'a' }, { var: 'b' }, ...(unit === undefined ? [] : [unit])] });
      fc.assert(
        fc.property(value, value, (a, b) => {
          expect(rule(dataWith({ a, b }))).toStrictEqual(samePeriod(a ?? null, b ?? null, unit ?? 'month'));
        }),
        { numRuns: 2000, seed: 1414 },
      );
      for (const a of dates) for (const b of dates) expect(rule({ a, b })).toStrictEqual(samePeriod(a, b, unit ?? 'month'));
    });
  }

  it('texts still pay their length (a tight budget runs out as before)', () => {
    expect(() => compile({ same_period: [{ var: 'a' }, { var: 'b' }] }, { operationsMax: 19 })({ a: '2026-03-01', b: '2026-03-02' })).toThrow(JsonLogicError);
    expect(compile({ same_period: [{ var: 'a' }, { var: 'b' }] }, { operationsMax: 20 })({ a: '2026-03-01', b: '2026-03-02' })).toBe(true);
  });
});

describe('isoDateNumber (unrolled char codes)', () => {
  const isoPattern = /^(\d{4})-(\d{2})-(\d{2})$/;
  function reference(value: unknown): number {
    if (typeof value !== 'string') return -1;
    const match = isoPattern.exec(value);
    if (match === null) return -1;
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
    return month >= 1 && month <= 12 && day >= 1 && day <= days ? year * 10000 + month * 100 + day : -1;
  }
  it('accepts exactly what the regular expression and the calendar accept', () => {
    const digitOrNot = fc.constantFrom('0', '1', '2', '3', '9', '/', ':', 'a', ' ', '-', '٣');
    const candidate = fc.oneof(
      fc.tuple(fc.array(digitOrNot, { minLength: 4, maxLength: 4 }), fc.array(digitOrNot, { minLength: 2, maxLength: 2 }), fc.array(digitOrNot, { minLength: 2, maxLength: 2 }))
        .map(([y, m, d]) => `${y.join('')}-${m.join('')}-${d.join('')}`),
      fc.integer({ min: 0, max: 9999 * 10000 + 1299 }).map((n) => `${String(Math.floor(n / 10000)).padStart(4, '0')}-${String(Math.floor(n / 100) % 100).padStart(2, '0')}-${String(n % 100).padStart(2, '0')}`),
      fc.string({ maxLength: 11 }),
    );
    fc.assert(fc.property(candidate, (text) => {
      expect(isoDateNumber(text)).toBe(reference(text));
    }), { numRuns: 5000, seed: 2026 });
    for (const value of [null, undefined, 20260301, ['2026-03-01']]) expect(isoDateNumber(value)).toBe(-1);
  });
});

describe('checkLimits: the reused-stack walk finds what the path-recording walk finds', () => {
  const { node } = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { arbitrary: fc.constantFrom<unknown>(1, 'a', null, true, {}), weight: 3 },
      { arbitrary: fc.array(tie('node'), { maxLength: 5 }), weight: 1 },
      { arbitrary: fc.tuple(fc.constantFrom('and', 'or', 'var', '+', 'if'), fc.array(tie('node'), { maxLength: 5 })).map(([op, args]) => ({ [op]: args })), weight: 2 },
      { arbitrary: fc.tuple(fc.constantFrom('!', 'var'), tie('node')).map(([op, arg]) => ({ [op]: arg })), weight: 1 },
    ),
  }));
  it('the same problem (code, message, path) or none, for small limits', () => {
    fc.assert(
      fc.property(node, fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 30 }), (rule, depthMax, nodesMax) => {
        const fast = checkLimits(rule, depthMax, nodesMax);
        const slow = limitProblemWithPath(rule, depthMax, nodesMax);
        expect(fast === null).toBe(slow === null);
        if (fast !== null && slow !== null) {
          expect([fast.code, fast.message, fast.path]).toStrictEqual([slow.code, slow.message, slow.path]);
        }
      }),
      { numRuns: 3000, seed: 77 },
    );
  });
  it('holds no part of the rule after a rule over the limit', () => {
    const big = { and: Array.from({ length: 50 }, (_, i) => ({ '==': [{ var: `k${i}` }, i] })) };
    expect(checkLimits(big, 64, 20)?.code).toBe('size_exceeded');
    expect(checkLimits({ '!': 1 }, 64, 20)).toBeNull();
  });
});

describe('reduce of {"+": [{"var": "accumulator"}, term]} (a running sum)', () => {
  const term = fc.constantFrom<unknown>(
    { var: 'current.amount' }, { var: 'current' }, { var: ['current.amount', 1] }, { '*': [{ var: 'current.q' }, { var: 'current.p' }] }, { var: 'accumulator' }, 2, '3', null,
  );
  const item = fc.oneof(
    fc.record({ amount: fc.constantFrom(...edgeValues), q: fc.constantFrom(1, 2, '3', null), p: fc.constantFrom(10, '1.5', -2) }),
    fc.constantFrom(...edgeValues),
  );
  const rule = fc.tuple(term, fc.option(fc.constantFrom<unknown>(0, 5, '7', null, { var: 'start' }, 'x', { and: [] }), { nil: undefined })).map(([t, initial]) => ({
    reduce: [{ var: 'lines' }, { '+': [{ var: 'accumulator' }, t] }, ...(initial === undefined ? [] : [initial])],
  }));
  const data = fc.record({ lines: fc.oneof(fc.array(item, { maxLength: 5 }), fc.constantFrom(null, 'abc', 5)), start: fc.constantFrom(...edgeValues) }).map(dataWith);

  it('gives what json-logic-js gives (NaN, texts that look like numbers, null, missing, empty lists)', () => {
    assertSameAsJsonLogicJs(rule, data, 1418, 3000);
  });

  it('charges a text accumulator like the + closure does', () => {
    const r = { reduce: [{ var: 'lines' }, { '+': [{ var: 'accumulator' }, { var: 'current' }] }, { var: 'start' }] };
    const d = { lines: ['1', '2'], start: 'x'.repeat(50) };
    const sumUnfused = { reduce: [{ var: 'lines' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, { var: 'start' }] };
    for (const max of [40, 55, 60, 200]) {
      expect(outcome(() => compile(r, { operationsMax: max })(d))).toStrictEqual(outcome(() => compile(sumUnfused, { operationsMax: max })(d)));
    }
  });
});

describe('a var of one or two segments against a constant (the shapes a comparison specialises)', () => {
  const ops = ['<', '<=', '>', '>=', '==', '!='] as const;
  const paths = ['a', 'b.c', 'b', 'b.missing', 'missing.c', 'a.length', 'b.0'];
  const constants: unknown[] = [0, 5, -1, 1.5, '', '5', 'abc', 'SEK', '2026-01-15'];
  const fallbacks: unknown[] = [undefined, null, 0, 7, '', 'x', '9999-12-31'];
  const value = fc.constantFrom(...edgeValues, '2026-03-01', ['a', 'b'], { c: 3 });
  const nested = fc.oneof(
    fc.record({ c: value, 0: value }).map(dataWith),
    value,
    fc.constantFrom<unknown>('text', ['x', 'y'], [5]),
  );
  const rule = fc
    .tuple(fc.constantFrom(...ops), fc.constantFrom(...paths), fc.constantFrom(...constants), fc.constantFrom(...fallbacks), fc.boolean())
    .map(([op, path, c, fallback, constantFirst]) => {
      const read = { var: fallback === undefined ? path : [path, fallback] };
      return { [op]: constantFirst ? [c, read] : [read, c] };
    });
  const data = fc.record({ a: value, b: nested }).map(dataWith);

  it('gives what json-logic-js gives on plain JSON data', () => {
    assertSameAsJsonLogicJs(rule, data, 1406, 5000);
  });

  /** The same rule with its path computed (`{"var": {"cat": [path]}}`): the general, checked read instead of a reader copy. */
  function unfused(r: Record<string, unknown[]>): unknown {
    const op = Object.keys(r)[0];
    return { [op]: r[op].map((arg) => (typeof arg === 'object' && arg !== null && 'var' in arg ? unfusedVar(arg.var) : arg)) };
  }
  function unfusedVar(spec: unknown): unknown {
    return Array.isArray(spec) ? { var: [{ cat: [spec[0]] }, spec[1]] } : { var: { cat: [spec] } };
  }

  it('reads objects that are not plain JSON (null prototype, class instances, inherited keys) like the checked read', () => {
    class Box {
      c = 5;
    }
    const inheriting = Object.create({ c: 5, a: 5 }) as Record<string, unknown>;
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { c: '5', a: 7 });
    const odd = fc.constantFrom<unknown>(new Box(), inheriting, bare, Object.assign(Object.create(null) as object, { 0: 1 }));
    const oddData = fc.oneof(
      fc.record({ a: value, b: odd }).map(dataWith),
      odd,
      fc.constantFrom<unknown>(null, 5, 'text', ['a']),
    );
    fc.assert(
      fc.property(rule, oddData, (r, d) => {
        expect(outcome(() => compile(r)(d))).toStrictEqual(outcome(() => compile(unfused(r as Record<string, unknown[]>))(d)));
      }),
      { numRuns: 3000, seed: 1407 },
    );
  });

  it('never follows a blocked key, and counts a function value as absent', () => {
    const d = JSON.parse('{"__proto__": {"c": 5}, "a": {"constructor": 1}}') as unknown;
    expect(compile({ '==': [{ var: '__proto__.c' }, 5] })(d)).toBe(false);
    expect(compile({ '==': [{ var: ['a.constructor', 9] }, 1] })(d)).toBe(false);
    expect(compile({ '==': [{ var: ['f', 'none'] }, 'none'] })({ f: () => 1 })).toBe(true);
    expect(compile({ '<': [{ var: 'b.f' }, 1] })({ b: { f: () => 1 } })).toBe(true); // absent → null < 1
  });

  it('charges what a comparison coerces (a long list against a number runs out of budget)', () => {
    const d = { a: Array.from({ length: 500 }, (_, i) => i), b: { c: 'x'.repeat(500) } };
    const rules: Record<string, unknown[]>[] = [{ '>': [{ var: 'a' }, 5] }, { '==': [{ var: 'a' }, 5] }, { '<': [{ var: 'b.c' }, 5] }, { '!=': [5, { var: 'b.c' }] }];
    for (const r of rules) {
      for (const max of [100, 1000]) {
        const fused = outcome(() => compile(r, { operationsMax: max })(d));
        expect(fused).toStrictEqual(outcome(() => compile(unfused(r), { operationsMax: max })(d)));
        expect(fused.ok).toBe(max === 1000);
      }
    }
  });
});

describe('two computed values compared (var against var, and between with a constant bound)', () => {
  const value = fc.constantFrom(...edgeValues, '2026-03-01', '2026-01-15', 'b', ['a'], { c: 3 });
  const rule = fc.oneof(
    fc.tuple(fc.constantFrom('<', '<=', '>', '>='), fc.boolean()).map(([op, withDefault]) => ({ [op]: [{ var: withDefault ? ['a', '9999-12-31'] : 'a' }, { var: 'b' }] })),
    fc.tuple(fc.constantFrom('<', '<='), fc.constantFrom<unknown>(10, 0, '2026-02-01', 'z')).map(([op, high]) => ({ [op]: [{ var: 'a' }, { var: 'b' }, high] })),
  );
  const data = fc.record({ a: value, b: value }).map(dataWith);

  it('gives what json-logic-js gives (between with a constant bound, and var against var)', () => {
    assertSameAsJsonLogicJs(rule, data, 1408, 4000);
  });

  it('two texts pay both lengths', () => {
    const d = { a: 'x'.repeat(300), b: 'y'.repeat(300) };
    for (const r of [{ '<': [{ var: 'a' }, { var: 'b' }] }, { '<=': [{ var: 'a' }, { var: 'b' }, 'z'] }]) {
      expect(outcome(() => compile(r, { operationsMax: 500 })(d)).ok).toBe(false);
      expect(outcome(() => compile(r, { operationsMax: 700 })(d))).toStrictEqual({ ok: true, value: true });
    }
  });
});

describe('missing and missing_some of literal keys (a yes/no test that stops early, no list unless needed)', () => {
  const keyList = fc.array(fc.constantFrom<unknown>('a', 'b.c', 'b', 'none', 'b.none', 'a.0', 0, 'b.0'), { maxLength: 5 });
  const missing = keyList.chain((keys) => fc.constantFrom<unknown>({ missing: keys }, ...(keys.some(Array.isArray) ? [] : [{ missing: keys.length === 1 ? keys[0] : keys }])));
  const rule = fc.oneof(
    missing.map((m) => ({ '!': m })),
    missing.map((m) => ({ '!!': m })),
    missing,
    missing.map((m) => ({ if: [m, 'incomplete', 'complete'] })),
    fc.tuple(fc.constantFrom<unknown>(0, 1, 2, 3, 5, -1, 1.5, Number.NaN, '1', null), keyList).map(([need, keys]) => ({ missing_some: [need, keys] })),
    fc.tuple(fc.constantFrom<unknown>(0, 1, 2, 3), keyList).map(([need, keys]) => ({ '!': { missing_some: [need, keys] } })),
  );
  const value = fc.constantFrom(...edgeValues, { c: 3 }, { c: '' }, { c: null }, ['x'], ['']);
  const data = fc.record({ a: value, b: value }).map(dataWith);

  it('gives what json-logic-js gives (null, "", missing keys, paths through texts and lists, every count)', () => {
    assertSameAsJsonLogicJs(rule, data, 1409, 4000);
  });

  it('gives what the general path gives (keys computed, so no reader is specialised)', () => {
    // `merge` builds the same list at run time: the general path reads every key with readVar
    const general = (r: unknown): unknown => JSON.parse(JSON.stringify(r), function (this: unknown, key, v: unknown) {
      return (key === 'missing' && Array.isArray(v)) ? { merge: [v] } : v;
    });
    fc.assert(
      fc.property(rule, data, (r, d) => {
        const some = (r as { missing_some?: unknown[] }).missing_some;
        const unfused = some === undefined ? general(r) : { missing_some: [some[0], { merge: [some[1]] }] };
        expect(outcome(() => compile(r)(d))).toStrictEqual(outcome(() => compile(unfused)(d)));
      }),
      { numRuns: 3000, seed: 1410 },
    );
  });

  it('returns a fresh list each time (a caller may change it)', () => {
    const some = compile({ missing_some: [1, ['a', 'b']] });
    const first = some({ a: 1 }) as unknown[];
    first.push('changed');
    expect(some({ a: 1 })).toEqual([]);
    expect(some({})).toEqual(['a', 'b']);
  });
});

describe('percent_of with a literal integer percent, half_up (rounded from product / 100, no remainder)', () => {
  /** half_up (half away from zero) of amount × percent / 100, in BigInt: the exact reference. */
  function exactHalfUp(amount: number, percent: number): number {
    const product = BigInt(amount) * BigInt(percent);
    const negative = product < 0n;
    const magnitude = negative ? -product : product;
    const rounded = (magnitude + 50n) / 100n;
    const result = Number(negative ? -rounded : rounded);
    return result === 0 ? 0 : result;
  }
  const percent = fc.oneof(fc.constantFrom(0, 1, 12, 25, 50, 99, 100, 101, -25, 1000), fc.integer({ min: -10_000, max: 10_000 }));
  const amount = fc.oneof(
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
    // halves and near-halves: amounts whose product ends in 49, 50, 51
    fc.integer({ min: -100_000, max: 100_000 }).map((k) => k * 100 + 50),
    fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
    fc.integer({ min: -(2 ** 48), max: 2 ** 48 }),
  );

  it('gives the exact half_up result, with and without the literal mode, up to the largest safe products', () => {
    fc.assert(
      fc.property(amount, percent, (a, p) => {
        const expected = Number.isSafeInteger(a * p) ? exactHalfUp(a, p) : percentOf(a, p, 'half_up');
        expect(compile({ percent_of: [{ var: 'a' }, p] })({ a })).toBe(expected);
        expect(compile({ percent_of: [{ var: 'a' }, p, 'half_up'] })({ a })).toBe(expected);
        expect(percentOf(a, p, 'half_up')).toBe(expected);
      }),
      { numRuns: 5000, seed: 1411 },
    );
  });

  it('leaves what is not a safe integer to the general path (texts, fractions, null, huge products)', () => {
    for (const a of ['1000', '12.5', 1.5, null, true, [], 2 ** 53, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, Number.NaN]) {
      expect(compile({ percent_of: [{ var: 'a' }, 25] })({ a })).toBe(percentOf(a, 25, 'half_up'));
    }
  });
});
