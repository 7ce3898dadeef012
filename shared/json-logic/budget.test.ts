import { describe, expect, it } from 'vitest';
import { compile, evaluate } from './compile.ts';
import { JsonLogicError } from './errors.ts';
import { budgetedCopies, operationsMaxDefault } from './budget.ts';

/** Runs a compiled rule; the JsonLogicError it throws, or null. */
function failure(run: () => unknown): JsonLogicError | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof JsonLogicError) return error;
    throw error;
  }
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const acc = { var: 'accumulator' };

// Each of these ran for seconds to forever (or ran out of memory) before the budget:
// cost that is multiplied by nested loops, or doubled at every step of a reduce.
const runaway: [name: string, rule: unknown, data: unknown][] = [
  // 1000^3 = 10^9 items visited
  ['nested loops over literal lists', { some: [range(1000), { some: [range(1000), { some: [range(1000), { '==': [{ var: '' }, -1] }] }] }] }, {}],
  // a text that doubles 40 times (2^40 characters)
  ['cat doubling a text in a reduce', { reduce: [range(40), { cat: [acc, acc] }, 'ab'] }, {}],
  // a list that doubles 40 times (2^40 elements)
  ['merge doubling a list in a reduce', { reduce: [range(40), { merge: [acc, acc] }, [1]] }, {}],
  // two references per step, 60 steps: 60 small arrays in memory, 2^60 elements when printed or compared
  ['a shared nested array (returned)', { reduce: [range(60), [acc, acc], 'x'] }, {}],
  ['a shared nested array joined by cat', { cat: [{ map: [[1], { reduce: [range(60), [acc, acc], 'x'] }] }] }, {}],
  ['a shared nested array compared', { '==': [{ reduce: [range(60), [acc, acc], 'x'] }, 'x'] }, {}],
  // map over map, each doubling every item
  ['maps that double every item, nested 60 deep', Array.from({ length: 60 }).reduce<unknown>((source) => ({ map: [source, [{ var: '' }, { var: '' }]] }), [1]), {}],
  // a 400 000-character text scanned 5000 times
  ['in over a long text, in a loop', { reduce: [range(5000), { if: [{ in: ['needle', acc] }, 'found', acc] }, { var: 'text' }] }, { text: 'x'.repeat(400_000) }],
  ['similarity of a long text, in a loop', { reduce: [range(5000), { if: [{ '>': [{ similarity: [acc, 'telia'] }, 2] }, 0, acc] }, { var: 'text' }] }, { text: 'Telia AB '.repeat(50_000) }],
  ['icontains on a long text, in a loop', { reduce: [range(5000), { if: [{ icontains: [acc, 'avgift'] }, 0, acc] }, { var: 'text' }] }, { text: 'x'.repeat(400_000) }],
  // a 200 000-element list turned into text 500 times, outside any loop
  ['a long list coerced again and again', { and: range(500).map(() => ({ '!=': [{ var: 'list' }, 'x'] })) }, { list: range(200_000) }],
];

describe('every evaluation has a budget of operations', () => {
  it.each(runaway)('%s stops with operations_exceeded, not a hang', (_name, rule, data) => {
    const error = failure(() => compile(rule)(data));
    expect(error?.code).toBe('operations_exceeded');
    expect(error?.message).toMatch(`more than ${operationsMaxDefault} operations`);
  });

  it('names the operator that ran out', () => {
    const error = failure(() => compile({ and: [true, { map: [range(2000), { map: [range(2000), { '+': [{ var: '' }, 1] }] }] }] })({}));
    expect(error?.code).toBe('operations_exceeded');
    expect(error?.path).toEqual(['and', 1, 'map', 1]);
  });

  it('a shared array is weighed as the data it stands for, so its logical size is bounded', () => {
    // 2^15 leaves: within the budget; the same shape 2^25 is not
    const small = compile({ reduce: [range(15), [acc, acc], 1] })({}) as unknown[];
    expect(JSON.stringify(small).length).toBeGreaterThan(2 ** 15);
    expect(failure(() => compile({ reduce: [range(25), [acc, acc], 1] })({}))?.code).toBe('operations_exceeded');
  });

  it('ordinary rules over ordinary data are far from the budget', () => {
    const lines = range(10_000).map((i) => ({ account: i % 7 === 0 ? '6212' : '4010', amountMinor: i * 100, vatCode: 'MP1' }));
    const rule = {
      and: [
        { some: [{ var: 'lines' }, { '==': [{ var: 'account' }, '6212'] }] },
        { all: [{ var: 'lines' }, { in: [{ var: 'vatCode' }, ['MP1', 'MP2', 'MP3']] }] },
        { '>': [{ reduce: [{ var: 'lines' }, { '+': [acc, { var: 'current.amountMinor' }] }, 0] }, 0] },
        { '==': [{ cat: [{ substr: [{ var: 'text' }, 0, 3] }, '-', { var: 'reference' }] }, 'AVG-42'] },
        { regex_test: ['^avgift', { var: 'text' }, 'i'] },
      ],
    };
    expect(compile(rule)({ lines, text: 'AVGIFT BANKGIRO', reference: 42 })).toBe(true);
  });

  it('starts afresh on every evaluation', () => {
    // about 60 % of a budget of 10 000 per evaluation: twice in a row is fine
    const rule = compile({ map: [{ var: 'items' }, { '+': [{ var: '' }, 1] }] }, { operationsMax: 10_000 });
    const data = { items: range(1_500) };
    expect((rule(data) as number[]).length).toBe(1_500);
    expect((rule(data) as number[]).length).toBe(1_500);
    expect(failure(() => rule({ items: range(5_000) }))?.code).toBe('operations_exceeded');
    // a failed evaluation leaves nothing behind for the next one
    expect((rule(data) as number[]).length).toBe(1_500);
  });

  it('operationsMax is an option, capped at 100 000 000', () => {
    // appending to a text copies it every time: 1000 appends cost about 500 000
    const rule = { reduce: [range(1_000), { cat: [acc, 'x'] }, ''] };
    expect(failure(() => compile(rule, { operationsMax: 100_000 })({}))?.code).toBe('operations_exceeded');
    expect((compile(rule)({}) as string).length).toBe(1_000);
    const doubling = { reduce: [range(40), { cat: [acc, acc] }, 'ab'] };
    expect(failure(() => compile(doubling, { operationsMax: Number.MAX_SAFE_INTEGER })({}))?.code).toBe('operations_exceeded');
  });

  it('evaluate() and constant folding have a budget too', () => {
    expect(failure(() => evaluate({ reduce: [range(40), { cat: [acc, acc] }, 'ab'] }))?.code).toBe('operations_exceeded');
    // constant arguments are folded at compile time; a runaway fold is left for run time, which stops it
    expect(failure(() => compile({ '==': [{ cat: [{ reduce: [range(60), [acc, acc], 'x'] }] }, 'x'] })({}))?.code).toBe('operations_exceeded');
  });

  it('the entry copies are identical (they exist only for V8 call feedback)', () => {
    expect(budgetedCopies).toHaveLength(64);
    for (const copy of budgetedCopies) expect(copy.toString()).toBe(budgetedCopies[0].toString());
  });
});
