export { parseCsvStatement } from './parse-csv-statement.ts';
export { csvMappingSchema, csvColumnSchema, csvDateFormats, csvLimits, type CsvMapping, type CsvMappingInput, type CsvColumn, type CsvDateFormat } from './mapping.ts';
export { parseCsvAmount, parseCsvDate, type AmountResult } from './values.ts';
