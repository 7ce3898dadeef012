/**
 * Turns events into runs: stores what arrived, fires every published
 * automation with the matching trigger, and commits each run — its vouchers,
 * its run record and any exception — in one transaction.
 */
import { and, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import type { BankLinesResponse, ExceptionItem, RunDetail, RunSummary, TraceStep } from '../../shared/api.ts';
import type { AutomationDocument } from '../../shared/automation/schema.ts';
import type { BankLine } from '../../shared/nodes/index.ts';
import type { AutomationStore } from '../automations/store.ts';
import type { Db } from '../db/client.ts';
import { bankLines, exceptions, runs, vouchers } from '../db/schema.ts';
import { executeRun } from '../engine/engine.ts';
import type { EngineContext, Logger, RunResult } from '../engine/types.ts';
import { loadChart, type Chart } from '../ledger/chart.ts';
import { checkVoucher } from '../ledger/check.ts';
import { postVouchersWithin, systemClock, type LedgerClock } from '../ledger/ledger.ts';
import { LedgerRefusal } from '../ledger/types.ts';
import { NotFound } from '../automations/store.ts';

export const silentLogger: Logger = { info: () => {}, warn: () => {} };

export interface RunnerOptions {
  clock?: LedgerClock;
  logger?: Logger;
}

type RunRow = typeof runs.$inferSelect;

export class Runner {
  readonly clock: LedgerClock;
  readonly logger: Logger;

  constructor(readonly db: Db, readonly store: AutomationStore, options: RunnerOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
  }

  private engineContext(chart: Chart): EngineContext {
    let proposals = 0;
    return {
      clock: { now: () => this.clock.now(), elapsedMs: () => performance.now() },
      newId: () => this.clock.newId(),
      logger: this.logger,
      ledger: {
        propose: (draft) => {
          try {
            checkVoucher(chart, draft);
            proposals++;
            return { ok: true, ref: `proposal-${proposals}` };
          } catch (error) {
            if (error instanceof LedgerRefusal) return { ok: false, code: error.code, message: error.message, lineIndex: error.lineIndex };
            throw error;
          }
        },
      },
    };
  }

  /** Runs a document on an event without writing anything: the trace and the vouchers it would post. */
  async dryRun(companyId: string, document: AutomationDocument, event: Record<string, unknown>): Promise<RunResult> {
    const chart = await this.requireChart(companyId);
    return executeRun({ runId: 'dry-run', document, event, eventKey: 'dry-run', sourceRef: null }, this.engineContext(chart));
  }

  private async requireChart(companyId: string): Promise<Chart> {
    const chart = await loadChart(this.db, companyId);
    if (!chart) throw new NotFound(`Company "${companyId}" does not exist`);
    return chart;
  }

  /**
   * Receives bank lines: each is stored (committed) before anything runs, so
   * nothing is lost; a line seen before runs nothing again.
   */
  async receiveBankLines(companyId: string, lines: BankLine[]): Promise<BankLinesResponse> {
    const chart = await this.requireChart(companyId);
    const receivedAt = this.clock.now().toISOString();
    const results: BankLinesResponse['results'] = [];
    let duplicates = 0;
    for (const line of lines) {
      const stored = await this.db.insert(bankLines).values({
        companyId, id: line.id, bankAccount: line.bankAccount ?? '1930', bookingDate: line.bookingDate,
        amountMinor: line.amountMinor, currency: line.currency, text: line.text, reference: line.reference,
        counterparty: line.counterparty, receivedAt, status: 'received',
      }).onConflictDoNothing().returning({ id: bankLines.id });
      const sourceRef = `bank-line:${line.id}`;
      if (stored.length === 0) {
        const [previous] = await this.db.select().from(bankLines).where(and(eq(bankLines.companyId, companyId), eq(bankLines.id, line.id)));
        if (previous.status !== 'received') {
          duplicates++;
          const [exception] = await this.db.select({ id: exceptions.id }).from(exceptions)
            .where(and(eq(exceptions.companyId, companyId), eq(exceptions.sourceRef, sourceRef)));
          results.push({ id: line.id, duplicate: true, runs: await this.runsFor(companyId, sourceRef), exceptionId: exception?.id ?? null });
          continue;
        }
        // Stored earlier but never processed (a crash in between): process it now.
      }
      results.push({ id: line.id, duplicate: false, ...(await this.processBankLine(chart, line, sourceRef)) });
    }
    return { received: lines.length, duplicates, results };
  }

  /** Processes lines stored but never handled (e.g. the process died in between). */
  async recoverBankLines(companyId: string): Promise<number> {
    const pending = await this.db.select().from(bankLines).where(and(eq(bankLines.companyId, companyId), eq(bankLines.status, 'received')));
    if (pending.length === 0) return 0;
    const chart = await this.requireChart(companyId);
    for (const row of pending) {
      const line: BankLine = {
        id: row.id, bookingDate: row.bookingDate, amountMinor: row.amountMinor, currency: row.currency, text: row.text,
        reference: row.reference, counterparty: row.counterparty, bankAccount: row.bankAccount,
      };
      await this.processBankLine(chart, line, `bank-line:${row.id}`);
    }
    return pending.length;
  }

  private async processBankLine(chart: Chart, line: BankLine, sourceRef: string): Promise<{ runs: RunSummary[]; exceptionId: string | null }> {
    const companyId = chart.companyId;
    const event = { ...line, bankAccount: line.bankAccount ?? '1930' };
    const documents = await this.store.publishedFor(companyId, 'bank-line-imported');
    const summaries: RunSummary[] = [];
    for (const document of documents) {
      summaries.push(await this.runAndCommit(chart, document, event, sourceRef, sourceRef));
    }
    const handled = summaries.some((r) => r.status === 'posted');
    let exceptionId: string | null = null;
    await this.db.transaction(async (tx) => {
      if (!handled && !summaries.some((r) => r.status === 'flagged' || r.status === 'failed')) {
        const reason = documents.length === 0
          ? 'No published automation is triggered by "Bank line imported"'
          : `No automation handled this bank line: ${summaries.map((r) => `${r.automationId}: ${r.reason}`).join('; ')}`;
        exceptionId = this.clock.newId();
        await tx.insert(exceptions).values({
          id: exceptionId, companyId, sourceRef, reason, runId: null, automationId: null, status: 'open',
          payload: JSON.stringify(event), createdAt: this.clock.now().toISOString(),
        });
      }
      await tx.update(bankLines).set({ status: handled ? 'handled' : 'unhandled' })
        .where(and(eq(bankLines.companyId, companyId), eq(bankLines.id, line.id)));
    });
    return { runs: summaries, exceptionId };
  }

  /** One run, committed as one transaction: its vouchers, its record, its exception. */
  async runAndCommit(chart: Chart, document: AutomationDocument, event: Record<string, unknown>, eventKey: string, sourceRef: string | null): Promise<RunSummary> {
    const companyId = chart.companyId;
    const [existing] = await this.db.select().from(runs)
      .where(and(eq(runs.companyId, companyId), eq(runs.automationId, document.id), eq(runs.eventKey, eventKey)));
    if (existing) return this.summaryOf(existing, await this.voucherIdsOf(existing.id));

    const runId = this.clock.newId();
    const startedAt = this.clock.now().toISOString();
    const started = performance.now();
    let result = await executeRun({ runId, document, event, eventKey, sourceRef }, this.engineContext(chart));
    const durationMs = Math.round((performance.now() - started) * 1000) / 1000;

    const record = async (final: RunResult, tx: Pick<Db, 'insert'>) => {
      await tx.insert(runs).values({
        id: runId, companyId, automationId: document.id, automationVersion: document.version,
        triggerType: document.nodes.find((n) => n.id === final.trace[0]?.nodeId)?.type ?? 'unknown',
        sourceRef, eventKey, status: final.status, reason: final.reason, event: JSON.stringify(event),
        trace: JSON.stringify(final.trace), startedAt, durationMs,
      });
      if (final.status === 'failed' || final.status === 'flagged') {
        await tx.insert(exceptions).values({
          id: this.clock.newId(), companyId, sourceRef: sourceRef ?? `run:${runId}`, reason: final.reason ?? final.status,
          runId, automationId: document.id, status: 'open', payload: JSON.stringify(event), createdAt: startedAt,
        }).onConflictDoNothing();
      }
    };

    let voucherIds: string[] = [];
    try {
      voucherIds = await this.db.transaction(async (tx) => {
        const fresh = await loadChart(tx, companyId);
        const posted = await postVouchersWithin(tx, fresh!, result.vouchers, this.clock);
        await record(result, tx);
        return posted.map((p) => p.voucher.id);
      });
    } catch (error) {
      if (!(error instanceof LedgerRefusal)) throw error;
      // The ledger refused at commit (e.g. the period was locked meanwhile): nothing was posted.
      result = { ...result, status: 'failed', reason: `The ledger refused the voucher: ${error.message}`, vouchers: [] };
      await this.db.transaction(async (tx) => record(result, tx));
    }
    this.logger.info('run finished', { runId, automationId: document.id, status: result.status, sourceRef });
    return {
      id: runId, automationId: document.id, automationVersion: document.version,
      triggerType: document.nodes.find((n) => n.id === result.trace[0]?.nodeId)?.type ?? 'unknown',
      sourceRef, status: result.status, reason: result.reason, startedAt, durationMs, voucherIds,
    };
  }

  private async voucherIdsOf(runId: string): Promise<string[]> {
    const rows = await this.db.select({ id: vouchers.id }).from(vouchers).where(eq(vouchers.runId, runId));
    return rows.map((r) => r.id);
  }

  private summaryOf(row: RunRow, voucherIds: string[]): RunSummary {
    return {
      id: row.id, automationId: row.automationId, automationVersion: row.automationVersion, triggerType: row.triggerType,
      sourceRef: row.sourceRef, status: row.status, reason: row.reason, startedAt: row.startedAt, durationMs: row.durationMs, voucherIds,
    };
  }

  async runsFor(companyId: string, sourceRef: string): Promise<RunSummary[]> {
    return this.listRuns(companyId, { sourceRef });
  }

  async listRuns(companyId: string, filter: { automationId?: string; status?: string; sourceRef?: string; from?: string; to?: string; limit?: number } = {}): Promise<RunSummary[]> {
    const conditions: SQL[] = [eq(runs.companyId, companyId)];
    if (filter.automationId) conditions.push(eq(runs.automationId, filter.automationId));
    if (filter.status) conditions.push(eq(runs.status, filter.status as RunRow['status']));
    if (filter.sourceRef) conditions.push(eq(runs.sourceRef, filter.sourceRef));
    if (filter.from) conditions.push(gte(runs.startedAt, filter.from));
    if (filter.to) conditions.push(lte(runs.startedAt, filter.to));
    const rows = await this.db.select().from(runs).where(and(...conditions)).orderBy(desc(runs.startedAt)).limit(Math.min(filter.limit ?? 100, 1000));
    const out: RunSummary[] = [];
    for (const row of rows) out.push(this.summaryOf(row, await this.voucherIdsOf(row.id)));
    return out;
  }

  async getRun(companyId: string, runId: string): Promise<RunDetail> {
    const [row] = await this.db.select().from(runs).where(and(eq(runs.companyId, companyId), eq(runs.id, runId)));
    if (!row) throw new NotFound(`Run "${runId}" does not exist`);
    return { ...this.summaryOf(row, await this.voucherIdsOf(row.id)), event: JSON.parse(row.event), trace: JSON.parse(row.trace) as TraceStep[] };
  }

  async listExceptions(companyId: string, status?: 'open' | 'resolved'): Promise<ExceptionItem[]> {
    const where = status ? and(eq(exceptions.companyId, companyId), eq(exceptions.status, status)) : eq(exceptions.companyId, companyId);
    const rows = await this.db.select().from(exceptions).where(where).orderBy(desc(exceptions.createdAt)).limit(500);
    return rows.map((r) => ({
      id: r.id, sourceRef: r.sourceRef, reason: r.reason, runId: r.runId, automationId: r.automationId,
      status: r.status, createdAt: r.createdAt, payload: JSON.parse(r.payload),
    }));
  }
}
