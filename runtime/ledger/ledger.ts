/**
 * The only code that writes ledger tables (vouchers, voucher_lines,
 * voucher_sequences). Every write runs in a BEGIN IMMEDIATE transaction, so
 * numbering is gap-free even with several processes on one database.
 */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Voucher } from '../../shared/api.ts';
import type { Db } from '../db/client.ts';
import { accounts, voucherLines, vouchers, voucherSequences } from '../db/schema.ts';
import { loadChart, type Chart } from './chart.ts';
import { checkVoucher } from './check.ts';
import { LedgerRefusal, type PostedVoucher, type VoucherDraft } from './types.ts';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Writer = Db | Tx;

export interface LedgerClock {
  now(): Date;
  newId(): string;
}

export const systemClock: LedgerClock = { now: () => new Date(), newId: () => crypto.randomUUID() };

/**
 * Posts vouchers inside an open transaction (the caller's). All or nothing:
 * the first refusal throws and the caller's transaction rolls back.
 */
export async function postVouchersWithin(
  tx: Writer,
  chart: Chart,
  drafts: VoucherDraft[],
  clock: LedgerClock = systemClock,
): Promise<PostedVoucher[]> {
  const results: PostedVoucher[] = [];
  const registeredAt = clock.now().toISOString();
  for (let index = 0; index < drafts.length; index++) {
    const draft = drafts[index];
    if (draft.idempotencyKey) {
      const [existing] = await tx.select({ id: vouchers.id }).from(vouchers)
        .where(and(eq(vouchers.companyId, chart.companyId), eq(vouchers.idempotencyKey, draft.idempotencyKey)));
      if (existing) {
        results.push({ voucher: (await readVouchers(tx, chart.companyId, [existing.id]))[0], replayed: true });
        continue;
      }
    }
    const { fiscalYear } = checkVoucher(chart, draft, index);
    if (draft.reversesVoucherId) {
      const [already] = await tx.select({ id: vouchers.id }).from(vouchers)
        .where(and(eq(vouchers.companyId, chart.companyId), eq(vouchers.reversesVoucherId, draft.reversesVoucherId)));
      if (already) throw new LedgerRefusal('already_reversed', `Voucher ${draft.reversesVoucherId} is already reversed`, undefined, index);
    }
    const [sequence] = await tx.insert(voucherSequences)
      .values({ companyId: chart.companyId, series: draft.series, fiscalYear, lastNumber: 1 })
      .onConflictDoUpdate({
        target: [voucherSequences.companyId, voucherSequences.series, voucherSequences.fiscalYear],
        set: { lastNumber: sql`${voucherSequences.lastNumber} + 1` },
      })
      .returning({ number: voucherSequences.lastNumber });
    const id = clock.newId();
    await tx.insert(vouchers).values({
      id,
      companyId: chart.companyId,
      series: draft.series,
      number: sequence.number,
      fiscalYear,
      date: draft.date,
      text: draft.text,
      sourceRef: draft.sourceRef ?? null,
      registeredAt,
      registeredBy: draft.registeredBy,
      automationId: draft.automationId ?? null,
      automationVersion: draft.automationVersion ?? null,
      runId: draft.runId ?? null,
      reversesVoucherId: draft.reversesVoucherId ?? null,
      idempotencyKey: draft.idempotencyKey ?? null,
    });
    await tx.insert(voucherLines).values(draft.lines.map((line, lineIndex) => ({
      voucherId: id,
      lineNo: lineIndex + 1,
      companyId: chart.companyId,
      account: line.account,
      debitMinor: line.debitMinor ?? 0,
      creditMinor: line.creditMinor ?? 0,
      currency: line.currency ?? chart.baseCurrency,
      vatCode: line.vatCode ?? null,
      dimensions: JSON.stringify(line.dimensions ?? {}),
      text: line.text ?? null,
    })));
    results.push({
      voucher: toVoucher(
        { id, companyId: chart.companyId, series: draft.series, number: sequence.number, fiscalYear, date: draft.date, text: draft.text,
          sourceRef: draft.sourceRef ?? null, registeredAt, registeredBy: draft.registeredBy, automationId: draft.automationId ?? null,
          automationVersion: draft.automationVersion ?? null, runId: draft.runId ?? null, reversesVoucherId: draft.reversesVoucherId ?? null,
          idempotencyKey: draft.idempotencyKey ?? null },
        draft.lines.map((line, lineIndex) => ({
          voucherId: id, lineNo: lineIndex + 1, companyId: chart.companyId, account: line.account,
          debitMinor: line.debitMinor ?? 0, creditMinor: line.creditMinor ?? 0, currency: line.currency ?? chart.baseCurrency,
          foreignAmountMinor: null, foreignCurrency: null, rateMicros: null, vatCode: line.vatCode ?? null,
          dimensions: JSON.stringify(line.dimensions ?? {}), text: line.text ?? null,
        })),
        chart.accounts, null,
      ),
      replayed: false,
    });
  }
  return results;
}

export class Ledger {
  constructor(readonly db: Db, readonly clock: LedgerClock = systemClock) {}

  /** Posts one or many vouchers in one transaction: all of them, or none. */
  async post(companyId: string, drafts: VoucherDraft[]): Promise<PostedVoucher[]> {
    return this.db.transaction(async (tx) => {
      const chart = await loadChart(tx, companyId);
      if (!chart) throw new LedgerRefusal('unknown_company', `Company "${companyId}" does not exist`);
      return postVouchersWithin(tx, chart, drafts, this.clock);
    });
  }

  /** A correction: a new voucher with debit and credit swapped, linked both ways. */
  async reverse(companyId: string, voucherId: string, options: { date?: string; registeredBy: string; text?: string }): Promise<PostedVoucher> {
    return this.db.transaction(async (tx) => {
      const chart = await loadChart(tx, companyId);
      if (!chart) throw new LedgerRefusal('unknown_company', `Company "${companyId}" does not exist`);
      const [original] = await readVouchers(tx, companyId, [voucherId]);
      if (!original) throw new LedgerRefusal('voucher_not_found', `Voucher ${voucherId} does not exist`);
      if (original.reversesVoucherId) throw new LedgerRefusal('cannot_reverse_reversal', `Voucher ${original.series} ${original.number} is itself a reversal`);
      const [result] = await postVouchersWithin(tx, chart, [{
        date: options.date ?? this.clock.now().toISOString().slice(0, 10),
        series: original.series,
        text: options.text ?? `Rättelse av ${original.series} ${original.number}: ${original.text}`,
        sourceRef: `voucher:${original.id}`,
        registeredBy: options.registeredBy,
        reversesVoucherId: original.id,
        lines: original.lines.map((line) => ({
          account: line.account, debitMinor: line.creditMinor, creditMinor: line.debitMinor, currency: line.currency,
          vatCode: line.vatCode, dimensions: line.dimensions, text: line.text,
        })),
      }], this.clock);
      return result;
    });
  }

  async list(companyId: string, filter: { limit?: number; offset?: number; runId?: string } = {}): Promise<Voucher[]> {
    const where = filter.runId
      ? and(eq(vouchers.companyId, companyId), eq(vouchers.runId, filter.runId))
      : eq(vouchers.companyId, companyId);
    const rows = await this.db.select({ id: vouchers.id }).from(vouchers).where(where)
      .orderBy(desc(vouchers.registeredAt), desc(vouchers.series), desc(vouchers.number))
      .limit(Math.min(filter.limit ?? 100, 1000)).offset(filter.offset ?? 0);
    return readVouchers(this.db, companyId, rows.map((r) => r.id));
  }

  async get(companyId: string, voucherId: string): Promise<Voucher | null> {
    return (await readVouchers(this.db, companyId, [voucherId]))[0] ?? null;
  }
}

type VoucherRow = typeof vouchers.$inferSelect;
type LineRow = typeof voucherLines.$inferSelect;

function toVoucher(row: VoucherRow, lines: LineRow[], accountNames: Map<string, { name: string }>, reversedBy: string | null): Voucher {
  return {
    id: row.id, series: row.series, number: row.number, fiscalYear: row.fiscalYear, date: row.date, text: row.text,
    sourceRef: row.sourceRef, registeredAt: row.registeredAt, registeredBy: row.registeredBy,
    automationId: row.automationId, automationVersion: row.automationVersion, runId: row.runId,
    reversesVoucherId: row.reversesVoucherId, reversedByVoucherId: reversedBy,
    lines: lines.map((l) => ({
      lineNo: l.lineNo, account: l.account, accountName: accountNames.get(l.account)?.name ?? '',
      debitMinor: l.debitMinor, creditMinor: l.creditMinor, currency: l.currency, vatCode: l.vatCode,
      dimensions: JSON.parse(l.dimensions) as Record<string, string>, text: l.text,
    })),
  };
}

/** Vouchers by id, in the order given, with their lines, account names and reversal links. */
export async function readVouchers(db: Pick<Db, 'select'>, companyId: string, ids: string[]): Promise<Voucher[]> {
  if (ids.length === 0) return [];
  const [rows, lines, reversals] = await Promise.all([
    db.select().from(vouchers).where(and(eq(vouchers.companyId, companyId), inArray(vouchers.id, ids))),
    db.select().from(voucherLines).where(inArray(voucherLines.voucherId, ids)).orderBy(asc(voucherLines.voucherId), asc(voucherLines.lineNo)),
    db.select({ id: vouchers.id, reverses: vouchers.reversesVoucherId }).from(vouchers)
      .where(and(eq(vouchers.companyId, companyId), inArray(vouchers.reversesVoucherId, ids))),
  ]);
  const accountNumbers = [...new Set(lines.map((l) => l.account))];
  const names = accountNumbers.length
    ? await db.select({ number: accounts.number, name: accounts.name }).from(accounts)
      .where(and(eq(accounts.companyId, companyId), inArray(accounts.number, accountNumbers)))
    : [];
  const nameMap = new Map(names.map((n) => [n.number, { name: n.name }]));
  const linesBy = new Map<string, LineRow[]>();
  for (const line of lines) linesBy.set(line.voucherId, [...(linesBy.get(line.voucherId) ?? []), line]);
  const reversedBy = new Map(reversals.map((r) => [r.reverses!, r.id]));
  const byId = new Map(rows.map((row) => [row.id, toVoucher(row, linesBy.get(row.id) ?? [], nameMap, reversedBy.get(row.id) ?? null)]));
  return ids.map((id) => byId.get(id)).filter((v): v is Voucher => v !== undefined);
}
