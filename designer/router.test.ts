import { describe, expect, it } from 'vitest';
import { href, parseRoute, type Route } from './router.ts';

describe('routes', () => {
  it('round-trips every page through the hash', () => {
    const routes: Route[] = [
      { page: 'automations' }, { page: 'automation', id: 'bank-fees' }, { page: 'ledger' }, { page: 'ledger', voucherId: 'v 1' },
      { page: 'runs' }, { page: 'runs', automationId: 'bank-fees' }, { page: 'run', id: 'run_1' }, { page: 'exceptions' },
    ];
    for (const route of routes) expect(parseRoute(href(route))).toEqual(route);
  });
  it('falls back to the automations list', () => {
    expect(parseRoute('')).toEqual({ page: 'automations' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'automations' });
  });
});
