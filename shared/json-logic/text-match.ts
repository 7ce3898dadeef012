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
 * (nothing below U+0300 composes or reorders). So comparing character by
 * character through a 256-entry lower-case table gives exactly
 * `text.toLowerCase().normalize('NFC').includes(needle)`. A text with any
 * character above U+00FF (Kelvin sign, dotted İ, combining marks, Greek Σ…)
 * takes the full path.
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

/** A folded needle's characters when all are Latin-1 and there is at least one, else null (use the full path). */
export function latin1Needle(folded: string): Uint8Array | null {
  if (folded.length === 0) return null;
  const codes = new Uint8Array(folded.length);
  for (let i = 0; i < folded.length; i++) {
    const c = folded.charCodeAt(i);
    if (c > 0xff) return null;
    codes[i] = c;
  }
  return codes;
}

/**
 * Whether `text`, lower-cased, contains `needle` (folded, Latin-1, not empty):
 * 1 yes, 0 no, -1 the text has a character above U+00FF (unknown: use the full path).
 */
export function containsLatin1(text: string, needle: Uint8Array): number {
  const length = text.length;
  const n = needle.length;
  const first = needle[0];
  const last = length - n;
  let i = 0;
  for (; i <= last; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) return -1;
    if (latin1Lower[c] !== first) continue;
    let j = 1;
    while (j < n) {
      const t = text.charCodeAt(i + j);
      if (t > 0xff || latin1Lower[t] !== needle[j]) break;
      j++;
    }
    if (j === n) {
      // found; the rest of the text must be Latin-1 too (a combining mark could follow)
      for (let k = i + n; k < length; k++) if (text.charCodeAt(k) > 0xff) return -1;
      return 1;
    }
  }
  for (; i < length; i++) if (text.charCodeAt(i) > 0xff) return -1;
  return 0;
}

/** Like containsLatin1, for a prefix. */
export function startsWithLatin1(text: string, prefix: Uint8Array): number {
  const length = text.length;
  const n = prefix.length;
  let matches = length >= n;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0xff) return -1;
    if (matches && i < n && latin1Lower[c] !== prefix[i]) matches = false;
  }
  return matches ? 1 : 0;
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

/** icontainsFolded for a Latin-1 needle (`codes` = latin1Needle(foldedNeedle)). */
export function icontainsLatin1(haystack: unknown, codes: Uint8Array, foldedNeedle: string): boolean {
  const text = typeof haystack === 'string' ? haystack : matchableText(haystack);
  if (text === null) return false;
  const found = containsLatin1(text, codes);
  return found < 0 ? foldCase(text).includes(foldedNeedle) : found === 1;
}

/** istartsWithFolded for a Latin-1 prefix (`codes` = latin1Needle(foldedPrefix)). */
export function istartsWithLatin1(value: unknown, codes: Uint8Array, foldedPrefix: string): boolean {
  const text = typeof value === 'string' ? value : matchableText(value);
  if (text === null) return false;
  const found = startsWithLatin1(text, codes);
  return found < 0 ? foldCase(text).startsWith(foldedPrefix) : found === 1;
}
