import { describe, expect, it } from 'vitest';
import { analyze } from './index.ts';

describe('analyze', () => {
  it('lists distinct var paths and operators', () => {
    const result = analyze({
      and: [
        { '>': [{ var: 'total.amountMinor' }, 100] },
        { in: [{ var: 'supplier.country' }, ['SE', 'NO']] },
        { '<': [{ var: 'total.amountMinor' }, 1000] },
        { var: '' },
      ],
    });
    expect(result.vars).toEqual(['total.amountMinor', 'supplier.country']);
    expect(result.operators).toEqual(['and', '>', 'var', 'in', '<']);
    expect(result.dynamicVars).toBe(false);
    expect(result.errors).toEqual([]);
    expect(result.itemVars).toEqual([]);
  });

  it('reports per-item vars separately, with the array they iterate', () => {
    const result = analyze({
      some: [{ var: 'lines' }, { and: [{ '==': [{ var: 'account' }, '6212'] }, { all: [{ var: 'tags' }, { '!=': [{ var: 'name' }, 'x'] }] }] }],
    });
    expect(result.vars).toEqual(['lines']);
    expect(result.itemVars).toEqual([
      { operator: 'all', path: ['some', 1, 'and', 1], over: 'tags', depth: 1, vars: ['name'] },
      { operator: 'some', path: [], over: 'lines', depth: 0, vars: ['account', 'tags'] },
    ]);
  });

  it('reduce: current/accumulator are item vars, the initial value is outer', () => {
    const result = analyze({ reduce: [{ var: 'lines' }, { '+': [{ var: 'current.amountMinor' }, { var: 'accumulator' }] }, { var: 'start' }] });
    expect(result.vars).toEqual(['lines', 'start']);
    expect(result.itemVars[0].vars).toEqual(['current.amountMinor', 'accumulator']);
  });

  it('computed arrays have over = null', () => {
    expect(analyze({ map: [{ merge: [{ var: 'a' }, { var: 'b' }] }, { var: 'x' }] }).itemVars[0].over).toBe(null);
  });

  it('flags computed var paths', () => {
    const result = analyze({ var: { cat: ['supplier.', { var: 'field' }] } });
    expect(result.dynamicVars).toBe(true);
    expect(result.vars).toEqual(['field']);
  });

  it('counts missing and missing_some keys as reads', () => {
    expect(analyze({ missing: ['a', 'b.c'] }).vars).toEqual(['a', 'b.c']);
    expect(analyze({ missing: [['a', 'b']] }).vars).toEqual(['a', 'b']);
    expect(analyze({ missing_some: [1, ['x', 'y']] }).vars).toEqual(['x', 'y']);
    expect(analyze({ missing: { merge: [['a'], ['b']] } }).dynamicVars).toBe(true);
  });

  it('shorthand and numeric paths', () => {
    expect(analyze({ var: 0 }).vars).toEqual(['0']);
    expect(analyze({ var: ['a', 'default'] }).vars).toEqual(['a']);
  });

  it('collects every error with its path, without throwing', () => {
    const result = analyze({ if: [{ bogus: [{ var: 'a' }] }, { regex_test: [{ var: 'p' }, 'x'] }, { method: [] }] });
    expect(result.errors.map((e) => [e.code, e.path])).toEqual([
      ['unknown_operator', ['if', 0]],
      ['invalid_argument', ['if', 1, 'regex_test', 0]],
      ['unknown_operator', ['if', 2]],
    ]);
    expect(result.operators).toEqual(['if', 'bogus', 'var', 'regex_test', 'method']);
    expect(result.vars).toEqual(['a', 'p']);
  });

  it('reports limits instead of walking a huge rule', () => {
    let rule: unknown = 1;
    for (let i = 0; i < 5000; i++) rule = { '!': rule };
    const result = analyze(rule);
    expect(result.errors[0].code).toBe('depth_exceeded');
    expect(result.vars).toEqual([]);
  });
});
