/**
 * Regular expressions for `regex_test`, checked once at compile time so a
 * rule cannot hang the engine:
 * - the pattern is a literal string of at most `regexPatternLengthMax` chars;
 * - flags are a subset of `i`, `m`, `s`, `u` (no `g`/`y`: no lastIndex state);
 * - no back-references (`\1`, `\k<name>`);
 * - no quantified group that itself contains a quantifier or an alternation,
 *   the classic catastrophic-backtracking shapes: `(a+)+`, `(a*)*`, `(a|a)*`,
 *   `(\w+\s?){2,}`. A group with `?` after it is allowed (`(ab+)?`).
 * The tested text is limited to `regexInputLengthMax` characters; a longer
 * text never matches (false), so polynomial backtracking stays bounded too.
 */

export const regexPatternLengthMax = 200;
export const regexInputLengthMax = 10_000;
const allowedFlags = 'imsu';

/** Returns a reason when the pattern is rejected, null when it is acceptable. */
export function unsafePatternReason(pattern: string): string | null {
  if (pattern.length > regexPatternLengthMax) return `pattern longer than ${regexPatternLengthMax} characters`;
  interface Group {
    hasQuantifier: boolean;
    hasAlternation: boolean;
  }
  const groups: Group[] = [{ hasQuantifier: false, hasAlternation: false }];
  let i = 0;
  // reads a quantifier at position i; returns its length and whether it repeats (more than once)
  const quantifierAt = (at: number): { length: number; repeats: boolean } | null => {
    const c = pattern[at];
    let length = 0;
    let repeats = false;
    if (c === '*' || c === '+') {
      length = 1;
      repeats = true;
    } else if (c === '?') {
      length = 1;
    } else if (c === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at));
      if (match === null) return null;
      length = match[0].length;
      const max = match[2] === undefined ? Number(match[1]) : match[3] === '' ? Infinity : Number(match[3]);
      repeats = max > 1;
    } else {
      return null;
    }
    if (pattern[at + length] === '?') length++; // lazy
    return { length, repeats };
  };
  while (i < pattern.length) {
    const c = pattern[i];
    const top = groups[groups.length - 1];
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && pattern[i + 2] === '<')) return 'back-references are not allowed';
      i += 2;
    } else if (c === '[') {
      i++;
      if (pattern[i] === '^') i++;
      if (pattern[i] === ']') i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '(') {
      groups.push({ hasQuantifier: false, hasAlternation: false });
      i++;
      if (pattern[i] === '?') {
        // (?: (?= (?! (?<= (?<! (?<name>
        i++;
        if (pattern[i] === '<' && pattern[i + 1] !== '=' && pattern[i + 1] !== '!') {
          const close = pattern.indexOf('>', i);
          i = close === -1 ? pattern.length : close + 1;
        } else {
          i += pattern[i] === '<' ? 2 : 1;
        }
      }
      continue;
    } else if (c === ')') {
      if (groups.length === 1) return null; // unbalanced; RegExp will reject it
      const group = groups.pop()!;
      const parent = groups[groups.length - 1];
      const quantifier = quantifierAt(i + 1);
      i += 1;
      if (quantifier !== null) {
        if (quantifier.repeats && (group.hasQuantifier || group.hasAlternation)) {
          return 'a repeated group contains a quantifier or alternation (catastrophic backtracking)';
        }
        i += quantifier.length;
        parent.hasQuantifier = true;
      }
      if (group.hasQuantifier) parent.hasQuantifier = true;
      if (group.hasAlternation) parent.hasAlternation = true;
      continue;
    } else if (c === '|') {
      top.hasAlternation = true;
      i++;
    } else {
      i++;
    }
    const quantifier = quantifierAt(i);
    if (quantifier !== null) {
      groups[groups.length - 1].hasQuantifier = true;
      i += quantifier.length;
    }
  }
  return null;
}

export function unsafeFlagsReason(flags: string): string | null {
  for (const flag of flags) {
    if (!allowedFlags.includes(flag)) return `flag "${flag}" is not allowed (only ${allowedFlags.split('').join(', ')})`;
  }
  if (new Set(flags).size !== flags.length) return 'repeated flag';
  return null;
}

export function regexTest(regex: RegExp, text: unknown): boolean {
  let value: string;
  if (typeof text === 'string') value = text;
  else if (typeof text === 'number' && Number.isFinite(text)) value = String(text);
  else return false;
  if (value.length > regexInputLengthMax) return false;
  return regex.test(value);
}
