import { describe, expect, it } from 'vitest';
import { formatRule } from './format-rule.ts';

describe('formatRule', () => {
  it('keeps short rules on one line', () => {
    expect(formatRule({ '==': [1, 1] })).toBe('{"==": [1, 1]}');
    expect(formatRule({ var: 'event.bookingDate' })).toBe('{"var": "event.bookingDate"}');
    expect(formatRule(null)).toBe('null');
  });
  it('breaks long rules per argument and stays valid JSON', () => {
    const rule = { and: [{ '<': [{ var: 'event.amountMinor' }, 0] }, { or: [{ icontains: [{ var: 'event.text' }, 'avgift'] }, { icontains: [{ var: 'event.text' }, 'fee'] }] }] };
    const text = formatRule(rule);
    expect(text.split('\n')[0]).toBe('{"and": [');
    expect(JSON.parse(text)).toEqual(rule);
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(46);
  });
});
