/**
 * Importing a bank statement file (camt.053/054, BgMax, CSV): the format is
 * sniffed from the bytes, the file parsed whole, each statement given its
 * bank account, and every line checked before anything is stored — a refused
 * file leaves nothing behind. Then the lines go through BankLineReceiver,
 * exactly as lines posted to `…/bank-lines` (duplicates, chunks, events,
 * inline or queued), with the file as their original.
 */
import type { BankStatementImport } from '../../../shared/api.ts';
import { bankLineSchema, type BankLine } from '../../../shared/nodes/index.ts';
import type { Db } from '../../db/client.ts';
import { StatementRefusal, type ParsedFile, type ParsedStatement, type StatementAccount, type StatementFormat } from '../../formats/bank-statement.ts';
import { parseStatementFileOffThread } from '../../formats/parse-statement-file.ts';
import { DomainRefusal } from '../../kernel/errors.ts';
import { createHash } from 'node:crypto';
import { setImmediate as turnOfTheEventLoop } from 'node:timers/promises';
import { csvMappingOf, listBankAccounts, spacedIban, type BankAccountRow } from './accounts.ts';
import { bankStatements } from './schema.ts';
import type { BankLineReceiver } from './receive.ts';

/** Lines mapped and checked between turns of the event loop. */
const linesCheckedPerTurn = 5_000;

/** Bytes hashed between turns of the event loop (≈ 10 ms each). */
const bytesHashedPerTurn = 4 * 1024 * 1024;

/** The SHA-256 of the bytes (hex), a few MB at a time with a turn of the event loop between. */
async function hashBetweenTurns(bytes: Uint8Array): Promise<string> {
  const hash = createHash('sha256');
  for (let at = 0; at < bytes.byteLength; at += bytesHashedPerTurn) {
    if (at > 0) await turnOfTheEventLoop();
    hash.update(bytes.subarray(at, at + bytesHashedPerTurn));
  }
  return hash.digest('hex');
}

/** The largest statement file accepted (the route's body limit). */
export const statementBytesMax = 100 * 1024 * 1024;

const refused = (code: string, message: string, extra: Record<string, unknown> = {}) => new DomainRefusal(422, code, message, extra);

/** The name of an XML document's root element (after the declaration, comments, processing instructions, a DOCTYPE), or null. */
function xmlRootName(bytes: Uint8Array): string | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  for (;;) {
    while (at < buffer.length && (buffer[at] === 0x20 || buffer[at] === 0x09 || buffer[at] === 0x0a || buffer[at] === 0x0d)) at++;
    if (buffer[at] !== 0x3c) return null; // '<'
    const next = buffer.toString('latin1', at, at + 9);
    const skipTo = next.startsWith('<?') ? '?>' : next.startsWith('<!--') ? '-->' : next.startsWith('<!DOCTYPE') ? '>' : null;
    if (skipTo === null) return /^<([\w.:-]+)/.exec(buffer.toString('latin1', at, at + 200))?.[1] ?? null;
    const end = buffer.indexOf(skipTo, at + 2, 'latin1');
    if (end < 0) return null;
    at = end + skipTo.length;
  }
}

/** camt when the XML's root is a camt message, BgMax when the first record is `01BGMAX`, else CSV. */
export function sniffStatementFormat(bytes: Uint8Array): 'camt' | 'bgmax' | 'csv' {
  const root = xmlRootName(bytes)?.replace(/^[\w.-]+:/, '');
  if (root === 'Document' || root === 'BkToCstmrStmt' || root === 'BkToCstmrDbtCdtNtfctn') return 'camt';
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 16)).toString('latin1').replace(/^\u00EF\u00BB\u00BF/, '');
  if (head.startsWith('01BGMAX')) return 'bgmax';
  return 'csv';
}

/** How a statement names its account, for a person: "IBAN SE45 5000 …", "bankgiro 991-2346". */
function accountName(account: StatementAccount): string | null {
  if (account.iban) return `IBAN ${spacedIban(account.iban)}`;
  if (account.bankgiro) return `bankgiro ${account.bankgiro}`;
  if (account.plusgiro) return `plusgiro ${account.plusgiro}`;
  if (account.otherId) return `account ${account.otherId}`;
  return null;
}

/** Whether the statement's account is this bank account: one named number agrees, and none that both have disagrees. */
function sameAccount(account: StatementAccount, bank: BankAccountRow): boolean {
  const pairs = [[account.iban, bank.iban], [account.bankgiro, bank.bankgiro], [account.plusgiro, bank.plusgiro]] as const;
  if (pairs.some(([file, ours]) => file && ours && file !== ours)) return false;
  return pairs.some(([file, ours]) => file && file === ours);
}

const namesAccount = (account: StatementAccount) => Boolean(account.iban || account.bankgiro || account.plusgiro);

/** The file's lines as bank lines, with the statement's extra fields, each checked as `…/bank-lines` checks one. */
function bankLinesOf(statement: ParsedStatement, bank: BankAccountRow, index: number, from: number, to: number): BankLine[] {
  return statement.lines.slice(from, to).map((line, k) => {
    const n = from + k;
    const where = `statement ${index + 1} (${statement.statementId}), line ${n + 1} (${line.id})`;
    if (line.currency !== bank.currency) {
      throw refused('currency_mismatch', `${where}: the amount is in ${line.currency}, but bank account "${bank.id}" is in ${bank.currency}`, { where, field: 'currency' });
    }
    const candidate = {
      id: line.id, bookingDate: line.bookingDate, amountMinor: line.amountMinor, currency: line.currency,
      text: (line.text ?? '').slice(0, 500), reference: line.reference?.slice(0, 200) ?? null, counterparty: line.counterpartyName?.slice(0, 200) ?? null,
      bankAccount: bank.ledgerAccount, valueDate: line.valueDate, counterpartyAccount: line.counterpartyAccount, reversal: line.reversal,
      transactionCode: line.transactionCode, bankAccountId: bank.id, statementId: statement.statementId,
    };
    const parsed = bankLineSchema.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw refused('invalid_line', `${where}: ${issue.path.join('.')}: ${issue.message}`, { where, field: issue.path.join('.') || null });
    }
    return parsed.data;
  });
}

export interface StatementImportInput {
  bytes: Uint8Array;
  /** the request's content type, when it said one */
  mediaType?: string;
  /** `?bankAccount`: the bank account's id */
  bankAccountId?: string;
  receivedBy: string;
}

/** Stores each statement's row (bank_statements); one already stored (the same account and statement id) is kept as it was. */
async function storeStatements(db: Db, companyId: string, items: { statement: ParsedStatement; bankAccountId: string }[],
  meta: { originalId: string | null; importedAt: string; importedBy: string }): Promise<void> {
  if (items.length === 0) return;
  await db.transaction(async (tx) => {
    for (let start = 0; start < items.length; start += 200) {
      await tx.insert(bankStatements).values(items.slice(start, start + 200).map(({ statement, bankAccountId }) => ({
        companyId, bankAccountId, statementId: statement.statementId, format: statement.format, currency: statement.currency,
        fromDate: statement.fromDate, toDate: statement.toDate, openingDate: statement.openingDate ?? null, closingDate: statement.closingDate ?? null,
        openingMinor: statement.openingMinor, closingMinor: statement.closingMinor, creditMinor: statement.creditMinor, debitMinor: statement.debitMinor,
        lineCount: statement.lines.length, originalId: meta.originalId, importedAt: meta.importedAt, importedBy: meta.importedBy,
      }))).onConflictDoNothing();
    }
  });
}

const mediaTypes: Record<StatementFormat, string> = { 'camt.053': 'application/xml', 'camt.054': 'application/xml', bgmax: 'text/plain', csv: 'text/csv' };

/** Parses, maps and stores a statement file; throws DomainRefusal (422) with nothing stored when any of it is refused. */
export async function importStatement(db: Db, receiver: BankLineReceiver, companyId: string, input: StatementImportInput): Promise<BankStatementImport> {
  const banks = await listBankAccounts(db, companyId);
  const chosen = input.bankAccountId === undefined ? undefined : banks.find((b) => b.id === input.bankAccountId);
  if (input.bankAccountId !== undefined && !chosen) throw refused('unknown_bank_account', `"${input.bankAccountId}" is not a bank account of this company`);
  const format = sniffStatementFormat(input.bytes);
  let file: ParsedFile;
  let sha256: string;
  try {
    let parsing: Promise<ParsedFile>;
    if (format === 'csv') {
      if (!chosen) throw refused('bank_account_required', 'A CSV file names no bank account: give ?bankAccount=<id>, an account with a saved CSV mapping');
      const mapping = csvMappingOf(chosen);
      if (!mapping) throw refused('no_csv_mapping', `Bank account "${chosen.id}" has no saved CSV mapping, so a CSV file cannot be read for it (or the file is not camt or BgMax)`);
      parsing = parseStatementFileOffThread({ format, bytes: input.bytes, csvMapping: mapping });
    } else {
      // A large file is parsed on a worker thread: the event loop keeps serving other requests meanwhile.
      parsing = parseStatementFileOffThread({ format, bytes: input.bytes });
    }
    // The original's SHA-256 is worked out here while the worker parses (this thread waits for it anyway).
    [sha256, file] = await Promise.all([hashBetweenTurns(input.bytes), parsing]);
  } catch (error) {
    if (!(error instanceof StatementRefusal)) throw error;
    throw refused('statement_refused', error.message, { code: error.code, where: error.where, field: error.field });
  }

  const mapped = file.statements.map((statement, index) => {
    let bank: BankAccountRow | undefined;
    const named = accountName(statement.account);
    if (chosen) {
      if (file.format !== 'csv' && namesAccount(statement.account) && !sameAccount(statement.account, chosen)) {
        throw refused('bank_account_mismatch', `Statement ${statement.statementId} is for ${named}, not bank account "${chosen.id}"`);
      }
      bank = chosen;
    } else {
      if (!namesAccount(statement.account)) {
        throw refused('bank_account_required', `Statement ${statement.statementId} names no IBAN, bankgiro or plusgiro${named ? ` (only ${named})` : ''}: give ?bankAccount=<id>`);
      }
      bank = banks.find((b) => sameAccount(statement.account, b));
      if (!bank) throw refused('unknown_bank_account', `${named} is not a bank account of this company`);
    }
    return { statement, bank, lines: [] as BankLine[] };
  });
  // Every line checked before anything is stored; a turn of the event loop every few thousand lines
  // (checking 100 000 lines takes about half a second), so other requests are served meanwhile.
  for (const [index, item] of mapped.entries()) {
    for (let start = 0; start < item.statement.lines.length; start += linesCheckedPerTurn) {
      if (start > 0) await turnOfTheEventLoop();
      item.lines.push(...bankLinesOf(item.statement, item.bank, index, start, start + linesCheckedPerTurn));
    }
  }

  const lines = mapped.flatMap((m) => m.lines);
  const fresh = new Set<string>();
  const result = await receiver.receive(companyId, lines, {
    kind: 'bank-statement', bytes: input.bytes, mediaType: input.mediaType || mediaTypes[file.format], receivedBy: input.receivedBy, sha256,
  }, fresh);
  // One row per statement, with the balances the file states (the reconciliation report reads them);
  // after the lines, so a statement whose lines are all stored is listed, and again on a re-import if not.
  await storeStatements(db, companyId, mapped.map(({ statement, bank }) => ({ statement, bankAccountId: bank.id })), {
    originalId: result.originalId ?? null, importedAt: receiver.runner.clock.now().toISOString(), importedBy: input.receivedBy,
  });
  const statements = mapped.map(({ statement, bank, lines: own }) => {
    const fresh_ = own.filter((line) => fresh.has(line.id)).length;
    return {
      statementId: statement.statementId, bankAccount: bank.id, lines: own.length, new: fresh_, duplicates: own.length - fresh_,
      currency: statement.currency, creditMinor: statement.creditMinor, debitMinor: statement.debitMinor, openingMinor: statement.openingMinor, closingMinor: statement.closingMinor,
    };
  });
  return {
    format: file.format, statements, lines: lines.length, new: lines.length - result.duplicates, duplicates: result.duplicates,
    originalId: result.originalId ?? null, warnings: file.warnings, queued: 'queued' in result,
  };
}
