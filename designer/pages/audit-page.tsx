/** The audit log: who did what and when (append-only), filtered by kind of action, person and dates. */
import { useMemo } from 'react';
import { api } from '../api/client.ts';
import { actorOf, useCan, useSession } from '../api/session.ts';
import { useApi, useReferenceData } from '../api/use-api.ts';
import { describeActor, describeAuditAction, describeDetails, formatDateTime } from '../format.ts';
import { dayEndInstant, dayStartInstant } from '../ledger/periods.ts';
import { href, navigate, type AuditFilters } from '../router.ts';
import { DateRangeFields } from './parts.tsx';
import { msg, t } from '../i18n/i18n.ts';
import { auditTabs } from './originals-page.tsx';

const actionGroups: { prefix: string; label: string }[] = [
  { prefix: 'automation.', label: msg('Automations (saves, publications)') },
  { prefix: 'period.', label: msg('Periods (lock, unlock)') },
  { prefix: 'member.', label: msg('Members and roles') },
  { prefix: 'token.', label: msg('API tokens') },
  { prefix: 'settings.', label: msg('Segregation of duties') },
  { prefix: 'webhook.', label: msg('Webhook endpoints') },
  { prefix: 'sie.', label: msg('SIE imports') },
  { prefix: 'auth.', label: msg('Sign-ins') },
];

export function AuditPage({ filters }: { filters: AuditFilters }) {
  const me = useSession((s) => s.me);
  const can = useCan();
  const self = actorOf(me);
  const members = useApi(() => (can('admin') ? api.members() : Promise.resolve([])), `audit-members:${can('admin')}`);
  const automations = useReferenceData((s) => s.automations);
  const automationNames = useMemo(() => new Map((automations ?? []).map((a) => [a.id, a.name])), [automations]);
  const key = JSON.stringify(filters);
  const events = useApi(() => api.audit({
    action: filters.action, actor: filters.actor, limit: 500,
    from: filters.from ? dayStartInstant(filters.from) : undefined, to: filters.to ? dayEndInstant(filters.to) : undefined,
  }), `audit:${key}`);
  // Names: the server says who each actor is (people by name, tokens by name); members fill in the rest for admins.
  const names = useMemo(() => new Map<string, string>([
    ...(members.data ?? []).map((m) => [`user:${m.userId}`, m.name] as [string, string]),
    ...(events.data ?? []).filter((e) => e.actorName !== e.actor).map((e) => [e.actor, e.actorName] as [string, string]),
  ]), [members.data, events.data]);
  // People to filter by: members (for admins), yourself, and whoever appears in what is shown.
  const actors = useMemo(() => {
    const all = new Set<string>([...names.keys(), ...(self ? [self] : []), ...(events.data ?? []).map((e) => e.actor), ...(filters.actor ? [filters.actor] : [])]);
    return [...all].map((actor) => ({ actor, label: describeActor(actor, { self, names }) })).sort((a, b) => a.label.localeCompare(b.label, 'sv'));
  }, [names, self, events.data, filters.actor]);
  const set = (patch: Partial<AuditFilters>) => navigate({ page: 'audit', ...filters, ...patch });
  const subject = (value: string) => {
    const [kind, ...rest] = value.split(':');
    const id = rest.join(':');
    if (kind === 'period') return t('Period {period}', { period: id });
    if (kind === 'user' || kind === 'token') return describeActor(value, { self, names });
    if (kind === 'company') return t('Company {id}', { id });
    if (kind === 'automation') return <a href={href({ page: 'automation', id })}>{automationNames.get(id) ?? id}</a>;
    if (kind === 'email') return id;
    return value;
  };
  const filtered = !!(filters.action || filters.actor || filters.from || filters.to);
  return (
    <div className="kt-page kt-page--wide" data-testid="audit-page">
      <header className="kt-page__header">
        <div>
          <h1>{t('Audit log')}</h1>
          <p className="kt-page__lead">{t('Every sensitive act, with who did it and when. Entries are never changed or removed.')}</p>
        </div>
        <button type="button" className="kt-button" onClick={events.reload}>{t('Refresh')}</button>
      </header>
      {auditTabs('log')}
      <div className="kt-filters" role="group" aria-label={t('Filter the audit log')}>
        <div className="kt-filters__field">
          <label className="kt-field__label" htmlFor="audit-action">{t('What')}</label>
          <select id="audit-action" className="kt-input kt-select" value={filters.action ?? ''} data-testid="audit-action" onChange={(e) => set({ action: e.target.value || undefined })}>
            <option value="">{t('Everything')}</option>
            {actionGroups.map((g) => <option key={g.prefix} value={g.prefix}>{t(g.label)}</option>)}
            {filters.action && !actionGroups.some((g) => g.prefix === filters.action) && <option value={filters.action}>{filters.action}…</option>}
          </select>
        </div>
        <div className="kt-filters__field">
          <label className="kt-field__label" htmlFor="audit-actor">{t('Who')}</label>
          <select id="audit-actor" className="kt-input kt-select" value={filters.actor ?? ''} data-testid="audit-actor" onChange={(e) => set({ actor: e.target.value || undefined })}>
            <option value="">{t('Anyone')}</option>
            {actors.map((a) => <option key={a.actor} value={a.actor}>{a.label}</option>)}
          </select>
        </div>
        <DateRangeFields idPrefix="audit" from={filters.from} to={filters.to} onChange={set} />
        {filtered && <button type="button" className="kt-button kt-button--ghost kt-filters__clear" onClick={() => navigate({ page: 'audit' })}>{t('Clear filters')}</button>}
      </div>
      {events.error && <div className="kt-empty kt-empty--error" role="alert">{t('Could not load the audit log: {error}', { error: events.error.message })}</div>}
      {events.loading && !events.data && <div className="kt-loading">{t('Loading…')}</div>}
      {events.data && events.data.length === 0 && <div className="kt-empty">{filtered ? <>{t('Nothing matches these filters —')} <a href={href({ page: 'audit' })}>{t('clear filters')}</a>.</> : t('Nothing recorded yet. Publishing an automation, posting a voucher or changing access is recorded here.')}</div>}
      {events.data && events.data.length > 0 && (
        <table className="kt-table" data-testid="audit-table">
          <thead><tr><th>{t('When')}</th><th>{t('Who')}</th><th>{t('Action')}</th><th>{t('Subject')}</th><th>{t('Details')}</th></tr></thead>
          <tbody>
            {events.data.map((event) => (
              <tr key={event.id} data-testid="audit-row" data-action={event.action}>
                <td className="kt-nowrap">{formatDateTime(event.at)}</td>
                <td><span title={event.actor}>{describeActor(event.actor, { self, names })}</span></td>
                <td><span className="kt-table__primary">{describeAuditAction(event.action)}</span><div className="kt-table__secondary kt-mono">{event.action}</div></td>
                <td title={event.subject}>{subject(event.subject)}</td>
                <td className="kt-audit__details" data-testid="audit-details">{describeDetails(event.details, { self, names })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {events.data && events.data.length >= 500 && <p className="kt-muted kt-footnote">{t('Showing the newest 500 entries; narrow the dates to see older ones.')}</p>}
    </div>
  );
}
