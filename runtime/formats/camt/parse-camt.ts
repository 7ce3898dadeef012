/**
 * ISO 20022 camt.053 (bank to customer statement) and camt.054 (debit/credit
 * notification), any version 001.02 … 001.13 → ParsedFile. Pure: bytes in,
 * data out; a file is refused whole with a StatementRefusal that names the
 * element (an XPath-like path with 1-based indexes) and the field.
 * The rules (ids, amounts, batches, balances) are described in README.md.
 */
import { createHash } from 'node:crypto';
import {
  StatementRefusal,
  type ParsedFile,
  type ParsedStatement,
  type StatementAccount,
  type StatementFormat,
  type StatementLine,
  type StatementSink,
  sinkLinesPerPart,
} from '../bank-statement.ts';
import { camtDatePart, currencyDecimalsAt, parseCamtAmount, parseCamtBalance } from './amount.ts';
import { decodeXml, parseXml, type XmlNode, type XmlStream, type XmlValue } from './xml.ts';

/**
 * The largest file accepted (the HTTP layer answers 413 above it; the parser refuses it too).
 * 100 MiB: a 100 000-entry statement with one TxDtls per entry is about 65 MB; parsing
 * peaks at about 5.5 times the file size in memory (370 MB resident for 66 MB, node included).
 */
export const camtBytesMax = 100 * 1024 * 1024;

/** Limits on everything else; hitting one refuses the file (code limit_exceeded or field_too_long). */
export const camtLimits = {
  statementsMax: 1_000,
  /** Ntry elements in the whole file */
  entriesMax: 1_000_000,
  /** lines produced for the whole file */
  linesMax: 1_000_000,
  /** TxDtls of one entry */
  transactionsPerEntryMax: 100_000,
  /** AcctSvcrRef, NtryRef, Refs/*, CdtrRefInf/Ref, statement Id, account ids (the schema says 35) */
  referenceCharsMax: 140,
  /** party names (the schema says 70 or 140) */
  nameCharsMax: 280,
  /** the joined remittance text of one line */
  textCharsMax: 4_000,
  /** warnings kept; the rest are counted in one last warning */
  warningsMax: 200,
} as const;

export type CamtMessage = 'camt.053' | 'camt.054';

export interface ParseCamtOptions {
  /**
   * Check opening + booked entries = closing and the TxsSummry control sums
   * (default true). Only for diagnosis: with false a file whose totals do not
   * agree is read anyway, and must not be imported.
   */
  verifyBalances?: boolean;
  /**
   * Told of each statement when its first entry is read (its Id, account and
   * currency come before the entries) and of its lines as their entries
   * close, in parts: the caller can work on them while the rest of the file
   * is read. The file may still be refused after.
   */
  sink?: StatementSink;
  /**
   * The sink keeps the lines: the statements come back without them (a
   * parser thread posts them as it goes, and they are put back together on
   * the other side), so the parse does not hold 100 000 lines as well.
   */
  sinkKeepsLines?: boolean;
}

/** What was checked for one Stmt/Ntfctn. */
export interface CamtStatementCheck {
  where: string;
  statementId: string;
  /** Ntry elements, booked ones (that became lines) and skipped ones (PDNG, INFO, …) */
  entries: number;
  bookedEntries: number;
  skippedEntries: number;
  /**
   * 'agrees': opening + booked lines = closing; 'no_balances': camt.054, or a
   * statement without an opening or closing booked balance; 'not_verified':
   * verifyBalances was false.
   */
  balances: 'agrees' | 'no_balances' | 'not_verified';
  /** which TxsSummry totals were present and agree (e.g. ['TtlNtries/NbOfNtries', 'TtlCdtNtries/Sum']); empty when none */
  summaryChecked: string[];
}

export interface CamtReport {
  file: ParsedFile;
  message: CamtMessage;
  /** "001.02" etc. from the namespace; null when the document has no ISO namespace */
  version: string | null;
  /** GrpHdr/MsgId */
  messageId: string | null;
  checks: CamtStatementCheck[];
}

/** camt.053/054 bytes → the shared statement model, or a StatementRefusal. */
export function parseCamt(bytes: Uint8Array, options: ParseCamtOptions = {}): ParsedFile {
  return parseCamtReport(bytes, options).file;
}

/** Like parseCamt, plus the message version, GrpHdr/MsgId and what was checked per statement. */
export function parseCamtReport(bytes: Uint8Array, options: ParseCamtOptions = {}): CamtReport {
  if (bytes.byteLength > camtBytesMax) {
    throw new StatementRefusal('file_too_large', 'file', null, `${bytes.byteLength} bytes is more than the limit of ${camtBytesMax} bytes`);
  }
  const reader = new CamtReader(options);
  const tree = parseXml(decodeXml(bytes), reader.stream);
  return reader.read(tree);
}

// ---------------------------------------------------------------- tree access

const has = (node: XmlNode, name: string) => Object.prototype.hasOwnProperty.call(node, name);
const isNode = (value: XmlValue | undefined): value is XmlNode => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every occurrence of a child element (an array whether it occurs once or many times). */
function all(node: XmlNode | undefined, name: string): XmlValue[] {
  if (!node || !has(node, name)) return [];
  const value = node[name];
  return Array.isArray(value) ? value : [value];
}

/** The child element, or undefined. A repeated element where one is expected is refused. */
function child(node: XmlNode | undefined, name: string, where: string): XmlValue | undefined {
  if (!node || !has(node, name)) return undefined;
  const value = node[name];
  if (Array.isArray(value)) {
    if (value.length === 1) return value[0];
    throw new StatementRefusal('duplicate_element', `${where}/${name}`, name, `${name} occurs ${value.length} times where one is expected`);
  }
  return value;
}

function childNode(node: XmlNode | undefined, name: string, where: string): XmlNode | undefined {
  const value = child(node, name, where);
  return isNode(value) ? value : undefined;
}

const pathNames = new Map<string, string[]>();

/** A path of child elements, e.g. at(tx, 'RltdPties/Dbtr/Nm', where); the where of a refusal is built only for one. */
function at(node: XmlNode | undefined, path: string, where: string): XmlValue | undefined {
  let names = pathNames.get(path);
  if (names === undefined) {
    names = path.split('/');
    pathNames.set(path, names);
  }
  let current: XmlValue | undefined = node;
  for (let i = 0; i < names.length; i++) {
    if (!isNode(current)) return undefined;
    const name = names[i];
    if (!has(current, name)) return undefined;
    const value: XmlValue = current[name];
    if (Array.isArray(value) && value.length !== 1) return child(current, name, [where, ...names.slice(0, i)].join('/'));
    current = Array.isArray(value) ? value[0] : value;
  }
  return current;
}

/** The text of an element (or of an element with attributes), entity-decoded and trimmed; null when absent or empty. */
function valueText(value: XmlValue | undefined): string | null {
  let raw: string | undefined;
  if (typeof value === 'string') raw = value;
  else if (isNode(value) && typeof value['#text'] === 'string') raw = value['#text'];
  if (raw === undefined) return null;
  const text = raw.trim();
  return text === '' ? null : text;
}

function attribute(value: XmlValue | undefined, name: string): string | null {
  if (!isNode(value)) return null;
  const raw = value[`@_${name}`];
  return typeof raw === 'string' ? raw.trim() : null;
}

/** Whitespace runs (newlines, tabs) become one space. */
const squeeze = (text: string) => text.replace(/\s+/g, ' ').trim();

function limited(text: string | null, max: number, where: string, field: string): string | null {
  if (text !== null && text.length > max) {
    throw new StatementRefusal('field_too_long', where, field, `${text.length} characters is more than the limit of ${max}`);
  }
  return text;
}

/** Text of a path, squeezed and length-checked. */
function textAt(node: XmlNode | undefined, path: string, where: string, max: number): string | null {
  const text = valueText(at(node, path, where));
  if (text === null) return null;
  const squeezed = squeeze(text);
  return squeezed.length > max ? limited(squeezed, max, `${where}/${path}`, path.slice(path.lastIndexOf('/') + 1)) : squeezed;
}

const notProvided = (text: string | null) => text === null || text.toUpperCase() === 'NOTPROVIDED' || text.toUpperCase() === 'NONREF';

/** A line's extra references: each one given once, "NOTPROVIDED" and "NONREF" left out. */
function addReference(references: string[], value: string | null): void {
  if (!notProvided(value) && !references.includes(value!)) references.push(value!);
}

/** The TxDtls/Refs read as a line's extra references, in this order. */
const transactionReferences = ['EndToEndId', 'TxId', 'InstrId', 'MsgId', 'PmtInfId', 'AcctSvcrRef', 'UETR'];

// ---------------------------------------------------------------- the reader

type Indicator = 'CRDT' | 'DBIT';

interface EntryContext {
  where: string;
  entry: XmlNode;
  currency: string;
  signedMinor: number;
  indicator: Indicator;
  bookingDate: string;
  valueDate: string | null;
  reversal: boolean;
  accountServicerReference: string | null;
  entryReference: string | null;
  /** the entry's AcctSvcrRef (or NtryRef) was already used by an earlier entry of the file */
  referenceReused: boolean;
}

/** A statement while its entries are read. */
interface StatementState {
  item: XmlNode;
  where: string;
  named: string;
  message: CamtMessage;
  statementId: string;
  account: StatementAccount;
  balances: Balance[];
  currency: string;
  /** Ntry elements read so far, and those booked */
  entries: number;
  bookedEntries: number;
  /** its lines (those not yet handed to the sink, when the sink keeps them) */
  lines: StatementLine[];
  /** the sink's index of the statement, and how many of `lines` it was handed */
  index: number;
  sent: number;
  /** every line's: how many, their sums and dates */
  lineCount: number;
  creditMinor: number;
  debitMinor: number;
  fromDate: string | null;
  toDate: string | null;
  skipped: Map<string, number>;
  summary: { count: number; creditCount: number; debitCount: number; creditMinor: bigint; debitMinor: bigint };
}

class CamtReader {
  private readonly warnings: string[] = [];
  private warningsDropped = 0;
  private entriesSeen = 0;
  private linesMade = 0;
  /** line id → where the entry is, for the uniqueness check */
  private readonly ids = new Map<string, string>();
  /** AcctSvcrRef/NtryRef used as an id base → the first entry that used it */
  private readonly idBases = new Map<string, string>();
  private readonly verifyBalances: boolean;
  private readonly sink: StatementSink | undefined;
  private readonly sinkKeepsLines: boolean;
  /** statements begun (the sink's next index) */
  private begun = 0;

  constructor(options: ParseCamtOptions) {
    this.verifyBalances = options.verifyBalances ?? true;
    this.sink = options.sink;
    this.sinkKeepsLines = options.sink !== undefined && options.sinkKeepsLines === true;
  }

  /** The statement's lines not yet handed to the sink, once there are a part's worth (or all of them). */
  private handOver(state: StatementState, rest: boolean): void {
    if (!this.sink) return;
    while (state.lines.length - state.sent >= (rest ? 1 : sinkLinesPerPart)) {
      const end = Math.min(state.lines.length, state.sent + sinkLinesPerPart);
      // the sink keeps them: taken out (`sent` stays 0); otherwise they stay for the parsed file too
      this.sink.lines(state.index, this.sinkKeepsLines ? state.lines.splice(0, end) : state.lines.slice(state.sent, end));
      if (!this.sinkKeepsLines) state.sent = end;
    }
  }

  private warn(message: string): void {
    if (this.warnings.length < camtLimits.warningsMax) this.warnings.push(message);
    else this.warningsDropped++;
  }

  /** The checks on the root: which message, which version. */
  private messageOf(tree: XmlNode): { message: CamtMessage; version: string | null; root: string } {
    const rootNames = Object.keys(tree).filter((name) => !name.startsWith('@_') && name !== '#text');
    if (rootNames.length !== 1 || rootNames[0] !== 'Document' || !isNode(tree.Document)) {
      throw new StatementRefusal('unsupported_message', rootNames[0] ?? 'document', null,
        `the root element is ${rootNames.length ? `<${rootNames.join('>, <')}>` : 'missing'}, not an ISO 20022 <Document>`);
    }
    const document = tree.Document;
    const { message: namespaceMessage, version } = messageOfNamespace(document);
    const children = Object.keys(document).filter((name) => !name.startsWith('@_') && name !== '#text');
    const root = children.length === 1 ? children[0] : children.join(', ');
    const message: CamtMessage | null = root === 'BkToCstmrStmt' ? 'camt.053' : root === 'BkToCstmrDbtCdtNtfctn' ? 'camt.054' : null;
    if (!message) {
      throw new StatementRefusal('unsupported_message', `Document/${root || '(empty)'}`, null,
        `<${root || 'nothing'}>${namespaceMessage ? ` (${namespaceMessage})` : ''} is not a camt.053 statement (BkToCstmrStmt) or camt.054 notification (BkToCstmrDbtCdtNtfctn)`);
    }
    if (namespaceMessage && namespaceMessage !== message) {
      throw new StatementRefusal('unsupported_message', `Document/${root}`, 'xmlns', `the namespace says ${namespaceMessage} but the root element is that of ${message}`);
    }
    return { message, version, root };
  }

  /** The root's message while the document is read (the root element is complete up to the first entry). */
  private streamMessage: { message: CamtMessage; version: string | null; root: string } | null = null;
  /** The statement whose entries are being read, and the statements read whole. */
  private current: StatementState | null = null;
  private readonly finished = new Map<XmlNode, { statement: ParsedStatement; check: CamtStatementCheck }>();

  /**
   * parseXml's stream (see xml.ts): each <Ntry> of a Stmt/Ntfctn becomes lines as it
   * closes and is not kept; a Stmt/Ntfctn is checked and totalled when it closes.
   * `path` names the elements from the root down to the parent, `nodes` are them.
   */
  readonly stream: XmlStream = {
    names: new Set(['Ntry', 'Stmt', 'Ntfctn']),
    element: (name, value, path, nodes) => {
      if (path.length !== (name === 'Ntry' ? 3 : 2) || path[0] !== 'Document') return true;
      this.streamMessage ??= this.messageOf(nodes[0]);
      const { message, root } = this.streamMessage;
      const itemName = message === 'camt.053' ? 'Stmt' : 'Ntfctn';
      if (path[1] !== root) return true;
      if (name === 'Ntry') {
        if (path[2] !== itemName) return true;
        const item = nodes[3];
        if (this.current?.item !== item) this.current = this.beginStatement(item, this.itemWhere(nodes[2], itemName), message, value);
        this.readEntry(this.current, value);
        return false;
      }
      if (name !== itemName || !isNode(value)) return true;
      const state = this.current?.item === value ? this.current : this.beginStatement(value, this.itemWhere(nodes[2], itemName), message, undefined);
      this.current = null;
      this.finished.set(value, this.endStatement(state));
      return true;
    },
  };

  /** "Stmt[3]" for the last Stmt/Ntfctn of the body read so far. */
  private itemWhere(body: XmlNode, itemName: string): string {
    const count = all(body, itemName).length;
    if (count > camtLimits.statementsMax) {
      throw new StatementRefusal('limit_exceeded', itemName, itemName, `more than ${camtLimits.statementsMax} ${itemName} elements`);
    }
    return `${itemName}[${count}]`;
  }

  read(tree: XmlNode): CamtReport {
    const { message, version, root } = this.messageOf(tree);
    const document = tree.Document as XmlNode;
    const body = childNode(document, root, 'Document')!;
    if (!isNode(body)) throw new StatementRefusal('missing_element', `Document/${root}`, null, `<${root}> is empty`);
    const messageId = textAt(body, 'GrpHdr/MsgId', root, camtLimits.referenceCharsMax);

    const itemName = message === 'camt.053' ? 'Stmt' : 'Ntfctn';
    const items = all(body, itemName);
    if (items.length === 0) {
      throw new StatementRefusal('missing_element', root, itemName, `<${root}> has no <${itemName}>: the message carries no ${message === 'camt.053' ? 'statement' : 'notification'}`);
    }
    if (items.length > camtLimits.statementsMax) {
      throw new StatementRefusal('limit_exceeded', root, itemName, `${items.length} ${itemName} elements is more than the limit of ${camtLimits.statementsMax}`);
    }
    const statements: ParsedStatement[] = [];
    const checks: CamtStatementCheck[] = [];
    items.forEach((item, index) => {
      const where = `${itemName}[${index + 1}]`;
      if (!isNode(item)) throw new StatementRefusal('missing_element', where, null, `<${itemName}> is empty`);
      const { statement, check } = this.finished.get(item) ?? this.readStatement(item, where, message);
      statements.push(statement);
      checks.push(check);
    });
    if (this.warningsDropped > 0) this.warnings.push(`… and ${this.warningsDropped} more warnings`);
    return { file: { format: message as StatementFormat, statements, warnings: this.warnings }, message, version, messageId, checks };
  }

  /** A statement whose entries are still in the tree (not streamed). */
  private readStatement(item: XmlNode, where: string, message: CamtMessage): { statement: ParsedStatement; check: CamtStatementCheck } {
    const entries = all(item, 'Ntry');
    const state = this.beginStatement(item, where, message, entries[0]);
    for (const entry of entries) this.readEntry(state, entry);
    return this.endStatement(state);
  }

  /** The statement's own fields, read when its first entry arrives (they come before the entries), or when it closes without any. */
  private beginStatement(item: XmlNode, where: string, message: CamtMessage, firstEntry: XmlValue | undefined): StatementState {
    const statementId = textAt(item, 'Id', where, camtLimits.referenceCharsMax);
    if (!statementId) throw new StatementRefusal('missing_element', `${where}/Id`, 'Id', 'the statement has no Id');
    const account = readAccount(item, where);
    // The statement's currency: the account's, else the first booked balance's, else the first entry's.
    const balances = message === 'camt.053' ? readBalances(item, where) : [];
    const currency = account.currency ?? balances[0]?.currency
      ?? (firstEntry !== undefined && isNode(firstEntry) ? attribute(child(firstEntry, 'Amt', `${where}/Ntry[1]`), 'Ccy') : null);
    if (!currency) throw new StatementRefusal('missing_element', `${where}/Acct`, 'Ccy', 'the statement names no currency (no Acct/Ccy, balance or entry)');
    currencyDecimalsAt(currency, `${where}/Acct/Ccy`);
    const index = this.begun++;
    this.sink?.statement(index, { format: message, statementId, account, currency });
    return {
      item, where, named: `${where} (Id ${statementId})`, message, statementId, account, balances, currency,
      entries: 0, bookedEntries: 0, lines: [], index, sent: 0, lineCount: 0, creditMinor: 0, debitMinor: 0, fromDate: null, toDate: null, skipped: new Map(),
      // Totals of every entry, booked or not, for TxsSummry (which summarises the entries reported).
      summary: { count: 0, creditCount: 0, debitCount: 0, creditMinor: 0n, debitMinor: 0n },
    };
  }

  private readEntry(state: StatementState, value: XmlValue): void {
    const { where, currency, summary } = state;
    state.entries++;
    this.entriesSeen++;
    if (this.entriesSeen > camtLimits.entriesMax) {
      throw new StatementRefusal('limit_exceeded', where, 'Ntry', `more than ${camtLimits.entriesMax} entries in the file`);
    }
    const entryWhere = `${where}/Ntry[${state.entries}]`;
    const entryValue = isNode(value) ? value : {};
    const amountValue = child(entryValue, 'Amt', entryWhere);
    const entryCurrency = attribute(amountValue, 'Ccy');
    const amountText = valueText(amountValue);
    if (!amountText || !entryCurrency) throw new StatementRefusal('missing_element', `${entryWhere}/Amt`, amountText ? 'Ccy' : 'Amt', 'the entry has no amount with a currency');
    const amountMinor = parseCamtAmount(amountText, entryCurrency, `${entryWhere}/Amt`);
    if (entryCurrency !== currency) {
      throw new StatementRefusal('currency_mismatch', `${entryWhere}/Amt`, 'Ccy', `the entry is in ${entryCurrency} but the statement in ${currency}`);
    }
    const indicator = readIndicator(entryValue, entryWhere);
    summary.count++;
    if (indicator === 'CRDT') {
      summary.creditCount++;
      summary.creditMinor += BigInt(amountMinor);
    } else {
      summary.debitCount++;
      summary.debitMinor += BigInt(amountMinor);
    }
    const status = readStatus(entryValue, entryWhere);
    if (status !== 'BOOK') {
      state.skipped.set(status, (state.skipped.get(status) ?? 0) + 1);
      return;
    }
    state.bookedEntries++;
    const context = this.entryContext(entryValue, entryWhere, currency, amountMinor, indicator);
    for (const line of this.entryLines(context, state.account)) {
      state.lines.push(line);
      state.lineCount++;
      if (line.amountMinor >= 0) state.creditMinor += line.amountMinor;
      else state.debitMinor += line.amountMinor;
      if (state.fromDate === null || line.bookingDate < state.fromDate) state.fromDate = line.bookingDate;
      if (state.toDate === null || line.bookingDate > state.toDate) state.toDate = line.bookingDate;
    }
    this.handOver(state, false);
  }

  /** Totals, the file's own balances and control sums, once every entry is read. */
  private endStatement(state: StatementState): { statement: ParsedStatement; check: CamtStatementCheck } {
    this.handOver(state, true);
    const { item, where, named, message, statementId, account, balances, currency, lines, skipped, summary, bookedEntries, creditMinor, debitMinor, fromDate, toDate } = state;
    if (skipped.size > 0) {
      const count = [...skipped.values()].reduce((a, b) => a + b, 0);
      const byStatus = [...skipped].map(([status, n]) => `${status} ${n}`).join(', ');
      this.warn(`${named}: ${count} ${count === 1 ? 'entry is' : 'entries are'} not booked (${byStatus}) and ${count === 1 ? 'was' : 'were'} skipped`);
    }

    if (!Number.isSafeInteger(creditMinor) || !Number.isSafeInteger(debitMinor)) {
      throw new StatementRefusal('amount_too_large', named, null, 'the sum of the lines is too large to be exact');
    }
    const opening = pickBalance(balances, ['OPBD', 'PRCD'], 'first');
    const closing = pickBalance(balances, ['CLBD'], 'last');
    const check: CamtStatementCheck = {
      where, statementId, entries: state.entries, bookedEntries, skippedEntries: state.entries - bookedEntries,
      balances: 'no_balances', summaryChecked: [],
    };
    let openingMinor: number | null = null;
    let closingMinor: number | null = null;
    if (this.verifyBalances) {
      for (const balance of [opening, closing]) {
        if (balance && balance.currency !== currency) {
          throw new StatementRefusal('currency_mismatch', `${balance.where}/Amt`, 'Ccy', `the ${balance.code} balance is in ${balance.currency} but the statement in ${currency}`);
        }
      }
      openingMinor = opening?.signedMinor ?? null;
      closingMinor = closing?.signedMinor ?? null;
      if (openingMinor !== null && closingMinor !== null) {
        const expected = BigInt(openingMinor) + BigInt(creditMinor) + BigInt(debitMinor);
        if (expected !== BigInt(closingMinor)) {
          const f = (value: bigint | number) => formatAmount(value, currency);
          throw new StatementRefusal(
            'balance_mismatch', named, `${opening!.code}/CLBD`,
            `opening balance ${opening!.code} ${f(openingMinor)} + booked entries ${f(BigInt(creditMinor) + BigInt(debitMinor))} ` +
              `(${state.lineCount} lines) = ${f(expected)} ${currency}, but the closing balance CLBD is ${f(closingMinor)} ` +
              `(difference ${f(BigInt(closingMinor) - expected)})`,
          );
        }
        check.balances = 'agrees';
      }
      check.summaryChecked = checkSummary(item, where, named, currency, summary);
    } else {
      check.balances = 'not_verified';
      openingMinor = opening && opening.currency === currency ? opening.signedMinor : null;
      closingMinor = closing && closing.currency === currency ? closing.signedMinor : null;
    }

    return {
      statement: {
        format: message, statementId, account, currency, openingMinor, closingMinor, fromDate, toDate, lines, creditMinor, debitMinor,
        openingDate: openingMinor === null ? null : opening?.date ?? null, closingDate: closingMinor === null ? null : closing?.date ?? null,
      },
      check,
    };
  }

  private entryContext(entry: XmlNode, where: string, currency: string, amountMinor: number, indicator: Indicator): EntryContext {
    let bookingDate = readDate(entry, 'BookgDt', where);
    const valueDate = readDate(entry, 'ValDt', where);
    if (bookingDate === null) {
      if (valueDate === null) throw new StatementRefusal('missing_element', `${where}/BookgDt`, 'BookgDt', 'a booked entry has neither a booking date nor a value date');
      this.warn(`${where}: no BookgDt; the value date ${valueDate} is used as the booking date`);
      bookingDate = valueDate;
    }
    const reversalText = textAt(entry, 'RvslInd', where, 10);
    const accountServicerReference = textAt(entry, 'AcctSvcrRef', where, camtLimits.referenceCharsMax);
    const entryReference = textAt(entry, 'NtryRef', where, camtLimits.referenceCharsMax);
    const base = accountServicerReference ?? entryReference;
    const firstUse = base === null ? undefined : this.idBases.get(base);
    if (base !== null && firstUse === undefined) this.idBases.set(base, where);
    if (firstUse !== undefined) {
      this.warn(`${where}: ${accountServicerReference ? 'AcctSvcrRef' : 'NtryRef'} "${base}" is also that of ${firstUse}; the ids of this entry's lines end in a content hash`);
    }
    return {
      where,
      entry,
      currency,
      signedMinor: indicator === 'CRDT' ? amountMinor : -amountMinor,
      indicator,
      bookingDate,
      valueDate,
      reversal: reversalText === 'true' || reversalText === '1',
      accountServicerReference,
      entryReference,
      referenceReused: firstUse !== undefined,
    };
  }

  /** One line per TxDtls (a batch expanded), or one line for an entry without itemised details. */
  private entryLines(context: EntryContext, account: StatementAccount): StatementLine[] {
    const { entry, where } = context;
    const groups = all(entry, 'NtryDtls');
    const transactions: { tx: XmlNode; where: string }[] = [];
    const batches: { where: string; count: number | null; totalMinor: number | null; transactions: number; signedSumMinor: number | null }[] = [];
    groups.forEach((group, groupIndex) => {
      const groupWhere = `${where}/NtryDtls[${groupIndex + 1}]`;
      if (!isNode(group)) return;
      const txs = all(group, 'TxDtls');
      const countText = textAt(group, 'Btch/NbOfTxs', groupWhere, 15);
      let count: number | null = null;
      if (countText !== null) {
        if (!/^\d{1,15}$/.test(countText)) throw new StatementRefusal('invalid_value', `${groupWhere}/Btch/NbOfTxs`, 'NbOfTxs', `"${countText}" is not a number`);
        count = Number(countText);
      }
      let totalMinor: number | null = null;
      const totalValue = at(group, 'Btch/TtlAmt', groupWhere);
      const totalText = valueText(totalValue);
      if (totalText !== null) {
        const totalCurrency = attribute(totalValue, 'Ccy') ?? context.currency;
        if (totalCurrency === context.currency) {
          const minor = parseCamtAmount(totalText, totalCurrency, `${groupWhere}/Btch/TtlAmt`);
          const batchIndicator = textAt(group, 'Btch/CdtDbtInd', groupWhere, 4) ?? context.indicator;
          totalMinor = batchIndicator === 'DBIT' ? -minor : minor;
        }
      }
      batches.push({ where: groupWhere, count, totalMinor, transactions: txs.length, signedSumMinor: null });
      txs.forEach((tx, txIndex) => {
        if (isNode(tx)) transactions.push({ tx, where: `${groupWhere}/TxDtls[${txIndex + 1}]` });
        else transactions.push({ tx: {}, where: `${groupWhere}/TxDtls[${txIndex + 1}]` });
      });
    });
    if (transactions.length > camtLimits.transactionsPerEntryMax) {
      throw new StatementRefusal('limit_exceeded', where, 'TxDtls', `${transactions.length} TxDtls is more than the limit of ${camtLimits.transactionsPerEntryMax}`);
    }

    const lines: StatementLine[] = [];
    if (transactions.length >= 2) {
      // Itemised: every TxDtls is a line with its own amount, and the batch counts and amounts must add up.
      for (const batch of batches) {
        if (batch.count !== null && batch.count !== batch.transactions) {
          throw new StatementRefusal('batch_count_mismatch', `${batch.where}/Btch/NbOfTxs`, 'NbOfTxs',
            `the batch says ${batch.count} transactions but ${batch.transactions} TxDtls are given (entry ${where})`);
        }
      }
      let sum = 0;
      const amounts = transactions.map(({ tx, where: txWhere }) => {
        const amount = transactionAmount(tx, txWhere, context);
        if (amount === null) {
          throw new StatementRefusal('transaction_amount_missing', txWhere, 'AmtDtls/TxAmt/Amt',
            `entry ${where} is split into ${transactions.length} TxDtls, but this one has no amount in ${context.currency} (AmtDtls/TxAmt/Amt, or Amt)`);
        }
        sum += amount;
        return amount;
      });
      if (sum !== context.signedMinor) {
        const f = (value: number) => formatAmount(value, context.currency);
        throw new StatementRefusal('transaction_sum_mismatch', where, 'Amt',
          `the ${transactions.length} TxDtls amounts sum to ${f(sum)} but the entry is ${f(context.signedMinor)} ${context.currency}`);
      }
      let offset = 0;
      for (const batch of batches) {
        const batchSum = amounts.slice(offset, offset + batch.transactions).reduce((a, b) => a + b, 0);
        offset += batch.transactions;
        if (batch.totalMinor !== null && batch.transactions > 0 && Math.abs(batch.totalMinor) !== Math.abs(batchSum)) {
          throw new StatementRefusal('batch_total_mismatch', `${batch.where}/Btch/TtlAmt`, 'TtlAmt',
            `the batch total is ${formatAmount(Math.abs(batch.totalMinor), context.currency)} but its TxDtls sum to ${formatAmount(Math.abs(batchSum), context.currency)}`);
        }
      }
      transactions.forEach(({ tx, where: txWhere }, index) => {
        lines.push(this.makeLine(context, account, tx, txWhere, amounts[index], index + 1));
      });
    } else {
      // One line for the entry: no TxDtls, or one TxDtls describing the whole entry.
      const only = transactions[0];
      if (only) {
        const amount = transactionAmount(only.tx, only.where, context);
        if (amount !== null && amount !== context.signedMinor) {
          const f = (value: number) => formatAmount(value, context.currency);
          throw new StatementRefusal('transaction_sum_mismatch', where, 'Amt',
            `its only TxDtls (${only.where}) is ${f(amount)} but the entry is ${f(context.signedMinor)} ${context.currency}`);
        }
      }
      const batchCount = batches.reduce((n, batch) => n + (batch.count ?? 0), 0);
      if (batchCount > 1) {
        this.warn(`${where}: a batch of ${batchCount} transactions given as one amount without ${batchCount} TxDtls; imported as one line`);
      }
      for (const batch of batches) {
        if (batch.totalMinor !== null && groups.length === 1 && Math.abs(batch.totalMinor) !== Math.abs(context.signedMinor)) {
          throw new StatementRefusal('batch_total_mismatch', `${batch.where}/Btch/TtlAmt`, 'TtlAmt',
            `the batch total is ${formatAmount(Math.abs(batch.totalMinor), context.currency)} but the entry is ${formatAmount(Math.abs(context.signedMinor), context.currency)}`);
        }
      }
      lines.push(this.makeLine(context, account, only?.tx ?? null, only?.where ?? where, context.signedMinor, 1));
    }
    this.linesMade += lines.length;
    if (this.linesMade > camtLimits.linesMax) {
      throw new StatementRefusal('limit_exceeded', where, null, `more than ${camtLimits.linesMax} lines in the file`);
    }
    return lines;
  }

  /** A line id from a hash of its content; identical content again (two equal card payments the same day) hashes its occurrence number too. */
  private hashedId(canonical: string[], length: number, prefix: string): string {
    let hash = sha256Hex(JSON.stringify(canonical)).slice(0, length);
    for (let occurrence = 2; this.ids.has(`${prefix}${hash}`); occurrence++) {
      hash = sha256Hex(JSON.stringify([...canonical, `#${occurrence}`])).slice(0, length);
    }
    return `${prefix}${hash}`;
  }

  private makeLine(context: EntryContext, account: StatementAccount, tx: XmlNode | null, txWhere: string, amountMinor: number, n: number): StatementLine {
    const { entry, where } = context;
    const credit = amountMinor > 0 || (amountMinor === 0 && context.indicator === 'CRDT');
    // A reversal keeps the original roles: a returned outgoing payment (credit, RvslInd) names the payee as Cdtr.
    const side = credit !== context.reversal ? 'Dbtr' : 'Cdtr';
    const parties = tx ? childNode(tx, 'RltdPties', txWhere) : undefined;
    const partiesWhere = `${txWhere}/RltdPties`;
    const counterpartyName = partyName(parties, side, partiesWhere);
    const counterpartyAccount = accountId(childNode(parties, `${side}Acct`, partiesWhere), `${partiesWhere}/${side}Acct`);

    const remittances = tx ? all(tx, 'RmtInf') : [];
    const structuredReferences: string[] = [];
    const unstructured: string[] = [];
    remittances.forEach((remittance, r) => {
      if (!isNode(remittance)) return;
      const remittanceWhere = `${txWhere}/RmtInf${remittances.length > 1 ? `[${r + 1}]` : ''}`;
      for (const line of all(remittance, 'Ustrd')) {
        const text = valueText(line);
        if (text) unstructured.push(squeeze(text));
      }
      all(remittance, 'Strd').forEach((structured, s) => {
        if (!isNode(structured)) return;
        for (const info of all(structured, 'CdtrRefInf')) {
          if (!isNode(info)) continue;
          const ref = textAt(info, 'Ref', `${remittanceWhere}/Strd[${s + 1}]/CdtrRefInf`, camtLimits.referenceCharsMax);
          if (ref && !structuredReferences.includes(ref)) structuredReferences.push(ref);
        }
      });
    });
    let text = unstructured.join(' ');
    if (!text) {
      const additional: string[] = [];
      for (const source of [tx ? all(tx, 'AddtlTxInf') : [], all(entry, 'AddtlNtryInf')]) {
        for (const value of source) {
          const info = valueText(value);
          if (info && !additional.includes(squeeze(info))) additional.push(squeeze(info));
        }
      }
      text = additional.join(' ');
    }
    limited(text, camtLimits.textCharsMax, `${txWhere}/RmtInf`, 'Ustrd');

    // (Closures made per line cost: tsx names each one as it is made. These are plain functions and methods.)
    const extraReferences: string[] = [];
    const refs = tx ? childNode(tx, 'Refs', txWhere) : undefined;
    if (refs) {
      const refsWhere = `${txWhere}/Refs`;
      for (const name of transactionReferences) addReference(extraReferences, textAt(refs, name, refsWhere, camtLimits.referenceCharsMax));
    } else {
      // An entry without details: the batch's own references (pain.001 MsgId/PmtInfId) are what matches.
      all(entry, 'NtryDtls').forEach((group, g) => {
        if (!isNode(group)) return;
        for (const name of ['MsgId', 'PmtInfId']) addReference(extraReferences, textAt(group, `Btch/${name}`, `${where}/NtryDtls[${g + 1}]`, camtLimits.referenceCharsMax));
      });
    }
    for (let r = 1; r < structuredReferences.length; r++) addReference(extraReferences, structuredReferences[r]);

    const transactionCode = bankTransactionCode(tx ? childNode(tx, 'BkTxCd', txWhere) : undefined, `${txWhere}/BkTxCd`)
      ?? bankTransactionCode(childNode(entry, 'BkTxCd', where), `${where}/BkTxCd`);

    const base = context.accountServicerReference ?? context.entryReference;
    // Without a bank reference, or when the bank used its reference on an earlier entry of the file too
    // (ING and ABN AMRO samples do), the reference alone is no identity: a hash of the content is added.
    // The content hashed, made only then:
    const canonical = base === null || context.referenceReused
      ? [
        account.iban ?? account.bankgiro ?? account.plusgiro ?? account.otherId ?? '', context.accountServicerReference ?? '', context.entryReference ?? '',
        context.bookingDate, context.valueDate ?? '', String(context.signedMinor), String(amountMinor), context.currency, context.indicator, context.reversal ? 'RVSL' : '',
        structuredReferences[0] ?? '', ...extraReferences, String(n),
      ]
      : null;
    const id = canonical === null ? `${base}:${n}` : base === null ? this.hashedId(canonical, 16, 'H:') : this.hashedId(canonical, 8, `${base}:${n}:`);
    const other = this.ids.get(id);
    if (other !== undefined) {
      throw new StatementRefusal('duplicate_line_id', txWhere, context.accountServicerReference ? 'AcctSvcrRef' : 'NtryRef',
        `the line id "${id}" is also that of ${other}`);
    }
    this.ids.set(id, txWhere);

    return {
      id,
      amountMinor,
      currency: context.currency,
      bookingDate: context.bookingDate,
      valueDate: context.valueDate,
      counterpartyName,
      counterpartyAccount,
      reference: structuredReferences[0] ?? null,
      text: text || null,
      reversal: context.reversal,
      transactionCode,
      extraReferences,
    };
  }
}

// ---------------------------------------------------------------- pieces

function messageOfNamespace(document: XmlNode): { message: string | null; version: string | null } {
  for (const name of Object.keys(document)) {
    if (name !== '@_xmlns' && !name.startsWith('@_xmlns:')) continue;
    const uri = document[name];
    if (typeof uri !== 'string') continue;
    const match = /^urn:iso:std:iso:20022:tech:xsd:([a-z]{4}\.\d{3})\.(\d{3}\.\d{2})$/.exec(uri.trim());
    if (match) return { message: match[1], version: match[2] };
  }
  return { message: null, version: null };
}

function readIndicator(node: XmlNode, where: string): Indicator {
  const value = textAt(node, 'CdtDbtInd', where, 10);
  if (value === 'CRDT' || value === 'DBIT') return value;
  if (value === null) throw new StatementRefusal('missing_element', `${where}/CdtDbtInd`, 'CdtDbtInd', 'no credit/debit indicator');
  throw new StatementRefusal('invalid_value', `${where}/CdtDbtInd`, 'CdtDbtInd', `"${value}" is neither CRDT nor DBIT`);
}

/** Sts as a plain code (001.02–001.06) or Sts/Cd (001.07+; Sts/Prtry is taken as written). */
function readStatus(entry: XmlNode, where: string): string {
  const value = child(entry, 'Sts', where);
  const status = typeof value === 'string'
    ? valueText(value)
    : textAt(isNode(value) ? value : undefined, 'Cd', `${where}/Sts`, 35) ?? textAt(isNode(value) ? value : undefined, 'Prtry', `${where}/Sts`, 35);
  if (!status) throw new StatementRefusal('missing_element', `${where}/Sts`, 'Sts', 'the entry has no status');
  return limited(status, 35, `${where}/Sts`, 'Sts')!;
}

function readDate(node: XmlNode, name: string, where: string): string | null {
  const holder = childNode(node, name, where);
  if (!holder) return null;
  const text = textAt(holder, 'Dt', `${where}/${name}`, 40) ?? textAt(holder, 'DtTm', `${where}/${name}`, 40);
  if (text === null) return null;
  const date = camtDatePart(text);
  if (date === null) throw new StatementRefusal('invalid_value', `${where}/${name}`, name, `"${text}" is not a date (YYYY-MM-DD or an ISO date-time)`);
  return date;
}

/** Acct/Id/IBAN or Acct/Id/Othr/Id (SchmeNm BGNR → bankgiro), and Acct/Ccy. */
function readAccount(item: XmlNode, where: string): StatementAccount {
  const acct = childNode(item, 'Acct', where);
  if (!acct) throw new StatementRefusal('missing_element', `${where}/Acct`, 'Acct', 'the statement names no account');
  const account: StatementAccount = {};
  const id = childNode(acct, 'Id', `${where}/Acct`);
  const iban = textAt(id, 'IBAN', `${where}/Acct/Id`, 34);
  if (iban) account.iban = iban.replace(/ /g, '').toUpperCase();
  const other = textAt(id, 'Othr/Id', `${where}/Acct/Id`, camtLimits.referenceCharsMax);
  if (other) {
    const scheme = (textAt(id, 'Othr/SchmeNm/Cd', `${where}/Acct/Id`, 35) ?? textAt(id, 'Othr/SchmeNm/Prtry', `${where}/Acct/Id`, 35) ?? '').toUpperCase();
    const digits = other.replace(/[\s-]/g, '');
    if (scheme === 'BGNR' && /^\d{7,8}$/.test(digits)) account.bankgiro = digits;
    else account.otherId = other;
  }
  if (!account.iban && !account.bankgiro && !account.otherId) {
    throw new StatementRefusal('missing_element', `${where}/Acct/Id`, 'IBAN', 'the account has neither an IBAN nor Othr/Id');
  }
  const currency = textAt(acct, 'Ccy', `${where}/Acct`, 3);
  if (currency) {
    currencyDecimalsAt(currency, `${where}/Acct/Ccy`);
    account.currency = currency;
  }
  return account;
}

interface Balance {
  where: string;
  code: string;
  currency: string;
  signedMinor: number;
  date: string | null;
}

/** The booked balances that matter (OPBD, PRCD, CLBD); the others (OPAV, CLAV, ITBD, …) are not read. */
function readBalances(item: XmlNode, where: string): Balance[] {
  const out: Balance[] = [];
  all(item, 'Bal').forEach((value, index) => {
    const balanceWhere = `${where}/Bal[${index + 1}]`;
    if (!isNode(value)) return;
    const code = textAt(value, 'Tp/CdOrPrtry/Cd', balanceWhere, 4);
    if (code !== 'OPBD' && code !== 'PRCD' && code !== 'CLBD') return;
    const amount = child(value, 'Amt', balanceWhere);
    const currency = attribute(amount, 'Ccy');
    const text = valueText(amount);
    if (!currency || !text) throw new StatementRefusal('missing_element', `${balanceWhere}/Amt`, 'Amt', `the ${code} balance has no amount with a currency`);
    const minor = parseCamtBalance(text, currency, `${balanceWhere}/Amt`);
    const indicator = readIndicator(value, balanceWhere);
    const dateHolder = childNode(value, 'Dt', balanceWhere);
    const dateText = textAt(dateHolder, 'Dt', `${balanceWhere}/Dt`, 40) ?? textAt(dateHolder, 'DtTm', `${balanceWhere}/Dt`, 40);
    out.push({ where: balanceWhere, code, currency, signedMinor: indicator === 'CRDT' ? minor : -minor, date: dateText ? camtDatePart(dateText) : null });
  });
  return out;
}

/**
 * The opening balance is the earliest-dated OPBD (PRCD if there is no OPBD),
 * the closing balance the latest-dated CLBD: a statement that covers several
 * days with per-day balances is checked from its first opening to its last
 * closing. Equal dates keep document order.
 */
function pickBalance(balances: Balance[], codes: string[], which: 'first' | 'last'): Balance | null {
  for (const code of codes) {
    const candidates = balances.filter((balance) => balance.code === code);
    if (candidates.length === 0) continue;
    let best = candidates[0];
    for (const candidate of candidates.slice(1)) {
      if (!candidate.date || !best.date) continue;
      if (which === 'first' ? candidate.date < best.date : candidate.date > best.date) best = candidate;
    }
    return best;
  }
  return null;
}

/** TxsSummry totals against every entry of the statement; returns the totals that were present (all agree, or it throws). */
function checkSummary(
  item: XmlNode, where: string, named: string, currency: string,
  summary: { count: number; creditCount: number; debitCount: number; creditMinor: bigint; debitMinor: bigint },
): string[] {
  const totals = childNode(item, 'TxsSummry', where);
  if (!totals) return [];
  const checked: string[] = [];
  const summaryWhere = `${where}/TxsSummry`;
  const f = (value: bigint) => formatAmount(value, currency);
  const compareCount = (path: string, actual: number) => {
    const text = textAt(totals, path, summaryWhere, 15);
    if (text === null) return;
    if (!/^\d{1,15}$/.test(text)) throw new StatementRefusal('invalid_value', `${summaryWhere}/${path}`, 'NbOfNtries', `"${text}" is not a number`);
    if (Number(text) !== actual) {
      throw new StatementRefusal('summary_mismatch', `${summaryWhere}/${path}`, path.split('/')[1],
        `${named} says ${text} but has ${actual} (all statuses counted)`);
    }
    checked.push(path);
  };
  const compareSum = (path: string, actual: bigint, indicatorPath?: string) => {
    const text = textAt(totals, path, summaryWhere, 40);
    if (text === null) return;
    let expected = BigInt(parseCamtBalance(text, currency, `${summaryWhere}/${path}`));
    if (indicatorPath) {
      const indicator = textAt(totals, indicatorPath, summaryWhere, 4);
      if (indicator === 'DBIT') expected = -expected;
    }
    if (expected !== actual) {
      throw new StatementRefusal('summary_mismatch', `${summaryWhere}/${path}`, path.split('/')[1],
        `${named} says ${f(expected)} but its entries give ${f(actual)} ${currency} (all statuses counted)`);
    }
    checked.push(path);
  };
  compareCount('TtlNtries/NbOfNtries', summary.count);
  compareSum('TtlNtries/Sum', summary.creditMinor + summary.debitMinor);
  compareSum('TtlNtries/TtlNetNtryAmt', summary.creditMinor - summary.debitMinor, 'TtlNtries/CdtDbtInd');
  compareCount('TtlCdtNtries/NbOfNtries', summary.creditCount);
  compareSum('TtlCdtNtries/Sum', summary.creditMinor);
  compareCount('TtlDbtNtries/NbOfNtries', summary.debitCount);
  compareSum('TtlDbtNtries/Sum', summary.debitMinor);
  return checked;
}

/**
 * A TxDtls amount in the entry's currency, signed (TxDtls CdtDbtInd when
 * present, else the entry's): Amt directly in TxDtls (001.08+), else
 * AmtDtls/TxAmt/Amt. An amount in another currency (the instructed foreign
 * amount) is not what was booked, and counts as none.
 */
function transactionAmount(tx: XmlNode, where: string, context: EntryContext): number | null {
  let value = child(tx, 'Amt', where);
  let valueWhere = `${where}/Amt`;
  if (value === undefined || attribute(value, 'Ccy') !== context.currency) {
    value = at(tx, 'AmtDtls/TxAmt/Amt', where);
    valueWhere = `${where}/AmtDtls/TxAmt/Amt`;
  }
  const text = valueText(value);
  const currency = attribute(value, 'Ccy');
  if (text === null || currency !== context.currency) return null;
  const minor = parseCamtAmount(text, currency, valueWhere);
  const indicator = has(tx, 'CdtDbtInd') ? readIndicator(tx, where) : context.indicator;
  return indicator === 'CRDT' ? minor : -minor;
}

/** Dbtr/Nm (001.02–001.07) or Dbtr/Pty/Nm (001.08+), else the financial institution's name, else UltmtDbtr; same for Cdtr. */
function partyName(parties: XmlNode | undefined, side: 'Dbtr' | 'Cdtr', where: string): string | null {
  if (!parties) return null;
  for (const path of [`${side}/Nm`, `${side}/Pty/Nm`, `${side}/Agt/FinInstnId/Nm`, `Ultmt${side}/Nm`, `Ultmt${side}/Pty/Nm`]) {
    const name = textAt(parties, path, where, camtLimits.nameCharsMax);
    if (name) return name;
  }
  return null;
}

/** IBAN, else Othr/Id, of a DbtrAcct/CdtrAcct. */
function accountId(acct: XmlNode | undefined, where: string): string | null {
  if (!acct) return null;
  const iban = textAt(acct, 'Id/IBAN', where, 34);
  if (iban) return iban.replace(/ /g, '').toUpperCase();
  return textAt(acct, 'Id/Othr/Id', where, camtLimits.referenceCharsMax);
}

/** "PMNT/RCDT/ESCT" from Domn, else Prtry/Cd as written. */
function bankTransactionCode(code: XmlNode | undefined, where: string): string | null {
  if (!code) return null;
  const domain = textAt(code, 'Domn/Cd', where, 4);
  const family = textAt(code, 'Domn/Fmly/Cd', where, 4);
  const subFamily = textAt(code, 'Domn/Fmly/SubFmlyCd', where, 4);
  if (domain && family && subFamily) return `${domain}/${family}/${subFamily}`;
  return textAt(code, 'Prtry/Cd', where, 35) ?? (domain ? [domain, family, subFamily].filter(Boolean).join('/') : null);
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** 123450n EUR → "1234.50" for messages (shared/money's formatter knows only the house currencies). */
function formatAmount(value: bigint | number, currency: string): string {
  const decimals = currencyDecimalsAt(currency, 'currency');
  const exact = BigInt(value);
  const negative = exact < 0n;
  const digits = String(negative ? -exact : exact).padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  return `${negative ? '-' : ''}${whole}${decimals ? `.${digits.slice(digits.length - decimals)}` : ''}`;
}
