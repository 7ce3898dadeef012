/**
 * The exceptions inbox: what no automation handled, with the reason. Items
 * are opened by the commit path (a run's `flag` effect, an event nothing
 * handled), by an event that fails for good, and by the webhook intake; a
 * person resolves them (audited) or runs them again — what "Run again" does
 * is the item's source kind's `retry` (kernel/sources.ts).
 */
import { and, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { ExceptionItem, ExceptionStatus, RunSummary } from '../../shared/api.ts';
import { sourceKinds, sourceKindIds, sourceRef, type SourceKindId } from '../../shared/sources.ts';
import { NotFound } from '../automations/store.ts';
import type { Db } from '../db/client.ts';
import { exceptions } from '../db/schema.ts';
import type { Runner } from '../runs/runner.ts';
import { recordAudit } from './audit.ts';
import type { LedgerClock } from './clock.ts';
import { ExceptionConflict } from './errors.ts';
import { message, renderMessage, storedReason, type Message } from '../../shared/i18n/messages.ts';
import type { EventRow } from './outbox.ts';
import { runtimeSourceKinds, runtimeSourceOf, type RuntimeSourceRegistry, type Unhandled } from './sources.ts';

export { ExceptionConflict } from './errors.ts';

type Writer = Pick<Db, 'insert' | 'update' | 'select'>;

/** What the inbox list can be narrowed to (GET …/exceptions?status=&kind=&automationId=). */
export interface InboxFilter {
  status?: ExceptionStatus;
  kind?: SourceKindId;
  /** an automation's id, or "none" for events nothing handled */
  automationId?: string;
}

/** "resolved at …" / "dismissed at …": why an item that is not open cannot be acted on again. */
export function closedSentence(row: { status: string; resolvedAt: string | null }): Message {
  const dismissed = row.status === 'dismissed';
  if (row.resolvedAt) return message(dismissed ? 'api.exception_already_dismissed_at' : 'api.exception_already_resolved_at', { at: row.resolvedAt });
  return message(dismissed ? 'api.exception_already_dismissed' : 'api.exception_already_resolved');
}

/** The 409 for an inbox item that is no longer open. */
export const closedConflict = (row: { status: string; resolvedAt: string | null }) => {
  const text = closedSentence(row);
  return new ExceptionConflict(renderMessage('en', text), text);
};

export function exceptionItem(r: typeof exceptions.$inferSelect): ExceptionItem {
  return {
    id: r.id, sourceRef: r.sourceRef, reason: r.reason, runId: r.runId, automationId: r.automationId,
    status: r.status, createdAt: r.createdAt, payload: JSON.parse(r.payload),
    resolvedAt: r.resolvedAt, resolvedBy: r.resolvedBy, resolution: r.resolution,
  };
}

export class Inbox {
  constructor(readonly db: Db, readonly clock: LedgerClock, readonly sources: RuntimeSourceRegistry = runtimeSourceKinds) {}

  /**
   * Newest first, at most 500: by status, by the source's kind (its ref's
   * prefix, e.g. "webhook:"), and by automation ("none": events nothing handled).
   */
  async list(companyId: string, filter: InboxFilter | InboxFilter['status'] = {}): Promise<ExceptionItem[]> {
    const { status, kind, automationId } = typeof filter === 'string' ? { status: filter } : filter ?? {};
    const conditions: SQL[] = [eq(exceptions.companyId, companyId)];
    if (status) conditions.push(eq(exceptions.status, status));
    if (kind) conditions.push(sql`substr(${exceptions.sourceRef}, 1, ${sourceKinds[kind].prefix.length}) = ${sourceKinds[kind].prefix}`);
    if (automationId === 'none') conditions.push(isNull(exceptions.automationId));
    else if (automationId) conditions.push(eq(exceptions.automationId, automationId));
    const rows = await this.db.select().from(exceptions).where(and(...conditions)).orderBy(desc(exceptions.createdAt)).limit(500);
    return rows.map(exceptionItem);
  }

  /** A person says what they did about an exception; it leaves the open inbox (audited). */
  async resolve(companyId: string, exceptionId: string, by: string, note: string): Promise<ExceptionItem> {
    const now = this.clock.now().toISOString();
    return this.db.transaction(async (tx) => {
      const [row] = await tx.select().from(exceptions).where(and(eq(exceptions.companyId, companyId), eq(exceptions.id, exceptionId)));
      if (!row) throw new NotFound(`Exception "${exceptionId}" does not exist`);
      if (row.status !== 'open') throw closedConflict(row);
      const [updated] = await tx.update(exceptions).set({ status: 'resolved', resolvedAt: now, resolvedBy: by, resolution: note })
        .where(eq(exceptions.id, exceptionId)).returning();
      await recordAudit(tx, {
        id: this.clock.newId(), companyId, at: now, actor: by, action: 'exception.resolve', subject: `exception:${exceptionId}`,
        details: { sourceRef: row.sourceRef, note },
      });
      return exceptionItem(updated);
    });
  }

  /**
   * "Run again": what the item's source kind does (its `retry`); refused for
   * a source without one. Resolved with the note the retry gives (e.g. when
   * a run posted), otherwise left open.
   */
  async retry(runner: Runner, companyId: string, exceptionId: string, by: string): Promise<{ exception: ExceptionItem; runs: RunSummary[] }> {
    const [row] = await this.db.select().from(exceptions).where(and(eq(exceptions.companyId, companyId), eq(exceptions.id, exceptionId)));
    if (!row) throw new NotFound(`Exception "${exceptionId}" does not exist`);
    if (row.status !== 'open') throw closedConflict(row);
    const source = runtimeSourceOf(row.sourceRef, this.sources);
    if (!source?.runtime.retry) {
      const retried = sourceKindIds.filter((id) => this.sources[id].retry).map((id) => sourceKinds[id].plural);
      const listed = retried.length > 1 ? `${retried.slice(0, -1).join(', ')} and ${retried[retried.length - 1]}` : retried.join('');
      throw new ExceptionConflict(`Only ${listed} can be run again here; run "${row.sourceRef}" again with a manual run`);
    }
    const { runs, resolution } = await source.runtime.retry({ runner, companyId, by }, row, source.parts);
    if (resolution === null) return { exception: exceptionItem(row), runs };
    return { exception: await this.resolve(companyId, exceptionId, by, resolution), runs };
  }

  /** The first inbox item of a source document, if any. */
  async firstOf(companyId: string, ref: string): Promise<string | null> {
    const [exception] = await this.db.select({ id: exceptions.id }).from(exceptions)
      .where(and(eq(exceptions.companyId, companyId), eq(exceptions.sourceRef, ref)));
    return exception?.id ?? null;
  }

  /** The open inbox items of a source document. */
  async openOf(companyId: string, ref: string): Promise<string[]> {
    const open = await this.db.select({ id: exceptions.id }).from(exceptions)
      .where(and(eq(exceptions.companyId, companyId), eq(exceptions.sourceRef, ref), eq(exceptions.status, 'open')));
    return open.map((item) => item.id);
  }

  /** The inbox item of any of these runs (a manual run found again). */
  async ofRuns(companyId: string, runIds: string[]): Promise<string | null> {
    if (!runIds.length) return null;
    const [exception] = await this.db.select({ id: exceptions.id }).from(exceptions)
      .where(and(eq(exceptions.companyId, companyId), inArray(exceptions.runId, runIds))).limit(1);
    return exception?.id ?? null;
  }

  /** An event that failed for good (or kept killing its worker): one item naming its source (or the event). */
  async openForEvent(tx: Pick<Db, 'insert'>, row: EventRow, reason: string, createdAt: string): Promise<void> {
    await tx.insert(exceptions).values({
      id: this.clock.newId(), companyId: row.companyId, sourceRef: row.sourceRef ?? sourceRef('event', row.id),
      reason, runId: null, automationId: row.automationId, status: 'open', payload: row.payload, createdAt,
    }).onConflictDoNothing();
  }

  /**
   * The item a flagged or failed run made when it was committed (or found:
   * the open one of its source and automation): the event's `exceptionId`.
   */
  async flaggedItems(tx: Writer, companyId: string, items: { row: EventRow; summaries: RunSummary[] }[], result: Map<string, string>): Promise<void> {
    const flagged = items.flatMap((i) => {
      const run = i.summaries.find((r) => r.status === 'flagged' || r.status === 'failed');
      return run ? [{ eventId: i.row.id, sourceRef: i.row.sourceRef ?? sourceRef('run', run.id), automationId: run.automationId }] : [];
    });
    for (let i = 0; i < flagged.length; i += 500) {
      const part = flagged.slice(i, i + 500);
      const rows = await tx.select({ id: exceptions.id, sourceRef: exceptions.sourceRef, automationId: exceptions.automationId }).from(exceptions)
        .where(and(eq(exceptions.companyId, companyId), inArray(exceptions.sourceRef, part.map((f) => f.sourceRef))));
      for (const f of part) {
        const row = rows.find((r) => r.sourceRef === f.sourceRef && r.automationId === f.automationId);
        if (row) result.set(f.eventId, row.id);
      }
    }
  }

  /**
   * Events nothing handled: one open item per source (not of an automation);
   * a run again that changes nothing updates its reason. One look-up and one
   * INSERT for a batch.
   */
  async openUnhandled(tx: Writer, companyId: string, inbox: Unhandled[], result: Map<string, string>): Promise<void> {
    if (!inbox.length) return;
    const open = new Map<string, string>();
    for (let i = 0; i < inbox.length; i += 500) {
      // `+status`: by source (exceptions_source_unique), not through every open item of the company (exceptions_company_status),
      // which SQLite chose otherwise — a batch's look-up grew with the inbox (1.2 ms a batch at 5 000 open items)
      const rows = await tx.select({ id: exceptions.id, sourceRef: exceptions.sourceRef }).from(exceptions).where(and(eq(exceptions.companyId, companyId),
        inArray(exceptions.sourceRef, inbox.slice(i, i + 500).map((x) => x.sourceRef)), sql`+${exceptions.status} = 'open'`, isNull(exceptions.automationId)));
      for (const row of rows) open.set(row.sourceRef, row.id);
    }
    const createdAt = this.clock.now().toISOString();
    const fresh: (typeof exceptions.$inferInsert)[] = [];
    for (const item of inbox) {
      const existing = open.get(item.sourceRef);
      if (existing) {
        await tx.update(exceptions).set({ reason: item.reason, ...storedReason(item.reasonText) }).where(eq(exceptions.id, existing));
        result.set(item.eventId, existing);
      } else {
        const id = this.clock.newId();
        fresh.push({ id, companyId, sourceRef: item.sourceRef, reason: item.reason, ...storedReason(item.reasonText), runId: null, automationId: null, status: 'open', payload: item.payload, createdAt });
        result.set(item.eventId, id);
      }
    }
    for (let i = 0; i < fresh.length; i += 200) await tx.insert(exceptions).values(fresh.slice(i, i + 200));
  }
}
