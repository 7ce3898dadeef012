/**
 * The designer's state. The automation DOCUMENT is the source of truth; React
 * Flow nodes and edges are derived from it (see mapping.ts). Created through a
 * factory so tests get a fresh store without React.
 */
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AutomationDocument, ValidationIssue } from '../../shared/automation/schema.ts';
import * as ops from './operations.ts';
import { noteNodePrefix, pasteFragment, type GraphFragment } from './clipboard.ts';
import { autoLayout, type Size } from './layout.ts';
import * as noteOps from './notes.ts';

export interface Selection {
  /** selected nodes, and selected notes as "note:<id>" */
  nodeIds: string[];
  edgeIds: string[];
}

export interface DesignerState {
  document: AutomationDocument | null;
  /** JSON of the document as last loaded or saved, for "unsaved changes". */
  savedJson: string | null;
  selection: Selection;
  /** Issues the server reported (e.g. a refused publish); cleared by the next edit. */
  serverIssues: ValidationIssue[];
  past: AutomationDocument[];
  future: AutomationDocument[];

  load(document: AutomationDocument): void;
  markSaved(document: AutomationDocument): void;
  setServerIssues(issues: ValidationIssue[]): void;
  setName(name: string): void;
  /** lower runs first; for bank lines the first automation that posts books the line */
  setPriority(priority: number): void;
  addNode(type: string, position?: ops.Position): string;
  connect(connection: ops.Connection): string | null;
  deleteNodes(nodeIds: string[]): void;
  deleteEdges(edgeIds: string[]): void;
  deleteSelection(): void;
  renameNode(nodeId: string, name: string): void;
  setConfigValue(nodeId: string, key: string, value: unknown): void;
  /** `record: false` while dragging (one undo step per drag, recorded at its start). */
  moveNode(nodeId: string, position: ops.Position, record?: boolean): void;
  select(selection: Partial<Selection>): void;
  selectNode(nodeId: string | null): void;
  undo(): void;
  redo(): void;
  /** Pastes copied nodes, edges and notes (new ids where taken) and selects them; returns how many nodes and notes came in. */
  paste(fragment: GraphFragment, offset?: ops.Position): number;
  /** Adds an empty sticky note (selected); null at the limit. */
  addNote(position: ops.Position): string | null;
  setNoteText(noteId: string, text: string): void;
  moveNote(noteId: string, position: ops.Position, record?: boolean): void;
  /** Lays the nodes out left to right (one undo step); `sizes` are the cards' measured sizes. */
  autoLayout(sizes?: ReadonlyMap<string, Size>): void;
  /** Replaces the whole document (an import, an edit of its JSON) as one undo step. */
  replaceDocument(document: AutomationDocument): void;
}

const historyMax = 100;

export function createDesignerStore(initial?: AutomationDocument): StoreApi<DesignerState> {
  return createStore<DesignerState>()((set, get) => {
    /** Applies an edit; records history and clears server issues when the document changed. */
    const edit = (next: AutomationDocument, record = true, extra: Partial<DesignerState> = {}) => {
      const { document, past } = get();
      if (!document || next === document) { if (Object.keys(extra).length) set(extra); return; }
      set({
        document: next,
        serverIssues: [],
        ...(record ? { past: [...past, document].slice(-historyMax), future: [] } : {}),
        ...extra,
      });
    };
    const current = () => {
      const { document } = get();
      if (!document) throw new Error('No automation is loaded');
      return document;
    };
    return {
      document: initial ?? null,
      savedJson: initial ? JSON.stringify(initial) : null,
      selection: { nodeIds: [], edgeIds: [] },
      serverIssues: [],
      past: [],
      future: [],

      load: (document) => set({
        document, savedJson: JSON.stringify(document), selection: { nodeIds: [], edgeIds: [] },
        serverIssues: [], past: [], future: [],
      }),
      markSaved: (document) => set({ savedJson: JSON.stringify(document) }),
      setServerIssues: (serverIssues) => set({ serverIssues }),
      setName: (name) => { const d = current(); edit(d.name === name ? d : { ...d, name }); },
      setPriority: (priority) => { const d = current(); edit(d.priority === priority ? d : { ...d, priority }); },
      addNode: (type, position) => {
        const document = current();
        const result = ops.addNode(document, type, position ?? ops.nextFreePosition(document));
        edit(result.document, true, { selection: { nodeIds: [result.nodeId], edgeIds: [] } });
        return result.nodeId;
      },
      connect: (connection) => {
        const result = ops.connect(current(), connection);
        edit(result.document);
        return result.edgeId;
      },
      deleteNodes: (nodeIds) => {
        const { selection } = get();
        edit(ops.deleteNodes(current(), nodeIds), true, {
          selection: { nodeIds: selection.nodeIds.filter((id) => !nodeIds.includes(id)), edgeIds: [] },
        });
      },
      deleteEdges: (edgeIds) => {
        const { selection } = get();
        edit(ops.deleteEdges(current(), edgeIds), true, {
          selection: { ...selection, edgeIds: selection.edgeIds.filter((id) => !edgeIds.includes(id)) },
        });
      },
      deleteSelection: () => {
        const { selection } = get();
        let next = ops.deleteEdges(current(), selection.edgeIds);
        next = ops.deleteNodes(next, selection.nodeIds);
        next = noteOps.deleteNotes(next, selection.nodeIds.filter((id) => id.startsWith(noteNodePrefix)).map((id) => id.slice(noteNodePrefix.length)));
        edit(next, true, { selection: { nodeIds: [], edgeIds: [] } });
      },
      renameNode: (nodeId, name) => edit(ops.renameNode(current(), nodeId, name)),
      setConfigValue: (nodeId, key, value) => edit(ops.setConfigValue(current(), nodeId, key, value)),
      moveNode: (nodeId, position, record = true) => edit(ops.moveNode(current(), nodeId, position), record),
      select: (selection) => set({ selection: { ...get().selection, ...selection } }),
      selectNode: (nodeId) => set({ selection: { nodeIds: nodeId ? [nodeId] : [], edgeIds: [] } }),
      undo: () => {
        const { past, future, document } = get();
        if (!past.length || !document) return;
        set({ document: past[past.length - 1], past: past.slice(0, -1), future: [document, ...future], serverIssues: [] });
      },
      redo: () => {
        const { past, future, document } = get();
        if (!future.length || !document) return;
        set({ document: future[0], future: future.slice(1), past: [...past, document], serverIssues: [] });
      },
      paste: (fragment, offset) => {
        const result = pasteFragment(current(), fragment, offset);
        edit(result.document, true, { selection: { nodeIds: result.selectedIds, edgeIds: [] } });
        return result.selectedIds.length;
      },
      addNote: (position) => {
        const result = noteOps.addNote(current(), position);
        if (result.noteId) edit(result.document, true, { selection: { nodeIds: [noteNodePrefix + result.noteId], edgeIds: [] } });
        return result.noteId;
      },
      setNoteText: (noteId, text) => edit(noteOps.setNoteText(current(), noteId, text)),
      moveNote: (noteId, position, record = true) => edit(noteOps.moveNote(current(), noteId, position), record),
      autoLayout: (sizes) => edit(autoLayout(current(), sizes)),
      replaceDocument: (document) => edit(document, true, { selection: { nodeIds: [], edgeIds: [] } }),
    };
  });
}

/** The one store of the running designer. */
export const designerStore = createDesignerStore();

export function useDesigner<T>(selector: (state: DesignerState) => T): T {
  return useStore(designerStore, selector);
}

export function isDirty(state: Pick<DesignerState, 'document' | 'savedJson'>): boolean {
  return state.document !== null && JSON.stringify(state.document) !== state.savedJson;
}
