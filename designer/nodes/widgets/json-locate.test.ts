import { describe, expect, it } from 'vitest';
import { findVars, locateJson, valueAtPath } from './json-locate.ts';

const text = '{"and": [ {"<": [{"var": "event.amountMinor"}, 0]}, {"bogus": []} ]}';

describe('locateJson', () => {
  it('parses what JSON.parse parses, with positions', () => {
    const root = locateJson(text)!;
    expect(root.kind).toBe('object');
    const bogus = valueAtPath(root, ['and', 1]);
    expect(text.slice(bogus.start, bogus.end)).toBe('{"bogus": []}');
    const zero = valueAtPath(root, ['and', 0, '<', 1]);
    expect(text.slice(zero.start, zero.end)).toBe('0');
  });

  it('returns null for text that is not JSON', () => {
    for (const bad of ['', '{', '{"a" 1}', '[1,]', '{"a":1} x', 'nul']) expect(locateJson(bad)).toBeNull();
  });

  it('handles escapes, numbers and literals', () => {
    const root = locateJson(' ["a\\"b", -1.5e3, true, null, {}] ')!;
    expect(root.kind === 'array' && root.items.map((i) => i.kind === 'primitive' && i.value)).toEqual(['a"b', -1500, true, null, false]);
  });

  it('stops at the deepest value on a path that leads nowhere', () => {
    const root = locateJson(text)!;
    const near = valueAtPath(root, ['and', 1, 'bogus', 3]);
    expect(text.slice(near.start, near.end)).toBe('[]');
  });

  it('finds var paths with their positions', () => {
    const vars = findVars(locateJson('{"if": [{"var": ["event.text", ""]}, {"var": "event.id"}, {"var": 3}]}')!);
    expect(vars.map((v) => v.path)).toEqual(['event.text', 'event.id']);
  });
});
