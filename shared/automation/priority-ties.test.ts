import { describe, expect, it } from 'vitest';
import { findPriorityTies, type TieCandidate } from './priority-ties.ts';

const c = (id: string, triggerType: string | null, priority: number, paused = false): TieCandidate => ({ id, name: id.toUpperCase(), triggerType, priority, paused });

describe('findPriorityTies', () => {
  it('pairs published automations of one trigger and one priority, each naming the others', () => {
    const ties = findPriorityTies([
      c('fees', 'bank-line-imported', 60), c('card', 'bank-line-imported', 60), c('tax', 'bank-line-imported', 20),
      c('coding', 'supplier-invoice-arrived', 60),
    ]);
    expect([...ties.keys()].sort()).toEqual(['card', 'fees']);
    expect(ties.get('fees')).toEqual([{ id: 'card', name: 'CARD' }]);
    expect(ties.get('card')).toEqual([{ id: 'fees', name: 'FEES' }]);
  });

  it('names every other automation of a group of three', () => {
    const ties = findPriorityTies([c('b', 'webhook-received', 5), c('a', 'webhook-received', 5), c('c', 'webhook-received', 5)]);
    expect(ties.get('b')!.map((t) => t.id)).toEqual(['a', 'c']);
    expect(ties.size).toBe(3);
  });

  it('ignores paused and unpublished automations, and triggers whose events are for one automation', () => {
    expect(findPriorityTies([c('a', 'bank-line-imported', 10), c('b', 'bank-line-imported', 10, true)]).size).toBe(0);
    expect(findPriorityTies([c('a', 'bank-line-imported', 10), c('b', null, 10)]).size).toBe(0);
    expect(findPriorityTies([c('a', 'schedule', 100), c('b', 'schedule', 100), c('m', 'manual-run', 100), c('n', 'manual-run', 100)]).size).toBe(0);
  });
});
