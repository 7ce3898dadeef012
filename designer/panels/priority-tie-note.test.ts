import { describe, expect, it } from 'vitest';
import type { AutomationSummary } from '../../shared/api.ts';
import type { AutomationDocument } from '../../shared/automation/schema.ts';
import { draftPriorityTies } from './priority-tie-note.tsx';

const summary = (id: string, name: string, triggerType: string, priority: number | null, extra: Partial<AutomationSummary> = {}): AutomationSummary => ({
  id, name, description: '', triggerType, draftVersion: 1, publishedVersion: priority === null ? null : 1, hasUnpublishedChanges: false,
  pendingPublication: null, updatedBy: 'user:seed', updatedAt: '2026-12-01T00:00:00Z', paused: null, priority, priorityTies: [], ...extra,
});
const draft = (priority: number, trigger = 'bank-line-imported'): AutomationDocument => ({
  schemaVersion: 1, id: 'my-rule', name: 'My rule', description: '', version: 1, status: 'draft', priority,
  nodes: [{ id: 't', type: trigger, version: 1, name: 'Trigger', position: { x: 0, y: 0 }, config: {} }], edges: [],
} as AutomationDocument);

describe('draftPriorityTies', () => {
  const others = [
    summary('bank-fees', 'Bank fees', 'bank-line-imported', 60),
    summary('card', 'Card settlements', 'bank-line-imported', 30, { paused: { at: '2026-12-01T00:00:00Z', by: 'user:1' } }),
    summary('coding', 'Supplier invoice coding', 'supplier-invoice-arrived', 60),
    summary('unpublished', 'Draft only', 'bank-line-imported', null),
  ];
  it('finds the published, running automation on the draft\'s trigger at the draft\'s priority', () => {
    expect(draftPriorityTies(draft(60), others, false)).toEqual([{ id: 'bank-fees', name: 'Bank fees' }]);
    expect(draftPriorityTies(draft(61), others, false)).toEqual([]);
  });
  it('ignores paused and unpublished ones, other triggers, and a paused draft', () => {
    expect(draftPriorityTies(draft(30), others, false)).toEqual([]);
    expect(draftPriorityTies(draft(60, 'supplier-invoice-arrived'), others, false)).toEqual([{ id: 'coding', name: 'Supplier invoice coding' }]);
    expect(draftPriorityTies(draft(60), others, true)).toEqual([]);
    expect(draftPriorityTies({ ...draft(60), id: 'bank-fees' }, others, false)).toEqual([]);
  });
});
