/**
 * Importing a bank statement file (camt.053/054, BgMax, CSV): the format is
 * sniffed from the bytes, the file parsed whole, each statement given its
 * bank account, and every line checked before anything is stored — a refused
 * file leaves nothing behind. Then the lines go through BankLineReceiver,
 * exactly as lines posted to `…/bank-lines` (duplicates, chunks, events,
 * inline or queued), with the file as their original.
 *
 * Verify, then write — but everything that does not write is done while the
 * file is parsed: a large file is parsed on a worker thread, which hands
 * over each statement's account and its lines as it reads them; this thread
 * maps and checks them and makes their stored forms (bankLineForms) in the
 * meantime, so once the parse says the file is good only the SQL is left.
 */
import type { BankStatementImport } from '../../../shared/api.ts';
import { bankLineSchema, type BankLine } from '../../../shared/nodes/index.ts';
import type { Db } from '../../db/client.ts';
import {
  StatementRefusal, type ParsedFile, type ParsedStatement, type StatementAccount, type StatementFormat, type StatementHeader, type StatementLine, type StatementSink,
} from '../../formats/bank-statement.ts';
import { parseStatementFileOffThread } from '../../formats/parse-statement-file.ts';
import { DomainRefusal } from '../../kernel/errors.ts';
import { createHash } from 'node:crypto';
import { setImmediate as turnOfTheEventLoop } from 'node:timers/promises';
import { csvMappingOf, listBankAccounts, spacedIban, type BankAccountRow } from './accounts.ts';
import { bankLineForms, type BankLineForms } from './bank-lines.ts';
import { bankStatements } from './schema.ts';
import type { BankLineReceiver } from './receive.ts';

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

/** Where a line is, for a refusal (made only for one): `index` and `n` are 0-based. */
const lineWhere = (header: StatementHeader, index: number, n: number, line: StatementLine) => `statement ${index + 1} (${header.statementId}), line ${n + 1} (${line.id})`;

/**
 * A line of the file as a bank line, with the statement's extra fields, checked as `…/bank-lines` checks one;
 * `index` and `n` (0-based) name the statement and the line in a refusal.
 */
function bankLineOf(header: StatementHeader, bank: BankAccountRow, index: number, n: number, line: StatementLine): BankLine {
  if (line.currency !== bank.currency) {
    const where = lineWhere(header, index, n, line);
    throw refused('currency_mismatch', `${where}: the amount is in ${line.currency}, but bank account "${bank.id}" is in ${bank.currency}`, { where, field: 'currency' });
  }
  const candidate = {
    id: line.id, bookingDate: line.bookingDate, amountMinor: line.amountMinor, currency: line.currency,
    text: (line.text ?? '').slice(0, 500), reference: line.reference?.slice(0, 200) ?? null, counterparty: line.counterpartyName?.slice(0, 200) ?? null,
    bankAccount: bank.ledgerAccount, valueDate: line.valueDate, counterpartyAccount: line.counterpartyAccount, reversal: line.reversal,
    transactionCode: line.transactionCode, bankAccountId: bank.id, statementId: header.statementId,
  };
  const parsed = bankLineSchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = lineWhere(header, index, n, line);
    throw refused('invalid_line', `${where}: ${issue.path.join('.')}: ${issue.message}`, { where, field: issue.path.join('.') || null });
  }
  return parsed.data;
}

/** A statement of the file with its bank account, and its lines mapped, checked and given their stored forms. */
interface MappedStatement {
  header: StatementHeader;
  bank: BankAccountRow | null;
  lines: BankLine[];
  forms: BankLineForms[];
  /** lines handed over so far (mapped or not) */
  seen: number;
}

/**
 * The sink the parser hands each statement and its lines to while it reads
 * the file: picks the statement's bank account, maps and checks each line
 * and makes its stored forms. It never throws into the parser: a refusal is
 * kept, and `finish` throws it once the parse has said the file is good — the
 * same refusal, in the same order, as if the whole file had been parsed
 * first (the parser's own refusal before any of these; then a statement's
 * account, the first statement's first; then the first line refused).
 */
export class StatementLineMapper implements StatementSink {
  private readonly statements: MappedStatement[] = [];
  private accountRefusal: { index: number; error: unknown } | null = null;
  private lineRefusal: unknown = null;

  constructor(private readonly banks: BankAccountRow[], private readonly chosen: BankAccountRow | undefined) {}

  statement(index: number, header: StatementHeader): void {
    const item: MappedStatement = { header, bank: null, lines: [], forms: [], seen: 0 };
    this.statements[index] = item;
    try {
      item.bank = this.bankOf(header);
    } catch (error) {
      if (this.accountRefusal === null || index < this.accountRefusal.index) this.accountRefusal = { index, error };
    }
  }

  lines(index: number, part: StatementLine[]): void {
    const item = this.statements[index];
    const first = item.seen;
    item.seen += part.length;
    // Only the first refusal is answered: once there is one, the lines after it need no work.
    if (item.bank === null || this.accountRefusal !== null || this.lineRefusal !== null) return;
    try {
      for (let k = 0; k < part.length; k++) {
        const line = bankLineOf(item.header, item.bank, index, first + k, part[k]);
        item.lines.push(line);
        item.forms.push(bankLineForms(line));
      }
    } catch (error) {
      this.lineRefusal = error;
    }
  }

  /** The statements, once the parse is done and the file good; throws the first refusal of its accounts or lines. */
  finish(file: ParsedFile): (MappedStatement & { statement: ParsedStatement; bank: BankAccountRow })[] {
    const agrees = this.statements.length === file.statements.length && file.statements.every((statement, index) =>
      this.statements[index]?.header.statementId === statement.statementId && this.statements[index].seen === statement.lines.length);
    if (!agrees) throw new Error('importStatement: the statements and lines handed over while parsing are not those of the parsed file');
    if (this.accountRefusal !== null) throw this.accountRefusal.error;
    if (this.lineRefusal !== null) throw this.lineRefusal;
    return this.statements.map((item, index) => ({ ...item, statement: file.statements[index], bank: item.bank! }));
  }

  private bankOf(header: StatementHeader): BankAccountRow {
    const { chosen, banks } = this;
    const named = accountName(header.account);
    if (chosen) {
      if (header.format !== 'csv' && namesAccount(header.account) && !sameAccount(header.account, chosen)) {
        throw refused('bank_account_mismatch', `Statement ${header.statementId} is for ${named}, not bank account "${chosen.id}"`);
      }
      return chosen;
    }
    if (!namesAccount(header.account)) {
      throw refused('bank_account_required', `Statement ${header.statementId} names no IBAN, bankgiro or plusgiro${named ? ` (only ${named})` : ''}: give ?bankAccount=<id>`);
    }
    const bank = banks.find((b) => sameAccount(header.account, b));
    if (!bank) throw refused('unknown_bank_account', `${named} is not a bank account of this company`);
    return bank;
  }
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
  const mapper = new StatementLineMapper(banks, chosen);
  let file: ParsedFile;
  let sha256: string;
  try {
    let parsing: Promise<ParsedFile>;
    if (format === 'csv') {
      if (!chosen) throw refused('bank_account_required', 'A CSV file names no bank account: give ?bankAccount=<id>, an account with a saved CSV mapping');
      const mapping = csvMappingOf(chosen);
      if (!mapping) throw refused('no_csv_mapping', `Bank account "${chosen.id}" has no saved CSV mapping, so a CSV file cannot be read for it (or the file is not camt or BgMax)`);
      parsing = parseStatementFileOffThread({ format, bytes: input.bytes, csvMapping: mapping }, { sink: mapper });
    } else {
      // A large file is parsed on a worker thread: the event loop keeps serving other requests meanwhile,
      // and the mapper gets to work on the lines the worker hands over.
      parsing = parseStatementFileOffThread({ format, bytes: input.bytes }, { sink: mapper });
    }
    // The original's SHA-256 is worked out here while the worker parses (between the mapper's turns).
    [sha256, file] = await Promise.all([hashBetweenTurns(input.bytes), parsing]);
  } catch (error) {
    if (!(error instanceof StatementRefusal)) throw error;
    throw refused('statement_refused', error.message, { code: error.code, where: error.where, field: error.field });
  }

  // The lines were mapped and checked while the file was parsed; a refusal among them is answered now that the file is good.
  const mapped = mapper.finish(file);
  const lines = mapped.flatMap((m) => m.lines);
  const fresh = new Set<string>();
  const result = await receiver.receive(companyId, lines, {
    kind: 'bank-statement', bytes: input.bytes, mediaType: input.mediaType || mediaTypes[file.format], receivedBy: input.receivedBy, sha256,
  }, fresh, mapped.flatMap((m) => m.forms));
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
