/**
 * What a role or a token may do inside one company: used by the runtime to
 * enforce and by the designer to show only what is allowed. Stored data: never rename.
 */
export const permissions = [
  'read',
  'automations:edit',
  'automations:publish',
  'approve',
  'events:write',
  'ledger:write',
  'periods:manage',
  'admin',
] as const;
export type Permission = (typeof permissions)[number];

export const roles = ['viewer', 'designer', 'publisher', 'approver', 'admin'] as const;
export type Role = (typeof roles)[number];

export const rolePermissions: Record<Role, Permission[]> = {
  viewer: ['read'],
  designer: ['read', 'automations:edit'],
  publisher: ['read', 'automations:edit', 'automations:publish'],
  approver: ['read', 'approve'],
  admin: [...permissions],
};

export function isPermission(value: string): value is Permission {
  return (permissions as readonly string[]).includes(value);
}

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
