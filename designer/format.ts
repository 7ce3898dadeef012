/** Display formats for people (sv-SE). Amounts go through shared/money.ts. */
export { formatMinor } from '../shared/money.ts';
import { msg, t } from './i18n/i18n.ts';

const dateTime = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'short', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat('sv-SE', { dateStyle: 'short', timeZone: 'UTC' });

/** "2026-11-30" stays as it is (the sv-SE format is ISO); a timestamp becomes "2026-11-30 14:05". */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateOnly.format(date);
}

export function formatDuration(ms: number): string {
  return ms < 1 ? '<1 ms' : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** UUIDs are long: "88c2bb13-e8fb-…" → "88c2bb13". Other ids stay as they are. */
export function shortId(id: string): string {
  // Ids are UUIDv7: they start with the time, so the random tail tells them apart.
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) ? id.slice(-8) : id;
}

/** Who did something, for people: "You", a member's name, "API token 3f2a…", "System". */
export function describeActor(actor: string, known: { self?: string | null; names?: ReadonlyMap<string, string> } = {}): string {
  if (known.self && actor === known.self) return t('You');
  const name = known.names?.get(actor);
  if (name) return name;
  const [kind, ...rest] = actor.split(':');
  const id = rest.join(':');
  switch (kind) {
    case 'user': return id === 'seed' ? t('Demo data') : t('User {id}', { id: shortId(id) });
    case 'token': return t('API token {id}', { id: shortId(id) });
    case 'system': return id ? t('System ({id})', { id }) : t('actor::System');
    case 'address': return t('Unknown caller from {address}', { address: id });
    default: return actor;
  }
}

const auditActions: Record<string, string> = {
  'auth.sign_in': msg('Signed in'),
  'auth.sign_in_failed': msg('Failed sign-in'),
  'member.role': msg('Role given'),
  'member.remove': msg('Access removed'),
  'token.create': msg('API token created'),
  'token.revoke': msg('API token revoked'),
  'settings.update': msg('Settings changed'),
  'period.lock': msg('Period locked'),
  'period.unlock': msg('Period unlocked'),
  'webhook.create': msg('Webhook endpoint created'),
  'webhook.rotate': msg('Webhook secret rotated'),
  'webhook.disable': msg('Webhook endpoint disabled'),
  'sie.import': msg('SIE file imported'),
  'automation.save': msg('Automation draft saved'),
  'automation.publish': msg('Automation published'),
  'automation.publish_requested': msg('Publication requested (four-eyes)'),
  'automation.publish_approved': msg('Publication approved'),
  'automation.publish_rejected': msg('Publication rejected'),
  'automation.pause': msg('Automation paused'),
  'automation.resume': msg('Automation resumed'),
  'automation.restore_as_draft': msg('Version restored as draft'),
  'automation.delete_draft': msg('Draft deleted'),
  'automation.run': msg('Run by hand'),
  'exception.resolve': msg('Exception resolved'),
  'exception.book': msg('Exception booked by hand'),
  'exception.dismiss': msg('Exception dismissed'),
  'bank_account.create': msg('Bank account created'),
  'bank-line.match': msg('Payment matched by hand'),
  'bank-line.book': msg('Bank line booked by hand'),
  'company.create': msg('Company created'),
  'fiscal_year.create': msg('Fiscal year created'),
  'fiscal_year.close': msg('Fiscal year closed'),
  'fiscal_year.reopen': msg('Fiscal year re-opened'),
  'customer.upsert': msg('Customers saved'),
  'customer_invoice.create': msg('Customer invoices created'),
  'voucher.attach': msg('File attached to a voucher'),
};

/** "period.lock" → "Period locked"; unknown actions stay as they are. */
export function describeAuditAction(action: string): string {
  const label = auditActions[action];
  return label ? t(label) : action;
}

/** A short line from an audit event's details: `{reason: "…"}` → 'reason: …'. */
export function describeDetails(details: unknown, known: { self?: string | null; names?: ReadonlyMap<string, string> } = {}): string {
  if (details === null || details === undefined) return '';
  if (typeof details !== 'object') return String(details);
  // Values that name a person or a token ("user:<id>") read as the actor column does.
  const text = (value: string) => (/^(user|token|system):/.test(value) ? describeActor(value, known) : value);
  return Object.entries(details as Record<string, unknown>)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? text(value) : Array.isArray(value) ? value.join(', ') : JSON.stringify(value)}`)
    .join(' · ');
}

/** A schedule's fire time for people, in the zone it fires in: "mån 2026-11-30 06:00". */
export function formatFireTime(iso: string, timeZone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('sv-SE', {
    timeZone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('weekday')} ${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}
