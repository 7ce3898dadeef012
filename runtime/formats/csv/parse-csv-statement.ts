/**
 * A bank's CSV export + the account's saved column mapping → ParsedFile (one
 * statement). Pure: bytes in, data out, or a StatementRefusal naming the row
 * (the file's line where the record starts) and the column.
 */
import { createHash } from 'node:crypto';
import { parse, CsvError } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { isCurrency } from '../../../shared/money.ts';
import { StatementRefusal, type ParsedFile, type ParsedStatement, type StatementLine } from '../bank-statement.ts';
import { csvLimits, csvMappingSchema, type CsvColumn, type CsvMapping, type CsvMappingInput } from './mapping.ts';
import { parseCsvAmount, parseCsvDate } from './values.ts';

interface ResolvedColumn {
  index: number;
  /** how refusals name it: the header name, or "column 3" */
  label: string;
  /** the mapping's name for it: "amount", "bookingDate" … */
  role: string;
}

function refuseCell(row: number, at: ResolvedColumn, code: string, message: string): never {
  throw new StatementRefusal(code, `row ${row}, column ${at.label}`, at.role, message);
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function decode(bytes: Uint8Array, encoding: CsvMapping['encoding']): string {
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (encoding === 'utf-8') {
    const body = hasBom ? bytes.subarray(3) : bytes;
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      const lenient = new TextDecoder('utf-8').decode(body);
      const at = lenient.indexOf('\uFFFD');
      const line = lenient.slice(0, Math.max(at, 0)).split('\n').length;
      throw new StatementRefusal('invalid_encoding', `row ${line}`, null, 'the file is not valid UTF-8 (is it Windows-1252? change the mapping\'s encoding)');
    }
  }
  if (hasBom) {
    throw new StatementRefusal('invalid_encoding', 'row 1', null, `the file starts with a UTF-8 byte order mark, but the mapping says ${encoding}`);
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Node's "latin1" is ISO-8859-1 byte for byte; Windows-1252 differs in 0x80–0x9F (€, „, …). Node 20's
  // TextDecoder('windows-1252') decodes 0x80 as U+0080, not €, so iconv-lite does it.
  return encoding === 'iso-8859-1' ? buffer.toString('latin1') : iconv.decode(buffer, 'win1252');
}

function resolveColumns(mapping: CsvMapping, header: string[] | null, headerRow: number): Map<string, ResolvedColumn> {
  const resolved = new Map<string, ResolvedColumn>();
  const byName = new Map<string, number[]>();
  header?.forEach((name, index) => {
    const key = name.trim().toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), index]);
  });
  const resolve = (role: string, column: CsvColumn): ResolvedColumn => {
    if (typeof column === 'number') {
      const label = header?.[column - 1]?.trim() || `column ${column}`;
      if (header && column > header.length) {
        throw new StatementRefusal('missing_column', `row ${headerRow}`, role, `the mapping reads column ${column}, but the header has ${header.length} columns`);
      }
      return { index: column - 1, label, role };
    }
    const matches = byName.get(column.trim().toLowerCase()) ?? [];
    if (matches.length === 0) {
      const names = (header ?? []).map((n) => `"${n.trim()}"`).join(', ');
      throw new StatementRefusal('missing_column', `row ${headerRow}`, role, `no column named "${column}" in the header (it has ${names})`);
    }
    if (matches.length > 1) {
      throw new StatementRefusal(
        'ambiguous_column',
        `row ${headerRow}`,
        role,
        `"${column}" names columns ${matches.map((m) => m + 1).join(' and ')}: give the column's number in the mapping`,
      );
    }
    return { index: matches[0], label: header![matches[0]].trim(), role };
  };
  for (const [role, column] of Object.entries(mapping.columns)) {
    if (column === undefined) continue;
    if (Array.isArray(column)) column.forEach((c, i) => resolved.set(`${role}.${i}`, resolve(role, c)));
    else resolved.set(role, resolve(role, column as CsvColumn));
  }
  if ('column' in mapping.currency) resolved.set('currency', resolve('currency', mapping.currency.column));
  return resolved;
}

/**
 * Parses a CSV statement with a saved mapping. The mapping is checked with
 * `csvMappingSchema` first (a bad one is refused as `invalid_mapping`).
 * Throws StatementRefusal; nothing else for bad input.
 */
export function parseCsvStatement(bytes: Uint8Array, mappingInput: CsvMapping | CsvMappingInput): ParsedFile {
  const checked = csvMappingSchema.safeParse(mappingInput);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new StatementRefusal('invalid_mapping', 'mapping', issue.path.join('.') || null, issue.message);
  }
  const mapping = checked.data;
  if (bytes.length > csvLimits.bytesMax) {
    throw new StatementRefusal('file_too_large', 'file', null, `${bytes.length} bytes; a CSV statement may have at most ${csvLimits.bytesMax}`);
  }
  const text = decode(bytes, mapping.encoding);

  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      delimiter: mapping.delimiter,
      from_line: mapping.skipRows + 1,
      relax_column_count: true,
      skip_empty_lines: true,
      max_record_size: csvLimits.fieldLengthMax * csvLimits.columnsMax,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new StatementRefusal('invalid_csv', line ? `row ${line}` : 'file', null, error.message);
    }
    throw error;
  }

  /** The line where a record starts: csv-parse counts to its end, and a quoted cell may hold line breaks. */
  const rowOf = (entry: { record: string[]; info: { lines: number } }): number => {
    let breaks = 0;
    for (const cell of entry.record) if (cell.includes('\n')) breaks += cell.split('\n').length - 1;
    return entry.info.lines - breaks;
  };

  let header: string[] | null = null;
  let headerRow = mapping.skipRows + 1;
  let first = 0;
  if (mapping.headerRow) {
    if (records.length === 0) throw new StatementRefusal('empty_file', 'file', null, 'no header row');
    header = records[0].record;
    headerRow = rowOf(records[0]);
    first = 1;
  }
  const dataRows = records.length - first;
  if (dataRows > csvLimits.rowsMax) {
    throw new StatementRefusal('too_many_rows', `row ${rowOf(records[first + csvLimits.rowsMax])}`, null, `a CSV statement may have at most ${csvLimits.rowsMax} rows`);
  }
  const columns = resolveColumns(mapping, header, headerRow);
  const column = (role: string) => columns.get(role);
  const textColumns = (mapping.columns.text ?? []).map((_, i) => columns.get(`text.${i}`)!);

  const lines: StatementLine[] = [];
  const warnings: string[] = [];
  const idRows = new Map<string, number>();
  const occurrences = new Map<string, number>();
  let currency: string | null = 'fixed' in mapping.currency ? mapping.currency.fixed : null;
  let currencyRow = 0;
  let blankRows = 0;

  for (let r = first; r < records.length; r++) {
    const { record } = records[r];
    const row = rowOf(records[r]);
    if (record.length > csvLimits.columnsMax) {
      throw new StatementRefusal('too_many_columns', `row ${row}`, null, `${record.length} columns; at most ${csvLimits.columnsMax}`);
    }
    if (record.every((cell) => cell.trim() === '')) {
      blankRows++;
      continue;
    }
    const cell = (at: ResolvedColumn | undefined): string | null => {
      if (!at) return null;
      const value = (record[at.index] ?? '').trim();
      if (value.length > csvLimits.fieldLengthMax) refuseCell(row, at, 'field_too_long', `${value.length} characters; at most ${csvLimits.fieldLengthMax}`);
      return value === '' ? null : value;
    };

    let rowCurrency: string;
    const currencyColumn = column('currency');
    if (currencyColumn) {
      const value = cell(currencyColumn)?.toUpperCase() ?? null;
      if (value === null) refuseCell(row, currencyColumn, 'invalid_field', 'no currency');
      if (!isCurrency(value)) {
        refuseCell(row, currencyColumn, 'invalid_field', `"${value}" is not a known currency code`);
      }
      if (currency !== null && value !== currency) {
        refuseCell(row, currencyColumn, 'currency_mismatch', `${value}, but row ${currencyRow} is in ${currency}: one statement has one currency`);
      }
      if (currency === null) currencyRow = row;
      currency = value;
      rowCurrency = value;
    } else {
      rowCurrency = currency!;
    }

    const dateColumn = column('bookingDate')!;
    const bookingText = cell(dateColumn);
    if (bookingText === null) refuseCell(row, dateColumn, 'invalid_field', 'no booking date');
    const bookingDate = parseCsvDate(bookingText, mapping.dateFormat);
    if (bookingDate === null) refuseCell(row, dateColumn, 'invalid_field', `"${bookingText}" is not a date in the format ${mapping.dateFormat}`);
    const valueDateColumn = column('valueDate');
    const valueText = cell(valueDateColumn);
    let valueDate: string | null = null;
    if (valueText !== null) {
      valueDate = parseCsvDate(valueText, mapping.dateFormat);
      if (valueDate === null) refuseCell(row, valueDateColumn!, 'invalid_field', `"${valueText}" is not a date in the format ${mapping.dateFormat}`);
    }

    const readAmount = (at: ResolvedColumn, value: string): number => {
      const result = parseCsvAmount(value, rowCurrency, mapping.decimalSeparator, mapping.thousandsSeparator);
      if (!result.ok) refuseCell(row, at, 'invalid_amount', `"${value}" ${result.reason}`);
      return result.amountMinor;
    };
    let amountMinor: number;
    const amountColumn = column('amount');
    if (amountColumn) {
      const value = cell(amountColumn);
      if (value === null) refuseCell(row, amountColumn, 'invalid_amount', 'no amount');
      amountMinor = readAmount(amountColumn, value);
    } else {
      const creditColumn = column('credit')!;
      const debitColumn = column('debit')!;
      const creditText = cell(creditColumn);
      const debitText = cell(debitColumn);
      if (creditText === null && debitText === null) refuseCell(row, creditColumn, 'invalid_amount', `no amount in either ${creditColumn.label} or ${debitColumn.label}`);
      const credit = creditText === null ? 0 : readAmount(creditColumn, creditText);
      const debit = debitText === null ? 0 : readAmount(debitColumn, debitText);
      if (credit < 0) refuseCell(row, creditColumn, 'invalid_amount', `"${creditText}" is negative in the money-in column`);
      if (credit !== 0 && debit !== 0) refuseCell(row, debitColumn, 'invalid_amount', `amounts in both ${creditColumn.label} and ${debitColumn.label}`);
      // A debit is money out whether the bank writes it with a minus or without.
      amountMinor = credit !== 0 ? credit : debit === 0 ? 0 : -Math.abs(debit);
    }

    const textParts = textColumns.map((at) => cell(at)).filter((part): part is string => part !== null);
    const lineText = textParts.length > 0 ? textParts.join(' ') : null;
    const counterpartyName = cell(column('counterpartyName'));
    const counterpartyAccount = cell(column('counterpartyAccount'));
    const reference = cell(column('reference'));

    let id: string;
    const idColumn = column('id');
    if (idColumn) {
      const value = cell(idColumn);
      if (value === null) refuseCell(row, idColumn, 'invalid_field', 'no transaction reference (the mapping uses this column as the line id)');
      if (value.length > csvLimits.idLengthMax) refuseCell(row, idColumn, 'field_too_long', `${value.length} characters; an id has at most ${csvLimits.idLengthMax}`);
      const earlier = idRows.get(value);
      if (earlier !== undefined) refuseCell(row, idColumn, 'duplicate_line_id', `"${value}" is also on row ${earlier}: the line id would not be unique`);
      idRows.set(value, row);
      id = `CSV:REF:${value}`;
    } else {
      // Identical rows are told apart by their occurrence number (see README: why a re-import gives the same ids).
      const key = JSON.stringify([mapping.accountId, bookingDate, valueDate, amountMinor, rowCurrency, lineText, counterpartyName, counterpartyAccount, reference]);
      const occurrence = (occurrences.get(key) ?? 0) + 1;
      occurrences.set(key, occurrence);
      id = `CSV:${sha256Hex(`${key}#${occurrence}`).slice(0, 32)}`;
    }

    lines.push({
      id,
      amountMinor,
      currency: rowCurrency,
      bookingDate,
      valueDate,
      counterpartyName,
      counterpartyAccount,
      reference,
      text: lineText,
      reversal: false,
      transactionCode: null,
      extraReferences: [],
    });
  }

  if (currency === null) throw new StatementRefusal('empty_file', 'file', null, 'no rows, so no currency (the mapping reads it from a column)');
  if (blankRows > 0) warnings.push(`${blankRows} row(s) with only empty cells skipped.`);

  let creditMinor = 0;
  let debitMinor = 0;
  let fromDate: string | null = null;
  let toDate: string | null = null;
  for (const line of lines) {
    if (line.amountMinor >= 0) creditMinor += line.amountMinor;
    else debitMinor += line.amountMinor;
    if (fromDate === null || line.bookingDate < fromDate) fromDate = line.bookingDate;
    if (toDate === null || line.bookingDate > toDate) toDate = line.bookingDate;
  }
  if (!Number.isSafeInteger(creditMinor) || !Number.isSafeInteger(debitMinor)) {
    throw new StatementRefusal('amount_too_large', 'file', null, 'the rows sum to more than an amount may be');
  }

  const statement: ParsedStatement = {
    format: 'csv',
    statementId: `CSV:${sha256Hex(bytes).slice(0, 32)}`,
    account: { otherId: mapping.accountId, currency },
    currency,
    openingMinor: null,
    closingMinor: null,
    fromDate,
    toDate,
    lines,
    creditMinor,
    debitMinor,
  };
  return { format: 'csv', statements: [statement], warnings };
}
