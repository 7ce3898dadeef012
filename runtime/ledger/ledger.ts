/**
 * The only code that writes ledger tables (vouchers, voucher_lines,
 * voucher_sequences). Every write runs in a BEGIN IMMEDIATE transaction, so
 * numbering is gap-free even with several processes on one database.
 */
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Voucher } from '../../shared/api.ts';
import { sourceRef } from '../../shared/sources.ts';
import { insertRows, rawExecutor, type Db } from '../db/client.ts';
import { systemClock, type LedgerClock } from '../kernel/clock.ts';
import { accounts, voucherLines, vouchers } from '../db/schema.ts';
import { loadChart, type Chart } from './chart.ts';
import { checkVoucher } from './check.ts';
import { LedgerRefusal, type PostedVoucher, type VoucherDraft } from './types.ts';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Writer = Db | Tx;

// The clock moved to the kernel; re-exported for the ledger's callers.
export { systemClock, type LedgerClock } from '../kernel/clock.ts';

/**
 * Posts vouchers inside an open transaction (the caller's). All or nothing:
 * the first refusal throws and the caller's transaction rolls back. Batched:
 * one idempotency look-up, one sequence update per series and year, and
 * multi-row inserts, so a batch costs a handful of statements.
 */
export async function postVouchersWithin(
  tx: Writer,
  chart: Chart,
  drafts: VoucherDraft[],
  clock: LedgerClock = systemClock,
): Promise<PostedVoucher[]> {
  const results: (PostedVoucher | undefined)[] = new Array(drafts.length);
  const registeredAt = clock.now().toISOString();
  const companyId = chart.companyId;

  // 1. Idempotency: keys posted before return the first voucher; a key repeated inside the batch too.
  const raw = rawExecutor(tx);
  const keys = [...new Set(drafts.map((d) => d.idempotencyKey).filter((k): k is string => !!k))];
  const earlier = new Map<string, string>();
  for (let i = 0; i < keys.length; i += 500) {
    const chunk = keys.slice(i, i + 500);
    const found = await raw.execute({
      sql: `SELECT id, idempotency_key FROM vouchers WHERE company_id = ? AND idempotency_key IN (${chunk.map(() => '?').join(',')})`,
      args: [companyId, ...chunk],
    });
    for (const row of found.rows) earlier.set(String(row.idempotency_key), String(row.id));
  }
  const firstInBatch = new Map<string, number>();
  const fresh: { index: number; fiscalYear: number }[] = [];
  const replayOf = new Map<number, number>(); // index → index of the first draft with the same key
  for (let index = 0; index < drafts.length; index++) {
    const key = drafts[index].idempotencyKey;
    if (key && earlier.has(key)) continue;
    if (key && firstInBatch.has(key)) { replayOf.set(index, firstInBatch.get(key)!); continue; }
    if (key) firstInBatch.set(key, index);
    // 2. The rules: balance, accounts, periods, dimensions… (throws a LedgerRefusal naming the voucher).
    fresh.push({ index, fiscalYear: checkVoucher(chart, drafts[index], index).fiscalYear });
  }
  if (earlier.size) {
    const replayed = await readVouchers(tx, companyId, [...new Set(earlier.values())]);
    const byId = new Map(replayed.map((v) => [v.id, v]));
    drafts.forEach((d, index) => {
      if (d.idempotencyKey && earlier.has(d.idempotencyKey)) results[index] = { voucher: byId.get(earlier.get(d.idempotencyKey)!)!, replayed: true };
    });
  }

  // 3. Reversals: a voucher is reversed at most once (the unique index says so too).
  for (const { index } of fresh) {
    const reverses = drafts[index].reversesVoucherId;
    if (!reverses) continue;
    const [already] = await tx.select({ id: vouchers.id }).from(vouchers)
      .where(and(eq(vouchers.companyId, companyId), eq(vouchers.reversesVoucherId, reverses)));
    if (already) throw new LedgerRefusal('already_reversed', `Voucher ${reverses} is already reversed`, undefined, index);
  }

  // 4. Gap-free numbers: advance each (series, year) counter once by the batch's count.
  const groups = new Map<string, { series: string; fiscalYear: number; indexes: number[] }>();
  for (const { index, fiscalYear } of fresh) {
    const key = `${drafts[index].series}\u0000${fiscalYear}`;
    const group = groups.get(key) ?? { series: drafts[index].series, fiscalYear, indexes: [] };
    group.indexes.push(index);
    groups.set(key, group);
  }
  const numbers = new Map<number, { number: number; fiscalYear: number }>();
  for (const group of groups.values()) {
    const count = group.indexes.length;
    // UPDATE first, INSERT only for a new series and year: the database refuses an INSERT that meets an
    // existing sequence (an UPSERT included), so that REPLACE cannot reset a counter (0014).
    // Safe inside the write transaction: no other writer can insert the row in between.
    let sequence = await raw.execute({
      sql: 'UPDATE voucher_sequences SET last_number = last_number + ? WHERE company_id = ? AND series = ? AND fiscal_year = ? RETURNING last_number',
      args: [count, companyId, group.series, group.fiscalYear],
    });
    if (!sequence.rows.length) {
      sequence = await raw.execute({
        sql: 'INSERT INTO voucher_sequences (company_id, series, fiscal_year, last_number) VALUES (?, ?, ?, ?) RETURNING last_number',
        args: [companyId, group.series, group.fiscalYear, count],
      });
    }
    const last = Number(sequence.rows[0].last_number);
    group.indexes.forEach((index, i) => numbers.set(index, { number: last - count + 1 + i, fiscalYear: group.fiscalYear }));
  }

  // 5. Multi-row inserts.
  const voucherRows: VoucherRow[] = [];
  const lineRows: LineRow[] = [];
  const linesOf = new Map<string, LineRow[]>();
  for (const { index } of fresh) {
    const draft = drafts[index];
    const { number, fiscalYear } = numbers.get(index)!;
    const row: VoucherRow = {
      id: clock.newId(), companyId, series: draft.series, number, fiscalYear, date: draft.date, text: draft.text,
      sourceRef: draft.sourceRef ?? null, registeredAt, registeredBy: draft.registeredBy,
      automationId: draft.automationId ?? null, automationVersion: draft.automationVersion ?? null, runId: draft.runId ?? null,
      reversesVoucherId: draft.reversesVoucherId ?? null, idempotencyKey: draft.idempotencyKey ?? null,
      counterpartyName: draft.counterparty ? draft.counterparty.name.trim() : null,
      counterpartyId: draft.counterparty ? draft.counterparty.id?.trim() || null : null,
    };
    voucherRows.push(row);
    const lines = draft.lines.map((line, lineIndex): LineRow => ({
      voucherId: row.id, lineNo: lineIndex + 1, companyId, account: line.account,
      debitMinor: line.debitMinor ?? 0, creditMinor: line.creditMinor ?? 0, currency: chart.baseCurrency,
      ...foreignOf(line, chart.baseCurrency), rateMicros: null, vatCode: line.vatCode ?? null,
      dimensions: JSON.stringify(line.dimensions ?? {}), text: line.text ?? null,
    }));
    lineRows.push(...lines);
    linesOf.set(row.id, lines);
    results[index] = { voucher: toVoucher(row, lines, chart.accounts, null), replayed: false };
  }
  await insertRows(raw, 'vouchers', voucherColumns, voucherRows, 500);
  await insertRows(raw, 'voucher_lines', lineColumns, lineRows, 1000);

  for (const [index, first] of replayOf) results[index] = { voucher: results[first]!.voucher, replayed: true };
  return results as PostedVoucher[];
}

const voucherColumns: [string, keyof VoucherRow][] = [
  ['id', 'id'], ['company_id', 'companyId'], ['series', 'series'], ['number', 'number'], ['fiscal_year', 'fiscalYear'], ['date', 'date'],
  ['text', 'text'], ['source_ref', 'sourceRef'], ['registered_at', 'registeredAt'], ['registered_by', 'registeredBy'],
  ['automation_id', 'automationId'], ['automation_version', 'automationVersion'], ['run_id', 'runId'],
  ['reverses_voucher_id', 'reversesVoucherId'], ['idempotency_key', 'idempotencyKey'],
  ['counterparty_name', 'counterpartyName'], ['counterparty_id', 'counterpartyId'],
];
const lineColumns: [string, keyof LineRow][] = [
  ['voucher_id', 'voucherId'], ['line_no', 'lineNo'], ['company_id', 'companyId'], ['account', 'account'], ['debit_minor', 'debitMinor'],
  ['credit_minor', 'creditMinor'], ['currency', 'currency'], ['vat_code', 'vatCode'], ['dimensions', 'dimensions'], ['text', 'text'],
  ['foreign_currency', 'foreignCurrency'], ['foreign_amount_minor', 'foreignAmountMinor'], ['rate', 'rate'],
];

/** The stored form of a line's currency, amount and rate (checked by checkVoucher): null for a line in the base currency. */
function foreignOf(line: VoucherDraft['lines'][number], baseCurrency: string): Pick<LineRow, 'foreignCurrency' | 'foreignAmountMinor' | 'rate'> {
  const currency = line.currency ?? baseCurrency;
  return currency === baseCurrency
    ? { foreignCurrency: null, foreignAmountMinor: null, rate: null }
    : { foreignCurrency: currency, foreignAmountMinor: line.currencyAmountMinor ?? null, rate: line.rate ?? null };
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
      return reverseWithin(tx, chart, original, { date: options.date ?? this.clock.now().toISOString().slice(0, 10), registeredBy: options.registeredBy, text: options.text }, this.clock);
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

/**
 * A correction inside the caller's transaction: a new voucher with debit and
 * credit swapped on the same accounts (also one deactivated since), linked
 * both ways, dated no earlier than the voucher it reverses.
 */
export async function reverseWithin(
  tx: Writer, chart: Chart, original: Voucher,
  options: { date: string; registeredBy: string; text?: string; idempotencyKey?: string }, clock: LedgerClock = systemClock,
): Promise<PostedVoucher> {
  if (original.reversesVoucherId) throw new LedgerRefusal('cannot_reverse_reversal', `Voucher ${original.series} ${original.number} is itself a reversal`);
  if (options.date < original.date) {
    throw new LedgerRefusal('reversal_before_original', `A reversal cannot be dated ${options.date}, before the voucher it reverses (${original.series} ${original.number}, ${original.date})`);
  }
  const [result] = await postVouchersWithin(tx, chart, [{
    date: options.date,
    series: original.series,
    text: options.text ?? `Rättelse av ${original.series} ${original.number}: ${original.text}`,
    sourceRef: sourceRef('voucher', original.id),
    counterparty: original.counterparty ?? null,
    registeredBy: options.registeredBy,
    reversesVoucherId: original.id,
    idempotencyKey: options.idempotencyKey ?? null,
    lines: original.lines.map((line) => ({
      account: line.account, debitMinor: line.creditMinor, creditMinor: line.debitMinor, currency: line.currency,
      currencyAmountMinor: line.currencyAmountMinor ?? null, rate: line.rate ?? null, vatCode: line.vatCode, dimensions: line.dimensions, text: line.text,
    })),
  }], clock);
  return result;
}

type VoucherRow = typeof vouchers.$inferSelect;
type LineRow = typeof voucherLines.$inferSelect;

function toVoucher(row: VoucherRow, lines: LineRow[], accountNames: Map<string, { name: string }>, reversedBy: string | null): Voucher {
  return {
    id: row.id, series: row.series, number: row.number, fiscalYear: row.fiscalYear, date: row.date, text: row.text,
    sourceRef: row.sourceRef, registeredAt: row.registeredAt, registeredBy: row.registeredBy,
    automationId: row.automationId, automationVersion: row.automationVersion, runId: row.runId,
    reversesVoucherId: row.reversesVoucherId, reversedByVoucherId: reversedBy,
    counterparty: row.counterpartyName === null ? null : { name: row.counterpartyName, id: row.counterpartyId },
    lines: lines.map((l) => ({
      lineNo: l.lineNo, account: l.account, accountName: accountNames.get(l.account)?.name ?? '',
      debitMinor: l.debitMinor, creditMinor: l.creditMinor, currency: l.foreignCurrency ?? l.currency,
      currencyAmountMinor: l.foreignCurrency ? l.foreignAmountMinor : null, rate: l.foreignCurrency ? l.rate : null, vatCode: l.vatCode,
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
