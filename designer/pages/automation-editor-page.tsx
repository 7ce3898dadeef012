import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { PriorityTieChip } from '../panels/priority-tie-note.tsx';
import type { AutomationDetail, AutomationSummary } from '../../shared/api.ts';
import type { AutomationDocument, ValidationIssue } from '../../shared/automation/schema.ts';
import { validateAutomation } from '../../shared/automation/validate.ts';
import { descriptorOf } from '../../shared/nodes/index.ts';
import { api, ApiRequestError } from '../api/client.ts';
import { actorOf, useCan, useSession } from '../api/session.ts';
import { useReferenceData } from '../api/use-api.ts';
import { useMasterData, validationContextOf } from '../api/master-data.ts';
import { Canvas, fitGraphOptions } from '../graph/canvas.tsx';
import { comparisonView, diffDocuments } from '../graph/diff.ts';
import { designerStore, isDirty, useDesigner } from '../graph/store.ts';
import { Icon } from '../nodes/icons.tsx';
import type { FormContext } from '../nodes/widgets/types.ts';
import { Inspector } from '../panels/inspector.tsx';
import { IssuesList } from '../panels/issues-list.tsx';
import { CanvasToolStrip, useCanvasCommands } from '../panels/canvas-tools.tsx';
import { Palette, paletteSearchId } from '../panels/palette.tsx';
import { RunNowDialog } from '../panels/run-now-dialog.tsx';
import { TestPanel, useDraftTest } from '../panels/test-panel.tsx';
import { BacktestPanel } from '../panels/backtest-panel.tsx';
import { describeEvent } from '../panels/test-run.ts';
import { VersionsPanel, type VersionView } from '../panels/versions-panel.tsx';
import { describeActor, formatDateTime } from '../format.ts';
import { guardLeaving, href, navigate } from '../router.ts';
import { msg, plural, t, useLanguage } from '../i18n/i18n.ts';

/** The test banner's outcome in words ("posted", "bokförd"); a status without a label as written. */
const testedStatus: Record<string, string> = {
  posted: msg('test outcome::posted'), no_match: msg('test outcome::no match'), flagged: msg('test outcome::flagged for review'),
  failed: msg('test outcome::failed'), dry_run: msg('test outcome::dry run'),
};
function testedStatusText(status: string): string {
  const label = testedStatus[status];
  return label ? t(label) : status;
}

type Notice = { kind: 'success' | 'error' | 'info'; text: string } | null;

/** Issues a refused publish returned (path is a string there) as designer issues. */
function serverIssuesOf(error: ApiRequestError): ValidationIssue[] {
  return (error.body?.issues ?? []).map((issue) => ({
    severity: 'error' as const, code: issue.code ?? 'publish_refused', message: issue.message, path: [], nodeId: issue.nodeId,
  }));
}

/** The event of the test in short ("AVGIFT BANKGIRO, −25,00 kr, 2026-11-30"). */
function describeTestedEvent(text: string): string {
  try { return describeEvent(JSON.parse(text) as Record<string, unknown>) || 'the event'; } catch { return 'the event'; }
}

/**
 * Whether a panel of the editor is open, remembered in localStorage across
 * automations and visits; `initial` decides until the user toggles it.
 */
function usePanelOpen(key: string, initial: () => boolean): [boolean, (open: boolean) => void] {
  const [open, setOpen] = useState(() => {
    try {
      const stored = window.localStorage.getItem(key);
      if (stored === 'open' || stored === 'closed') return stored === 'open';
    } catch { /* storage unavailable: the default */ }
    return initial();
  });
  const set = useCallback((next: boolean) => {
    setOpen(next);
    try { window.localStorage.setItem(key, next ? 'open' : 'closed'); } catch { /* not remembered */ }
  }, [key]);
  return [open, set];
}

/** Below this window width the palette starts collapsed, so the canvas keeps its room. */
const widePaletteWidth = 1400;

function EditorWorkspace({ summary, onSummary, published }: {
  summary: AutomationSummary | null; onSummary(summary: AutomationSummary, published?: AutomationDetail['published']): void; published: AutomationDetail['published'];
}) {
  const document = useDesigner((s) => s.document)!;
  const serverIssues = useDesigner((s) => s.serverIssues);
  const dirty = useDesigner(isDirty);
  const accounts = useReferenceData((s) => s.accounts);
  const { fitView } = useReactFlow();
  const [busy, setBusy] = useState<'saving' | 'publishing' | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [showIssues, setShowIssues] = useState(false);
  const [runningNow, setRunningNow] = useState(false);
  const [side, setSide] = useState<'inspector' | 'test' | 'versions' | 'backtest'>('inspector');
  const [paletteOpen, setPaletteOpen] = usePanelOpen('kontera.editor.palette', () => window.innerWidth >= widePaletteWidth);
  const [sideOpen, setSideOpen] = usePanelOpen('kontera.editor.side', () => true);
  const showSide = useCallback((tab: 'inspector' | 'test' | 'versions' | 'backtest') => { setSide(tab); setSideOpen(true); }, [setSideOpen]);
  const showVersions = side === 'versions';
  const [view, setView] = useState<VersionView>({ kind: 'draft' });
  const [historyKey, setHistoryKey] = useState(0);
  const can = useCan();
  const canEdit = can('automations:edit');
  const canPublish = can('automations:publish');
  const paletteShown = canEdit && view.kind === 'draft';
  const noticeTimer = useRef<ReturnType<typeof setTimeout>>(undefined);

  const say = useCallback((next: Notice, ms = 5000) => {
    setNotice(next);
    clearTimeout(noticeTimer.current);
    if (next && next.kind !== 'error') noticeTimer.current = setTimeout(() => setNotice(null), ms);
  }, []);

  // Validate as the user draws, with the same validator the runtime uses.
  const accountMap = useMemo(() => accounts ? new Map(accounts.map((a) => [a.number, { active: a.active }])) : undefined, [accounts]);
  // The company's master data (loaded once per page): series, VAT codes, objects, parties — checked as you type, as on save.
  const masterData = useMasterData((s) => s.data);
  useEffect(() => { void useMasterData.getState().load(); }, []);
  const validationContext = useMemo(() => masterData ? validationContextOf(masterData) : { accounts: accountMap }, [masterData, accountMap]);
  const structure = useMemo(() => JSON.stringify({ ...document, nodes: document.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })) }), [document]);
  // Deferred: typing stays immediate at 300 steps; the issues follow when the browser is idle (npm run bench designer).
  const checkedStructure = useDeferredValue(structure);
  const language = useLanguage((s) => s.language);
  const localIssues = useMemo(() => {
    try {
      return validateAutomation(JSON.parse(checkedStructure), validationContext, language).issues;
    } catch (thrown) {
      return [{ severity: 'error' as const, code: 'validator_failed', message: (thrown as Error).message, path: [] }];
    }
  }, [checkedStructure, validationContext, language]);
  const issues = useMemo(() => [...localIssues, ...serverIssues], [localIssues, serverIssues]);
  const errorCount = issues.filter((i) => i.severity === 'error').length;
  const warningCount = issues.length - errorCount;

  const context: FormContext = useMemo(() => {
    const trigger = document.nodes.map((n) => descriptorOf(n.type)).find((d) => d?.kind === 'trigger');
    return { accounts: accounts ?? [], eventFields: trigger?.event?.fields ?? [], eventExample: trigger?.event?.example ?? null, readOnly: !canEdit };
  }, [document.nodes, accounts, canEdit]);

  // Testing the draft: the runtime's dry run on an event; the path it took is lit on the canvas.
  const test = useDraftTest(document);
  const tested = test.shown;

  // Selecting a node opens the right column (the inspector) if it was collapsed.
  const selectedCount = useDesigner((s) => s.selection.nodeIds.length);
  useEffect(() => { if (selectedCount > 0) setSideOpen(true); }, [selectedCount, setSideOpen]);

  // Opening or closing a panel resizes the canvas: fit the graph again.
  const panelsLaidOut = useRef(false);
  useEffect(() => {
    if (!panelsLaidOut.current) { panelsLaidOut.current = true; return; }
    const timer = setTimeout(() => void fitView({ ...fitGraphOptions, duration: 200 }), 80);
    return () => clearTimeout(timer);
  }, [paletteOpen, sideOpen, fitView]);

  const selectNode = useCallback((nodeId: string) => {
    designerStore.getState().selectNode(nodeId);
    void fitView({ nodes: [{ id: nodeId }], duration: 300, maxZoom: 1, padding: 0.6 });
  }, [fitView]);

  const save = useCallback(async (): Promise<AutomationDocument | null> => {
    const current = designerStore.getState().document;
    if (!current || !canEdit) return null;
    setBusy('saving');
    try {
      const detail = await api.saveAutomation(current);
      designerStore.getState().markSaved(current);
      onSummary(detail.summary);
      const errors = detail.issues.filter((i) => i.severity === 'error').length;
      say({ kind: 'success', text: errors ? plural(errors, 'Draft saved — {count} error to fix before publishing', 'Draft saved — {count} errors to fix before publishing') : t('Draft saved') });
      void useReferenceData.getState().loadAutomations();
      return current;
    } catch (error) {
      say({ kind: 'error', text: t('Could not save: {error}', { error: (error as Error).message }) });
      return null;
    } finally {
      setBusy(null);
    }
  }, [onSummary, say, canEdit]);

  const publish = useCallback(async () => {
    if (isDirty(designerStore.getState()) && !(await save())) return;
    const current = designerStore.getState().document!;
    setBusy('publishing');
    try {
      const result = await api.publishAutomation(current.id);
      if (result.status === 'pending_approval') {
        say({ kind: 'info', text: t('Waiting for approval: {message}', { message: result.message }) }, 12000);
      } else {
        say({ kind: 'success', text: t('Published as version {version}. New events now run it.', { version: result.version }) }, 8000);
      }
      const detail = await api.automation(current.id);
      onSummary(detail.summary, detail.published);
      if (!isDirty(designerStore.getState())) designerStore.getState().load(detail.draft);
      setHistoryKey((k) => k + 1);
      void useReferenceData.getState().loadAutomations();
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 422) {
        const refused = serverIssuesOf(error);
        designerStore.getState().setServerIssues(refused);
        setShowIssues(true);
        say({ kind: 'error', text: t('Not published: {error}', { error: error.message }) });
      } else {
        say({ kind: 'error', text: t('Could not publish: {error}', { error: (error as Error).message }) });
      }
    } finally {
      setBusy(null);
    }
  }, [save, say, onSummary]);

  const me = useSession((s) => s.me);
  // Approving needs "approve", and four-eyes: not the person who asked.
  const canApprove = !!summary?.pendingPublication && can('approve')
    && summary.pendingPublication.requestedBy !== actorOf(me);
  const approve = useCallback(async (requestId: string) => {
    const current = designerStore.getState().document!;
    setBusy('publishing');
    try {
      const result = await api.approvePublication(requestId);
      if (result.status === 'published') say({ kind: 'success', text: t('Approved and published as version {version}. New events now run it.', { version: result.version }) }, 8000);
      const detail = await api.automation(current.id);
      onSummary(detail.summary, detail.published);
      if (!isDirty(designerStore.getState())) designerStore.getState().load(detail.draft);
      setHistoryKey((k) => k + 1);
      void useReferenceData.getState().loadAutomations();
    } catch (error) {
      say({ kind: 'error', text: t('Could not approve: {error}', { error: (error as Error).message }) });
    } finally {
      setBusy(null);
    }
  }, [say, onSummary]);

  /** Rollback as a new draft: the version's document replaces the draft; publishing it is the usual publish. */
  const restore = useCallback(async (version: number) => {
    const current = designerStore.getState().document!;
    const lose = isDirty(designerStore.getState()) ? ` ${t('Your unsaved changes are lost.')}` : '';
    if (!window.confirm(t('Replace the draft with version {version}?{lose} Nothing is published until you publish the draft.', { version, lose }))) return;
    try {
      const detail = await api.restoreAutomationVersion(current.id, version);
      designerStore.getState().load(detail.draft);
      onSummary(detail.summary);
      setView({ kind: 'draft' });
      setHistoryKey((k) => k + 1);
      say({ kind: 'success', text: t('Version {version} restored as the draft. Publish it to put it back in force.', { version }) }, 8000);
      void useReferenceData.getState().loadAutomations();
    } catch (error) {
      say({ kind: 'error', text: t('Could not restore version {version}: {error}', { version, error: (error as Error).message }) });
    }
  }, [onSummary, say]);

  /** Pause (new events pass it by) or resume (events from now on run it; nothing missed is replayed). */
  const setPaused = useCallback(async (pause: boolean) => {
    const id = designerStore.getState().document!.id;
    setBusy('saving');
    try {
      const next = pause ? await api.pauseAutomation(id) : await api.resumeAutomation(id);
      onSummary(next);
      setHistoryKey((k) => k + 1);
      say({ kind: 'success', text: pause
        ? t('Paused: new events no longer run this automation. Nothing else changed.')
        : t('Resumed: events from now on run it. What arrived while it was paused is not replayed.') }, 8000);
      void useReferenceData.getState().loadAutomations();
    } catch (error) {
      say({ kind: 'error', text: pause ? t('Could not pause: {error}', { error: (error as Error).message }) : t('Could not resume: {error}', { error: (error as Error).message }) });
    } finally {
      setBusy(null);
    }
  }, [onSummary, say]);

  const deleteDraft = useCallback(async () => {
    const current = designerStore.getState().document!;
    if (!window.confirm(t('Delete “{name}”? It was never published; the deletion is recorded in the audit log.', { name: current.name }))) return;
    try {
      await api.deleteAutomationDraft(current.id);
      designerStore.getState().markSaved(designerStore.getState().document!); // nothing left to lose
      void useReferenceData.getState().loadAutomations();
      navigate({ page: 'automations' });
    } catch (error) {
      say({ kind: 'error', text: t('Could not delete: {error}', { error: (error as Error).message }) });
    }
  }, [say]);

  // The keyboard shortcuts (listed by "?") and the canvas's tools.
  const openSearch = useCallback(() => {
    if (!paletteShown) return;
    setPaletteOpen(true);
    setTimeout(() => window.document.getElementById(paletteSearchId)?.focus(), 0);
  }, [paletteShown, setPaletteOpen]);
  const saveNow = useCallback(() => void save(), [save]);
  const { commands, dialogs } = useCanvasCommands({ canEdit: canEdit && view.kind === 'draft', say, save: saveNow, openSearch });
  const hasSelection = useDesigner((s) => s.selection.nodeIds.length > 0);

  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => { if (isDirty(designerStore.getState())) event.preventDefault(); };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, []);

  // Leaving by the app's own links (nav, breadcrumb, Runs, Back) asks first while there are unsaved changes.
  useEffect(() => guardLeaving(() => (isDirty(designerStore.getState()) ? t('You have unsaved changes — leave without saving?') : null)), []);

  const pendingByMe = !!summary?.pendingPublication && summary.pendingPublication.requestedBy === actorOf(me);
  return (
    <div className="kt-editor" data-testid="automation-editor">
      <header className="kt-toolbar">
        <a className="kt-toolbar__back" href={href({ page: 'automations' })} aria-label={t('Back to automations')}>‹ {t('Automations')}</a>
        <div className="kt-toolbar__title">
          <input className="kt-toolbar__name" value={document.name} aria-label={t('Automation name')} data-testid="automation-name"
            readOnly={!canEdit} onChange={(e) => designerStore.getState().setName(e.target.value)} />
          <div className="kt-toolbar__meta">
            {summary?.publishedVersion
              ? <span className="kt-chip kt-chip--ok" data-testid="published-version">{t('Published v{version}', { version: summary.publishedVersion })}</span>
              : <span className="kt-chip" data-testid="published-version">{t('Not published')}</span>}
            {summary?.pendingPublication && (
              <span className="kt-chip kt-chip--info" data-testid="pending-publication"
                title={t('Asked by {who} {at}', { who: pendingByMe ? t('you') : summary.pendingPublication.requestedBy, at: formatDateTime(summary.pendingPublication.requestedAt) })}>
                {pendingByMe ? t('Awaiting approval by someone else') : t('Awaiting approval')}
              </span>
            )}
            {summary?.paused && (
              <span className="kt-chip kt-chip--attention" data-testid="paused-chip"
                title={t('Paused by {by} {at}: new events do not run it', { by: describeActor(summary.paused.by, { self: actorOf(me) }), at: formatDateTime(summary.paused.at) })}>
                {t('Paused')}
              </span>
            )}
            <PriorityTieChip document={document} />
            {!canEdit && <span className="kt-chip kt-chip--locked" data-testid="read-only" title={t('Your role can read automations but not change them')}>{t('Read only')}</span>}
            {dirty
              ? <span className="kt-chip kt-chip--attention" data-testid="unsaved">{t('Unsaved changes')}</span>
              : summary?.hasUnpublishedChanges && summary.publishedVersion
                ? <span className="kt-chip kt-chip--info" data-testid="draft-differs">{t('Draft differs from published')}</span>
                : null}
            {summary && <span className="kt-toolbar__updated">{t('Saved {at}', { at: formatDateTime(summary.updatedAt) })}</span>}
          </div>
        </div>
        <div className="kt-toolbar__status">
          <button type="button" data-testid="validation-status"
            className={`kt-status ${errorCount ? 'kt-status--error' : warningCount ? 'kt-status--warning' : 'kt-status--ok'}`}
            onClick={() => setShowIssues((v) => !v)} aria-expanded={showIssues}>
            {errorCount === 0 && warningCount === 0
              ? <><Icon name="check" size={14} /> {t('Ready to publish')}</>
              : <>
                  {errorCount > 0 && <span><span className="kt-dot kt-dot--error" /> {plural(errorCount, '{count} error', '{count} errors')}</span>}
                  {warningCount > 0 && <span><span className="kt-dot kt-dot--warning" /> {plural(warningCount, '{count} warning', '{count} warnings')}</span>}
                </>}
          </button>
          {showIssues && (
            <div className="kt-popover nokey" data-testid="issues-popover">
              <div className="kt-popover__head">
                <strong>{t('Problems')}</strong>
                <button type="button" className="kt-icon-button" aria-label={t('Close')} onClick={() => setShowIssues(false)}>×</button>
              </div>
              <IssuesList issues={issues} document={document} onSelectNode={(id) => { selectNode(id); setShowIssues(false); }} />
            </div>
          )}
        </div>
        <div className="kt-toolbar__actions">
          <button type="button" className="kt-button kt-button--ghost" data-testid="fit-view" onClick={() => void fitView({ ...fitGraphOptions, duration: 300 })}
            title={t('Fit the whole graph in view')}>{t('Fit')}</button>
          <a className="kt-button kt-button--ghost" href={href({ page: 'runs', automationId: document.id })}>{t('Runs')}</a>
          {canPublish && summary?.publishedVersion && (summary.paused
            ? <button type="button" className="kt-button" data-testid="resume" disabled={busy !== null} onClick={() => void setPaused(false)}
                title={t('Resume: events from now on run it (what arrived while paused is not replayed)')}>{t('Resume')}</button>
            : <button type="button" className="kt-button" data-testid="pause" disabled={busy !== null} onClick={() => void setPaused(true)}
                title={t('Pause: new events no longer run it, without a new version')}>{t('Pause')}</button>)}
          {can('events:write') && published && (
            <button type="button" className="kt-button" data-testid="run-now" onClick={() => setRunningNow(true)}
              title={t('Try published version {version} on an event or a stored bank line: a test run; posting for real asks first', { version: published.version })}>
              <Icon name="play" size={14} /> {t('Run now')}
            </button>
          )}
          <button type="button" className={`kt-button ${side === 'test' ? 'kt-button--active' : ''}`} data-testid="test-draft"
            onClick={() => { setView({ kind: 'draft' }); showSide('test'); }}
            title={t('Run this draft on an event you choose, with nothing posted: the path, each step, the vouchers it would post')}>
            <Icon name="play" size={14} /> {t('Test')}
          </button>
          <button type="button" className={`kt-button ${side === 'backtest' ? 'kt-button--active' : ''}`} data-testid="backtest-open"
            onClick={() => { setView({ kind: 'draft' }); showSide('backtest'); }}
            title={t('Backtest: run this version over a period\'s real events and compare with what was posted — nothing is written')}>
            {t('Backtest')}
          </button>
          {canEdit && (
            <button type="button" className="kt-button" data-testid="save" disabled={busy !== null} onClick={() => void save()}
              title={t('Save the draft (Ctrl+S)')}>
              {busy === 'saving' ? t('Saving…') : t('Save')}
            </button>
          )}
          {summary?.pendingPublication && canApprove && (
            <button type="button" className="kt-button kt-button--approve" data-testid="approve-publication" disabled={busy !== null}
              onClick={() => void approve(summary.pendingPublication!.requestId)} title={t('Four-eyes: approve what another person asked to publish')}>
              {t('Approve & publish')}
            </button>
          )}
          {canPublish && (
            <button type="button" className="kt-button kt-button--primary" data-testid="publish" disabled={busy !== null}
              onClick={() => void publish()} title={errorCount ? t('Fix the errors first') : t('Publish this draft as a new version')}>
              {busy === 'publishing' ? t('Publishing…') : t('Publish')}
            </button>
          )}
        </div>
      </header>
      {notice && (
        <div className={`kt-notice kt-notice--${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
          <span>{notice.text}</span>
          <button type="button" className="kt-icon-button" aria-label={t('Dismiss')} onClick={() => setNotice(null)}>×</button>
        </div>
      )}
      <div className={`kt-editor__body is-layout ${paletteShown ? (paletteOpen ? '' : 'is-palette-collapsed') : 'no-palette'} ${sideOpen ? '' : 'is-side-collapsed'} ${sideOpen && side === 'backtest' ? 'is-side-wide' : ''}`}
        data-testid="editor-body">
        {paletteShown && (
          <Palette open={paletteOpen} onToggle={() => setPaletteOpen(!paletteOpen)} onAdd={(type) => {
            const id = designerStore.getState().addNode(type);
            setTimeout(() => void fitView({ nodes: [{ id }], duration: 300, maxZoom: 1, padding: 0.6 }), 50);
          }} />
        )}
        {view.kind === 'draft'
          ? <Canvas key="draft" issues={issues} trace={tested?.result.trace} readOnly={!canEdit}
              tools={<CanvasToolStrip commands={commands} canEdit={canEdit} hasSelection={hasSelection} />}
              onDropFile={canEdit ? (file) => void commands.importFile(file) : undefined}
              banner={tested && (
                <div className={`kt-canvas__banner ${test.stale ? 'kt-canvas__banner--stale' : ''}`} data-testid="test-banner" role="status">
                  <strong>{t('Test')}</strong> ({test.stale ? t('the draft changed, testing again') : t('nothing posted')}): {describeTestedEvent(test.eventText)} — {tested.result.reason ?? testedStatusText(tested.result.status)}
                </div>
              )} />
          : <Canvas key={view.kind === 'version' ? `v${view.version.version}` : `compare:${view.fromLabel}:${view.toLabel}`} issues={[]}
              shown={view.kind === 'version' ? view.version.document : view.document} diff={view.kind === 'compare' ? view.marks : undefined}
              banner={
                <div className="kt-canvas__banner kt-canvas__banner--version" data-testid="version-banner" role="status">
                  {view.kind === 'version'
                    ? <><strong>{t('Version {version}', { version: view.version.version })}</strong> {t('(read-only) — published by {by} {at}', { by: describeActor(view.version.publishedBy, { self: actorOf(me) }), at: formatDateTime(view.version.publishedAt) })}</>
                    : <><strong>{t('Comparing')}</strong> {view.fromLabel} → {view.toLabel}: <span className="kt-diff-badge kt-diff-badge--added">{t('added')}</span>{' '}
                        <span className="kt-diff-badge kt-diff-badge--removed">{t('removed')}</span> <span className="kt-diff-badge kt-diff-badge--changed">{t('changed')}</span></>}
                  {' '}<button type="button" className="kt-link" data-testid="banner-back-to-draft" onClick={() => setView({ kind: 'draft' })}>{t('Back to the draft')}</button>
                </div>
              } />}
        {!sideOpen ? (
          <div className="kt-side kt-side--collapsed" data-testid="side">
            <button type="button" className="kt-rail-toggle" data-testid="side-toggle" aria-expanded={false} onClick={() => setSideOpen(true)}
              aria-label={t('Show the inspector, test and versions')} title={t('Show the inspector, test and versions')}>
              <span aria-hidden>«</span>
              <span className="kt-rail-toggle__label">{side === 'test' ? t('Test') : side === 'versions' ? t('Versions') : side === 'backtest' ? t('Backtest') : t('Inspector')}</span>
            </button>
          </div>
        ) : (
        <div className="kt-side" data-testid="side" id="kt-side-body">
          <div className="kt-side__tabs" role="tablist" aria-label={t('Side panel')}>
            <button type="button" role="tab" aria-selected={side === 'inspector'} className={`kt-side__tab ${side === 'inspector' ? 'is-active' : ''}`} data-testid="inspector-tab"
              onClick={() => { setSide('inspector'); setView({ kind: 'draft' }); }}>{t('Inspector')}</button>
            <button type="button" role="tab" aria-selected={side === 'test'} className={`kt-side__tab ${side === 'test' ? 'is-active' : ''}`} data-testid="test-tab"
              onClick={() => { setSide('test'); setView({ kind: 'draft' }); }} title={t('Test the draft on an event: nothing is posted')}>{t('Test')}</button>
            <button type="button" role="tab" aria-selected={side === 'backtest'} className={`kt-side__tab ${side === 'backtest' ? 'is-active' : ''}`} data-testid="backtest-tab"
              onClick={() => { setSide('backtest'); setView({ kind: 'draft' }); }} title={t('Backtest over a period\'s real events: nothing is written')}>{t('Backtest')}</button>
            <button type="button" role="tab" aria-selected={showVersions} className={`kt-side__tab ${showVersions ? 'is-active' : ''}`} data-testid="versions-toggle"
              onClick={() => setSide('versions')} title={t('History, view and compare versions, restore one as the draft')}>
              {t('Versions')}{summary?.publishedVersion ? ` (${summary.publishedVersion})` : ''}
            </button>
            <button type="button" className="kt-icon-button kt-side__collapse" data-testid="side-toggle" aria-expanded aria-controls="kt-side-body"
              onClick={() => setSideOpen(false)} aria-label={t('Hide the side panel')} title={t('Hide the side panel (more room for the canvas)')}>»</button>
          </div>
          {showVersions && summary
            ? <VersionsPanel summary={summary} draft={document} view={view} onView={setView} refreshKey={historyKey}
                canPublish={canPublish} canEdit={canEdit} onRestore={(v) => void restore(v)} onDelete={() => void deleteDraft()}
                onSelectNode={(id) => { designerStore.getState().selectNode(id); void fitView({ nodes: [{ id }], duration: 300, maxZoom: 1, padding: 0.6 }); }} />
            : side === 'backtest'
              ? <BacktestPanel automationId={document.id} summary={summary} dirty={dirty} canEdit={canEdit} canApprove={canApprove}
                  onCompare={published ? () => {
                    // The version diff on the canvas, beside the backtest: the version in force → the draft (what is asked to be published).
                    const diff = diffDocuments(published, document);
                    const { document: shown, marks } = comparisonView(published, document, diff);
                    setView({ kind: 'compare', fromLabel: t('version {version}', { version: published.version }), toLabel: t('the draft'), diff, document: shown, marks });
                  } : undefined} />
            : side === 'test'
              ? <TestPanel document={document} test={test} onSelectNode={selectNode} />
              : <Inspector document={document} issues={issues} context={context} onSelectNode={selectNode} readOnly={!canEdit} />}
        </div>
        )}
      </div>
      {dialogs}
      {runningNow && published && <RunNowDialog automationId={document.id} published={published} onClose={() => setRunningNow(false)} />}
    </div>
  );
}

export function AutomationEditorPage({ id }: { id: string }) {
  const [summary, setSummary] = useState<AutomationSummary | null>(null);
  const [published, setPublished] = useState<AutomationDetail['published']>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadedId, setLoadedId] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setLoadedId(null);
    setError(null);
    api.automation(id).then(
      (detail) => {
        if (!live) return;
        designerStore.getState().load(detail.draft);
        setSummary(detail.summary);
        setPublished(detail.published);
        setLoadedId(id);
      },
      (thrown: Error) => { if (live) setError(thrown.message); },
    );
    return () => { live = false; };
  }, [id]);

  if (error) {
    return (
      <div className="kt-page">
        <a href={href({ page: 'automations' })}>‹ {t('Automations')}</a>
        <div className="kt-empty kt-empty--error" role="alert">{t('Could not open “{id}”: {error}', { id, error })}</div>
      </div>
    );
  }
  if (loadedId !== id) return <div className="kt-page kt-loading">{t('Opening automation…')}</div>;
  return (
    <ReactFlowProvider>
      <EditorWorkspace summary={summary} published={published}
        onSummary={(next, nextPublished) => { setSummary(next); if (nextPublished !== undefined) setPublished(nextPublished); }} />
    </ReactFlowProvider>
  );
}
