import { describe, expect, it } from 'vitest';
import { Backoff } from './rate-limit.ts';

describe('Backoff', () => {
  const options = { freeFailures: 5, firstDelayMs: 1000, maxDelayMs: 15 * 60_000, forgetMs: 60 * 60_000 };

  it('lets the first failures through, then doubles the wait up to the cap; never a lock', () => {
    let now = 0;
    const backoff = new Backoff(options, () => now);
    const waits: number[] = [];
    for (let i = 0; i < 16; i++) {
      now += backoff.waitMs('a'); // a patient guesser waits out each delay
      waits.push(backoff.fail('a'));
    }
    expect(waits).toEqual([0, 0, 0, 0, 0, 1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000, 512_000, 900_000]);
    expect(backoff.waitMs('a')).toBe(900_000);
    expect(backoff.waitMs('b')).toBe(0); // another key is not touched
    now += 900_000;
    expect(backoff.waitMs('a')).toBe(0); // waiting always ends
  });

  it('starts over after a success, or after forgetMs without a failure', () => {
    let now = 0;
    const backoff = new Backoff(options, () => now);
    for (let i = 0; i < 6; i++) backoff.fail('a');
    expect(backoff.waitMs('a')).toBe(1000);
    backoff.succeed('a');
    expect(backoff.waitMs('a')).toBe(0);
    for (let i = 0; i < 6; i++) backoff.fail('b');
    now += options.forgetMs;
    expect(backoff.fail('b')).toBe(0);
  });

  it('keeps at most keysMax keys, forgetting the least recently failing', () => {
    const backoff = new Backoff({ ...options, freeFailures: 0, keysMax: 3 }, () => 0);
    for (const key of ['a', 'b', 'c', 'a', 'd']) backoff.fail(key);
    expect(['a', 'b', 'c', 'd'].map((k) => backoff.waitMs(k) > 0)).toEqual([true, false, true, true]);
  });
});
