import { writeFileSync } from 'node:fs';
import { openDatabase } from '../../db/client.ts';
import { formatMinorPlain } from '../../../shared/money.ts';
import { statementCsv } from '../../ledger/report-csv.ts';
import { balanceSheet, incomeStatement, type Statement } from '../../ledger/statements.ts';
import { LedgerRefusal } from '../../ledger/types.ts';
import { parseArgs, type Command } from '../io.ts';

const periodPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The statement as aligned text: account, label, then one column per figure (blank where there are none). */
function statementText(statement: Statement): string[] {
  const widths = statement.columns.map((c) => Math.max(c.label.length, 16));
  const labelWidth = Math.max(...statement.rows.map((r) => r.label.length + r.level * 2), 10);
  const line = (account: string, label: string, cells: string[]) =>
    `${account.padEnd(6)}${label.padEnd(labelWidth + 2)}${cells.map((c, i) => c.padStart(widths[i] + 2)).join('')}`.trimEnd();
  return [
    `${statement.title} ${statement.fromPeriod}–${statement.toPeriod}, fiscal year ${statement.fiscalYear}` +
      (statement.dimension ? `, dimension ${statement.dimension.dimension} object ${statement.dimension.object} ${statement.dimension.name}` : ''),
    line('', '', statement.columns.map((c) => c.label)),
    ...statement.rows.map((r) => line(r.account ?? '', `${'  '.repeat(r.level)}${r.label}`,
      statement.columns.map((c) => (r.kind === 'section' || r.kind === 'group' || r.amounts[c.key] === null ? '' : formatMinorPlain(r.amounts[c.key]!))))),
  ];
}

export const reportCommand: Command = {
  summary: 'Print a balance sheet or income statement (previous year beside), or write it as CSV for Excel',
  usage: 'kontera report <balance-sheet|income-statement> --company <id> --to <yyyy-mm> [--from <yyyy-mm>] [--dimension <n>:<object>] [--csv] [--out <file>]',
  async run(args, io) {
    const { flags, positional } = parseArgs(args, ['csv']);
    const [kind] = positional;
    const company = flags.company;
    const to = flags.to;
    const from = typeof flags.from === 'string' ? flags.from : to;
    const dimensionMatch = typeof flags.dimension === 'string' ? /^(\d{1,2}):([^:]{1,40})$/.exec(flags.dimension) : null;
    if ((kind !== 'balance-sheet' && kind !== 'income-statement') || typeof company !== 'string' || typeof to !== 'string'
      || typeof from !== 'string' || !periodPattern.test(to) || !periodPattern.test(from) || (flags.dimension !== undefined && !dimensionMatch)) {
      io.err(`Usage: ${this.usage}`);
      return 2;
    }
    const dimension = dimensionMatch ? { dimension: Number(dimensionMatch[1]), object: dimensionMatch[2] } : undefined;
    const database = await openDatabase();
    try {
      const statement = kind === 'balance-sheet'
        ? await balanceSheet(database.db, company, { toPeriod: to, dimension })
        : await incomeStatement(database.db, company, { fromPeriod: from, toPeriod: to, dimension });
      if (flags.csv === true || typeof flags.out === 'string') {
        const csv = statementCsv(statement);
        if (typeof flags.out === 'string') {
          writeFileSync(flags.out, csv, 'utf8');
          io.out(`Wrote ${flags.out}: ${statement.rows.length} rows`);
        } else {
          io.out(csv.replace(/\r\n$/, ''));
        }
      } else {
        for (const text of statementText(statement)) io.out(text);
      }
      return 0;
    } catch (error) {
      if (!(error instanceof LedgerRefusal)) throw error;
      io.err(`kontera report: ${error.message}`);
      return 1;
    } finally {
      database.close();
    }
  },
};
