/**
 * The `balance` reads of a whole document are limited at validation, as the
 * run limits them (balanceRequestsMax distinct balances): 60 calls spread over
 * two nodes are refused on the node that crosses the limit, not saved to fail
 * every run with balance_limit.
 */
import { describe, expect, it } from 'vitest';
import { balanceRequestsMax } from '../json-logic/index.ts';
import { validateAutomation } from './validate.ts';

/** A condition whose expression sums `count` balances of accounts from..from+count-1. */
const sumOf = (from: number, count: number) => ({ '>': [{ '+': Array.from({ length: count }, (_, i) => ({ balance: [String(from + i), null, '2026-12-31'] })) }, 0] });

const documentOf = (first: unknown, second: unknown) => ({
  schemaVersion: 1, id: 'many-balances', name: 'Many balances', version: 1, status: 'draft',
  nodes: [
    { id: 't', type: 'manual-run', config: {} },
    { id: 'a', type: 'condition', name: 'First', config: { expression: first } },
    { id: 'b', type: 'condition', name: 'Second', config: { expression: second } },
  ],
  edges: [{ id: 'e1', source: 't', target: 'a' }, { id: 'e2', source: 'a', target: 'b', sourceHandle: 'true' }],
});

describe('balances counted over the whole document', () => {
  it('60 distinct balances over two nodes (30 each): refused on the second node, at the call that crosses the limit', () => {
    const issues = validateAutomation(documentOf(sumOf(3000, 30), sumOf(4000, 30))).issues.filter((i) => i.code === 'balance_limit');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'error', nodeId: 'b' });
    expect(issues[0].message).toContain(`more than ${balanceRequestsMax} distinct balances (this one is number ${balanceRequestsMax + 1})`);
    expect(issues[0].path).toEqual(['nodes', 2, 'config', 'expression', '>', 0, '+', balanceRequestsMax - 30]);
  });

  it('the same balance asked twice counts once; 50 in all is fine', () => {
    expect(validateAutomation(documentOf(sumOf(3000, 30), sumOf(3000, 30))).issues.filter((i) => i.code === 'balance_limit')).toEqual([]);
    expect(validateAutomation(documentOf(sumOf(3000, 25), sumOf(4000, 25))).issues.filter((i) => i.code === 'balance_limit')).toEqual([]);
  });
});
