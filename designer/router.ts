/** Hash routing: #/automations, #/automations/:id, #/ledger, #/runs, #/runs/:id, #/exceptions. */
import { useSyncExternalStore } from 'react';

export type Route =
  | { page: 'automations' }
  | { page: 'automation'; id: string }
  | { page: 'ledger'; voucherId?: string }
  | { page: 'runs'; automationId?: string }
  | { page: 'run'; id: string }
  | { page: 'exceptions' };

export function parseRoute(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query);
  switch (parts[0]) {
    case 'automations': return parts[1] ? { page: 'automation', id: parts[1] } : { page: 'automations' };
    case 'ledger': return { page: 'ledger', voucherId: params.get('voucher') ?? undefined };
    case 'runs': return parts[1] ? { page: 'run', id: parts[1] } : { page: 'runs', automationId: params.get('automationId') ?? undefined };
    case 'exceptions': return { page: 'exceptions' };
    default: return { page: 'automations' };
  }
}

export function href(route: Route): string {
  switch (route.page) {
    case 'automations': return '#/automations';
    case 'automation': return `#/automations/${encodeURIComponent(route.id)}`;
    case 'ledger': return route.voucherId ? `#/ledger?voucher=${encodeURIComponent(route.voucherId)}` : '#/ledger';
    case 'runs': return route.automationId ? `#/runs?automationId=${encodeURIComponent(route.automationId)}` : '#/runs';
    case 'run': return `#/runs/${encodeURIComponent(route.id)}`;
    case 'exceptions': return '#/exceptions';
  }
}

export function navigate(route: Route): void {
  window.location.hash = href(route);
}

function subscribe(callback: () => void): () => void {
  window.addEventListener('hashchange', callback);
  return () => window.removeEventListener('hashchange', callback);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}
