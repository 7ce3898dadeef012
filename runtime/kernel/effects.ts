/**
 * Effect kinds: each thing a run may do to the books or the inbox, in a
 * registry typed by `EffectKindId` (a kind without its entry is a compile
 * error), like the node registries.
 *
 * The contract of an effect kind:
 *
 * - `check(chart, value)` (optional) runs while the engine runs, before
 *   anything is written: pure over the company's chart, it says whether the
 *   effect could be committed (post-voucher: the ledger's `checkVoucher`). A
 *   refusal is a business outcome the engine routes to the node's error
 *   branch. Whatever needs the database is checked again in `commit`.
 * - `commit(ctx, items)` writes every effect of its kind of a batch of runs,
 *   inside the ONE commit transaction of those runs (their run records, the
 *   events marked done and the lease check are in it too: all or nothing).
 *   `items` holds each run with its effects of this kind, in run order.
 *   Kinds commit in registry order, so a later kind sees what an earlier one
 *   did: `run.voucherIds` holds the ids of the vouchers posted for the run so
 *   far (post-voucher appends them in draft order).
 * - To refuse at commit (a period locked meanwhile, an invoice already paid),
 *   throw a `LedgerRefusal` or an `EffectRefusal`: the transaction rolls back,
 *   nothing of any run in it is kept, and the run is recorded `failed` with
 *   the reason (a batch first falls back to one run per transaction, so only
 *   the refused run fails). Any other error is a bug or a transient failure:
 *   the event is retried.
 * - `books: true` when committing the effect books the source document (it
 *   posts a voucher with the run's source ref): for a source booked once (a
 *   bank line), the commit first checks that nothing booked it meanwhile.
 *
 * An effect kind that changes a domain table with a voucher (payment-match,
 * domains/bank/payments/effect.ts: settle customer invoices) lets the
 * voucher be a post-voucher effect of the same run (the node proposes it to
 * the ledger port, which says its place among the run's vouchers) and
 * commits after it: it reads the voucher's id from `run.voucherIds`,
 * updates its table in the same `ctx.tx` with a guard (`UPDATE invoices SET
 * open_minor = open_minor - ? WHERE … AND open_minor >= ?`), and when the
 * guard matches no row throws — an `EffectRefusal` for a business refusal,
 * or another error when the run should be tried again on fresh data (the
 * invoice was settled by another process after the decision). Its table
 * lives in its domain folder; the kernel's commit path does not change.
 * `ctx.ports` (kernel/ports.ts) lets it tell its domain's cache what it
 * committed.
 *
 * The engine's `RunResult` has its own fields (vouchers, flags) and a
 * generic `effects` list (what nodes proposed with `ctx.effect`):
 * `effectsOf(result)` maps a result to effects, dropping all of them but the
 * inbox item when the run failed.
 */
import type { Db } from '../db/client.ts';
import { exceptions } from '../db/schema.ts';
import type { RunResult } from '../engine/types.ts';
import { checkVoucher } from '../ledger/check.ts';
import { postVouchersWithin } from '../ledger/ledger.ts';
import { LedgerRefusal, type VoucherDraft } from '../ledger/types.ts';
import { sourceRef } from '../../shared/sources.ts';
import { paymentMatchEffect, type PaymentMatchValue } from '../domains/bank/payments/effect.ts';
import { EffectRefusal, type CommitContext, type CommitRun, type EffectKind } from './effect-kind.ts';

export { EffectRefusal, StaleRead, type CommitContext, type CommitRun, type EffectCheck, type EffectKind } from './effect-kind.ts';

/** What each effect kind carries. */
export interface EffectValues {
  /** a voucher to post */
  'post-voucher': VoucherDraft;
  /** an item in the exceptions inbox for a person (a flag, or the run's failure) */
  flag: { reason: string };
  /** what the match-payment node decided about a payment: invoices settled (guarded), or why not (domains/bank/payments) */
  'payment-match': PaymentMatchValue;
}
export type EffectKindId = keyof EffectValues;
export type Effect = { [K in EffectKindId]: { kind: K; value: EffectValues[K] } }[EffectKindId];
/** An effect a node proposes through `ctx.effect` (vouchers and flags have their own calls). */
export type DomainEffect = Exclude<Effect, { kind: 'post-voucher' | 'flag' }>;

/** The reason a run failed when its commit was refused, or null when the error is not a refusal. */
export function refusalReason(error: unknown): string | null {
  if (error instanceof LedgerRefusal) return `The ledger refused the voucher: ${error.message}`;
  if (error instanceof EffectRefusal) return error.message;
  return null;
}

const postVoucher: EffectKind<VoucherDraft> = {
  books: true,
  check(chart, draft) {
    try {
      checkVoucher(chart, draft);
      return { ok: true };
    } catch (error) {
      if (error instanceof LedgerRefusal) return { ok: false, code: error.code, message: error.message, lineIndex: error.lineIndex };
      throw error;
    }
  },
  // One multi-row posting for the whole batch (a handful of statements), then each run gets its vouchers' ids.
  async commit({ tx, chart, clock }, items) {
    const posted = await postVouchersWithin(tx, chart, items.flatMap((i) => i.effects), clock);
    let next = 0;
    for (const { run, effects } of items) for (let i = 0; i < effects.length; i++) run.voucherIds.push(posted[next++].voucher.id);
  },
};

const flag: EffectKind<{ reason: string }> = {
  books: false,
  // One open item per source and automation (the unique key): a run again of the same source finds the first.
  async commit({ tx, companyId, clock }, items) {
    const rows = items.flatMap(({ run, effects }) => effects.map((effect) => ({
      id: clock.newId(), companyId, sourceRef: run.sourceRef ?? sourceRef('run', run.runId), reason: effect.reason,
      runId: run.runId, automationId: run.automationId, status: 'open' as const, payload: run.eventJson, createdAt: run.startedAt,
    })));
    if (!rows.length) return;
    await (tx as Pick<Db, 'insert'>).insert(exceptions).values(rows).onConflictDoNothing();
  },
};

export type EffectRegistry = { [K in EffectKindId]: EffectKind<EffectValues[K]> };

/** The registry, in commit order. */
export const effectKinds: EffectRegistry = {
  'post-voucher': postVoucher,
  flag,
  'payment-match': paymentMatchEffect,
};

/** The effects of an engine result: its vouchers, and one inbox item when it was flagged or failed. */
export function effectsOf(result: RunResult): Effect[] {
  const effects: Effect[] = result.vouchers.map((value) => ({ kind: 'post-voucher' as const, value }));
  if (result.status !== 'failed' && result.effects) effects.push(...result.effects);
  if (result.status === 'failed' || result.status === 'flagged') effects.push({ kind: 'flag', value: { reason: result.reason ?? result.status } });
  return effects;
}

/** A registry of effect kinds (the real one, or a test's), in commit order. */
export type AnyEffectRegistry = Readonly<Record<string, EffectKind<never>>>;

/** What committing these effects changes that later decisions may read (the kinds' `claims`). */
export function claimsOf(effects: readonly { kind: string; value: unknown }[], registry: AnyEffectRegistry = effectKinds): string[] {
  return effects.flatMap((e) => registry[e.kind]?.claims?.(e.value as never) ?? []);
}

/** Does committing these effects book the source document? */
export function booksSource(effects: readonly { kind: string }[], registry: AnyEffectRegistry = effectKinds): boolean {
  return effects.some((e) => registry[e.kind]?.books);
}

/**
 * The commit path's effect step: every kind of the registry, in its order,
 * commits the effects of that kind of all the runs (kinds without any are
 * skipped). Inside the caller's transaction.
 */
export async function commitEffects(
  ctx: CommitContext, runs: { run: CommitRun; effects: readonly { kind: string; value: unknown }[] }[], registry: AnyEffectRegistry = effectKinds,
): Promise<void> {
  for (const effect of runs.flatMap((r) => r.effects)) {
    if (!registry[effect.kind]) throw new Error(`No effect kind "${effect.kind}" in the registry`);
  }
  for (const [kind, definition] of Object.entries(registry)) {
    const items = runs.map(({ run, effects }) => ({ run, effects: effects.filter((e) => e.kind === kind).map((e) => e.value as never) }))
      .filter((i) => i.effects.length);
    if (items.length) await definition.commit(ctx, items);
  }
}
