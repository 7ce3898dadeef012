/**
 * In-memory model of a SIE 4 file (SIE-Gruppen "SIE filformat, Utgåva 4B").
 *
 * Pure data: no database ids, no floats. Amounts are integer minor units (öre
 * for SEK) in `number`, always `Number.isSafeInteger`. Quantities are kept as
 * the decimal string from the file so that no precision is lost.
 * Dates are ISO `YYYY-MM-DD`; periods are `YYYYMM` as in the file.
 */

/** 'E' = export of a whole year (4E), 'I' = transactions to import (4I). */
export type SieFileKind = 'E' | 'I';

/** Encodings the reader can detect; the writer always writes CP437 (PC8). */
export type SieEncoding = 'utf-8' | 'cp437' | 'iso-8859-15' | 'windows-1252';

/** #KTYP: T = asset (tillgång), S = liability/equity (skuld), K = cost, I = income. */
export type SieAccountType = 'T' | 'S' | 'K' | 'I';

export type SieTransactionKind = 'TRANS' | 'RTRANS' | 'BTRANS';

export interface SieFiscalYear {
  /** 0 = current year, -1 = previous, … */
  index: number;
  start: string;
  end: string;
}

export interface SieAddress {
  contact: string;
  street: string;
  postal: string;
  phone: string;
}

export interface SieHeader {
  /** #FLAGGA: 0 = not yet imported, 1 = already imported. */
  flagga: number;
  program: { name: string; version: string };
  /** #FORMAT as written, normally 'PC8'. */
  format: string;
  gen: { date: string; sign?: string };
  sieType: 1 | 2 | 3 | 4;
  fileKind: SieFileKind;
  /** #FNR, the exporting program's own company id. */
  companyId?: string;
  /** #ORGNR, e.g. '556334-3689'. */
  orgNumber?: string;
  /** #FNAMN */
  companyName: string;
  /** #FTYP, e.g. 'AB'. */
  companyType?: string;
  address?: SieAddress;
  /** #RAR, in file order. */
  fiscalYears: SieFiscalYear[];
  /** #TAXAR */
  taxYear?: number;
  /** #OMFATTN: balances in the file cover up to this date. */
  balancesUntil?: string;
  /** #KPTYP, e.g. 'EUBAS97' or 'BAS2016'. */
  chartType?: string;
  /** #VALUTA, 'SEK' when absent. */
  currency: string;
  /** #PROSA free-text comments, in file order. */
  comments: string[];
}

export interface SieAccount {
  /** Digits only, kept as a string (leading zeros matter, e.g. '0351'). */
  number: string;
  name: string;
  type?: SieAccountType;
  /** #ENHET, unit of the quantity, e.g. 'st'. */
  unit?: string;
  /** #SRU tax-return code. */
  sru?: string;
}

export interface SieDimension {
  number: number;
  name: string;
  /** #UNDERDIM: the dimension this one is a sub-dimension of. */
  parent?: number;
}

export interface SieObject {
  dimension: number;
  id: string;
  name: string;
}

export interface SieObjectRef {
  dimension: number;
  id: string;
}

export interface SieBalance {
  yearIndex: number;
  account: string;
  /** A number as read from a file; a bigint where a writer's sum is beyond 2^53 (written exactly). */
  amountMinor: number | bigint;
  /** Decimal string as written, e.g. '10' or '1.75'. */
  quantity?: string;
}

/** #OIB / #OUB: a balance for one account and one object. */
export interface SieObjectBalance extends SieBalance {
  objects: SieObjectRef[];
}

/** #PSALDO / #PBUDGET */
export interface SiePeriodBalance extends SieBalance {
  /** 'YYYYMM' */
  period: string;
  /** Empty for the whole account. */
  objects: SieObjectRef[];
}

export interface SieBalances {
  /** #IB */
  opening: SieBalance[];
  /** #UB */
  closing: SieBalance[];
  /** #RES */
  result: SieBalance[];
  /** #OIB */
  objectOpening: SieObjectBalance[];
  /** #OUB */
  objectClosing: SieObjectBalance[];
  /** #PSALDO */
  period: SiePeriodBalance[];
  /** #PBUDGET */
  periodBudget: SiePeriodBalance[];
}

export interface SieTransaction {
  kind: SieTransactionKind;
  account: string;
  objects: SieObjectRef[];
  amountMinor: number;
  transDate?: string;
  text?: string;
  quantity?: string;
  sign?: string;
  /** 1-based source line; absent for documents not read from a file. */
  lineNumber?: number;
}

export interface SieVoucher {
  /** May be '' in 4I files (the receiver numbers it). */
  series: string;
  /** May be '' in 4I files. */
  number: string;
  date: string;
  text: string;
  registeredDate?: string;
  sign?: string;
  /** 1-based line of the #VER record; absent for documents not read from a file. */
  lineNumber?: number;
  transactions: SieTransaction[];
}

export interface SieChecksum {
  present: boolean;
  /** The value stored in the closing #KSUMMA. */
  expected?: number;
  computed?: number;
  valid?: boolean;
}

export interface SieDocument {
  header: SieHeader;
  accounts: SieAccount[];
  dimensions: SieDimension[];
  objects: SieObject[];
  balances: SieBalances;
  vouchers: SieVoucher[];
  checksum: SieChecksum;
}

/** An error or warning, always naming the 1-based line when there is one. */
export interface SieIssue {
  code: SieErrorCode | SieWarningCode;
  message: string;
  line?: number;
  /** The record label, e.g. '#TRANS'. */
  record?: string;
  field?: string;
}

/** A refusal: the file is not imported. */
export type SieError = SieIssue & { code: SieErrorCode };
/** Tolerated: the file is imported, the caller may show these. */
export type SieWarning = SieIssue & { code: SieWarningCode };

/** Stored data: never rename, only add. */
export type SieErrorCode =
  | 'syntax_error'
  | 'missing_field'
  | 'invalid_amount'
  | 'amount_out_of_range'
  | 'invalid_date'
  | 'invalid_number'
  | 'invalid_account'
  | 'invalid_field'
  | 'invalid_object_list'
  | 'missing_voucher_date'
  | 'voucher_unbalanced'
  | 'checksum_mismatch'
  | 'checksum_unterminated'
  | 'checksum_unopened'
  | 'missing_record'
  | 'too_many_errors';

/** Stored data: never rename, only add. */
export type SieWarningCode =
  | 'unknown_label'
  | 'undeclared_account'
  | 'undeclared_object'
  | 'duplicate_account'
  | 'rtrans_without_trans'
  | 'period_fields_swapped'
  | 'missing_object_list'
  | 'missing_record'
  | 'invalid_fiscal_year'
  | 'file_kind_mismatch'
  | 'already_imported'
  | 'flag_not_first'
  | 'empty_voucher'
  | 'unrepresentable_character'
  | 'ambiguous_backslash'
  | 'unquoted_text_joined'
  /** after import: an account's #UB (#RES) is not its #IB plus the year's vouchers (runtime/ledger/sie-fidelity.ts) */
  | 'balance_mismatch'
  /** a balance record for a year index the file's #RAR does not declare: not kept */
  | 'balance_without_year'
  /** an #IB on a result account (classes 3–8, 0, 9): imported, but a result account opens each year at zero — the year-end close takes it out of the next year */
  | 'opening_on_result_account';

export function emptySieBalances(): SieBalances {
  return { opening: [], closing: [], result: [], objectOpening: [], objectClosing: [], period: [], periodBudget: [] };
}
