/** What a role or a token may do inside one company. Stored data: never rename. */
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
