/** Safety by construction: no prototype access, an allow-list of operators, bounded rules. */
import { describe, expect, it } from 'vitest';
import { analyze, compile, JsonLogicError } from './index.ts';
import { readerCopies } from './var-path.ts';

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(JsonLogicError);
    return (error as JsonLogicError).code;
  }
  return 'no error';
}

describe('var reaches own properties only', () => {
  const data = { a: { b: 1 }, list: [1], s: 'x' };
  it.each([
    '__proto__',
    'constructor',
    'constructor.constructor',
    'prototype',
    'a.__proto__',
    'a.constructor',
    'a.__proto__.constructor',
    'toString',
    'a.hasOwnProperty',
    'list.map',
    'list.constructor',
    's.toUpperCase',
    'valueOf',
  ])('%s → null, or the default', (path) => {
    expect(compile({ var: path })(data)).toBe(null);
    expect(compile({ var: [path, 'fallback'] })(data)).toBe('fallback');
  });

  it('computed paths are checked the same way', () => {
    expect(compile({ var: { cat: ['constructor', '.', 'constructor'] } })(data)).toBe(null);
    expect(compile({ var: { cat: ['a.', '__proto__'] } })(data)).toBe(null);
  });

  it('an own "__proto__" key from JSON.parse is not followed either', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"name": "x"}}');
    expect(compile({ var: '__proto__.polluted' })(parsed)).toBe(null);
    expect(compile({ var: 'constructor.name' })(parsed)).toBe(null);
  });

  it('missing uses the same lookup', () => {
    expect(compile({ missing: ['toString', 'constructor'] })({})).toEqual(['toString', 'constructor']);
  });

  it('never returns a function, even from non-JSON data', () => {
    const data = { f: () => 1, o: { g: () => 2 } };
    expect(compile({ var: 'f' })(data)).toBe(null);
    expect(compile({ var: 'o.g' })(data)).toBe(null);
    expect(compile({ var: ['f', 0] })(data)).toBe(0);
  });

  it('does not run getters on prototypes', () => {
    class Invoice {
      get secret(): string {
        throw new Error('getter ran');
      }
    }
    expect(compile({ var: 'secret' })(new Invoice())).toBe(null);
  });
});

describe('operators come from an allow-list', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', 'method', 'Math.abs', 'var.length', 'missing.prototype.constructor'])(
    '{"%s": []} is unknown_operator',
    (op) => {
      const rule = JSON.parse(`{${JSON.stringify(op)}: []}`);
      expect(codeOf(() => compile(rule))).toBe('unknown_operator');
    },
  );

  it('"method" (json-logic-js 1.x method calls) is rejected', () => {
    expect(codeOf(() => compile({ method: [{ var: 's' }, 'toUpperCase'] }))).toBe('unknown_operator');
  });

  it('the analysis reports them too', () => {
    expect(analyze({ toString: [] }).errors.map((e) => e.code)).toEqual(['unknown_operator']);
  });
});

describe('limits', () => {
  it('a 10 000-deep rule gives depth_exceeded without overflowing the stack', () => {
    let rule: unknown = true;
    for (let i = 0; i < 10_000; i++) rule = { '!': [rule] };
    expect(codeOf(() => compile(rule))).toBe('depth_exceeded');
    expect(analyze(rule).errors.map((e) => e.code)).toEqual(['depth_exceeded']);
  });

  it('a 200 000-deep array is rejected too', () => {
    let rule: unknown = 1;
    for (let i = 0; i < 200_000; i++) rule = [rule];
    expect(codeOf(() => compile(rule))).toBe('depth_exceeded');
  });

  it('a cyclic rule object is stopped by the limits', () => {
    const rule: { and: unknown[] } = { and: [] };
    rule.and.push(rule);
    expect(['depth_exceeded', 'size_exceeded']).toContain(codeOf(() => compile(rule)));
  });

  it('depthMax cannot be raised beyond 1000', () => {
    let rule: unknown = true;
    for (let i = 0; i < 2000; i++) rule = { '!': rule };
    expect(codeOf(() => compile(rule, { depthMax: 1_000_000 }))).toBe('depth_exceeded');
  });

  it('regex_test runs classic catastrophic patterns in linear time (RE2), on the longest text it tests', () => {
    const text = `${'a'.repeat(9_999)}!`;
    for (const pattern of ['(a+)+$', '(a*)*b', '(a|a)*c', '(\\w+\\s?){2,}x']) {
      expect(compile({ regex_test: [pattern, { var: 'text' }] })({ text })).toBe(false);
    }
  });

  it('regex_test rejects what only a backtracking engine can do, at compile time', () => {
    for (const pattern of ['(a)\\1', '(?<n>a)\\k<n>', 'a(?=b)', 'a(?!b)', '(?<=a)b', '(?<!a)b']) {
      expect(codeOf(() => compile({ regex_test: [pattern, { var: 'text' }] }))).toBe('invalid_argument');
    }
  });
});

describe('var: direct reads of plain data, checked reads of everything else', () => {
  it('inherited values are not visible (Object.create, class instances), whatever the path length', () => {
    const inherited = Object.create({ secret: 1, nested: { secret: 2 } }) as Record<string, unknown>;
    inherited.own = { secret: 3 };
    for (const path of ['secret', 'nested.secret', 'nested.secret.x']) {
      expect(compile({ var: path })(inherited)).toBe(null);
      expect(compile({ var: path })({ wrap: inherited, deeper: { wrap: inherited } })).toBe(null);
      expect(compile({ var: `wrap.${path}` })({ wrap: inherited })).toBe(null);
      expect(compile({ var: `deeper.wrap.${path}` })({ deeper: { wrap: inherited } })).toBe(null);
    }
    expect(compile({ var: 'own.secret' })(inherited)).toBe(3);
    expect(compile({ var: 'wrap.own.secret' })({ wrap: inherited })).toBe(3);
  });

  it('prototype getters never run, at any depth', () => {
    class Invoice {
      own = 5;
      get secret(): string {
        throw new Error('getter ran');
      }
    }
    const invoice = new Invoice();
    expect(compile({ var: 'secret' })(invoice)).toBe(null);
    expect(compile({ var: 'a.secret' })({ a: invoice })).toBe(null);
    expect(compile({ var: 'a.b.secret' })({ a: { b: invoice } })).toBe(null);
    expect(compile({ var: 'a.b.c.secret' })({ a: { b: { c: invoice } } })).toBe(null);
    expect(compile({ some: [{ var: 'list' }, { '==': [{ var: 'secret' }, 1] }] })({ list: [invoice] })).toBe(false);
    expect(compile({ var: 'own' })(invoice)).toBe(5);
    expect(compile({ var: 'a.own' })({ a: invoice })).toBe(5);
    expect(compile({ var: 'a.b.c.own' })({ a: { b: { c: invoice } } })).toBe(5);
  });

  it('null-prototype objects, arrays and strings read their own properties', () => {
    const bare = Object.create(null) as Record<string, unknown>;
    bare.x = { y: 1 };
    expect(compile({ var: 'x.y' })(bare)).toBe(1);
    expect(compile({ var: 'b.x.y' })({ b: bare })).toBe(1);
    expect(compile({ var: 'list.1' })({ list: [10, 20] })).toBe(20);
    expect(compile({ var: 'list.length' })({ list: [10, 20] })).toBe(2);
    expect(compile({ var: 'list.0.a' })({ list: [{ a: 'x' }] })).toBe('x');
    expect(compile({ var: '1.a' })([{ a: 'x' }, { a: 'y' }])).toBe('y');
    expect(compile({ var: 's.length' })({ s: 'abc' })).toBe(3);
    expect(compile({ var: 's.1' })({ s: 'abc' })).toBe('b');
    expect(compile({ var: 'n.toFixed' })({ n: 1 })).toBe(null);
    expect(compile({ var: 'list.map' })({ list: [] })).toBe(null);
    expect(compile({ var: 'f.name' })({ f: () => 1 })).toBe(null);
  });

  it('an own "__proto__" key (JSON.parse) at any level sends the read the checked way', () => {
    const data = JSON.parse('{"a": {"__proto__": {"p": 1}, "b": 2}, "__proto__": {"q": 1}, "c": 3}');
    expect(compile({ var: 'a.b' })(data)).toBe(2);
    expect(compile({ var: 'c' })(data)).toBe(3);
    expect(compile({ var: 'q' })(data)).toBe(null);
    expect(compile({ var: 'a.p' })(data)).toBe(null);
    expect(compile({ var: 'x.a.b' })({ x: data })).toBe(2);
  });

  it('more distinct paths than reader copies still read correctly', () => {
    const data: Record<string, { v: number }> = {};
    for (let i = 0; i < 100; i++) data[`k${i}`] = { v: i };
    for (let i = 0; i < 100; i++) {
      expect(compile({ var: `k${i}.v` })(data)).toBe(i);
      expect(compile({ var: [`k${i}.w`, -i] })(data)).toBe(-i);
      expect(compile({ var: `k${i}` })(data)).toEqual({ v: i });
    }
  });

  it('the reader copies are the same source text', () => {
    const sources = new Set(readerCopies.map((copy) => copy.toString()));
    expect(readerCopies.length).toBeGreaterThanOrEqual(8);
    expect(sources.size).toBe(1);
  });
});
