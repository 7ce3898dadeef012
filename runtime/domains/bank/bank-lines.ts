/**
 * Bank lines as they arrive (the API, a webhook endpoint): stored once per
 * company and entry reference, and each new one becomes an outbox event.
 * One definition for every path that receives them.
 */
import type { BankLine } from '../../../shared/nodes/index.ts';
import { sourceRef } from '../../../shared/sources.ts';
import type { SqlExecutor } from '../../db/client.ts';
import { jsonElements, jsonParam, wellFormedText } from '../../db/json-param.ts';

export interface ReceivedBankLine {
  companyId: string;
  receivedAt: string;
  line: BankLine;
  /** the stored original (request body, webhook delivery) the line came in */
  originalId?: string | null;
  /** the line's row fields as bankLineForms made them (ahead of the write, while the file was parsed); made here when absent */
  rowElements?: string;
}

/**
 * A bank line's stored forms, made once and ahead of the write: a statement
 * file's lines are given theirs while the rest of the file is still parsed,
 * so after the verdict only the SQL is left.
 */
export interface BankLineForms {
  /** the line's own fields of its bank_lines row (storeBankLines), as `jsonElements` makes them */
  rowElements: string;
  /** its event's payload as JSON text, as a JSON string (EventInput.payloadLiteral) */
  payloadLiteral: string;
}

/** The line's own fields of its row, in insertBankLinesSql's order after company, received-at and original. */
const rowElementsOf = (line: BankLine) => jsonElements([line.id, line.bankAccount ?? '1930', line.bookingDate,
  line.amountMinor, line.currency, line.text, line.reference, line.counterparty,
  line.valueDate ?? null, line.counterpartyAccount ?? null, line.reversal === undefined ? null : line.reversal ? 1 : 0,
  line.transactionCode ?? null, line.bankAccountId ?? null, line.statementId ?? null]);

export function bankLineForms(line: BankLine): BankLineForms {
  return { rowElements: rowElementsOf(line), payloadLiteral: JSON.stringify(JSON.stringify(bankLinePayload(line))) };
}

export const bankLineKey = (companyId: string, id: string) => `${companyId}\u0000${id}`;

/** Lines per INSERT statement (one JSON parameter each): a 5 000-line statement file's chunk is one statement. */
export const bankLinesPerStatement = 5_000;

/**
 * Inserts the lines inside the caller's write transaction; returns the keys
 * (`bankLineKey`) of the lines that are new. A line seen before, or earlier
 * in the same call, is not new.
 *
 * Per statement of up to `bankLinesPerStatement` lines: one indexed lookup of
 * the lines already stored, then one INSERT of the rest. Both take the lines
 * as one JSON array parameter, read with `json_each` — binding 17 values a
 * line was most of the cost of a large statement file's import (100 000
 * lines: 1.8 million bound values) — and the INSERT returns nothing (SQLite
 * collects RETURNING rows in a temporary table first; 100 000 rows back cost
 * more than the lookup). The write lock is held, so what the lookup did not
 * find is what the INSERT adds; its change count is checked all the same.
 */
export async function storeBankLines(sqlOf: SqlExecutor, items: ReceivedBankLine[]): Promise<Set<string>> {
  const fresh = new Set<string>();
  for (let start = 0; start < items.length; start += bankLinesPerStatement) {
    const part = items.slice(start, start + bankLinesPerStatement);
    const { rows: known } = await sqlOf.execute({
      sql: knownBankLinesSql, args: [jsonParam(part.map(({ companyId, line }) => [companyId, line.id]))],
    });
    // compared as stored: an id with a lone surrogate is kept with U+FFFD in its place
    const seen = new Set(known.map((row) => bankLineKey(String(row.company_id), String(row.id))));
    // Each row's text is its company, received-at and original (the same for many lines: made once) and the line's own fields.
    const rows: string[] = [];
    let lastHead: [string, string, string | null] = ['', '', null];
    let lastHeadElements = '';
    for (const { companyId, receivedAt, line, originalId = null, rowElements } of part) {
      const asStored = bankLineKey(companyId, wellFormedText(line.id));
      if (seen.has(asStored)) continue;
      seen.add(asStored);
      fresh.add(bankLineKey(companyId, line.id));
      if (!rows.length || companyId !== lastHead[0] || receivedAt !== lastHead[1] || originalId !== lastHead[2]) {
        lastHead = [companyId, receivedAt, originalId];
        lastHeadElements = jsonElements(lastHead);
      }
      rows.push(`[${lastHeadElements},${rowElements ?? rowElementsOf(line)}]`);
    }
    if (!rows.length) continue;
    const { rowsAffected } = await sqlOf.execute({ sql: insertBankLinesSql, args: [`[${rows.join(',')}]`] });
    if (rowsAffected !== undefined && rowsAffected !== rows.length) {
      throw new Error(`storeBankLines: ${rows.length} new bank lines, but ${rowsAffected} were inserted (is the caller's transaction a write transaction?)`);
    }
  }
  return fresh;
}

const knownBankLinesSql = `SELECT b.company_id, b.id FROM json_each(?) AS k
  JOIN bank_lines AS b ON b.company_id = k.value ->> 0 AND b.id = k.value ->> 1`;

// Each row is made binary JSON (JSONB) once, in a materialized table, and its fields read from that: `->>` on
// a row's text parses the text again for every field, which was half of the statement's time (100 000 lines:
// 0.9 s of parsing, 0.45 s so). `WHERE true`: an INSERT … SELECT with an upsert clause needs it (SQLite's
// parser would read ON as a join's).
const insertBankLinesSql = `WITH r AS MATERIALIZED (SELECT jsonb(value) AS b FROM json_each(?))
  INSERT INTO bank_lines (company_id, id, bank_account, booking_date, amount_minor, currency, text, reference, counterparty, received_at, status,
    original_id, value_date, counterparty_account, reversal, transaction_code, bank_account_id, statement_id)
  SELECT b ->> 0, b ->> 3, b ->> 4, b ->> 5, b ->> 6, b ->> 7, b ->> 8, b ->> 9, b ->> 10, b ->> 1, 'received',
    b ->> 2, b ->> 11, b ->> 12, b ->> 13, b ->> 14, b ->> 15, b ->> 16
  FROM r WHERE true
  ON CONFLICT DO NOTHING`;

/** What a bank line's event carries: the line with its bank account (a line from a statement file has one: no copy made). */
const bankLinePayload = (line: BankLine): Record<string, unknown> => (line.bankAccount === undefined ? { ...line, bankAccount: '1930' } : line);

/**
 * The outbox event of a bank line, keyed by the bank's entry reference
 * (`retry` keys a run again of a line already received). `payloadLiteral`:
 * the payload's from bankLineForms, when the line has its forms already.
 */
export function bankLineEvent(line: BankLine, versions: Record<string, number>, retry?: string, payloadLiteral?: string) {
  const ref = sourceRef('bank-line', line.id);
  return {
    triggerType: 'bank-line-imported',
    eventKey: retry ? `${ref}:retry:${retry}` : ref,
    sourceRef: ref,
    payload: bankLinePayload(line),
    versions,
    ...(payloadLiteral === undefined ? {} : { payloadLiteral }),
  };
}

/** A stored bank_lines row, as drizzle reads it. */
export interface StoredBankLine {
  id: string; bookingDate: string; amountMinor: number; currency: string; text: string; reference: string | null; counterparty: string | null; bankAccount: string;
  valueDate?: string | null; counterpartyAccount?: string | null; reversal?: boolean | null; transactionCode?: string | null;
  bankAccountId?: string | null; statementId?: string | null;
}

/**
 * A stored bank line as the line its automations see (and its first event
 * carried): the statement fields too, so a run again or a manual run sees
 * `event.reversal`, `event.transactionCode`… A line from a statement file
 * (it has a statementId) carries every statement field, null where the file
 * gave none, as the import put them in its event; a line sent as JSON only
 * those it was sent with.
 */
export function bankLineOf(row: StoredBankLine): BankLine {
  const line: BankLine = {
    id: row.id, bookingDate: row.bookingDate, amountMinor: row.amountMinor, currency: row.currency, text: row.text,
    reference: row.reference, counterparty: row.counterparty, bankAccount: row.bankAccount,
  };
  const fromStatement = row.statementId !== null && row.statementId !== undefined;
  if (fromStatement || (row.valueDate ?? null) !== null) line.valueDate = row.valueDate ?? null;
  if (fromStatement || (row.counterpartyAccount ?? null) !== null) line.counterpartyAccount = row.counterpartyAccount ?? null;
  if (row.reversal !== null && row.reversal !== undefined) line.reversal = Boolean(row.reversal);
  if (fromStatement || (row.transactionCode ?? null) !== null) line.transactionCode = row.transactionCode ?? null;
  if (row.bankAccountId !== null && row.bankAccountId !== undefined) line.bankAccountId = row.bankAccountId;
  if (fromStatement) line.statementId = row.statementId!;
  return line;
}
