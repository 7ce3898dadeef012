/**
 * Case-insensitive text matching. Case folding is `toLowerCase()` (full
 * Unicode: "ÅÄÖ" → "åäö"), plus NFC normalisation when the text has
 * characters from U+0300 up, so a decomposed "a\u030A" matches a composed "å". Numbers are
 * compared as their decimal text; null, undefined, booleans, arrays and
 * objects never match (→ false). An empty needle matches any string.
 *
 * Fast path (same result, no allocation): when the needle, once folded, and
 * the whole text are Latin-1 (no character above U+00FF, e.g. Swedish
 * "Månadsavgift"), `toLowerCase()` maps each character to one Latin-1
 * character without looking at its neighbours, and NFC changes nothing
 * (nothing below U+0300 composes or reorders). So matching each needle
 * character against the Latin-1 characters that lower-case to it gives
 * exactly `text.toLowerCase().normalize('NFC').includes(needle)`. A text
 * with any character above U+00FF (Kelvin sign, dotted İ, combining marks,
 * Greek Σ…) takes the full path.
 */

/**
 * NFC only changes text that has characters from U+0300 up (combining marks,
 * Hangul jamo, …); Latin-1 text such as Swedish "Månadsavgift" is skipped
 * without calling normalize().
 */
const mayNeedNormalisation = /[\u0300-\uffff]/;

/** `String.fromCharCode(c).toLowerCase()` for c in U+0000…U+00FF (each is one Latin-1 character; a test checks it). */
export const latin1Lower: Uint8Array = (() => {
  const table = new Uint8Array(256);
  for (let c = 0; c < 256; c++) table[c] = String.fromCharCode(c).toLowerCase().charCodeAt(0);
  return table;
})();

// A one-entry cache: rules often test the same text several times in a row
// ({"or": [{"icontains": [text, "avgift"]}, {"icontains": [text, "fee"]}]}).
let lastText = '';
let lastFolded = '';

export function foldCase(text: string): string {
  if (text === lastText) return lastFolded;
  const lower = text.toLowerCase();
  const folded = mayNeedNormalisation.test(lower) ? lower.normalize('NFC') : lower;
  lastText = text;
  lastFolded = folded;
  return folded;
}

/** The text to match on, or null when the value never matches. */
export function matchableText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/** The Latin-1 characters whose lower case is `folded` (one Latin-1 character), as a RegExp class of \xHH escapes. */
function latin1Class(folded: number): string {
  let members = '';
  for (let c = 0; c < 256; c++) if (latin1Lower[c] === folded) members += `\\x${c.toString(16).padStart(2, '0')}`;
  return `[${members}]`;
}

/**
 * A matcher for folded, Latin-1, non-empty needles (several: any of them;
 * a prefix only at the start), or null when some needle is empty or has a character above U+00FF. Built
 * from \xHH character classes only (no text of the rule reaches the pattern
 * unescaped; fixed strings and a one-character lookahead, so no
 * backtracking blow-up). `text.search(matcher)` finds the leftmost of: a
 * character above U+00FF, or a needle not followed by such a character.
 * So: -1 → the text is Latin-1 and has no needle (false); a position
 * holding a character above U+00FF → unknown (use the full path); any other
 * position → found (true): the needle and everything before it are Latin-1,
 * and the character after it is Latin-1 (or there is none). That is exact
 * because no Latin-1 character is the second part of any canonical
 * composition (a test checks every code point), so NFC cannot change a
 * Latin-1 stretch unless a combining mark follows it, and `toLowerCase()`
 * of a Latin-1 character does not depend on its neighbours.
 */
export function latin1Matcher(needles: readonly { folded: string; prefix: boolean }[]): RegExp | null {
  const alternatives: string[] = [];
  for (const { folded, prefix } of needles) {
    if (folded.length === 0) return null;
    let pattern = prefix ? '^' : '';
    for (let i = 0; i < folded.length; i++) {
      const c = folded.charCodeAt(i);
      if (c > 0xff) return null;
      pattern += latin1Class(c);
    }
    alternatives.push(pattern);
  }
  if (alternatives.length === 0) return null;
  return new RegExp(`[^\\0-\\xff]|(?:${alternatives.join('|')})(?![^\\0-\\xff])`);
}

/** 1 found, 0 not found, -1 the text has a character above U+00FF (use the full path). */
export function searchLatin1(text: string, matcher: RegExp): number {
  const at = text.search(matcher);
  return at < 0 ? 0 : text.charCodeAt(at) > 0xff ? -1 : 1;
}

export function icontains(haystack: unknown, needle: unknown): boolean {
  const text = matchableText(haystack);
  const part = matchableText(needle);
  if (text === null || part === null) return false;
  return foldCase(text).includes(foldCase(part));
}

export function istartsWith(text: unknown, prefix: unknown): boolean {
  const value = matchableText(text);
  const start = matchableText(prefix);
  if (value === null || start === null) return false;
  return foldCase(value).startsWith(foldCase(start));
}

/** icontains with the needle folded once, at compile time */
export function icontainsFolded(haystack: unknown, foldedNeedle: string): boolean {
  const text = matchableText(haystack);
  return text !== null && foldCase(text).includes(foldedNeedle);
}

export function istartsWithFolded(text: unknown, foldedPrefix: string): boolean {
  const value = matchableText(text);
  return value !== null && foldCase(value).startsWith(foldedPrefix);
}

/** icontainsFolded through a latin1Matcher of the needle. */
export function icontainsLatin1(haystack: unknown, matcher: RegExp, foldedNeedle: string): boolean {
  const text = typeof haystack === 'string' ? haystack : matchableText(haystack);
  if (text === null) return false;
  const found = searchLatin1(text, matcher);
  return found < 0 ? foldCase(text).includes(foldedNeedle) : found === 1;
}

/**
 * istartsWithFolded for a folded prefix of Latin-1 characters, compared
 * character by character through latin1Lower (no RegExp search). Exact, for
 * the reason latin1Matcher is: while the text's characters up to the one
 * after the prefix (or after the first difference) are Latin-1, each folds
 * to one Latin-1 character on its own and NFC cannot change them (only a
 * combining mark right after could compose with the last one). A character
 * above U+00FF there, or a text shorter than the prefix, takes the full path.
 */
export function istartsWithLatin1Prefix(value: unknown, foldedPrefix: string): boolean {
  if (typeof value !== 'string' || value.length < foldedPrefix.length) return istartsWithFolded(value, foldedPrefix);
  const length = foldedPrefix.length;
  for (let i = 0; i < length; i++) {
    const c = value.charCodeAt(i);
    if (c > 0xff) return istartsWithFolded(value, foldedPrefix);
    if (latin1Lower[c] !== foldedPrefix.charCodeAt(i)) {
      // different for good, unless what follows could compose with this character
      return i + 1 < value.length && value.charCodeAt(i + 1) > 0xff ? istartsWithFolded(value, foldedPrefix) : false;
    }
  }
  return length < value.length && value.charCodeAt(length) > 0xff ? istartsWithFolded(value, foldedPrefix) : true;
}

