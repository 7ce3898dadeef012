/**
 * Stored reasons in the reader's language (issue 12): a run or an inbox item
 * keeps its reason's message code and parameters beside the English text
 * (migration 0034). For a Swedish reader the lists render them again; a row
 * without a code (older, or a person's own words) shows its stored text.
 * English needs no look-up: the stored text is the English.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { recogniserOf } from '../../shared/i18n/match-reasons.ts';
import { renderMessage, renderStored, type MessageLanguage } from '../../shared/i18n/messages.ts';
import type { Db } from '../db/client.ts';
import { exceptions, runs } from '../db/schema.ts';

const idsPerQuery = 500;
const alreadyBooked = recogniserOf(['run.already_booked'], ['run.what.bank_line', 'run.what.source_document']);

/** The items with their reasons in `language`; `table` says where their codes are. */
export async function inLanguage<T extends { id: string; reason: string | null }>(
  db: Db, table: 'runs' | 'exceptions', companyId: string, items: T[], language: MessageLanguage,
): Promise<T[]> {
  if (language === 'en' || items.length === 0) return items;
  const source = table === 'runs' ? runs : exceptions;
  const codes = new Map<string, { code: string | null; params: string | null }>();
  const ids = items.filter((i) => i.reason !== null).map((i) => i.id);
  for (let at = 0; at < ids.length; at += idsPerQuery) {
    const rows = await db.select({ id: source.id, code: source.reasonCode, params: source.reasonParams }).from(source)
      .where(and(eq(source.companyId, companyId), inArray(source.id, ids.slice(at, at + idsPerQuery))));
    for (const row of rows) codes.set(row.id, row);
  }
  return items.map((item) => {
    const stored = codes.get(item.id);
    if (!stored && item.reason !== null && table === 'runs' && item.id.includes('~')) {
      // an automation that stood aside (runner.ts: skippedSummaries, `<booking run>~<automation>`): no row of its own, its reason in English
      const text = alreadyBooked(item.reason);
      return text ? { ...item, reason: renderMessage(language, text) } : item;
    }
    if (!stored?.code || item.reason === null) return item;
    return { ...item, reason: renderStored(language, { text: item.reason, code: stored.code, params: stored.params }) };
  });
}
