/**
 * What the signed-in person may do, from the `permissions` GET /api/auth/me
 * gives per company (never from role names). One helper for every page:
 * `can('automations:edit')`.
 */
import type { Me } from '../../shared/api.ts';

/** The server's permissions (runtime/auth/permissions.ts; stored data, never renamed). */
export const permissionNames = [
  'read', 'automations:edit', 'automations:publish', 'approve', 'events:write', 'ledger:write', 'periods:manage', 'admin',
] as const;
export type Permission = (typeof permissionNames)[number];

/** For people choosing a token's scope. */
export const permissionLabels: Record<Permission, string> = {
  read: 'Read everything',
  'automations:edit': 'Edit automations (drafts)',
  'automations:publish': 'Publish automations',
  approve: 'Approve publications and payments (four-eyes)',
  'events:write': 'Send events (bank lines, manual runs)',
  'ledger:write': 'Post and reverse vouchers, import SIE',
  'periods:manage': 'Lock and unlock periods',
  admin: 'Administer members, tokens, settings and webhooks',
};

export type Can = (permission: Permission) => boolean;

/**
 * `me` null means the server has no sign-in (it answered /api/auth/me with
 * 404): then everyone may do everything, as the server allows.
 */
export function permissionsFor(me: Me | null, companyId: string): Can {
  if (!me) return () => true;
  const granted = new Set(me.companies.find((c) => c.id === companyId)?.permissions ?? []);
  return (permission) => granted.has(permission);
}

/** The caller's role in the company, for display only ("viewer", "token"…). */
export function roleIn(me: Me | null, companyId: string): string | null {
  return me?.companies.find((c) => c.id === companyId)?.role ?? null;
}
