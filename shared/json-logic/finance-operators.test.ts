import { describe, expect, it } from 'vitest';
import { compile, compileProblems, JsonLogicError } from './index.ts';

function problem(rule: unknown): [string, readonly (string | number)[]] {
  try {
    compile(rule);
  } catch (error) {
    expect(error).toBeInstanceOf(JsonLogicError);
    return [(error as JsonLogicError).code, (error as JsonLogicError).path];
  }
  throw new Error('expected a compile error');
}

const invoice = {
  reference: '1234 5682',
  issueDate: '2026-01-31',
  dueDate: '2026-03-02',
  netMinor: 10000,
  text: 'Månadsavgift KORT',
  supplier: { name: 'Telia Sverige AB' },
  vatRate: 25,
  mode: 'floor',
};

describe('finance operators through compile()', () => {
  it.each<[string, unknown, unknown]>([
    ['ocr_valid', { ocr_valid: [{ var: 'reference' }] }, true],
    ['ocr_valid with length', { ocr_valid: [{ var: 'reference' }, 'length'] }, true],
    ['ocr_valid shorthand', { ocr_valid: '47118' }, true],
    ['ocr_valid missing', { ocr_valid: [{ var: 'nope' }] }, false],
    ['days_between', { days_between: [{ var: 'issueDate' }, { var: 'dueDate' }] }, 30],
    ['days_between invalid', { days_between: [{ var: 'nope' }, { var: 'dueDate' }] }, null],
    ['add_days', { add_days: [{ var: 'issueDate' }, 30] }, '2026-03-02'],
    ['add_months', { add_months: [{ var: 'issueDate' }, 1] }, '2026-02-28'],
    ['start_of_month', { start_of_month: { var: 'dueDate' } }, '2026-03-01'],
    ['end_of_month', { end_of_month: [{ var: 'issueDate' }] }, '2026-01-31'],
    ['same_period', { same_period: [{ var: 'issueDate' }, { var: 'dueDate' }] }, false],
    ['same_period quarter', { same_period: [{ var: 'issueDate' }, { var: 'dueDate' }, 'quarter'] }, true],
    ['date_part', { date_part: [{ var: 'dueDate' }, 'month'] }, 3],
    ['due within 30 days', { '<=': [{ days_between: [{ var: 'issueDate' }, { var: 'dueDate' }] }, 30] }, true],
    ['round', { round: [1.005, 2] }, 1.01],
    ['round default', { round: [2.5] }, 3],
    ['round half_even', { round: [2.5, 0, 'half_even'] }, 2],
    ['round computed mode', { round: [2.5, 0, { var: 'mode' }] }, 2],
    ['round computed invalid mode', { round: [2.5, 0, { var: 'text' }] }, null],
    ['round of data', { round: [{ '/': [{ var: 'netMinor' }, 3] }, 0] }, 3333],
    ['percent_of', { percent_of: [{ var: 'netMinor' }, { var: 'vatRate' }] }, 2500],
    ['percent_of 12.5 %', { percent_of: [999, 12.5] }, 125],
    ['percent_of floor', { percent_of: [999, 12.5, 'floor'] }, 124],
    ['percent_of bad amount', { percent_of: [{ var: 'text' }, 25] }, null],
    ['icontains', { icontains: [{ var: 'text' }, 'AVGIFT'] }, true],
    ['icontains computed needle', { icontains: [{ var: 'text' }, { var: 'mode' }] }, false],
    ['icontains null', { icontains: [{ var: 'nope' }, 'x'] }, false],
    ['icontains Swedish', { icontains: [{ var: 'text' }, 'MÅNAD'] }, true],
    ['istarts_with', { istarts_with: [{ var: 'text' }, 'månads'] }, true],
    ['istarts_with no', { istarts_with: [{ var: 'text' }, 'kort'] }, false],
    ['similarity', { similarity: [{ var: 'supplier.name' }, 'TELIA SVERIGE'] }, 1],
    ['similarity threshold', { '>=': [{ similarity: [{ var: 'supplier.name' }, 'Telia Sverge'] }, 0.9] }, true],
    ['regex_test', { regex_test: ['^\\d{4} \\d{4}$', { var: 'reference' }] }, true],
    ['regex_test flags', { regex_test: ['kort$', { var: 'text' }, 'i'] }, true],
    ['regex_test unicode', { regex_test: ['^\\p{Lu}', { var: 'text' }, 'u'] }, true],
    ['regex_test no match', { regex_test: ['^\\d+$', { var: 'text' }] }, false],
    ['abs', { abs: [-4500] }, 4500],
    ['abs text', { abs: { var: 'nope.x' } }, 0],
    ['abs not a number', { abs: 'x' }, null],
  ])('%s', (_name, rule, expected) => {
    expect(compile(rule)(invoice)).toStrictEqual(expected);
  });

  it('folds constant finance expressions at compile time', () => {
    const run = compile({ if: [{ ocr_valid: ['47118'] }, { add_days: ['2026-01-01', 1] }, 'no'] });
    expect(run()).toBe('2026-01-02');
  });

  it.each<[string, unknown, string, (string | number)[]]>([
    ['wrong arg count', { days_between: ['2026-01-01'] }, 'invalid_argument', []],
    ['too many args', { icontains: ['a', 'b', 'c'] }, 'invalid_argument', []],
    ['ocr option', { ocr_valid: ['123', 'len'] }, 'invalid_argument', ['ocr_valid', 1]],
    ['ocr computed option', { ocr_valid: ['123', { var: 'x' }] }, 'invalid_argument', ['ocr_valid', 1]],
    ['rounding mode', { round: [1, 2, 'nearest'] }, 'invalid_argument', ['round', 2]],
    ['decimals', { round: [1, 2.5] }, 'invalid_argument', ['round', 1]],
    ['percent mode', { percent_of: [1, 2, 'up'] }, 'invalid_argument', ['percent_of', 2]],
    ['period unit', { same_period: ['2026-01-01', '2026-01-02', 'week'] }, 'invalid_argument', ['same_period', 2]],
    ['date part', { date_part: ['2026-01-01', 'hour'] }, 'invalid_argument', ['date_part', 1]],
    ['dynamic pattern', { regex_test: [{ var: 'p' }, 'x'] }, 'invalid_argument', ['regex_test', 0]],
    ['back-reference', { and: [true, { regex_test: ['(a)\\1', 'x'] }] }, 'invalid_argument', ['and', 1, 'regex_test', 0]],
    ['look-ahead', { regex_test: ['a(?=b)', 'x'] }, 'invalid_argument', ['regex_test', 0]],
    ['invalid pattern', { regex_test: ['(', 'x'] }, 'invalid_argument', ['regex_test', 0]],
    ['long pattern', { regex_test: ['a'.repeat(201), 'x'] }, 'invalid_argument', ['regex_test', 0]],
    ['global flag', { regex_test: ['a', 'x', 'g'] }, 'invalid_argument', ['regex_test', 2]],
    ['dynamic flags', { regex_test: ['a', 'x', { var: 'f' }] }, 'invalid_argument', ['regex_test', 2]],
  ])('%s is a compile error', (_name, rule, code, path) => {
    expect(problem(rule)).toEqual([code, path]);
  });

  it('analysis collects finance problems without throwing', () => {
    expect(compileProblems({ or: [{ round: [1, 0, 'x'] }, { regex_test: ['(a*)*', 'b', 'g'] }] }).map((p) => p.path)).toEqual([
      ['or', 0, 'round', 2],
      ['or', 1, 'regex_test', 2],
    ]);
  });

  it('regex_test is compiled once and has no lastIndex state', () => {
    const run = compile({ regex_test: ['fee', { var: 'text' }, 'i'] });
    for (let i = 0; i < 3; i++) expect(run({ text: 'Card FEE' })).toBe(true);
  });
});
