/**
 * Copy and paste of part of a graph, also between automations: the selected
 * nodes, the edges between them and the selected notes, as JSON text with a
 * marker (so any other text on the clipboard is ignored). Pasting gives every
 * node, edge and note a new id where the target has it already, keeps edges
 * pointing at the renamed nodes, and offsets the positions.
 */
import { z } from 'zod';
import {
  automationEdgeSchema, automationNodeSchema, automationNoteSchema,
  type AutomationDocument, type AutomationEdge, type AutomationNode, type AutomationNote,
} from '../../shared/automation/schema.ts';
import { automationLimits } from '../../shared/automation/schema.ts';
import { uniqueId, type Position } from './operations.ts';

/** What the clipboard text says it is. */
export const clipboardMarker = 'kontera/automation-fragment';
/** Where the last copy is kept too, for browsers that refuse the system clipboard. */
export const clipboardStorageKey = 'kontera.clipboard';
/** where a paste lands relative to the copied nodes */
export const pasteOffset: Position = { x: 40, y: 40 };
/** A clipboard text longer than this is not read (a fragment is at most a whole automation). */
export const clipboardTextLengthMax = 2 * 1024 * 1024;

const fragmentSchema = z.object({
  kind: z.literal(clipboardMarker),
  version: z.literal(1),
  /** the automation copied from, for the message after pasting */
  from: z.string().max(64).optional(),
  nodes: z.array(automationNodeSchema).max(automationLimits.nodesMax),
  edges: z.array(automationEdgeSchema).max(automationLimits.edgesMax),
  notes: z.array(automationNoteSchema).max(automationLimits.notesMax).default([]),
}).strict();

export type GraphFragment = z.infer<typeof fragmentSchema>;

/** The note ids of React Flow nodes that show notes ("note:<id>"). */
export const noteNodePrefix = 'note:';

/**
 * The selected part of `document`: the nodes and notes named in `selectedIds`
 * (notes as "note:<id>") and the edges between two selected nodes. Null when
 * nothing is selected.
 */
export function copyFragment(document: AutomationDocument, selectedIds: readonly string[]): GraphFragment | null {
  const chosen = new Set(selectedIds);
  const nodes = document.nodes.filter((n) => chosen.has(n.id));
  const notes = (document.notes ?? []).filter((n) => chosen.has(noteNodePrefix + n.id));
  if (nodes.length === 0 && notes.length === 0) return null;
  const inside = new Set(nodes.map((n) => n.id));
  const edges = document.edges.filter((e) => inside.has(e.source) && inside.has(e.target));
  return { kind: clipboardMarker, version: 1, from: document.id, nodes, edges, notes };
}

export function serializeFragment(fragment: GraphFragment): string {
  return JSON.stringify(fragment);
}

/** The fragment in a clipboard text, or null when the text is not one (any other text, or a damaged one). */
export function parseFragment(text: string): GraphFragment | null {
  if (text.length > clipboardTextLengthMax || !text.includes(clipboardMarker)) return null;
  let json: unknown;
  try { json = JSON.parse(text); } catch { return null; }
  const parsed = fragmentSchema.safeParse(json);
  if (!parsed.success) return null;
  const nodeIds = new Set(parsed.data.nodes.map((n) => n.id));
  // Edges to nodes that were not copied are dropped (a hand-made fragment may have them).
  return { ...parsed.data, edges: parsed.data.edges.filter((e) => nodeIds.has(e.source) && nodeIds.has(e.target)) };
}

export interface PasteResult {
  document: AutomationDocument;
  /** the pasted nodes' new ids, and the notes' as "note:<id>" (what to select) */
  selectedIds: string[];
  /** old id → new id of the pasted nodes */
  nodeIdMap: Map<string, string>;
}

/**
 * Adds the fragment to `document`: ids that are taken get a free one
 * (`condition` → `condition-2`), names that are taken get a number, edges
 * follow their nodes, positions move by `offset`.
 */
export function pasteFragment(document: AutomationDocument, fragment: GraphFragment, offset: Position = pasteOffset): PasteResult {
  const takenNodeIds = new Set(document.nodes.map((n) => n.id));
  const takenNames = new Set(document.nodes.map((n) => n.name));
  const nodeIdMap = new Map<string, string>();
  const nodes: AutomationNode[] = fragment.nodes.map((node) => {
    const id = freeId(node.id, takenNodeIds);
    takenNodeIds.add(id);
    nodeIdMap.set(node.id, id);
    const name = uniqueCopyName(node.name, takenNames);
    if (name) takenNames.add(name);
    return { ...node, id, name, position: { x: node.position.x + offset.x, y: node.position.y + offset.y } };
  });
  const takenEdgeIds = new Set(document.edges.map((e) => e.id));
  const edges: AutomationEdge[] = fragment.edges.map((edge) => {
    const source = nodeIdMap.get(edge.source)!;
    const id = freeId(edge.id === `${edge.source}-${edge.sourceHandle}` ? `${source}-${edge.sourceHandle}`.slice(0, 60) : edge.id, takenEdgeIds);
    takenEdgeIds.add(id);
    return { ...edge, id, source, target: nodeIdMap.get(edge.target)! };
  });
  const takenNoteIds = new Set((document.notes ?? []).map((n) => n.id));
  const notes: AutomationNote[] = fragment.notes.map((note) => {
    const id = freeId(note.id, takenNoteIds);
    takenNoteIds.add(id);
    return { ...note, id, position: { x: note.position.x + offset.x, y: note.position.y + offset.y } };
  });
  const next: AutomationDocument = {
    ...document,
    nodes: [...document.nodes, ...nodes],
    edges: [...document.edges, ...edges],
    ...(notes.length || document.notes ? { notes: [...(document.notes ?? []), ...notes] } : {}),
  };
  return { document: next, selectedIds: [...nodes.map((n) => n.id), ...notes.map((n) => noteNodePrefix + n.id)], nodeIdMap };
}

/** `id` when free, else a numbered one that still fits the 64-character id limit. */
function freeId(id: string, taken: Set<string>): string {
  return taken.has(id) ? uniqueId(id.slice(0, 60), taken) : id;
}

/** "Bank fee" stays when free, else "Bank fee 2", "Bank fee 3", …; an empty name stays empty. */
function uniqueCopyName(name: string, taken: Set<string>): string {
  if (!name || !taken.has(name)) return name;
  const base = name.replace(/ \d+$/, '');
  for (let n = 2; ; n += 1) {
    const candidate = `${base} ${n}`.slice(0, automationLimits.nameLengthMax);
    if (!taken.has(candidate)) return candidate;
  }
}
