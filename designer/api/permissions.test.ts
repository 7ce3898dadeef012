import { describe, expect, it } from 'vitest';
import type { Me } from '../../shared/api.ts';
import { en } from '../i18n/en.ts';
import { sv } from '../i18n/sv.ts';
import { permissionLabels, permissionsFor, roleIn } from './permissions.ts';

const me = (permissions: string[], role = 'viewer'): Me => ({
  user: { id: 'u1', email: 'v@example.se', name: 'Vera' }, token: null, csrfToken: 'x',
  companies: [{ id: 'demo', name: 'Demo AB', role, permissions }, { id: 'other', name: 'Other AB', role: 'admin', permissions: ['admin'] }],
});

describe('permissionsFor', () => {
  it('grants exactly the permissions the server lists for the company', () => {
    const can = permissionsFor(me(['read', 'automations:edit'], 'designer'), 'demo');
    expect(can('read')).toBe(true);
    expect(can('automations:edit')).toBe(true);
    expect(can('automations:publish')).toBe(false);
    expect(can('admin')).toBe(false); // admin in another company does not count
  });
  it('grants nothing in a company the caller is not a member of', () => {
    expect(permissionsFor(me(['read']), 'elsewhere')('read')).toBe(false);
  });
  it('does not derive anything from the role name', () => {
    expect(permissionsFor(me(['read'], 'admin'), 'demo')('admin')).toBe(false);
  });
  it('allows everything on a server without sign-in', () => {
    expect(permissionsFor(null, 'demo')('admin')).toBe(true);
  });
  it('reports the role for display', () => {
    expect(roleIn(me(['read'], 'viewer'), 'demo')).toBe('viewer');
    expect(roleIn(null, 'demo')).toBeNull();
  });
});

describe('permissionLabels', () => {
  it('are in the catalogues as they are (the admin page says them through t(); shared/ stays English)', () => {
    for (const label of Object.values(permissionLabels)) {
      expect(en[label], label).toBe(label);
      expect(sv[label], label).toBeTruthy();
    }
  });
});
