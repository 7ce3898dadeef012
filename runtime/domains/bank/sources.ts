/**
 * The bank domain's source kind, `bank-line:<id>` (shared/sources.ts): a
 * bank line is money that moved once, so it is booked by at most one
 * automation (`bookOnce`). Its runtime side, registered in
 * runtime/kernel/sources.ts.
 */
import { and, eq } from 'drizzle-orm';
import { descriptorOf } from '../../../shared/nodes/index.ts';
import { sourceRef } from '../../../shared/sources.ts';
import { NotFound } from '../../automations/store.ts';
import { rawExecutor } from '../../db/client.ts';
import { jsonParam } from '../../db/json-param.ts';
import { vouchers } from '../../db/schema.ts';
import { ExceptionConflict } from '../../kernel/errors.ts';
import type { RuntimeSourceKind, Unhandled } from '../../kernel/sources.ts';
import { bankLineEvent, bankLineOf } from './bank-lines.ts';
import { bankLines } from './schema.ts';
import { automationNameText, english, message, renderMessage, type Message } from '../../../shared/i18n/messages.ts';

export const bankLineSource: RuntimeSourceKind = {
  /**
   * Runs the published automations again on the bank line behind an
   * exception (after a rule was fixed or added). Refused when the line is
   * already booked. When a run posts, the exception is resolved by it.
   */
  async retry({ runner, companyId }, item, [bankLineId]) {
    const { db, clock } = runner;
    const [booked] = await db.select({ id: vouchers.id }).from(vouchers).where(and(eq(vouchers.companyId, companyId), eq(vouchers.sourceRef, item.sourceRef)));
    if (booked) throw new ExceptionConflict(english('api.bank_line_booked_resolve_instead'), message('api.bank_line_booked_resolve_instead'));
    const [line] = await db.select().from(bankLines).where(and(eq(bankLines.companyId, companyId), eq(bankLines.id, bankLineId)));
    if (!line) throw new NotFound(`Bank line "${bankLineId}" does not exist`);
    const attempt = clock.newId();
    const eventId = await db.transaction(async (tx) => runner.enqueue(tx, companyId,
      bankLineEvent(bankLineOf(line), await runner.versionsInForce(tx, companyId, 'bank-line-imported'), attempt)));
    const outcome = await runner.processNow(eventId);
    const runs = outcome?.runs ?? [];
    const posted = runs.find((r) => r.status === 'posted');
    return { runs, resolution: posted ? `Booked by a retry: ${posted.automationId} v${posted.automationVersion}, run ${posted.id}` : null };
  },

  /** "Run now" on a stored bank line: its stored event, for an automation triggered by bank lines. */
  async manual({ runner, companyId }, [bankLineId], automation, versions) {
    if (automation.triggerType !== 'bank-line-imported') {
      return { refused: { path: 'source', message: `Automation "${automation.id}" is triggered by "${descriptorOf(automation.triggerType)?.label ?? automation.triggerType}", not by a bank line: run it on an event instead` } };
    }
    const [line] = await runner.db.select().from(bankLines).where(and(eq(bankLines.companyId, companyId), eq(bankLines.id, bankLineId)));
    if (!line) throw new NotFound(`Bank line "${bankLineId}" does not exist`);
    const { payload: event, sourceRef: ref, triggerType } = bankLineEvent(bankLineOf(line), versions);
    return { event, sourceRef: ref, triggerType };
  },

  /**
   * After its runs: the line's status (handled when a run posted), and one
   * open inbox item when nothing handled it (a run again that changes
   * nothing updates its reason) — in two UPDATEs for a batch.
   */
  async afterRuns(tx, { companyId, automationName }, items) {
    const handled: string[] = [];
    const unhandled: string[] = [];
    const inbox: Unhandled[] = [];
    for (const item of items) {
      const posted = item.summaries.some((r) => r.status === 'posted');
      (posted ? handled : unhandled).push(String(item.payload.id));
      if (!posted && !item.summaries.some((r) => r.status === 'flagged' || r.status === 'failed')) {
        const reasonText = item.automationCount === 0
          ? message('inbox.no_published_automation')
          : unhandledReason(item.summaries.map((r) => ({
            name: automationNameText(r.automationId, automationName(r.automationId)), reason: r.reason ?? english('run.no_action_ran'), reasonText: item.reasonTexts?.get(r.id),
          })));
        inbox.push({
          eventId: item.row.id, sourceRef: item.row.sourceRef ?? sourceRef('event', item.row.id), payload: item.row.payload,
          reason: renderMessage('en', reasonText), reasonText,
        });
      }
    }
    for (const [status, ids] of [['handled', handled], ['unhandled', unhandled]] as const) {
      for (let i = 0; i < ids.length; i += 500) {
        // raw SQL, the ids as one JSON parameter (one prepared statement): once or twice a batch of up to 500 lines
        await rawExecutor(tx).execute({
          sql: 'UPDATE bank_lines SET status = ? WHERE company_id = ? AND id IN (SELECT value FROM json_each(?))', args: [status, companyId, jsonParam(ids.slice(i, i + 500))],
        });
      }
    }
    return inbox;
  },
};

/**
 * Why nothing handled a line, for a person: what the automations that
 * looked at it closely said (a payment not matched, a rule that stopped on
 * a field), then the names of those whose condition simply did not apply.
 */
export function unhandledReason(runs: { name: string | Message; reason: string; reasonText?: Message }[]): Message {
  const notForIt = (run: { reason: string; reasonText?: Message }) =>
    run.reasonText?.code === 'run.branch_leads_nowhere' || /took the "[^"]+" branch, which leads nowhere$/.test(run.reason);
  const said = runs.filter((r) => !notForIt(r)).map((r) => message('inbox.automation_said', { name: r.name, reason: r.reasonText ?? r.reason }));
  const passed = runs.filter((r) => notForIt(r)).map((r) => r.name);
  const rest = passed.length ? [message(said.length ? 'inbox.other_rules_did_not_apply' : 'inbox.rules_did_not_apply', { names: { items: passed, join: ', ' } })] : [];
  return message('inbox.no_automation_handled', { details: [...said, ...rest] });
}
