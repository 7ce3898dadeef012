import { readFileSync } from 'node:fs';
import type { AutomationDocument } from '../../../shared/automation/schema.ts';
import { validateAutomation, type ValidationContext } from '../../../shared/automation/validate.ts';
import { formatMinorPlain } from '../../../shared/money.ts';
import { descriptorOf } from '../../../shared/nodes/index.ts';
import { executeRun } from '../../engine/engine.ts';
import type { RunResult } from '../../engine/types.ts';
import { parseArgs, type Command, type Io } from '../io.ts';
import { formatIssue } from './validate.ts';

/** 123450 → "1 234,50" (Swedish grouping, plain spaces, for terminals). */
export function formatAmount(amountMinor: number, currency = 'SEK'): string {
  const [whole, fraction] = formatMinorPlain(amountMinor, currency).split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const grouped = whole.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${sign}${grouped}${fraction === undefined ? '' : `,${fraction}`}`;
}

function readJson(file: string, io: Io): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(readFileSync(file, 'utf8')) };
  } catch (error) {
    io.err(`${file}: ${(error as Error).message}`);
    return { ok: false };
  }
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((row) => row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ').trimEnd());
}

export function printResult(result: RunResult, io: Io, accountNames: ReadonlyMap<string, string> = new Map()): void {
  io.out('Trace:');
  const steps = result.trace.map((s) => [
    `  ${s.nodeId}`, s.nodeType, s.branch ?? '-', `${s.durationMs.toFixed(2)} ms`, s.error ? `${s.error.code}: ${s.error.message}` : '',
  ]);
  for (const line of table([['  node', 'type', 'branch', 'time', 'error'], ...steps])) io.out(line);
  io.out(`Status: ${result.status}${result.reason ? ` (${result.reason})` : ''}`);
  if (result.vouchers.length === 0) {
    io.out('Vouchers: none');
    return;
  }
  io.out(`Vouchers (${result.vouchers.length}, not posted):`);
  for (const voucher of result.vouchers) {
    io.out(`  ${voucher.series} ${voucher.date} ${voucher.text}`);
    const rows = [['account', 'name', 'debit', 'credit'], ...voucher.lines.map((l) => [
      l.account, accountNames.get(l.account) ?? '', l.debitMinor ? formatAmount(l.debitMinor, l.currency) : '',
      l.creditMinor ? formatAmount(l.creditMinor, l.currency) : '',
    ])];
    const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
    const named = accountNames.size > 0;
    for (const row of rows) {
      // text left-aligned, amounts right-aligned under their headings; names only when a company was given
      const name = named ? `${row[1].padEnd(widths[1])}  ` : '';
      io.out(`    ${row[0].padEnd(widths[0])}  ${name}${row[2].padStart(widths[2])}  ${row[3].padStart(widths[3])}`.trimEnd());
    }
  }
}

export const dryRun: Command = {
  summary: 'Run an automation on an event without writing anything: the trace and the vouchers it would post',
  usage: 'kontera dry-run <automation.json> --event <event.json> [--company <id>]',
  async run(args, io) {
    const { flags, positional } = parseArgs(args);
    const file = positional[0];
    const eventFile = flags.event;
    if (!file || typeof eventFile !== 'string') { io.err(`Usage: ${this.usage}`); return 2; }
    const company = typeof flags.company === 'string' ? flags.company : undefined;
    const documentJson = readJson(file, io);
    const eventJson = readJson(eventFile, io);
    if (!documentJson.ok || !eventJson.ok) return 1;

    let database: Awaited<ReturnType<typeof import('../../db/client.ts')['openDatabase']>> | undefined;
    try {
      let context: ValidationContext = {};
      let accountNames = new Map<string, string>();
      if (company) {
        const { openDatabase } = await import('../../db/client.ts');
        const { validationContext } = await import('../../automations/store.ts');
        database = await openDatabase();
        context = await validationContext(database.db, company);
        const { accounts } = await import('../../db/schema.ts');
        const { eq } = await import('drizzle-orm');
        const rows = await database.db.select().from(accounts).where(eq(accounts.companyId, company));
        accountNames = new Map(rows.map((a) => [a.number, a.name]));
      }
      const validation = validateAutomation(documentJson.value, context);
      for (const issue of validation.issues) (issue.severity === 'error' ? io.err : io.out)(`${file}: ${formatIssue(issue)}`);
      if (!validation.ok || !validation.document) {
        io.err(`${file}: invalid, nothing was run`);
        return 1;
      }
      const document: AutomationDocument = validation.document;
      const trigger = document.nodes.map((n) => descriptorOf(n.type)).find((d) => d?.kind === 'trigger');
      const event = trigger?.event?.schema.safeParse(eventJson.value);
      if (!event?.success) {
        for (const issue of event?.error.issues ?? []) {
          io.err(`${eventFile}: ${issue.path.join('.') || 'event'}: ${issue.message} (the "${trigger?.label}" trigger's event)`);
        }
        return 1;
      }
      let result: RunResult;
      if (company && database) {
        const { Runner } = await import('../../runs/runner.ts');
        const { AutomationStore } = await import('../../automations/store.ts');
        result = await new Runner(database.db, new AutomationStore(database.db)).dryRun(company, document, event.data as Record<string, unknown>);
      } else {
        let proposals = 0;
        result = await executeRun({ runId: 'dry-run', document, event: event.data as Record<string, unknown>, eventKey: 'dry-run', sourceRef: null }, {
          clock: { now: () => new Date(), elapsedMs: () => performance.now() },
          newId: () => 'dry-run',
          logger: { info: () => {}, warn: () => {} },
          // No database: the ledger accepts every voucher (the chart is not checked; use --company for that).
          ledger: { propose: () => ({ ok: true, ref: `proposal-${++proposals}` }) },
        });
      }
      printResult(result, io, accountNames);
      return 0;
    } catch (error) {
      io.err(`kontera dry-run: ${(error as Error).message}`);
      return 1;
    } finally {
      database?.close();
    }
  },
};
