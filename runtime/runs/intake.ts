/**
 * The webhook intake, second half. A signed delivery is acknowledged once
 * its row in `webhook_deliveries` is committed (with its checked payload and
 * the versions in force at arrival: `webhooks/endpoints.ts`). Here the worker
 * turns waiting deliveries into what they mean — bank lines and outbox
 * events, exactly as if they had been stored at once — and marks them moved,
 * all in ONE write transaction per batch.
 *
 * Safe with any number of workers on one database without leases: the
 * waiting rows are read inside the write transaction, so two movers are
 * serialised by the database's write lock and the second finds nothing left;
 * a crash rolls the whole batch back and the next mover does it again. Bank
 * lines (per company and entry reference) and events (per company and key)
 * are idempotent, so a line that arrived before, by any path, adds no event.
 */
import { deliveryOriginalId } from '../originals/store.ts';
import type { BankLine } from '../../shared/nodes/index.ts';
import { sourceRef } from '../../shared/sources.ts';
import { rawExecutor, type Db } from '../db/client.ts';
import { bankLineEvent, bankLineKey, storeBankLines, type ReceivedBankLine } from '../domains/bank/bank-lines.ts';
import { ExceptionConflict } from '../kernel/errors.ts';
import type { EventInput as OutboxEventInput } from '../kernel/outbox.ts';
import type { RunSummary } from '../../shared/api.ts';
import type { RuntimeSourceKind } from '../kernel/sources.ts';
import type { Runner } from './runner.ts';

interface Waiting {
  endpointId: string;
  webhookId: string;
  receivedAt: string;
  companyId: string;
  triggerType: string;
  payload: string;
  versions: Record<string, number>;
  /** the delivery's stored original (null for deliveries stored before originals were kept) */
  originalId: string | null;
}

type EventInput = Omit<OutboxEventInput, 'automationId' | 'availableAt'>;

/**
 * Moves up to `max` waiting deliveries, oldest first; returns how many it
 * moved. If the batch fails, each delivery is moved on its own; one the
 * database refuses for good (a constraint, a payload that does not parse)
 * is marked moved with an exception in the inbox naming the delivery and the
 * reason, so that it cannot hold up the deliveries behind it. Any other
 * failure (a lock held too long, a server out of reach) is thrown: nothing
 * changed, and the next drain tries again.
 */
export async function moveReceivedDeliveries(db: Db, runner: Runner, max: number): Promise<number> {
  // A read first (no write lock): when nothing waits, which is most polls, this is all.
  const { rows } = await rawExecutor(db).execute({
    sql: 'SELECT endpoint_id, webhook_id FROM webhook_deliveries WHERE moved_at IS NULL ORDER BY received_at LIMIT ?', args: [max],
  });
  if (!rows.length) return 0;
  try {
    return (await moveBatch(db, runner, { max })).moved;
  } catch (error) {
    if (!refusedForGood(error)) throw error;
    runner.logger.warn('moving webhook deliveries failed; moving them one by one', { size: rows.length, error: (error as Error).message });
  }
  let moved = 0;
  for (const row of rows) {
    const key = { endpointId: String(row.endpoint_id), webhookId: String(row.webhook_id) };
    try {
      moved += (await moveBatch(db, runner, { only: key })).moved;
    } catch (error) {
      if (!refusedForGood(error)) throw error;
      moved += await refuse(db, runner, key, error as Error);
    }
  }
  return moved;
}

/** An error that the same delivery will meet again however often it is tried. */
function refusedForGood(error: unknown): boolean {
  if (error instanceof SyntaxError || error instanceof TypeError) return true; // the stored payload does not parse as it should
  const code = (error as { code?: unknown }).code;
  return code === 'SQLITE_CONSTRAINT' || code === 'SQLITE_MISMATCH' || code === 'SQLITE_TOOBIG';
}

/** The inbox source of a delivery the intake refused: the endpoint and the webhook-id name it. */
export const refusedDeliveryRef = (endpointId: string, webhookId: string) => sourceRef('webhook-delivery', endpointId, webhookId);

/**
 * The source kind `webhook-delivery:<endpoint>:<webhook-id>` (registered in
 * runtime/kernel/sources.ts): a delivery the intake could not store (its
 * exception has no run). "Run again" stores it again now that the cause may
 * be fixed, runs its events at once, and resolves the exception. If the
 * database still refuses it, nothing changes and the caller gets the reason (409).
 */
export const refusedDeliverySource: RuntimeSourceKind = {
  async retry({ runner }, _item, [endpointId, webhookId]) {
    let eventIds: string[];
    try {
      eventIds = await moveAgain(runner.db, runner, endpointId, webhookId);
    } catch (error) {
      throw new ExceptionConflict(`The delivery still cannot be stored: ${(error as Error).message}`);
    }
    const runs: RunSummary[] = [];
    for (const eventId of eventIds) runs.push(...((await runner.processNow(eventId))?.runs ?? []));
    const resolution = `Stored by a retry: ${eventIds.length} event${eventIds.length === 1 ? '' : 's'}${runs.length ? `, runs ${runs.map((r) => r.id).join(', ')}` : ''}`;
    return { runs, resolution };
  },
};

/**
 * Puts a delivery that was refused (its exception says why) back in the
 * intake and moves it now, in one transaction: after the cause was fixed,
 * its bank lines and events are stored as if it had just arrived (with the
 * versions in force when it did). Returns the events it became; throws what
 * the database still refuses, and then nothing changed. A delivery that
 * already became events is not moved again.
 */
export async function moveAgain(db: Db, runner: Runner, endpointId: string, webhookId: string): Promise<string[]> {
  const { moved, events } = await moveBatch(db, runner, { only: { endpointId, webhookId }, again: true });
  if (!moved) throw new Error(`Webhook delivery "${webhookId}" (endpoint ${endpointId}) is not waiting to be stored again`);
  return events;
}

/**
 * Moves, in one transaction, the oldest `max` waiting deliveries, or the one
 * given (`again`: one refused before). Returns how many, and the events made.
 */
async function moveBatch(db: Db, runner: Runner, which: { max?: number; only?: { endpointId: string; webhookId: string }; again?: boolean })
  : Promise<{ moved: number; events: string[] }> {
  const { max = 1, only, again = false } = which;
  return db.transaction(async (tx) => {
    const sqlOf = rawExecutor(tx);
    const columns = 'endpoint_id, webhook_id, received_at, company_id, trigger_type, payload, versions, original_sha256';
    const { rows: found } = await sqlOf.execute(only
      ? { sql: `SELECT ${columns} FROM webhook_deliveries WHERE endpoint_id = ? AND webhook_id = ? AND ${again ? 'moved_at IS NOT NULL AND event_id IS NULL' : 'moved_at IS NULL'}`,
        args: [only.endpointId, only.webhookId] }
      : { sql: `SELECT ${columns} FROM webhook_deliveries WHERE moved_at IS NULL ORDER BY received_at LIMIT ?`, args: [max] });
    if (!found.length) return { moved: 0, events: [] };
    // A row without a payload was stored by a process of the version before the intake, which stored
    // its bank lines and events at once (a rolling upgrade): it is only marked moved.
    const rows = found.filter((r) => r.payload !== null);
    const handledBefore = found.filter((r) => r.payload === null);
    const waiting: Waiting[] = rows.map((r) => ({
      endpointId: String(r.endpoint_id), webhookId: String(r.webhook_id), receivedAt: String(r.received_at), companyId: String(r.company_id),
      triggerType: String(r.trigger_type), payload: String(r.payload), versions: JSON.parse(String(r.versions)) as Record<string, number>,
      originalId: r.original_sha256 === null || r.original_sha256 === undefined ? null : deliveryOriginalId(String(r.endpoint_id), String(r.webhook_id)),
    }));

    // Bank lines: the first occurrence of a line (per company) is the one inserted; one stored before adds nothing.
    const linesOf = new Map<Waiting, BankLine[]>();
    const lines = new Map<string, ReceivedBankLine>();
    for (const d of waiting) {
      if (d.triggerType !== 'bank-line-imported') continue;
      const received = JSON.parse(d.payload) as BankLine[];
      linesOf.set(d, received);
      for (const line of received) {
        const key = bankLineKey(d.companyId, line.id);
        if (!lines.has(key)) lines.set(key, { companyId: d.companyId, receivedAt: d.receivedAt, line, originalId: d.originalId });
      }
    }
    const freshLines = lines.size ? await storeBankLines(sqlOf, [...lines.values()]) : new Set<string>();

    // Events, per company: each fresh line, or the delivery itself, with the versions in force when it arrived.
    const byCompany = new Map<string, { delivery: Waiting; event: EventInput }[]>();
    for (const d of waiting) {
      const queued = byCompany.get(d.companyId) ?? [];
      byCompany.set(d.companyId, queued);
      const received = linesOf.get(d);
      if (received) {
        for (const line of received) {
          if (!freshLines.delete(bankLineKey(d.companyId, line.id))) continue; // stored before, or earlier in this batch
          queued.push({ delivery: d, event: bankLineEvent(line, d.versions) });
        }
      } else {
        queued.push({ delivery: d, event: {
          triggerType: d.triggerType, eventKey: `webhook:${d.endpointId}:${d.webhookId}`, sourceRef: sourceRef('webhook', d.webhookId),
          payload: JSON.parse(d.payload) as Record<string, unknown>, versions: d.versions,
        } });
      }
    }
    const firstEvent = new Map<Waiting, string>();
    const made: string[] = [];
    for (const [companyId, queued] of byCompany) {
      if (!queued.length) continue;
      const ids = await runner.enqueueMany(tx, companyId, queued.map((q) => q.event));
      made.push(...ids);
      queued.forEach((q, i) => { if (!firstEvent.has(q.delivery)) firstEvent.set(q.delivery, ids[i]); });
    }

    const movedAt = runner.clock.now().toISOString();
    const marked = [...waiting, ...handledBefore.map((r) => ({ endpointId: String(r.endpoint_id), webhookId: String(r.webhook_id) }) as Waiting)];
    for (let start = 0; start < marked.length; start += 300) {
      const part = marked.slice(start, start + 300);
      await sqlOf.execute({
        sql: `UPDATE webhook_deliveries SET moved_at = ?, event_id = v.column3
          FROM (VALUES ${part.map(() => '(?, ?, ?)').join(', ')}) AS v
          WHERE webhook_deliveries.endpoint_id = v.column1 AND webhook_deliveries.webhook_id = v.column2`,
        args: [movedAt, ...part.flatMap((d) => [d.endpointId, d.webhookId, firstEvent.get(d) ?? null])],
      });
    }
    return { moved: marked.length, events: made };
  });
}

/** A delivery that cannot be moved: marked moved, with an exception in the inbox (both or neither). */
async function refuse(db: Db, runner: Runner, key: { endpointId: string; webhookId: string }, error: Error): Promise<number> {
  return db.transaction(async (tx) => {
    const sqlOf = rawExecutor(tx);
    const { rows } = await sqlOf.execute({
      sql: 'SELECT company_id, payload FROM webhook_deliveries WHERE endpoint_id = ? AND webhook_id = ? AND moved_at IS NULL', args: [key.endpointId, key.webhookId],
    });
    if (!rows.length) return 0;
    const now = runner.clock.now().toISOString();
    await sqlOf.execute({
      sql: `INSERT INTO exceptions (id, company_id, source_ref, reason, status, payload, created_at) VALUES (?, ?, ?, ?, 'open', ?, ?) ON CONFLICT DO NOTHING`,
      args: [runner.clock.newId(), String(rows[0].company_id), refusedDeliveryRef(key.endpointId, key.webhookId),
        `Webhook delivery ${key.webhookId} (endpoint ${key.endpointId}) was accepted but could not be stored: ${error.message}`, String(rows[0].payload), now],
    });
    await sqlOf.execute({ sql: 'UPDATE webhook_deliveries SET moved_at = ? WHERE endpoint_id = ? AND webhook_id = ?', args: [now, key.endpointId, key.webhookId] });
    runner.logger.warn('webhook delivery could not be stored; it is in the exceptions inbox', { webhookId: key.webhookId, error: error.message });
    return 1;
  });
}

/** Deliveries acknowledged and not yet moved into the outbox, and the oldest one's arrival: of one company, or of all. */
export async function waitingDeliveries(db: Db, companyId?: string): Promise<{ count: number; oldest: string | null }> {
  const { rows: [row] } = await rawExecutor(db).execute({
    sql: `SELECT count(*) AS n, min(received_at) AS oldest FROM webhook_deliveries WHERE moved_at IS NULL${companyId ? ' AND company_id = ?' : ''}`,
    args: companyId ? [companyId] : [],
  });
  return { count: Number(row.n), oldest: row.oldest === null ? null : String(row.oldest) };
}
