/**
 * Rows for one JSON array parameter, read in SQL with `json_each` and `->>`
 * (bulk inserts: one parameter instead of a bound value per field).
 *
 * One catch: JSON.stringify writes a lone UTF-16 surrogate (possible in any
 * string from JSON.parse, e.g. "\ud800" in a request body) as the escape
 * `\ud800`, and SQLite's `->>` decodes that escape into bytes that are not
 * UTF-8 — which libsql then refuses to read back (it panics). A bound string
 * has the surrogate replaced by U+FFFD on the way in; here the same is done
 * before stringifying. JSON.stringify escapes only lone surrogates this way,
 * so the text is searched for `\ud` first and the common case costs nothing.
 */

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The text as SQLite stores it when bound: each lone surrogate replaced by U+FFFD. */
export const wellFormedText = (text: string) => text.replace(loneSurrogate, '\ufffd');

const wellFormed = (_key: string, value: unknown) => (typeof value === 'string' ? wellFormedText(value) : value);

/** JSON text of the rows, every string in it well-formed UTF-16 (a lone surrogate becomes U+FFFD, as when bound). */
export function jsonParam(rows: unknown[]): string {
  const text = JSON.stringify(rows);
  return text.includes('\\ud') ? JSON.stringify(rows, wellFormed) : text;
}

/**
 * `jsonParam` of these values without its brackets: the elements' JSON text, to be put into a larger array
 * (`[${…},${…}]`) — a row made of parts made at different times (storeBankLines, enqueueMany).
 */
export const jsonElements = (values: unknown[]): string => jsonParam(values).slice(1, -1);

