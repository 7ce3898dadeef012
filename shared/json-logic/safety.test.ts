/** Safety by construction: no prototype access, an allow-list of operators, bounded rules. */
import { describe, expect, it } from 'vitest';
import { analyze, compile, JsonLogicError } from './index.ts';

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

  it('regex_test rejects catastrophic patterns at compile time', () => {
    for (const pattern of ['(a+)+$', '(a*)*b', '(a|a)*c', '(\\w+\\s?){2,}x']) {
      expect(codeOf(() => compile({ regex_test: [pattern, { var: 'text' }] }))).toBe('invalid_argument');
    }
  });
});
