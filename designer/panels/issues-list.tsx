import type { AutomationDocument, ValidationIssue } from '../../shared/automation/schema.ts';
import { t } from '../i18n/i18n.ts';

/** Validation issues, errors first; clicking one selects (and shows) its node. */
export function IssuesList({ issues, document, onSelectNode }: {
  issues: ValidationIssue[]; document: AutomationDocument; onSelectNode(nodeId: string): void;
}) {
  if (issues.length === 0) {
    return <p className="kt-issues__none" data-testid="issues-none">{t('No problems found. The automation can be published.')}</p>;
  }
  const sorted = [...issues].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  return (
    <ul className="kt-issues" data-testid="issues-list">
      {sorted.map((issue, index) => {
        const node = issue.nodeId ? document.nodes.find((n) => n.id === issue.nodeId) : undefined;
        const content = (
          <>
            <span className={`kt-dot kt-dot--${issue.severity}`} aria-label={issue.severity} />
            <span className="kt-issues__text">
              {node && <span className="kt-issues__node">{node.name || node.id}</span>}
              <span className="kt-issues__message">{issue.message}</span>
            </span>
          </>
        );
        return (
          <li key={index} data-testid="issue" data-severity={issue.severity} data-node-id={issue.nodeId ?? ''}>
            {node
              ? <button type="button" className="kt-issues__item" onClick={() => onSelectNode(node.id)}>{content}</button>
              : <div className="kt-issues__item">{content}</div>}
          </li>
        );
      })}
    </ul>
  );
}
