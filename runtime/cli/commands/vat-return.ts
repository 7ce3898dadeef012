import { writeFileSync } from 'node:fs';
import { openDatabase } from '../../db/client.ts';
import { formatMinorPlain } from '../../../shared/money.ts';
import { vatSections, type VatReturn } from '../../../shared/vat.ts';
import { DomainRefusal } from '../../kernel/errors.ts';
import { systemClock } from '../../kernel/clock.ts';
import { LedgerRefusal } from '../../ledger/types.ts';
import { settleVatReturn, vatReturn, vatReturnCsv } from '../../ledger/vat-return.ts';
import { parseArgs, type Command } from '../io.ts';

const periodPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The return as text in Skatteverket's order: a heading per section, then box, label and whole kronor. */
function returnText(report: VatReturn): string[] {
  const out = [`Momsdeklaration (VAT return) ${report.from}..${report.to}, ${report.companyId}, whole kronor (öre dropped)`];
  let section = '';
  for (const box of report.boxes) {
    if (box.section !== section) {
      section = box.section;
      out.push('', `${section}. ${vatSections[box.section as keyof typeof vatSections].sv}`);
    }
    out.push(`  ${box.box}  ${box.labelSv.padEnd(84)}${String(box.kronor).padStart(14)}`);
  }
  out.push('', `Box 49: ${report.box49Kronor >= 0 ? 'to pay' : 'to get back'} ${Math.abs(report.box49Kronor)} kr; the VAT accounts' exact balance ${formatMinorPlain(report.netVatMinor)}, öre dropped ${formatMinorPlain(report.roundingMinor)}`);
  out.push(report.settlement ? `Settled by voucher ${report.settlement.voucher} (${report.settlement.at.slice(0, 10)}, ${report.settlement.actor})` : 'Not settled');
  if (report.euSalesList.required) {
    out.push('', 'EU sales list (periodisk sammanställning): VAT number, goods, triangulation, services (kr)');
    for (const row of report.euSalesList.rows) out.push(`  ${(row.vatNumber ?? '(no VAT number)').padEnd(16)}${String(row.goodsKronor).padStart(12)}${String(row.triangulationKronor).padStart(12)}${String(row.servicesKronor).padStart(12)}  ${row.customerName ?? ''}`);
  }
  for (const warning of report.warnings) out.push(`Warning: ${warning.message}`);
  return out;
}

export const vatReturnCommand: Command = {
  summary: 'Print the VAT return (momsdeklaration, boxes 05–49) for a month, a quarter or a fiscal year; --settle posts its settlement voucher to 2650',
  usage: 'kontera vat-return --company <id> --from <yyyy-mm> --to <yyyy-mm> [--json|--csv] [--out <file>] [--settle]',
  async run(args, io) {
    const { flags } = parseArgs(args, ['json', 'csv', 'settle']);
    const { company, from, to } = flags;
    if (typeof company !== 'string' || typeof from !== 'string' || typeof to !== 'string' || !periodPattern.test(from) || !periodPattern.test(to)
      || (flags.json === true && flags.csv === true)) {
      io.err(`Usage: ${this.usage}`);
      return 2;
    }
    const database = await openDatabase();
    try {
      if (flags.settle === true) {
        const settled = await settleVatReturn(database.db, company, { fromPeriod: from, toPeriod: to }, 'cli:vat-return', systemClock);
        const { settlement } = settled;
        io.err(`Settled ${settlement.fromDate}..${settlement.toDate}: voucher ${settlement.voucher} on ${settled.voucher.date}, box 49 ${settlement.box49Kronor} kr to 2650`);
      }
      const report = await vatReturn(database.db, company, { fromPeriod: from, toPeriod: to });
      const text = flags.json === true ? JSON.stringify(report, null, 2) : flags.csv === true ? vatReturnCsv(report).replace(/\r\n$/, '') : returnText(report).join('\n');
      if (typeof flags.out === 'string') {
        writeFileSync(flags.out, flags.csv === true ? vatReturnCsv(report) : text, 'utf8');
        io.out(`Wrote ${flags.out}`);
      } else {
        io.out(text);
      }
      return 0;
    } catch (error) {
      if (!(error instanceof DomainRefusal) && !(error instanceof LedgerRefusal)) throw error;
      io.err(`kontera vat-return: ${error.message}`);
      return 1;
    } finally {
      database.close();
    }
  },
};
