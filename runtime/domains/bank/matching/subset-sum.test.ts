import { describe, expect, it } from 'vitest';
import { findSubsetsWithSum } from './subset-sum.ts';

describe('bounded subset sum', () => {
  it('finds the one set that sums to the target', () => {
    expect(findSubsetsWithSum([125_000, 50_000, 30_000], 155_000, { sizeMin: 2, sizeMax: 5 })).toMatchObject({ solutions: [[0, 2]], exhausted: true });
  });

  it('stops at two solutions (ambiguous)', () => {
    expect(findSubsetsWithSum([100, 200, 300, 400], 500, { sizeMin: 2, sizeMax: 5 }).solutions).toHaveLength(2);
  });

  it('respects the size limits', () => {
    expect(findSubsetsWithSum([1, 2, 3], 6, { sizeMin: 2, sizeMax: 2 }).solutions).toEqual([]);
    expect(findSubsetsWithSum([1, 2, 3], 3, { sizeMin: 2, sizeMax: 5 }).solutions).toEqual([[0, 1]]);
  });

  it('caps the work and says so', () => {
    const amounts = Array.from({ length: 40 }, (_, i) => 1_000 + i * 2);
    const result = findSubsetsWithSum(amounts, 1, { sizeMin: 2, sizeMax: 20, stepsMax: 1_000 });
    expect(result.solutions).toEqual([]);
    const odd = findSubsetsWithSum(amounts, 10_001, { sizeMin: 2, sizeMax: 10, stepsMax: 1_000 });
    expect(odd.exhausted).toBe(false);
    expect(odd.steps).toBe(1_001);
  });

  it('refuses inputs it was not made for', () => {
    expect(() => findSubsetsWithSum(new Array(41).fill(1), 2, { sizeMin: 1, sizeMax: 2 })).toThrow(/at most 40/);
    expect(() => findSubsetsWithSum([0, 1], 1, { sizeMin: 1, sizeMax: 2 })).toThrow(/positive/);
  });

  it('agrees with brute force on small inputs', () => {
    for (let seed = 1; seed < 200; seed++) {
      const amounts = Array.from({ length: 1 + (seed % 9) }, (_, i) => 1 + ((seed * 7919 + i * 104_729) % 13));
      const target = 1 + ((seed * 31) % 30);
      const brute: number[][] = [];
      for (let mask = 1; mask < 1 << amounts.length; mask++) {
        const members = amounts.map((_, i) => i).filter((i) => mask & (1 << i));
        if (members.length >= 2 && members.length <= 3 && members.reduce((s, i) => s + amounts[i], 0) === target) brute.push(members);
      }
      const found = findSubsetsWithSum(amounts, target, { sizeMin: 2, sizeMax: 3 });
      expect(found.solutions.length).toBe(Math.min(2, brute.length));
      for (const solution of found.solutions) expect(brute.map(String)).toContain(String(solution));
    }
  });
});
