/**
 * Bank lines as they arrive (the API, a webhook endpoint): stored once per
 * company and entry reference, and each new one becomes an outbox event.
 * One definition for every path that receives them.
 */
import type { BankLine } from '../../../shared/nodes/index.ts';
import { sourceRef } from '../../../shared/sources.ts';
import type { SqlExecutor } from '../../db/client.ts';

export interface ReceivedBankLine {
  companyId: string;
  receivedAt: string;
  line: BankLine;
  /** the stored original (request body, webhook delivery) the line came in */
  originalId?: string | null;
}

export const bankLineKey = (companyId: string, id: string) => `${companyId}\u0000${id}`;

/**
 * Inserts the lines with multi-row INSERTs (ON CONFLICT DO NOTHING) inside the
 * caller's transaction; returns the keys (`bankLineKey`) of the lines that are
 * new. A line seen before, or earlier in the same call, is not new.
 */
export async function storeBankLines(sqlOf: SqlExecutor, items: ReceivedBankLine[]): Promise<Set<string>> {
  const fresh = new Set<string>();
  const chunk = 400; // 17 values a row, well under SQLite's limit on bound values
  for (let start = 0; start < items.length; start += chunk) {
    const part = items.slice(start, start + chunk);
    const { rows } = await sqlOf.execute({
      sql: `INSERT INTO bank_lines (company_id, id, bank_account, booking_date, amount_minor, currency, text, reference, counterparty, received_at, status, original_id,
              value_date, counterparty_account, reversal, transaction_code, bank_account_id, statement_id)
            VALUES ${part.map(() => "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?, ?, ?, ?, ?)").join(', ')} ON CONFLICT DO NOTHING RETURNING company_id, id`,
      args: part.flatMap(({ companyId, receivedAt, line, originalId }) => [companyId, line.id, line.bankAccount ?? '1930', line.bookingDate, line.amountMinor,
        line.currency, line.text, line.reference, line.counterparty, receivedAt, originalId ?? null,
        line.valueDate ?? null, line.counterpartyAccount ?? null, line.reversal === undefined ? null : line.reversal ? 1 : 0,
        line.transactionCode ?? null, line.bankAccountId ?? null, line.statementId ?? null]),
    });
    for (const row of rows) fresh.add(bankLineKey(String(row.company_id), String(row.id)));
  }
  return fresh;
}

/**
 * The outbox event of a bank line, keyed by the bank's entry reference
 * (`retry` keys a run again of a line already received).
 */
export function bankLineEvent(line: BankLine, versions: Record<string, number>, retry?: string) {
  const ref = sourceRef('bank-line', line.id);
  return {
    triggerType: 'bank-line-imported',
    eventKey: retry ? `${ref}:retry:${retry}` : ref,
    sourceRef: ref,
    payload: { ...line, bankAccount: line.bankAccount ?? '1930' } as Record<string, unknown>,
    versions,
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
