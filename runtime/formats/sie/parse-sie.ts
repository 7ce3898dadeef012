/**
 * SIE 4 reader: bytes → SieDocument, collecting every error (up to a cap)
 * with its 1-based line number instead of stopping at the first one.
 */
import { formatSieAmount, isSiePeriod, isSieQuantity, parseSieAmount, parseSieDate } from './amount.ts';
import { CRC32_INITIAL, crc32Finish, crc32Update } from './crc32.ts';
import { decodeSie, detectSieEncoding, encodeCp437, type EncodingDetection } from './encoding.ts';
import {
  emptySieBalances,
  type SieAccount,
  type SieAccountType,
  type SieBalance,
  type SieDocument,
  type SieEncoding,
  type SieErrorCode,
  type SieFileKind,
  type SieHeader,
  type SieError,
  type SieWarning,
  type SieObjectRef,
  type SiePeriodBalance,
  type SieTransactionKind,
  type SieVoucher,
  type SieWarningCode,
} from './model.ts';
import { checksumStrings, readSieLine, type SieFieldToken, type SieToken } from './tokenizer.ts';
import { isMirroredRtrans, voucherSumMinor } from './voucher-sum.ts';

export interface ParseSieOptions {
  /** Skip detection and decode with this encoding. */
  encoding?: SieEncoding;
  /** File name; its extension (.SE / .SI) is a hint for `fileKind`. */
  fileName?: string;
  /** Force the file kind instead of inferring it. */
  fileKind?: SieFileKind;
  /** Refuse a file whose #KSUMMA does not match (default true). */
  verifyChecksum?: boolean;
  /** Stop after this many errors (default 100). */
  errorsMax?: number;
}

export type ParseSieResult =
  | { ok: true; document: SieDocument; warnings: SieWarning[]; encoding: EncodingDetection }
  | { ok: false; errors: SieError[]; warnings: SieWarning[]; encoding: EncodingDetection };

const ERRORS_MAX_DEFAULT = 100;
const ACCOUNT_PATTERN = /^\d+$/;
const INTEGER_PATTERN = /^-?\d+$/;
const ACCOUNT_TYPES = new Set(['T', 'S', 'K', 'I']);

class TooManyErrors extends Error {}

interface PendingVoucher {
  voucher: SieVoucher;
  /** False once the voucher had an unusable field, so it is not checked for balance. */
  valid: boolean;
}

/** Reads a SIE 1–4 file (E or I). Never throws on bad input. */
export function parseSie(input: Uint8Array, options: ParseSieOptions = {}): ParseSieResult {
  const detection: EncodingDetection = options.encoding
    ? { encoding: options.encoding, reason: 'given by the caller', bom: false }
    : detectSieEncoding(input);
  const text = decodeSie(input, detection.encoding);
  const reader = new SieReader(options);
  try {
    reader.read(text);
  } catch (error) {
    if (!(error instanceof TooManyErrors)) throw error;
  }
  if (reader.errors.length > 0) return { ok: false, errors: reader.errors, warnings: reader.warnings, encoding: detection };
  return { ok: true, document: reader.document(), warnings: reader.warnings, encoding: detection };
}

class SieReader {
  readonly errors: SieError[] = [];
  readonly warnings: SieWarning[] = [];
  private readonly errorsMax: number;
  private readonly warnedOnce = new Set<string>();

  private line = 0;
  private label = '';
  private recordCount = 0;
  private seen = new Set<string>();

  private header: Omit<SieHeader, 'fileKind' | 'gen' | 'sieType'> & { gen?: SieHeader['gen']; sieType?: SieHeader['sieType'] } = {
    flagga: 0,
    program: { name: '', version: '' },
    format: '',
    companyName: '',
    fiscalYears: [],
    currency: 'SEK',
    comments: [],
  };
  private accounts = new Map<string, SieAccount>();
  private declaredAccounts = new Set<string>();
  private dimensions: SieDocument['dimensions'] = [];
  private objects: SieDocument['objects'] = [];
  private balances = emptySieBalances();
  private vouchers: SieVoucher[] = [];
  /** First line that referred to each account / object, for warnings. */
  private accountReferences = new Map<string, number>();
  private objectReferences = new Map<string, number>();

  private pending: PendingVoucher | undefined;
  private inVoucherBlock = false;
  /** Depth of a `{ … }` block after an unknown record, which is skipped. */
  private skipDepth = 0;
  private lastRecordUnknown = false;

  private checksumState: 'none' | 'open' | 'closed' = 'none';
  private checksumRunning = CRC32_INITIAL;
  private checksum: SieDocument['checksum'] = { present: false };

  constructor(private readonly options: ParseSieOptions) {
    this.errorsMax = options.errorsMax ?? ERRORS_MAX_DEFAULT;
  }

  // ---- issues ---------------------------------------------------------------

  private error(code: SieErrorCode, message: string, field?: string, line = this.line): void {
    this.errors.push({ code, message, ...(line ? { line } : {}), ...(this.label ? { record: this.label } : {}), ...(field ? { field } : {}) });
    if (this.errors.length >= this.errorsMax) {
      this.errors.push({ code: 'too_many_errors', message: `stopped after ${this.errorsMax} errors`, line });
      throw new TooManyErrors();
    }
  }

  private warn(code: SieWarningCode, message: string, line: number | undefined = this.line, record = this.label): void {
    this.warnings.push({ code, message, ...(line ? { line } : {}), ...(record ? { record } : {}) });
  }

  /** One warning per code and label, for quirks that repeat on every line. */
  private warnOnce(code: SieWarningCode, message: string): void {
    const key = `${code} ${this.label}`;
    if (this.warnedOnce.has(key)) return;
    this.warnedOnce.add(key);
    this.warn(code, `${message} (first at line ${this.line}; later lines are not reported)`);
  }

  // ---- main loop --------------------------------------------------------------

  read(text: string): void {
    const lines = text.split(/\r\n|\r|\n/);
    for (let index = 0; index < lines.length; index++) {
      this.line = index + 1;
      this.label = '';
      const line = readSieLine(lines[index]!);
      if (line.kind === 'blank') continue;

      if (this.skipDepth > 0) {
        if (line.kind === 'open') this.skipDepth++;
        if (line.kind === 'close') this.skipDepth--;
        continue;
      }
      if (line.kind === 'record' && line.label === '#KSUMMA') {
        this.label = line.label;
        this.readChecksum(line.fields);
        this.lastRecordUnknown = false;
        continue;
      }
      if (this.checksumState === 'open') {
        for (const value of checksumStrings(line)) this.checksumRunning = crc32Update(this.checksumRunning, encodeCp437(value).bytes);
      }

      if (line.kind === 'invalid') {
        this.error('syntax_error', line.message);
        continue;
      }
      if (line.kind === 'open') {
        if (this.pending && !this.inVoucherBlock) this.inVoucherBlock = true;
        else if (this.lastRecordUnknown) this.skipDepth = 1;
        else this.error('syntax_error', this.inVoucherBlock ? 'nested { inside a voucher' : '{ without a #VER before it');
        this.lastRecordUnknown = false;
        continue;
      }
      if (line.kind === 'close') {
        if (this.inVoucherBlock) this.finishVoucher();
        else this.error('syntax_error', '} without a matching {');
        continue;
      }

      this.label = line.label;
      this.recordCount++;
      this.lastRecordUnknown = false;
      if (this.pending && !this.inVoucherBlock) {
        this.error('syntax_error', `#VER at line ${this.pending.voucher.lineNumber} is not followed by a { … } block`, undefined);
        this.pending = undefined;
      }
      if (this.inVoucherBlock) {
        if (line.label === '#TRANS' || line.label === '#RTRANS' || line.label === '#BTRANS') {
          this.readTransaction(line.label.slice(1) as SieTransactionKind, line.fields);
        } else if (KNOWN_LABELS.has(line.label)) {
          this.error('syntax_error', `${line.label} inside a voucher block; is a } missing?`);
        } else {
          this.warn('unknown_label', `unknown label ${line.label} inside a voucher is ignored`);
        }
        continue;
      }
      if (line.label === '#TRANS' || line.label === '#RTRANS' || line.label === '#BTRANS') {
        this.error('syntax_error', `${line.label} outside a voucher block`);
        continue;
      }
      this.readRecord(line.label, line.fields);
      this.seen.add(line.label);
    }
    this.label = '';
    if (this.pending) {
      this.error('syntax_error', `the voucher at line ${this.pending.voucher.lineNumber} has no closing }`, undefined, this.pending.voucher.lineNumber);
    }
    if (this.checksumState === 'open') {
      this.error('checksum_unterminated', 'the file opens #KSUMMA but has no closing #KSUMMA with the checksum');
    }
    this.finish();
  }

  // ---- fields -----------------------------------------------------------------

  /** The text of field `index`, or undefined when absent. An object list there is an error. */
  private field(fields: SieToken[], index: number, name: string): string | undefined {
    const token = fields[index];
    if (token === undefined) return undefined;
    if (token.kind === 'objects') {
      this.error('syntax_error', `expected ${name} but found an object list`, name);
      return undefined;
    }
    return token.value;
  }

  private requiredField(fields: SieToken[], index: number, name: string): string | undefined {
    const value = this.field(fields, index, name);
    if (value === undefined || value === '') {
      if (fields[index]?.kind !== 'objects') this.error('missing_field', `${name} is missing`, name);
      return undefined;
    }
    return value;
  }

  private optionalText(fields: SieToken[], index: number, name: string): string | undefined {
    const value = this.field(fields, index, name);
    return value === undefined || value === '' ? undefined : value;
  }

  /**
   * For records whose last field is free text (#FNAMN, #PROSA): an unquoted
   * text followed by more unquoted words is joined back with single spaces
   * (`#FNAMN Övningsbolaget AB` occurs), with a warning.
   */
  private trailingText(fields: SieToken[], index: number, name: string): string {
    const first = fields[index];
    const rest = fields.slice(index + 1);
    if (first?.kind === 'field' && !first.quoted && rest.length > 0 && rest.every((t) => t.kind === 'field' && !t.quoted)) {
      this.warnOnce('unquoted_text_joined', `${this.label} holds unquoted text with spaces; the words are joined`);
      return [first, ...rest].map((t) => (t as SieFieldToken).value).join(' ');
    }
    return this.field(fields, index, name) ?? '';
  }

  private account(fields: SieToken[], index: number): string | undefined {
    const value = this.requiredField(fields, index, 'account');
    if (value === undefined) return undefined;
    if (!ACCOUNT_PATTERN.test(value)) {
      this.error('invalid_account', `account number "${value}" is not numeric`, 'account');
      return undefined;
    }
    return value;
  }

  private referAccount(account: string): void {
    if (!this.accountReferences.has(account)) this.accountReferences.set(account, this.line);
  }

  private integer(fields: SieToken[], index: number, name: string): number | undefined {
    const value = this.requiredField(fields, index, name);
    if (value === undefined) return undefined;
    if (!INTEGER_PATTERN.test(value) || !Number.isSafeInteger(Number(value))) {
      this.error('invalid_number', `${name} "${value}" is not an integer`, name);
      return undefined;
    }
    return Number(value);
  }

  private amount(fields: SieToken[], index: number, name = 'amount'): number | undefined {
    const value = this.requiredField(fields, index, name);
    if (value === undefined) return undefined;
    const parsed = parseSieAmount(value);
    if (!parsed.ok) {
      this.error(parsed.code, parsed.message, name);
      return undefined;
    }
    return parsed.amountMinor;
  }

  private date(fields: SieToken[], index: number, name: string, required: boolean): string | undefined | null {
    const value = this.field(fields, index, name);
    if (value === undefined || value === '') {
      if (required) this.error('missing_field', `${name} is missing`, name);
      return required ? null : undefined;
    }
    const iso = parseSieDate(value);
    if (!iso) {
      this.error('invalid_date', `${name} "${value}" is not a date YYYYMMDD`, name);
      return null;
    }
    return iso;
  }

  private quantity(fields: SieToken[], index: number): string | undefined | null {
    const value = this.optionalText(fields, index, 'quantity');
    if (value === undefined) return undefined;
    if (!isSieQuantity(value)) {
      this.error('invalid_number', `quantity "${value}" is not a decimal number`, 'quantity');
      return null;
    }
    return value;
  }

  private objectList(token: SieToken | undefined, required: boolean): SieObjectRef[] | null {
    if (token === undefined || token.kind !== 'objects') {
      if (required) this.error('invalid_object_list', 'an object list { … } is missing', 'objects');
      return required ? null : [];
    }
    const items: SieFieldToken[] = token.items;
    if (items.length % 2 !== 0) {
      this.error('invalid_object_list', 'an object list must hold pairs of dimension and object id', 'objects');
      return null;
    }
    const refs: SieObjectRef[] = [];
    for (let i = 0; i < items.length; i += 2) {
      const dimensionText = items[i]!.value;
      const id = items[i + 1]!.value;
      if (!/^\d+$/.test(dimensionText)) {
        this.error('invalid_object_list', `dimension "${dimensionText}" in an object list is not a number`, 'objects');
        return null;
      }
      const dimension = Number(dimensionText);
      refs.push({ dimension, id });
      const key = `${dimension}\u0000${id}`;
      if (!this.objectReferences.has(key)) this.objectReferences.set(key, this.line);
    }
    return refs;
  }

  // ---- records ----------------------------------------------------------------

  private readChecksum(fields: SieToken[]): void {
    const value = this.field(fields, 0, 'checksum');
    if (value === undefined || value === '') {
      if (this.checksumState !== 'none') {
        this.error('syntax_error', 'a second opening #KSUMMA');
        return;
      }
      this.checksumState = 'open';
      this.checksum = { present: true };
      return;
    }
    if (this.checksumState !== 'open') {
      this.error('checksum_unopened', 'a closing #KSUMMA without an opening #KSUMMA before it', 'checksum');
      return;
    }
    this.checksumState = 'closed';
    const computed = crc32Finish(this.checksumRunning);
    if (!/^\d+$/.test(value) || Number(value) > 0xffffffff) {
      this.checksum = { present: true, computed, valid: false };
      if (this.options.verifyChecksum !== false) this.error('checksum_mismatch', `#KSUMMA "${value}" is not a CRC-32 value`, 'checksum');
      return;
    }
    const expected = Number(value);
    const valid = expected === computed;
    this.checksum = { present: true, expected, computed, valid };
    if (!valid && this.options.verifyChecksum !== false) {
      this.error('checksum_mismatch', `#KSUMMA is ${expected} but the content gives ${computed}`, 'checksum');
    }
  }

  private readRecord(label: string, fields: SieToken[]): void {
    const header = this.header;
    switch (label) {
      case '#FLAGGA': {
        const flagga = this.integer(fields, 0, 'flag');
        if (flagga !== undefined) header.flagga = flagga;
        if (this.recordCount !== 1) this.warn('flag_not_first', '#FLAGGA should be the first record');
        if (flagga === 1) this.warn('already_imported', '#FLAGGA 1: the file is marked as already imported');
        return;
      }
      case '#PROGRAM':
        header.program = { name: this.field(fields, 0, 'program name') ?? '', version: this.field(fields, 1, 'program version') ?? '' };
        return;
      case '#FORMAT':
        header.format = this.field(fields, 0, 'format') ?? '';
        return;
      case '#GEN': {
        const date = this.date(fields, 0, 'generation date', true);
        const sign = this.optionalText(fields, 1, 'sign');
        if (date) header.gen = { date, ...(sign !== undefined ? { sign } : {}) };
        return;
      }
      case '#SIETYP': {
        const type = this.integer(fields, 0, 'SIE type');
        if (type === undefined) return;
        if (type < 1 || type > 4) this.error('invalid_number', `SIE type ${type} is not 1–4`, 'SIE type');
        else header.sieType = type as 1 | 2 | 3 | 4;
        return;
      }
      case '#PROSA':
        header.comments.push(this.trailingText(fields, 0, 'text'));
        return;
      case '#FNR':
        header.companyId = this.optionalText(fields, 0, 'company id');
        return;
      case '#ORGNR':
        header.orgNumber = this.optionalText(fields, 0, 'organisation number');
        return;
      case '#FNAMN':
        header.companyName = this.trailingText(fields, 0, 'company name');
        return;
      case '#FTYP':
        header.companyType = this.optionalText(fields, 0, 'company type');
        return;
      case '#ADRESS':
        header.address = {
          contact: this.field(fields, 0, 'contact') ?? '',
          street: this.field(fields, 1, 'street') ?? '',
          postal: this.field(fields, 2, 'postal address') ?? '',
          phone: this.field(fields, 3, 'phone') ?? '',
        };
        return;
      case '#RAR': {
        const index = this.integer(fields, 0, 'year index');
        const startText = this.field(fields, 1, 'start');
        const endText = this.field(fields, 2, 'end');
        if (index === undefined) return;
        if (!startText || !endText) {
          this.warn('invalid_fiscal_year', `#RAR ${index} has no start or end date and is ignored`);
          return;
        }
        const start = this.date(fields, 1, 'start', true);
        const end = this.date(fields, 2, 'end', true);
        if (start && end) header.fiscalYears.push({ index, start, end });
        return;
      }
      case '#TAXAR': {
        const year = this.integer(fields, 0, 'tax year');
        if (year !== undefined) header.taxYear = year;
        return;
      }
      case '#OMFATTN': {
        const date = this.date(fields, 0, 'date', false);
        if (date) header.balancesUntil = date;
        return;
      }
      case '#KPTYP':
        header.chartType = this.optionalText(fields, 0, 'chart type');
        return;
      case '#VALUTA':
        header.currency = this.optionalText(fields, 0, 'currency') ?? 'SEK';
        return;
      case '#KONTO': {
        const number = this.account(fields, 0);
        if (number === undefined) return;
        const name = this.field(fields, 1, 'name') ?? '';
        if (this.declaredAccounts.has(number)) this.warn('duplicate_account', `account ${number} is declared again; the later name is kept`);
        this.declaredAccounts.add(number);
        this.accountEntry(number).name = name;
        return;
      }
      case '#KTYP': {
        const number = this.account(fields, 0);
        const type = this.requiredField(fields, 1, 'account type');
        if (number === undefined || type === undefined) return;
        if (!ACCOUNT_TYPES.has(type.toUpperCase())) {
          this.error('invalid_field', `account type "${type}" is not T, S, K or I`, 'account type');
          return;
        }
        this.referAccount(number);
        this.accountEntry(number).type = type.toUpperCase() as SieAccountType;
        return;
      }
      case '#ENHET': {
        const number = this.account(fields, 0);
        const unit = this.field(fields, 1, 'unit');
        if (number === undefined || unit === undefined) return;
        this.referAccount(number);
        this.accountEntry(number).unit = unit;
        return;
      }
      case '#SRU': {
        const number = this.account(fields, 0);
        const code = this.requiredField(fields, 1, 'SRU code');
        if (number === undefined || code === undefined) return;
        this.referAccount(number);
        this.accountEntry(number).sru = code;
        return;
      }
      case '#DIM': {
        const number = this.integer(fields, 0, 'dimension');
        if (number !== undefined) this.dimensions.push({ number, name: this.field(fields, 1, 'name') ?? '' });
        return;
      }
      case '#UNDERDIM': {
        const number = this.integer(fields, 0, 'dimension');
        const name = this.field(fields, 1, 'name') ?? '';
        const parent = this.integer(fields, 2, 'parent dimension');
        if (number !== undefined && parent !== undefined) this.dimensions.push({ number, name, parent });
        return;
      }
      case '#OBJEKT': {
        const dimension = this.integer(fields, 0, 'dimension');
        const id = this.field(fields, 1, 'object id');
        if (id === undefined) this.error('missing_field', 'object id is missing', 'object id');
        if (dimension !== undefined && id !== undefined) this.objects.push({ dimension, id, name: this.field(fields, 2, 'name') ?? '' });
        return;
      }
      case '#IB':
      case '#UB':
      case '#RES': {
        const balance = this.readBalance(fields, 0, 1, 2, 3);
        if (!balance) return;
        const list = label === '#IB' ? this.balances.opening : label === '#UB' ? this.balances.closing : this.balances.result;
        list.push(balance);
        return;
      }
      case '#OIB':
      case '#OUB': {
        const objects = this.objectList(fields[2], true);
        const balance = this.readBalance(fields, 0, 1, 3, 4);
        if (!balance || !objects) return;
        (label === '#OIB' ? this.balances.objectOpening : this.balances.objectClosing).push({ ...balance, objects });
        return;
      }
      case '#PSALDO':
      case '#PBUDGET': {
        const balance = this.readPeriodBalance(fields);
        if (balance) (label === '#PSALDO' ? this.balances.period : this.balances.periodBudget).push(balance);
        return;
      }
      case '#VER':
        this.readVoucher(fields);
        return;
      default:
        this.lastRecordUnknown = true;
        this.warn('unknown_label', `unknown label ${label} is ignored`);
    }
  }

  private accountEntry(number: string): SieAccount {
    let entry = this.accounts.get(number);
    if (!entry) {
      entry = { number, name: '' };
      this.accounts.set(number, entry);
    }
    return entry;
  }

  private readBalance(fields: SieToken[], yearAt: number, accountAt: number, amountAt: number, quantityAt: number): SieBalance | undefined {
    const yearIndex = this.integer(fields, yearAt, 'year index');
    const account = this.account(fields, accountAt);
    const amountMinor = this.amount(fields, amountAt);
    const quantity = this.quantity(fields, quantityAt);
    if (yearIndex === undefined || account === undefined || amountMinor === undefined || quantity === null) return undefined;
    this.referAccount(account);
    return { yearIndex, account, amountMinor, ...(quantity !== undefined ? { quantity } : {}) };
  }

  /**
   * `#PSALDO year period account {objects} amount [quantity]`. Tolerated, with
   * a warning: a missing object list, and account and period swapped (both
   * seen in exports from BL Administration).
   */
  private readPeriodBalance(fields: SieToken[]): SiePeriodBalance | undefined {
    const first = this.field(fields, 1, 'period');
    const second = this.field(fields, 2, 'account');
    let periodAt = 1;
    let accountAt = 2;
    if (first !== undefined && second !== undefined && !isSiePeriod(first) && isSiePeriod(second)) {
      this.warnOnce('period_fields_swapped', `${this.label} has the account before the period; read as period ${second}, account ${first}`);
      periodAt = 2;
      accountAt = 1;
    }
    let amountAt = 4;
    let objects: SieObjectRef[] | null = [];
    if (fields[3]?.kind === 'objects') {
      objects = this.objectList(fields[3], true);
    } else {
      this.warnOnce('missing_object_list', `${this.label} has no object list {}; read as the whole account`);
      amountAt = 3;
    }
    const period = this.requiredField(fields, periodAt, 'period');
    if (period !== undefined && !isSiePeriod(period)) {
      this.error('invalid_date', `period "${period}" is not YYYYMM`, 'period');
      return undefined;
    }
    const balance = this.readBalance(fields, 0, accountAt, amountAt, amountAt + 1);
    if (!balance || period === undefined || objects === null) return undefined;
    return { ...balance, period, objects };
  }

  private readVoucher(fields: SieToken[]): void {
    const series = this.field(fields, 0, 'series') ?? '';
    const number = this.field(fields, 1, 'voucher number') ?? '';
    const dateText = this.field(fields, 2, 'date');
    let valid = true;
    let date = '';
    if (dateText === undefined || dateText === '') {
      this.error('missing_voucher_date', `voucher ${describeVoucher(series, number)} has no date`, 'date');
      valid = false;
    } else {
      const iso = parseSieDate(dateText);
      if (iso) date = iso;
      else {
        this.error('invalid_date', `voucher date "${dateText}" is not a date YYYYMMDD`, 'date');
        valid = false;
      }
    }
    const text = this.field(fields, 3, 'text') ?? '';
    const registeredDate = this.date(fields, 4, 'registration date', false);
    const sign = this.optionalText(fields, 5, 'sign');
    if (registeredDate === null) valid = false;
    const voucher: SieVoucher = {
      series,
      number,
      date,
      text,
      ...(registeredDate ? { registeredDate } : {}),
      ...(sign !== undefined ? { sign } : {}),
      lineNumber: this.line,
      transactions: [],
    };
    this.pending = { voucher, valid };
  }

  private readTransaction(kind: SieTransactionKind, fields: SieToken[]): void {
    const pending = this.pending!;
    const errorsBefore = this.errors.length;
    const account = this.account(fields, 0);
    let objects: SieObjectRef[] | null = [];
    let next = 1;
    if (fields[1]?.kind === 'objects') {
      objects = this.objectList(fields[1], true);
      next = 2;
    } else {
      this.warnOnce('missing_object_list', `#${kind} has no object list {}; read without objects`);
    }
    const amountMinor = this.amount(fields, next);
    const transDate = this.date(fields, next + 1, 'transaction date', false);
    const text = this.optionalText(fields, next + 2, 'text');
    const quantity = this.quantity(fields, next + 3);
    const sign = this.optionalText(fields, next + 4, 'sign');
    if (this.errors.length > errorsBefore || account === undefined || amountMinor === undefined || objects === null) {
      pending.valid = false;
      return;
    }
    if (transDate === null || quantity === null) {
      pending.valid = false;
      return;
    }
    this.referAccount(account);
    pending.voucher.transactions.push({
      kind,
      account,
      objects,
      amountMinor,
      ...(transDate ? { transDate } : {}),
      ...(text !== undefined ? { text } : {}),
      ...(quantity !== undefined ? { quantity } : {}),
      ...(sign !== undefined ? { sign } : {}),
      lineNumber: this.line,
    });
  }

  /**
   * Checks the balance: the sum of #TRANS rows, plus any #RTRANS that is not
   * followed by its identical #TRANS (the spec says it always is, for older
   * readers), must be 0. #BTRANS (removed rows) do not count.
   */
  private finishVoucher(): void {
    const { voucher, valid } = this.pending!;
    this.pending = undefined;
    this.inVoucherBlock = false;
    this.vouchers.push(voucher);
    const rows = voucher.transactions;
    if (rows.length === 0) this.warn('empty_voucher', `voucher ${describeVoucher(voucher.series, voucher.number)} has no transactions`, voucher.lineNumber, '#VER');
    rows.forEach((row, i) => {
      if (row.kind === 'RTRANS' && !isMirroredRtrans(rows, i)) {
        this.warn('rtrans_without_trans', '#RTRANS is not followed by an identical #TRANS; it is counted as a row', row.lineNumber, '#RTRANS');
      }
    });
    const sumMinor = voucherSumMinor(voucher);
    if (!valid) return;
    if (!Number.isSafeInteger(sumMinor)) {
      this.error('amount_out_of_range', 'the voucher total is beyond the safe integer range', undefined, voucher.lineNumber);
    } else if (sumMinor !== 0) {
      this.label = '#VER';
      this.error(
        'voucher_unbalanced',
        `voucher ${describeVoucher(voucher.series, voucher.number)} does not balance: the rows sum to ${formatSieAmount(sumMinor)}`,
        undefined,
        voucher.lineNumber,
      );
      this.label = '';
    }
  }

  // ---- after the last line ------------------------------------------------------

  private finish(): void {
    this.line = 0;
    if (!this.seen.has('#GEN') && !this.header.gen) this.error('missing_record', 'the file has no #GEN record', undefined, undefined);
    for (const [label, what] of [
      ['#FLAGGA', 'flag'],
      ['#PROGRAM', 'program'],
      ['#FORMAT', 'format'],
      ['#SIETYP', 'SIE type (1 is assumed)'],
      ['#FNAMN', 'company name'],
    ] as const) {
      if (!this.seen.has(label)) this.warn('missing_record', `the file has no ${label} record (${what})`, undefined, label);
    }
    for (const [account, line] of this.accountReferences) {
      if (!this.declaredAccounts.has(account)) this.warn('undeclared_account', `account ${account} is used but not declared with #KONTO`, line, undefined);
    }
    const declaredObjects = new Set(this.objects.map((o) => `${o.dimension}\u0000${o.id}`));
    for (const [key, line] of this.objectReferences) {
      if (!declaredObjects.has(key)) {
        const [dimension, id] = key.split('\u0000');
        this.warn('undeclared_object', `object "${id}" in dimension ${dimension} is used but not declared with #OBJEKT`, line, undefined);
      }
    }
  }

  private inferFileKind(): SieFileKind {
    if (this.options.fileKind) return this.options.fileKind;
    const b = this.balances;
    const hasBalances = b.opening.length + b.closing.length + b.result.length + b.period.length + b.objectOpening.length + b.objectClosing.length > 0;
    const extension = /\.(s[ei])$/i.exec(this.options.fileName ?? '')?.[1]?.toUpperCase();
    const hinted: SieFileKind | undefined = extension === 'SI' ? 'I' : extension === 'SE' ? 'E' : undefined;
    if (!hasBalances) {
      if (hinted === 'E' && this.vouchers.length > 0) {
        this.warn('file_kind_mismatch', 'the name says .SE but the file holds vouchers and no balances; read as 4I', undefined, undefined);
      }
      return this.vouchers.length > 0 || hinted === 'I' ? 'I' : 'E';
    }
    // #RES and #PSALDO belong to year-end exports only.
    if (b.result.length + b.period.length > 0) return 'E';
    return hinted ?? 'E';
  }

  document(): SieDocument {
    const header = this.header;
    const fileKind = this.inferFileKind();
    const accounts = [...this.accounts.values()];
    return {
      header: {
        ...header,
        gen: header.gen!,
        sieType: header.sieType ?? 1,
        fileKind,
      },
      accounts,
      dimensions: this.dimensions,
      objects: this.objects,
      balances: this.balances,
      vouchers: this.vouchers,
      checksum: this.checksum,
    };
  }
}

/** Labels this reader understands; used to spot a missing `}`. */
const KNOWN_LABELS = new Set([
  '#FLAGGA', '#PROGRAM', '#FORMAT', '#GEN', '#SIETYP', '#PROSA', '#FNR', '#ORGNR', '#FNAMN', '#FTYP', '#ADRESS',
  '#RAR', '#TAXAR', '#OMFATTN', '#KPTYP', '#VALUTA', '#KONTO', '#KTYP', '#ENHET', '#SRU', '#DIM', '#UNDERDIM',
  '#OBJEKT', '#IB', '#UB', '#RES', '#OIB', '#OUB', '#PSALDO', '#PBUDGET', '#VER', '#KSUMMA',
]);

function describeVoucher(series: string, number: string): string {
  const name = `${series} ${number}`.trim();
  return name === '' ? '(unnumbered)' : name;
}
