/**
 * The editable canvas. React Flow shows nodes and edges derived from the
 * document in the store; what the user does (drag, connect, select, delete,
 * drop from the palette) comes back as store operations.
 */
import {
  Background, BackgroundVariant, Controls, MarkerType, MiniMap, ReactFlow, useReactFlow,
  type Connection, type EdgeChange, type IsValidConnection, type NodeChange, type OnDelete,
} from '@xyflow/react';
import { useCallback, useMemo, useRef, useState, type DragEvent, type ReactNode } from 'react';
import type { AutomationDocument, ValidationIssue } from '../../shared/automation/schema.ts';
import { isNodeType } from '../../shared/nodes/index.ts';
import { nodeTypes as cardTypes } from '../nodes/node-card.tsx';
import { NoteCard } from '../nodes/note-card.tsx';
import { dragMimeType } from '../panels/palette.tsx';
import type { DiffMarks } from './diff.ts';
import { noteNodePrefix } from './clipboard.ts';
import { keepUnchanged, toFlowEdges, toFlowNodes, toFlowNotes, type CardNode, type FlowEdge, type NoteNode, type TraceInput } from './mapping.ts';
import { canConnect } from './operations.ts';
import { designerStore, useDesigner } from './store.ts';
import { t } from '../i18n/i18n.ts';

/** Cards of every node type, and sticky notes. */
const nodeTypes = { ...cardTypes, note: NoteCard };
type CanvasNode = CardNode | NoteNode;
const defaultEdgeOptions = { markerEnd: { type: MarkerType.ArrowClosed, width: 10, height: 10, color: '#98a2b3' } };
const deleteKeys = ['Backspace', 'Delete'];
const defaultViewport = { x: 0, y: 0, zoom: 0.9 };
/**
 * How "fit" frames the graph — on open, the toolbar's Fit, after a panel
 * opens or closes: all of it with some room around, however large (down to
 * the canvas's smallest zoom), never zoomed in past 100 %.
 */
export const fitGraphOptions = {
  // room at the top for the canvas's tool strip (and a banner), around the rest for the zoom controls and the minimap
  // minZoom: low enough that even the widest graph the limits allow (500 steps in one row) fits
  padding: { top: '80px', right: '6%', bottom: '8%', left: '6%' }, maxZoom: 1, minZoom: 0.005,
} as const;
/** where a dropped card lands relative to the pointer (roughly its header) */
const dropOffset = { x: 110, y: 24 };

export function Canvas({ issues, trace, banner, readOnly: readOnlyAsked = false, shown, diff, tools, onDropFile }: {
  issues: ValidationIssue[]; trace?: TraceInput[]; banner?: ReactNode; readOnly?: boolean;
  /** a document to show instead of the draft (a published version, a comparison): read-only */
  shown?: AutomationDocument; diff?: DiffMarks;
  /** the canvas's own tool strip (notes, layout, copy/paste, files), drawn over its top-right corner */
  tools?: ReactNode;
  /** a file dropped on the canvas (an automation JSON to import) */
  onDropFile?(file: File): void;
}) {
  const draft = useDesigner((s) => s.document)!;
  const document = shown ?? draft;
  const readOnly = readOnlyAsked || shown !== undefined;
  const selection = useDesigner((s) => s.selection);
  const { screenToFlowPosition } = useReactFlow();
  const [measured, setMeasured] = useState<Map<string, { width: number; height: number }>>(() => new Map());
  const dragging = useRef(new Set<string>());
  // Fit an existing graph into view once; an empty canvas starts slightly zoomed out.
  const [fitOnOpen] = useState(() => document.nodes.length > 0);

  // Unchanged nodes and edges keep their objects from the last render (keepUnchanged), so an edit redraws what it changed.
  const lastNodes = useRef(new Map<string, { item: CanvasNode }>());
  const lastEdges = useRef(new Map<string, { item: FlowEdge }>());
  const nodes = useMemo((): CanvasNode[] => keepUnchanged(lastNodes.current, [
    ...toFlowNotes(document, { selectedNodeIds: selection.nodeIds, readOnly, measured }),
    ...toFlowNodes(document, { selectedNodeIds: selection.nodeIds, issues, measured, trace, readOnly, diff }),
  ].map((node) => (dragging.current.has(node.id) ? { ...node, dragging: true } : node))),
  [document, selection.nodeIds, issues, measured, trace, readOnly, diff]);
  const edges = useMemo(() => keepUnchanged(lastEdges.current, toFlowEdges(document, { selectedEdgeIds: selection.edgeIds, issues, trace, readOnly, diff })),
    [document, selection.edgeIds, issues, trace, readOnly, diff]);

  const onNodesChange = useCallback((changes: NodeChange<CanvasNode>[]) => {
    const state = designerStore.getState();
    let nodeIds: string[] | null = null;
    const sizes: [string, { width: number; height: number }][] = [];
    for (const change of changes) {
      if (change.type === 'position' && change.position) {
        const first = change.dragging && !dragging.current.has(change.id);
        if (change.dragging) dragging.current.add(change.id); else dragging.current.delete(change.id);
        // One undo step per drag: recorded at its first move.
        const position = { x: Math.round(change.position.x), y: Math.round(change.position.y) };
        if (change.id.startsWith(noteNodePrefix)) state.moveNote(change.id.slice(noteNodePrefix.length), position, first || !change.dragging);
        else state.moveNode(change.id, position, first || !change.dragging);
      } else if (change.type === 'position' && !change.dragging) {
        dragging.current.delete(change.id);
      } else if (change.type === 'dimensions' && change.dimensions) {
        sizes.push([change.id, change.dimensions]);
      } else if (change.type === 'select') {
        nodeIds ??= [...designerStore.getState().selection.nodeIds];
        nodeIds = change.selected ? [...new Set([...nodeIds, change.id])] : nodeIds.filter((id) => id !== change.id);
      }
    }
    if (sizes.length) setMeasured((current) => new Map([...current, ...sizes]));
    if (nodeIds) state.select({ nodeIds, ...(nodeIds.length ? { edgeIds: [] } : {}) });
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<FlowEdge>[]) => {
    let edgeIds: string[] | null = null;
    for (const change of changes) {
      if (change.type === 'select') {
        edgeIds ??= [...designerStore.getState().selection.edgeIds];
        edgeIds = change.selected ? [...new Set([...edgeIds, change.id])] : edgeIds.filter((id) => id !== change.id);
      }
    }
    if (edgeIds) designerStore.getState().select({ edgeIds });
  }, []);

  // Removal comes through onDelete only, so one key press is one undo step.
  const onDelete: OnDelete<CanvasNode, FlowEdge> = useCallback(({ nodes: gone, edges: goneEdges }) => {
    const state = designerStore.getState();
    state.select({ nodeIds: gone.map((n) => n.id), edgeIds: goneEdges.map((e) => e.id) });
    state.deleteSelection();
  }, []);

  const onConnect = useCallback((connection: Connection) => {
    designerStore.getState().connect(connection);
  }, []);

  const isValidConnection: IsValidConnection<FlowEdge> = useCallback((connection) => {
    const current = designerStore.getState().document;
    return current !== null && canConnect(current, connection);
  }, []);

  const onDragOver = useCallback((event: DragEvent) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
  }, []);

  const onDrop = useCallback((event: DragEvent) => {
    event.preventDefault();
    const file = event.dataTransfer.files?.[0];
    if (file && onDropFile) { onDropFile(file); return; }
    const type = event.dataTransfer.getData(dragMimeType) || event.dataTransfer.getData('text/plain');
    if (!isNodeType(type)) return;
    const position = screenToFlowPosition({ x: event.clientX, y: event.clientY });
    designerStore.getState().addNode(type, { x: position.x - dropOffset.x, y: position.y - dropOffset.y });
  }, [screenToFlowPosition, onDropFile]);

  return (
    <div className={`kt-canvas ${trace ? 'is-previewing' : ''} ${readOnly ? 'is-read-only' : ''} ${diff ? 'is-comparing' : ''}`} data-testid="canvas" data-read-only={readOnly}
      onDragOver={readOnly ? undefined : onDragOver} onDrop={readOnly ? undefined : onDrop}>
      {banner}
      {tools}
      <ReactFlow<CanvasNode, FlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onDelete={readOnly ? undefined : onDelete}
        onConnect={readOnly ? undefined : onConnect}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        isValidConnection={isValidConnection}
        onPaneClick={() => designerStore.getState().selectNode(null)}
        deleteKeyCode={readOnly ? null : deleteKeys}
        defaultEdgeOptions={defaultEdgeOptions}
        fitView={fitOnOpen}
        defaultViewport={defaultViewport}
        fitViewOptions={fitGraphOptions}
        minZoom={fitGraphOptions.minZoom}
        maxZoom={1.75}
        snapToGrid
        snapGrid={[10, 10]}
        connectionRadius={28}
        proOptions={{ hideAttribution: true }}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#c9cfdb" />
        <Controls showInteractive={false} position="bottom-left" />
        <MiniMap pannable zoomable position="bottom-right" className="kt-minimap" nodeBorderRadius={6} style={{ width: 150, height: 100 }} />
        {document.nodes.length === 0 && !readOnly && (
          <div className="kt-canvas__empty" data-testid="canvas-empty">
            <strong>{t('Start with a trigger')}</strong>
            <span>{t('Drag “Bank line imported” from the left onto the canvas — it decides when this automation runs.')}</span>
            <span>{t('Or paste steps copied from another automation (Ctrl+V), import a JSON file, or drop one here. Press ? for all shortcuts.')}</span>
          </div>
        )}
      </ReactFlow>
    </div>
  );
}
