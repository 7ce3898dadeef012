import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { refusalOf, StatementRefusal } from '../bank-statement.ts';
import { csvMappingSchema, type CsvMappingInput } from './mapping.ts';
import { parseCsvStatement } from './parse-csv-statement.ts';

const swedishBytes = readFileSync(new URL('./fixtures/swedish-bank.csv', import.meta.url));
const moneyInOutBytes = readFileSync(new URL('./fixtures/money-in-out.csv', import.meta.url));

const swedish: CsvMappingInput = {
  version: 1,
  accountId: 'bank-account-1930',
  encoding: 'windows-1252',
  delimiter: ';',
  headerRow: true,
  skipRows: 2,
  dateFormat: 'YYYY-MM-DD',
  decimalSeparator: ',',
  thousandsSeparator: 'space',
  currency: { fixed: 'SEK' },
  columns: { bookingDate: 'Bokföringsdag', valueDate: 'valutadag', amount: 'Belopp', text: ['Text'], reference: 'Referens' },
};

const moneyInOut: CsvMappingInput = {
  version: 1,
  accountId: 'eur-account',
  encoding: 'utf-8',
  delimiter: ',',
  headerRow: true,
  dateFormat: 'DD/MM/YYYY',
  decimalSeparator: '.',
  thousandsSeparator: ',',
  currency: { column: 'Currency' },
  columns: { bookingDate: 1, id: 'Transaction ID', text: ['Description'], counterpartyName: 'Payee', credit: 'Money in', debit: 'Money out' },
};

const refusal = (bytes: Uint8Array, mapping: CsvMappingInput): StatementRefusal => refusalOf(() => parseCsvStatement(bytes, mapping));

const utf8 = (text: string) => Buffer.from(text, 'utf8');

describe('parseCsvStatement: a Swedish bank export (Windows-1252, ";", "1 234,50")', () => {
  const file = parseCsvStatement(swedishBytes, swedish);
  const [statement] = file.statements;

  it('reads every row into one statement for the mapping\'s account', () => {
    expect(file.format).toBe('csv');
    expect(file.warnings).toEqual([]);
    expect(file.statements).toHaveLength(1);
    expect(statement).toMatchObject({
      format: 'csv',
      account: { otherId: 'bank-account-1930', currency: 'SEK' },
      currency: 'SEK',
      openingMinor: null,
      closingMinor: null,
      fromDate: '2024-03-01',
      toDate: '2024-03-28',
      creditMinor: 1234562,
      debitMinor: -123461789,
    });
    expect(statement.statementId).toMatch(/^CSV:[0-9a-f]{32}$/);
    expect(statement.lines.map((l) => [l.bookingDate, l.valueDate, l.amountMinor, l.text, l.reference])).toEqual([
      ['2024-03-01', '2024-03-01', 1234550, 'BG 5555-5558 Åkerlund Bygg AB', '655969'],
      ['2024-03-04', '2024-03-04', -2500, 'AVGIFT BANKGIRO', null],
      ['2024-03-04', '2024-03-04', -2500, 'AVGIFT BANKGIRO', null],
      ['2024-03-05', '2024-03-06', -123456789, 'Lön; mars', null],
      ['2024-03-28', '2024-03-28', 12, 'Ränta €', null],
    ]);
    expect(statement.lines[0]).toMatchObject({ currency: 'SEK', counterpartyName: null, counterpartyAccount: null, reversal: false, transactionCode: null, extraReferences: [] });
  });

  it('gives identical rows distinct ids, and the same ids on every parse', () => {
    const ids = statement.lines.map((l) => l.id);
    for (const id of ids) expect(id).toMatch(/^CSV:[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(5);
    expect(parseCsvStatement(swedishBytes, swedish).statements[0].lines.map((l) => l.id)).toEqual(ids);
  });

  it('gives an overlapping export the same ids for the same rows', () => {
    // The same account exported for 4–31 March, as UTF-8 with dates written differently and amounts without thousands separators.
    const later = utf8(
      [
        'Bokföringsdag;Valutadag;Referens;Text;Belopp',
        '04.03.2024;04.03.2024;;AVGIFT BANKGIRO;-25,00',
        '04.03.2024;04.03.2024;;AVGIFT BANKGIRO;-25,00',
        '05.03.2024;06.03.2024;;"Lön; mars";-1234567,89',
        '28.03.2024;28.03.2024;;Ränta €;0,12',
        '29.03.2024;29.03.2024;;AVGIFT BANKGIRO;-25,00',
      ].join('\n'),
    );
    const again = parseCsvStatement(later, { ...swedish, encoding: 'utf-8', skipRows: 0, dateFormat: 'DD.MM.YYYY', thousandsSeparator: 'none' });
    const first = statement.lines.map((l) => l.id);
    const second = again.statements[0].lines.map((l) => l.id);
    expect(second.slice(0, 4)).toEqual(first.slice(1));
    expect(first).not.toContain(second[4]);
  });

  it('makes the ids depend on the account', () => {
    const other = parseCsvStatement(swedishBytes, { ...swedish, accountId: 'another-account' });
    expect(other.statements[0].lines[0].id).not.toBe(statement.lines[0].id);
  });

  it('refuses a bad amount, naming the row (the file\'s line) and the column', () => {
    const bytes = Buffer.from(swedishBytes.toString('latin1').replace('-25,00;112 320,50', '12,3,4;112 320,50'), 'latin1');
    const error = refusal(bytes, swedish);
    expect(error).toMatchObject({ code: 'invalid_amount', where: 'row 5, column Belopp', field: 'amount' });
    expect(error.message).toBe('row 5, column Belopp (amount): "12,3,4" is not an amount');
  });

  it('refuses a bad date, a missing column and an ambiguous one', () => {
    const badDate = Buffer.from(swedishBytes.toString('latin1').replace('2024-03-28;', '2024-02-30;'), 'latin1');
    expect(refusal(badDate, swedish)).toMatchObject({ code: 'invalid_field', where: 'row 8, column Bokföringsdag', field: 'bookingDate' });
    const missing = refusal(swedishBytes, { ...swedish, columns: { ...swedish.columns, amount: 'Summa' } });
    expect(missing).toMatchObject({ code: 'missing_column', where: 'row 3', field: 'amount' });
    expect(missing.message).toContain('no column named "Summa" in the header');
    const twice = utf8('Datum;Belopp;Belopp\n2024-03-01;1,00;2,00\n');
    expect(refusal(twice, { ...swedish, encoding: 'utf-8', skipRows: 0, columns: { bookingDate: 'Datum', amount: 'belopp' } })).toMatchObject({
      code: 'ambiguous_column',
      field: 'amount',
    });
  });

  it('refuses the wrong encoding instead of garbling names', () => {
    const error = refusal(swedishBytes, { ...swedish, encoding: 'utf-8' });
    expect(error).toMatchObject({ code: 'invalid_encoding', where: 'row 1' });
    expect(refusal(moneyInOutBytes, { ...moneyInOut, encoding: 'windows-1252' }).code).toBe('invalid_encoding');
  });
});

describe('parseCsvStatement: money in and out in two columns, quoted fields, the bank\'s own ids', () => {
  const file = parseCsvStatement(moneyInOutBytes, moneyInOut);
  const [statement] = file.statements;

  it('reads quoted cells with commas, doubled quotes and line breaks', () => {
    expect(statement.lines.map((l) => [l.id, l.bookingDate, l.amountMinor, l.currency, l.text, l.counterpartyName])).toEqual([
      ['CSV:REF:TX-1001', '2024-03-15', 123450, 'EUR', 'Invoice 1001, 1002', 'Åkerlund Bygg AB'],
      ['CSV:REF:TX-1002', '2024-03-16', -1200, 'EUR', 'Card "office" supplies', 'Staples'],
      ['CSV:REF:TX-1003', '2024-03-17', 200, 'EUR', 'Refund\nsecond line', 'Staples'],
      ['CSV:REF:TX-1004', '2024-03-18', -350, 'EUR', 'Fee', null],
    ]);
    expect(statement).toMatchObject({ currency: 'EUR', account: { otherId: 'eur-account', currency: 'EUR' }, creditMinor: 123650, debitMinor: -1550 });
  });

  it('names the row where a record starts, after a cell with a line break', () => {
    const bytes = utf8(moneyInOutBytes.toString('utf8').replace('-3.50', 'abc'));
    expect(refusal(bytes, moneyInOut)).toMatchObject({ code: 'invalid_amount', where: 'row 7, column Money out', field: 'debit' });
  });

  it('refuses amounts in both columns, none, or a negative money-in', () => {
    const header = 'Date,Transaction ID,Description,Payee,Money in,Money out,Currency\n';
    expect(refusal(utf8(header + '15/03/2024,T1,x,y,1.00,2.00,EUR\n'), moneyInOut)).toMatchObject({ code: 'invalid_amount', where: 'row 2, column Money out' });
    expect(refusal(utf8(header + '15/03/2024,T1,x,y,,,EUR\n'), moneyInOut)).toMatchObject({ code: 'invalid_amount', where: 'row 2, column Money in' });
    expect(refusal(utf8(header + '15/03/2024,T1,x,y,-1.00,,EUR\n'), moneyInOut)).toMatchObject({ code: 'invalid_amount', where: 'row 2, column Money in' });
  });

  it('refuses a duplicate bank id, a missing one, mixed currencies and an unknown currency', () => {
    const header = 'Date,Transaction ID,Description,Payee,Money in,Money out,Currency\n';
    const duplicate = refusal(utf8(header + '15/03/2024,T1,x,y,1.00,,EUR\n16/03/2024,T1,x,y,2.00,,EUR\n'), moneyInOut);
    expect(duplicate).toMatchObject({ code: 'duplicate_line_id', where: 'row 3, column Transaction ID' });
    expect(duplicate.message).toContain('also on row 2');
    expect(refusal(utf8(header + '15/03/2024,,x,y,1.00,,EUR\n'), moneyInOut)).toMatchObject({ code: 'invalid_field', field: 'id' });
    const mixed = refusal(utf8(header + '15/03/2024,T1,x,y,1.00,,EUR\n16/03/2024,T2,x,y,2.00,,SEK\n'), moneyInOut);
    expect(mixed).toMatchObject({ code: 'currency_mismatch', where: 'row 3, column Currency' });
    expect(refusal(utf8(header + '15/03/2024,T1,x,y,1.00,,XYZ\n'), moneyInOut)).toMatchObject({ code: 'invalid_field', field: 'currency' });
  });
});

describe('parseCsvStatement: files without a header, limits, bad input', () => {
  const noHeader: CsvMappingInput = {
    version: 1,
    accountId: 'a',
    encoding: 'utf-8',
    delimiter: '\t',
    headerRow: false,
    dateFormat: 'YYYYMMDD',
    decimalSeparator: '.',
    thousandsSeparator: 'none',
    currency: { fixed: 'SEK' },
    columns: { bookingDate: 1, amount: 3, text: [2, 4] },
  };

  it('reads columns by number, joins text columns and skips empty rows with a warning', () => {
    const file = parseCsvStatement(utf8('20240301\tKalles\t10.5\tfaktura 7\n\t\t\t\n20240302\t\t-1\t\n'), noHeader);
    expect(file.statements[0].lines.map((l) => [l.bookingDate, l.amountMinor, l.text])).toEqual([
      ['2024-03-01', 1050, 'Kalles faktura 7'],
      ['2024-03-02', -100, null],
    ]);
    expect(file.warnings).toEqual(['1 row(s) with only empty cells skipped.']);
    expect(refusal(utf8('20240301\tKalles\n'), noHeader)).toMatchObject({ code: 'invalid_amount', where: 'row 1, column column 3' });
  });

  it('gives an empty file an empty statement when the currency is fixed', () => {
    const file = parseCsvStatement(utf8(''), noHeader);
    expect(file.statements[0]).toMatchObject({ lines: [], fromDate: null, toDate: null, creditMinor: 0, debitMinor: 0, currency: 'SEK' });
  });

  it('refuses a broken quote, a too long cell, too many rows and a bad mapping', () => {
    expect(refusal(utf8('20240301\t"open\t1\n'), noHeader).code).toBe('invalid_csv');
    expect(refusal(utf8(`20240301\t${'x'.repeat(1001)}\t1\n`), noHeader)).toMatchObject({ code: 'field_too_long', where: 'row 1, column column 2' });
    const many = utf8('20240301\tx\t1\n'.repeat(200_001));
    expect(refusal(many, noHeader)).toMatchObject({ code: 'too_many_rows', where: 'row 200001' });
    const bad = refusal(utf8(''), { ...noHeader, columns: { bookingDate: 'Datum', amount: 3 } });
    expect(bad).toMatchObject({ code: 'invalid_mapping', where: 'mapping', field: 'columns.bookingDate' });
  });
});

describe('csvMappingSchema', () => {
  it('accepts the example mappings and fills skipRows', () => {
    expect(csvMappingSchema.parse(moneyInOut).skipRows).toBe(0);
    expect(csvMappingSchema.parse(swedish).skipRows).toBe(2);
  });

  it('names what is wrong', () => {
    const issues = (input: unknown) => {
      const result = csvMappingSchema.safeParse(input);
      return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
    };
    expect(issues({ ...swedish, columns: { bookingDate: 'Datum', amount: 'Belopp', credit: 'In' } })).toEqual(['columns.amount']);
    expect(issues({ ...swedish, columns: { bookingDate: 'Datum', credit: 'In' } })).toEqual(['columns.debit']);
    expect(issues({ ...swedish, thousandsSeparator: ',' })).toEqual(['thousandsSeparator']);
    expect(issues({ ...swedish, currency: { fixed: 'XYZ' } })).toEqual(['currency.fixed']);
    expect(issues({ ...swedish, delimiter: '|' })).toEqual(['delimiter']);
    expect(issues({ ...swedish, columns: { ...swedish.columns, bookingDate: 0 } })).toEqual(['columns.bookingDate']);
    expect(issues({ ...swedish, unknownOption: true })).toEqual(['']);
    expect(issues({ ...swedish, headerRow: false, currency: { column: 'Valuta' } })).toContain('currency.column');
  });
});
