/**
 * Case-insensitive text matching. Case folding is `toLowerCase()` (full
 * Unicode: "ÅÄÖ" → "åäö"), plus NFC normalisation when the text has
 * characters from U+0300 up, so a decomposed "a\u030A" matches a composed "å". Numbers are
 * compared as their decimal text; null, undefined, booleans, arrays and
 * objects never match (→ false). An empty needle matches any string.
 */

/**
 * NFC only changes text that has characters from U+0300 up (combining marks,
 * Hangul jamo, …); Latin-1 text such as Swedish "Månadsavgift" is skipped
 * without calling normalize().
 */
const mayNeedNormalisation = /[\u0300-\uffff]/;

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
