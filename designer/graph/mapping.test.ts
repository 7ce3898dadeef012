import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { automationDocumentSchema, type AutomationDocument } from '../../shared/automation/schema.ts';
import type { TraceStep } from '../../shared/api.ts';
import { branchLabel, edgeBranch, keepUnchanged, toFlowEdges, toFlowNodes, toFlowNotes, tracePath } from './mapping.ts';

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
      ['e2', 'is-fee', 'post-fee', 'true', 'true'], // a condition has two ways out: the edge names its branch
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

describe('tracePath (a dry run\'s trace lighting the canvas)', () => {
  // The shape POST …/automations/dry-run answers, for the bank-fees example on a fee.
  const dryRunTrace: TraceStep[] = [
    { nodeId: 'trigger', nodeType: 'bank-line-imported', branch: 'out', output: { text: 'AVGIFT' }, durationMs: 0.4 },
    { nodeId: 'is-fee', nodeType: 'condition', branch: 'true', input: { 'event.text': 'AVGIFT' }, output: { value: true }, durationMs: 0.2 },
    { nodeId: 'post-fee', nodeType: 'post-voucher', branch: 'ok', output: { voucherRef: 'proposal-1' }, durationMs: 1.1 },
  ];

  it('lights every node and branch of the trace, and nothing else', () => {
    const path = tracePath(dryRunTrace);
    expect([...path.nodes.keys()]).toEqual(['trigger', 'is-fee', 'post-fee']);
    expect([...path.branches]).toEqual(['trigger\u0000out', 'is-fee\u0000true', 'post-fee\u0000ok']);
    expect(toFlowNodes(bankFees, { trace: dryRunTrace }).map((n) => n.data.trace)).toEqual(['visited', 'visited', 'visited']);
    expect(toFlowEdges(bankFees, { trace: dryRunTrace }).map((e) => e.className)).toEqual([
      'kt-edge kt-edge--out kt-edge--taken', 'kt-edge kt-edge--true kt-edge--taken',
    ]);
  });

  it('stops lighting where the run stopped: a false branch leading nowhere', () => {
    const stopped = dryRunTrace.slice(0, 2).map((s) => (s.nodeId === 'is-fee' ? { ...s, branch: 'false' } : s));
    const nodes = toFlowNodes(bankFees, { trace: stopped });
    expect(nodes.map((n) => n.data.trace)).toEqual(['visited', 'visited', undefined]);
    expect(toFlowEdges(bankFees, { trace: stopped }).map((e) => e.animated)).toEqual([true, false]);
  });

  it('keeps a node failed when any of its steps failed (a loop body runs more than once), with its last branch', () => {
    const path = tracePath([
      { nodeId: 'body', branch: null, error: { code: 'x', message: 'broken' } },
      { nodeId: 'body', branch: 'ok' },
      { nodeId: 'loop', branch: 'each' }, { nodeId: 'loop', branch: 'done' },
    ]);
    expect(path.nodes.get('body')).toEqual({ mark: 'failed', branch: 'ok' });
    expect(path.nodes.get('loop')).toEqual({ mark: 'visited', branch: 'done' });
    expect(path.branches.has('loop\u0000each') && path.branches.has('loop\u0000done')).toBe(true);
  });

  it('lights nothing for an empty trace', () => {
    expect(tracePath([]).nodes.size).toBe(0);
    expect(toFlowEdges(bankFees, { trace: [] }).every((e) => !e.className?.includes('taken'))).toBe(true);
  });
});

describe('branch names on edges and notes on the canvas', () => {
  const load = (name: string): AutomationDocument => automationDocumentSchema.parse(
    JSON.parse(readFileSync(new URL(`../../rules-examples/${name}.json`, import.meta.url), 'utf8')),
  );

  it('labels an edge with its branch where the source has more than one way out', () => {
    const interest = load('interest-income'); // trigger -out-> is-interest-income -true-> in-sek -true/false->
    expect(toFlowEdges(interest).map((e) => [e.id, e.label ?? null])).toEqual([['e1', null], ['e2', 'true'], ['e3', 'true'], ['e4', 'false']]);
    expect(branchLabel(interest, { source: 'trigger', sourceHandle: 'out' })).toBeNull();
  });

  it('uses the port\'s own label: a switch case\'s label, match-payment\'s "settled" / "not matched" / "refused"', () => {
    const payments = load('customer-payments');
    const match = payments.nodes.find((n) => n.type === 'match-payment')!;
    expect(['matched', 'unmatched', 'error'].map((sourceHandle) => branchLabel(payments, { source: match.id, sourceHandle })))
      .toEqual(['settled', 'not matched', 'refused']);
    const invoices = load('supplier-invoice-coding');
    const switchNode = invoices.nodes.find((n) => n.type === 'switch')!;
    const cases = (switchNode.config as { cases: { id: string; label?: string }[] }).cases;
    const caseEdge = invoices.edges.find((e) => e.source === switchNode.id && e.sourceHandle === cases[0].id)!;
    expect(branchLabel(invoices, caseEdge)).toBe(cases[0].label || cases[0].id);
  });

  it('maps notes to "note" nodes with prefixed ids, selectable, fixed when read-only', () => {
    const withNote = { ...bankFees, notes: [{ id: 'why', text: 'Handelsbanken charges monthly', position: { x: 5, y: 6 } }] };
    const [note] = toFlowNotes(withNote, { selectedNodeIds: ['note:why'] });
    expect(note).toMatchObject({ id: 'note:why', type: 'note', position: { x: 5, y: 6 }, selected: true, draggable: true, connectable: false });
    expect(toFlowNotes(withNote, { readOnly: true })[0]).toMatchObject({ draggable: false, deletable: false, data: { readOnly: true } });
    expect(toFlowNotes(bankFees)).toEqual([]);
  });
});

describe('keepUnchanged', () => {
  it('reuses the objects of nodes and edges that did not change, so React Flow redraws only the edited card', () => {
    const cache = new Map();
    const first = keepUnchanged(cache, toFlowNodes(bankFees));
    const renamed = { ...bankFees, nodes: bankFees.nodes.map((n) => (n.id === 'is-fee' ? { ...n, name: 'Fee?' } : n)) };
    const second = keepUnchanged(cache, toFlowNodes(renamed));
    expect(second.map((n, i) => n === first[i])).toEqual([true, false, true]);
    // selection, issues and position count as changes too; a node that is gone leaves the cache
    const third = keepUnchanged(cache, toFlowNodes(renamed, { selectedNodeIds: ['trigger'], issues: [{ severity: 'error', code: 'x', message: 'm', path: [], nodeId: 'post-fee' }] }));
    expect(third.map((n, i) => n === second[i])).toEqual([false, true, false]);
    keepUnchanged(cache, toFlowNodes({ ...renamed, nodes: renamed.nodes.slice(0, 2) }));
    expect([...cache.keys()]).toEqual(['trigger', 'is-fee']);
    const edgeCache = new Map();
    const edges = keepUnchanged(edgeCache, toFlowEdges(bankFees));
    expect(keepUnchanged(edgeCache, toFlowEdges(renamed)).map((e, i) => e === edges[i])).toEqual([true, true]);
  });
});
