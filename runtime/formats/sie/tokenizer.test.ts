import { describe, expect, it } from 'vitest';
import { checksumStrings, readSieLine, tokenizeSieText } from './tokenizer.ts';

const values = (text: string) =>
  tokenizeSieText(text).tokens.map((t) => (t.kind === 'field' ? t.value : t.items.map((i) => i.value)));

describe('tokenizeSieText', () => {
  it('splits on spaces and tabs', () => {
    expect(values('#TRANS\t1930  {}\t-100.00 ')).toEqual(['#TRANS', '1930', [], '-100.00']);
  });

  it('reads quoted fields with spaces, empty quotes and \\" escapes', () => {
    expect(values('#VER A 1 20240101 "Lön \\"juni\\"" "" x')).toEqual(['#VER', 'A', '1', '20240101', 'Lön "juni"', '', 'x']);
    expect(values('#PROGRAM "Kassasystem" "1.0 - \\"Oblique Ozelot\\" - alpha"')).toEqual(['#PROGRAM', 'Kassasystem', '1.0 - "Oblique Ozelot" - alpha']);
  });

  it('keeps a backslash that does not escape a quote', () => {
    expect(values('#FNR "C:\\Data\\Företag" 1110\\1002')).toEqual(['#FNR', 'C:\\Data\\Företag', '1110\\1002']);
  });

  it('reads object lists, quoted or not, with spaces and tabs inside', () => {
    expect(values('#TRANS 7010 {1 "100" 6 "P 1"} 5.00')).toEqual(['#TRANS', '7010', ['1', '100', '6', 'P 1'], '5.00']);
    expect(values('#TRANS 3011 {1 1} 99.60')).toEqual(['#TRANS', '3011', ['1', '1'], '99.60']);
    expect(values('#TRANS 3051 {1 "2"\t10 "12"} -1.00')).toEqual(['#TRANS', '3051', ['1', '2', '10', '12'], '-1.00']);
    expect(values('#TRANS 3010 { "1" "1"} -500')).toEqual(['#TRANS', '3010', ['1', '1'], '-500']);
    expect(values('#TRANS 1 {1 "a}b"} 1')).toEqual(['#TRANS', '1', ['1', 'a}b'], '1']);
  });

  it('reports an unterminated quote or object list', () => {
    expect(tokenizeSieText('#FNAMN "abc').error).toMatch(/closing quote/);
    expect(tokenizeSieText('#TRANS 1930 {1 "2" 1.00').error).toMatch(/closing \}/);
  });
});

describe('readSieLine', () => {
  it('classifies blank lines, braces and records', () => {
    expect(readSieLine(' \t\r').kind).toBe('blank');
    expect(readSieLine('\t{ ').kind).toBe('open');
    expect(readSieLine('}\r').kind).toBe('close');
    expect(readSieLine('#konto 1930 Kassa')).toMatchObject({ kind: 'record', label: '#KONTO', rawLabel: '#konto' });
    expect(readSieLine('hello').kind).toBe('invalid');
  });

  it('gives the checksum strings without quotes, braces or whitespace', () => {
    expect(checksumStrings(readSieLine('#TRANS 7010 {1 "456"} 1.00 "" "a \\"b\\""'))).toEqual(['#TRANS', '7010', '1', '456', '1.00', '', 'a "b"']);
    expect(checksumStrings(readSieLine('{'))).toEqual([]);
  });
});
