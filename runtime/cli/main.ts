/**
 * kontera serve                      start the server (what `npm start` runs)
 * kontera validate <automation.json> print the errors; exit 1 when invalid
 */
import { readFileSync } from 'node:fs';
import { validateAutomation } from '../../shared/automation/validate.ts';
import type { ValidationIssue } from '../../shared/automation/schema.ts';

const usage = `Usage: kontera <command>

Commands:
  serve                        Start the API and the designer (PORT, LIBSQL_URL)
  validate <automation.json>   Validate an automation; exit 1 when it has errors
  help                         Show this help`;

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

const consoleIo: Io = { out: (l) => console.log(l), err: (l) => console.error(l) };

function formatIssue(issue: ValidationIssue): string {
  const where = issue.nodeId ? `node "${issue.nodeId}"` : issue.path.join('.') || 'document';
  return `${issue.severity === 'error' ? 'error' : 'warning'} [${issue.code}] ${where}: ${issue.message}`;
}

export async function main(args: string[], io: Io = consoleIo): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case 'serve': {
      const { startServer } = await import('../../server.ts');
      await startServer({ log: io.out });
      return 0;
    }
    case 'validate': {
      const file = rest[0];
      if (!file) { io.err('kontera validate: give the automation file, e.g. kontera validate rules-examples/bank-fees.json'); return 2; }
      let document: unknown;
      try {
        document = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        io.err(`${file}: ${(error as Error).message}`);
        return 1;
      }
      const result = validateAutomation(document);
      for (const issue of result.issues) (issue.severity === 'error' ? io.err : io.out)(`${file}: ${formatIssue(issue)}`);
      const errors = result.issues.filter((i) => i.severity === 'error').length;
      const warnings = result.issues.length - errors;
      (errors ? io.err : io.out)(`${file}: ${errors ? 'invalid' : 'valid'} (${errors} error(s), ${warnings} warning(s))`);
      return errors ? 1 : 0;
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out(usage);
      return command === undefined ? 2 : 0;
    default:
      io.err(`kontera: unknown command "${command}"\n\n${usage}`);
      return 2;
  }
}
