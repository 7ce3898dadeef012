import { describe, expect, it } from 'vitest';
import { main } from '../main.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

describe('kontera eval', () => {
  it.each([
    ['{"+": [1, {"var": "a"}]}', '{"a": 2}', '3'],
    ['{"icontains": [{"var": "text"}, "avgift"]}', '{"text": "Årsavgift kort"}', 'true'],
    ['{"percent_of": [10000, 25]}', undefined, '2500'],
    ['{"var": "__proto__"}', '{"a": 1}', 'null'],
    ['{"var": "constructor.constructor"}', '{}', 'null'],
    ['{"map": [[1, 2], {"*": [{"var": ""}, 2]}]}', undefined, '[2,4]'],
  ])('%s on %s → %s', async (rule, data, expected) => {
    const { io, out } = capture();
    expect(await main(['eval', rule, ...(data === undefined ? [] : [data])], io)).toBe(0);
    expect(out).toEqual([expected]);
  });

  it('exits 1 with the error code and the path of a bad rule', async () => {
    const { io, err } = capture();
    expect(await main(['eval', '{"and": [true, {"method": ["x", "toString"]}]}'], io)).toBe(1);
    expect(err).toEqual(['error [unknown_operator] at and.1: Unknown operator "method"']);
    const deep = capture();
    expect(await main(['eval', `${'{"!":['.repeat(10_000)}1${']}'.repeat(10_000)}`], deep.io)).toBe(1);
    expect(deep.err[0]).toMatch(/^error \[depth_exceeded\] at !\.0\.!\.0/);
  });

  it('exits 1 for text that is not JSON, and 2 without a rule', async () => {
    const { io, err } = capture();
    expect(await main(['eval', '{"+": [1,'], io)).toBe(1);
    expect(err[0]).toMatch(/^error \[invalid_json\] rule:/);
    expect(await main(['eval'], capture().io)).toBe(2);
  });
});
