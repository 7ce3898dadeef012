/**
 * The open customer invoices a payment is matched against, per company, as
 * an indexed matcher kept in memory (matching/match-payment.ts): building
 * it reads every invoice once; a payment is then decided in microseconds.
 *
 * Staying current. The database keeps a counter per company
 * (`receivables_generations`, moved by triggers on every insert or update
 * of an invoice, migration 0022). The cache knows the counter its matcher
 * reflects:
 * - once a commit of this process that settled k invoices has committed,
 *   it says so (`committed`: the counter before and after its updates, and
 *   the allocations); if the cache was at "before", it applies those
 *   allocations to the matcher instead of reading everything again;
 * - anything else (an invoice created, another process settling) leaves the
 *   counter somewhere the cache does not expect: it reads the invoices again.
 * The counter is looked at most once per `recheckMs` (default 20 ms): a change made in that window by
 * another process is the same race as one made just after the look, and
 * the settlement's guarded UPDATE (effect.ts) refuses to settle beyond the
 * open amount either way — then the run is tried again on fresh data. A
 * payment the cache cannot place is decided again after reading the counter,
 * so an invoice made in that window is never missed.
 *
 * Dry runs use the same matcher without changing it.
 *
 * Following a writer on another thread (`follows`, runs/decider.ts): a
 * cache that only decides while another thread of the process commits never
 * looks at the counter on its own (that thread's commits would look like
 * someone else's and make it read everything again at every batch). It is
 * told the writer's commits (`apply`, the notices `committed` and `recheck`
 * give as plain data: `notify`), and the writer confirms inside its commit
 * transaction that nothing else moved the counter since the generation the
 * decisions read (`confirm`, over the chain of its own commits).
 */
import { and, eq, ne } from 'drizzle-orm';
import { rawExecutor, type Db, type SqlExecutor } from '../../../db/client.ts';
import { customers, invoices } from '../../../db/schema.ts';
import { createMatcher, type Allocation, type IncomingPayment, type Matcher, type MatchDecision, type OpenInvoice } from '../matching/index.ts';
import { matchSettingsSchema, type MatchSettings, type MatchSettingsInput } from '../matching/settings.ts';

/** What a settlement needs to know of an invoice besides what the matcher has. */
export interface InvoiceBooking {
  id: string;
  receivableAccount: string;
}

interface CompanyCache {
  generation: number;
  checkedAt: number;
  /** settings (canonical JSON) → matcher over the same invoices */
  matchers: Map<string, Matcher>;
  invoices: OpenInvoice[];
  /** invoice number (as the matcher keys it) → its place in `invoices` */
  positions: Map<string, number>;
  /** invoice number (as the matcher keys it) → id and receivable account */
  bookings: Map<string, InvoiceBooking>;
}

export const invoiceKey = (invoiceNumber: string) => invoiceNumber.trim().toUpperCase();

export async function receivablesGeneration(sql: SqlExecutor, companyId: string): Promise<number> {
  const { rows } = await sql.execute({ sql: 'SELECT generation FROM receivables_generations WHERE company_id = ?', args: [companyId] });
  return rows.length ? Number(rows[0].generation) : 0;
}

/** distinct settings remembered parsed (a run's node passes the same few); beyond it the memo starts over */
const settingsMemoMax = 256;

/**
 * Settings given as their own keys with number/boolean/undefined values (what the match-payment node
 * passes), as a string of them: equal settings give the same string; null for anything else (parsed each time).
 */
function rawSettingsKey(settings: MatchSettingsInput): string | null {
  if (typeof settings !== 'object' || settings === null) return null;
  let raw = '';
  for (const name of Object.keys(settings)) {
    const value = (settings as Record<string, unknown>)[name];
    const type = typeof value;
    if (type !== 'number' && type !== 'boolean' && type !== 'undefined') return null;
    raw += `${name}:${type[0]}${String(value)};`;
  }
  return raw;
}

/** What `committed` and `recheck` were told, as plain data: given to `notify`, replayed on another thread's cache by `apply`. */
export type OpenInvoiceNotice =
  | { method: 'committed'; args: [companyId: string, base: number, after: number, allocations: Allocation[]] }
  | { method: 'recheck'; args: [companyId: string] };

/** this process's commits remembered per company for `confirm` (a decision older than these is decided again) */
const commitChainMax = 64;

/** how many times a load reads again when the counter moved while it read the invoices */
const loadAttemptsMax = 3;

export class OpenInvoiceCache {
  private readonly companies = new Map<string, CompanyCache>();
  /** the counter before and after each of this process's commits that settled invoices, per company, oldest first */
  private readonly chains = new Map<string, { base: number; after: number }[]>();
  /** told every notice (`committed`, `recheck`) after it was applied here: the runner forwards them to its decider thread */
  notify?: (notice: OpenInvoiceNotice) => void;
  /** settings as given (rawSettingsKey) → parsed and canonical key: zod and JSON.stringify once per distinct settings, not per payment */
  private readonly settingsMemo = new Map<string, { parsed: MatchSettings; key: string }>();
  /** how many times the invoices were read (for tests and the bench) */
  loads = 0;
  /** how many matchers were built (one per settings and read of the invoices; for tests) */
  builds = 0;

  constructor(private readonly db: Db, private readonly options: {
    recheckMs?: number; companiesMax?: number;
    /** decides beside a writer on another thread: never looks at the counter unless told to (`recheck`), and an exception is not decided again */
    follows?: boolean;
  } = {}) {}

  /** The decision for one payment under these settings; changes nothing. */
  async match(companyId: string, payment: IncomingPayment, settings: MatchSettingsInput): Promise<{ decision: MatchDecision; bookings: Map<string, InvoiceBooking> }> {
    const { parsed, key } = this.parsedSettings(settings);
    for (let verify = false; ; verify = true) {
      const { cache, verified } = await this.current(companyId, verify);
      const decision = this.matcherFor(cache, key, parsed).match(payment);
      // A cache looked at less than recheckMs ago may miss an invoice made since. A match needs no
      // second look (the settlement's guarded UPDATE refuses a stale one); a payment it cannot
      // place is decided again on a cache whose counter was read just now.
      // (A cache that follows a writer has its decisions confirmed by the writer at commit instead.)
      if (decision.kind !== 'exception' || verified || this.options.follows) return { decision, bookings: cache.bookings };
    }
  }

  /**
   * Reads the company's invoices if they are not read yet and builds the matcher for these settings (a large
   * statement's first batch is on its way: building it over 100 000 invoices takes ≈ 0.4 s).
   */
  async prepare(companyId: string, settings: MatchSettingsInput): Promise<void> {
    const { parsed, key } = this.parsedSettings(settings);
    const { cache } = await this.current(companyId);
    this.matcherFor(cache, key, parsed);
  }

  /** The cache's matcher for these settings, built the first time they are asked for. */
  private matcherFor(cache: CompanyCache, key: string, settings: MatchSettings): Matcher {
    let matcher = cache.matchers.get(key);
    if (!matcher) cache.matchers.set(key, (matcher = this.build(cache, settings)));
    return matcher;
  }

  /** The settings parsed (refused as zod refuses them) and their canonical key, remembered by value. */
  private parsedSettings(settings: MatchSettingsInput): { parsed: MatchSettings; key: string } {
    const raw = rawSettingsKey(settings);
    const known = raw === null ? undefined : this.settingsMemo.get(raw);
    if (known) return known;
    const parsed = matchSettingsSchema.parse(settings);
    const entry = { parsed, key: JSON.stringify(parsed) };
    if (raw !== null) {
      if (this.settingsMemo.size >= settingsMemoMax) this.settingsMemo.clear();
      this.settingsMemo.set(raw, entry);
    }
    return entry;
  }

  /**
   * A commit of this process settled these invoices, moving the counter from
   * `base` to `after` (told after it committed: the runner's afterCommit).
   * Applied to the matchers when the cache was at `base`; otherwise the
   * next match looks at the counter and reads again.
   */
  committed(companyId: string, base: number, after: number, allocations: Allocation[]): void {
    const chain = this.chains.get(companyId) ?? [];
    chain.push({ base, after });
    if (chain.length > commitChainMax) chain.shift();
    this.chains.set(companyId, chain);
    this.notify?.({ method: 'committed', args: [companyId, base, after, allocations] });
    const cache = this.companies.get(companyId);
    if (!cache || after <= cache.generation) return; // (read after that commit: it has it already)
    if (cache.generation !== base) {
      cache.checkedAt = -Infinity;
      return;
    }
    try {
      for (const matcher of cache.matchers.values()) matcher.settle(allocations);
      settleList(cache, allocations);
      cache.generation = after;
    } catch {
      this.companies.delete(companyId); // the matcher disagrees with what was committed: read again
    }
  }

  /** Look at the counter before the next match (something may have changed it). */
  recheck(companyId: string): void {
    this.notify?.({ method: 'recheck', args: [companyId] });
    const cache = this.companies.get(companyId);
    if (cache) cache.checkedAt = -Infinity;
  }

  /** A notice of another thread's cache (its `notify`), applied here: in the order they were given. */
  apply(notice: OpenInvoiceNotice): void {
    if (notice.method === 'committed') this.committed(...notice.args);
    else this.recheck(...notice.args);
  }

  /** The counter the company's invoices were read at (with the commits told since), or null when nothing was read. */
  generationOf(companyId: string): number | null {
    return this.companies.get(companyId)?.generation ?? null;
  }

  /**
   * Inside the writer's transaction: were decisions made on invoices read at
   * `generation` (another thread's cache, `generationOf`) still current? True
   * when the counter now is `generation` moved only by this process's own
   * commits since (the chain `committed` keeps): nobody else created, changed
   * or settled an invoice meanwhile, so a payment placed nowhere was placed
   * nowhere on what is committed now.
   */
  async confirm(sql: SqlExecutor, companyId: string, generation: number | null): Promise<boolean> {
    if (generation === null) return true;
    let expected = generation;
    for (const { base, after } of this.chains.get(companyId) ?? []) if (base === expected) expected = after;
    return (await receivablesGeneration(sql, companyId)) === expected;
  }

  /** The company's cache; `verified`: its counter was read in this call (always when `verify`). */
  private async current(companyId: string, verify = false): Promise<{ cache: CompanyCache; verified: boolean }> {
    const cache = this.companies.get(companyId);
    const now = performance.now();
    const recheckMs = this.options.follows ? Infinity : this.options.recheckMs ?? 20;
    if (cache && !verify && now - cache.checkedAt < recheckMs) return { cache, verified: false };
    const generation = await receivablesGeneration(this.sql(), companyId);
    if (cache && cache.generation === generation) {
      cache.checkedAt = now;
      return { cache, verified: true };
    }
    return { cache: await this.load(companyId), verified: true };
  }

  private async load(companyId: string): Promise<CompanyCache> {
    this.loads++;
    const sql = this.sql();
    // The counter before and after the invoices are read: equal, nothing was committed between, so they are
    // what it says (another thread of this process may commit meanwhile; its notice must not be applied twice).
    let generation = await receivablesGeneration(sql, companyId);
    let consistent = false;
    let rows: Awaited<ReturnType<OpenInvoiceCache['readInvoices']>> = [];
    for (let attempt = 1; !consistent && attempt <= loadAttemptsMax; attempt++) {
      rows = await this.readInvoices(companyId);
      const after = await receivablesGeneration(sql, companyId);
      consistent = after === generation;
      generation = after;
    }
    const open: OpenInvoice[] = [];
    const positions = new Map<string, number>();
    const bookings = new Map<string, InvoiceBooking>();
    for (const r of rows) {
      const key = invoiceKey(r.invoiceNumber);
      if (bookings.has(key)) continue; // one invoice per number (the AR domain refuses a second)
      bookings.set(key, { id: r.id, receivableAccount: r.receivableAccount ?? '1510' });
      positions.set(key, open.length);
      open.push({
        invoiceNumber: r.invoiceNumber, customerNo: r.customerNo, customerName: r.customerName ?? r.customerNo, currency: r.currency,
        openMinor: Math.max(0, r.openMinor), amountMinor: Math.max(r.amountMinor, r.openMinor, 0), issueDate: r.issueDate, dueDate: r.dueDate,
        ocrReference: r.ocrReference,
      });
    }
    // (still moving after a few reads: kept, but not trusted — the counter is read again before the next match)
    const cache: CompanyCache = { generation: consistent ? generation : -1, checkedAt: consistent ? performance.now() : -Infinity, matchers: new Map(), invoices: open, positions, bookings };
    this.companies.delete(companyId);
    this.companies.set(companyId, cache);
    const max = this.options.companiesMax ?? 8;
    while (this.companies.size > max) this.companies.delete(this.companies.keys().next().value!);
    return cache;
  }

  private readInvoices(companyId: string) {
    return this.db.select({
      id: invoices.id, invoiceNumber: invoices.invoiceNumber, customerNo: invoices.counterpartyId, customerName: customers.name,
      currency: invoices.currency, openMinor: invoices.openMinor, amountMinor: invoices.totalMinor, issueDate: invoices.invoiceDate,
      dueDate: invoices.dueDate, ocrReference: invoices.ocrReference, receivableAccount: customers.receivableAccount,
    }).from(invoices)
      .leftJoin(customers, and(eq(customers.companyId, invoices.companyId), eq(customers.id, invoices.counterpartyId)))
      .where(and(eq(invoices.companyId, companyId), eq(invoices.kind, 'ar'), ne(invoices.status, 'credited')));
  }

  /** A matcher for more settings over the same invoices, at their amounts now. */
  private build(cache: CompanyCache, settings: MatchSettingsInput): Matcher {
    this.builds++;
    return createMatcher(cache.invoices, settings);
  }

  private sql(): SqlExecutor {
    return rawExecutor(this.db);
  }
}

/** Keeps the cache's invoice list (from which later matchers are built) in step with the matchers. */
function settleList(cache: CompanyCache, allocations: Allocation[]): void {
  for (const alloc of allocations) {
    const key = invoiceKey(alloc.invoiceNumber);
    const at = cache.positions.get(key);
    if (at !== undefined) cache.invoices[at] = { ...cache.invoices[at], openMinor: cache.invoices[at].openMinor - alloc.amountMinor };
  }
}
