import { describe, expect, it } from 'vitest';
import { StatementRefusal } from '../bank-statement.ts';
import { decodeBgmax, readBgmaxRecords } from './records.ts';

const record = (text: string) => text.padEnd(80);

describe('decodeBgmax', () => {
  it('reads ISO-8859-1 byte for byte, and UTF-8 when the bytes are UTF-8 with a non-ASCII letter or a BOM', () => {
    expect(decodeBgmax(Uint8Array.from([0x26, 0xc5, 0x6b]))).toEqual({ text: '&Åk', encoding: 'iso-8859-1' });
    expect(decodeBgmax(Buffer.from('&Åk', 'utf8'))).toEqual({ text: '&Åk', encoding: 'utf-8' });
    expect(decodeBgmax(Buffer.from('\ufeff01', 'utf8'))).toEqual({ text: '01', encoding: 'utf-8' });
    expect(decodeBgmax(Buffer.from('01BGMAX', 'ascii'))).toEqual({ text: '01BGMAX', encoding: 'iso-8859-1' });
    expect(() => decodeBgmax(Uint8Array.from([0xef, 0xbb, 0xbf, 0xc5]))).toThrow(StatementRefusal);
  });
});

describe('readBgmaxRecords', () => {
  it('gives 80-character records with their line numbers and codes', () => {
    const bytes = Buffer.from([record('01BGMAX'), '', record('70')].join('\n') + '\n\n', 'latin1');
    const { records, warnings } = readBgmaxRecords(bytes);
    expect(records.map((r) => [r.line, r.code, r.text.length])).toEqual([
      [1, '01', 80],
      [3, '70', 80],
    ]);
    expect(warnings).toEqual(['1 blank line(s) skipped (first: line 2).']);
  });

  it('refuses a C1 control character (bytes 0x80–0x9F are not text in ISO-8859-1)', () => {
    const bytes = Buffer.concat([Buffer.from('26Kalles '), Uint8Array.from([0x85]), Buffer.from(' '.repeat(70))]);
    expect(() => readBgmaxRecords(bytes)).toThrow(/line 1 \(TK26\) \(position 10\): the control character U\+0085/);
  });

  it('refuses more lines than the limit before reading them all', () => {
    const bytes = Buffer.from('\n'.repeat(700_001));
    expect(() => readBgmaxRecords(bytes)).toThrow(/line 700001: a BgMax file may have at most 700000 lines/);
  });
});
