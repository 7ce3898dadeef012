/**
 * Bounded exact subset sum: which of a customer's open amounts add up to a
 * payment. Depth-first over the amounts sorted largest first, pruning a
 * branch when the amount left cannot be reached (every amount is positive:
 * too big a step, or not enough left in the suffix). The work is capped
 * twice: at most `itemsMax` amounts are looked at (the caller picks which),
 * and at most `stepsMax` nodes are visited; when the cap is hit the result
 * says so (`exhausted: false`) and the caller treats "no solution found" as
 * "not known".
 *
 * It stops at the second solution: one is a match, two are ambiguous.
 */

export interface SubsetSumResult {
  /** up to two solutions, as indexes into the input, each ascending */
  solutions: number[][];
  /** false when stepsMax cut the search short */
  exhausted: boolean;
  steps: number;
}

export const subsetItemsMax = 40;
export const subsetStepsMax = 200_000;

export function findSubsetsWithSum(
  amounts: readonly number[],
  target: number,
  options: { sizeMin: number; sizeMax: number; stepsMax?: number },
): SubsetSumResult {
  const stepsMax = options.stepsMax ?? subsetStepsMax;
  if (amounts.length > subsetItemsMax) throw new RangeError(`subset sum over ${amounts.length} amounts; at most ${subsetItemsMax}`);
  for (const amount of amounts) {
    if (!Number.isSafeInteger(amount) || amount <= 0) throw new RangeError(`subset sum needs positive integer amounts, got ${amount}`);
  }
  const order = amounts.map((_, i) => i).sort((a, b) => amounts[b] - amounts[a] || a - b);
  const sorted = order.map((i) => amounts[i]);
  const suffix = new Array<number>(sorted.length + 1).fill(0);
  for (let i = sorted.length - 1; i >= 0; i--) suffix[i] = suffix[i + 1] + sorted[i];

  const solutions: number[][] = [];
  const chosen: number[] = [];
  let steps = 0;
  let cut = false;

  const walk = (start: number, left: number): void => {
    if (solutions.length >= 2 || cut) return;
    if (left === 0) {
      if (chosen.length >= options.sizeMin) solutions.push(chosen.map((k) => order[k]).sort((a, b) => a - b));
      return;
    }
    if (chosen.length >= options.sizeMax || suffix[start] < left) return;
    for (let k = start; k < sorted.length; k++) {
      if (++steps > stepsMax) {
        cut = true;
        return;
      }
      if (sorted[k] > left) continue;
      if (suffix[k] < left) return;
      chosen.push(k);
      walk(k + 1, left - sorted[k]);
      chosen.pop();
      if (solutions.length >= 2 || cut) return;
    }
  };
  if (target > 0 && options.sizeMax >= 1) walk(0, target);
  return { solutions, exhausted: !cut, steps };
}
