import { writeFileSync } from 'node:fs';
import { openDatabase } from '../../db/client.ts';
import { exportSie } from '../../ledger/sie.ts';
import { LedgerRefusal } from '../../ledger/types.ts';
import { parseArgs, type Command } from '../io.ts';

export const exportSieCommand: Command = {
  summary: "Export a company's fiscal year as SIE 4E (CP437, with #KSUMMA)",
  usage: 'kontera export-sie --company <id> --year <yyyy> [--out <file>]',
  async run(args, io) {
    const { flags } = parseArgs(args);
    const year = Number(flags.year);
    if (typeof flags.company !== 'string' || !Number.isInteger(year)) { io.err(`Usage: ${this.usage}`); return 2; }
    const database = await openDatabase();
    try {
      const { bytes, document } = await exportSie(database.db, flags.company, year);
      const out = typeof flags.out === 'string' ? flags.out : `${flags.company}-${year}.se`;
      writeFileSync(out, bytes);
      io.out(`Wrote ${out}: ${document.accounts.length} accounts, ${document.vouchers.length} vouchers`);
      return 0;
    } catch (error) {
      if (!(error instanceof LedgerRefusal)) throw error;
      io.err(`kontera export-sie: ${error.message}`);
      return 1;
    } finally {
      database.close();
    }
  },
};
