import type { AutomationDocument, ValidationIssue } from '../../shared/automation/schema.ts';
import { descriptorOf } from '../../shared/nodes/index.ts';
import { useDesigner } from '../graph/store.ts';
import { Icon } from '../nodes/icons.tsx';
import { cardSpecOf } from '../nodes/registry.ts';
import { SettingsForm } from '../nodes/settings-form.tsx';
import type { FormContext } from '../nodes/widgets/types.ts';
import { IssuesList } from './issues-list.tsx';
import { PriorityTieNote } from './priority-tie-note.tsx';
import { SchedulePreview } from './schedule-preview.tsx';
import { nodeDescription, nodeLabel, t } from '../i18n/i18n.ts';

export interface InspectorProps {
  document: AutomationDocument;
  issues: ValidationIssue[];
  context: FormContext;
  onSelectNode(nodeId: string): void;
  /** the person may not edit: settings are shown, not editable */
  readOnly?: boolean;
}

/** Right-hand panel: the selected node's settings, or the automation's overview. */
export function Inspector({ document, issues, context, onSelectNode, readOnly = false }: InspectorProps) {
  const selectedIds = useDesigner((s) => s.selection.nodeIds);
  const { renameNode, setConfigValue, deleteNodes, setName, setPriority } = useDesignerActions();
  const nodeIndex = selectedIds.length === 1 ? document.nodes.findIndex((n) => n.id === selectedIds[0]) : -1;
  const node = nodeIndex >= 0 ? document.nodes[nodeIndex] : undefined;

  if (!node) {
    return (
      <aside className="kt-inspector nokey" data-testid="inspector" aria-label={t('Automation')} data-read-only={readOnly}>
        {readOnly && <ReadOnlyBanner />}
        <div className="kt-inspector__section">
          <div className="kt-inspector__eyebrow">{t('Automation')}</div>
          <label className="kt-field__label" htmlFor="automation-name">{t('Name')}</label>
          <input id="automation-name" className="kt-input" value={document.name} data-testid="automation-name-input"
            readOnly={readOnly} onChange={(e) => setName(e.target.value)} />
          <p className="kt-field__help">{t('Id')} <code>{document.id}</code> · {t('draft version {version}', { version: document.version })}</p>
          <label className="kt-field__label" htmlFor="automation-priority">{t('Priority')}</label>
          <input id="automation-priority" className="kt-input kt-input--narrow" type="number" min={0} max={1000} step={1}
            value={document.priority ?? 100} data-testid="automation-priority-input" readOnly={readOnly}
            onChange={(e) => { const value = Number(e.target.value); if (Number.isInteger(value) && value >= 0 && value <= 1000) setPriority(value); }} />
          <p className="kt-field__help">{t('Lower runs first when automations share a trigger. A bank line is booked once: by the first automation that posts.')}</p>
          <PriorityTieNote document={document} />
        </div>
        <div className="kt-inspector__section">
          <h3 className="kt-inspector__heading">{t('Problems')}</h3>
          <IssuesList issues={issues} document={document} onSelectNode={onSelectNode} />
        </div>
        {!readOnly && <div className="kt-inspector__section kt-inspector__tips">
          <h3 className="kt-inspector__heading">{t('How to build')}</h3>
          <ol>
            <li>{t('Drag a trigger from the left onto the canvas.')}</li>
            <li>{t('Add conditions and actions, and connect an output (●) to the next step.')}</li>
            <li>{t('Select a step to edit its settings here.')}</li>
            <li>{t('Save, then Publish when there are no errors.')}</li>
          </ol>
        </div>}
      </aside>
    );
  }

  const descriptor = descriptorOf(node.type);
  const nodeIssues = issues.filter((i) => i.nodeId === node.id);
  const fieldKeys = new Set(descriptor?.form.map((f) => f.key) ?? []);
  const generalIssues = nodeIssues.filter((i) => !(i.path[2] === 'config' && fieldKeys.has(String(i.path[3]))));
  return (
    <aside className="kt-inspector nokey" data-testid="inspector" aria-label={t('Settings of {name}', { name: node.name })} data-read-only={readOnly}>
      {readOnly && <ReadOnlyBanner />}
      <div className="kt-inspector__section kt-inspector__header">
        <span className={`kt-inspector__icon kt-inspector__icon--${descriptor?.category.toLowerCase() ?? 'unknown'}`}>
          <Icon name={cardSpecOf(node.type).icon} size={18} />
        </span>
        <div>
          <div className="kt-inspector__eyebrow">{descriptor ? nodeLabel(node.type, descriptor.label) : t('Unknown type "{type}"', { type: node.type })}</div>
          <p className="kt-inspector__description">{descriptor ? nodeDescription(node.type, descriptor.description) : t('This designer does not know this node type.')}</p>
        </div>
      </div>
      <fieldset className="kt-fieldset" disabled={readOnly} data-testid="inspector-fields">
      <div className="kt-inspector__section">
        <label className="kt-field__label" htmlFor="node-name">{t('Name')}</label>
        <input id="node-name" className="kt-input" value={node.name} data-testid="node-name-input"
          placeholder={descriptor && nodeLabel(node.type, descriptor.label)} onChange={(e) => renameNode(node.id, e.target.value)} />
        {generalIssues.length > 0 && (
          <ul className="kt-node-issues" data-testid="node-issues">
            {generalIssues.map((issue, i) => (
              <li key={i} className={`kt-field__issue kt-field__issue--${issue.severity}`}>{issue.message}</li>
            ))}
          </ul>
        )}
      </div>
      {node.type === 'schedule' && (
        <div className="kt-inspector__section kt-inspector__section--preview">
          <SchedulePreview config={node.config} />
        </div>
      )}
      {descriptor && (
        <div className="kt-inspector__section">
          <SettingsForm node={node} descriptor={descriptor} issues={nodeIssues} nodeIndex={nodeIndex} context={context}
            onChange={(key, value) => setConfigValue(node.id, key, value)} />
        </div>
      )}
      </fieldset>
      {!readOnly && <div className="kt-inspector__section kt-inspector__footer">
        <button type="button" className="kt-button kt-button--danger-ghost" data-testid="delete-node"
          onClick={() => deleteNodes([node.id])}>
          <Icon name="trash" size={14} /> {t('Delete step')}
        </button>
        <span className="kt-muted">{t('or press Delete on the canvas')}</span>
      </div>}
    </aside>
  );
}

function useDesignerActions() {
  return {
    renameNode: useDesigner((s) => s.renameNode),
    setConfigValue: useDesigner((s) => s.setConfigValue),
    deleteNodes: useDesigner((s) => s.deleteNodes),
    setName: useDesigner((s) => s.setName),
    setPriority: useDesigner((s) => s.setPriority),
  };
}

function ReadOnlyBanner() {
  return (
    <div className="kt-inspector__readonly" data-testid="inspector-read-only" role="note">
      {t('Read only — your role can look at automations but not change them.')}
    </div>
  );
}
