/**
 * Character encodings of SIE files. The spec says PC8 (IBM codepage 437), but
 * files in the wild are also UTF-8, ISO-8859-15 or Windows-1252 whatever their
 * #FORMAT says, so the reader looks at the bytes.
 */
import iconv from 'iconv-lite';
import type { SieEncoding } from './model.ts';

export interface EncodingDetection {
  encoding: SieEncoding;
  /** Short human explanation, e.g. 'valid UTF-8 with multi-byte sequences'. */
  reason: string;
  /** True when the bytes start with a UTF-8 byte order mark. */
  bom: boolean;
}

/** Bytes of å ä ö Å Ä Ö é ü É Ü in CP437. */
const CP437_LETTERS = new Set([0x86, 0x84, 0x94, 0x8f, 0x8e, 0x99, 0x82, 0x81, 0x90, 0x9a]);
/** Bytes of the same letters in ISO-8859-1/15 and Windows-1252. */
const LATIN_LETTERS = new Set([0xe5, 0xe4, 0xf6, 0xc5, 0xc4, 0xd6, 0xe9, 0xfc, 0xc9, 0xdc]);

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    utf8Fatal.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** True when a `#FORMAT PC8` record is present (quoted or not). */
function declaresPc8(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString('latin1');
  return /^[ \t]*#FORMAT[ \t]+"?PC8"?/im.test(head);
}

/**
 * 1. UTF-8 BOM, or valid UTF-8 containing multi-byte sequences → UTF-8.
 * 2. Otherwise count the bytes of Swedish letters in CP437 (0x86 å, 0x84 ä,
 *    0x94 ö, …) against ISO-8859/Windows-1252 (0xE5 å, 0xE4 ä, 0xF6 ö, …);
 *    the larger count wins; a tie goes to CP437, which the spec prescribes.
 * 3. A Latin file with bytes 0x80–0x9F (C1 controls in ISO-8859-15) is
 *    decoded as Windows-1252, else as ISO-8859-15.
 */
export function detectSieEncoding(bytes: Uint8Array): EncodingDetection {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (bom) return { encoding: 'utf-8', reason: 'UTF-8 byte order mark', bom };
  let highBytes = 0;
  let cp437Score = 0;
  let latinScore = 0;
  let c1Controls = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    highBytes++;
    if (CP437_LETTERS.has(b)) cp437Score++;
    if (LATIN_LETTERS.has(b)) latinScore++;
    if (b <= 0x9f) c1Controls++;
  }
  if (highBytes === 0) return { encoding: 'cp437', reason: 'plain ASCII', bom };
  if (isValidUtf8(bytes)) return { encoding: 'utf-8', reason: 'valid UTF-8 with multi-byte sequences', bom };
  const pc8 = declaresPc8(bytes);
  if (cp437Score >= latinScore) {
    return { encoding: 'cp437', reason: `CP437 Swedish letters ${cp437Score} vs Latin ${latinScore}${pc8 ? ', #FORMAT PC8' : ''}`, bom };
  }
  const encoding: SieEncoding = c1Controls > 0 ? 'windows-1252' : 'iso-8859-15';
  return { encoding, reason: `Latin Swedish letters ${latinScore} vs CP437 ${cp437Score}`, bom };
}

export function decodeSie(bytes: Uint8Array, encoding: SieEncoding): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = iconv.decode(buffer, encoding);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Unicode character → CP437 byte, built from iconv-lite's table. */
const CP437_BYTE_BY_CHAR: Map<string, number> = (() => {
  const map = new Map<string, number>();
  const all = Buffer.alloc(256);
  for (let i = 0; i < 256; i++) all[i] = i;
  const chars = [...iconv.decode(all, 'cp437')];
  chars.forEach((char, byte) => {
    if (!map.has(char)) map.set(char, byte);
  });
  return map;
})();

export interface Cp437Encoding {
  bytes: Uint8Array;
  /** Characters that CP437 cannot hold; each was written as '?'. */
  unrepresentable: string[];
}

/** Encodes text as CP437; characters outside CP437 become '?'. */
export function encodeCp437(text: string): Cp437Encoding {
  const out = new Uint8Array(text.length * 2);
  const unrepresentable: string[] = [];
  let length = 0;
  for (const char of text) {
    const byte = CP437_BYTE_BY_CHAR.get(char);
    if (byte === undefined) {
      unrepresentable.push(char);
      out[length++] = 0x3f;
    } else {
      out[length++] = byte;
    }
  }
  return { bytes: out.subarray(0, length), unrepresentable };
}
