import { Background, BackgroundVariant, MarkerType, ReactFlow, ReactFlowProvider, useEdgesState, useNodesState } from '@xyflow/react';
import { useEffect } from 'react';
import type { TraceStep } from '../../shared/api.ts';
import type { AutomationDocument } from '../../shared/automation/schema.ts';
import { descriptorOf } from '../../shared/nodes/index.ts';
import { toFlowEdges, toFlowNodes, type CardNode, type FlowEdge } from '../graph/mapping.ts';
import { nodePorts } from '../graph/ports.ts';
import { nodeTypes } from '../nodes/node-card.tsx';
import { formatDuration } from '../format.ts';
import { t } from '../i18n/i18n.ts';

/** The automation as it ran, read-only, with the path the run took highlighted. */
export function TraceGraph({ document, trace }: { document: AutomationDocument; trace: TraceStep[] }) {
  const [nodes, setNodes, onNodesChange] = useNodesState<CardNode>([]);
  const [edges, setEdges, onEdgesChange] = useEdgesState<FlowEdge>([]);
  useEffect(() => {
    setNodes(toFlowNodes(document, { trace, readOnly: true }));
    setEdges(toFlowEdges(document, { trace, readOnly: true }));
  }, [document, trace, setNodes, setEdges]);
  return (
    <div className="kt-trace-graph" data-testid="trace-graph">
      <ReactFlowProvider>
        <ReactFlow<CardNode, FlowEdge> nodes={nodes} edges={edges} nodeTypes={nodeTypes} onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange} nodesDraggable={false} nodesConnectable={false} elementsSelectable={false}
          deleteKeyCode={null} fitView fitViewOptions={{ padding: 0.2, maxZoom: 1 }} proOptions={{ hideAttribution: true }}
          defaultEdgeOptions={{ markerEnd: { type: MarkerType.ArrowClosed, width: 10, height: 10, color: '#98a2b3' } }}>
          <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#d5dae4" />
        </ReactFlow>
      </ReactFlowProvider>
    </div>
  );
}

function Json({ value }: { value: unknown }) {
  if (value === undefined) return null;
  return <pre className="kt-json">{JSON.stringify(value, null, 2)}</pre>;
}

/** The steps of a run, in order: node, branch taken, output or error, time. */
export function RunTrace({ trace, document }: { trace: TraceStep[]; document: AutomationDocument | null }) {
  if (trace.length === 0) return <p className="kt-muted">{t('The run recorded no steps.')}</p>;
  return (
    <ol className="kt-steps" data-testid="run-trace">
      {trace.map((step, index) => {
        const node = document?.nodes.find((n) => n.id === step.nodeId);
        const descriptor = descriptorOf(step.nodeType);
        const port = (node ? nodePorts(node) : descriptor?.outputs ?? []).find((p) => p.id === step.branch);
        return (
          <li key={index} className={`kt-step ${step.error ? 'kt-step--failed' : ''}`} data-testid="trace-step" data-node-id={step.nodeId}>
            <div className="kt-step__head">
              <span className="kt-step__index">{index + 1}</span>
              <span className="kt-step__name">{node?.name || step.nodeId}</span>
              <span className="kt-step__type">{descriptor?.label ?? step.nodeType}</span>
              {step.branch && <span className={`kt-chip kt-chip--branch kt-chip--${step.branch}`}>→ {port?.label ?? step.branch}</span>}
              <span className="kt-step__duration">{formatDuration(step.durationMs)}</span>
            </div>
            {step.error && <p className="kt-step__error"><code>{step.error.code}</code> {step.error.message}</p>}
            {step.output !== undefined && step.output !== null && (
              <details className="kt-step__details"><summary>{t('Output')}</summary><Json value={step.output} /></details>
            )}
          </li>
        );
      })}
    </ol>
  );
}
