/**
 * The per-rule scenario's ceiling is honest: each hand-written function
 * (bench/json-logic-ceiling.ts) returns exactly what json-logic-js returns
 * for its rule, on every row the bench times.
 */
import jsonLogic from 'json-logic-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { handWritten, handWrittenNames } from './json-logic-ceiling.ts';
import { formatRatios, perRuleRows, perRuleSet, unreachable, wideBankLines, wideInvoices, withPlainFinance, type RuleRatios } from './scenarios/json-logic.ts';

/** Same value: Object.is for primitives (so -0 and NaN count), JSON text for lists and objects. */
function same(actual: unknown, expected: unknown): boolean {
  if (typeof actual === 'object' && actual !== null && typeof expected === 'object' && expected !== null) {
    return Array.isArray(actual) === Array.isArray(expected) && JSON.stringify(actual) === JSON.stringify(expected);
  }
  return Object.is(actual, expected);
}

/** A row with every number one higher (a rule that is constant on the bench's rows, such as `amount - (net + vat) == 0`, is not on these). */
function shifted(row: unknown): unknown {
  return JSON.parse(JSON.stringify(row), (_key, value: unknown) => (typeof value === 'number' ? value + 1 : value));
}

describe('the hand-written ceiling of the per-rule JSON Logic scenario', () => {
  const rows: Record<'invoices' | 'bank lines', readonly unknown[]> = { invoices: [], 'bank lines': [] };

  beforeAll(() => {
    withPlainFinance().jsonLogicJs();
    rows.invoices = wideInvoices(perRuleRows);
    rows['bank lines'] = wideBankLines(perRuleRows);
  });

  it('has one function per rule of the set, and none for a rule that is not in it', () => {
    expect([...handWrittenNames].sort()).toEqual(perRuleSet.map((rule) => rule.name).sort());
    expect(() => handWritten('comparison chain', 'bank lines')).toThrow(/no hand-written function for bank lines rule "comparison chain"/);
  });

  it.each(perRuleSet.map((rule, index) => [String(index + 1).padStart(2, '0'), rule.name, rule] as const))('rule %s (%s) gives json-logic-js\'s result on every row', (_number, _name, rule) => {
    const ceiling = handWritten(rule.name, rule.data);
    const data = rows[rule.data];
    expect(data.length).toBe(perRuleRows);
    const mismatches: string[] = [];
    const results = new Set<string>();
    for (let i = 0; i < data.length; i++) {
      const expected = jsonLogic.apply(rule.rule as never, data[i]);
      const actual = ceiling(data[i]);
      results.add(JSON.stringify(expected));
      if (!same(actual, expected) && mismatches.length < 5) mismatches.push(`row ${i}: hand-written ${JSON.stringify(actual)}, json-logic-js ${JSON.stringify(expected)}`);
    }
    expect(mismatches).toEqual([]);
    // and on rows the bench does not time, so that every function is tested on more than one result
    for (let i = 0; i < 1000; i++) {
      const row = shifted(data[i]);
      const expected = jsonLogic.apply(rule.rule as never, row);
      const actual = ceiling(row);
      results.add(JSON.stringify(expected));
      if (!same(actual, expected) && mismatches.length < 5) mismatches.push(`shifted row ${i}: hand-written ${JSON.stringify(actual)}, json-logic-js ${JSON.stringify(expected)}`);
    }
    expect(mismatches).toEqual([]);
    expect(results.size).toBeGreaterThan(1);
  });
});

describe('the per-rule summary', () => {
  const ratios = (name: string, ceilingVsJsCpu: number, ceilingVsCompiledCpu: number): RuleRatios => ({
    name,
    vsJsCpu: 5,
    vsJsWall: 5,
    vsCompiledCpu: 0.8,
    vsCompiledWall: 0.8,
    ceilingVsJsCpu,
    ceilingVsCompiledCpu,
    ofCeilingCpu: 0.5,
  });

  it('says which goal the ceiling rules out, per rule and measurement', () => {
    expect(unreachable(ratios('in: text', 7.3, 2.5))).toEqual(['ceiling 7.30x js: 20x not reachable']);
    expect(unreachable(ratios('same_period', 25, 0.9))).toEqual(['ceiling 0.90x build: 1x not reachable']);
    expect(unreachable(ratios('comparison chain', 40, 3))).toEqual([]);
    const table = formatRatios([ratios('in: text', 7.3, 2.5), ratios('comparison chain', 40, 3)], [ratios('in: text', 8.1, 2.5), ratios('comparison chain', 45, 3)]);
    const [, inText, chain] = table.split('\n');
    expect(inText).toContain('out of reach');
    expect(inText).toContain('alone ceiling 8.10x js: 20x not reachable; mixed ceiling 7.30x js: 20x not reachable');
    expect(chain).toContain('below');
    expect(chain).toContain('both goals reachable');
    expect(table).toContain('reachable at all (the hand-written ceiling meets both) on 1/2; ours at 50 % of the ceiling');
  });
});
