/** Administration (admin only): members and roles, API tokens, segregation of duties, webhook endpoints. */
import { useState, type ReactNode } from 'react';
import { memberRoles, type ApiToken, type CreatedApiToken, type CreatedWebhookEndpoint, type DutySettings, type Member, type RotatedWebhookSecret, type WebhookEndpoint } from '../../shared/api.ts';
import { descriptorOf, triggerTypes } from '../../shared/nodes/index.ts';
import { api } from '../api/client.ts';
import { permissionLabels, permissionNames, type Permission } from '../api/permissions.ts';
import { actorOf, useCan, useSession } from '../api/session.ts';
import { useApi } from '../api/use-api.ts';
import { describeActor, formatDate, formatDateTime } from '../format.ts';
import type { AdminTab } from '../router.ts';
import { ConfirmDialog, ErrorLine, ReadOnlyNote, SecretOnce, SectionTabs, secretStorageText } from './parts.tsx';
import { msg, nodeLabel, t } from '../i18n/i18n.ts';

const roleHelp: Record<Member['role'], string> = {
  viewer: msg('Reads everything, changes nothing'),
  designer: msg('Edits automation drafts'),
  publisher: msg('Edits and publishes automations'),
  approver: msg('Approves publications and payments (four-eyes)'),
  admin: msg('Everything, including members, tokens and settings'),
};

function Panel({ title, lead, children, actions }: { title: string; lead?: ReactNode; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className="kt-card-panel">
      <div className="kt-card-panel__head">
        <div><h2>{title}</h2>{lead && <p className="kt-muted">{lead}</p>}</div>
        {actions}
      </div>
      {children}
    </section>
  );
}

function Members() {
  const members = useApi(api.members, 'members');
  const me = useSession((s) => s.me);
  const [form, setForm] = useState({ email: '', name: '', password: '', role: 'viewer' as Member['role'] });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [removing, setRemoving] = useState<Member | null>(null);
  const add = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.setMember({ email: form.email.trim(), role: form.role, name: form.name.trim() || undefined, password: form.password || undefined });
      setForm({ email: '', name: '', password: '', role: 'viewer' });
      members.reload();
    } catch (thrown) { setError(thrown); } finally { setBusy(false); }
  };
  const changeRole = async (member: Member, role: Member['role']) => {
    setError(null);
    try { await api.setMember({ email: member.email, role }); members.reload(); } catch (thrown) { setError(thrown); }
  };
  return (
    <>
      <Panel title={t('Members')} lead={t('People who can sign in to this company, and what their role lets them do.')}>
        {members.error && <ErrorLine error={members.error} />}
        <table className="kt-table" data-testid="members-table">
          <thead><tr><th>{t('Name')}</th><th>{t('E-mail')}</th><th>{t('Role')}</th><th>{t('Member since')}</th><th /></tr></thead>
          <tbody>
            {(members.data ?? []).map((member) => (
              <tr key={member.userId} data-testid="member-row" data-email={member.email}>
                <td className="kt-table__primary">{member.name}{actorOf(me) === `user:${member.userId}` && <span className="kt-chip kt-chip--spaced">{t('You')}</span>}</td>
                <td>{member.email}</td>
                <td>
                  <select className="kt-input kt-select kt-input--compact" value={member.role} aria-label={t('Role of {name}', { name: member.name })} data-testid="member-role"
                    onChange={(e) => void changeRole(member, e.target.value as Member['role'])}>
                    {memberRoles.map((role) => <option key={role} value={role}>{t(role)}</option>)}
                  </select>
                  <div className="kt-table__secondary">{t(roleHelp[member.role])}</div>
                </td>
                <td className="kt-nowrap">{formatDate(member.since)}</td>
                <td className="kt-table__actions">
                  <button type="button" className="kt-button kt-button--danger-ghost kt-button--small" data-testid="member-remove" onClick={() => setRemoving(member)}>{t('Remove')}</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
      <Panel title={t('Add a member')} lead={t('An existing user only needs e-mail and role. A new person also needs a name and a first password (at least 10 characters).')}>
        <form className="kt-inline-form" data-testid="member-add" onSubmit={(e) => { e.preventDefault(); void add(); }}>
          <div className="kt-filters__field kt-filters__field--grow">
            <label className="kt-field__label" htmlFor="member-email">{t('E-mail')}</label>
            <input id="member-email" className="kt-input" type="email" required value={form.email} data-testid="member-email" onChange={(e) => setForm({ ...form, email: e.target.value })} />
          </div>
          <div className="kt-filters__field kt-filters__field--grow">
            <label className="kt-field__label" htmlFor="member-name">{t('Name')}</label>
            <input id="member-name" className="kt-input" value={form.name} data-testid="member-name" onChange={(e) => setForm({ ...form, name: e.target.value })} />
          </div>
          <div className="kt-filters__field kt-filters__field--grow">
            <label className="kt-field__label" htmlFor="member-password">{t('First password')}</label>
            <input id="member-password" className="kt-input" type="password" autoComplete="new-password" minLength={10} value={form.password} data-testid="member-password"
              onChange={(e) => setForm({ ...form, password: e.target.value })} />
          </div>
          <div className="kt-filters__field">
            <label className="kt-field__label" htmlFor="member-new-role">{t('Role')}</label>
            <select id="member-new-role" className="kt-input kt-select" value={form.role} data-testid="member-new-role" onChange={(e) => setForm({ ...form, role: e.target.value as Member['role'] })}>
              {memberRoles.map((role) => <option key={role} value={role}>{t(role)}</option>)}
            </select>
          </div>
          <button type="submit" className="kt-button kt-button--primary" disabled={busy} data-testid="member-add-submit">{busy ? t('Adding…') : t('Add member')}</button>
        </form>
        <ErrorLine error={error} />
      </Panel>
      {removing && (
        <ConfirmDialog title={t('Remove {name}?', { name: removing.name })} testId="member-remove-dialog" danger confirmLabel={t('Remove access')}
          lead={t('{email} can no longer sign in to this company. What they did stays in the ledger and the audit log.', { email: removing.email })}
          onClose={() => setRemoving(null)} onConfirm={async () => { await api.removeMember(removing.userId); members.reload(); }} />
      )}
    </>
  );
}

function Tokens() {
  const tokens = useApi(api.tokens, 'tokens');
  const me = useSession((s) => s.me);
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<Set<Permission>>(() => new Set(['read']));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      setCreated(await api.createToken(name.trim(), permissionNames.filter((p) => chosen.has(p))));
      setName('');
      tokens.reload();
    } catch (thrown) { setError(thrown); } finally { setBusy(false); }
  };
  const toggle = (permission: Permission) => setChosen((current) => {
    const next = new Set(current);
    if (next.has(permission)) next.delete(permission); else next.add(permission);
    return next;
  });
  const sorted = [...(tokens.data ?? [])].sort((a, b) => Number(!!a.revokedAt) - Number(!!b.revokedAt) || b.createdAt.localeCompare(a.createdAt));
  return (
    <>
      <Panel title={t('API tokens')} lead={t('For systems that call the Kontera API (banks, integrations). Give each the fewest permissions it needs.')}>
        {tokens.error && <ErrorLine error={tokens.error} />}
        <table className="kt-table" data-testid="tokens-table">
          <thead><tr><th>{t('Name')}</th><th>{t('Permissions')}</th><th>{t('Created')}</th><th>{t('Last used')}</th><th /></tr></thead>
          <tbody>
            {sorted.map((token) => (
              <tr key={token.id} data-testid="token-row" data-name={token.name} className={token.revokedAt ? 'is-muted' : ''}>
                <td className="kt-table__primary">{token.name}
                  {token.revokedAt && <span className="kt-chip kt-chip--spaced" data-testid="token-revoked">{t('Revoked {date}', { date: formatDate(token.revokedAt) })}</span>}</td>
                <td><div className="kt-chips">{token.permissions.map((p) => <span key={p} className="kt-chip kt-chip--code">{p}</span>)}</div></td>
                <td className="kt-nowrap">{formatDateTime(token.createdAt)}<div className="kt-table__secondary">{t('by {actor}', { actor: describeActor(token.createdBy, { self: actorOf(me) }) })}</div></td>
                <td className="kt-nowrap">{token.lastUsedAt ? formatDateTime(token.lastUsedAt) : <span className="kt-muted">{t('Never')}</span>}</td>
                <td className="kt-table__actions">
                  {!token.revokedAt && <button type="button" className="kt-button kt-button--danger-ghost kt-button--small" data-testid="token-revoke" onClick={() => setRevoking(token)}>{t('Revoke')}</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Panel>
      <Panel title={t('Create a token')}>
        {created ? (
          <>
            <SecretOnce label={t('Token “{name}”', { name: created.name })} secret={created.token} testId="token-secret" storage={secretStorageText.apiToken}>
              {' '}{t('and revoke this one.')}
            </SecretOnce>
            <div className="kt-form-actions"><button type="button" className="kt-button" data-testid="token-secret-done" onClick={() => setCreated(null)}>{t('I have copied it')}</button></div>
          </>
        ) : (
          <form data-testid="token-create" onSubmit={(e) => { e.preventDefault(); void create(); }}>
            <label className="kt-field__label" htmlFor="token-name">{t('Name')}</label>
            <input id="token-name" className="kt-input kt-input--medium" required maxLength={100} value={name} placeholder={t('e.g. Bank integration (SEB)')} data-testid="token-name"
              onChange={(e) => setName(e.target.value)} />
            <fieldset className="kt-checks">
              <legend className="kt-field__label">{t('Permissions')}</legend>
              {permissionNames.map((permission) => (
                <label key={permission} className="kt-check kt-checks__item">
                  <input type="checkbox" checked={chosen.has(permission)} data-testid={`token-permission-${permission}`} onChange={() => toggle(permission)} />
                  <span><code>{permission}</code> {t(permissionLabels[permission])}</span>
                </label>
              ))}
            </fieldset>
            <ErrorLine error={error} />
            <div className="kt-form-actions">
              <button type="submit" className="kt-button kt-button--primary" disabled={busy || chosen.size === 0 || !name.trim()} data-testid="token-create-submit">
                {busy ? t('Creating…') : t('Create token')}
              </button>
            </div>
          </form>
        )}
      </Panel>
      {revoking && (
        <ConfirmDialog title={t('Revoke “{name}”?', { name: revoking.name })} testId="token-revoke-dialog" danger confirmLabel={t('Revoke token')}
          lead={t('Every system using it stops working at once. This cannot be undone.')}
          onClose={() => setRevoking(null)} onConfirm={async () => { await api.revokeToken(revoking.id); tokens.reload(); }} />
      )}
    </>
  );
}

const dutySettings: { key: keyof DutySettings; label: string; help: string }[] = [
  { key: 'fourEyesPublish', label: msg('Four-eyes publication of automations'), help: msg('The person who edited an automation cannot publish it alone; another publisher or approver must approve.') },
  { key: 'fourEyesPayments', label: msg('Four-eyes supplier payments'), help: msg('A payment proposal needs approval by someone other than the person who created it.') },
  { key: 'fourEyesInvoices', label: msg('Four-eyes supplier invoice approval'), help: msg('Invoices routed for approval need a second approver.') },
];

function Settings() {
  const settings = useApi(api.settings, 'settings');
  const [saving, setSaving] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const labelOf = (key: keyof DutySettings) => t(dutySettings.find((s) => s.key === key)!.label);
  const change = async (key: keyof DutySettings, value: boolean) => {
    setSaving(key);
    setError(null);
    setSaved(null);
    try {
      const state = await api.updateSettings({ [key]: value });
      settings.reload();
      const waiting = state.pendingChanges.find((p) => p.setting === key);
      // Switching off is never immediate: say when it takes effect and who can make it sooner.
      setSaved(waiting && !value
        ? t('{setting}: stays on until {time}, or until another admin confirms. Recorded in the audit log.', { setting: labelOf(key), time: formatDateTime(waiting.effectiveAt) })
        : value ? t('{setting}: on. Recorded in the audit log.', { setting: labelOf(key) }) : t('{setting}: off. Recorded in the audit log.', { setting: labelOf(key) }));
    } catch (thrown) { setError(thrown); } finally { setSaving(null); }
  };
  const decide = async (changeId: string, key: keyof DutySettings, decision: 'confirm' | 'cancel') => {
    setSaving(changeId);
    setError(null);
    setSaved(null);
    try {
      await api.decideSettingsChange(changeId, decision);
      settings.reload();
      setSaved(decision === 'confirm'
        ? t('{setting}: off from now (confirmed). Recorded in the audit log.', { setting: labelOf(key) })
        : t('{setting}: stays on (the switch-off was cancelled). Recorded in the audit log.', { setting: labelOf(key) }));
    } catch (thrown) { setError(thrown); } finally { setSaving(null); }
  };
  return (
    <Panel title={t('Segregation of duties')}
      lead={t('Rules that make sure no single person can both prepare and complete a sensitive act. Switching one on takes effect at once; switching one off waits 24 hours — or until another admin confirms — and any admin can cancel it meanwhile. Every change is audited.')}>
      {settings.error && <ErrorLine error={settings.error} />}
      {!settings.data && !settings.error && <div className="kt-loading">{t('Loading…')}</div>}
      {settings.data && <ul className="kt-toggles" data-testid="settings">
        {dutySettings.map((setting) => {
          const on = settings.data?.[setting.key] ?? false;
          const waiting = settings.data?.pendingChanges.find((p) => p.setting === setting.key);
          return (
            <li key={setting.key} className="kt-toggles__item">
              <div>
                <div className="kt-table__primary">{t(setting.label)}</div>
                <p className="kt-field__help">{t(setting.help)}</p>
                {waiting && (
                  <div className="kt-field__issue" role="status" data-testid={`setting-pending-${setting.key}`}>
                    {(waiting.confirmableByYou
                      ? t('Switching off asked by {name} on {asked}; it takes effect on {effective} unless cancelled, or now if you confirm.', { name: waiting.requestedByName, asked: formatDateTime(waiting.requestedAt), effective: formatDateTime(waiting.effectiveAt) })
                      : t('Switching off asked by {name} on {asked}; it takes effect on {effective} unless cancelled (another admin can confirm it sooner).', { name: waiting.requestedByName, asked: formatDateTime(waiting.requestedAt), effective: formatDateTime(waiting.effectiveAt) }))}
                    {' '}
                    {waiting.confirmableByYou && (
                      <button type="button" className="kt-button kt-button--small" disabled={saving !== null} data-testid={`setting-confirm-${setting.key}`}
                        onClick={() => void decide(waiting.id, setting.key, 'confirm')}>{t('Confirm: switch off now')}</button>
                    )}
                    {' '}
                    <button type="button" className="kt-button kt-button--small" disabled={saving !== null} data-testid={`setting-cancel-${setting.key}`}
                      onClick={() => void decide(waiting.id, setting.key, 'cancel')}>{t('Cancel: keep it on')}</button>
                  </div>
                )}
              </div>
              <label className="kt-switch">
                <input type="checkbox" role="switch" checked={on} disabled={!settings.data || saving !== null || (on && !!waiting)} data-testid={`setting-${setting.key}`}
                  aria-label={t(setting.label)} onChange={(e) => void change(setting.key, e.target.checked)} />
                <span className="kt-switch__track" aria-hidden="true" />
                <span className="kt-switch__label">{on ? (waiting ? t('On (switching off)') : t('switch::On')) : t('switch::Off')}</span>
              </label>
            </li>
          );
        })}
      </ul>}
      {saved && <p className="kt-field__issue kt-field__issue--ok" role="status">{saved}</p>}
      <ErrorLine error={error} />
    </Panel>
  );
}

/** The triggers a webhook can feed (the server's list: every trigger except schedule and manual run). */
const webhookTriggers = ['webhook-received', ...triggerTypes.filter((t) => t !== 'manual-run' && t !== 'webhook-received' && t !== 'schedule')];

function Webhooks() {
  const endpoints = useApi(api.webhookEndpoints, 'webhooks');
  const [trigger, setTrigger] = useState<string>(webhookTriggers[0]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [secret, setSecret] = useState<{ kind: 'created'; value: CreatedWebhookEndpoint } | { kind: 'rotated'; value: RotatedWebhookSecret; url: string } | null>(null);
  const [disabling, setDisabling] = useState<WebhookEndpoint | null>(null);
  const [rotating, setRotating] = useState<WebhookEndpoint | null>(null);
  const create = async () => {
    setBusy(true);
    setError(null);
    try { setSecret({ kind: 'created', value: await api.createWebhookEndpoint(trigger) }); endpoints.reload(); } catch (thrown) { setError(thrown); } finally { setBusy(false); }
  };
  const label = (type: string) => { const descriptor = descriptorOf(type); return descriptor ? nodeLabel(type, descriptor.label) : type; };
  return (
    <>
      {secret && (
        <Panel title={secret.kind === 'created' ? t('Endpoint created') : t('Secret rotated')}>
          <div className="kt-facts-row">
            <span className="kt-run__label">{t('URL to give the sender')}</span>
            <code className="kt-secret__value" data-testid="webhook-url">{secret.kind === 'created' ? secret.value.url : secret.url}</code>
          </div>
          <SecretOnce label={t('Signing secret (Standard Webhooks)')} secret={secret.value.secret} testId="webhook-secret" storage={secretStorageText.webhookSecret}>
            {secret.kind === 'rotated' && <>. {t('The previous secret is still accepted until {time}, so senders can switch without losing deliveries.', { time: formatDateTime(secret.value.previousValidUntil) })}</>}
          </SecretOnce>
          <div className="kt-form-actions"><button type="button" className="kt-button" onClick={() => setSecret(null)} data-testid="webhook-secret-done">{t('I have copied it')}</button></div>
        </Panel>
      )}
      <Panel title={t('Webhook endpoints')} lead={t('Addresses where other systems deliver signed events. Every delivery is verified with the endpoint\'s secret before it is stored.')}
        actions={
          <form className="kt-inline-form" data-testid="webhook-create" onSubmit={(e) => { e.preventDefault(); void create(); }}>
            <label className="kt-sr-only" htmlFor="webhook-trigger">{t('Trigger')}</label>
            <select id="webhook-trigger" className="kt-input kt-select" value={trigger} data-testid="webhook-trigger" onChange={(e) => setTrigger(e.target.value)}>
              {webhookTriggers.map((type) => <option key={type} value={type}>{label(type)}</option>)}
            </select>
            <button type="submit" className="kt-button kt-button--primary" disabled={busy} data-testid="webhook-create-submit">{busy ? t('Creating…') : t('New endpoint')}</button>
          </form>
        }>
        <ErrorLine error={error ?? endpoints.error} />
        {endpoints.data && endpoints.data.length === 0 && <div className="kt-empty">{t('No endpoints yet. Choose the trigger above and press “New endpoint”, then give the sender its URL and signing secret.')}</div>}
        {endpoints.data && endpoints.data.length > 0 && (
          <table className="kt-table" data-testid="webhooks-table">
            <thead><tr><th>{t('Trigger')}</th><th>URL</th><th>{t('Created')}</th><th /></tr></thead>
            <tbody>
              {endpoints.data.map((endpoint) => (
                <tr key={endpoint.id} data-testid="webhook-row">
                  <td className="kt-table__primary">{label(endpoint.trigger)}{endpoint.rotating && <span className="kt-chip kt-chip--info kt-chip--spaced">{t('Rotating')}</span>}</td>
                  <td className="kt-mono kt-break">{endpoint.url}</td>
                  <td className="kt-nowrap">{formatDateTime(endpoint.createdAt)}</td>
                  <td className="kt-table__actions">
                    <button type="button" className="kt-button kt-button--small" data-testid="webhook-rotate" onClick={() => setRotating(endpoint)}>{t('Rotate secret')}</button>
                    <button type="button" className="kt-button kt-button--danger-ghost kt-button--small" data-testid="webhook-disable" onClick={() => setDisabling(endpoint)}>{t('Disable')}</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
      {rotating && (
        <ConfirmDialog title={t('Rotate the signing secret?')} testId="webhook-rotate-dialog" confirmLabel={t('Rotate secret')}
          lead={t('A new secret is made. The old one keeps working for 24 hours, so the sender can switch over.')}
          onClose={() => setRotating(null)}
          onConfirm={async () => { const value = await api.rotateWebhookSecret(rotating.id); setSecret({ kind: 'rotated', value, url: rotating.url }); endpoints.reload(); }} />
      )}
      {disabling && (
        <ConfirmDialog title={t('Disable this endpoint?')} testId="webhook-disable-dialog" danger confirmLabel={t('Disable endpoint')}
          lead={<>{t('Deliveries to this URL are refused from now on:')} <code>{disabling.url}</code></>}
          onClose={() => setDisabling(null)} onConfirm={async () => { await api.disableWebhookEndpoint(disabling.id); endpoints.reload(); }} />
      )}
    </>
  );
}

export function AdminPage({ tab }: { tab: AdminTab }) {
  const can = useCan();
  if (!can('admin')) {
    return (
      <div className="kt-page" data-testid="admin-page">
        <h1>{t('Administration')}</h1>
        <ReadOnlyNote>{t('Only administrators can see this page.')}</ReadOnlyNote>
      </div>
    );
  }
  return (
    <div className="kt-page" data-testid="admin-page">
      <header className="kt-page__header">
        <div>
          <h1>{t('Administration')}</h1>
          <p className="kt-page__lead">{t('Who has access, how systems connect, and the rules that keep duties apart.')}</p>
        </div>
      </header>
      <SectionTabs label={msg('Administration')} active={`admin-tab-${tab}`} tabs={[
        { label: msg('Members'), route: { page: 'admin', tab: 'members' }, testId: 'admin-tab-members' },
        { label: msg('API tokens'), route: { page: 'admin', tab: 'tokens' }, testId: 'admin-tab-tokens' },
        { label: msg('Segregation of duties'), route: { page: 'admin', tab: 'settings' }, testId: 'admin-tab-settings' },
        { label: msg('Webhooks'), route: { page: 'admin', tab: 'webhooks' }, testId: 'admin-tab-webhooks' },
      ]} />
      {tab === 'members' && <Members />}
      {tab === 'tokens' && <Tokens />}
      {tab === 'settings' && <Settings />}
      {tab === 'webhooks' && <Webhooks />}
    </div>
  );
}
