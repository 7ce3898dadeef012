import { describe, expect, it } from 'vitest';
import { decodeSie, detectSieEncoding, encodeCp437 } from './encoding.ts';

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
/** `#KONTO 1930 "Företagskonto"` with ö as the given byte. */
const kontoLine = (oByte: number) => Uint8Array.from([...ascii('#FORMAT PC8\n#KONTO 1930 "F'), oByte, ...ascii('retagskonto"\n')]);

describe('detectSieEncoding', () => {
  it('reads CP437 (PC8) bytes: 0x94 is ö', () => {
    const bytes = kontoLine(0x94);
    const detection = detectSieEncoding(bytes);
    expect(detection.encoding).toBe('cp437');
    expect(decodeSie(bytes, detection.encoding)).toContain('Företagskonto');
  });

  it('reads ISO-8859-15 bytes: 0xF6 is ö', () => {
    const bytes = kontoLine(0xf6);
    const detection = detectSieEncoding(bytes);
    expect(detection.encoding).toBe('iso-8859-15');
    expect(decodeSie(bytes, detection.encoding)).toContain('Företagskonto');
  });

  it('reads Windows-1252 when C1 bytes appear beside Latin letters', () => {
    const bytes = Uint8Array.from([...kontoLine(0xf6), ...ascii('#PROSA "a'), 0xe4, 0x96, 0xe5, ...ascii('"\n')]);
    const detection = detectSieEncoding(bytes);
    expect(detection.encoding).toBe('windows-1252');
    expect(decodeSie(bytes, detection.encoding)).toContain('ä–å');
  });

  it('reads UTF-8 whatever #FORMAT says, and strips a BOM', () => {
    const utf8 = new TextEncoder().encode('#FORMAT PC8\n#FNAMN "Övningsbolaget AB"\n');
    expect(detectSieEncoding(utf8).encoding).toBe('utf-8');
    const withBom = Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]);
    const detection = detectSieEncoding(withBom);
    expect(detection).toMatchObject({ encoding: 'utf-8', bom: true });
    expect(decodeSie(withBom, 'utf-8').startsWith('#FORMAT')).toBe(true);
  });

  it('treats plain ASCII as CP437', () => {
    expect(detectSieEncoding(Uint8Array.from(ascii('#FLAGGA 0\n'))).encoding).toBe('cp437');
  });

  it('prefers CP437 when PC8 letters outnumber Latin ones', () => {
    // "Övningsföretaget" in CP437 has Ö 0x99 and ö 0x94; one stray 0xC5 (┼ in CP437) does not flip it.
    const bytes = Uint8Array.from([0x99, ...ascii('vningsf'), 0x94, ...ascii('retaget '), 0xc5, ...ascii('1\n')]);
    expect(detectSieEncoding(bytes).encoding).toBe('cp437');
  });
});

describe('encodeCp437', () => {
  it('encodes Swedish letters and replaces what CP437 lacks with ?', () => {
    const { bytes, unrepresentable } = encodeCp437('åäöÅÄÖ €');
    expect([...bytes]).toEqual([0x86, 0x84, 0x94, 0x8f, 0x8e, 0x99, 0x20, 0x3f]);
    expect(unrepresentable).toEqual(['€']);
  });
});
