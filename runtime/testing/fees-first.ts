/**
 * For the runs' tests: "All fees first", an automation that books every fee line (text contains
 * "avgift") at priority 10, before the demo's bank rules, published — so the rules after it stand aside.
 */
import type { TestApp } from '../http/test-app.ts';

export async function publishFeesFirst(t: TestApp): Promise<void> {
  const rival = {
    id: 'all-fees-first', name: 'All fees first', priority: 10, nodes: [
      { id: 't', type: 'bank-line-imported', config: {} },
      { id: 'c', type: 'condition', config: { expression: { icontains: [{ var: 'event.text' }, 'avgift'] } } },
      { id: 'p', type: 'post-voucher', config: { series: 'E', text: 'Avgift (rival)', date: { var: 'event.bookingDate' }, lines: [
        { account: '6570', side: 'debit', amount: { abs: { var: 'event.amountMinor' } } }, { account: '1930', side: 'credit', amount: null },
      ] } },
    ], edges: [{ id: 'e1', source: 't', target: 'c' }, { id: 'e2', source: 'c', target: 'p', sourceHandle: 'true' }],
  };
  await t.services.store.saveDraft('demo', rival.id, rival, 'user:a');
  await t.services.store.publish('demo', rival.id, 'user:b');
}
