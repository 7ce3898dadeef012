import { describe, expect, it } from 'vitest';
import { analyze } from '../../../shared/json-logic/index.ts';
import { expressionProblemText } from './expression-problems.ts';

/** Rules the editor squiggles, one per kind of problem the analyzer writes. */
const bad: unknown[] = [
  { nope: [1] },
  { round: [1, 2, 3] },
  { ocr_valid: ['123', 'x'] },
  { round: [{ var: 'event.amount' }, 99] },
  { '*': [] },
  { balance: ['1930', '2026-01-01'] },
  { balance: [{ '+': [1, 2] }, '2026-01-01', '2026-12-31'] },
  { map: [{ var: 'event.lines' }, { balance: [{ var: 'event.a' }, '2026-01-01', '2026-12-31'] }] },
  JSON.parse('{"if":[' + '{"if":['.repeat(80) + 'true' + ']}'.repeat(80) + ']}'),
];

describe('JSON Logic\'s problems in the editor, in Swedish', () => {
  const problems = bad.flatMap((rule) => analyze(rule).errors.map((e) => e.message));

  it('recognises every problem the analyzer writes for these rules, and keeps English as written', () => {
    expect(problems.length).toBeGreaterThanOrEqual(bad.length - 1);
    const untranslated = problems.filter((p) => expressionProblemText('sv', p) === p);
    expect(untranslated).toEqual([]);
    for (const p of problems) expect(expressionProblemText('en', p)).toBe(p);
  });

  it('reads an unknown operator and an arity in Swedish; a text it does not know stays', () => {
    expect(expressionProblemText('sv', 'Unknown operator "nope"')).toBe('Okänd operator "nope"');
    expect(expressionProblemText('sv', '"round" takes 1 to 2 arguments, got 3')).toBe('"round" tar 1 till 2 argument, fick 3');
    expect(expressionProblemText('sv', 'something else')).toBe('something else');
  });
});
