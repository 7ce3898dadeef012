import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { JsonLogicError } from './errors.ts';
import { compileSafeRegex, regexInputLengthMax, regexTest, unsafeFlagsReason } from './safe-regex.ts';

function regexOf(pattern: string, flags = '') {
  const compiled = compileSafeRegex(pattern, flags);
  if (typeof compiled === 'string') throw new Error(compiled);
  return compiled.regex;
}

function compileError(rule: unknown): JsonLogicError {
  try {
    compile(rule);
  } catch (error) {
    if (error instanceof JsonLogicError) return error;
    throw error;
  }
  throw new Error('no error');
}

// A backtracking engine needs (at least) polynomial, often exponential, time on these texts:
// `^\d*\d*\d*\d*$` on 10 000 digits and a letter is ~10^16 steps. RE2 is linear, so each test
// finishes at once; before RE2 the first one passed the old safety check and hung the process.
const digits = '1'.repeat(regexInputLengthMax - 1);
const letters = 'a'.repeat(regexInputLengthMax - 1);
const adversarial: [pattern: string, text: string, expected: boolean][] = [
  ['^\\d*\\d*\\d*\\d*$', `${digits}x`, false],
  ['^\\d*\\d*\\d*\\d*$', `${digits}1`, true],
  ['^(\\d+)*$', `${digits}x`, false],
  ['\\d+\\d+\\d+$', `${digits}x`, false],
  ['(a+)+$', `${letters}!`, false],
  ['^(a+)+$', `${letters}a`, true],
  ['^(a|aa)*$', `${letters}!`, false],
  ['^(a|aa)*$', `${letters}a`, true],
  ['(a|a)*b', `${letters}!`, false],
  ['^(\\w+\\s?){2,}$', `${letters}!`, false],
  ['^(.*a){20}$', `${letters}!`, false],
  ['^([a-z]*)*[0-9]$', `${letters}!`, false],
];

describe('regex_test runs on RE2: linear time, whatever the pattern', () => {
  it.each(adversarial)('%s on an adversarial text of 10 000 characters', (pattern, text, expected) => {
    expect(text).toHaveLength(regexInputLengthMax);
    expect(regexTest(regexOf(pattern), text)).toBe(expected);
    // and through a compiled rule, as the engine runs it
    expect(compile({ regex_test: [pattern, { var: 'text' }] })({ text })).toBe(expected);
  });

  it.each([
    ['(a)\\1', /back-references such as "\\1" are not supported/],
    ['(?<n>a)\\k<n>', /named back-references/],
    ['a(?=b)', /look-ahead "\(\?=" is not supported/],
    ['a(?!b)', /look-ahead "\(\?!" is not supported/],
    ['(?<=a)b', /look-behind "\(\?<=" is not supported/],
    ['(?<!a)b', /look-behind "\(\?<!" is not supported/],
    ['\\u00e5', /write \\x\{00e5\}/],
    ['(', /invalid pattern \(RE2 syntax/],
    ['a{1001}', /invalid pattern \(RE2 syntax/],
    ['((a{100}){100})', /invalid pattern \(RE2 syntax/],
    ['(\\w{500}){4}', /invalid repeat count/],
    ['\\d{1000}\\d{1000}\\d{1000}', /too complex: 3002 RE2 instructions, at most 2000/],
  ])('rejects %s at compile time, naming the operator and the node', (pattern, reason) => {
    const error = compileError({ and: [true, { regex_test: [pattern, { var: 'text' }] }] });
    expect(error.code).toBe('invalid_argument');
    expect(error.path).toEqual(['and', 1, 'regex_test', 0]);
    expect(error.message).toMatch(/^"regex_test": /);
    expect(error.message).toMatch(reason);
  });

  it.each(['^SE\\d{10}01$', '^(BG|PG) ?\\d+', '(ab)+', '(a+)?', '\\(a+\\)+', '^\\d{4}-\\d{2}-\\d{2}$', '(?:avgift|fee)', '(?<name>x)', '\\x{e5}', '\\p{Lu}'])(
    'accepts %s',
    (pattern) => {
      expect(typeof compileSafeRegex(pattern, '')).toBe('object');
    },
  );

  it('limits pattern length', () => {
    expect(compileSafeRegex('a'.repeat(201), '')).toMatch(/longer than 200/);
    expect(typeof compileSafeRegex('a'.repeat(200), '')).toBe('object');
  });

  it('maps the flags i, m, s; u is accepted and implicit', () => {
    expect(unsafeFlagsReason('imsu')).toBeNull();
    expect(unsafeFlagsReason('g')).not.toBeNull();
    expect(unsafeFlagsReason('y')).not.toBeNull();
    expect(unsafeFlagsReason('ii')).not.toBeNull();
    expect(regexTest(regexOf('^fee$'), 'FEE')).toBe(false);
    expect(regexTest(regexOf('^fee$', 'i'), 'FEE')).toBe(true);
    expect(regexTest(regexOf('^åäö$', 'i'), 'ÅÄÖ')).toBe(true);
    expect(regexTest(regexOf('^b$'), 'a\nb')).toBe(false);
    expect(regexTest(regexOf('^b$', 'm'), 'a\nb')).toBe(true);
    expect(regexTest(regexOf('a.b'), 'a\nb')).toBe(false);
    expect(regexTest(regexOf('a.b', 's'), 'a\nb')).toBe(true);
    expect(regexTest(regexOf('^.$', 'u'), '😀')).toBe(true);
    expect(regexTest(regexOf('^.$'), '😀')).toBe(true);
  });

  it('tests text, numbers, and nothing else; longer texts never match', () => {
    expect(regexTest(regexOf('^\\d+$'), '123')).toBe(true);
    expect(regexTest(regexOf('^\\d+$'), 123)).toBe(true);
    expect(regexTest(regexOf('null'), null)).toBe(false);
    expect(regexTest(regexOf('a'), ['a'])).toBe(false);
    expect(regexTest(regexOf('a'), 'a'.repeat(regexInputLengthMax))).toBe(true);
    expect(regexTest(regexOf('a'), 'a'.repeat(regexInputLengthMax + 1))).toBe(false);
  });
});
