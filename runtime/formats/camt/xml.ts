/**
 * Bytes → a plain object tree, safely: the encoding from the BOM or the XML
 * declaration, any DOCTYPE/ENTITY declaration refused outright (XXE, billion
 * laughs), then read by saxes — a strict, streaming XML parser that checks
 * well-formedness as it goes (refused with line and column) and expands no
 * entity but the five predefined ones and character references (an unknown
 * entity is malformed XML). The tree keeps attributes (Amt@Ccy), every value
 * a trimmed string, namespace prefixes cut from element names.
 *
 * Elements named in `stream.names` are handed to `stream.element` as they
 * close and are not kept in the tree: the camt reader turns each <Ntry> into
 * lines at once, so a 100 000-entry file never becomes one big tree (the
 * garbage collector then costs more than the parse).
 */
import { isUtf8 } from 'node:buffer';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import iconv from 'iconv-lite';
import { StatementRefusal } from '../bank-statement.ts';

export type XmlNode = { [name: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[];

/** Elements that repeat in camt.053/054; always arrays, even with one occurrence. */
const repeating = new Set([
  'Stmt', 'Ntfctn', 'Bal', 'Ntry', 'NtryDtls', 'TxDtls', 'Ustrd', 'Strd', 'AddtlTxInf', 'AddtlNtryInf',
]);

/** Elements nested deeper than this refuse the file. */
const depthMax = 64;

/** 1-based line and column of a character offset. */
function lineColumn(text: string, at: number): { line: number; column: number } {
  const offset = Math.min(at, text.length);
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

const supportedEncodings: Record<string, string> = {
  'utf-8': 'utf-8', utf8: 'utf-8', 'us-ascii': 'utf-8', ascii: 'utf-8',
  'utf-16': 'utf-16', 'utf-16le': 'utf-16le', 'utf-16be': 'utf-16be',
  'iso-8859-1': 'latin1', 'latin1': 'latin1', 'iso-8859-15': 'iso-8859-15', 'windows-1252': 'windows-1252', 'cp1252': 'windows-1252',
};

/** The document's text: BOM first, then the encoding the XML declaration names, UTF-8 by default. */
export function decodeXml(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return decodeUtf8(buffer.subarray(3));
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return iconv.decode(buffer.subarray(2), 'utf-16le');
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return iconv.decode(buffer.subarray(2), 'utf-16be');
  // The declaration is ASCII by definition: read it from the first bytes only.
  const head = buffer.subarray(0, 200).toString('latin1');
  const declaration = /^\s*<\?xml\s[^?]*?encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']/.exec(head);
  const declared = declaration ? declaration[1].toLowerCase() : 'utf-8';
  const encoding = supportedEncodings[declared];
  if (!encoding) {
    throw new StatementRefusal('invalid_encoding', 'XML declaration', 'encoding', `the encoding "${declared}" is not supported (UTF-8, UTF-16, ISO-8859-1, ISO-8859-15, Windows-1252)`);
  }
  if (encoding === 'utf-8') return decodeUtf8(buffer);
  if (encoding === 'utf-16') return iconv.decode(buffer, 'utf-16le');
  return iconv.decode(buffer, encoding);
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
function decodeUtf8(buffer: Buffer): string {
  // isUtf8 checks the bytes several times faster than a fatal TextDecoder decodes them.
  if (isUtf8(buffer)) return buffer.toString('utf8');
  try {
    return utf8.decode(buffer);
  } catch {
    // Find the first bad byte for the message: the longest valid prefix.
    let low = 0;
    let high = buffer.length;
    while (high - low > 1) {
      const mid = (low + high) >>> 1;
      try {
        utf8.decode(buffer.subarray(0, mid));
        low = mid;
      } catch {
        high = mid;
      }
    }
    const { line, column } = lineColumn(buffer.subarray(0, low).toString('utf8'), Number.MAX_SAFE_INTEGER);
    throw new StatementRefusal('invalid_encoding', `line ${line}, column ${column}`, null, 'the file is declared (or defaults to) UTF-8 but this byte is not valid UTF-8');
  }
}

/** Streamed elements: handed over as they close, not kept in the tree. */
export interface XmlStream {
  /** the element names streamed (at any depth; `element` sees the path) */
  names: ReadonlySet<string>;
  /**
   * Called when a streamed element closes, with its value (as it would be in
   * the tree) and the names and nodes from the root down to its parent; the
   * nodes are the tree as built so far. Return true to keep it in the tree.
   * A StatementRefusal thrown here is thrown once the whole text is read
   * well-formed (malformed XML anywhere is the refusal then), and no element
   * is handed over after it.
   */
  element(name: string, value: XmlValue, path: readonly string[], nodes: readonly XmlNode[]): boolean;
}

interface Frame {
  name: string;
  /** made when the element gets an attribute or a child element; until then it is its text */
  node: XmlNode | null;
  text: string;
}

/** Names that would reach Object.prototype when the tree is read (constructor, __proto__, …). */
const prototypeNames = new Set([...Object.getOwnPropertyNames(Object.prototype), '__proto__']);

function attach(parent: XmlNode, name: string, value: XmlValue): void {
  const existing = parent[name];
  if (existing === undefined) {
    parent[name] = repeating.has(name) ? [value] : value;
  } else if (Array.isArray(existing)) {
    existing.push(value);
  } else {
    parent[name] = [existing, value];
  }
}

/** The value attached last under `name` (the element being closed) is removed. */
function detachLast(parent: XmlNode, name: string): void {
  const existing = parent[name];
  if (Array.isArray(existing)) {
    existing.pop();
    if (existing.length === 0) delete parent[name];
    // Two occurrences of a non-repeating element were an array; back to one.
    else if (existing.length === 1 && !repeating.has(name)) parent[name] = existing[0];
  } else {
    delete parent[name];
  }
}

/** The first `<!DOCTYPE` or `<!ENTITY` (any case), or -1. */
function declarationAt(text: string): number {
  for (let at = text.indexOf('<!'); at >= 0; at = text.indexOf('<!', at + 2)) {
    const word = text.slice(at + 2, at + 9).toUpperCase();
    if (word === 'DOCTYPE' || word.startsWith('ENTITY')) return at;
  }
  return -1;
}

/** Text → the parsed tree. Refuses DOCTYPE/ENTITY and malformed XML with the line and column. */
export function parseXml(text: string, stream?: XmlStream): XmlNode {
  const forbidden = declarationAt(text);
  if (forbidden >= 0) {
    const { line, column } = lineColumn(text, forbidden);
    const word = text.slice(forbidden + 2, forbidden + 9).toUpperCase() === 'DOCTYPE' ? 'DOCTYPE' : 'ENTITY';
    throw new StatementRefusal(
      'doctype_forbidden', `line ${line}, column ${column}`, null,
      `<!${word} is not allowed in a bank statement (entity declarations are refused outright)`,
    );
  }
  const root: XmlNode = {};
  const frames: Frame[] = [{ name: '', node: root, text: '' }];
  let deferred: StatementRefusal | null = null;
  const names = new Map<string, string>();
  const parser = new SaxesParser<{ xmlns: false }>({ xmlns: false });
  // saxes calls closetag for the open element before it reports a close tag that does not match it.
  let lastClosed = '';
  const malformed = (message: string): never => {
    let at = parser.position;
    let detail = message.replace(/^(?:[^:]*:)?\d+:\d+: /, '').replace(/\.$/, '');
    if (/close tag|closing tag/.test(detail)) {
      // Point at the close tag itself (saxes is past its '>'), and name both.
      const start = text.lastIndexOf('</', at - 1);
      if (start >= 0) {
        at = start;
        detail = `${detail}: ${text.slice(start, Math.min(text.indexOf('>', start) + 1 || at, start + 80))}${lastClosed ? ` where <${lastClosed}> is open` : ''}`;
      }
    } else if (frames.length > 1) {
      detail = `${detail} (inside <${frames[frames.length - 1].name}>)`;
    }
    const { line, column } = lineColumn(text, at);
    throw new StatementRefusal('malformed_xml', `line ${line}, column ${column}`, null, `malformed XML: ${detail}`);
  };
  /** The frame's node, made (and attached to its parent, which has one) when it first needs one. */
  const nodeOf = (index: number): XmlNode => {
    const frame = frames[index];
    if (frame.node === null) {
      frame.node = {};
      attach(nodeOf(index - 1), frame.name, frame.node);
    }
    return frame.node;
  };
  parser.on('error', (error) => malformed(error.message));
  parser.on('opentag', (tag: SaxesTagPlain) => {
    // One string per name (a name fresh from the text is a new string each time, slow as a property key).
    let name = names.get(tag.name);
    if (name === undefined) {
      const colon = tag.name.indexOf(':');
      name = colon < 0 ? tag.name : tag.name.slice(colon + 1);
      names.set(tag.name, name);
    }
    if (prototypeNames.has(name)) malformed(`the element name <${tag.name}> is not allowed`);
    if (frames.length > depthMax) malformed(`elements nested more than ${depthMax} deep`);
    // The parent is attached when its first child opens, so a streamed element sees the tree as built so far.
    nodeOf(frames.length - 1);
    const frame: Frame = { name, node: null, text: '' };
    frames.push(frame);
    const attributes = tag.attributes;
    for (const key in attributes) {
      nodeOf(frames.length - 1)[`@_${key}`] = attributes[key];
    }
  });
  parser.on('text', (value) => {
    frames[frames.length - 1].text += value;
  });
  parser.on('cdata', (value) => {
    frames[frames.length - 1].text += value;
  });
  parser.on('closetag', () => {
    const frame = frames.pop()!;
    lastClosed = frame.name;
    const parent = frames[frames.length - 1].node!;
    const trimmed = frame.text.trim();
    let value: XmlValue;
    if (frame.node === null) {
      value = trimmed;
    } else {
      value = frame.node;
      if (trimmed !== '') frame.node['#text'] = trimmed;
    }
    let keep = true;
    if (stream !== undefined && stream.names.has(frame.name)) {
      if (deferred === null) {
        try {
          keep = stream.element(frame.name, value, frames.slice(1).map((f) => f.name), frames.map((f) => f.node!));
        } catch (error) {
          if (!(error instanceof StatementRefusal)) throw error;
          deferred = error;
        }
      }
      if (deferred !== null) keep = false;
    }
    if (frame.node === null) {
      if (keep) attach(parent, frame.name, value);
    } else if (!keep) {
      detachLast(parent, frame.name);
    }
  });
  parser.write(text).close();
  if (deferred !== null) throw deferred;
  return root;
}
