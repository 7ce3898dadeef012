import { describe, expect, it } from 'vitest';
import { isBookedOnce, parseSourceRef, runAgainTitle, sourceKindIds, sourceKinds, sourceRef } from './sources.ts';

describe('source refs', () => {
  it('are written and read back for every kind, the last part keeping its colons', () => {
    const examples: Record<string, string[]> = {
      'bank-line': ['2026113000042'], 'webhook-delivery': ['wh_1', 'msg:with:colons'], webhook: ['evt_1'],
      schedule: ['2026-03-02T08:00:00.000Z'], 'manual-event': ['ab'.repeat(32)], 'manual-key': ['depreciation:2026-11'], run: ['r1'], event: ['e1'],
      invoice: ['F-1001'], voucher: ['v1'], sie: ['A', '12'],
    };
    for (const kind of sourceKindIds) {
      const ref = sourceRef(kind, ...examples[kind]);
      expect(ref.startsWith(sourceKinds[kind].prefix)).toBe(true);
      expect(parseSourceRef(ref)).toEqual({ kind, parts: examples[kind] });
    }
    expect(sourceRef('bank-line', 'X-1')).toBe('bank-line:X-1');
    expect(sourceRef('webhook-delivery', 'wh_1', 'msg_1')).toBe('webhook-delivery:wh_1:msg_1');
    expect(sourceRef('manual-key', 'k')).toBe('manual:key:k');
  });

  it('has prefixes of which none starts another, so a ref has one kind', () => {
    for (const a of sourceKindIds) {
      for (const b of sourceKindIds) if (a !== b) expect({ a, b, clash: sourceKinds[b].prefix.startsWith(sourceKinds[a].prefix) }).toEqual({ a, b, clash: false });
      expect(sourceKinds[a].id).toBe(a);
    }
  });

  it('refuses to write a ref that would not read back, and reads nothing from unknown or incomplete refs', () => {
    expect(() => sourceRef('bank-line', '')).toThrow(/non-empty/);
    expect(() => sourceRef('webhook-delivery', 'wh:1', 'm')).toThrow(/cannot contain ":"/);
    expect(() => sourceRef('webhook-delivery', 'wh_1')).toThrow(/2 part/);
    for (const ref of ['', 'bank-line:', 'webhook-delivery:wh_1', 'webhook-delivery::m', 'customer:1', 'manual:x', 'bank-line']) expect(parseSourceRef(ref)).toBeNull();
  });

  it('knows which documents are booked once and what "Run again" does', () => {
    expect(isBookedOnce('bank-line:1')).toBe(true);
    expect(isBookedOnce('webhook:1')).toBe(false);
    expect(isBookedOnce(null)).toBe(false);
    expect(runAgainTitle('bank-line:1')).toBe('Run the published automations again on this bank line');
    expect(runAgainTitle('webhook-delivery:wh_1:m')).toMatch(/^Store this webhook delivery again/);
    expect(runAgainTitle('schedule:2026-01-01T00:00:00.000Z')).toBeNull();
  });
});
