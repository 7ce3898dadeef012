import { eq } from 'drizzle-orm';
import { AutomationStore } from '../../automations/store.ts';
import { openDatabase } from '../../db/client.ts';
import { companies } from '../../db/schema.ts';
import { BankLineReceiver } from '../../domains/bank/receive.ts';
import { importStatement } from '../../domains/bank/statements.ts';
import { warmStatementParser } from '../../formats/parse-statement-file.ts';
import { DomainRefusal } from '../../kernel/errors.ts';
import { Runner } from '../../runs/runner.ts';
import { formatMinor } from '../../../shared/money.ts';
import { parseArgs, readInputFile, type Command } from '../io.ts';

export const importBankCommand: Command = {
  summary: 'Import a bank statement file (camt.053/054, BgMax, or CSV with the bank account\'s saved mapping), as POST …/bank-statements does',
  usage: 'kontera import-bank <file> --company <id> [--bank-account <id>] [--json]',
  async run(args, io) {
    const { flags, positional } = parseArgs(args, ['json']);
    const file = positional[0];
    const companyId = flags.company;
    const bankAccount = flags['bank-account'];
    if (!file || typeof companyId !== 'string' || bankAccount === true) { io.err(`Usage: ${this.usage}`); return 2; }
    const bytes = readInputFile(file, io);
    if (!bytes) return 1;
    // a large file's parser thread starts while the database is opened
    warmStatementParser(bytes.byteLength);
    const database = await openDatabase();
    try {
      const [company] = await database.db.select({ id: companies.id }).from(companies).where(eq(companies.id, companyId));
      if (!company) { io.err(`kontera import-bank: company "${companyId}" does not exist`); return 1; }
      // stdout carries the answer only (pino's info lines would break --json); warnings go to stderr
      const logger = { info: () => {}, warn: (message: string, fields?: Record<string, unknown>) => io.err(`warning: ${message} ${JSON.stringify(fields ?? {})}`) };
      const runner = new Runner(database.db, new AutomationStore(database.db), { logger });
      const answer = await importStatement(database.db, new BankLineReceiver(runner), companyId, {
        bytes: new Uint8Array(bytes), bankAccountId: typeof bankAccount === 'string' ? bankAccount : undefined, receivedBy: 'cli:import-bank',
      });
      if (flags.json) {
        io.out(JSON.stringify(answer, null, 2));
      } else {
        io.out(`Imported ${file} (${answer.format}) into company "${companyId}": ${answer.lines} lines, ${answer.new} new, ${answer.duplicates} already imported`
          + `${answer.queued ? ' (the worker runs the automations on the new lines)' : ''}`);
        for (const s of answer.statements) {
          const money = (minor: number) => formatMinor(minor, s.currency);
          io.out(`  statement ${s.statementId} → bank account "${s.bankAccount}": ${s.lines} lines (${s.new} new), in ${money(s.creditMinor)}, out ${money(s.debitMinor)}`
            + `${s.openingMinor !== null ? `, opening ${money(s.openingMinor)}` : ''}${s.closingMinor !== null ? `, closing ${money(s.closingMinor)}` : ''}`);
        }
        io.out(`  original kept: ${answer.originalId} (GET /api/companies/${companyId}/originals/${answer.originalId}/content)`);
        for (const warning of answer.warnings) io.out(`  warning: ${warning}`);
      }
      return 0;
    } catch (error) {
      if (!(error instanceof DomainRefusal)) throw error;
      const refusal = { error: error.code, message: error.message, ...error.extra };
      if (flags.json) io.out(JSON.stringify(refusal, null, 2));
      io.err(`${file}: ${error.code}: ${error.message}`);
      io.err(`${file}: refused; nothing was imported`);
      return 1;
    } finally {
      database.close();
    }
  },
};
