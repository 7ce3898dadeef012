import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { automationDocumentSchema, type AutomationDocument } from '../../shared/automation/schema.ts';
import { comparisonView, diffDocuments, formatDiffValue, removedEdgePrefix, valueChanges } from './diff.ts';
import { toFlowEdges, toFlowNodes } from './mapping.ts';

const bankFees: AutomationDocument = automationDocumentSchema.parse(
  JSON.parse(readFileSync(new URL('../../rules-examples/bank-fees.json', import.meta.url), 'utf8')),
);
const copy = (): AutomationDocument => structuredClone(bankFees);

describe('valueChanges', () => {
  it('names each leaf that differs by its path', () => {
    expect(valueChanges({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 3] }, d: 'x' }, 'config')).toEqual([
      { path: 'config.b.c[1]', before: 2, after: 3 },
      { path: 'config.d', before: undefined, after: 'x' },
    ]);
    expect(valueChanges({ a: [1] }, { a: [1] })).toEqual([]);
  });
});

describe('diffDocuments', () => {
  it('finds nothing between a document and its copy', () => {
    expect(diffDocuments(bankFees, copy())).toEqual({ fields: [], nodes: [], edges: [], same: true });
  });

  it('counts a node that only moved as moved, not changed', () => {
    const moved = copy();
    moved.nodes[1].position = { x: 999, y: 1 };
    const diff = diffDocuments(bankFees, moved);
    expect(diff.nodes).toEqual([{ nodeId: 'is-fee', kind: 'moved', name: 'Is it a bank fee?', type: 'condition', changes: [] }]);
    expect(diff.same).toBe(true);
  });

  it('finds added, removed and changed nodes, the config paths that changed, and edges by their ends', () => {
    const after = copy();
    after.priority = 10;
    const post = after.nodes.find((n) => n.id === 'post-fee')!;
    (post.config as { lines: { account: string }[] }).lines[0].account = '6571';
    post.name = 'Book the fee (new account)';
    after.nodes = after.nodes.filter((n) => n.id !== 'is-fee');
    after.nodes.push({ id: 'flag', type: 'flag-exception', version: 1, name: 'Flag it', position: { x: 700, y: 300 }, config: {} });
    after.edges = [
      { id: 'x1', source: 'trigger', target: 'post-fee', sourceHandle: 'out' },
      { id: 'x2', source: 'trigger', target: 'flag', sourceHandle: 'out' },
    ];
    const diff = diffDocuments(bankFees, after);
    expect(diff.same).toBe(false);
    expect(diff.fields).toEqual([{ path: 'priority', before: 60, after: 10 }]);
    expect(diff.nodes.map((n) => [n.nodeId, n.kind])).toEqual([['post-fee', 'changed'], ['flag', 'added'], ['is-fee', 'removed']]);
    expect(diff.nodes[0].changes).toEqual([
      { path: 'name', before: 'Book the fee', after: 'Book the fee (new account)' },
      { path: 'config.lines[0].account', before: '6570', after: '6571' },
    ]);
    expect(diff.edges.map((e) => [e.kind, e.edge.source, e.edge.target])).toEqual([
      ['added', 'trigger', 'post-fee'], ['added', 'trigger', 'flag'], ['removed', 'trigger', 'is-fee'], ['removed', 'is-fee', 'post-fee'],
    ]);
  });

  it('keeps an edge whose id changed but whose ends and branch did not', () => {
    const after = copy();
    after.edges[0] = { ...after.edges[0], id: 'renamed' };
    expect(diffDocuments(bankFees, after).edges).toEqual([]);
  });
});

describe('comparisonView', () => {
  it('puts removed nodes and edges back for the canvas and marks everything that differs', () => {
    const after = copy();
    after.nodes = after.nodes.filter((n) => n.id !== 'post-fee');
    after.edges = after.edges.filter((e) => e.target !== 'post-fee');
    after.nodes.push({ id: 'flag', type: 'flag-exception', version: 1, name: 'Flag it', position: { x: 700, y: 300 }, config: {} });
    after.edges.push({ id: 'e9', source: 'is-fee', target: 'flag', sourceHandle: 'false' });
    const { document, marks } = comparisonView(bankFees, after);
    expect(document.nodes.map((n) => n.id)).toEqual(['trigger', 'is-fee', 'flag', 'post-fee']);
    expect(document.edges.map((e) => e.id)).toEqual(['e1', 'e9', `${removedEdgePrefix}e2`]);
    expect([...marks.nodes]).toEqual([['flag', 'added'], ['post-fee', 'removed']]);
    expect([...marks.edges]).toEqual([['e9', 'added'], [`${removedEdgePrefix}e2`, 'removed']]);
    // the canvas mapping carries the marks as classes
    const nodes = toFlowNodes(document, { diff: marks, readOnly: true });
    expect(nodes.find((n) => n.id === 'post-fee')?.className).toContain('kt-node--diff-removed');
    expect(nodes.find((n) => n.id === 'trigger')?.className ?? '').not.toContain('kt-node--diff');
    const edges = toFlowEdges(document, { diff: marks, readOnly: true });
    expect(edges.find((e) => e.id === 'e9')?.className).toContain('kt-edge--diff-added');
  });
});

describe('formatDiffValue', () => {
  it('shows absent as a dash and shortens long values', () => {
    expect(formatDiffValue(undefined)).toBe('—');
    expect(formatDiffValue('6570')).toBe('6570');
    expect(formatDiffValue({ var: 'event.amountMinor' })).toBe('{"var":"event.amountMinor"}');
    expect(formatDiffValue('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
