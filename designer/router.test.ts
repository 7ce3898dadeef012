import { describe, expect, it } from 'vitest';
import { href, parseRoute, type Route } from './router.ts';

describe('routes', () => {
  it('round-trips every page through the hash', () => {
    const routes: Route[] = [
      { page: 'automations' }, { page: 'automation', id: 'bank-fees' }, { page: 'ledger' }, { page: 'ledger', voucherId: 'v 1' },
      { page: 'voucher', id: 'abc-1' }, { page: 'new-voucher' }, { page: 'periods' }, { page: 'sie' },
      { page: 'trial-balance' }, { page: 'trial-balance', from: '2026-01', to: '2026-11' },
      { page: 'general-ledger' }, { page: 'general-ledger', account: '1510', from: '2026-01-01', to: '2026-12-31' },
      { page: 'open-items', kind: 'ar' }, { page: 'open-items', kind: 'ap', asOf: '2026-11-30' },
      { page: 'balance-sheet' }, { page: 'balance-sheet', to: '2026-11', dimension: '1:100' },
      { page: 'income-statement' }, { page: 'income-statement', from: '2026-01', to: '2026-11', dimension: '6:P1' },
      { page: 'runs' }, { page: 'runs', automationId: 'bank-fees' },
      { page: 'runs', automationId: 'bank-fees', status: 'posted', from: '2026-11-01', to: '2026-11-30', sourceRef: 'bank-line:1' },
      { page: 'run', id: 'run_1' }, { page: 'exceptions' },
      { page: 'exceptions', status: 'dismissed', kind: 'webhook', automationId: 'none' }, { page: 'exceptions', status: 'all' },
      { page: 'bank' }, { page: 'bank-reconciliation' }, { page: 'bank-reconciliation', bankAccount: 'main', date: '2026-12-03' }, { page: 'bank', statementId: 'S 1', status: 'unhandled', outcome: 'exception', from: '2026-12-01', to: '2026-12-31', q: 'F1002', line: 'E2E-0002:1' },
      { page: 'audit' }, { page: 'audit', action: 'period.', actor: 'user:1', from: '2026-11-01', to: '2026-11-30' },
      { page: 'originals' }, { page: 'originals', kind: 'sie', from: '2026-01-01', to: '2026-12-31' },
      { page: 'admin', tab: 'members' }, { page: 'admin', tab: 'webhooks' },
      { page: 'master-data', tab: 'accounts' }, { page: 'master-data', tab: 'vat-codes' }, { page: 'master-data', tab: 'bank-accounts' },
    ];
    for (const route of routes) expect(parseRoute(href(route))).toEqual(route);
  });
  it('falls back to the automations list, and ignores unknown values', () => {
    expect(parseRoute('')).toEqual({ page: 'automations' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'automations' });
    expect(parseRoute('#/runs?status=exploded')).toEqual({ page: 'runs' });
    expect(parseRoute('#/exceptions?status=lost&kind=fax')).toEqual({ page: 'exceptions' });
    expect(parseRoute('#/admin/secrets')).toEqual({ page: 'admin', tab: 'members' });
    expect(parseRoute('#/master-data/planets')).toEqual({ page: 'master-data', tab: 'accounts' });
    expect(parseRoute('#/bank?outcome=lost&status=gone')).toEqual({ page: 'bank' });
    expect(parseRoute('#/reports/open-items?kind=zz')).toEqual({ page: 'open-items', kind: 'ar' });
  });
});
