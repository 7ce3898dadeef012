/**
 * A bank line's outcome, as the Bank page and `GET …/bank-lines` show it:
 * read from what was recorded — the payment decisions (effect.ts, manual.ts),
 * the voucher that booked the line (its source ref), the open inbox item —
 * never decided again here.
 */
import { and, asc, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { BankLineListItem, BankLineOutcome } from '../../../../shared/api.ts';
import { sourceRef } from '../../../../shared/sources.ts';
import type { Db } from '../../../db/client.ts';
import { exceptions, voucherLines, vouchers } from '../../../db/schema.ts';
import { bankLines, paymentDecisions } from '../schema.ts';

type LineRow = typeof bankLines.$inferSelect;
type DecisionRow = typeof paymentDecisions.$inferSelect;

const settledKinds = new Set(['matched', 'partial', 'overpaid', 'multi']);

export interface BankLineFilter {
  statementId?: string;
  status?: 'received' | 'handled' | 'unhandled';
  outcome?: BankLineOutcome['kind'];
  from?: string;
  to?: string;
  q?: string;
  limit: number;
  offset: number;
}

/**
 * The outcome kind of a line in SQL, the same rule `withOutcomes` applies
 * row by row: the latest decision that settled something (with its
 * voucher), else the voucher that booked the line (an automation's: a bank
 * rule; a person's), else an exception (a decision without a voucher, or a
 * line nothing handled), else pending. Lets the list filter, page and count
 * by outcome in the database.
 */
const outcomeKindSql = sql`coalesce(
  (SELECT CASE d.kind WHEN 'account' THEN 'booked_by_hand' ELSE d.kind END FROM payment_decisions d
    WHERE d.company_id = bank_lines.company_id AND d.bank_line_id = bank_lines.id AND d.voucher_id IS NOT NULL ORDER BY d.decided_at DESC, d.id DESC LIMIT 1),
  (SELECT CASE WHEN v.automation_id IS NOT NULL THEN 'bank_rule' ELSE 'booked_by_hand' END FROM vouchers v
    WHERE v.company_id = bank_lines.company_id AND v.source_ref = 'bank-line:' || bank_lines.id LIMIT 1),
  CASE WHEN bank_lines.status = 'unhandled'
    OR EXISTS (SELECT 1 FROM payment_decisions d WHERE d.company_id = bank_lines.company_id AND d.bank_line_id = bank_lines.id) THEN 'exception'
  ELSE 'pending' END)`;

export async function listBankLines(db: Db, companyId: string, filter: BankLineFilter): Promise<{ lines: BankLineListItem[]; total: number; counts: Record<string, number> }> {
  const where: SQL[] = [eq(bankLines.companyId, companyId)];
  if (filter.status) where.push(eq(bankLines.status, filter.status));
  if (filter.from) where.push(gte(bankLines.bookingDate, filter.from));
  if (filter.to) where.push(lte(bankLines.bookingDate, filter.to));
  if (filter.statementId) where.push(eq(bankLines.statementId, filter.statementId));
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    where.push(sql`(${bankLines.text} LIKE ${pattern} ESCAPE '\\' OR ${bankLines.reference} LIKE ${pattern} ESCAPE '\\'
      OR ${bankLines.counterparty} LIKE ${pattern} ESCAPE '\\' OR ${bankLines.id} LIKE ${pattern} ESCAPE '\\')`);
  }
  // Counts per outcome over every line the other filters select; the outcome filter then picks one of them.
  const grouped = await db.select({ kind: sql<string>`outcome_kind`, n: sql<number>`count(*)` })
    .from(db.select({ outcomeKind: sql<string>`${outcomeKindSql}`.as('outcome_kind') }).from(bankLines).where(and(...where)).as('classified'))
    .groupBy(sql`outcome_kind`);
  const counts: Record<string, number> = {};
  let all = 0;
  for (const g of grouped) { counts[g.kind] = Number(g.n); all += Number(g.n); }
  const outcomeWhere = filter.outcome ? [...where, sql`(${outcomeKindSql}) = ${filter.outcome}`] : where;
  const rows = await db.select().from(bankLines).where(and(...outcomeWhere))
    .orderBy(desc(bankLines.bookingDate), asc(bankLines.id)).limit(filter.limit).offset(filter.offset);
  const lines = await withOutcomes(db, companyId, rows);
  return { lines, total: filter.outcome ? counts[filter.outcome] ?? 0 : all, counts };
}

export async function bankLineWithOutcome(db: Db, companyId: string, bankLineId: string): Promise<BankLineListItem | null> {
  const rows = await db.select().from(bankLines).where(and(eq(bankLines.companyId, companyId), eq(bankLines.id, bankLineId)));
  if (!rows.length) return null;
  return (await withOutcomes(db, companyId, rows))[0];
}

/** The recorded decisions about a line, oldest first (its history). */
export async function decisionsOf(db: Db, companyId: string, bankLineId: string): Promise<DecisionRow[]> {
  return db.select().from(paymentDecisions)
    .where(and(eq(paymentDecisions.companyId, companyId), eq(paymentDecisions.bankLineId, bankLineId)))
    .orderBy(asc(paymentDecisions.decidedAt), asc(paymentDecisions.id));
}

async function withOutcomes(db: Db, companyId: string, rows: LineRow[]): Promise<BankLineListItem[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const refs = ids.map((id) => sourceRef('bank-line', id));
  const decisions = await db.select().from(paymentDecisions)
    .where(and(eq(paymentDecisions.companyId, companyId), inArray(paymentDecisions.bankLineId, ids)))
    .orderBy(asc(paymentDecisions.decidedAt), asc(paymentDecisions.id));
  // The rule of outcomeKindSql: the latest decision that settled something (with its voucher), else the latest.
  const latest = new Map<string, DecisionRow>();
  for (const d of decisions) {
    const held = latest.get(d.bankLineId);
    if (!held || d.voucherId !== null || held.voucherId === null) latest.set(d.bankLineId, d);
  }
  const booked = await db.select({ id: vouchers.id, sourceRef: vouchers.sourceRef, automationId: vouchers.automationId, registeredBy: vouchers.registeredBy })
    .from(vouchers).where(and(eq(vouchers.companyId, companyId), inArray(vouchers.sourceRef, refs)));
  const voucherOf = new Map(booked.map((v) => [v.sourceRef!, v]));
  const bookedIds = booked.map((v) => v.id);
  const accountLines = bookedIds.length
    ? await db.select({ voucherId: voucherLines.voucherId, account: voucherLines.account }).from(voucherLines)
      .where(inArray(voucherLines.voucherId, bookedIds)).orderBy(asc(voucherLines.voucherId), asc(voucherLines.lineNo))
    : [];
  const open = await db.select({ id: exceptions.id, sourceRef: exceptions.sourceRef }).from(exceptions)
    .where(and(eq(exceptions.companyId, companyId), inArray(exceptions.sourceRef, refs), eq(exceptions.status, 'open')));
  const openOf = new Map(open.map((e) => [e.sourceRef, e.id]));

  return rows.map((row) => {
    const ref = sourceRef('bank-line', row.id);
    const voucher = voucherOf.get(ref);
    const decision = latest.get(row.id);
    let outcome: BankLineOutcome;
    if (decision && decision.voucherId && (!voucher || decision.voucherId === voucher.id)) {
      outcome = fromDecision(decision);
    } else if (voucher) {
      // Booked by a bank rule (or a person's voucher): the account on the other side of the bank account.
      const account = accountLines.find((l) => l.voucherId === voucher.id && l.account !== row.bankAccount)?.account;
      outcome = {
        kind: voucher.automationId ? 'bank_rule' : 'booked_by_hand', allocations: [], voucherId: voucher.id,
        ...(account ? { account } : {}), ...(voucher.automationId ? { automationId: voucher.automationId } : {}), decidedBy: voucher.registeredBy,
      };
    } else if (decision) {
      outcome = fromDecision(decision);
    } else if (row.status === 'unhandled') {
      outcome = { kind: 'exception', allocations: [], exceptionReason: 'no_rule', reasons: ['no automation booked or matched this line'] };
    } else {
      outcome = { kind: 'pending', allocations: [] };
    }
    return {
      id: row.id, bankAccount: row.bankAccount, bookingDate: row.bookingDate, amountMinor: row.amountMinor, currency: row.currency, text: row.text,
      reference: row.reference, counterparty: row.counterparty, status: row.status, receivedAt: row.receivedAt, statementId: row.statementId ?? null,
      outcome, exceptionId: openOf.get(ref) ?? null,
    };
  });
}

function fromDecision(d: DecisionRow): BankLineOutcome {
  const allocations = JSON.parse(d.allocations) as BankLineOutcome['allocations'];
  const settles = settledKinds.has(d.kind) && d.voucherId !== null;
  const kind: BankLineOutcome['kind'] = d.kind === 'account' ? 'booked_by_hand' : settles ? d.kind as BankLineOutcome['kind'] : 'exception';
  return {
    kind,
    allocations: settles ? allocations : [],
    ...(d.excessMinor !== null ? { excessMinor: d.excessMinor } : {}),
    ...(d.remainingMinor !== null ? { remainingMinor: d.remainingMinor } : {}),
    ...(d.account !== null ? { account: d.account } : {}),
    ...(kind === 'exception' ? { exceptionReason: d.exceptionReason ?? 'no_match', candidates: JSON.parse(d.candidates) } : {}),
    reasons: JSON.parse(d.reasons),
    score: d.scoreMilli / 1000,
    ...(d.voucherId !== null ? { voucherId: d.voucherId } : {}),
    ...(d.automationId !== null ? { automationId: d.automationId } : {}),
    decidedBy: d.decidedBy,
  };
}
