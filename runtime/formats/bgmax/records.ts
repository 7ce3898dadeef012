/**
 * BgMax bytes → 80-character records, before any field is read: decoding,
 * line ends, record length, control characters and the transaction code.
 */
import { StatementRefusal } from '../bank-statement.ts';
import { bgmaxLimits, bgmaxRecordCodes, type BgmaxRecordCode } from './model.ts';

export const bgmaxRecordLength = 80;

export interface BgmaxRecord {
  /** 1-based line in the file */
  line: number;
  code: BgmaxRecordCode;
  /** exactly 80 characters (a shorter record padded with spaces) */
  text: string;
}

export interface BgmaxRecords {
  encoding: 'iso-8859-1' | 'utf-8';
  records: BgmaxRecord[];
  warnings: string[];
}

const knownCodes = new Set<string>(bgmaxRecordCodes);
const utf8Strict = new TextDecoder('utf-8', { fatal: true });
// C0 controls (tab, CR inside a line, NUL …), DEL and C1 controls.
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * ISO-8859-1, as Bankgirot delivers; UTF-8 when the bytes start with a UTF-8
 * BOM, or are valid UTF-8 and contain a non-ASCII byte (a Latin-1 file with
 * Swedish letters is practically never valid UTF-8: "å" is the lone byte 0xE5).
 */
export function decodeBgmax(bytes: Uint8Array): { text: string; encoding: 'iso-8859-1' | 'utf-8' } {
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (hasBom) {
    try {
      return { text: utf8Strict.decode(bytes.subarray(3)), encoding: 'utf-8' };
    } catch {
      throw new StatementRefusal('invalid_encoding', 'file', null, 'starts with a UTF-8 byte order mark but is not valid UTF-8');
    }
  }
  let nonAscii = false;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] >= 0x80) {
      nonAscii = true;
      break;
    }
  }
  if (nonAscii) {
    try {
      return { text: utf8Strict.decode(bytes), encoding: 'utf-8' };
    } catch {
      // not UTF-8: ISO-8859-1 below
    }
  }
  // Node's "latin1" is ISO-8859-1 byte for byte (TextDecoder('latin1') would be Windows-1252).
  return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'), encoding: 'iso-8859-1' };
}

function describeCharacter(code: number): string {
  if (code === 0x09) return 'a tab';
  return `the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Splits the file into records. Refuses (naming the line) a record with an
 * unknown transaction code, a control character (a tab means the file was
 * edited: positions are no longer known), or more than 80 characters other than
 * trailing spaces. Accepts CRLF or LF, skips blank lines, and pads a shorter
 * record with spaces (only trailing spaces can have been trimmed; a field that
 * was really cut off is then blank and refused by the field checks).
 */
export function readBgmaxRecords(bytes: Uint8Array): BgmaxRecords {
  if (bytes.length > bgmaxLimits.bytesMax) {
    throw new StatementRefusal('file_too_large', 'file', null, `${bytes.length} bytes; a BgMax file may have at most ${bgmaxLimits.bytesMax}`);
  }
  const { text, encoding } = decodeBgmax(bytes);
  const warnings: string[] = [];
  if (encoding === 'utf-8') warnings.push('The file was read as UTF-8, not ISO-8859-1 as Bankgirot delivers it.');

  const records: BgmaxRecord[] = [];
  let paddedCount = 0;
  let paddedFirst = 0;
  let blankCount = 0;
  let blankFirst = 0;
  let blanksBeforeLastRecord = 0;
  let lineNumber = 0;
  let start = 0;
  const end = text.length;
  while (start < end) {
    let stop = text.indexOf('\n', start);
    if (stop === -1) stop = end;
    let lineEnd = stop;
    if (lineEnd > start && text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
    lineNumber++;
    if (lineNumber > bgmaxLimits.recordsMax) {
      throw new StatementRefusal('too_many_records', `line ${lineNumber}`, null, `a BgMax file may have at most ${bgmaxLimits.recordsMax} lines`);
    }
    let line = text.slice(start, lineEnd);
    start = stop + 1;

    const bad = line.search(controlCharacter);
    if (bad !== -1) {
      const code = line.slice(0, 2);
      throw new StatementRefusal(
        'control_character',
        `line ${lineNumber}${knownCodes.has(code) ? ` (TK${code})` : ''}`,
        `position ${bad + 1}`,
        `${describeCharacter(line.charCodeAt(bad))} in a fixed-width record: the positions of the fields after it are unknown (was the file edited?)`,
      );
    }
    if (line.trim() === '') {
      blankCount++;
      if (blankFirst === 0) blankFirst = lineNumber;
      continue;
    }
    const code = line.slice(0, 2);
    if (!knownCodes.has(code)) {
      throw new StatementRefusal('unknown_record', `line ${lineNumber}`, 'transaction code', `unknown transaction code "${code}" (BgMax has ${bgmaxRecordCodes.join(', ')})`);
    }
    if (line.length > bgmaxRecordLength) {
      if (line.slice(bgmaxRecordLength).trim() !== '') {
        throw new StatementRefusal('record_too_long', `line ${lineNumber} (TK${code})`, null, `${line.length} characters; a BgMax record has ${bgmaxRecordLength}`);
      }
      line = line.slice(0, bgmaxRecordLength);
    } else if (line.length < bgmaxRecordLength) {
      paddedCount++;
      if (paddedFirst === 0) paddedFirst = lineNumber;
      line = line.padEnd(bgmaxRecordLength, ' ');
    }
    records.push({ line: lineNumber, code: code as BgmaxRecordCode, text: line });
    blanksBeforeLastRecord = blankCount;
  }
  // Blank lines after the last record (an extra line break at the end) are common and harmless: not worth a warning.
  if (blanksBeforeLastRecord > 0) warnings.push(`${blanksBeforeLastRecord} blank line(s) skipped (first: line ${blankFirst}).`);
  if (paddedCount > 0) {
    warnings.push(`${paddedCount} record(s) shorter than ${bgmaxRecordLength} characters were padded with spaces (first: line ${paddedFirst}).`);
  }
  return { encoding, records, warnings };
}
