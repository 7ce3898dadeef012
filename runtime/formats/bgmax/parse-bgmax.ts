/**
 * Bankgirot BgMax (Bankgiro Inbetalningar) → ParsedFile. Pure: bytes in, data
 * out, or a StatementRefusal naming the line, the record and the field.
 *
 * File: TK01, then deposits TK05 { TK20|TK21 [TK22|TK23|TK25|TK26|TK27|TK28|TK29]* }* TK15,
 * then TK70. Each deposit is one ParsedStatement; each TK20 (+) and TK21 (−)
 * one line with the id `BGMAX:<BGC serial number>`. The TK15 sum and count and
 * the TK70 counts must agree with the records. Layouts: ../../../../shared/corpora/FORMAT-NOTES.md.
 */
import { isWithinLineCap } from '../../../shared/money.ts';
import { StatementRefusal, type ParsedStatement, type StatementLine } from '../bank-statement.ts';
import {
  bgmaxLimits,
  type BgmaxDepositDetails,
  type BgmaxExtraReference,
  type BgmaxLineDetails,
  type BgmaxParsedFile,
  type BgmaxPayer,
  type BgmaxReferenceCode,
} from './model.ts';
import { readBgmaxRecords, type BgmaxRecord } from './records.ts';

/** Amounts in BgMax are öre/cents: 2 decimals. */
const supportedCurrencies = new Set(['SEK', 'EUR']);
const DIGITS = /^\d+$/;

function where(record: BgmaxRecord): string {
  return `line ${record.line} (TK${record.code})`;
}

/** Characters `from`–`to` (1-based, inclusive) of the record. */
function field(record: BgmaxRecord, from: number, to: number): string {
  return record.text.slice(from - 1, to);
}

function textField(record: BgmaxRecord, from: number, to: number): string | null {
  const value = field(record, from, to).trim();
  return value === '' ? null : value;
}

function refuse(record: BgmaxRecord, code: string, fieldName: string | null, message: string): never {
  throw new StatementRefusal(code, where(record), fieldName, message);
}

function digitsField(record: BgmaxRecord, from: number, to: number, name: string): string {
  const value = field(record, from, to);
  if (!DIGITS.test(value)) refuse(record, 'invalid_field', `${name}, positions ${from}–${to}`, `"${value}" is not ${to - from + 1} digits`);
  return value;
}

/** Digits with leading zeros stripped; null for blank or all zeros. Refuses anything else. */
function accountField(record: BgmaxRecord, from: number, to: number, name: string): string | null {
  const value = field(record, from, to).trim();
  if (value === '') return null;
  if (!DIGITS.test(value)) refuse(record, 'invalid_field', `${name}, positions ${from}–${to}`, `"${value}" is not a number`);
  const stripped = value.replace(/^0+/, '');
  return stripped === '' ? null : stripped;
}

function amountField(record: BgmaxRecord, from: number, to: number, name: string): number {
  const digits = digitsField(record, from, to, name);
  const significant = digits.replace(/^0+(?=\d)/, '');
  const value = significant.length > 16 ? Number.POSITIVE_INFINITY : Number(significant);
  if (!isWithinLineCap(value)) refuse(record, 'amount_too_large', `${name}, positions ${from}–${to}`, `${digits} is larger than an amount may be`);
  return value;
}

function countField(record: BgmaxRecord, from: number, to: number, name: string): number {
  return Number(digitsField(record, from, to, name));
}

function dateField(record: BgmaxRecord, from: number, to: number, name: string): string {
  const value = digitsField(record, from, to, name);
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(4, 6));
  const day = Number(value.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    refuse(record, 'invalid_field', `${name}, positions ${from}–${to}`, `"${value}" is not a date (YYYYMMDD)`);
  }
  return `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
}

function currencyField(record: BgmaxRecord, from: number, to: number): string {
  const value = field(record, from, to);
  if (!supportedCurrencies.has(value)) {
    refuse(record, 'invalid_field', `currency, positions ${from}–${to}`, `"${value.trim()}" is not a BgMax currency (SEK or EUR)`);
  }
  return value;
}

function referenceCodeField(record: BgmaxRecord): BgmaxReferenceCode {
  const value = field(record, 56, 56);
  if (!/^[0-5]$/.test(value)) refuse(record, 'invalid_field', 'reference code, position 56', `"${value}" is not a reference code (0–5)`);
  return Number(value) as BgmaxReferenceCode;
}

/** The reference of a TK20–TK23: digits only with code 2 (right-aligned, blank-padded); as written otherwise. */
function referenceField(record: BgmaxRecord, code: BgmaxReferenceCode): string | null {
  const raw = textField(record, 13, 37);
  if (code === 2 && (raw === null || !DIGITS.test(raw))) {
    refuse(record, 'invalid_field', 'reference, positions 13–37', `reference code 2 (OCR reference) needs digits, found "${raw ?? ''}"`);
  }
  return raw;
}

function emptyPayer(): BgmaxPayer {
  return { name: null, extraName: null, address: null, postcode: null, town: null, country: null, countryCode: null, organisationNumber: null };
}

interface OpenPayment {
  record: BgmaxRecord;
  amountMinor: number;
  referenceCode: BgmaxReferenceCode;
  rawReference: string | null;
  texts: string[];
  extra: BgmaxExtraReference[];
  payer: BgmaxPayer;
  /** which of TK26–TK29 were seen, with their lines */
  seen: Map<string, number>;
  counterpartyAccount: string | null;
  details: BgmaxLineDetails;
}

interface OpenDeposit {
  record: BgmaxRecord;
  bankgiro: string;
  plusgiro: string | null;
  currency: string;
  payments: OpenPayment[];
  paymentsSumMinor: number;
  tk20: number;
  tk21: number;
}

/** Parses a BgMax file. Throws StatementRefusal; nothing else for bad input. */
export function parseBgmax(bytes: Uint8Array): BgmaxParsedFile {
  const { records, encoding, warnings } = readBgmaxRecords(bytes);
  if (records.length === 0) throw new StatementRefusal('empty_file', 'file', null, 'no BgMax records');

  const first = records[0];
  if (first.code !== '01') refuse(first, 'unexpected_record', null, 'a BgMax file starts with a TK01 record');
  const layout = field(first, 3, 22).trim();
  if (layout !== 'BGMAX') refuse(first, 'invalid_field', 'layout name, positions 3–22', `"${layout}" is not BGMAX`);
  const version = field(first, 23, 24);
  if (version !== '01') refuse(first, 'unsupported_version', 'version, positions 23–24', `version "${version}" is not supported (01 is)`);
  const timestamp = digitsField(first, 25, 44, 'timestamp');
  dateField(first, 25, 32, 'timestamp');
  const testMark = field(first, 45, 45);
  if (testMark !== 'T' && testMark !== 'P') refuse(first, 'invalid_field', 'test/production mark, position 45', `"${testMark}" is neither T nor P`);
  if (testMark === 'T') warnings.push('TK01 marks this as a test file (T), not a production file.');

  const statements: ParsedStatement[] = [];
  const deposits: BgmaxDepositDetails[] = [];
  const serialLines = new Map<string, BgmaxRecord>();
  const counts = { tk20: 0, tk21: 0, tk22and23: 0, tk15: 0 };
  let deposit: OpenDeposit | null = null;
  let payment: OpenPayment | null = null;
  let closing: BgmaxRecord | null = null;

  for (let index = 1; index < records.length; index++) {
    const record = records[index];
    if (closing) refuse(record, 'unexpected_record', null, `a record after the TK70 on line ${closing.line}`);
    switch (record.code) {
      case '01':
        refuse(record, 'unexpected_record', null, `a second TK01 (the first is on line ${first.line})`);
      case '05': {
        if (deposit) refuse(record, 'missing_record', null, `a new deposit starts, but the deposit opened on line ${deposit.record.line} has no TK15`);
        const bankgiro = accountField(record, 3, 12, 'payee bankgiro');
        if (bankgiro === null) refuse(record, 'invalid_field', 'payee bankgiro, positions 3–12', 'no payee bankgiro');
        deposit = {
          record,
          bankgiro,
          plusgiro: accountField(record, 13, 22, 'payee plusgiro'),
          currency: currencyField(record, 23, 25),
          payments: [],
          paymentsSumMinor: 0,
          tk20: 0,
          tk21: 0,
        };
        payment = null;
        break;
      }
      case '20':
      case '21': {
        if (!deposit) refuse(record, 'unexpected_record', null, 'a payment outside a deposit (no TK05 before it)');
        payment = readPayment(record, serialLines);
        if (record.code === '20') {
          deposit.tk20++;
          counts.tk20++;
          deposit.paymentsSumMinor += payment.amountMinor;
        } else {
          deposit.tk21++;
          counts.tk21++;
          deposit.paymentsSumMinor -= payment.amountMinor;
        }
        if (!Number.isSafeInteger(deposit.paymentsSumMinor)) refuse(record, 'amount_too_large', 'amount, positions 38–55', 'the deposit sums to more than an amount may be');
        deposit.payments.push(payment);
        break;
      }
      case '22':
      case '23': {
        if (!payment) refuse(record, 'unexpected_record', null, 'an extra reference with no TK20/TK21 before it in the deposit');
        counts.tk22and23++;
        if (payment.extra.length >= bgmaxLimits.extraReferenceRecordsPerPaymentMax) {
          refuse(record, 'too_many_records', null, `more than ${bgmaxLimits.extraReferenceRecordsPerPaymentMax} extra references for the payment on line ${payment.record.line}`);
        }
        const referenceCode = referenceCodeField(record);
        const amountMinor = amountField(record, 38, 55, 'amount');
        payment.extra.push({
          line: record.line,
          recordCode: record.code,
          reference: referenceCode === 0 || referenceCode === 1 ? null : referenceField(record, referenceCode),
          referenceCode,
          amountMinor: record.code === '23' ? -amountMinor : amountMinor,
        });
        break;
      }
      case '25': {
        if (!payment) refuse(record, 'unexpected_record', null, 'an information record with no TK20/TK21 before it in the deposit');
        if (payment.texts.length >= bgmaxLimits.informationRecordsPerPaymentMax) {
          refuse(record, 'too_many_records', null, `more than ${bgmaxLimits.informationRecordsPerPaymentMax} information records for the payment on line ${payment.record.line}`);
        }
        const text = textField(record, 3, 52);
        if (text !== null) payment.texts.push(text);
        break;
      }
      case '26':
      case '27':
      case '28':
      case '29': {
        if (!payment) refuse(record, 'unexpected_record', null, 'a payer record with no TK20/TK21 before it in the deposit');
        const earlier = payment.seen.get(record.code);
        if (earlier !== undefined) refuse(record, 'unexpected_record', null, `a second TK${record.code} for the payment on line ${payment.record.line} (the first is on line ${earlier})`);
        payment.seen.set(record.code, record.line);
        const payer = payment.payer;
        if (record.code === '26') {
          payer.name = textField(record, 3, 37);
          payer.extraName = textField(record, 38, 72);
        } else if (record.code === '27') {
          payer.address = textField(record, 3, 37);
          payer.postcode = textField(record, 38, 46);
        } else if (record.code === '28') {
          payer.town = textField(record, 3, 37);
          payer.country = textField(record, 38, 72);
          payer.countryCode = textField(record, 73, 74);
        } else {
          payer.organisationNumber = textField(record, 3, 14);
        }
        break;
      }
      case '15': {
        if (!deposit) refuse(record, 'unexpected_record', null, 'a TK15 with no TK05 before it');
        counts.tk15++;
        const result = closeDeposit(deposit, record, timestamp);
        statements.push(result.statement);
        deposits.push(result.details);
        deposit = null;
        payment = null;
        break;
      }
      case '70': {
        if (deposit) refuse(record, 'missing_record', null, `the file ends, but the deposit opened on line ${deposit.record.line} has no TK15`);
        checkClosing(record, counts);
        closing = record;
        break;
      }
    }
  }

  const last = records[records.length - 1];
  if (!closing) {
    const open: OpenDeposit | null = deposit;
    refuse(
      last,
      'truncated',
      null,
      open
        ? `the file ends inside the deposit opened on line ${open.record.line} (no TK15, no TK70): it is truncated`
        : 'the file ends without a TK70: it is truncated',
    );
  }

  return {
    format: 'bgmax',
    statements,
    warnings,
    bgmax: { encoding, version, timestamp, testFile: testMark === 'T', deposits },
  };
}

function readPayment(record: BgmaxRecord, serialLines: Map<string, BgmaxRecord>): OpenPayment {
  const serial = digitsField(record, 58, 69, 'BGC serial number');
  const earlier = serialLines.get(serial);
  if (earlier) {
    refuse(
      record,
      'duplicate_line_id',
      'BGC serial number, positions 58–69',
      `BGC serial number ${serial} is also on ${where(earlier)}: the line id BGMAX:${serial} would not be unique`,
    );
  }
  serialLines.set(serial, record);
  const referenceCode = referenceCodeField(record);
  const rawReference = referenceCode === 0 || referenceCode === 1 ? textField(record, 13, 37) : referenceField(record, referenceCode);
  const amountMinor = amountField(record, 38, 55, 'amount');
  const channel = field(record, 57, 57);
  if (!/^\d$/.test(channel)) refuse(record, 'invalid_field', 'payment channel, position 57', `"${channel}" is not a digit`);
  const image = field(record, 70, 70);
  if (!/^\d$/.test(image)) refuse(record, 'invalid_field', 'image flag, position 70', `"${image}" is not a digit`);
  const payer = emptyPayer();
  const extra: BgmaxExtraReference[] = [];
  const code = record.code as '20' | '21';
  return {
    record,
    amountMinor,
    referenceCode,
    rawReference,
    texts: [],
    extra,
    payer,
    seen: new Map(),
    counterpartyAccount: accountField(record, 3, 12, 'sender bankgiro'),
    details: {
      line: record.line,
      recordCode: code,
      bgcSerialNumber: serial,
      referenceCode,
      rawReference,
      paymentChannel: channel,
      imageExists: image === '1',
      deductionCode: code === '21' ? textField(record, 71, 71) : null,
      extraReferences: extra,
      payer,
    },
  };
}

function closeDeposit(deposit: OpenDeposit, record: BgmaxRecord, fileTimestamp: string): { statement: ParsedStatement; details: BgmaxDepositDetails } {
  const paymentDate = dateField(record, 38, 45, 'payment date');
  const depositSerialNumber = digitsField(record, 46, 50, 'deposit serial number');
  const amountMinor = amountField(record, 51, 68, 'deposit amount');
  const currency = currencyField(record, 69, 71);
  const paymentCount = countField(record, 72, 79, 'number of payments');
  if (currency !== deposit.currency) {
    refuse(record, 'currency_mismatch', 'currency, positions 69–71', `${currency}, but the TK05 on line ${deposit.record.line} says ${deposit.currency}`);
  }
  const found = deposit.tk20 + deposit.tk21;
  if (paymentCount !== found) {
    refuse(record, 'count_mismatch', 'number of payments, positions 72–79', `expected ${paymentCount} (TK15), found ${found} TK20+TK21 records in the deposit from line ${deposit.record.line}`);
  }
  if (amountMinor !== deposit.paymentsSumMinor) {
    refuse(
      record,
      'sum_mismatch',
      'deposit amount, positions 51–68',
      `expected ${amountMinor} (TK15), found ${deposit.paymentsSumMinor} (TK20 payments less TK21 deductions, in minor units) in the deposit from line ${deposit.record.line}`,
    );
  }

  const lines: StatementLine[] = [];
  const lineDetails: BgmaxLineDetails[] = [];
  let creditMinor = 0;
  let debitMinor = 0;
  for (const payment of deposit.payments) {
    const deduction = payment.record.code === '21';
    const signedMinor = deduction ? -payment.amountMinor : payment.amountMinor;
    if (signedMinor >= 0) creditMinor += signedMinor;
    else debitMinor += signedMinor;
    const extraReferences: string[] = [];
    const addReference = (value: string | null) => {
      if (value !== null && !extraReferences.includes(value)) extraReferences.push(value);
    };
    // Code 3/4/5: the reference was not checked (one or more references, or a wrong one): kept as written.
    if (payment.referenceCode >= 3) addReference(payment.rawReference);
    for (const extra of payment.extra) addReference(extra.reference);
    const { name, extraName } = payment.payer;
    const counterpartyName = name && extraName ? `${name} ${extraName}` : (name ?? extraName);
    lines.push({
      id: `BGMAX:${payment.details.bgcSerialNumber}`,
      amountMinor: signedMinor,
      currency,
      bookingDate: paymentDate,
      valueDate: null,
      counterpartyName,
      counterpartyAccount: payment.counterpartyAccount,
      reference: payment.referenceCode === 2 ? payment.rawReference : null,
      text: payment.texts.length > 0 ? payment.texts.join(' ') : null,
      reversal: false,
      transactionCode: `BGMAX:${payment.record.code}`,
      extraReferences,
    });
    lineDetails.push(payment.details);
  }

  const statement: ParsedStatement = {
    format: 'bgmax',
    statementId: `${fileTimestamp}-${depositSerialNumber}`,
    account: {
      bankgiro: deposit.bankgiro,
      ...(deposit.plusgiro !== null ? { plusgiro: deposit.plusgiro } : {}),
      currency,
    },
    currency,
    openingMinor: null,
    closingMinor: null,
    fromDate: lines.length > 0 ? paymentDate : null,
    toDate: lines.length > 0 ? paymentDate : null,
    lines,
    creditMinor,
    debitMinor,
  };
  return {
    statement,
    details: {
      openingLine: deposit.record.line,
      closingLine: record.line,
      depositSerialNumber,
      paymentDate,
      payeeBankAccount: accountField(record, 3, 37, 'payee bank account'),
      depositType: textField(record, 80, 80),
      lines: lineDetails,
    },
  };
}

function checkClosing(record: BgmaxRecord, counts: { tk20: number; tk21: number; tk22and23: number; tk15: number }): void {
  const checks: [string, number, number, number][] = [
    ['number of TK20 records', 3, 10, counts.tk20],
    ['number of TK21 records', 11, 18, counts.tk21],
    ['number of TK22/TK23 records', 19, 26, counts.tk22and23],
    ['number of TK15 records', 27, 34, counts.tk15],
  ];
  for (const [name, from, to, found] of checks) {
    const expected = countField(record, from, to, name);
    if (expected !== found) refuse(record, 'count_mismatch', `${name}, positions ${from}–${to}`, `expected ${expected} (TK70), found ${found} in the file`);
  }
}
