/**
 * What a BgMax file says beyond the shared statement model (../bank-statement.ts):
 * the payer's address and organisation number, the reference code, the
 * TK22/TK23 amounts, the deduction code. `parseBgmax` returns a
 * `BgmaxParsedFile`, which is a `ParsedFile` with a `bgmax` part added; the
 * arrays in it run parallel to `statements` and their `lines`.
 */
import type { ParsedFile } from '../bank-statement.ts';

/** Limits: a file past any of them is refused whole. */
export const bgmaxLimits = {
  /** 50 MiB: about 650 000 records of 80 characters. */
  bytesMax: 50 * 1024 * 1024,
  /** Records (lines) in one file, blank lines included. */
  recordsMax: 700_000,
  /** TK25 information records for one payment (50 characters each). */
  informationRecordsPerPaymentMax: 200,
  /** TK22/TK23 extra-reference records for one payment. */
  extraReferenceRecordsPerPaymentMax: 1_000,
} as const;

/** The transaction codes (TK) of BgMax. Any other code refuses the file. */
export const bgmaxRecordCodes = ['01', '05', '15', '20', '21', '22', '23', '25', '26', '27', '28', '29', '70'] as const;
export type BgmaxRecordCode = (typeof bgmaxRecordCodes)[number];

/** TK20/TK21 reference code (position 56). */
export type BgmaxReferenceCode = 0 | 1 | 2 | 3 | 4 | 5;

export interface BgmaxExtraReference {
  /** 1-based line of the TK22/TK23 record */
  line: number;
  recordCode: '22' | '23';
  /** the reference as written (trimmed), null when blank */
  reference: string | null;
  referenceCode: BgmaxReferenceCode;
  /** the record's amount in minor units: TK22 positive, TK23 negative. Informative only (see README). */
  amountMinor: number;
}

export interface BgmaxPayer {
  /** TK26 3–37 and 38–72 */
  name: string | null;
  extraName: string | null;
  /** TK27 3–37 and 38–46 */
  address: string | null;
  postcode: string | null;
  /** TK28 3–37, 38–72 and 73–74 */
  town: string | null;
  country: string | null;
  countryCode: string | null;
  /** TK29 3–14 as written (12 characters, e.g. "005500001234"), trimmed; null when blank */
  organisationNumber: string | null;
}

/** One TK20 or TK21 record and its sub-records; parallel to `statements[i].lines[j]`. */
export interface BgmaxLineDetails {
  /** 1-based line of the TK20/TK21 record */
  line: number;
  recordCode: '20' | '21';
  /** BGC serial number (58–69), 12 digits as written; the line id is `BGMAX:<this>` */
  bgcSerialNumber: string;
  referenceCode: BgmaxReferenceCode;
  /** positions 13–37 trimmed, whatever the reference code; null when blank */
  rawReference: string | null;
  /** position 57: 1 bank, 2 Leverantörsbetalningar, 3 paper form, 4 Autogiro (kept as written) */
  paymentChannel: string;
  /** position 70: 1 = an image of the payment slip exists */
  imageExists: boolean;
  /** TK21 position 71 as written (null for TK20 or when blank); see README for what it means */
  deductionCode: string | null;
  extraReferences: BgmaxExtraReference[];
  payer: BgmaxPayer;
}

/** One deposit (TK05 … TK15); parallel to `statements[i]`. */
export interface BgmaxDepositDetails {
  /** 1-based lines of the TK05 and TK15 records */
  openingLine: number;
  closingLine: number;
  /** TK15 46–50, 5 digits as written */
  depositSerialNumber: string;
  /** TK15 38–45 as YYYY-MM-DD */
  paymentDate: string;
  /** TK15 3–37, the payee's bank account the deposit went to, leading zeros stripped */
  payeeBankAccount: string | null;
  /** TK15 80 as written, null when blank */
  depositType: string | null;
  lines: BgmaxLineDetails[];
}

export interface BgmaxFileDetails {
  /** what the bytes were decoded as */
  encoding: 'iso-8859-1' | 'utf-8';
  /** TK01 23–24 */
  version: string;
  /** TK01 25–44: YYYYMMDDhhmmss followed by 6 digits of microseconds */
  timestamp: string;
  /** TK01 45: "T" marks a test file */
  testFile: boolean;
  deposits: BgmaxDepositDetails[];
}

export interface BgmaxParsedFile extends ParsedFile {
  format: 'bgmax';
  bgmax: BgmaxFileDetails;
}
