/**
 * What the signed-in person may do, from the `permissions` GET /api/auth/me
 * gives per company (never from role names). One helper for every page:
 * `can('automations:edit')`.
 */
import type { Me } from '../../shared/api.ts';

export { permissionLabels, permissions as permissionNames, type Permission } from '../../shared/permissions.ts';
import type { Permission } from '../../shared/permissions.ts';

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
