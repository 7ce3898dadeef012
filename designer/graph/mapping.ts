/**
 * Document → React Flow. Nodes and edges shown on the canvas are derived from
 * the automation document on every change; React Flow's own changes come back
 * as store operations (see canvas.tsx), never as edits of these objects.
 */
import type { Edge, Node } from '@xyflow/react';
import type { AutomationDocument, AutomationNode, AutomationNote, ValidationIssue } from '../../shared/automation/schema.ts';
import { isNodeType } from '../../shared/nodes/index.ts';
import { noteNodePrefix } from './clipboard.ts';
import type { DiffMarks } from './diff.ts';
import { nodePorts } from './ports.ts';
import { outputLabel } from '../i18n/i18n.ts';

/** How a run went through a node, for highlighting a trace on the graph. */
export type TraceMark = 'visited' | 'failed';

export interface TraceInput {
  nodeId: string;
  branch: string | null;
  error?: { code: string; message: string };
}

/** How a trace lights the graph: each node it reached (failed when any of its steps failed, a loop body runs more than once) and each branch it took. */
export interface TracePath {
  nodes: Map<string, { mark: TraceMark; branch: string | null }>;
  /** "nodeId\u0000branch" of every branch taken */
  branches: Set<string>;
}

export function tracePath(trace: readonly TraceInput[]): TracePath {
  const nodes = new Map<string, { mark: TraceMark; branch: string | null }>();
  const branches = new Set<string>();
  for (const step of trace) {
    const failed = !!step.error || nodes.get(step.nodeId)?.mark === 'failed';
    nodes.set(step.nodeId, { mark: failed ? 'failed' : 'visited', branch: step.branch });
    if (step.branch) branches.add(`${step.nodeId}\u0000${step.branch}`);
  }
  return { nodes, branches };
}

export interface CardData extends Record<string, unknown> {
  node: AutomationNode;
  issues: ValidationIssue[];
  trace?: TraceMark;
  /** the branch the run took out of this node */
  traceBranch?: string | null;
  readOnly?: boolean;
  /** how this node differs in a comparison of two versions */
  diff?: string;
}

export type CardNode = Node<CardData>;

/** A sticky note on the canvas (React Flow node type "note", id "note:<id>"). */
export interface NoteData extends Record<string, unknown> {
  note: AutomationNote;
  readOnly?: boolean;
}

export type NoteNode = Node<NoteData, 'note'>;

/** The document's notes as React Flow nodes; put them before the cards so cards draw on top. */
export function toFlowNotes(document: AutomationDocument, options: Pick<MappingOptions, 'selectedNodeIds' | 'readOnly' | 'measured'> = {}): NoteNode[] {
  const selected = new Set(options.selectedNodeIds ?? []);
  return (document.notes ?? []).map((note) => ({
    id: noteNodePrefix + note.id,
    ...(options.measured?.has(noteNodePrefix + note.id) ? { measured: options.measured.get(noteNodePrefix + note.id) } : {}),
    type: 'note' as const,
    position: { x: note.position.x, y: note.position.y },
    selected: selected.has(noteNodePrefix + note.id),
    deletable: !options.readOnly,
    draggable: !options.readOnly,
    connectable: false,
    data: { note, ...(options.readOnly ? { readOnly: true } : {}) },
  }));
}

/**
 * The name of the branch an edge leaves by, for its label on the canvas —
 * only where the source has more than one way out (condition true/false,
 * switch cases, match-payment settled/not matched/refused).
 */
export function branchLabel(document: AutomationDocument, edge: { source: string; sourceHandle?: string | null }): string | null {
  const source = document.nodes.find((n) => n.id === edge.source);
  if (!source) return null;
  const ports = nodePorts(source);
  if (ports.length < 2) return null;
  const branch = edge.sourceHandle ?? null;
  const port = ports.find((p) => p.id === branch);
  return port ? outputLabel(source.type, port.id, port.label) : branch;
}

export interface EdgeData extends Record<string, unknown> {
  branch: string | null;
  hasError: boolean;
}

export type FlowEdge = Edge<EdgeData>;

export interface MappingOptions {
  selectedNodeIds?: readonly string[];
  selectedEdgeIds?: readonly string[];
  issues?: readonly ValidationIssue[];
  trace?: readonly TraceInput[];
  /** sizes React Flow measured, keyed by node id (kept outside the document) */
  measured?: ReadonlyMap<string, { width: number; height: number }>;
  readOnly?: boolean;
  /** a comparison of two versions: nodes and edges added, removed, changed (classes kt-node--diff-*, kt-edge--diff-*) */
  diff?: DiffMarks;
}

/** The React Flow node type used for a document node: its own type when known, else "unknown". */
export function flowTypeOf(type: string): string {
  return isNodeType(type) ? type : 'unknown';
}

export function issuesByNode(issues: readonly ValidationIssue[]): Map<string, ValidationIssue[]> {
  const byNode = new Map<string, ValidationIssue[]>();
  for (const issue of issues) {
    if (!issue.nodeId) continue;
    const list = byNode.get(issue.nodeId) ?? [];
    list.push(issue);
    byNode.set(issue.nodeId, list);
  }
  return byNode;
}

export function toFlowNodes(document: AutomationDocument, options: MappingOptions = {}): CardNode[] {
  const selected = new Set(options.selectedNodeIds ?? []);
  const byNode = issuesByNode(options.issues ?? []);
  const traced = tracePath(options.trace ?? []).nodes;
  return document.nodes.map((node) => {
    const step = traced.get(node.id);
    const measured = options.measured?.get(node.id);
    const diff = options.diff?.nodes.get(node.id);
    return {
      id: node.id,
      type: flowTypeOf(node.type),
      ...(diff ? { className: `kt-node--diff-${diff}` } : {}),
      position: { x: node.position.x, y: node.position.y },
      selected: selected.has(node.id),
      deletable: !options.readOnly,
      draggable: !options.readOnly,
      connectable: !options.readOnly,
      ...(measured ? { measured } : {}),
      data: {
        node,
        issues: byNode.get(node.id) ?? [],
        ...(step ? { trace: step.mark, traceBranch: step.branch } : {}),
        ...(options.readOnly ? { readOnly: true } : {}),
        ...(diff ? { diff } : {}),
      },
    } satisfies CardNode;
  });
}

/** The branch an edge leaves from, filling in the only port of single-output nodes. */
export function edgeBranch(document: AutomationDocument, edge: { source: string; sourceHandle?: string | null }): string | null {
  if (edge.sourceHandle) return edge.sourceHandle;
  const source = document.nodes.find((n) => n.id === edge.source);
  const outputs = source ? nodePorts(source) : [];
  return outputs.length === 1 ? outputs[0].id : null;
}

export function toFlowEdges(document: AutomationDocument, options: MappingOptions = {}): FlowEdge[] {
  const selected = new Set(options.selectedEdgeIds ?? []);
  const edgeIssues = new Set((options.issues ?? []).filter((i) => i.edgeId && i.severity === 'error').map((i) => i.edgeId));
  const takenBranches = tracePath(options.trace ?? []).branches;
  const tracing = (options.trace?.length ?? 0) > 0;
  return document.edges.map((edge) => {
    const branch = edgeBranch(document, edge);
    const label = branchLabel(document, edge);
    const taken = branch !== null && takenBranches.has(`${edge.source}\u0000${branch}`);
    const classes = ['kt-edge', branch ? `kt-edge--${branch}` : '', edgeIssues.has(edge.id) ? 'kt-edge--error' : '',
      tracing ? (taken ? 'kt-edge--taken' : 'kt-edge--not-taken') : '',
      options.diff?.edges.has(edge.id) ? `kt-edge--diff-${options.diff.edges.get(edge.id)}` : ''].filter(Boolean);
    return {
      id: edge.id,
      source: edge.source,
      target: edge.target,
      sourceHandle: branch,
      selected: selected.has(edge.id),
      deletable: !options.readOnly,
      animated: taken,
      className: classes.join(' '),
      ...(label ? { label, labelShowBg: true, labelBgPadding: [5, 2] as [number, number], labelBgBorderRadius: 4 } : {}),
      data: { branch, hasError: edgeIssues.has(edge.id) },
    } satisfies FlowEdge;
  });
}

/**
 * Keeps the React Flow nodes or edges of the last render that did not change,
 * so React Flow (and each memoised card) skips them: at 300 steps an edit
 * redraws the one card it changed, not all of them. An item is unchanged when
 * its document node or note is the same object (the store's edits keep
 * untouched ones) and everything else about it is equal.
 * `previous` is updated in place.
 */
export function keepUnchanged<T extends { id: string; data?: Record<string, unknown> }>(previous: Map<string, { item: T }>, next: T[]): T[] {
  const seen = new Set<string>();
  const result = next.map((item) => {
    seen.add(item.id);
    const last = previous.get(item.id);
    if (last && sameValue(last.item, item, 0)) return last.item;
    previous.set(item.id, { item });
    return item;
  });
  for (const id of previous.keys()) if (!seen.has(id)) previous.delete(id);
  return result;
}

/** Deep equality of plain data, except that a document node or note ("node", "note") is the same only when it is the same object. */
function sameValue(a: unknown, b: unknown, depth: number): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || depth > 8) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  for (const key of aKeys) {
    const x = (a as Record<string, unknown>)[key];
    const y = (b as Record<string, unknown>)[key];
    if (key === 'node' || key === 'note') { if (x !== y) return false; continue; }
    if (!sameValue(x, y, depth + 1)) return false;
  }
  return true;
}
