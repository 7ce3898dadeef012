/**
 * Pure edits of the automation document. The store wraps these; React Flow
 * never edits the document directly. Every function returns a new document
 * (or the same one when nothing changed).
 */
import type { AutomationDocument, AutomationEdge, AutomationNode } from '../../shared/automation/schema.ts';
import { automationDocumentSchema } from '../../shared/automation/schema.ts';
import { descriptorOf } from '../../shared/nodes/index.ts';
import { nodePorts } from './ports.ts';

export interface Position { x: number; y: number }

export interface Connection {
  source: string;
  target: string;
  sourceHandle?: string | null;
}

/** "Post voucher" → "post-voucher"; "Bankavgifter & ränta" → "bankavgifter-ranta". */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/g, '');
}

/** `base`, or `base-2`, `base-3`, … whichever is not taken. */
export function uniqueId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const root = base || 'item';
  if (!used.has(root)) return root;
  for (let n = 2; ; n += 1) {
    const candidate = `${root}-${n}`;
    if (!used.has(candidate)) return candidate;
  }
}

export function emptyDocument(id: string, name: string): AutomationDocument {
  // Through the schema, so fields with defaults (e.g. priority) get them.
  return automationDocumentSchema.parse({ schemaVersion: 1, id, name, description: '', version: 1, status: 'draft', nodes: [], edges: [] });
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/**
 * What a node dropped from the palette starts with, where it differs from the
 * descriptor's default config (which must stay valid for the runtime's
 * checks): a voucher's lines start without accounts, for the admin to choose,
 * instead of a ready-made bank fee (6570/1930).
 */
export const newNodeConfigs: Readonly<Record<string, () => unknown>> = {
  'post-voucher': () => ({
    series: 'E',
    text: '{{event.text}}',
    date: { var: 'event.bookingDate' },
    lines: [
      { account: '', side: 'debit', amount: null },
      { account: '', side: 'credit', amount: null },
    ],
  }),
};

/** Adds a node of `type` with the config a new node starts with; returns the document and the new id. */
export function addNode(document: AutomationDocument, type: string, position: Position): { document: AutomationDocument; nodeId: string } {
  const descriptor = descriptorOf(type);
  if (!descriptor) throw new Error(`Unknown node type "${type}"`);
  const nodeId = uniqueId(type, document.nodes.map((n) => n.id));
  const node: AutomationNode = {
    id: nodeId,
    type,
    version: descriptor.version,
    name: uniqueName(descriptor.label, document.nodes.map((n) => n.name)),
    position: { x: Math.round(position.x), y: Math.round(position.y) },
    config: newNodeConfigs[type]?.() ?? clone(descriptor.defaultConfig),
  };
  return { document: { ...document, nodes: [...document.nodes, node] }, nodeId };
}

function uniqueName(label: string, taken: string[]): string {
  const used = new Set(taken);
  if (!used.has(label)) return label;
  for (let n = 2; ; n += 1) if (!used.has(`${label} ${n}`)) return `${label} ${n}`;
}

/** Whether an edge from `connection.source` to `connection.target` makes sense at all. */
export function canConnect(document: AutomationDocument, connection: Connection): boolean {
  if (connection.source === connection.target) return false;
  const source = document.nodes.find((n) => n.id === connection.source);
  const target = document.nodes.find((n) => n.id === connection.target);
  if (!source || !target) return false;
  if (descriptorOf(target.type)?.kind === 'trigger') return false;
  const ports = nodePorts(source);
  const handle = connection.sourceHandle ?? (ports.length === 1 ? ports[0].id : null);
  return handle !== null && ports.some((p) => p.id === handle);
}

/**
 * Connects a branch to a node. A branch leads to one node, so an existing
 * edge from the same branch is replaced. Returns the same document when the
 * connection is not allowed.
 */
export function connect(document: AutomationDocument, connection: Connection): { document: AutomationDocument; edgeId: string | null } {
  if (!canConnect(document, connection)) return { document, edgeId: null };
  const source = document.nodes.find((n) => n.id === connection.source)!;
  const ports = nodePorts(source);
  const sourceHandle = connection.sourceHandle ?? ports[0].id;
  const kept = document.edges.filter((e) => !(e.source === connection.source && (e.sourceHandle ?? ports[0]?.id) === sourceHandle));
  const edgeId = uniqueId(`${connection.source}-${sourceHandle}`.slice(0, 60), kept.map((e) => e.id));
  const edge: AutomationEdge = { id: edgeId, source: connection.source, target: connection.target, sourceHandle };
  return { document: { ...document, edges: [...kept, edge] }, edgeId };
}

/** Deletes nodes and every edge that touches them. */
export function deleteNodes(document: AutomationDocument, nodeIds: Iterable<string>): AutomationDocument {
  const gone = new Set(nodeIds);
  if (gone.size === 0) return document;
  return {
    ...document,
    nodes: document.nodes.filter((n) => !gone.has(n.id)),
    edges: document.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target)),
  };
}

export function deleteEdges(document: AutomationDocument, edgeIds: Iterable<string>): AutomationDocument {
  const gone = new Set(edgeIds);
  if (gone.size === 0) return document;
  return { ...document, edges: document.edges.filter((e) => !gone.has(e.id)) };
}

function updateNode(document: AutomationDocument, nodeId: string, update: (node: AutomationNode) => AutomationNode): AutomationDocument {
  let changed = false;
  const nodes = document.nodes.map((node) => {
    if (node.id !== nodeId) return node;
    const next = update(node);
    if (next !== node) changed = true;
    return next;
  });
  return changed ? { ...document, nodes } : document;
}

/** Renames a node. Edges refer to ids, so they stay as they are. */
export function renameNode(document: AutomationDocument, nodeId: string, name: string): AutomationDocument {
  return updateNode(document, nodeId, (node) => (node.name === name ? node : { ...node, name }));
}

export function moveNode(document: AutomationDocument, nodeId: string, position: Position): AutomationDocument {
  return updateNode(document, nodeId, (node) =>
    node.position.x === position.x && node.position.y === position.y ? node : { ...node, position: { x: position.x, y: position.y } });
}

/** Sets one key of a node's config (config is treated as a plain object). */
export function setConfigValue(document: AutomationDocument, nodeId: string, key: string, value: unknown): AutomationDocument {
  return updateNode(document, nodeId, (node) => {
    const config = (node.config && typeof node.config === 'object' ? node.config : {}) as Record<string, unknown>;
    if (Object.is(config[key], value)) return node;
    return { ...node, config: { ...config, [key]: value } };
  });
}

/** Where a node added without a drop position goes: right of the right-most node. */
export function nextFreePosition(document: AutomationDocument): Position {
  if (document.nodes.length === 0) return { x: 80, y: 160 };
  const rightMost = document.nodes.reduce((a, b) => (b.position.x > a.position.x ? b : a));
  return { x: rightMost.position.x + 320, y: rightMost.position.y };
}
