import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from './compile.ts';
import { foldCase, icontains, icontainsLatin1, istartsWith, istartsWithLatin1Prefix, latin1Lower, latin1Matcher, searchLatin1 } from './text-match.ts';

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

describe('Latin-1 fast path: the same answers as the full path', () => {
  /** The full path, as the README defines it. */
  const reference = (text: string, part: string, prefix: boolean): boolean => {
    const fold = (s: string) => s.toLowerCase().normalize('NFC');
    return prefix ? fold(text).startsWith(fold(part)) : fold(text).includes(fold(part));
  };
  const viaMatcher = (text: string, parts: string[], prefix: boolean): boolean => {
    const folded = parts.map((p) => foldCase(p));
    const matcher = latin1Matcher(folded.map((f) => ({ folded: f, prefix })));
    if (matcher === null) return folded.some((f) => (prefix ? foldCase(text).startsWith(f) : foldCase(text).includes(f)));
    const found = searchLatin1(text, matcher);
    return found < 0 ? folded.some((f) => (prefix ? foldCase(text).startsWith(f) : foldCase(text).includes(f))) : found === 1;
  };

  it('the lower-case table is toLowerCase, one Latin-1 character each', () => {
    for (let c = 0; c < 256; c++) {
      const lower = String.fromCharCode(c).toLowerCase();
      expect(lower).toHaveLength(1);
      expect(latin1Lower[c]).toBe(lower.charCodeAt(0));
    }
  });

  it('no Latin-1 character is the second part of a canonical decomposition (so NFC never composes into one)', () => {
    for (let cp = 0x80; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const decomposed = String.fromCodePoint(cp).normalize('NFD');
      const parts = [...decomposed];
      for (let i = 1; i < parts.length; i++) expect(parts[i].codePointAt(0)! > 0xff, `U+${cp.toString(16)}`).toBe(true);
    }
  });

  it('Swedish and other Latin-1 letters', () => {
    expect(icontainsLatin1('MÅNADSAVGIFT 1234', latin1Matcher([{ folded: 'månad', prefix: false }])!, 'månad')).toBe(true);
    expect(icontainsLatin1('Överföring', latin1Matcher([{ folded: 'föring', prefix: false }])!, 'föring')).toBe(true);
    expect(icontainsLatin1('Ränta', latin1Matcher([{ folded: 'ranta', prefix: false }])!, 'ranta')).toBe(false);
    expect(icontainsLatin1('ÉCOLE', latin1Matcher([{ folded: 'école', prefix: false }])!, 'école')).toBe(true);
    expect(istartsWithLatin1Prefix('ÅÄÖ-konto', 'åäö')).toBe(true);
    expect(istartsWithLatin1Prefix('xÅÄÖ', 'åäö')).toBe(false);
    expect(icontainsLatin1(4711, latin1Matcher([{ folded: '47', prefix: false }])!, '47')).toBe(true);
    expect(icontainsLatin1(null, latin1Matcher([{ folded: 'a', prefix: false }])!, 'a')).toBe(false);
  });

  it('text beyond U+00FF takes the full path', () => {
    const cases: [string, string, boolean][] = [
      ['Malmo\u0308', 'malmö', true], // decomposed ö
      ['MA\u030ANADSAVGIFT', 'månad', true], // decomposed Å
      ['fee\u0301', 'fee', false], // the é swallows the last e
      ['fee\u0301 fee', 'fee', true],
      ['\u212Aort', 'kort', true], // Kelvin sign lower-cases to k
      ['\u0130nfo', 'i', true], // İ lower-cases to i + U+0307
      ['ΣΑΣ fee', 'fee', true],
      ['ÅÄÖ \u4e2d', 'åäö', true],
      ['\u00ffes', 'ÿes', true],
      ['\u0178es', 'ÿes', true], // Ÿ lower-cases to ÿ
    ];
    for (const [text, part, expected] of cases) {
      expect(reference(text, part, false), `${text} ⊇ ${part}`).toBe(expected);
      expect(viaMatcher(text, [part], false), `${text} ⊇ ${part}`).toBe(expected);
    }
  });

  it('agrees with the full path on random text, single and several needles, contains and starts-with', () => {
    const alphabet = ['a', 'A', 'e', 'E', 'f', 'F', 'k', 'K', 'i', 'I', 's', 'S', ' ', '1', 'å', 'Å', 'ä', 'Ä', 'ö', 'Ö', 'é', 'É', 'ß', 'µ', 'ÿ', '\u0178',
      '\u0301', '\u0308', '\u030a', '\u212a', '\u0130', '\u03a3', '\u03c3', '\u1e9e', '\u00d7', '\u00f7'];
    const text = fc.array(fc.constantFrom(...alphabet), { maxLength: 12 }).map((chars) => chars.join(''));
    const needle = fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 3 }).map((chars) => chars.join(''));
    fc.assert(fc.property(text, fc.array(needle, { minLength: 1, maxLength: 3 }), fc.boolean(), (t, parts, prefix) => {
      const expected = parts.some((p) => reference(t, p, prefix));
      expect(viaMatcher(t, parts, prefix)).toBe(expected);
      if (parts.length === 1) {
        const rule = { [prefix ? 'istarts_with' : 'icontains']: [{ var: 't' }, parts[0]] };
        expect(compile(rule)({ t })).toBe(expected);
      } else {
        const rule = { or: parts.map((p) => ({ [prefix ? 'istarts_with' : 'icontains']: [{ var: 't' }, p] })) };
        expect(compile(rule)({ t })).toBe(expected);
      }
    }), { numRuns: 3000 });
  });

  it('the character-by-character prefix agrees with the full path (combining marks after the prefix, İ, Kelvin sign, short texts)', () => {
    const alphabet = ['a', 'A', 'e', 'E', 'k', 'K', 'i', 'I', 's', 'S', ' ', '1', 'å', 'Å', 'ö', 'Ö', 'é', 'É', 'ß', 'µ', 'ÿ', '\u0178',
      '\u0301', '\u0308', '\u030a', '\u212a', '\u0130', '\u03a3', '\u1e9e'];
    const latin1Alphabet = alphabet.filter((c) => c.charCodeAt(0) <= 0xff);
    const text = fc.array(fc.constantFrom(...alphabet), { maxLength: 8 }).map((chars) => chars.join(''));
    const prefix = fc.array(fc.constantFrom(...latin1Alphabet), { minLength: 1, maxLength: 4 }).map((chars) => foldCase(chars.join('')));
    fc.assert(fc.property(fc.oneof(text, fc.constantFrom<unknown>(4711, null, true, ['a'])), prefix, (t, p) => {
      fc.pre(latin1Matcher([{ folded: p, prefix: true }]) !== null);
      const expected = typeof t === 'string' ? reference(t, p, true) : istartsWith(t, p);
      expect(istartsWithLatin1Prefix(t, p)).toBe(expected);
    }), { numRuns: 5000, seed: 1413 });
    expect(istartsWithLatin1Prefix('Telia Sverige AB', 'telia')).toBe(true);
    expect(istartsWithLatin1Prefix('TELIA', 'telia')).toBe(true);
    expect(istartsWithLatin1Prefix('Teli', 'telia')).toBe(false);
    expect(istartsWithLatin1Prefix('MA\u030Anad', 'må')).toBe(true); // decomposed Å: the full path
    expect(istartsWithLatin1Prefix('Ma\u030Anad', 'ma')).toBe(false); // the a is å after NFC
    expect(istartsWithLatin1Prefix('\u212Aort', 'k')).toBe(true); // Kelvin sign
  });

  it('or fuses only searches of the same var; others keep their own meaning', () => {
    const rule = { or: [{ icontains: [{ var: 'a' }, 'fee'] }, { icontains: [{ var: 'b' }, 'avgift'] }] };
    expect(compile(rule)({ a: 'x', b: 'AVGIFT' })).toBe(true);
    expect(compile(rule)({ a: 'x', b: 'y' })).toBe(false);
    const mixed = { or: [{ icontains: [{ var: 't' }, 'fee'] }, { istarts_with: [{ var: 't' }, 'bg'] }] };
    expect(compile(mixed)({ t: 'BG 5050' })).toBe(true);
    expect(compile(mixed)({ t: 'x bg' })).toBe(false);
    expect(compile(mixed)({ t: 'card FEE' })).toBe(true);
    expect(compile(mixed)({ t: 12 })).toBe(false);
    expect(compile(mixed)({})).toBe(false);
  });
});
