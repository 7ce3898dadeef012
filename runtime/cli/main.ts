/** The `kontera` command line: one module per command in ./commands. */
import { consoleIo, type Command, type Io } from './io.ts';
import { dryRun } from './commands/dry-run.ts';
import { evalCommand } from './commands/eval.ts';
import { serve } from './commands/serve.ts';
import { validate } from './commands/validate.ts';
import { importBankCommand } from './commands/import-bank.ts';
import { exampleStatementCommand } from './commands/example-statement.ts';
import { importSieCommand } from './commands/import-sie.ts';
import { exportSieCommand } from './commands/export-sie.ts';
import { grantCommand } from './commands/grant.ts';
import { createCompanyCommand } from './commands/create-company.ts';
import { workerCommand } from './commands/worker.ts';
import { reportCommand } from './commands/report.ts';
import { closeYearCommand } from './commands/close-year.ts';
import { vatReturnCommand } from './commands/vat-return.ts';

export const commands: Record<string, Command> = {
  serve,
  worker: workerCommand,
  validate,
  'import-sie': importSieCommand,
  'import-bank': importBankCommand,
  'example-statement': exampleStatementCommand,
  'export-sie': exportSieCommand,
  report: reportCommand,
  'close-year': closeYearCommand,
  'vat-return': vatReturnCommand,
  grant: grantCommand,
  'create-company': createCompanyCommand,
  'dry-run': dryRun,
  eval: evalCommand,
};

export function usage(): string {
  return ['Usage: kontera <command>', '', 'Commands:',
    ...Object.values(commands).flatMap((c) => [`  ${c.usage}`, `      ${c.summary}`]),
    '  kontera help', '      Show this help'].join('\n');
}

export async function main(args: string[], io: Io = consoleIo): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined) { io.err(usage()); return 2; }
  if (name === 'help' || name === '--help' || name === '-h') { io.out(usage()); return 0; }
  const command = Object.prototype.hasOwnProperty.call(commands, name) ? commands[name] : undefined;
  if (!command) { io.err(`kontera: unknown command "${name}"\n\n${usage()}`); return 2; }
  return command.run(rest, io);
}
