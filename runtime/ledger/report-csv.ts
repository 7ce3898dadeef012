/**
 * Reports as CSV files the way Swedish Excel opens them with a double click:
 * UTF-8 with a byte order mark (so å, ä, ö survive), semicolon-separated
 * (Excel's list separator in the sv-SE locale), CRLF line ends, amounts with
 * a decimal comma and no thousands separator ("-1234,50"), dates as
 * YYYY-MM-DD. A field holding ; " or a line break is quoted, quotes doubled
 * (RFC 4180). A text field that starts with = + - @ or a tab is prefixed with
 * an apostrophe so that a spreadsheet does not run it as a formula
 * (OWASP "CSV injection"); amounts are never prefixed.
 */
import { formatMinorPlain, type ReportMinor } from '../../shared/money.ts';
import type { Statement } from './statements.ts';
import type { TrialBalance, GeneralLedgerEntry, AgeingBucket } from './reports.ts';

export const csvContentType = 'text/csv; charset=utf-8';
const bom = '\uFEFF';

/** A cell: text, an amount in minor units, a plain integer, or empty. */
export type CsvCell = { text: string } | { minor: ReportMinor | bigint | null; currency?: string } | { integer: number } | null;

const text = (value: string | null | undefined): CsvCell => ({ text: value ?? '' });
const amount = (minor: ReportMinor | bigint | null, currency = 'SEK'): CsvCell => ({ minor, currency });

function quote(field: string): string {
  return /[";\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

function cellText(cell: CsvCell): string {
  if (cell === null) return '';
  if ('text' in cell) return quote(/^[=+\-@\t\r]/.test(cell.text) ? `'${cell.text}` : cell.text);
  if ('integer' in cell) return String(cell.integer);
  if (cell.minor === null) return '';
  return formatMinorPlain(cell.minor, cell.currency).replace('.', ',');
}

/** The file's text: BOM, a header row and the rows, CRLF-terminated. */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  return bom + [header.map((h) => cellText(text(h))), ...rows.map((r) => r.map(cellText))].map((r) => r.join(';') + '\r\n').join('');
}

/** A file name safe in a Content-Disposition header: letters, digits, dot, dash, underscore. */
export function csvFileName(...parts: string[]): string {
  return `${parts.join('-').normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9._-]+/g, '_')}.csv`;
}

export function statementCsv(statement: Statement, currency = 'SEK'): string {
  return toCsv(['Konto', 'Benämning', ...statement.columns.map((c) => c.label)],
    statement.rows.map((row) => [
      text(row.account ?? ''), text(row.label),
      ...statement.columns.map((c) => (row.kind === 'section' || row.kind === 'group' ? null : amount(row.amounts[c.key] ?? null, currency))),
    ]));
}

export function trialBalanceCsv(report: TrialBalance, currency = 'SEK'): string {
  return toCsv(['Konto', 'Benämning', 'Ingående balans', 'Debet', 'Kredit', 'Utgående balans'], [
    ...report.rows.map((r) => [text(r.account), text(r.name), amount(r.openingMinor, currency), amount(r.debitMinor, currency),
      amount(r.creditMinor, currency), amount(r.closingMinor, currency)]),
    [null, text('Summa'), amount(report.totals.openingMinor, currency), amount(report.totals.debitMinor, currency),
      amount(report.totals.creditMinor, currency), amount(report.totals.closingMinor, currency)],
  ]);
}

export function generalLedgerCsv(report: { account: string; name: string; from: string; to: string; openingMinor: ReportMinor; closingMinor: ReportMinor; entries: GeneralLedgerEntry[] },
  currency = 'SEK'): string {
  return toCsv(['Datum', 'Verifikation', 'Text', 'Radtext', 'Debet', 'Kredit', 'Saldo'], [
    [text(report.from), null, text(`Ingående saldo ${report.account} ${report.name}`), null, null, null, amount(report.openingMinor, currency)],
    ...report.entries.map((e) => [text(e.date), text(`${e.series}${e.number}`), text(e.text), text(e.lineText ?? ''),
      amount(e.debitMinor, currency), amount(e.creditMinor, currency), amount(e.balanceMinor, currency)]),
    [text(report.to), null, text(`Utgående saldo ${report.account} ${report.name}`), null, null, null, amount(report.closingMinor, currency)],
  ]);
}

const bucketLabels: Record<AgeingBucket, string> = {
  not_due: 'Ej förfallen', d0_30: '1–30 dagar', d31_60: '31–60 dagar', d61_90: '61–90 dagar', over_90: 'Över 90 dagar',
};

export function openItemsCsv(report: { kind: 'ar' | 'ap'; asOf: string; items: { counterpartyId: string; counterpartyName: string; invoiceNumber: string;
  invoiceDate: string; dueDate: string; daysOverdue: number; bucket: AgeingBucket; currency: string; totalMinor: number; openMinor: number; ocrReference: string | null }[] }): string {
  return toCsv([report.kind === 'ar' ? 'Kundnr' : 'Leverantörsnr', report.kind === 'ar' ? 'Kund' : 'Leverantör', 'Fakturanr', 'OCR',
    'Fakturadatum', 'Förfallodatum', 'Dagar förfallen', 'Ålder', 'Valuta', 'Fakturabelopp', 'Öppet belopp'],
  report.items.map((i) => [text(i.counterpartyId), text(i.counterpartyName), text(i.invoiceNumber), text(i.ocrReference ?? ''),
    text(i.invoiceDate), text(i.dueDate), { integer: i.daysOverdue }, text(bucketLabels[i.bucket]), text(i.currency),
    amount(i.totalMinor, i.currency), amount(i.openMinor, i.currency)]));
}
