import { basename } from 'node:path';
import { openDatabase } from '../../db/client.ts';
import { importSie, SieImportRefused } from '../../ledger/sie.ts';
import { parseArgs, readInputFile, type Command } from '../io.ts';

export const importSieCommand: Command = {
  summary: 'Import a SIE 4 file (4E/4I) into a new or an existing company',
  usage: 'kontera import-sie <file> [--company <id>] [--strict] [--json]',
  async run(args, io) {
    const { flags, positional } = parseArgs(args, ['json', 'strict']);
    const file = positional[0];
    if (!file) { io.err(`Usage: ${this.usage}`); return 2; }
    const bytes = readInputFile(file, io);
    if (!bytes) return 1;
    const database = await openDatabase();
    try {
      const summary = await importSie(database.db, bytes, {
        companyId: typeof flags.company === 'string' ? flags.company : undefined, fileName: basename(file), actor: 'cli:import-sie',
        strict: flags.strict === true,
      });
      if (flags.json) {
        io.out(JSON.stringify(summary, null, 2));
      } else {
        io.out(`Imported ${file} into company "${summary.companyId}"${summary.created ? ' (new)' : ''}:`);
        io.out(`  accounts: ${summary.accounts} (${summary.accountsCreated} new), vouchers: ${summary.vouchers}` +
          `${summary.vouchersReplayed ? ` (${summary.vouchersReplayed} already imported)` : ''}, lines: ${summary.lines}, opening balances: ${summary.openingBalances}`);
        io.out(`  original kept: ${summary.originalId} (the file's exact bytes; GET /api/companies/${summary.companyId}/originals/${summary.originalId}/content)`);
        for (const warning of summary.warnings.slice(0, 20)) io.out(`  warning${warning.line ? ` (line ${warning.line})` : ''}: ${warning.message}`);
        if (summary.warnings.length > 20) io.out(`  … and ${summary.warnings.length - 20} more warnings`);
      }
      return 0;
    } catch (error) {
      if (!(error instanceof SieImportRefused)) throw error;
      if (flags.json) io.out(JSON.stringify({ refused: true, errors: error.errors }, null, 2));
      for (const e of error.errors) io.err(`${file}${e.line ? `:${e.line}` : ''}: ${e.code}: ${e.message}`);
      io.err(`${file}: refused; nothing was imported`);
      return 1;
    } finally {
      database.close();
    }
  },
};
