import { useEffect, useState, type FormEvent } from 'react';
import { describePriorityTie } from '../panels/priority-tie-note.tsx';
import type { AutomationTemplate } from '../graph/templates.ts';
import { descriptorOf } from '../../shared/nodes/index.ts';
import { api } from '../api/client.ts';
import { useCan } from '../api/session.ts';
import { useReferenceData } from '../api/use-api.ts';
import { emptyDocument, slugify, uniqueId } from '../graph/operations.ts';
import { Icon } from '../nodes/icons.tsx';
import { describeActor, formatDateTime } from '../format.ts';
import { href, navigate } from '../router.ts';
import { nodeLabel, t, useLanguage } from '../i18n/i18n.ts';
import { automationDescriptionIn, automationNameIn } from '../../shared/i18n/messages.ts';

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
      // the examples as the list shows them: their names and descriptions in the language shown while as shipped
      (module) => {
        if (!live) return;
        const language = useLanguage.getState().language;
        setTemplates(module.automationTemplates.map((template) => ({
          ...template, name: automationNameIn(language, template.id, template.name),
          description: automationDescriptionIn(language, template.id, template.description),
          trigger: template.triggerType && template.trigger ? nodeLabel(template.triggerType, template.trigger) : template.trigger,
        })).sort((a, b) => a.name.localeCompare(b.name, language)));
      },
      (thrown: Error) => { if (live) setTemplatesError(thrown.message); },
    );
    return () => { live = false; };
  }, []);
  const template = templates?.find((candidate) => candidate.id === templateId) ?? null;
  const id = uniqueId(slugify(name) || 'automation', takenIds);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) { setError(t('Give the automation a name')); return; }
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
        <h2 id="new-automation-title">{t('New automation')}</h2>
        <p className="kt-muted">{t('Name it after what it handles, e.g. “Bank fees” or “Interest income”.')}</p>
        <label className="kt-field__label" htmlFor="new-automation-name">{t('Name')}</label>
        <input id="new-automation-name" className="kt-input" autoFocus value={name} data-testid="new-automation-name"
          onChange={(e) => { setName(e.target.value); setError(null); }} placeholder={t('My bank fees')} />
        <p className="kt-field__help">{t('Id')}: <code data-testid="new-automation-id">{id}</code></p>
        <div className="kt-field__label" id="new-automation-start">{t('Start from')}</div>
        <div className="kt-template-list" role="radiogroup" aria-labelledby="new-automation-start" data-testid="template-list">
          <label className="kt-template" data-testid="template-blank">
            <input type="radio" name="template" checked={templateId === ''} onChange={() => setTemplateId('')} />
            <span><strong>{t('Blank')}</strong></span>
            <span className="kt-template__description">{t('An empty canvas: drag a trigger onto it.')}</span>
          </label>
          {templates?.map((template) => (
            <label key={template.id} className="kt-template" data-testid={`template-${template.id}`}>
              <input type="radio" name="template" checked={templateId === template.id}
                onChange={() => { setTemplateId(template.id); if (!name.trim()) setName(template.name); setError(null); }} />
              <span><strong>{template.name}</strong> <span className="kt-muted">· {template.trigger ?? t('no trigger')} · {t('{count} steps', { count: template.nodeCount })}</span></span>
              <span className="kt-template__description" title={template.description}>{template.description.length > 140 ? `${template.description.slice(0, 140)}…` : template.description}</span>
            </label>
          ))}
          {!templates && !templatesError && <span className="kt-muted">{t('Loading the examples…')}</span>}
          {templatesError && <span className="kt-field__issue kt-field__issue--error">{t('Could not load the examples: {error}', { error: templatesError })}</span>}
        </div>
        {error && <p className="kt-field__issue kt-field__issue--error" role="alert">{error}</p>}
        <div className="kt-modal__actions">
          <button type="button" className="kt-button kt-button--ghost" onClick={onClose}>{t('Cancel')}</button>
          <button type="submit" className="kt-button kt-button--primary" disabled={busy} data-testid="create-automation">
            {busy ? t('Creating…') : t('Create and open')}
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
      const params = { id, error: (thrown as Error).message };
      setPauseError(pause ? t('Could not pause “{id}”: {error}', params) : t('Could not resume “{id}”: {error}', params));
    }
    void useReferenceData.getState().loadAutomations();
  };
  const sorted = [...(automations ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'sv'));
  return (
    <div className="kt-page" data-testid="automations-page">
      <header className="kt-page__header">
        <div>
          <h1>{t('Automations')}</h1>
          <p className="kt-page__lead">{t('Rules that handle events for you. Whatever no rule handles lands in Exceptions.')}</p>
        </div>
        {can('automations:edit') && (
          <button type="button" className="kt-button kt-button--primary" data-testid="new-automation" onClick={() => setCreating(true)}>
            <Icon name="plus" size={15} /> {t('New automation')}
          </button>
        )}
      </header>
      {pauseError && <div className="kt-notice kt-notice--error" role="alert">{pauseError}</div>}
      {error && !automations && <div className="kt-empty kt-empty--error" role="alert">{t('Could not load automations: {error}', { error })}</div>}
      {!automations && !error && <div className="kt-loading">{t('Loading…')}</div>}
      {automations && automations.length === 0 && (
        <div className="kt-empty" data-testid="automations-empty">{t('No automations yet. Click “New automation” and start blank or from an example (bank fees, interest, customer payments…); once published, it books bank lines, supplier invoices or webhooks as they arrive.')}</div>
      )}
      {sorted.length > 0 && (
        <table className="kt-table" data-testid="automations-table">
          <thead>
            <tr><th>{t('Name')}</th><th>{t('Trigger')}</th><th>{t('Published')}</th><th>{t('Draft')}</th><th>{t('Last saved')}</th><th /></tr>
          </thead>
          <tbody>
            {sorted.map((automation) => (
              <tr key={automation.id} data-testid={`automation-row-${automation.id}`}>
                <td>
                  <a className="kt-table__primary" href={href({ page: 'automation', id: automation.id })}>{automation.name}</a>
                  {automation.description && <div className="kt-table__secondary">{automation.description}</div>}
                </td>
                <td>{automation.triggerType ? nodeLabel(automation.triggerType, descriptorOf(automation.triggerType)?.label ?? automation.triggerType) : <span className="kt-muted">{t('None yet')}</span>}</td>
                <td>{automation.publishedVersion
                  ? <span className="kt-chip kt-chip--ok">v{automation.publishedVersion}</span>
                  : <span className="kt-chip">{t('Not published')}</span>}
                  {automation.pendingPublication && <span className="kt-chip kt-chip--info kt-chip--spaced">{t('Awaiting approval')}</span>}
                  {automation.paused && (
                    <span className="kt-chip kt-chip--attention kt-chip--spaced" data-testid={`paused-${automation.id}`}
                      title={t('Paused {at} by {by}: new events do not run it', { at: formatDateTime(automation.paused.at), by: describeActor(automation.paused.by) })}>{t('Paused')}</span>
                  )}
                  {automation.priority != null && (automation.priorityTies ?? []).length > 0 && (
                    <div className="kt-field__issue kt-field__issue--warning kt-tie-warning" role="note" data-testid={`priority-tie-${automation.id}`}
                      title={describePriorityTie(automation.id, automation.priority, automation.priorityTies!)}>
                      ⚠ {t('Ties with {names} at priority {priority}: the id decides which runs first', { names: automation.priorityTies!.map((tie) => `"${tie.name}"`).join(', '), priority: automation.priority })}
                    </div>
                  )}</td>
                <td>{automation.hasUnpublishedChanges
                  ? <span className="kt-chip kt-chip--attention">{t('Unpublished changes')}</span>
                  : <span className="kt-muted">{t('Up to date')}</span>}</td>
                <td className="kt-nowrap">{formatDateTime(automation.updatedAt)}</td>
                <td className="kt-table__actions">
                  <a className="kt-link" href={href({ page: 'runs', automationId: automation.id })}>{t('Runs')}</a>
                  {can('automations:publish') && automation.publishedVersion !== null && (
                    <button type="button" className="kt-button kt-button--small kt-button--ghost" data-testid={`${automation.paused ? 'resume' : 'pause'}-${automation.id}`}
                      title={automation.paused ? t('Resume: events from now on run it') : t('Pause: new events no longer run it (no new version)')}
                      onClick={() => void setPaused(automation.id, !automation.paused)}>
                      {automation.paused ? t('Resume') : t('Pause')}
                    </button>
                  )}
                  <a className="kt-button kt-button--small" href={href({ page: 'automation', id: automation.id })}>{t('Open')}</a>
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
