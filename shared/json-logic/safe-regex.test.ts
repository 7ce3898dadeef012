import { describe, expect, it } from 'vitest';
import { regexInputLengthMax, regexTest, unsafeFlagsReason, unsafePatternReason } from './safe-regex.ts';

describe('safe regex', () => {
  it.each(['(a+)+', '(a*)*', '(a|a)*', '(a|b)+$', '(\\d+\\s?){2,}', '((a+)b)*', '(?:x+y?)+', '(a+){2,5}', '(.*a){3,}', '(\\1)', '(?<n>a)\\k<n>'])(
    'rejects %s',
    (pattern) => {
      expect(unsafePatternReason(pattern)).not.toBeNull();
    },
  );

  it.each(['^SE\\d{10}01$', '^(BG|PG) ?\\d+', '(ab)+', '(a+)?', '[(a+)+]*', '\\(a+\\)+', '^\\d{4}-\\d{2}-\\d{2}$', '(?:avgift|fee)', 'a{1}', '(a+){1}'])(
    'accepts %s',
    (pattern) => {
      expect(unsafePatternReason(pattern)).toBeNull();
    },
  );

  it('limits pattern length', () => {
    expect(unsafePatternReason('a'.repeat(201))).not.toBeNull();
    expect(unsafePatternReason('a'.repeat(200))).toBeNull();
  });

  it('allows only i, m, s, u once each', () => {
    expect(unsafeFlagsReason('imsu')).toBeNull();
    expect(unsafeFlagsReason('g')).not.toBeNull();
    expect(unsafeFlagsReason('y')).not.toBeNull();
    expect(unsafeFlagsReason('ii')).not.toBeNull();
  });

  it('tests text, numbers, and nothing else', () => {
    expect(regexTest(/^\d+$/, '123')).toBe(true);
    expect(regexTest(/^\d+$/, 123)).toBe(true);
    expect(regexTest(/null/, null)).toBe(false);
    expect(regexTest(/a/, 'a'.repeat(regexInputLengthMax))).toBe(true);
    expect(regexTest(/a/, 'a'.repeat(regexInputLengthMax + 1))).toBe(false);
  });
});
