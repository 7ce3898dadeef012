import { Handle, Position, type NodeProps, type NodeTypes } from '@xyflow/react';
import { memo, useMemo } from 'react';
import { descriptorOf, nodeDescriptors, type NodeType } from '../../shared/nodes/index.ts';
import { useReferenceData } from '../api/use-api.ts';
import type { CardNode } from '../graph/mapping.ts';
import { nodePorts } from '../graph/ports.ts';
import { Icon } from './icons.tsx';
import { cardSpecOf, configRecord } from './registry.ts';
import { nodeLabel, outputLabel, t } from '../i18n/i18n.ts';


function IssueBadge({ issues }: { issues: CardNode['data']['issues'] }) {
  if (issues.length === 0) return null;
  const errors = issues.filter((i) => i.severity === 'error');
  const severity = errors.length ? 'error' : 'warning';
  const shown = errors.length ? errors : issues;
  return (
    <span className={`kt-badge kt-badge--${severity}`} data-testid="node-issue-badge" data-severity={severity}
      title={shown.map((i) => i.message).join('\n')}>
      {severity === 'error' ? '!' : '⚠'} {shown.length}
    </span>
  );
}

/** The card of a known node type: icon, type label, name, one-line summary, ports. */
function NodeCardView({ id, data, selected }: NodeProps<CardNode>) {
  const { node, issues, trace, traceBranch } = data;
  const descriptor = descriptorOf(node.type)!;
  const spec = cardSpecOf(node.type);
  const accounts = useReferenceData((s) => s.accounts);
  const accountMap = useMemo(() => new Map((accounts ?? []).map((a) => [a.number, a])), [accounts]);
  const summary = spec.summary(configRecord(node.config), { accounts: accountMap });
  const errors = issues.some((i) => i.severity === 'error');
  const warnings = !errors && issues.length > 0;
  const classes = ['kt-card', `kt-card--${descriptor.kind}`, `kt-card--${descriptor.category.toLowerCase()}`,
    selected ? 'is-selected' : '', errors ? 'has-errors' : '', warnings ? 'has-warnings' : '',
    trace ? `is-trace-${trace}` : ''].filter(Boolean).join(' ');
  return (
    <div className={classes} data-testid={`node-${id}`} data-node-type={node.type}>
      {descriptor.kind !== 'trigger' && (
        <Handle type="target" position={Position.Left} className="kt-handle kt-handle--in" data-testid={`handle-${id}-in`} />
      )}
      <div className="kt-card__head">
        <span className="kt-card__icon"><Icon name={spec.icon} size={15} /></span>
        <span className="kt-card__type">{descriptor.kind === 'trigger' ? t('Trigger') : nodeLabel(node.type, descriptor.label)}</span>
        <IssueBadge issues={issues} />
      </div>
      <div className="kt-card__name">{node.name || nodeLabel(node.type, descriptor.label)}</div>
      <div className="kt-card__summary" title={summary}>{summary}</div>
      <div className="kt-card__ports">
        {nodePorts(node).map((port) => (
          <div key={port.id} className={`kt-port kt-port--${port.id} ${traceBranch === port.id ? 'is-taken' : ''}`}>
            <span className="kt-port__label">{outputLabel(node.type, port.id, port.label)}</span>
            <Handle type="source" position={Position.Right} id={port.id} className={`kt-handle kt-handle--${port.id}`}
              data-testid={`handle-${id}-${port.id}`} />
          </div>
        ))}
      </div>
    </div>
  );
}

/** A node whose type this designer does not know (e.g. from a newer version). */
function UnknownCardView({ id, data, selected }: NodeProps<CardNode>) {
  return (
    <div className={`kt-card kt-card--unknown has-errors ${selected ? 'is-selected' : ''}`} data-testid={`node-${id}`}>
      <Handle type="target" position={Position.Left} className="kt-handle kt-handle--in" />
      <div className="kt-card__head">
        <span className="kt-card__icon"><Icon name="question" size={15} /></span>
        <span className="kt-card__type">{t('Unknown type')}</span>
        <IssueBadge issues={data.issues} />
      </div>
      <div className="kt-card__name">{data.node.name || data.node.id}</div>
      <div className="kt-card__summary">{data.node.type}</div>
    </div>
  );
}

export const NodeCard = memo(NodeCardView);
const UnknownCard = memo(UnknownCardView);

/** React Flow node types: one per registered node type, plus "unknown". Stable (module level). */
export const nodeTypes: NodeTypes = {
  ...Object.fromEntries((Object.keys(nodeDescriptors) as NodeType[]).map((type) => [type, NodeCard])),
  unknown: UnknownCard,
};
