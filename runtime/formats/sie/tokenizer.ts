/**
 * Splits one SIE line into tokens: fields separated by spaces or tabs, quoted
 * fields with `\"` escapes, and `{ … }` object lists. A backslash not followed
 * by a quote is an ordinary character (paths like "C:\Data" occur in files).
 */

export interface SieFieldToken {
  kind: 'field';
  value: string;
  quoted: boolean;
}

export interface SieObjectListToken {
  kind: 'objects';
  items: SieFieldToken[];
}

export type SieToken = SieFieldToken | SieObjectListToken;

export type SieLine =
  | { kind: 'blank' }
  | { kind: 'open' }
  | { kind: 'close' }
  | { kind: 'record'; label: string; rawLabel: string; fields: SieToken[] }
  | { kind: 'invalid'; message: string; tokens: SieToken[] };

const isSpace = (c: string | undefined) => c === ' ' || c === '\t';

function readQuoted(text: string, start: number): { token: SieFieldToken; end: number } | { error: string } {
  let value = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\' && text[i + 1] === '"') {
      value += '"';
      i += 2;
    } else if (c === '"') {
      return { token: { kind: 'field', value, quoted: true }, end: i + 1 };
    } else {
      value += c;
      i += 1;
    }
  }
  return { error: 'a quoted field has no closing quote' };
}

/** Tokenizes the text of one line (without its line end). */
export function tokenizeSieText(text: string): { tokens: SieToken[]; error?: string } {
  const tokens: SieToken[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      const read = readQuoted(text, i);
      if ('error' in read) return { tokens, error: read.error };
      tokens.push(read.token);
      i = read.end;
      continue;
    }
    if (c === '{') {
      const items: SieFieldToken[] = [];
      i++;
      let closed = false;
      while (i < text.length) {
        const d = text[i]!;
        if (isSpace(d)) {
          i++;
        } else if (d === '}') {
          i++;
          closed = true;
          break;
        } else if (d === '"') {
          const read = readQuoted(text, i);
          if ('error' in read) return { tokens, error: read.error };
          items.push(read.token);
          i = read.end;
        } else {
          let value = '';
          while (i < text.length && !isSpace(text[i]) && text[i] !== '}' && text[i] !== '"') value += text[i++];
          items.push({ kind: 'field', value, quoted: false });
        }
      }
      if (!closed) return { tokens, error: 'an object list has no closing }' };
      tokens.push({ kind: 'objects', items });
      continue;
    }
    let value = '';
    while (i < text.length && !isSpace(text[i])) value += text[i++];
    tokens.push({ kind: 'field', value, quoted: false });
  }
  return { tokens };
}

/** Classifies one line: blank, a lone `{` or `}`, or a `#LABEL` record. */
export function readSieLine(raw: string): SieLine {
  const text = raw.replace(/^[ \t]+|[ \t\r\x1a]+$/g, '');
  if (text === '') return { kind: 'blank' };
  if (text === '{') return { kind: 'open' };
  if (text === '}') return { kind: 'close' };
  const { tokens, error } = tokenizeSieText(text);
  if (error) return { kind: 'invalid', message: error, tokens };
  const first = tokens[0];
  if (!first || first.kind !== 'field' || first.quoted || !first.value.startsWith('#')) {
    return { kind: 'invalid', message: 'a record must start with a #LABEL', tokens };
  }
  return { kind: 'record', label: first.value.toUpperCase(), rawLabel: first.value, fields: tokens.slice(1) };
}

/**
 * The strings a #KSUMMA checksum covers for one line: the label and every
 * field value, without quotes, braces or whitespace (`\"` counts as `"`).
 */
export function checksumStrings(line: SieLine): string[] {
  if (line.kind !== 'record') return [];
  const out = [line.rawLabel];
  for (const token of line.fields) {
    if (token.kind === 'field') out.push(token.value);
    else for (const item of token.items) out.push(item.value);
  }
  return out;
}
