/**
 * What every bank-statement format (camt.053/054, BgMax, CSV) is parsed into:
 * pure data, no database. The bank domain (runtime/domains/bank/) picks the
 * company's bank account from `account`, stores `lines` as bank lines and
 * fires "bank line imported" for each new one.
 *
 * Amounts are integer minor units of `currency` (see shared/money.ts), signed:
 * money in is positive, money out negative. A file is refused whole with a
 * StatementRefusal naming where (record or element) and what (field).
 */

export type StatementFormat = 'camt.053' | 'camt.054' | 'bgmax' | 'csv';

/** The account a statement is for, as the file names it (any may be missing). */
export interface StatementAccount {
  iban?: string;
  /** digits only, e.g. "9912346" (BgMax TK05 payee bankgiro, camt Othr/Id with SchmeNm BGNR) */
  bankgiro?: string;
  /** digits only */
  plusgiro?: string;
  /** another account id (camt Acct/Id/Othr/Id) */
  otherId?: string;
  /** the account's currency when the file says it */
  currency?: string;
}

export interface StatementLine {
  /**
   * The bank's own reference, stable across re-imports: camt
   * `<Ntry/AcctSvcrRef>:<1-based TxDtls index>` (falling back to NtryRef,
   * then to a content hash — see the parser), BgMax `BGMAX:<BGC serial number>`.
   */
  id: string;
  /** signed minor units: credit (money in) positive, debit negative */
  amountMinor: number;
  currency: string;
  /** YYYY-MM-DD */
  bookingDate: string;
  /** YYYY-MM-DD, when the file gives one */
  valueDate: string | null;
  counterpartyName: string | null;
  /** IBAN, bankgiro or other account of the payer/payee, when given */
  counterpartyAccount: string | null;
  /** a structured creditor reference: Swedish OCR, RF or other (camt Strd/CdtrRefInf/Ref, BgMax TK20 reference) */
  reference: string | null;
  /** unstructured remittance text (camt RmtInf/Ustrd joined; BgMax TK25 joined) */
  text: string | null;
  /** a returned payment (camt RvslInd; BgMax: always false — a TK21 is a deduction, not a return) */
  reversal: boolean;
  /** the format's own transaction code, e.g. "PMNT/RCDT/ESCT" or "BGMAX:20", for rules */
  transactionCode: string | null;
  /** extra references the bank gave (EndToEndId, TxId, BgMax TK22/23 references), for matching and audit */
  extraReferences: string[];
}

export interface ParsedStatement {
  format: StatementFormat;
  /** the statement's own id (camt Stmt/Id or Ntfctn/Id; BgMax deposit serial number with the file timestamp) */
  statementId: string;
  account: StatementAccount;
  /** the currency of the statement's amounts */
  currency: string;
  /** opening and closing booked balances (camt OPBD/PRCD and CLBD), when the file has them */
  openingMinor: number | null;
  closingMinor: number | null;
  /** the dates of those balances (camt Bal/Dt), when the file gives them */
  openingDate?: string | null;
  closingDate?: string | null;
  /** earliest and latest booking date of the lines (YYYY-MM-DD), null for an empty statement */
  fromDate: string | null;
  toDate: string | null;
  lines: StatementLine[];
  /** sum of positive line amounts, and of negative ones (≤ 0) */
  creditMinor: number;
  debitMinor: number;
}

export interface ParsedFile {
  format: StatementFormat;
  /** one per camt Stmt/Ntfctn, one per BgMax deposit (TK05…TK15), one for a CSV file */
  statements: ParsedStatement[];
  /** things a person should know that did not refuse the file (e.g. pending entries skipped) */
  warnings: string[];
}

/** What a statement's lines need to be mapped before the file is read to its end: its own fields that come before its entries. */
export interface StatementHeader {
  format: StatementFormat;
  statementId: string;
  account: StatementAccount;
  currency: string;
}

/**
 * Told of a file's statements and lines while it is parsed, in file order:
 * `statement` once per statement (index 0, 1, …) before any of its lines,
 * then `lines` in parts. A camt file streams them as its entries are read;
 * BgMax and CSV once parsed. The file may still be refused after (a closing
 * balance, a control sum, malformed XML further on): what was handed over is
 * not yet known good. A sink must not throw.
 */
export interface StatementSink {
  statement(index: number, header: StatementHeader): void;
  lines(index: number, lines: StatementLine[]): void;
}

/** Lines handed to a sink at a time. */
export const sinkLinesPerPart = 2_000;

/** Hands a parsed file's statements and lines to a sink (the formats that do not stream). */
export function feedSink(file: ParsedFile, sink: StatementSink): void {
  file.statements.forEach((statement, index) => {
    sink.statement(index, { format: statement.format, statementId: statement.statementId, account: statement.account, currency: statement.currency });
    for (let start = 0; start < statement.lines.length; start += sinkLinesPerPart) sink.lines(index, statement.lines.slice(start, start + sinkLinesPerPart));
  });
}

/**
 * The file is refused whole. `where` names the place: an XPath-like element
 * path with 1-based indexes for camt ("Stmt[1]/Ntry[3]/Amt"), a record for
 * BgMax ("line 7 (TK20)"), a row and column for CSV ("row 12, column amount").
 */
export class StatementRefusal extends Error {
  constructor(readonly code: string, readonly where: string, readonly field: string | null, readonly reason: string) {
    super(`${where}${field ? ` (${field})` : ''}: ${reason}`);
    this.name = 'StatementRefusal';
  }
}

/**
 * The refusal `run` throws (tests, and callers that report refusals): a StatementRefusal, or another
 * class of refusal when given; anything else thrown goes on; no throw is an error.
 */
export function refusalOf<T extends Error = StatementRefusal>(run: () => unknown, kind: abstract new (...args: never[]) => T = StatementRefusal as never): T {
  try {
    run();
  } catch (error) {
    if (error instanceof kind) return error;
    throw error;
  }
  throw new Error(`expected the file to be refused (a ${kind.name})`);
}

/** Sums of a statement's lines, for the answer and for checks against the file's own balances. */
export function lineTotals(lines: readonly StatementLine[]): { creditMinor: number; debitMinor: number } {
  let creditMinor = 0;
  let debitMinor = 0;
  for (const line of lines) {
    if (line.amountMinor >= 0) creditMinor += line.amountMinor;
    else debitMinor += line.amountMinor;
  }
  return { creditMinor, debitMinor };
}
