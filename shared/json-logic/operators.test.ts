import { describe, expect, it } from 'vitest';
import { builtinOperators } from './compile.ts';
import { evaluate, operatorCatalogue, operatorInfo, operatorNames, withLedgerBalances } from './index.ts';

describe('operator catalogue', () => {
  it('lists exactly the built-in operators, once each', () => {
    expect([...operatorNames].sort()).toEqual([...builtinOperators.keys()].sort());
    expect(new Set(operatorNames).size).toBe(operatorNames.length);
  });

  it.each(operatorCatalogue.map((info) => [info.name, info] as const))('%s: example evaluates as documented', (_name, info) => {
    const run = () => evaluate(info.example.rule, info.example.data ?? {});
    expect(info.example.balances ? withLedgerBalances(new Map(Object.entries(info.example.balances)), run) : run()).toStrictEqual(info.example.result);
  });

  it('every entry is documented', () => {
    for (const info of operatorCatalogue) {
      expect(info.description.length).toBeGreaterThan(10);
      expect(info.arity.startsWith('[')).toBe(true);
    }
  });

  it('looks up by name', () => {
    expect(operatorInfo('percent_of')?.group).toBe('money');
    expect(operatorInfo('toString')).toBeUndefined();
  });
});
