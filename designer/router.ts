/**
 * Hash routing: #/automations, #/automations/:id, #/ledger, #/ledger/vouchers/:id, #/ledger/new,
 * #/ledger/periods, #/ledger/sie, #/reports/{trial-balance|general-ledger/:account|open-items|balance-sheet|income-statement|vat-return},
 * #/runs, #/runs/:id, #/exceptions, #/bank, #/bank/reconciliation, #/audit, #/audit/originals, #/admin/{members|tokens|settings|webhooks},
 * #/master-data/{accounts|series|vat-codes|dimensions|customers|suppliers|bank-accounts}.
 */
import { useSyncExternalStore } from 'react';
import { bankLineOutcomeKinds, type BankLineOutcomeKind, type RunStatus } from '../shared/api.ts';
import type { ExceptionStatus } from '../shared/api.ts';
import { sourceKindIds, type SourceKindId } from '../shared/sources.ts';

export type AdminTab = 'members' | 'tokens' | 'settings' | 'webhooks';
export type MasterDataTab = 'accounts' | 'series' | 'vat-codes' | 'dimensions' | 'customers' | 'suppliers' | 'bank-accounts';
export const masterDataTabs: MasterDataTab[] = ['accounts', 'series', 'vat-codes', 'dimensions', 'customers', 'suppliers', 'bank-accounts'];
export const adminTabs: AdminTab[] = ['members', 'tokens', 'settings', 'webhooks'];

export interface RunFilters { automationId?: string; status?: RunStatus; from?: string; to?: string; sourceRef?: string; skipped?: 'show' | 'hide' }
/** The Bank page's filters (`line`: the bank line whose detail is open). */
export interface BankFilters { statementId?: string; status?: BankLineStatus; outcome?: BankLineOutcomeKind; from?: string; to?: string; q?: string; line?: string }
export type BankLineStatus = 'received' | 'handled' | 'unhandled';
export interface AuditFilters { action?: string; actor?: string; from?: string; to?: string }
/** The inbox's filters: status (open by default), the source's kind, the automation ("none": nothing handled it). */
export interface ExceptionFilters { status?: ExceptionStatus | 'all'; kind?: SourceKindId; automationId?: string }

export type Route =
  | { page: 'automations' }
  | { page: 'automation'; id: string }
  | { page: 'ledger'; voucherId?: string }
  | { page: 'voucher'; id: string }
  | { page: 'new-voucher' }
  | { page: 'periods' }
  | { page: 'sie' }
  | { page: 'exchange-rates' }
  | { page: 'trial-balance'; from?: string; to?: string }
  | { page: 'general-ledger'; account?: string; from?: string; to?: string }
  | { page: 'open-items'; kind: 'ar' | 'ap'; asOf?: string }
  | { page: 'balance-sheet'; to?: string; dimension?: string }
  | { page: 'income-statement'; from?: string; to?: string; dimension?: string }
  | { page: 'vat-return'; from?: string; to?: string; box?: string }
  | { page: 'runs'; automationId?: string; status?: RunStatus; from?: string; to?: string; sourceRef?: string; skipped?: 'show' | 'hide' }
  | { page: 'run'; id: string }
  | ({ page: 'exceptions' } & ExceptionFilters)
  | ({ page: 'bank' } & BankFilters)
  | { page: 'bank-reconciliation'; bankAccount?: string; date?: string }
  | { page: 'audit'; action?: string; actor?: string; from?: string; to?: string }
  | { page: 'originals'; kind?: string; from?: string; to?: string }
  | { page: 'admin'; tab: AdminTab }
  | { page: 'master-data'; tab: MasterDataTab };

const runStatuses: RunStatus[] = ['posted', 'no_match', 'flagged', 'failed', 'dry_run'];
const bankLineStatuses: BankLineStatus[] = ['received', 'handled', 'unhandled'];
const exceptionStatuses: NonNullable<ExceptionFilters['status']>[] = ['open', 'resolved', 'dismissed', 'all'];

/** Only the keys with a value, so parse(href(route)) equals route. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as T;
}

export function parseRoute(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query);
  const get = (key: string) => params.get(key) ?? undefined;
  switch (parts[0]) {
    case 'automations': return parts[1] ? { page: 'automation', id: parts[1] } : { page: 'automations' };
    case 'ledger':
      if (parts[1] === 'vouchers' && parts[2]) return { page: 'voucher', id: parts[2] };
      if (parts[1] === 'new') return { page: 'new-voucher' };
      if (parts[1] === 'periods') return { page: 'periods' };
      if (parts[1] === 'sie') return { page: 'sie' };
      if (parts[1] === 'exchange-rates') return { page: 'exchange-rates' };
      return defined({ page: 'ledger', voucherId: get('voucher') });
    case 'reports':
      if (parts[1] === 'general-ledger') return defined({ page: 'general-ledger', account: parts[2], from: get('from'), to: get('to') });
      if (parts[1] === 'open-items') return defined({ page: 'open-items', kind: get('kind') === 'ap' ? 'ap' : 'ar', asOf: get('asOf') });
      if (parts[1] === 'balance-sheet') return defined({ page: 'balance-sheet', to: get('to'), dimension: get('dimension') });
      if (parts[1] === 'income-statement') return defined({ page: 'income-statement', from: get('from'), to: get('to'), dimension: get('dimension') });
      if (parts[1] === 'vat-return') return defined({ page: 'vat-return', from: get('from'), to: get('to'), box: get('box') });
      return defined({ page: 'trial-balance', from: get('from'), to: get('to') });
    case 'runs': {
      if (parts[1]) return { page: 'run', id: parts[1] };
      const status = get('status') as RunStatus | undefined;
      return defined({ page: 'runs', automationId: get('automationId'), status: status && runStatuses.includes(status) ? status : undefined,
        from: get('from'), to: get('to'), sourceRef: get('sourceRef'), skipped: get('skipped') === 'show' || get('skipped') === 'hide' ? get('skipped') as 'show' | 'hide' : undefined });
    }
    case 'exceptions': {
      const status = get('status') as ExceptionFilters['status'];
      const kind = get('kind') as SourceKindId | undefined;
      return defined({ page: 'exceptions', status: status && exceptionStatuses.includes(status) ? status : undefined,
        kind: kind && (sourceKindIds as readonly string[]).includes(kind) ? kind : undefined, automationId: get('automationId') });
    }
    case 'bank': {
      if (parts[1] === 'reconciliation') return defined({ page: 'bank-reconciliation', bankAccount: get('account'), date: get('date') });
      const status = get('status') as BankLineStatus | undefined;
      const outcome = get('outcome') as BankLineOutcomeKind | undefined;
      return defined({ page: 'bank', statementId: get('statement'), status: status && bankLineStatuses.includes(status) ? status : undefined,
        outcome: outcome && (bankLineOutcomeKinds as readonly string[]).includes(outcome) ? outcome : undefined,
        from: get('from'), to: get('to'), q: get('q'), line: get('line') });
    }
    case 'audit':
      if (parts[1] === 'originals') return defined({ page: 'originals', kind: get('kind'), from: get('from'), to: get('to') });
      return defined({ page: 'audit', action: get('action'), actor: get('actor'), from: get('from'), to: get('to') });
    case 'admin': return { page: 'admin', tab: adminTabs.includes(parts[1] as AdminTab) ? parts[1] as AdminTab : 'members' };
    case 'master-data': return { page: 'master-data', tab: masterDataTabs.includes(parts[1] as MasterDataTab) ? parts[1] as MasterDataTab : 'accounts' };
    default: return { page: 'automations' };
  }
}

function withQuery(path: string, params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

export function href(route: Route): string {
  const enc = encodeURIComponent;
  switch (route.page) {
    case 'automations': return '#/automations';
    case 'automation': return `#/automations/${enc(route.id)}`;
    case 'ledger': return withQuery('#/ledger', { voucher: route.voucherId });
    case 'voucher': return `#/ledger/vouchers/${enc(route.id)}`;
    case 'new-voucher': return '#/ledger/new';
    case 'periods': return '#/ledger/periods';
    case 'sie': return '#/ledger/sie';
    case 'exchange-rates': return '#/ledger/exchange-rates';
    case 'trial-balance': return withQuery('#/reports/trial-balance', { from: route.from, to: route.to });
    case 'general-ledger': return withQuery(`#/reports/general-ledger${route.account ? `/${enc(route.account)}` : ''}`, { from: route.from, to: route.to });
    case 'open-items': return withQuery('#/reports/open-items', { kind: route.kind, asOf: route.asOf });
    case 'balance-sheet': return withQuery('#/reports/balance-sheet', { to: route.to, dimension: route.dimension });
    case 'income-statement': return withQuery('#/reports/income-statement', { from: route.from, to: route.to, dimension: route.dimension });
    case 'vat-return': return withQuery('#/reports/vat-return', { from: route.from, to: route.to, box: route.box });
    case 'runs': return withQuery('#/runs', { automationId: route.automationId, status: route.status, from: route.from, to: route.to, sourceRef: route.sourceRef, skipped: route.skipped });
    case 'run': return `#/runs/${enc(route.id)}`;
    case 'exceptions': return withQuery('#/exceptions', { status: route.status, kind: route.kind, automationId: route.automationId });
    case 'bank-reconciliation': return withQuery('#/bank/reconciliation', { account: route.bankAccount, date: route.date });
    case 'bank': return withQuery('#/bank', { statement: route.statementId, status: route.status, outcome: route.outcome, from: route.from, to: route.to, q: route.q, line: route.line });
    case 'audit': return withQuery('#/audit', { action: route.action, actor: route.actor, from: route.from, to: route.to });
    case 'originals': return withQuery('#/audit/originals', { kind: route.kind, from: route.from, to: route.to });
    case 'admin': return `#/admin/${route.tab}`;
    case 'master-data': return `#/master-data/${route.tab}`;
  }
}

export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  leaveThen(() => {
    if (options.replace) window.history.replaceState(null, '', href(route));
    if (options.replace) window.dispatchEvent(new HashChangeEvent('hashchange'));
    else window.location.hash = href(route);
  });
}

/*
 * Leaving a page that holds unsaved work. A page registers a check (`guardLeaving`); while it says
 * there is something to lose, the app asks before going (usePendingLeave) and the page stays as it
 * is meanwhile. Links to an address in the app and navigate() are held before anything changes;
 * Back and Forward (which cannot be held) are put back: the page's address returns to the current
 * history entry. Leave goes on to where the person was going; Stay keeps everything. Reload and
 * closing the tab are the browser's (the page's beforeunload warning).
 */

/** Says what leaving now would lose (the question to ask), or null when nothing. */
export type LeaveCheck = () => string | null;

export interface PendingLeave {
  message: string;
  leave(): void;
  stay(): void;
}

let leaveCheck: LeaveCheck | null = null;
let pending: PendingLeave | null = null;
/** The address whose page is shown; differs from location.hash only while Back/Forward is asked about. */
let shownHash = typeof window === 'undefined' ? '' : window.location.hash;
const listeners = new Set<() => void>();
const emit = () => { for (const listener of listeners) listener(); };

/** Registers the check of the page being shown; returns its removal (call it when the page goes). */
export function guardLeaving(check: LeaveCheck): () => void {
  leaveCheck = check;
  return () => { if (leaveCheck === check) leaveCheck = null; };
}

/** Runs `go` now if nothing would be lost, otherwise once the person chose Leave (links, navigate(), signing out). */
export function leaveThen(go: () => void): void {
  const message = leaveCheck?.() ?? null;
  if (!message) { go(); return; }
  pending = {
    message,
    leave: () => { pending = null; leaveCheck = null; go(); emit(); },
    stay: () => { pending = null; emit(); },
  };
  emit();
}

/** A plain click on a link to an address in the app: held while something would be lost. */
function onClick(event: MouseEvent): void {
  if (!leaveCheck || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = (event.target as Element | null)?.closest?.('a[href]');
  const target = link?.getAttribute('href') ?? '';
  if (!link || !target.startsWith('#') || target === shownHash || (link.getAttribute('target') ?? '_self') !== '_self') return;
  if (!leaveCheck()) return;
  event.preventDefault();
  leaveThen(() => { window.location.hash = target; });
}

function onHashChange(): void {
  const next = window.location.hash;
  if (next === shownHash) return;
  const message = leaveCheck?.() ?? null;
  if (!message) { shownHash = next; pending = null; emit(); return; }
  // Back or Forward already moved: the entry it moved to gets the shown page's address until the person decides.
  const put = (hash: string) => window.history.replaceState(window.history.state, '', hash || `${window.location.pathname}${window.location.search}`);
  put(shownHash);
  leaveThen(() => { put(next); shownHash = next; });
}

if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', onHashChange);
  window.addEventListener('click', onClick); // bubbling: a handler that handles its own click (preventDefault) is left alone
}

function subscribe(callback: () => void): () => void {
  listeners.add(callback);
  return () => { listeners.delete(callback); };
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => shownHash);
  return parseRoute(hash);
}

/** The question "leave without saving?" while one is open, for the app to show. */
export function usePendingLeave(): PendingLeave | null {
  return useSyncExternalStore(subscribe, () => pending);
}
