/**
 * Backtest jobs: stored in `backtests` (migration 0027) so a result outlives
 * the request that started it and the approver of a publication sees it.
 * queued → running → done | cancelled | failed. The work runs in this
 * process, one backtest at a time, in chunks that yield to the event loop
 * (other requests and tenants go on); progress and a heartbeat are written
 * after each chunk, and a cancel (from any process) is seen at the next one.
 * A running backtest whose heartbeat stopped lost its process: it reads as failed.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import {
  backtestPeriodDaysMax, type Backtest, type BacktestRequest, type BacktestResult, type BacktestStatus, type PublicationRequestDetail,
} from '../../shared/backtest.ts';
import type { AutomationDocument } from '../../shared/automation/schema.ts';
import { validateAutomation } from '../../shared/automation/validate.ts';
import type { SourceKindId } from '../../shared/sources.ts';
import { AutomationInvalid, NotFound, validationContext, type AutomationStore } from '../automations/store.ts';
import type { Db } from '../db/client.ts';
import { automations, backtests, publicationRequests } from '../db/schema.ts';
import { DomainRefusal } from '../kernel/errors.ts';
import type { RuntimePorts } from '../kernel/ports.ts';
import { canonicalJson, turnOfTheEventLoop } from '../runs/runner.ts';
import { countBacktestEvents, evaluateBacktest, type BacktestScope } from './evaluate.ts';

/** Backtests of one company waiting or running at once; another is refused (409) until one finishes. */
export const backtestsActiveMax = 3;
/** A running backtest whose heartbeat is older than this lost its process. */
export const backtestHeartbeatStaleMs = 2 * 60_000;

type Row = typeof backtests.$inferSelect;

/** SHA-256 of a document's canonical JSON without status and version: the same draft, published or not, has one hash. */
export function documentHash(document: AutomationDocument): string {
  const { status: _status, version: _version, ...rest } = document;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

const dayMs = 86_400_000;

export interface BacktestsOptions {
  now?: () => Date;
  /** between chunks (tests may pause here to cancel mid-way) */
  yieldTurn?: () => Promise<void>;
  /** events between two progress reports */
  chunkSize?: number;
}

export class Backtests {
  private readonly now: () => Date;
  private readonly yieldTurn: () => Promise<void>;
  private readonly chunkSize: number | undefined;
  /** the work of this process: one at a time, in order */
  private queue: Promise<void> = Promise.resolve();
  private readonly jobs = new Map<string, Promise<void>>();

  constructor(readonly db: Db, readonly store: AutomationStore, readonly ports: RuntimePorts, options: BacktestsOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.yieldTurn = options.yieldTurn ?? turnOfTheEventLoop;
    this.chunkSize = options.chunkSize;
  }

  /** Starts a backtest of a published version (`version`) or of the draft as it is now; answers at once with the queued job. */
  async start(companyId: string, automationId: string, request: BacktestRequest, by: string): Promise<Backtest> {
    let document: AutomationDocument;
    if (request.version !== undefined) {
      document = (await this.store.readVersion(companyId, automationId, request.version)).document;
    } else {
      const detail = await this.store.get(companyId, automationId);
      document = detail.draft;
    }
    return this.enqueue(companyId, automationId, document, request.version ?? null, request, by, null);
  }

  /** The approver backtests exactly the document a publication request asks to publish. */
  async startForRequest(companyId: string, requestId: string, request: Omit<BacktestRequest, 'version'>, by: string): Promise<Backtest> {
    const publication = await this.publicationRequest(companyId, requestId);
    return this.enqueue(companyId, publication.automationId, JSON.parse(publication.document) as AutomationDocument, null, request, by, requestId);
  }

  private async enqueue(
    companyId: string, automationId: string, document: AutomationDocument, version: number | null,
    request: Omit<BacktestRequest, 'version'>, by: string, publicationRequestId: string | null,
  ): Promise<Backtest> {
    const span = (Date.parse(request.to) - Date.parse(request.from)) / dayMs;
    if (!(span >= 0)) throw new DomainRefusal(422, 'invalid_period', `The period ends (${request.to}) before it starts (${request.from})`, { field: 'to' });
    if (span >= backtestPeriodDaysMax) {
      throw new DomainRefusal(422, 'period_too_long', `A backtest covers at most ${backtestPeriodDaysMax} days; ${request.from}..${request.to} is ${span + 1}`, { field: 'from' });
    }
    const validation = validateAutomation(document, await validationContext(this.db, companyId));
    if (!validation.ok || !validation.document) throw new AutomationInvalid(validation.issues);
    const scope: BacktestScope = {
      companyId, automationId, document: validation.document, version, from: request.from, to: request.to,
      eventKinds: (request.eventKinds as SourceKindId[] | undefined) ?? null,
    };
    const total = await countBacktestEvents(this.db, scope);
    const waiting = await this.db.select().from(backtests)
      .where(and(eq(backtests.companyId, companyId), inArray(backtests.status, ['queued', 'running'])));
    // One whose process died does not hold a place.
    const active: Row[] = [];
    for (const row of waiting) if (['queued', 'running'].includes((await this.abandonedIfStale(row)).status)) active.push(row);
    if (active.length >= backtestsActiveMax) {
      throw new DomainRefusal(409, 'backtests_busy', `The company has ${active.length} backtests waiting or running (at most ${backtestsActiveMax}): wait for one, or cancel one`);
    }
    const id = crypto.randomUUID();
    const createdAt = this.now().toISOString();
    await this.db.insert(backtests).values({
      id, companyId, automationId, version, document: JSON.stringify(document), documentHash: documentHash(document), publicationRequestId,
      fromDate: request.from, toDate: request.to, eventKinds: scope.eventKinds ? JSON.stringify(scope.eventKinds) : null,
      status: 'queued', eventsTotal: total, eventsDone: 0, requestedBy: by, createdAt,
    });
    const job = this.queue.then(() => this.work(id, scope));
    this.queue = job.catch(() => {});
    this.jobs.set(id, job);
    void job.finally(() => this.jobs.delete(id)).catch(() => {});
    return this.get(companyId, id);
  }

  /** Resolves when the backtest started in this process has finished (for tests and the CLI). */
  async settled(id: string): Promise<void> {
    await this.jobs.get(id)?.catch(() => {});
  }

  private async work(id: string, scope: BacktestScope): Promise<void> {
    const startedAt = this.now().toISOString();
    const [claimed] = await this.db.update(backtests).set({ status: 'running', startedAt, heartbeatAt: startedAt })
      .where(and(eq(backtests.id, id), eq(backtests.status, 'queued'))).returning({ id: backtests.id });
    if (!claimed) return; // cancelled while queued
    let result: BacktestResult | null;
    try {
      result = await evaluateBacktest({ db: this.db, store: this.store, ports: this.ports }, scope, {
        progress: async (done, total) => {
          await this.db.update(backtests).set({ eventsDone: done, eventsTotal: total, heartbeatAt: this.now().toISOString() })
            .where(and(eq(backtests.id, id), eq(backtests.status, 'running')));
        },
        stopped: async () => {
          const [row] = await this.db.select({ status: backtests.status }).from(backtests).where(eq(backtests.id, id));
          return row?.status !== 'running';
        },
        yieldTurn: this.yieldTurn,
        chunkSize: this.chunkSize,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await this.db.update(backtests).set({ status: 'failed', error: message.slice(0, 2000), finishedAt: this.now().toISOString() })
        .where(and(eq(backtests.id, id), eq(backtests.status, 'running')));
      return;
    }
    if (!result) return; // cancelled: the cancel wrote its row
    await this.db.update(backtests).set({ status: 'done', result: JSON.stringify(result), finishedAt: this.now().toISOString() })
      .where(and(eq(backtests.id, id), eq(backtests.status, 'running')));
  }

  async get(companyId: string, id: string): Promise<Backtest> {
    const [row] = await this.db.select().from(backtests).where(and(eq(backtests.companyId, companyId), eq(backtests.id, id)));
    if (!row) throw new NotFound(`Backtest "${id}" does not exist`);
    return this.view(await this.abandonedIfStale(row));
  }

  /** The latest backtests of an automation, newest first, without their results. */
  async list(companyId: string, automationId: string, limit = 20): Promise<Backtest[]> {
    const rows = await this.db.select().from(backtests).where(and(eq(backtests.companyId, companyId), eq(backtests.automationId, automationId)))
      .orderBy(desc(backtests.createdAt)).limit(limit);
    const out: Backtest[] = [];
    for (const row of rows) out.push({ ...this.view(await this.abandonedIfStale(row)), result: null });
    return out;
  }

  /** Cancels a backtest that is waiting or running; one that finished is refused (409). */
  async cancel(companyId: string, id: string, by: string): Promise<Backtest> {
    const [updated] = await this.db.update(backtests).set({ status: 'cancelled', cancelledBy: by, finishedAt: this.now().toISOString() })
      .where(and(eq(backtests.companyId, companyId), eq(backtests.id, id), inArray(backtests.status, ['queued', 'running'])))
      .returning({ id: backtests.id });
    if (!updated) {
      const current = await this.get(companyId, id);
      throw new DomainRefusal(409, 'backtest_finished', `Backtest "${id}" is ${current.status}: only a queued or running backtest can be cancelled`);
    }
    return this.get(companyId, id);
  }

  /** A publication request as the approver sees it, with the latest backtest of exactly the requested document. */
  async publicationRequestDetail(companyId: string, requestId: string): Promise<PublicationRequestDetail> {
    const request = await this.publicationRequest(companyId, requestId);
    const hash = documentHash(JSON.parse(request.document) as AutomationDocument);
    const [automation] = await this.db.select({ publishedVersion: automations.publishedVersion }).from(automations)
      .where(and(eq(automations.companyId, companyId), eq(automations.id, request.automationId)));
    const [latest] = await this.db.select().from(backtests).where(and(eq(backtests.companyId, companyId), eq(backtests.documentHash, hash),
      eq(backtests.automationId, request.automationId))).orderBy(desc(backtests.createdAt)).limit(1);
    const backtest = latest ? this.view(await this.abandonedIfStale(latest)) : null;
    return {
      id: request.id, automationId: request.automationId, status: request.status, requestedBy: request.requestedBy, requestedAt: request.requestedAt,
      decidedBy: request.decidedBy, decidedAt: request.decidedAt, publishedVersion: automation?.publishedVersion ?? null, documentHash: hash,
      backtestId: backtest?.id ?? null, backtest,
    };
  }

  private async publicationRequest(companyId: string, requestId: string) {
    const [request] = await this.db.select().from(publicationRequests)
      .where(and(eq(publicationRequests.companyId, companyId), eq(publicationRequests.id, requestId)));
    if (!request) throw new NotFound(`Publication request "${requestId}" does not exist`);
    return request;
  }

  /** A running row whose heartbeat stopped and that this process does not run: its process died; it is marked failed. */
  private async abandonedIfStale(row: Row): Promise<Row> {
    if ((row.status !== 'running' && row.status !== 'queued') || this.jobs.has(row.id)) return row;
    const last = Date.parse(row.heartbeatAt ?? row.createdAt);
    if (this.now().getTime() - last < backtestHeartbeatStaleMs) return row;
    const error = 'The process running this backtest stopped (restart or crash): start it again';
    const finishedAt = this.now().toISOString();
    const [updated] = await this.db.update(backtests).set({ status: 'failed', error, finishedAt })
      .where(and(eq(backtests.id, row.id), eq(backtests.status, row.status))).returning();
    return updated ?? row;
  }

  private view(row: Row): Backtest {
    return {
      id: row.id, automationId: row.automationId, version: row.version, documentHash: row.documentHash, publicationRequestId: row.publicationRequestId,
      from: row.fromDate, to: row.toDate, eventKinds: row.eventKinds ? JSON.parse(row.eventKinds) as string[] : null,
      status: row.status as BacktestStatus, progress: { done: row.eventsDone, total: row.eventsTotal }, requestedBy: row.requestedBy,
      createdAt: row.createdAt, startedAt: row.startedAt, finishedAt: row.finishedAt, cancelledBy: row.cancelledBy, error: row.error,
      result: row.result ? JSON.parse(row.result) as BacktestResult : null,
    };
  }
}
