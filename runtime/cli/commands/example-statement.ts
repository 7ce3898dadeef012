import { writeFileSync } from 'node:fs';
import { openDatabase } from '../../db/client.ts';
import { exampleStatement } from '../../domains/bank/example-statement.ts';
import { DomainRefusal } from '../../kernel/errors.ts';
import { parseArgs, type Command } from '../io.ts';

export const exampleStatementCommand: Command = {
  summary: "Write an example camt.053 statement made from the company's open invoices (as GET …/bank-statements/example), to import with import-bank",
  usage: 'kontera example-statement --company <id> [--bank-account <id>] [--out <file>]',
  async run(args, io) {
    const { flags } = parseArgs(args);
    const bankAccount = flags['bank-account'];
    if (typeof flags.company !== 'string' || bankAccount === true || flags.out === true) { io.err(`Usage: ${this.usage}`); return 2; }
    const database = await openDatabase();
    try {
      const example = await exampleStatement(database.db, flags.company, { bankAccountId: typeof bankAccount === 'string' ? bankAccount : undefined, now: new Date() });
      const out = typeof flags.out === 'string' ? flags.out : example.filename;
      writeFileSync(out, example.bytes);
      io.out(`Wrote ${out}: statement ${example.statementId} for bank account "${example.bankAccountId}", ${example.entries} lines:`);
      for (const what of example.contents) io.out(`  - ${what}`);
      io.out(`Import it with: kontera import-bank ${out} --company ${flags.company}`);
      return 0;
    } catch (error) {
      if (!(error instanceof DomainRefusal)) throw error;
      io.err(`kontera example-statement: ${error.message}`);
      return 1;
    } finally {
      database.close();
    }
  },
};
