/**
 * Executor ports: what a node's executor may read beyond its event, one per
 * domain, in a registry typed like the effect and source kinds. The runner
 * creates them once over its database (`createPorts`) and hands each run the
 * ports bound to its company (`forCompany`); the commit path passes them to
 * the effect kinds, so a domain's cache learns what its effects committed.
 * A unit test's engine may run without ports: an executor that needs one
 * fails with a clear error.
 */
import { rawExecutor, type Db } from '../db/client.ts';
import { OpenInvoiceCache, type InvoiceBooking, type OpenInvoiceNotice } from '../domains/bank/payments/open-invoices.ts';
import type { IncomingPayment, MatchDecision } from '../domains/bank/matching/index.ts';
import type { MatchSettingsInput } from '../domains/bank/matching/settings.ts';
import { ratesPortOf, type RatesPort } from '../domains/currency/port.ts';
import type { BalanceRequest } from '../../shared/json-logic/index.ts';
import { readBalances } from '../ledger/balance-reads.ts';

/** The open customer invoices of the run's company, as the match-payment node sees them. */
export interface PaymentsPort {
  match(payment: IncomingPayment, settings: MatchSettingsInput): Promise<{ decision: MatchDecision; bookings: ReadonlyMap<string, InvoiceBooking> }>;
  /** Gets ready to match under these settings (reads the invoices, builds the matcher) ahead of the first payment. */
  prepare(settings: MatchSettingsInput): Promise<void>;
}

/** The company's ledger, read-only: the balances the `balance` operator asks for, in one bounded query (ledger/balance-reads.ts). */
export interface LedgerReadPort {
  /** by balanceRequestKey; at most balanceRequestsMax distinct requests */
  balances(requests: readonly BalanceRequest[]): Promise<ReadonlyMap<string, number>>;
}

/** The ports a run sees, bound to its company. */
export interface ExecutorPorts {
  payments?: PaymentsPort;
  /** the company's base currency and exchange rates (domains/currency/port.ts) */
  rates?: RatesPort;
  ledgerRead?: LedgerReadPort;
}

/** The ports of a runtime (one per database), with what the commit path tells them. */
export interface RuntimePorts {
  forCompany(companyId: string, baseCurrency: string): ExecutorPorts;
  /** the matching cache (domains/bank/payments/open-invoices.ts) */
  openInvoices: OpenInvoiceCache;
}

/**
 * KONTERA_MATCH_RECHECK_MS: how long the matching cache trusts itself without looking at the counter (default 20 ms).
 * `follows`: the ports of a thread that only decides while another thread of the process commits (runs/decider.ts).
 */
export function createPorts(db: Db, recheckMs = Number(process.env.KONTERA_MATCH_RECHECK_MS) || undefined, options: { follows?: boolean } = {}): RuntimePorts {
  const openInvoices = new OpenInvoiceCache(db, { recheckMs, follows: options.follows });
  return {
    openInvoices,
    forCompany: (companyId, baseCurrency) => ({
      payments: { match: (payment, settings) => openInvoices.match(companyId, payment, settings), prepare: (settings) => openInvoices.prepare(companyId, settings) },
      rates: ratesPortOf(db, companyId, baseCurrency),
      ledgerRead: { balances: (requests) => readBalances(db, companyId, requests) },
    }),
  };
}

// Deciding on a thread of its own (runs/decider.ts). The runner passes these along as opaque plain data;
// what they mean is each cache's business.

/** What the commit path told a cache behind the ports, as plain data: replayed on the decider thread's ports (`applyNotice`). */
export type PortNotice = { cache: 'openInvoices'; notice: OpenInvoiceNotice };

/** What the caches behind a decider's ports had read when it decided a batch (plain data): confirmed at commit (`confirmSnapshot`). */
export interface PortsSnapshot { openInvoices: number | null }

/** Every notice the commit path gives these ports' caches is also given to `listener`, in order. */
export function forwardNotices(ports: RuntimePorts, listener: (notice: PortNotice) => void): void {
  ports.openInvoices.notify = (notice) => listener({ cache: 'openInvoices', notice });
}

export function applyNotice(ports: RuntimePorts, notice: PortNotice): void {
  ports.openInvoices.apply(notice.notice);
}

/** Notices that make the caches look at the database again before their next read (the company's data may have moved). */
export function recheckNotices(companyId: string): PortNotice[] {
  return [{ cache: 'openInvoices', notice: { method: 'recheck', args: [companyId] } }];
}

export function snapshotOf(ports: RuntimePorts, companyId: string): PortsSnapshot {
  return { openInvoices: ports.openInvoices.generationOf(companyId) };
}

/**
 * Inside the commit transaction, on the writer's ports: is what the snapshot
 * read still current, but for this process's own commits since? False when
 * someone else changed it (the decisions are made again).
 */
export async function confirmSnapshot(ports: RuntimePorts, tx: unknown, companyId: string, snapshot: PortsSnapshot): Promise<boolean> {
  return ports.openInvoices.confirm(rawExecutor(tx), companyId, snapshot.openInvoices);
}
