import { readFileSync } from 'node:fs';
import type { ValidationIssue } from '../../../shared/automation/schema.ts';
import { validateAutomation } from '../../../shared/automation/validate.ts';
import type { Command } from '../io.ts';

export function formatIssue(issue: ValidationIssue): string {
  const where = issue.nodeId ? `node "${issue.nodeId}"` : issue.path.join('.') || 'document';
  return `${issue.severity} [${issue.code}] ${where}: ${issue.message}`;
}

export const validate: Command = {
  summary: 'Validate an automation file; exit 1 when it has errors',
  usage: 'kontera validate <automation.json>',
  async run(args, io) {
    const file = args[0];
    if (!file) { io.err(`Usage: ${this.usage}`); return 2; }
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
  },
};
