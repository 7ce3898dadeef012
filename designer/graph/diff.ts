/**
 * The difference between two automation documents (e.g. two published
 * versions, or a version and the draft): nodes added, removed and changed
 * (with the config paths that changed), edges added and removed, and the
 * document's own fields. Pure: the canvas highlights it, the Versions panel
 * lists it. Positions are for the designer only, so a node that only moved
 * is "moved", not "changed".
 */
import type { AutomationDocument, AutomationEdge, AutomationNode } from '../../shared/automation/schema.ts';

export type NodeChangeKind = 'added' | 'removed' | 'changed' | 'moved';

/** One value that differs: `path` into the node ("config.lines[0].account", "name"), before and after (undefined: absent). */
export interface ValueChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface NodeDiff {
  nodeId: string;
  kind: NodeChangeKind;
  /** the node's name (after, or before when removed) */
  name: string;
  type: string;
  /** for "changed": what differs (name, type, version, config paths) */
  changes: ValueChange[];
}

export interface EdgeDiff {
  kind: 'added' | 'removed';
  edge: AutomationEdge;
}

export interface DocumentDiff {
  /** document fields (name, description, priority) that differ */
  fields: ValueChange[];
  /** every node that is not the same, in the order of `after` then the removed ones of `before` */
  nodes: NodeDiff[];
  edges: EdgeDiff[];
  /** true when nothing the engine sees differs (moves only count as no change) */
  same: boolean;
}

/** Paths deeper than this are compared as a whole (config is limited in depth anyway). */
const pathDepthMax = 12;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function joinPath(prefix: string, key: string | number): string {
  if (typeof key === 'number') return `${prefix}[${key}]`;
  return prefix ? `${prefix}.${key}` : key;
}

/** The leaf values that differ between `before` and `after`, each with its path. */
export function valueChanges(before: unknown, after: unknown, prefix = '', depth = 0): ValueChange[] {
  if (Object.is(before, after)) return [];
  if (depth < pathDepthMax && isRecord(before) && isRecord(after)) {
    const out: ValueChange[] = [];
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    for (const key of keys) out.push(...valueChanges(before[key], after[key], joinPath(prefix, key), depth + 1));
    return out;
  }
  if (depth < pathDepthMax && Array.isArray(before) && Array.isArray(after)) {
    const out: ValueChange[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) out.push(...valueChanges(before[i], after[i], joinPath(prefix, i), depth + 1));
    return out;
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: prefix || '(value)', before, after }];
}

/** An edge is the same when it joins the same nodes from the same branch (its id may differ). */
function edgeKey(edge: AutomationEdge): string {
  return `${edge.source}\u0000${edge.sourceHandle ?? ''}\u0000${edge.target}`;
}

function nodeChanges(before: AutomationNode, after: AutomationNode): ValueChange[] {
  const out: ValueChange[] = [];
  if (before.name !== after.name) out.push({ path: 'name', before: before.name, after: after.name });
  if (before.type !== after.type) out.push({ path: 'type', before: before.type, after: after.type });
  if ((before.version ?? 1) !== (after.version ?? 1)) out.push({ path: 'version', before: before.version, after: after.version });
  out.push(...valueChanges(before.config ?? {}, after.config ?? {}, 'config'));
  return out;
}

export function diffDocuments(before: AutomationDocument, after: AutomationDocument): DocumentDiff {
  const fields: ValueChange[] = [];
  for (const key of ['name', 'description', 'priority'] as const) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) fields.push({ path: key, before: before[key], after: after[key] });
  }
  const beforeNodes = new Map(before.nodes.map((n) => [n.id, n]));
  const afterIds = new Set(after.nodes.map((n) => n.id));
  const nodes: NodeDiff[] = [];
  for (const node of after.nodes) {
    const old = beforeNodes.get(node.id);
    if (!old) { nodes.push({ nodeId: node.id, kind: 'added', name: node.name, type: node.type, changes: [] }); continue; }
    const changes = nodeChanges(old, node);
    if (changes.length) nodes.push({ nodeId: node.id, kind: 'changed', name: node.name, type: node.type, changes });
    else if (old.position.x !== node.position.x || old.position.y !== node.position.y) {
      nodes.push({ nodeId: node.id, kind: 'moved', name: node.name, type: node.type, changes: [] });
    }
  }
  for (const node of before.nodes) {
    if (!afterIds.has(node.id)) nodes.push({ nodeId: node.id, kind: 'removed', name: node.name, type: node.type, changes: [] });
  }
  const beforeEdges = new Set(before.edges.map(edgeKey));
  const afterEdges = new Set(after.edges.map(edgeKey));
  const edges: EdgeDiff[] = [
    ...after.edges.filter((e) => !beforeEdges.has(edgeKey(e))).map((edge) => ({ kind: 'added' as const, edge })),
    ...before.edges.filter((e) => !afterEdges.has(edgeKey(e))).map((edge) => ({ kind: 'removed' as const, edge })),
  ];
  const same = fields.length === 0 && edges.length === 0 && nodes.every((n) => n.kind === 'moved');
  return { fields, nodes, edges, same };
}

/** How the canvas marks each node and edge of a comparison. */
export interface DiffMarks {
  nodes: Map<string, NodeChangeKind>;
  edges: Map<string, 'added' | 'removed'>;
}

/** Prefix of the id of a removed edge shown on the canvas (ids of the two versions may clash). */
export const removedEdgePrefix = 'removed~';

/**
 * The document the canvas shows for a comparison: `after` with the nodes and
 * edges `before` had and `after` lacks put back (where they were), and the
 * marks to highlight them by.
 */
export function comparisonView(before: AutomationDocument, after: AutomationDocument, diff = diffDocuments(before, after)): { document: AutomationDocument; marks: DiffMarks } {
  const removedIds = new Set(diff.nodes.filter((n) => n.kind === 'removed').map((n) => n.nodeId));
  const removedEdges = diff.edges.filter((e) => e.kind === 'removed').map((e) => ({ ...e.edge, id: `${removedEdgePrefix}${e.edge.id}` }));
  const addedEdges = new Set(diff.edges.filter((e) => e.kind === 'added').map((e) => e.edge.id));
  const document: AutomationDocument = {
    ...after,
    nodes: [...after.nodes, ...before.nodes.filter((n) => removedIds.has(n.id))],
    edges: [...after.edges, ...removedEdges],
  };
  const marks: DiffMarks = {
    nodes: new Map(diff.nodes.map((n) => [n.nodeId, n.kind])),
    edges: new Map([
      ...[...addedEdges].map((id) => [id, 'added'] as const),
      ...removedEdges.map((e) => [e.id, 'removed'] as const),
    ]),
  };
  return { document, marks };
}

/** A value in a change list: short JSON, "—" when absent. */
export function formatDiffValue(value: unknown, lengthMax = 80): string {
  if (value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > lengthMax ? `${text.slice(0, lengthMax - 1)}…` : text;
}
