/**
 * Case-insensitive text matching. Case folding is `toLowerCase()` (full
 * Unicode: "ÅÄÖ" → "åäö"), plus NFC normalisation when the text is not plain
 * ASCII, so a decomposed "a\u030A" matches a composed "å". Numbers are
 * compared as their decimal text; null, undefined, booleans, arrays and
 * objects never match (→ false). An empty needle matches any string.
 */

// eslint-disable-next-line no-control-regex
const nonAsciiPattern = /[^\x00-\x7f]/;

export function foldCase(text: string): string {
  const lower = text.toLowerCase();
  return nonAsciiPattern.test(lower) ? lower.normalize('NFC') : lower;
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
