/**
 * The Versions panel of the automation editor: the published versions with
 * who and when, opening one read-only on the canvas, comparing two (or one
 * with the draft) with the differences highlighted on the canvas and listed
 * here, restoring one as the draft, and deleting a draft never published.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AutomationHistory, AutomationSummary, AutomationVersion } from '../../shared/api.ts';
import type { AutomationDocument } from '../../shared/automation/schema.ts';
import { descriptorOf } from '../../shared/nodes/index.ts';
import { api } from '../api/client.ts';
import { actorOf, useSession } from '../api/session.ts';
import { describeActor, formatDateTime } from '../format.ts';
import { comparisonView, diffDocuments, formatDiffValue, type DiffMarks, type DocumentDiff } from '../graph/diff.ts';
import { msg, plural, t } from '../i18n/i18n.ts';

/** What the canvas shows: the draft, one published version, or a comparison of two documents. */
export type VersionView =
  | { kind: 'draft' }
  | { kind: 'version'; version: AutomationVersion }
  | { kind: 'compare'; fromLabel: string; toLabel: string; diff: DocumentDiff; document: AutomationDocument; marks: DiffMarks };

/** "draft" or a version number, as a select value */
type Side = 'draft' | number;

const activityLabels: Record<string, string> = {
  'automation.save': msg('Draft saved'),
  'automation.publish': msg('Published'),
  'automation.publish_requested': msg('Publication asked for'),
  'automation.publish_approved': msg('Publication approved'),
  'automation.publish_rejected': msg('Publication rejected'),
  'automation.restore_as_draft': msg('Version restored as the draft'),
  'automation.pause': msg('Paused'),
  'automation.resume': msg('Resumed'),
};

const kindLabels: Record<string, string> = { added: msg('Added'), removed: msg('Removed'), changed: msg('Changed'), moved: msg('Moved') };

function sideLabel(side: Side): string {
  return side === 'draft' ? 'the draft' : `version ${side}`;
}

export interface VersionsPanelProps {
  summary: AutomationSummary;
  draft: AutomationDocument;
  view: VersionView;
  onView(view: VersionView): void;
  /** bumped by the editor after a publish, pause or restore: the history is read again */
  refreshKey: number;
  canPublish: boolean;
  canEdit: boolean;
  onRestore(version: number): void;
  onDelete(): void;
  onSelectNode(nodeId: string): void;
}

export function VersionsPanel({ summary, draft, view, onView, refreshKey, canPublish, canEdit, onRestore, onDelete, onSelectNode }: VersionsPanelProps) {
  const me = useSession((s) => s.me);
  const self = actorOf(me);
  const [history, setHistory] = useState<AutomationHistory | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [documents] = useState(() => new Map<number, AutomationVersion>());
  const [from, setFrom] = useState<Side | null>(null);
  const [to, setTo] = useState<Side>('draft');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    api.automationHistory(summary.id).then((loaded) => {
      if (!live) return;
      setHistory(loaded);
      setError(null);
      // Compare the version in force with the draft, or with the one before it.
      setFrom((current) => current ?? loaded.versions[0]?.version ?? null);
    }, (thrown: Error) => { if (live) setError(thrown.message); });
    return () => { live = false; };
  }, [summary.id, refreshKey]);

  const load = useCallback(async (version: number): Promise<AutomationVersion> => {
    const cached = documents.get(version);
    if (cached) return cached;
    const loaded = await api.automationVersion(summary.id, version);
    documents.set(version, loaded);
    return loaded;
  }, [documents, summary.id]);

  const documentOf = useCallback(async (side: Side): Promise<AutomationDocument> => (side === 'draft' ? draft : (await load(side)).document), [draft, load]);

  const open = async (version: number) => {
    setBusy(true);
    try {
      onView({ kind: 'version', version: await load(version) });
    } catch (thrown) {
      setError((thrown as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const compare = async () => {
    if (from === null) return;
    setBusy(true);
    try {
      const [before, after] = await Promise.all([documentOf(from), documentOf(to)]);
      const diff = diffDocuments(before, after);
      const { document, marks } = comparisonView(before, after, diff);
      onView({ kind: 'compare', fromLabel: sideLabel(from), toLabel: sideLabel(to), diff, document, marks });
    } catch (thrown) {
      setError((thrown as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const names = useMemo(() => new Map(Object.entries(history?.names ?? {})), [history]);
  const sides: Side[] = useMemo(() => ['draft', ...(history?.versions.map((v) => v.version) ?? [])], [history]);
  const neverPublished = summary.publishedVersion === null && (history?.versions.length ?? 0) === 0;

  return (
    <div className="kt-versions nokey" data-testid="versions-panel" aria-label={t('Versions')}>
      <div className="kt-inspector__section">
        {error && <p className="kt-field__issue kt-field__issue--error" role="alert">{error}</p>}
        {!history && !error && <p className="kt-muted">{t('Loading…')}</p>}
        {history && history.versions.length === 0 && (
          <div className="kt-versions__empty" data-testid="versions-empty">
            <p>{t('Not published yet: publish the draft to create version 1. Each publication is kept here, with who published it and when.')}</p>
            {neverPublished && canEdit && (
              <button type="button" className="kt-button kt-button--danger kt-button--small" data-testid="delete-draft" onClick={onDelete}
                title={t('Delete this automation: it was never published, so no run refers to it')}>
                {t('Delete draft')}
              </button>
            )}
          </div>
        )}
        {history && history.versions.length > 0 && (
          <ol className="kt-versions__list" data-testid="versions-list">
            {history.versions.map((v) => {
              const viewing = view.kind === 'version' && view.version.version === v.version;
              return (
                <li key={v.version} className={`kt-versions__item ${viewing ? 'is-viewing' : ''}`} data-testid={`version-${v.version}`}>
                  <div className="kt-versions__head">
                    <strong>{t('Version {version}', { version: v.version })}</strong>
                    {v.inForce && (summary.paused
                      ? <span className="kt-chip kt-chip--attention">{t('In force · paused')}</span>
                      : <span className="kt-chip kt-chip--ok">{t('In force')}</span>)}
                  </div>
                  <div className="kt-versions__meta">
                    {t('Published by {who}', { who: describeActor(v.publishedBy, { self, names }) })} · {formatDateTime(v.publishedAt)}
                  </div>
                  <div className="kt-versions__actions">
                    <button type="button" className="kt-button kt-button--small" disabled={busy} data-testid={`view-version-${v.version}`}
                      onClick={() => void open(v.version)}>{viewing ? t('Viewing') : t('View')}</button>
                    <button type="button" className="kt-button kt-button--small" disabled={busy} data-testid={`compare-version-${v.version}`}
                      onClick={() => { setFrom(v.version); setTo('draft'); globalThis.document?.getElementById('compare-to')?.focus(); }}
                      title={t('Compare this version with the draft or another version (choose below)')}>{t('Compare with…')}</button>
                    {canPublish && (
                      <button type="button" className="kt-button kt-button--small" disabled={busy} data-testid={`restore-version-${v.version}`}
                        onClick={() => onRestore(v.version)} title={t('Make this version\'s document the draft; publish it as usual to put it back in force')}>
                        {t('Restore as draft')}
                      </button>
                    )}
                  </div>
                </li>
              );
            })}
          </ol>
        )}
      </div>

      {history && history.versions.length > 0 && (
        <div className="kt-inspector__section" data-testid="compare-form">
          <h3 className="kt-inspector__heading">{t('Compare')}</h3>
          <div className="kt-versions__compare">
            <label className="kt-field__label" htmlFor="compare-from">{t('From')}</label>
            <select id="compare-from" className="kt-input" value={String(from ?? '')} data-testid="compare-from"
              onChange={(e) => setFrom(e.target.value === 'draft' ? 'draft' : Number(e.target.value))}>
              {sides.map((side) => <option key={String(side)} value={String(side)}>{side === 'draft' ? t('Draft') : t('Version {version}', { version: side })}</option>)}
            </select>
            <label className="kt-field__label" htmlFor="compare-to">{t('To')}</label>
            <select id="compare-to" className="kt-input" value={String(to)} data-testid="compare-to"
              onChange={(e) => setTo(e.target.value === 'draft' ? 'draft' : Number(e.target.value))}>
              {sides.map((side) => <option key={String(side)} value={String(side)}>{side === 'draft' ? t('Draft') : t('Version {version}', { version: side })}</option>)}
            </select>
          </div>
          <button type="button" className="kt-button kt-button--small" disabled={busy || from === null || from === to} data-testid="compare"
            onClick={() => void compare()}>{t('Compare')}</button>
        </div>
      )}

      {view.kind === 'compare' && <ChangeList view={view} onSelectNode={onSelectNode} />}

      {view.kind !== 'draft' && (
        <div className="kt-inspector__section">
          <button type="button" className="kt-button kt-button--small kt-button--ghost" data-testid="back-to-draft" onClick={() => onView({ kind: 'draft' })}>
            ‹ {t('Back to the draft')}
          </button>
        </div>
      )}

      {history && history.activity.length > 0 && (
        <div className="kt-inspector__section">
          <h3 className="kt-inspector__heading">{t('Activity')}</h3>
          <ul className="kt-versions__activity" data-testid="versions-activity">
            {history.activity.slice(0, 12).map((a, i) => (
              <li key={i}>
                <span>{t(activityLabels[a.action] ?? a.action)}{typeof a.details.version === 'number' && a.action === 'automation.publish' ? ` v${a.details.version}` : ''}
                  {typeof a.details.fromVersion === 'number' ? ` (v${a.details.fromVersion})` : ''}</span>
                <span className="kt-muted"> · {describeActor(a.actor, { self, names })} · {formatDateTime(a.at)}</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}

function ChangeList({ view, onSelectNode }: { view: Extract<VersionView, { kind: 'compare' }>; onSelectNode(nodeId: string): void }) {
  const { diff } = view;
  const shown = diff.nodes.filter((n) => n.kind !== 'moved');
  const moved = diff.nodes.length - shown.length;
  return (
    <div className="kt-inspector__section" data-testid="change-list">
      <h3 className="kt-inspector__heading">{t('From {from} to {to}', { from: view.fromLabel, to: view.toLabel })}</h3>
      {diff.same && <p className="kt-muted" data-testid="no-changes">{moved ? plural(moved, 'No differences a run would see ({count} node only moved).', 'No differences a run would see ({count} nodes only moved).') : t('No differences a run would see.')}</p>}
      {diff.fields.length > 0 && (
        <ul className="kt-versions__changes">
          {diff.fields.map((f) => (
            <li key={f.path}><span className="kt-chip kt-chip--info">Automation</span> {f.path}: <del>{formatDiffValue(f.before)}</del> → <ins>{formatDiffValue(f.after)}</ins></li>
          ))}
        </ul>
      )}
      {shown.length > 0 && (
        <ul className="kt-versions__changes">
          {shown.map((n) => (
            <li key={n.nodeId} data-testid={`change-${n.nodeId}`} className={`kt-versions__change kt-versions__change--${n.kind}`}>
              <button type="button" className="kt-link" onClick={() => onSelectNode(n.nodeId)}>
                <span className={`kt-diff-badge kt-diff-badge--${n.kind}`}>{t(kindLabels[n.kind])}</span>{' '}
                {n.name || n.nodeId} <span className="kt-muted">({descriptorOf(n.type)?.label ?? n.type})</span>
              </button>
              {n.changes.length > 0 && (
                <ul className="kt-versions__values">
                  {n.changes.map((c) => (
                    <li key={c.path}><code>{c.path}</code>: <del>{formatDiffValue(c.before)}</del> → <ins>{formatDiffValue(c.after)}</ins></li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      {diff.edges.length > 0 && (
        <p className="kt-muted" data-testid="edge-changes">
          Connections: {diff.edges.filter((e) => e.kind === 'added').length} added, {diff.edges.filter((e) => e.kind === 'removed').length} removed
        </p>
      )}
      {!diff.same && moved > 0 && <p className="kt-muted">{moved} node{moved === 1 ? '' : 's'} only moved.</p>}
    </div>
  );
}
