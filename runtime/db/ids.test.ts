import { describe, expect, it } from 'vitest';
import { uuidv7 } from './ids.ts';

describe('uuidv7', () => {
  it('is a version-7, variant-1 UUID carrying the time', () => {
    const id = uuidv7(Date.parse('2026-11-29T12:00:00.000Z'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(Date.parse('2026-11-29T12:00:00.000Z'));
  });

  it('sorts in creation order, also within one millisecond, and does not repeat', () => {
    const ids: string[] = [];
    for (let i = 0; i < 5000; i++) ids.push(uuidv7(1_800_000_000_000 + Math.floor(i / 100)));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
