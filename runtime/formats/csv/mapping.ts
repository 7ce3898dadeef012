/**
 * How one bank account's CSV export is read: saved per bank account through
 * the API, checked with `csvMappingSchema` wherever it enters.
 */
import { z } from 'zod';
import { isCurrency } from '../../../shared/money.ts';

export const csvLimits = {
  /** 50 MiB */
  bytesMax: 50 * 1024 * 1024,
  /** data rows (the header and skipped lines not counted) */
  rowsMax: 200_000,
  /** characters in one cell that the mapping reads */
  fieldLengthMax: 1_000,
  /** characters in a bank reference used as the line id */
  idLengthMax: 200,
  /** columns in one row */
  columnsMax: 200,
  /** lines before the header (a title, the account, the period …) */
  skipRowsMax: 100,
} as const;

export const csvDateFormats = ['YYYY-MM-DD', 'YYYYMMDD', 'YYYY/MM/DD', 'YYYY.MM.DD', 'DD.MM.YYYY', 'DD/MM/YYYY', 'DD-MM-YYYY', 'MM/DD/YYYY'] as const;
export type CsvDateFormat = (typeof csvDateFormats)[number];

/** A column by its header name (matched trimmed, ignoring case; needs `headerRow`) or by its 1-based position. */
export const csvColumnSchema = z.union([z.string().trim().min(1).max(200), z.number().int().min(1).max(csvLimits.columnsMax)]);
export type CsvColumn = z.infer<typeof csvColumnSchema>;

const currencyCodeSchema = z.string().refine(isCurrency, { message: 'not a known currency code' });

export const csvMappingSchema = z
  .object({
    version: z.literal(1),
    /** the company's bank account this file is for (CSV files rarely name it); part of every generated line id */
    accountId: z.string().trim().min(1).max(100),
    encoding: z.enum(['utf-8', 'windows-1252', 'iso-8859-1']),
    delimiter: z.enum([',', ';', '\t']),
    headerRow: z.boolean(),
    /** lines to skip before the header (or before the first row without a header) */
    skipRows: z.number().int().min(0).max(csvLimits.skipRowsMax).default(0),
    dateFormat: z.enum(csvDateFormats),
    decimalSeparator: z.enum([',', '.']),
    /** "space" also accepts the no-break spaces that spreadsheets write */
    thousandsSeparator: z.enum(['none', 'space', '.', ',']),
    /** one currency for the whole file, or a column that holds it (every row must then agree) */
    currency: z.union([z.object({ fixed: currencyCodeSchema }).strict(), z.object({ column: csvColumnSchema }).strict()]),
    columns: z
      .object({
        bookingDate: csvColumnSchema,
        valueDate: csvColumnSchema.optional(),
        /** one signed column (money in positive) … */
        amount: csvColumnSchema.optional(),
        /** … or money in and money out in two columns (a debit may be written with or without a minus) */
        credit: csvColumnSchema.optional(),
        debit: csvColumnSchema.optional(),
        /** the bank's own transaction reference, when the export has one: then the line id is CSV:REF:<it> */
        id: csvColumnSchema.optional(),
        /** joined with a space, empty cells left out */
        text: z.array(csvColumnSchema).min(1).max(5).optional(),
        counterpartyName: csvColumnSchema.optional(),
        counterpartyAccount: csvColumnSchema.optional(),
        reference: csvColumnSchema.optional(),
      })
      .strict(),
  })
  .strict()
  .superRefine((mapping, ctx) => {
    const { amount, credit, debit } = mapping.columns;
    if (amount !== undefined && (credit !== undefined || debit !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['columns', 'amount'], message: 'give either amount, or credit and debit, not both' });
    }
    if (amount === undefined && (credit === undefined || debit === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['columns', credit === undefined ? 'credit' : 'debit'], message: 'give either amount, or both credit and debit' });
    }
    if (mapping.thousandsSeparator === mapping.decimalSeparator) {
      ctx.addIssue({ code: 'custom', path: ['thousandsSeparator'], message: 'the thousands separator must differ from the decimal separator' });
    }
    if (!mapping.headerRow) {
      const named = (path: (string | number)[], column: CsvColumn | undefined) => {
        if (typeof column === 'string') ctx.addIssue({ code: 'custom', path, message: 'a column can be named only when the file has a header row; give its number' });
      };
      for (const [key, column] of Object.entries(mapping.columns)) {
        if (Array.isArray(column)) column.forEach((c, i) => named(['columns', key, i], c));
        else named(['columns', key], column as CsvColumn | undefined);
      }
      if ('column' in mapping.currency) named(['currency', 'column'], mapping.currency.column);
    }
  });

export type CsvMapping = z.infer<typeof csvMappingSchema>;
/** What a caller may send (skipRows may be left out). */
export type CsvMappingInput = z.input<typeof csvMappingSchema>;
