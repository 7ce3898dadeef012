/**
 * Auto-layout: places the nodes of an automation left to right in layers
 * (trigger first, each step right of the one before it) with dagre. Notes are
 * left where they are: they annotate a place the person chose.
 */
import dagre from '@dagrejs/dagre';
import type { AutomationDocument } from '../../shared/automation/schema.ts';
import { nodePorts } from './ports.ts';
import type { Position } from './operations.ts';

export interface Size { width: number; height: number }

/** A card's size before React Flow measured it (a card is 232 px wide, about 110 high with two ports). */
export const defaultCardSize: Size = { width: 232, height: 110 };
/** room between layers (left to right) and between siblings (top to bottom) */
export const layoutSpacing = { rankGap: 90, siblingGap: 40 } as const;

/**
 * Where each node goes (top-left corner, on the 10-px grid), keyed by node id.
 * `sizes` are the cards' measured sizes; missing ones use `defaultCardSize`.
 * Branches leave a node in the order of its ports (true above false), so the
 * lines do not cross more than they must.
 */
export function layoutPositions(document: AutomationDocument, sizes: ReadonlyMap<string, Size> = new Map()): Map<string, Position> {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'LR', ranksep: layoutSpacing.rankGap, nodesep: layoutSpacing.siblingGap, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(document.nodes.map((n) => n.id));
  for (const node of document.nodes) {
    const size = sizes.get(node.id) ?? defaultCardSize;
    graph.setNode(node.id, { width: size.width, height: size.height });
  }
  const portOrder = new Map(document.nodes.map((n) => [n.id, nodePorts(n).map((p) => p.id)]));
  const edges = document.edges
    .filter((e) => ids.has(e.source) && ids.has(e.target))
    .map((e) => ({ edge: e, order: portOrder.get(e.source)?.indexOf(e.sourceHandle ?? '') ?? 0 }))
    .sort((a, b) => (a.edge.source === b.edge.source ? a.order - b.order : 0));
  for (const { edge } of edges) graph.setEdge(edge.source, edge.target, {}, edge.id);
  // Targets of one node's branches keep the order of its ports (true above false, cases in order).
  const constraints: { left: string; right: string }[] = [];
  // Only targets that this node alone leads to: two sources never ask for opposite orders.
  const incoming = new Map<string, number>();
  for (const { edge } of edges) incoming.set(edge.target, (incoming.get(edge.target) ?? 0) + 1);
  const targetsBySource = new Map<string, string[]>();
  for (const { edge } of edges) {
    if (incoming.get(edge.target) !== 1) continue;
    const targets = targetsBySource.get(edge.source) ?? [];
    if (!targets.includes(edge.target)) targets.push(edge.target);
    targetsBySource.set(edge.source, targets);
  }
  for (const targets of targetsBySource.values()) {
    for (let i = 1; i < targets.length; i += 1) constraints.push({ left: targets[i - 1], right: targets[i] });
  }
  try {
    dagre.layout(graph, { constraints });
  } catch {
    dagre.layout(graph); // constraints it cannot meet: the plain layout
  }
  const positions = new Map<string, Position>();
  for (const node of document.nodes) {
    const placed = graph.node(node.id) as { x: number; y: number; width: number; height: number };
    // dagre gives centres; the document keeps top-left corners, snapped to the canvas grid.
    positions.set(node.id, {
      x: Math.round((placed.x - placed.width / 2) / 10) * 10,
      y: Math.round((placed.y - placed.height / 2) / 10) * 10,
    });
  }
  return positions;
}

/** The document with every node at its laid-out place (the same document when nothing moves). */
export function autoLayout(document: AutomationDocument, sizes?: ReadonlyMap<string, Size>): AutomationDocument {
  if (document.nodes.length === 0) return document;
  const positions = layoutPositions(document, sizes);
  let moved = false;
  const nodes = document.nodes.map((node) => {
    const position = positions.get(node.id)!;
    if (position.x === node.position.x && position.y === node.position.y) return node;
    moved = true;
    return { ...node, position };
  });
  return moved ? { ...document, nodes } : document;
}
