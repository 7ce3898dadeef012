import { describe, expect, it } from 'vitest';
import { foldCase, icontains, istartsWith } from './text-match.ts';

describe('case-insensitive matching', () => {
  it('icontains', () => {
    expect(icontains('MÅNADSAVGIFT', 'avgift')).toBe(true);
    expect(icontains('Bankavgift', 'AVGIFT')).toBe(true);
    expect(icontains('ÅÄÖ', 'åäö')).toBe(true);
    expect(icontains('Card fee', 'fee')).toBe(true);
    expect(icontains('Coffee', 'tea')).toBe(false);
    expect(icontains('Invoice 4711', 4711)).toBe(true);
    expect(icontains('abc', '')).toBe(true);
  });

  it('matches composed and decomposed letters', () => {
    expect(icontains('Malm\u00f6', 'MALMO\u0308')).toBe(true);
    expect(foldCase('A\u030a')).toBe('\u00e5');
  });

  it('null, undefined and non-text never match', () => {
    for (const value of [null, undefined, true, [], {}, ['fee']]) {
      expect(icontains(value, 'fee')).toBe(false);
      expect(icontains('fee', value)).toBe(false);
      expect(istartsWith(value, 'f')).toBe(false);
    }
  });

  it('istarts_with', () => {
    expect(istartsWith('BG 5050-1055', 'bg ')).toBe(true);
    expect(istartsWith('Överföring', 'ÖVER')).toBe(true);
    expect(istartsWith('xBG', 'bg')).toBe(false);
  });
});
