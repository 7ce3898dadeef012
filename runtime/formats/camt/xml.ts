/**
 * Bytes → a plain object tree, safely: the encoding from the BOM or the XML
 * declaration, any DOCTYPE/ENTITY declaration refused outright (XXE, billion
 * laughs), well-formedness checked by fast-xml-parser's XMLValidator (refused
 * with line and column), then parsed with entity processing off, attributes
 * kept (Amt@Ccy), every value a string and namespace prefixes removed.
 * The five predefined entities and numeric character references are decoded
 * by `xmlText` when a value is read, never expanded by the parser.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import iconv from 'iconv-lite';
import { StatementRefusal } from '../bank-statement.ts';

export type XmlNode = { [name: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[];

/** Elements that repeat in camt.053/054; always arrays, even with one occurrence. */
const repeating = new Set([
  'Stmt', 'Ntfctn', 'Bal', 'Ntry', 'NtryDtls', 'TxDtls', 'Ustrd', 'Strd', 'AddtlTxInf', 'AddtlNtryInf',
]);

const options = {
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
  cdataPropName: false,
  // Prefixes are cut here rather than with removeNSPrefix, which would also drop the
  // xmlns attributes that say which message (camt.053/054) and version this is.
  transformTagName: (name: string) => {
    const colon = name.indexOf(':');
    return colon < 0 ? name : name.slice(colon + 1);
  },
  isArray: (name: string) => repeating.has(name),
  maxNestedTags: 64,
  // Callbacks get the element name only; building the path string per element costs a third of the time.
  jPath: false,
} as const;

/**
 * The document parser keeps each <Ntry> as its raw text (a stop node), and
 * `parseXmlFragment` parses one entry when the reader gets to it: one tree of a
 * 100 000-entry file would take several times longer to build (and its memory),
 * and the well-formedness of every entry is already checked by the validator.
 */
const documentParser = new XMLParser({ ...options, stopNodes: ['*.Ntry'] });
const fragmentParser = new XMLParser(options);

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

/** Text → the parsed tree. Refuses DOCTYPE/ENTITY and malformed XML with the line and column. */
export function parseXml(text: string): XmlNode {
  const forbidden = /<!(DOCTYPE|ENTITY)/i.exec(text);
  if (forbidden) {
    const { line, column } = lineColumn(text, forbidden.index);
    throw new StatementRefusal(
      'doctype_forbidden', `line ${line}, column ${column}`, null,
      `<!${forbidden[1].toUpperCase()} is not allowed in a bank statement (entity declarations are refused outright)`,
    );
  }
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    throw new StatementRefusal('malformed_xml', `line ${valid.err.line}, column ${valid.err.col}`, null, `malformed XML: ${valid.err.msg}`);
  }
  try {
    return documentParser.parse(text) as XmlNode;
  } catch (error) {
    throw new StatementRefusal('malformed_xml', 'document', null, `the XML could not be read: ${(error as Error).message}`);
  }
}

/** The children of an element kept raw by the document parser (an <Ntry>), as a tree. */
export function parseXmlFragment(raw: string, where: string): XmlNode {
  try {
    return fragmentParser.parse(raw) as XmlNode;
  } catch (error) {
    throw new StatementRefusal('malformed_xml', where, null, `the XML could not be read: ${(error as Error).message}`);
  }
}

const predefined: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * A value with the predefined entities and character references decoded
 * (the parser leaves them as written). Anything else stays as written.
 */
export function xmlText(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&(amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});/g, (whole, name: string) => {
    if (name[0] !== '#') return predefined[name];
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}
