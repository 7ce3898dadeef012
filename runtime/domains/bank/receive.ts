/**
 * Receiving bank lines over the API (`POST …/bank-lines`): each line and its
 * event are stored and committed before anything runs, so nothing is lost;
 * then this process tries to handle the events at once (a worker picks up
 * whatever it cannot). A line seen before runs nothing again.
 */
import type { BankLinesResponse } from '../../../shared/api.ts';
import type { BankLine } from '../../../shared/nodes/index.ts';
import { sourceRef } from '../../../shared/sources.ts';
import { rawExecutor } from '../../db/client.ts';
import { fiscalYearEndOf, sameOriginal, sha256Hex, storeOriginal, type OriginalKind } from '../../originals/store.ts';
import { failpoint } from '../../runs/failpoints.ts';
import { turnOfTheEventLoop, type EventOutcome, type Runner } from '../../runs/runner.ts';
import { bankLineEvent, bankLineKey, storeBankLines, type BankLineForms } from './bank-lines.ts';

/** The answer to a bank-line request too large to run before answering: stored, counted, queued for the worker. */
export interface BankLinesQueued {
  received: number;
  duplicates: number;
  queued: number;
  receivedAt: string;
  originalId?: string;
}

function positiveIntegerFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a whole number of 0 or more, not "${raw}"`);
  return value;
}

export class BankLineReceiver {
  constructor(readonly runner: Runner) {}

  /**
   * Bank lines stored per transaction (one synchronous step of the local
   * database, ≈ 0.1 s for 2 000 lines) before other requests get a turn: one
   * INSERT of the lines and one of their events (JSON parameters), one commit.
   * (500 a transaction made 215 commits of a 100 000-line file; 5 000 cost
   * no less CPU than 2 000 and hold the event loop twice as long.)
   */
  bankLinesChunk = 2_000;

  /**
   * A request with more bank lines than this is stored and answered at once
   * (202, `queued`); the worker runs the automations on it in small batches.
   * Up to this many are run before the answer, which lists each line's runs.
   */
  bankLinesInlineMax = positiveIntegerFromEnv('KONTERA_BANK_LINES_INLINE_MAX', 1000);

  /**
   * Receives bank lines. The local database runs synchronously on this
   * thread, so a big request is stored in transactions of `bankLinesChunk`
   * lines with a turn of the event loop between them (other tenants'
   * requests are served meanwhile), and a request of more than
   * `bankLinesInlineMax` lines is not run here: it is answered once stored
   * (`queued`), and the worker runs it in small batches. Each line is its
   * own event either way: booked once, and a request sent again after a
   * failure stores only what is missing.
   *
   * `original`: the request body or file the lines came in (kind
   * 'bank-lines-request' or 'bank-statement'), stored with the first chunk;
   * `sha256`, when the caller hashed the bytes already (while the file was parsed).
   * `newIds`, when given, gets the ids of the lines that were new.
   * `forms`, when given, are the lines' stored forms (bankLineForms), made
   * ahead — a statement file's while it was still parsed — one per line.
   */
  async receive(companyId: string, lines: BankLine[], original?: { kind: OriginalKind; bytes: Uint8Array; mediaType: string; receivedBy: string; sha256?: string },
    newIds?: Set<string>, forms?: readonly BankLineForms[]): Promise<BankLinesResponse | BankLinesQueued> {
    if (forms && forms.length !== lines.length) throw new Error(`receive: ${forms.length} prepared forms for ${lines.length} lines`);
    const { runner } = this;
    await runner.requireChart(companyId);
    const receivedAt = runner.clock.now().toISOString();
    const fresh: { line: BankLine; eventId: string }[] = [];
    let duplicates = 0;
    let originalId: string | undefined;
    // Hashed once, before the write lock is taken: a 60 MB statement takes a few hundred ms.
    const originalSha256 = original ? original.sha256 ?? sha256Hex(original.bytes) : undefined;
    // Queued (answered once stored): each chunk's events are committed on their own, so a worker of this
    // process is woken after each one and runs start while the later chunks are still being stored.
    const queueing = lines.length > this.bankLinesInlineMax;
    for (let start = 0; start < lines.length; start += this.bankLinesChunk) {
      if (start > 0) await turnOfTheEventLoop();
      const part = lines.slice(start, start + this.bankLinesChunk);
      await runner.db.transaction(async (tx) => {
        const versions = await runner.versionsInForce(tx, companyId, 'bank-line-imported');
        if (original && start === 0) {
          // The request body as received (BFL 7:2), in the same transaction as its lines; kept by the fiscal year of the latest line.
          const documentDate = lines.reduce((latest, line) => (line.bookingDate > latest ? line.bookingDate : latest), '') || null;
          const fiscalYearEnd = documentDate ? await fiscalYearEndOf(tx, companyId, documentDate) : null;
          // A statement file kept before (the same bytes) is the same document: its lines are duplicates, and the
          // first copy stays the original (re-importing changes nothing).
          const kept = original.kind === 'bank-statement' ? await sameOriginal(tx, companyId, original.kind, originalSha256!) : null;
          originalId = kept ?? (await storeOriginal(tx, { companyId, ...original, sha256: originalSha256, receivedAt, documentDate, fiscalYearEnd })).id;
        }
        const stored = await storeBankLines(rawExecutor(tx), part.map((line, i) => ({ companyId, receivedAt, line, originalId, rowElements: forms?.[start + i].rowElements })));
        const fresh_: number[] = [];
        part.forEach((line, i) => { if (stored.has(bankLineKey(companyId, line.id))) fresh_.push(i); });
        const ids = await runner.enqueueMany(tx, companyId, fresh_.map((i) => bankLineEvent(part[i], versions, undefined, forms?.[start + i].payloadLiteral)));
        fresh_.forEach((i, k) => fresh.push({ line: part[i], eventId: ids[k] }));
      });
      if (queueing && fresh.length) runner.onEnqueued?.();
    }
    duplicates = lines.length - fresh.length;
    for (const { line } of fresh) newIds?.add(line.id);
    failpoint('after-store');
    if (queueing) {
      return { received: lines.length, duplicates, queued: fresh.length, receivedAt, ...(originalId ? { originalId } : {}) };
    }
    const processed = new Map<string, EventOutcome>();
    for (let i = 0; i < fresh.length; i += runner.batchSize) {
      if (i > 0) await turnOfTheEventLoop();
      const batch = await runner.claimBatch(runner.batchSize, fresh.slice(i, i + runner.batchSize).map((f) => f.eventId));
      if (batch) for (const [id, outcome] of await runner.processBatch(batch)) processed.set(id, outcome);
    }
    if (processed.size < fresh.length) runner.onEnqueued?.();
    const freshIds = new Map(fresh.map((f) => [f.line.id, f.eventId]));
    const results: BankLinesResponse['results'] = [];
    for (const line of lines) {
      if (results.length && results.length % runner.batchSize === 0) await turnOfTheEventLoop(); // a few queries per line already seen
      const ref = sourceRef('bank-line', line.id);
      const eventId = freshIds.get(line.id);
      const outcome = eventId ? processed.get(eventId) : undefined;
      if (outcome) {
        results.push({ id: line.id, duplicate: false, runs: outcome.runs, exceptionId: outcome.exceptionId });
        continue;
      }
      results.push({ id: line.id, duplicate: !eventId, runs: await runner.runsFor(companyId, ref), exceptionId: await runner.inbox.firstOf(companyId, ref) });
    }
    return { received: lines.length, duplicates, results, ...(originalId ? { originalId } : {}) };
  }
}
