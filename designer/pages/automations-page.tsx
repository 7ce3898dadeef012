import { useEffect, useState, type FormEvent } from 'react';
import { describePriorityTie } from '../../shared/automation/priority-ties.ts';
import type { AutomationTemplate } from '../graph/templates.ts';
import { descriptorOf } from '../../shared/nodes/index.ts';
import { api } from '../api/client.ts';
import { useCan } from '../api/session.ts';
import { useReferenceData } from '../api/use-api.ts';
import { emptyDocument, slugify, uniqueId } from '../graph/operations.ts';
import { Icon } from '../nodes/icons.tsx';
import { describeActor, formatDateTime } from '../format.ts';
import { href, navigate } from '../router.ts';

function NewAutomationDialog({ takenIds, onClose }: { takenIds: string[]; onClose(): void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Blank, or a copy of one of the examples (rules-examples/, bundled: loaded when the dialog opens).
  const [templates, setTemplates] = useState<AutomationTemplate[] | null>(null);
  const [templatesError, setTemplatesError] = useState<string | null>(null);
  const [templateId, setTemplateId] = useState('');
  useEffect(() => {
    let live = true;
    import('../graph/templates.ts').then(
      (module) => { if (live) setTemplates(module.automationTemplates); },
      (thrown: Error) => { if (live) setTemplatesError(thrown.message); },
    );
    return () => { live = false; };
  }, []);
  const template = templates?.find((t) => t.id === templateId) ?? null;
  const id = uniqueId(slugify(name) || 'automation', takenIds);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) { setError('Give the automation a name'); return; }
    setBusy(true);
    try {
      const { documentFromTemplate } = await import('../graph/templates.ts');
      await api.saveAutomation(template ? documentFromTemplate(template.document, id, name.trim()) : emptyDocument(id, name.trim()));
      void useReferenceData.getState().loadAutomations();
      navigate({ page: 'automation', id });
    } catch (thrown) {
      setError((thrown as Error).message);
      setBusy(false);
    }
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') onClose(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="kt-modal__backdrop" onMouseDown={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <form className="kt-modal" role="dialog" aria-modal="true" aria-labelledby="new-automation-title" onSubmit={submit}
        data-testid="new-automation-dialog">
        <h2 id="new-automation-title">New automation</h2>
        <p className="kt-muted">Name it after what it handles, e.g. “Bank fees” or “Interest income”.</p>
        <label className="kt-field__label" htmlFor="new-automation-name">Name</label>
        <input id="new-automation-name" className="kt-input" autoFocus value={name} data-testid="new-automation-name"
          onChange={(e) => { setName(e.target.value); setError(null); }} placeholder="My bank fees" />
        <p className="kt-field__help">Id: <code data-testid="new-automation-id">{id}</code></p>
        <div className="kt-field__label" id="new-automation-start">Start from</div>
        <div className="kt-template-list" role="radiogroup" aria-labelledby="new-automation-start" data-testid="template-list">
          <label className="kt-template" data-testid="template-blank">
            <input type="radio" name="template" checked={templateId === ''} onChange={() => setTemplateId('')} />
            <span><strong>Blank</strong></span>
            <span className="kt-template__description">An empty canvas: drag a trigger onto it.</span>
          </label>
          {templates?.map((t) => (
            <label key={t.id} className="kt-template" data-testid={`template-${t.id}`}>
              <input type="radio" name="template" checked={templateId === t.id}
                onChange={() => { setTemplateId(t.id); if (!name.trim()) setName(t.name); setError(null); }} />
              <span><strong>{t.name}</strong> <span className="kt-muted">· {t.trigger ?? 'no trigger'} · {t.nodeCount} steps</span></span>
              <span className="kt-template__description" title={t.description}>{t.description.length > 140 ? `${t.description.slice(0, 140)}…` : t.description}</span>
            </label>
          ))}
          {!templates && !templatesError && <span className="kt-muted">Loading the examples…</span>}
          {templatesError && <span className="kt-field__issue kt-field__issue--error">Could not load the examples: {templatesError}</span>}
        </div>
        {error && <p className="kt-field__issue kt-field__issue--error" role="alert">{error}</p>}
        <div className="kt-modal__actions">
          <button type="button" className="kt-button kt-button--ghost" onClick={onClose}>Cancel</button>
          <button type="submit" className="kt-button kt-button--primary" disabled={busy} data-testid="create-automation">
            {busy ? 'Creating…' : 'Create and open'}
          </button>
        </div>
      </form>
    </div>
  );
}

export function AutomationsPage() {
  const automations = useReferenceData((s) => s.automations);
  const error = useReferenceData((s) => s.error);
  const [creating, setCreating] = useState(false);
  const can = useCan();
  const [pauseError, setPauseError] = useState<string | null>(null);
  useEffect(() => { void useReferenceData.getState().loadAutomations(); }, []);
  const setPaused = async (id: string, pause: boolean) => {
    setPauseError(null);
    try {
      await (pause ? api.pauseAutomation(id) : api.resumeAutomation(id));
    } catch (thrown) {
      setPauseError(`Could not ${pause ? 'pause' : 'resume'} “${id}”: ${(thrown as Error).message}`);
    }
    void useReferenceData.getState().loadAutomations();
  };
  const sorted = [...(automations ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  return (
    <div className="kt-page" data-testid="automations-page">
      <header className="kt-page__header">
        <div>
          <h1>Automations</h1>
          <p className="kt-page__lead">Rules that handle events for you. Whatever no rule handles lands in Exceptions.</p>
        </div>
        {can('automations:edit') && (
          <button type="button" className="kt-button kt-button--primary" data-testid="new-automation" onClick={() => setCreating(true)}>
            <Icon name="plus" size={15} /> New automation
          </button>
        )}
      </header>
      {pauseError && <div className="kt-notice kt-notice--error" role="alert">{pauseError}</div>}
      {error && !automations && <div className="kt-empty kt-empty--error" role="alert">Could not load automations: {error}</div>}
      {!automations && !error && <div className="kt-loading">Loading…</div>}
      {automations && automations.length === 0 && (
        <div className="kt-empty" data-testid="automations-empty">No automations yet. Click “New automation” and start blank or from an example (bank fees, interest, customer payments…); once published, it books bank lines, supplier invoices or webhooks as they arrive.</div>
      )}
      {sorted.length > 0 && (
        <table className="kt-table" data-testid="automations-table">
          <thead>
            <tr><th>Name</th><th>Trigger</th><th>Published</th><th>Draft</th><th>Last saved</th><th /></tr>
          </thead>
          <tbody>
            {sorted.map((automation) => (
              <tr key={automation.id} data-testid={`automation-row-${automation.id}`}>
                <td>
                  <a className="kt-table__primary" href={href({ page: 'automation', id: automation.id })}>{automation.name}</a>
                  {automation.description && <div className="kt-table__secondary">{automation.description}</div>}
                </td>
                <td>{automation.triggerType ? descriptorOf(automation.triggerType)?.label ?? automation.triggerType : <span className="kt-muted">None yet</span>}</td>
                <td>{automation.publishedVersion
                  ? <span className="kt-chip kt-chip--ok">v{automation.publishedVersion}</span>
                  : <span className="kt-chip">Not published</span>}
                  {automation.pendingPublication && <span className="kt-chip kt-chip--info kt-chip--spaced">Awaiting approval</span>}
                  {automation.paused && (
                    <span className="kt-chip kt-chip--attention kt-chip--spaced" data-testid={`paused-${automation.id}`}
                      title={`Paused ${formatDateTime(automation.paused.at)} by ${describeActor(automation.paused.by)}: new events do not run it`}>Paused</span>
                  )}
                  {automation.priority != null && (automation.priorityTies ?? []).length > 0 && (
                    <div className="kt-field__issue kt-field__issue--warning kt-tie-warning" role="note" data-testid={`priority-tie-${automation.id}`}
                      title={describePriorityTie(automation.id, automation.priority, automation.priorityTies!)}>
                      ⚠ Ties with {automation.priorityTies!.map((t) => `"${t.name}"`).join(', ')} at priority {automation.priority}: the id decides which runs first
                    </div>
                  )}</td>
                <td>{automation.hasUnpublishedChanges
                  ? <span className="kt-chip kt-chip--attention">Unpublished changes</span>
                  : <span className="kt-muted">Up to date</span>}</td>
                <td className="kt-nowrap">{formatDateTime(automation.updatedAt)}</td>
                <td className="kt-table__actions">
                  <a className="kt-link" href={href({ page: 'runs', automationId: automation.id })}>Runs</a>
                  {can('automations:publish') && automation.publishedVersion !== null && (
                    <button type="button" className="kt-button kt-button--small kt-button--ghost" data-testid={`${automation.paused ? 'resume' : 'pause'}-${automation.id}`}
                      title={automation.paused ? 'Resume: events from now on run it' : 'Pause: new events no longer run it (no new version)'}
                      onClick={() => void setPaused(automation.id, !automation.paused)}>
                      {automation.paused ? 'Resume' : 'Pause'}
                    </button>
                  )}
                  <a className="kt-button kt-button--small" href={href({ page: 'automation', id: automation.id })}>Open</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {creating && <NewAutomationDialog takenIds={(automations ?? []).map((a) => a.id)} onClose={() => setCreating(false)} />}
    </div>
  );
}
