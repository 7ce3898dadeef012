import { openDatabase } from '../../db/client.ts';
import { DomainRefusal } from '../../kernel/errors.ts';
import { systemClock } from '../../kernel/clock.ts';
import { readVouchers } from '../../ledger/ledger.ts';
import { LedgerRefusal } from '../../ledger/types.ts';
import { closeYear, reopenYear, yearEndPreview, type YearEnd } from '../../ledger/year-end.ts';
import { formatMinorPlain } from '../../../shared/money.ts';
import { parseArgs, type Command } from '../io.ts';

/** The balances to carry, one per line: account, name, amount (debit positive). */
function balanceLines(yearEnd: YearEnd): string[] {
  const width = Math.max(10, ...yearEnd.balances.map((b) => b.name.length));
  return yearEnd.balances.map((b) => `  ${b.account}  ${b.name.padEnd(width)}  ${formatMinorPlain(b.closingMinor).padStart(16)}`);
}

export const closeYearCommand: Command = {
  summary: 'Close a fiscal year (result to 2099 by a voucher on 8999, balances carried into the next year, periods locked), '
    + 'preview it, or re-open it with a reason; as POST …/fiscal-years/{year}/close and …/reopen do',
  usage: 'kontera close-year --company <id> --year <yyyy> [--preview | --reopen --reason <text>] [--json]',
  async run(args, io) {
    const { flags } = parseArgs(args, ['json', 'preview', 'reopen']);
    const company = flags.company;
    const year = typeof flags.year === 'string' && /^\d{4}$/.test(flags.year) ? Number(flags.year) : null;
    const reopen = flags.reopen === true;
    if (typeof company !== 'string' || year === null || (reopen && flags.preview === true) || (reopen && typeof flags.reason !== 'string')
      || (!reopen && flags.reason !== undefined)) {
      io.err(`Usage: ${this.usage}`);
      return 2;
    }
    const database = await openDatabase();
    try {
      const actor = 'cli:close-year';
      const yearEnd = flags.preview === true
        ? await yearEndPreview(database.db, company, year)
        : reopen
          ? await reopenYear(database.db, company, year, actor, flags.reason as string, systemClock)
          : await closeYear(database.db, company, year, actor, systemClock);
      if (flags.json) {
        io.out(JSON.stringify(yearEnd, null, 2));
        return 0;
      }
      const [voucher] = yearEnd.act?.voucherId ? await readVouchers(database.db, company, [yearEnd.act.voucherId]) : [];
      const label = voucher ? `${voucher.series} ${voucher.number}` : null;
      const range = `${yearEnd.fiscalYear} (${yearEnd.startDate}..${yearEnd.endDate})`;
      const result = `${formatMinorPlain(yearEnd.resultMinor)} ${Number(yearEnd.resultMinor) < 0 ? '(a loss)' : '(a profit)'}`;
      if (flags.preview === true) {
        io.out(`Fiscal year ${range} is ${yearEnd.status}. Result: ${result}; carried into ${yearEnd.nextFiscalYear ?? '(no next year)'}:`);
        for (const line of balanceLines(yearEnd)) io.out(line);
        if (yearEnd.refusal) io.out(`Cannot ${yearEnd.status === 'closed' ? 're-open' : 'close'} now: ${yearEnd.refusal.message}`);
      } else if (reopen) {
        io.out(`Re-opened fiscal year ${range}: ${label ? `closing voucher reversed by ${label}` : 'no closing voucher to reverse'}; `
          + `opening balances of ${yearEnd.nextFiscalYear} taken back; periods unlocked. Reason: ${yearEnd.act?.reason}`);
      } else {
        io.out(`Closed fiscal year ${range}: result ${result} booked to 2099${label ? ` by ${label}` : ' (zero: no voucher)'}; `
          + `${yearEnd.balances.length} balances carried into ${yearEnd.nextFiscalYear}; periods locked.`);
        for (const line of balanceLines(yearEnd)) io.out(line);
      }
      return 0;
    } catch (error) {
      if (!(error instanceof DomainRefusal) && !(error instanceof LedgerRefusal)) throw error;
      const code = error.code;
      if (flags.json) io.out(JSON.stringify({ error: code, message: error.message, ...(error instanceof DomainRefusal ? error.extra : {}) }, null, 2));
      io.err(`kontera close-year: ${error.message}`);
      return 1;
    } finally {
      database.close();
    }
  },
};
