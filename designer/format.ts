/** Display formats for people (sv-SE). Amounts go through shared/money.ts. */
export { formatMinor } from '../shared/money.ts';

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
  if (known.self && actor === known.self) return 'You';
  const name = known.names?.get(actor);
  if (name) return name;
  const [kind, ...rest] = actor.split(':');
  const id = rest.join(':');
  switch (kind) {
    case 'user': return id === 'seed' ? 'Demo data' : `User ${shortId(id)}`;
    case 'token': return `API token ${shortId(id)}`;
    case 'system': return id ? `System (${id})` : 'System';
    case 'address': return `Unknown caller from ${id}`;
    default: return actor;
  }
}

const auditActions: Record<string, string> = {
  'auth.sign_in': 'Signed in',
  'auth.sign_in_failed': 'Failed sign-in',
  'member.role': 'Role given',
  'member.remove': 'Access removed',
  'token.create': 'API token created',
  'token.revoke': 'API token revoked',
  'settings.update': 'Settings changed',
  'period.lock': 'Period locked',
  'period.unlock': 'Period unlocked',
  'webhook.create': 'Webhook endpoint created',
  'webhook.rotate': 'Webhook secret rotated',
  'webhook.disable': 'Webhook endpoint disabled',
  'sie.import': 'SIE file imported',
  'automation.save': 'Automation draft saved',
  'automation.publish': 'Automation published',
  'automation.publish_requested': 'Publication requested (four-eyes)',
  'automation.publish_approved': 'Publication approved',
  'automation.publish_rejected': 'Publication rejected',
  'automation.pause': 'Automation paused',
  'automation.resume': 'Automation resumed',
  'automation.restore_as_draft': 'Version restored as draft',
  'automation.delete_draft': 'Draft deleted',
  'automation.run': 'Run by hand',
  'exception.resolve': 'Exception resolved',
  'exception.book': 'Exception booked by hand',
  'exception.dismiss': 'Exception dismissed',
  'bank_account.create': 'Bank account created',
  'bank-line.match': 'Payment matched by hand',
  'bank-line.book': 'Bank line booked by hand',
  'company.create': 'Company created',
  'fiscal_year.create': 'Fiscal year created',
  'fiscal_year.close': 'Fiscal year closed',
  'fiscal_year.reopen': 'Fiscal year re-opened',
  'customer.upsert': 'Customers saved',
  'customer_invoice.create': 'Customer invoices created',
  'voucher.attach': 'File attached to a voucher',
};

/** "period.lock" → "Period locked"; unknown actions stay as they are. */
export function describeAuditAction(action: string): string {
  return auditActions[action] ?? action;
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
