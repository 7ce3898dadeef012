/**
 * Regular expressions for `regex_test`, run by RE2 (re2js, a pure-JavaScript
 * port of Go's regexp, in Node and in the browser). RE2 never backtracks: a
 * test takes time linear in the text (times the pattern's program size),
 * whatever the pattern, so `^\d*\d*\d*\d*$`, `(a+)+$` or `(a|aa)*$` cannot
 * hang the engine. That is a property of the engine, not a check of the
 * pattern. What needs backtracking is not in RE2's syntax at all:
 * back-references (`\1`, `\k<name>`) and look-around (`(?=`, `(?!`, `(?<=`,
 * `(?<!`); such patterns are rejected when the rule is compiled.
 *
 * Limits, checked once at compile time, and on the text:
 * - the pattern is a literal string of at most `regexPatternLengthMax` chars,
 *   and compiles to at most `regexInstructionsMax` RE2 instructions (RE2
 *   itself refuses repetition counts over 1000, nested ones included);
 * - flags are a subset of `i`, `m`, `s`, `u` (`u` is implicit: RE2 always
 *   matches code points);
 * - a text longer than `regexInputLengthMax` characters never matches (false).
 */
import { RE2JS } from 're2js';

export const regexPatternLengthMax = 200;
export const regexInstructionsMax = 2_000;
export const regexInputLengthMax = 10_000;
const allowedFlags = 'imsu';

export interface SafeRegex {
  readonly regex: RE2JS;
  /** budget operations per character tested (budget.ts): RE2's work per character grows with its program */
  readonly costPerCharacter: number;
}

export function unsafeFlagsReason(flags: string): string | null {
  for (const flag of flags) {
    if (!allowedFlags.includes(flag)) return `flag "${flag}" is not allowed (only ${allowedFlags.split('').join(', ')})`;
  }
  if (new Set(flags).size !== flags.length) return 'repeated flag';
  return null;
}

/** What RE2 says about a pattern it refuses, in the rule author's words. */
function refusalReason(message: string): string {
  const syntax = /`([^`]*)`\s*$/.exec(message)?.[1] ?? '';
  if (/^\\[1-9]/.test(syntax)) return `back-references such as "${syntax}" are not supported (RE2 syntax: matching never backtracks)`;
  if (syntax.startsWith('\\k')) return 'named back-references (\\k<name>) are not supported (RE2 syntax: matching never backtracks)';
  if (syntax.startsWith('(?=') || syntax.startsWith('(?!')) return `look-ahead "${syntax.slice(0, 3)}" is not supported (RE2 syntax: matching never backtracks)`;
  if (syntax.startsWith('(?<=') || syntax.startsWith('(?<!')) return `look-behind "${syntax.slice(0, 4)}" is not supported (RE2 syntax: matching never backtracks)`;
  if (syntax.startsWith('\\u')) return `"\\u" escapes are not RE2 syntax: write \\x{00e5} for U+00E5 (${message})`;
  return `invalid pattern (RE2 syntax, ${message})`;
}

/** Compiles a vetted pattern, or returns why it is refused. */
export function compileSafeRegex(pattern: string, flags: string): SafeRegex | string {
  if (pattern.length > regexPatternLengthMax) return `pattern longer than ${regexPatternLengthMax} characters`;
  const flagsReason = unsafeFlagsReason(flags);
  if (flagsReason !== null) return flagsReason;
  let flagBits = 0;
  if (flags.includes('i')) flagBits |= RE2JS.CASE_INSENSITIVE;
  if (flags.includes('m')) flagBits |= RE2JS.MULTILINE;
  if (flags.includes('s')) flagBits |= RE2JS.DOTALL;
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(pattern, flagBits);
  } catch (error) {
    return refusalReason(error instanceof Error ? error.message : String(error));
  }
  // the program size is re2js's own (pinned version); fall back to the pattern length
  const size: unknown = regex.re2()?.prog?.inst?.length;
  const instructions = typeof size === 'number' ? size : pattern.length;
  if (instructions > regexInstructionsMax) {
    return `pattern too complex: ${instructions} RE2 instructions, at most ${regexInstructionsMax} (large repetition counts such as {500})`;
  }
  // about one budget operation per 4 instructions per character: the slowest RE2 path (NFA) costs ~7 ns per instruction
  return { regex, costPerCharacter: Math.max(1, Math.ceil(instructions / 4)) };
}

/** The text `regex_test` tests, or null when it never matches (not text, or too long). */
export function regexSubject(text: unknown): string | null {
  let value: string;
  if (typeof text === 'string') value = text;
  else if (typeof text === 'number' && Number.isFinite(text)) value = String(text);
  else return null;
  return value.length > regexInputLengthMax ? null : value;
}

export function regexTest(regex: RE2JS, text: unknown): boolean {
  const value = regexSubject(text);
  return value === null ? false : regex.test(value);
}
