/**
 * SIE 4 writer: SieDocument → CP437 (PC8) bytes with CRLF line ends, records
 * in the order of the spec, optionally wrapped in #KSUMMA.
 */
import { formatSieAmount, formatSieDate, isSiePeriod, isSieQuantity, parseSieDate } from './amount.ts';
import { CRC32_INITIAL, crc32Finish, crc32Update } from './crc32.ts';
import { encodeCp437 } from './encoding.ts';
import type { SieBalance, SieDocument, SieIssue, SieObjectRef } from './model.ts';
import { checksumStrings, readSieLine } from './tokenizer.ts';
import { voucherSumMinor } from './voucher-sum.ts';

export interface WriteSieOptions {
  /** Wrap the records in #KSUMMA with the CRC-32 (default true). */
  checksum?: boolean;
}

export interface WriteSieReport {
  bytes: Buffer;
  /** The same content as a string, before encoding to CP437. */
  text: string;
  /** Characters changed to fit the format, each with the output line. */
  warnings: SieIssue[];
  /** The CRC-32 written in the closing #KSUMMA, when one was written. */
  checksum?: number;
}

/** Writes a document. Throws on a document that breaks the model's invariants. */
export function writeSie(document: SieDocument, options: WriteSieOptions = {}): Buffer {
  return writeSieReport(document, options).bytes;
}

export function writeSieReport(document: SieDocument, options: WriteSieOptions = {}): WriteSieReport {
  assertWritable(document);
  const writer = new LineWriter();
  const withChecksum = options.checksum ?? true;
  const { header } = document;

  writer.record('#FLAGGA', '0');
  if (withChecksum) writer.record('#KSUMMA');
  writer.record('#PROGRAM', writer.text(header.program.name), writer.bare(header.program.version));
  writer.record('#FORMAT', 'PC8');
  writer.record('#GEN', formatSieDate(header.gen.date), ...(header.gen.sign !== undefined ? [writer.text(header.gen.sign)] : []));
  writer.record('#SIETYP', String(header.sieType));
  for (const comment of header.comments) writer.record('#PROSA', writer.text(comment));
  if (header.companyId !== undefined) writer.record('#FNR', writer.text(header.companyId));
  if (header.orgNumber !== undefined) writer.record('#ORGNR', writer.bare(header.orgNumber));
  if (header.address) {
    const a = header.address;
    writer.record('#ADRESS', writer.text(a.contact), writer.text(a.street), writer.text(a.postal), writer.text(a.phone));
  }
  writer.record('#FNAMN', writer.text(header.companyName));
  if (header.companyType !== undefined) writer.record('#FTYP', writer.bare(header.companyType));
  for (const year of header.fiscalYears) writer.record('#RAR', String(year.index), formatSieDate(year.start), formatSieDate(year.end));
  if (header.taxYear !== undefined) writer.record('#TAXAR', String(header.taxYear));
  if (header.balancesUntil !== undefined) writer.record('#OMFATTN', formatSieDate(header.balancesUntil));
  if (header.chartType !== undefined) writer.record('#KPTYP', writer.bare(header.chartType));
  if (header.currency !== 'SEK') writer.record('#VALUTA', writer.bare(header.currency));

  for (const account of document.accounts) {
    writer.record('#KONTO', account.number, writer.text(account.name));
    if (account.type) writer.record('#KTYP', account.number, account.type);
    if (account.unit !== undefined) writer.record('#ENHET', account.number, writer.text(account.unit));
    if (account.sru !== undefined) writer.record('#SRU', account.number, writer.bare(account.sru));
  }
  for (const dimension of document.dimensions) {
    if (dimension.parent === undefined) writer.record('#DIM', String(dimension.number), writer.text(dimension.name));
    else writer.record('#UNDERDIM', String(dimension.number), writer.text(dimension.name), String(dimension.parent));
  }
  for (const object of document.objects) writer.record('#OBJEKT', String(object.dimension), writer.text(object.id), writer.text(object.name));

  const { balances } = document;
  const balanceFields = (b: SieBalance) => [formatSieAmount(b.amountMinor), ...(b.quantity !== undefined ? [b.quantity] : [])];
  for (const b of balances.opening) writer.record('#IB', String(b.yearIndex), b.account, ...balanceFields(b));
  for (const b of balances.closing) writer.record('#UB', String(b.yearIndex), b.account, ...balanceFields(b));
  for (const b of balances.objectOpening) writer.record('#OIB', String(b.yearIndex), b.account, writer.objects(b.objects), ...balanceFields(b));
  for (const b of balances.objectClosing) writer.record('#OUB', String(b.yearIndex), b.account, writer.objects(b.objects), ...balanceFields(b));
  for (const b of balances.result) writer.record('#RES', String(b.yearIndex), b.account, ...balanceFields(b));
  for (const b of balances.period) writer.record('#PSALDO', String(b.yearIndex), b.period, b.account, writer.objects(b.objects), ...balanceFields(b));
  for (const b of balances.periodBudget) writer.record('#PBUDGET', String(b.yearIndex), b.period, b.account, writer.objects(b.objects), ...balanceFields(b));

  for (const voucher of document.vouchers) {
    writer.record(
      '#VER',
      ...trimOptional([
        writer.text(voucher.series),
        writer.text(voucher.number),
        formatSieDate(voucher.date),
        writer.text(voucher.text),
        voucher.registeredDate !== undefined ? formatSieDate(voucher.registeredDate) : undefined,
        voucher.sign !== undefined ? writer.text(voucher.sign) : undefined,
      ]),
    );
    writer.raw('{');
    for (const row of voucher.transactions) {
      writer.record(
        `#${row.kind}`,
        row.account,
        writer.objects(row.objects),
        formatSieAmount(row.amountMinor),
        ...trimOptional([
          row.transDate !== undefined ? formatSieDate(row.transDate) : undefined,
          row.text !== undefined ? writer.text(row.text) : undefined,
          row.quantity,
          row.sign !== undefined ? writer.text(row.sign) : undefined,
        ]),
      );
    }
    writer.raw('}');
  }

  let checksum: number | undefined;
  if (withChecksum) {
    checksum = checksumOfLines(writer.lines.slice(2));
    writer.record('#KSUMMA', String(checksum));
  }
  const text = writer.lines.map((line) => `${line}\r\n`).join('');
  const warnings = [...writer.warnings];
  const seen = new Set<string>();
  writer.lines.forEach((line, index) => {
    for (const char of encodeCp437(line).unrepresentable) {
      if (seen.has(char)) continue;
      seen.add(char);
      warnings.push({
        code: 'unrepresentable_character',
        message: `"${char}" (U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}) has no CP437 byte and is written as "?"`,
        line: index + 1,
      });
    }
  });
  return { bytes: Buffer.from(encodeCp437(text).bytes), text, warnings, ...(checksum !== undefined ? { checksum } : {}) };
}

/** The #KSUMMA CRC-32 over the given lines, as the reader computes it. */
export function checksumOfLines(lines: string[]): number {
  let state = CRC32_INITIAL;
  for (const line of lines) {
    for (const value of checksumStrings(readSieLine(line))) state = crc32Update(state, encodeCp437(value).bytes);
  }
  return crc32Finish(state);
}

/** Drops trailing absent fields and writes "" for absent fields before a present one. */
function trimOptional(fields: (string | undefined)[]): string[] {
  let last = fields.length - 1;
  while (last >= 0 && fields[last] === undefined) last--;
  return fields.slice(0, last + 1).map((field) => field ?? '""');
}

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS_ALL = /[\u0000-\u001f\u007f]/g;
const NEEDS_QUOTES = /[\s"{}]/;

class LineWriter {
  readonly lines: string[] = [];
  readonly warnings: SieIssue[] = [];

  record(label: string, ...fields: string[]): void {
    this.lines.push([label, ...fields].join(' '));
  }

  raw(line: string): void {
    this.lines.push(line);
  }

  private clean(value: string): string {
    if (!CONTROL_CHARACTERS.test(value)) return value;
    this.warnings.push({
      code: 'unrepresentable_character',
      message: `control characters in ${JSON.stringify(value)} are written as spaces`,
      line: this.lines.length + 1,
    });
    return value.replace(CONTROL_CHARACTERS_ALL, ' ');
  }

  /** Free text: always quoted, `"` escaped as `\"`. */
  text(value: string): string {
    let cleaned = this.clean(value);
    if (cleaned.endsWith('\\')) {
      // `"abc\"` would read back as an escaped quote; unquoted is safe when possible.
      if (cleaned !== '' && !NEEDS_QUOTES.test(cleaned)) return cleaned;
      this.warnings.push({
        code: 'ambiguous_backslash',
        message: `${JSON.stringify(value)} ends with a backslash, which SIE cannot quote; it is written as "/"`,
        line: this.lines.length + 1,
      });
      cleaned = `${cleaned.slice(0, -1)}/`;
    }
    return `"${cleaned.replaceAll('"', '\\"')}"`;
  }

  /** A code such as an org number: unquoted unless it needs quotes. */
  bare(value: string): string {
    const cleaned = this.clean(value);
    return cleaned === '' || NEEDS_QUOTES.test(cleaned) ? this.text(cleaned) : cleaned;
  }

  objects(refs: SieObjectRef[]): string {
    return `{${refs.map((ref) => `${ref.dimension} ${this.text(ref.id)}`).join(' ')}}`;
  }
}

// ---- invariants ---------------------------------------------------------------

function assertWritable(document: SieDocument): void {
  const problems: string[] = [];
  const check = (ok: boolean, problem: () => string) => {
    if (!ok && problems.length < 20) problems.push(problem());
  };
  const isDate = (value: string | undefined) => value === undefined || (/^\d{4}-\d{2}-\d{2}$/.test(value) && parseSieDate(value.replaceAll('-', '')) !== undefined);
  const isAccount = (value: string) => /^\d+$/.test(value);
  const { header } = document;

  check([1, 2, 3, 4].includes(header.sieType), () => `sieType ${header.sieType} is not 1–4`);
  check(isDate(header.gen.date), () => `gen.date "${header.gen.date}" is not YYYY-MM-DD`);
  check(isDate(header.balancesUntil), () => `balancesUntil "${header.balancesUntil}" is not YYYY-MM-DD`);
  for (const year of header.fiscalYears) {
    check(Number.isSafeInteger(year.index) && isDate(year.start) && isDate(year.end), () => `fiscal year ${JSON.stringify(year)} is invalid`);
  }
  for (const account of document.accounts) check(isAccount(account.number), () => `account number "${account.number}" is not numeric`);
  for (const d of document.dimensions) check(Number.isSafeInteger(d.number) && d.number >= 0, () => `dimension ${d.number} is not a whole number`);
  for (const o of document.objects) check(Number.isSafeInteger(o.dimension) && o.dimension >= 0, () => `object dimension ${o.dimension} is not a whole number`);

  const checkBalance = (label: string, b: SieBalance & { period?: string }) => {
    check(Number.isSafeInteger(b.yearIndex), () => `${label} year index ${b.yearIndex} is not an integer`);
    check(isAccount(b.account), () => `${label} account "${b.account}" is not numeric`);
    check(typeof b.amountMinor === 'bigint' || Number.isSafeInteger(b.amountMinor), () => `${label} amountMinor ${b.amountMinor} is not a safe integer`);
    check(b.quantity === undefined || isSieQuantity(b.quantity), () => `${label} quantity "${b.quantity}" is not a decimal`);
    check(b.period === undefined || isSiePeriod(b.period), () => `${label} period "${b.period}" is not YYYYMM`);
  };
  const b = document.balances;
  for (const [label, list] of [
    ['#IB', b.opening], ['#UB', b.closing], ['#RES', b.result], ['#OIB', b.objectOpening],
    ['#OUB', b.objectClosing], ['#PSALDO', b.period], ['#PBUDGET', b.periodBudget],
  ] as const) {
    for (const balance of list) checkBalance(label, balance);
  }
  for (const voucher of document.vouchers) {
    const name = `voucher ${voucher.series} ${voucher.number}`.trim();
    check(isDate(voucher.date) && voucher.date !== '', () => `${name}: date "${voucher.date}" is not YYYY-MM-DD`);
    check(isDate(voucher.registeredDate), () => `${name}: registeredDate "${voucher.registeredDate}" is not YYYY-MM-DD`);
    for (const row of voucher.transactions) {
      check(isAccount(row.account), () => `${name}: account "${row.account}" is not numeric`);
      check(Number.isSafeInteger(row.amountMinor), () => `${name}: amountMinor ${row.amountMinor} is not a safe integer`);
      check(isDate(row.transDate), () => `${name}: transDate "${row.transDate}" is not YYYY-MM-DD`);
      check(row.quantity === undefined || isSieQuantity(row.quantity), () => `${name}: quantity "${row.quantity}" is not a decimal`);
    }
    const sumMinor = voucherSumMinor(voucher);
    check(sumMinor === 0, () => `${name} does not balance: the rows sum to ${sumMinor} minor units`);
  }
  if (problems.length > 0) throw new Error(`SIE document cannot be written:\n- ${problems.join('\n- ')}`);
}
