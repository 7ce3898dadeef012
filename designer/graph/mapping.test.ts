import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { automationDocumentSchema, type AutomationDocument } from '../../shared/automation/schema.ts';
import { edgeBranch, toFlowEdges, toFlowNodes } from './mapping.ts';

const bankFees: AutomationDocument = automationDocumentSchema.parse(
  JSON.parse(readFileSync(new URL('../../rules-examples/bank-fees.json', import.meta.url), 'utf8')),
);

describe('toFlowNodes', () => {
  it('maps every document node to a React Flow node with the same id, type and position', () => {
    const nodes = toFlowNodes(bankFees);
    expect(nodes.map((n) => [n.id, n.type, n.position])).toEqual(
      bankFees.nodes.map((n) => [n.id, n.type, n.position]),
    );
    expect(nodes[1].data.node).toBe(bankFees.nodes[1]);
  });

  it('marks selection and attaches issues to their node', () => {
    const nodes = toFlowNodes(bankFees, {
      selectedNodeIds: ['is-fee'],
      issues: [
        { severity: 'error', code: 'x', message: 'broken', path: [], nodeId: 'post-fee' },
        { severity: 'warning', code: 'y', message: 'hmm', path: [] },
      ],
    });
    expect(nodes.map((n) => n.selected)).toEqual([false, true, false]);
    expect(nodes[2].data.issues.map((i) => i.message)).toEqual(['broken']);
    expect(nodes[0].data.issues).toEqual([]);
  });

  it('uses "unknown" for node types the designer does not know', () => {
    const document = { ...bankFees, nodes: [{ ...bankFees.nodes[0], type: 'teleport' }] };
    expect(toFlowNodes(document)[0].type).toBe('unknown');
  });

  it('marks the nodes of a run trace, and a failed step', () => {
    const nodes = toFlowNodes(bankFees, {
      trace: [
        { nodeId: 'trigger', branch: 'out' },
        { nodeId: 'is-fee', branch: 'true' },
        { nodeId: 'post-fee', branch: 'error', error: { code: 'closed_period', message: 'closed' } },
      ],
    });
    expect(nodes.map((n) => n.data.trace)).toEqual(['visited', 'visited', 'failed']);
    expect(nodes[1].data.traceBranch).toBe('true');
  });

  it('makes nothing editable when read-only', () => {
    const [node] = toFlowNodes(bankFees, { readOnly: true });
    expect([node.draggable, node.connectable, node.deletable]).toEqual([false, false, false]);
  });
});

describe('toFlowEdges', () => {
  it('keeps ids, ends and branches', () => {
    const edges = toFlowEdges(bankFees);
    expect(edges.map((e) => [e.id, e.source, e.target, e.sourceHandle, e.label])).toEqual([
      ['e1', 'trigger', 'is-fee', 'out', undefined],
      ['e2', 'is-fee', 'post-fee', 'true', undefined],
    ]);
  });

  it('fills in the only branch of a single-output node when the edge omits it', () => {
    const document = { ...bankFees, edges: [{ id: 'e1', source: 'trigger', target: 'is-fee' }] };
    expect(edgeBranch(document, document.edges[0])).toBe('out');
    expect(toFlowEdges(document)[0].sourceHandle).toBe('out');
  });

  it('highlights the branches a run took', () => {
    const edges = toFlowEdges(bankFees, { trace: [{ nodeId: 'trigger', branch: 'out' }, { nodeId: 'is-fee', branch: 'false' }] });
    expect(edges.map((e) => e.animated)).toEqual([true, false]);
    expect(edges[1].className).toContain('kt-edge--not-taken');
  });
});
