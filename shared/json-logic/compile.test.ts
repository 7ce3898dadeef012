import { describe, expect, it, vi } from 'vitest';
import jsonLogic from 'json-logic-js';
import { compile, compileProblems, evaluate, JsonLogicError } from './index.ts';

function errorOf(run: () => unknown): JsonLogicError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(JsonLogicError);
    return error as JsonLogicError;
  }
  throw new Error('expected a JsonLogicError');
}

describe('standard operators (json-logic-js 2.0.5 semantics)', () => {
  const data = {
    a: 1,
    s: 'hello',
    zero: 0,
    empty: '',
    nil: null,
    list: [1, 2, 3],
    nested: { b: { c: 'deep' }, arr: [{ x: 1 }, { x: 2 }] },
    lines: [
      { account: '6212', amountMinor: 100 },
      { account: '4010', amountMinor: 250 },
    ],
  };
  it.each<[string, unknown, unknown]>([
    // var
    ['var dotted', { var: 'nested.b.c' }, 'deep'],
    ['var index', { var: 'list.1' }, 2],
    ['var numeric path', { var: 1 }, null],
    ['var default', { var: ['missing', 42] }, 42],
    ['var null value is not replaced by the default', { var: ['nil', 42] }, null],
    ['var past null gives the default', { var: ['nil.x', 42] }, 42],
    ['var "" is the whole data', { var: '' }, data],
    ['var null is the whole data', { var: null }, data],
    ['var [] is the whole data', { var: [] }, data],
    ['var length of array', { var: 'list.length' }, 3],
    ['var length of string', { var: 's.length' }, 5],
    ['var char of string', { var: 's.0' }, 'h'],
    ['var computed path', { var: { cat: ['nested.', 'b.c'] } }, 'deep'],
    ['var computed default', { var: ['nope', { '+': [1, 2] }] }, 3],
    // missing
    ['missing', { missing: ['a', 'b', 'empty', 'nil'] }, ['b', 'empty', 'nil']],
    ['missing with a list', { missing: [['a', 'zz']] }, ['zz']],
    ['missing shorthand', { missing: 'zz' }, ['zz']],
    ['missing_some enough', { missing_some: [1, ['a', 'zz']] }, []],
    ['missing_some not enough', { missing_some: [2, ['a', 'zz', 'yy']] }, ['zz', 'yy']],
    // if
    ['if then', { if: [true, 'yes', 'no'] }, 'yes'],
    ['if else', { if: [false, 'yes', 'no'] }, 'no'],
    ['if elseif', { if: [false, 1, { var: 'a' }, 2, 3] }, 2],
    ['if no else', { if: [false, 1] }, null],
    ['if zero args', { if: [] }, null],
    ['if one arg', { if: ['only'] }, 'only'],
    ['?:', { '?:': [{ var: 'zero' }, 'yes', 'no'] }, 'no'],
    ['if empty array is falsy', { if: [[], 'yes', 'no'] }, 'no'],
    ['if "0" is truthy', { if: ['0', 'yes', 'no'] }, 'yes'],
    // and / or
    ['and returns first falsy', { and: [1, { var: 'zero' }, 2] }, 0],
    ['and returns last', { and: [1, 'x', { var: 'a' }] }, 1],
    ['and empty', { and: [] }, undefined],
    ['or returns first truthy', { or: [0, '', { var: 's' }] }, 'hello'],
    ['or returns last', { or: [0, '', { var: 'empty' }] }, ''],
    ['or empty array falsy', { or: [[], 0] }, 0],
    // equality
    ['== loose', { '==': [1, '1'] }, true],
    ['== null undefined', { '==': [null, { var: 'nope.x' }] }, true],
    ['=== strict', { '===': [1, '1'] }, false],
    ['!= loose', { '!=': [1, '1'] }, false],
    ['!== strict', { '!==': [1, '1'] }, true],
    ['== with extra args ignores them', { '==': [1, 1, 2] }, true],
    // truthiness
    ['! empty array', { '!': [[]] }, true],
    ['! shorthand', { '!': { var: 'zero' } }, true],
    ['!! "0"', { '!!': ['0'] }, true],
    ['!! []', { '!!': [[]] }, false],
    ['!! [0]', { '!!': [[0]] }, true],
    // comparison
    ['>', { '>': [2, 1] }, true],
    ['>=', { '>=': [1, 1] }, true],
    ['<', { '<': [1, 2] }, true],
    ['<=', { '<=': [2, 2] }, true],
    ['< between', { '<': [1, { var: 'a' }, 3] }, false],
    ['< between true', { '<': [0, { var: 'a' }, 3] }, true],
    ['<= between', { '<=': [1, { var: 'a' }, 1] }, true],
    ['< third arg undefined is ignored', { '<': [1, 2, { and: [] }] }, true],
    ['< third arg computed undefined is ignored', { '<': [1, 2, { or: [{ var: 'zero' }, { and: [] }] }] }, true],
    ['< third arg computed null is not ignored', { '<': [1, 2, { var: 'nope' }] }, false],
    ['<= third arg computed', { '<=': [1, { var: 'a' }, { var: 'a' }] }, true],
    ['> strings', { '>': ['2026-02-01', '2026-01-31'] }, true],
    // arithmetic
    ['+ sum', { '+': [1, 2, 3] }, 6],
    ['+ unary string', { '+': '3.14' }, 3.14],
    ['+ strings', { '+': ['1', '2'] }, 3],
    ['+ empty', { '+': [] }, 0],
    ['+ "-0" is 0', { '+': ['-0', '-0'] }, 0],
    ['- binary', { '-': [5, 3] }, 2],
    ['- unary', { '-': 2 }, -2],
    ['- computed undefined second arg negates', { '-': [2, { and: [] }] }, -2],
    ['* product', { '*': [2, 3, 4] }, 24],
    ['* one arg is returned as is', { '*': ['3'] }, '3'],
    ['* -0 becomes 0 via parseFloat', { '*': [-1, 0, 5] }, 0],
    ['/', { '/': [1, 4] }, 0.25],
    ['%', { '%': [7, 3] }, 1],
    ['min', { min: [3, 1, 2] }, 1],
    ['max', { max: [3, 1, 2] }, 3],
    ['min empty', { min: [] }, Infinity],
    // text
    ['cat', { cat: ['a', 1, null, [1, 2]] }, 'a11,2'],
    ['substr start', { substr: ['jsonlogic', 4] }, 'logic'],
    ['substr negative start', { substr: ['jsonlogic', -5] }, 'logic'],
    ['substr length', { substr: ['jsonlogic', 0, 1] }, 'j'],
    ['substr negative length', { substr: ['jsonlogic', 0, -5] }, 'json'],
    ['in string', { in: ['ell', { var: 's' }] }, true],
    ['in array', { in: [2, { var: 'list' }] }, true],
    ['in literal list', { in: ['SE', ['NO', 'SE']] }, true],
    ['in long literal list', { in: ['SE', ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'SE']] }, true],
    ['in long literal list, loose type', { in: [1, ['1', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'SE']] }, false],
    ['in null', { in: ['a', null] }, false],
    ['in empty text is false', { in: ['', ''] }, false],
    ['in field that is empty text is false', { in: ['', { var: 'empty' }] }, false],
    ['in field text', { in: ['ell', { var: 's' }] }, true],
    ['in field array', { in: [3, { var: 'list' }] }, true],
    ['in field missing', { in: ['x', { var: 'nope' }] }, false],
    ['field in literal text', { in: [{ var: 's' }, 'say hello there'] }, true],
    ['field in long list (Set)', { in: [{ var: 'a' }, [9, 8, 7, 6, 5, 4, 3, 2, 1]] }, true],
    ['missing field in long list', { in: [{ var: 'nope' }, [9, 8, 7, 6, 5, 4, 3, 2, 1]] }, false],
    ['two-segment field comparison', { '==': [{ var: 'nested.b' }, null] }, false],
    ['two-segment field through null', { '==': [{ var: 'nil.b' }, null] }, true],
    ['two-segment field with default', { '===': [{ var: ['nil.b', 5] }, 5] }, true],
    ['constant on the left is mirrored', { '<': [0, { var: 'a' }] }, true],
    ['constant on the left, >=', { '>=': [0, { var: 'a' }] }, false],
    ['fused between, exclusive', { '<': [0, { var: 'a' }, 2] }, true],
    ['fused between, inclusive edge', { '<=': [1, { var: 'a' }, 1] }, true],
    ['fused between, missing field', { '<=': [0, { var: 'nope' }, 1] }, true],
    ['and of booleans', { and: [{ '==': [{ var: 'a' }, 1] }, { '!': [{ var: 'zero' }] }, { in: [{ var: 's' }, ['hello']] }] }, true],
    ['or of booleans', { or: [{ '==': [{ var: 'a' }, 2] }, { '>': [{ var: 'a' }, 5] }] }, false],
    ['and boolean then value', { and: [{ '==': [{ var: 'a' }, 1] }, { var: 's' }] }, 'hello'],
    ['or boolean then value', { or: [{ '==': [{ var: 'a' }, 2] }, { var: 'zero' }] }, 0],
    ['if over a boolean', { if: [{ '>': [{ var: 'a' }, 0] }, 'pos', 'neg'] }, 'pos'],
    ['some with a non-boolean test', { some: [{ var: 'lines' }, { var: 'account' }] }, true],
    ['all with a non-boolean test', { all: [{ var: 'list' }, { var: '' }] }, true],
    ['none with a boolean test', { none: [{ var: 'list' }, { '>': [{ var: '' }, 2] }] }, false],
    ['in number', { in: ['1', 10] }, false],
    ['in object', { in: ['b', { var: 'nested' }] }, false],
    // arrays
    ['merge', { merge: [[1], 2, [3, [4]]] }, [1, 2, 3, [4]]],
    ['merge empty', { merge: [] }, []],
    ['map', { map: [{ var: 'lines' }, { var: 'amountMinor' }] }, [100, 250]],
    ['map non-array', { map: [{ var: 'a' }, { var: '' }] }, []],
    ['filter', { filter: [{ var: 'list' }, { '>': [{ var: '' }, 1] }] }, [2, 3]],
    ['reduce', { reduce: [{ var: 'list' }, { '+': [{ var: 'current' }, { var: 'accumulator' }] }, 10] }, 16],
    ['reduce without initial starts at null', { reduce: [{ var: 'list' }, { var: 'accumulator' }] }, null],
    ['reduce non-array gives initial', { reduce: [{ var: 'a' }, { var: 'current' }, 7] }, 7],
    ['all', { all: [{ var: 'list' }, { '>': [{ var: '' }, 0] }] }, true],
    ['all empty is false', { all: [[], true] }, false],
    ['some', { some: [{ var: 'lines' }, { '==': [{ var: 'account' }, '4010'] }] }, true],
    ['some empty is false', { some: [[], true] }, false],
    ['none', { none: [{ var: 'list' }, { '<': [{ var: '' }, 0] }] }, true],
    ['none empty is true', { none: [[], true] }, true],
    ['map inner scope cannot see the outer data', { map: [[1], { var: 'a' }] }, [null]],
    // literals
    ['array literal', [1, { var: 'a' }, [2]], [1, 1, [2]]],
    ['object with two keys is a literal', { x: 1, y: 2 }, { x: 1, y: 2 }],
    ['empty object is a literal', {}, {}],
    ['primitive', 'text', 'text'],
    ['null', null, null],
    ['log returns its value', { log: [{ var: 'a' }] }, 1],
  ])('%s', (_name, rule, expected) => {
    expect(compile(rule)(data)).toStrictEqual(expected);
  });

  it('returns a fresh array each time for an array literal', () => {
    const run = compile([1, 2]);
    const first = run() as number[];
    first.push(3);
    expect(run()).toEqual([1, 2]);
  });

  it('var on primitive or missing data', () => {
    expect(compile({ var: 'a' })(undefined)).toBe(null);
    expect(compile({ var: 'a' })(5)).toBe(null);
    expect(compile({ var: '' })(5)).toBe(5);
    expect(compile({ var: 'length' })('abc')).toBe(3);
  });

  it('missing_some without a key list throws invalid_argument when run', () => {
    const error = errorOf(() => compile({ missing_some: [1, { var: 'nope' }] })({}));
    expect(error.code).toBe('invalid_argument');
    expect(error.path).toEqual(['missing_some', 1]);
  });

  it('rule-level constant folding keeps results equal', () => {
    expect(compile({ '+': [1, { '*': [2, 3] }] })({})).toBe(7);
    expect(compile({ if: [{ '==': [1, 1] }, { var: 'a' }, 'no'] })({ a: 'yes' })).toBe('yes');
    expect(compile({ and: [true, { var: 'a' }] })({ a: 0 })).toBe(0);
    expect(compile({ or: [false, { var: 'a' }] })({ a: 'x' })).toBe('x');
    expect(compile({ and: [0, { var: 'a' }] })({ a: 1 })).toBe(0);
  });
});

describe('compile errors', () => {
  it('unknown operator, with the path of its object', () => {
    const error = errorOf(() => compile({ and: [true, { '==': [{ bogus: [] }, 1] }] }));
    expect(error.code).toBe('unknown_operator');
    expect(error.path).toEqual(['and', 1, '==', 0]);
    expect(error.message).toContain('bogus');
  });

  it('unknown operator inside a branch that would never run is still an error', () => {
    expect(errorOf(() => compile({ if: [true, 1, { nope: [] }] })).path).toEqual(['if', 2]);
  });

  it('unary shorthand paths', () => {
    expect(errorOf(() => compile({ '!': { bogus: 1 } })).path).toEqual(['!']);
  });

  it('"*" without arguments', () => {
    const error = errorOf(() => compile({ '*': [] }));
    expect(error.code).toBe('invalid_argument');
    expect(error.path).toEqual([]);
  });

  it('depth limit', () => {
    let rule: unknown = { var: 'a' };
    for (let i = 0; i < 10; i++) rule = { '!': [rule] };
    // ten "!" (depth 1–10), the var (11) and its literal argument (12)
    expect(() => compile(rule, { depthMax: 12 })).not.toThrow();
    const error = errorOf(() => compile(rule, { depthMax: 11 }));
    expect(error.code).toBe('depth_exceeded');
    expect(error.path).toEqual([...Array.from({ length: 10 }, () => ['!', 0]).flat(), 'var']);
  });

  it('depth counts nested literal arrays', () => {
    let rule: unknown = 1;
    for (let i = 0; i < 100; i++) rule = [rule];
    expect(errorOf(() => compile(rule)).code).toBe('depth_exceeded');
  });

  it('size limit', () => {
    const rule = { and: Array.from({ length: 20 }, (_, i) => ({ '==': [{ var: `k${i}` }, i] })) };
    expect(() => compile(rule, { nodesMax: 200 })).not.toThrow();
    const error = errorOf(() => compile(rule, { nodesMax: 50 }));
    expect(error.code).toBe('size_exceeded');
    expect(error.path[0]).toBe('and');
  });

  it('a wide literal array is bounded by the size limit', () => {
    expect(errorOf(() => compile(new Array(20_000).fill(1))).code).toBe('size_exceeded');
  });

  it('collects every problem with compileProblems', () => {
    const problems = compileProblems({ and: [{ a1: [] }, { or: [{ a2: 1 }] }, { regex_test: ['(a)\\1', 'x'] }] });
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['unknown_operator', ['and', 0]],
      ['unknown_operator', ['and', 1, 'or', 0]],
      ['invalid_argument', ['and', 2, 'regex_test', 0]],
    ]);
  });
});

describe('options', () => {
  it('custom operators get evaluated arguments', () => {
    const run = compile({ double: [{ var: 'a' }] }, { operators: { double: (x) => (x as number) * 2 } });
    expect(run({ a: 21 })).toBe(42);
  });

  it('custom operators cannot return functions', () => {
    expect(compile({ leak: [] }, { operators: { leak: () => () => 1 } })({})).toBe(null);
  });

  it('custom operators cannot shadow built-ins or reserved names', () => {
    expect(errorOf(() => compile(1, { operators: { var: () => 1 } })).code).toBe('invalid_argument');
    expect(errorOf(() => compile(1, { operators: { constructor: () => 1 } })).code).toBe('invalid_argument');
  });

  it('custom operators are per compilation', () => {
    compile({ double: [1] }, { operators: { double: () => 2 } });
    expect(errorOf(() => compile({ double: [1] })).code).toBe('unknown_operator');
  });

  it('log goes to the sink, never to the console by default', () => {
    const spy = vi.spyOn(console, 'log');
    expect(compile({ log: 'quiet' })({})).toBe('quiet');
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    const seen: unknown[] = [];
    compile({ log: [{ var: 'a' }] }, { log: (value) => seen.push(value) })({ a: 7 });
    expect(seen).toEqual([7]);
  });

  it('log is never constant-folded', () => {
    const seen: unknown[] = [];
    const run = compile({ log: 1 }, { log: (value) => seen.push(value) });
    run();
    run();
    expect(seen).toEqual([1, 1]);
  });
});

describe('evaluate', () => {
  it('compiles and runs, caching per rule object', () => {
    const rule = { '+': [{ var: 'a' }, 1] };
    expect(evaluate(rule, { a: 1 })).toBe(2);
    expect(evaluate(rule, { a: 2 })).toBe(3);
    expect(evaluate(5, {})).toBe(5);
  });

  it('throws compile errors', () => {
    expect(() => evaluate({ nope: [] }, {})).toThrow(JsonLogicError);
  });
});

describe('specialised shapes keep the general semantics', () => {
  it('if chains of any length, with constant conditions inside', () => {
    const rule = { if: [{ '<': [{ var: 'x' }, 0] }, 'neg', false, 'never', { '==': [{ var: 'x' }, 0] }, 'zero', { var: 'x' }, 'truthy', 'else'] };
    const run = compile(rule);
    const xs = [-1, 0, 1, '', [], [1], '0', null];
    expect(xs.map((x) => run({ x }))).toEqual(['neg', 'zero', 'truthy', 'zero', 'zero', 'truthy', 'zero', 'else']);
    expect(xs.map((x) => run({ x }))).toEqual(xs.map((x) => jsonLogic.apply(rule as never, { x })));
    expect(compile({ if: [{ var: 'a' }, 1, { var: 'b' }, 2] })({ b: 1 })).toBe(2);
    expect(compile({ if: [{ var: 'a' }, 1, { var: 'b' }, 2] })({})).toBe(null);
    const long = { if: [...Array.from({ length: 40 }, (_, i) => [{ '==': [{ var: 'x' }, i] }, `v${i}`]).flat(), 'none'] };
    expect(compile(long)({ x: 39 })).toBe('v39');
    expect(compile(long)({ x: 3 })).toBe('v3');
    expect(compile(long)({ x: 40 })).toBe('none');
  });

  it('comparisons with a constant on either side, whatever the field type', () => {
    const values = [-1, 0, 1, 2, '1', '2', 'a', '', null, true, false, [1], [], undefined];
    for (const c of [1, '1', 'a', null, true, 0]) {
      for (const op of ['<', '<=', '>', '>=', '==', '!=', '===', '!=='] as const) {
        const right = compile({ [op]: [{ var: 'v' }, c] });
        const left = compile({ [op]: [c, { var: 'v' }] });
        for (const v of values) {
          const field = v === undefined ? null : v; // a missing var reads as null
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          const expected = (x: any, y: any): boolean => ({ '<': x < y, '<=': x <= y, '>': x > y, '>=': x >= y, '==': x == y, '!=': x != y, '===': x === y, '!==': x !== y })[op];
          expect(right({ v })).toBe(expected(field, c));
          expect(left({ v })).toBe(expected(c, field));
        }
      }
    }
  });

  it('* and substr with constant arguments', () => {
    expect(compile({ '*': [{ var: 'a' }, 0.25] })({ a: '8' })).toBe(2);
    expect(compile({ '*': ['4', { var: 'a' }] })({ a: 2 })).toBe(8);
    expect(compile({ '*': [{ var: 'a' }, 2] })({})).toBe(NaN);
    expect(compile({ substr: [{ var: 's' }, 0, 5] })({ s: 'Telia Sverige' })).toBe('Telia');
    expect(compile({ substr: [{ var: 's' }, -3] })({ s: 'Telia' })).toBe('lia');
    expect(compile({ substr: [{ var: 's' }, 1, -1] })({ s: 'Telia' })).toBe('eli');
  });

  const fieldValues = [-1, 0, 2, '3', 'ab', '', null, true, false, [1, [null, 2]], [], { a: 1 }, undefined];
  const sameAsJsonLogic = (rule: unknown, datas: readonly unknown[]) => {
    const run = compile(rule);
    for (const d of datas) expect(run(d)).toStrictEqual(jsonLogic.apply(rule as never, d));
  };

  it('cat, min, max and + of two to four arguments, whatever the values', () => {
    const datas = fieldValues.flatMap((a) => fieldValues.map((b) => ({ a, b })));
    for (const rule of [
      { cat: [{ var: 'a' }] },
      { cat: [{ var: 'a' }, { var: 'b' }] },
      { cat: [{ var: 'a' }, ' ', { var: 'b' }] },
      { cat: [{ var: 'a' }, { var: 'b' }, { var: 'a' }] },
      { cat: [{ var: 'a' }, '-', { var: 'b' }, null] },
      { min: [{ var: 'a' }, { var: 'b' }] },
      { max: [{ var: 'a' }, { var: 'b' }, 1] },
      { '+': [{ var: 'a' }, { var: 'b' }, 1] },
    ]) sameAsJsonLogic(rule, datas);
  });

  it('in with a literal text needle, whatever the haystack', () => {
    const datas = fieldValues.map((h) => ({ h })).concat([{ h: 'xaby' }, { h: ['ab', 'c'] }] as never[]);
    sameAsJsonLogic({ in: ['ab', { var: 'h' }] }, datas);
    sameAsJsonLogic({ in: ['', { var: 'h' }] }, datas);
  });

  it('missing and missing_some with literal keys, including the whole data, numbers and blocked keys', () => {
    const datas = [{}, { a: 1, b: '' }, { a: { b: null } }, { a: { b: 0 } }, [5], null, 'text'];
    for (const rule of [
      { missing: ['a', 'a.b', 'c'] },
      { missing: [['a', 'a.b']] },
      { missing: 'a.b' },
      { missing: [0, ''] },
      { missing_some: [1, ['a', 'a.b', 'c']] },
      { missing_some: [2, ['a', 'b']] },
    ]) sameAsJsonLogic(rule, datas);
    // blocked keys are never followed (json-logic-js would reach the prototype)
    expect(compile({ missing: ['constructor', '__proto__', 'a.constructor'] })({ a: {} })).toEqual(['constructor', '__proto__', 'a.constructor']);
  });

  it('reduce shares one scope object only when the body cannot keep it', () => {
    const lines = { lines: [{ n: 1 }, { n: 2 }, { n: 3 }] };
    sameAsJsonLogic({ reduce: [{ var: 'lines' }, { '+': [{ var: 'accumulator' }, { var: 'current.n' }] }, 0] }, [lines, {}]);
    // the body returns or keeps its data object: a fresh one per item, as json-logic-js
    for (const body of [{ var: '' }, { merge: [{ var: 'accumulator' }, [{ var: '' }]] }, { merge: [{ var: 'accumulator' }, [{ var: [null] }]] }, { if: [true, { var: { cat: [''] } }] }]) {
      sameAsJsonLogic({ reduce: [{ var: 'lines' }, body, []] }, [lines]);
    }
  });

  it('if with constant results over many branches (a lookup), and yes/no and/or', () => {
    const rule = { if: [{ '>': [{ var: 'x' }, 10] }, 'big', { var: 'flag' }, 'flagged', { '==': [{ var: 'x' }, 0] }, 'zero', { '<': [{ var: 'x' }, 0] }, 'negative', 'small'] };
    const datas = [{ x: 11 }, { x: 0 }, { x: -1, flag: [] }, { x: 3, flag: '0' }, { x: 3, flag: 0 }, { x: 3 }];
    sameAsJsonLogic(rule, datas);
    sameAsJsonLogic({ if: [{ '>': [{ var: 'x' }, 10] }, 1, { '>': [{ var: 'x' }, 5] }, 2, { '>': [{ var: 'x' }, 0] }, 3] }, datas);
    const yesNo = { or: [{ and: [{ '>': [{ var: 'x' }, 0] }, { '<': [{ var: 'x' }, 5] }] }, { and: [true, { '==': [{ var: 'x' }, 0] }] }, { '!': { var: 'flag' } }] };
    sameAsJsonLogic(yesNo, datas);
    sameAsJsonLogic({ '!': yesNo }, datas);
    sameAsJsonLogic({ if: [yesNo, { and: [{ var: 'x' }, true] }, false] }, datas);
  });
});
