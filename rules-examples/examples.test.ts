/**
 * Every example automation validates, and runs its cases (rules-examples/cases/<id>.json)
 * through the engine with the expected trace and vouchers. The same files are
 * loaded into the demo company, so what the README shows is what is tested.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateAutomation } from '../shared/automation/validate.ts';
import { createMatcher, type OpenInvoice } from '../runtime/domains/bank/matching/index.ts';
import { executeRun } from '../runtime/engine/engine.ts';
import type { EngineContext } from '../runtime/engine/types.ts';
import { basAccounts, demoVatCodes } from '../runtime/seed/bas-accounts.ts';

const dir = new URL('./', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

interface Case {
  name: string;
  event: Record<string, unknown>;
  status: string;
  /** when given, the run's reason must equal it */
  reason?: string;
  trace: [string, string | null][];
  vouchers: { date: string; series: string; text: string; lines: [string, number, number][] }[];
}

/** The demo company's chart (runtime/seed/demo.ts): every example is published there at first start. */
const demoChart = {
  accounts: new Map(basAccounts.map(([number]) => [number, { active: true }])),
  vatCodes: new Set(demoVatCodes.map((v) => v.code)),
  series: new Set(['A', 'B', 'C', 'D', 'E']),
  dimensionObjects: new Set(['1:100', '1:200', '1:300', '6:P1', '6:P2']),
};

/**
 * The engine's context; a cases file may give `openInvoices` (the company's open customer
 * invoices, receivables on 1510) for the match-payment node: a fresh matcher per case.
 */
const contextFor = (openInvoices: OpenInvoice[] = []): EngineContext => ({
  clock: { now: () => new Date('2026-11-30T12:00:00Z'), elapsedMs: () => 0 },
  newId: () => 'id',
  logger: { info: () => {}, warn: () => {} },
  ledger: { propose: () => ({ ok: true, ref: 'proposal', index: 0 }) },
  ports: {
    payments: {
      match: async (payment, settings) => ({
        decision: createMatcher(openInvoices, settings).match(payment),
        bookings: new Map(openInvoices.map((i) => [i.invoiceNumber.trim().toUpperCase(), { id: i.invoiceNumber, receivableAccount: '1510' }])),
      }),
    },
  },
});

describe('bank rules', () => {
  const bankRules = files.map((file) => JSON.parse(readFileSync(new URL(file, dir), 'utf8')))
    .filter((document) => document.nodes.some((n: { type: string }) => n.type === 'bank-line-imported'));

  it('book against the line\'s own bank account, never a fixed 19xx account', () => {
    for (const document of bankRules) {
      for (const node of document.nodes.filter((n: { type: string }) => n.type === 'post-voucher')) {
        const accounts = node.config.lines.map((l: { account: unknown }) => l.account);
        expect(accounts.filter((a: unknown) => typeof a === 'string' && a.startsWith('19')), `${document.id}/${node.id}`).toEqual([]);
        expect(accounts, `${document.id}/${node.id}`).toContainEqual({ var: 'event.bankAccount' });
      }
    }
  });

  it('have priorities of their own (no two tie), so the order that books a line once is plain', () => {
    const priorities = bankRules.map((d) => d.priority);
    expect(priorities.every((p) => Number.isInteger(p)), 'every bank rule sets its priority').toBe(true);
    expect(new Set(priorities).size).toBe(priorities.length);
  });
});

describe.each(files)('rules-examples/%s', (file) => {
  const document = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
  const casesFile = new URL(`cases/${file}`, dir);

  it('is a valid automation, also against the demo chart (warnings only for branches left to the inbox)', () => {
    for (const result of [validateAutomation(document), validateAutomation(document, demoChart)]) {
      expect(result.issues.filter((i) => i.code !== 'unconnected_branch')).toEqual([]);
    }
  });

  it('has cases', () => {
    expect(readdirSync(new URL('cases/', dir))).toContain(file);
  });

  // A missing cases file fails "has cases" above instead of the whole file.
  const { cases, openInvoices } = (existsSync(casesFile) ? JSON.parse(readFileSync(casesFile, 'utf8')) : { cases: [] }) as { cases: Case[]; openInvoices?: OpenInvoice[] };
  const context = contextFor(openInvoices);
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
    const parsed = validateAutomation(document).document!;
    const result = await executeRun({ runId: 'run-1', document: parsed, event: testCase.event, eventKey: `test:${testCase.event.id}`, sourceRef: null }, context);
    expect(result.status).toBe(testCase.status);
    if (testCase.reason !== undefined) expect(result.reason).toBe(testCase.reason);
    expect(result.trace.map((s) => [s.nodeId, s.branch])).toEqual(testCase.trace);
    expect(result.vouchers.map((v) => ({
      date: v.date, series: v.series, text: v.text,
      lines: v.lines.map((l) => [l.account, l.debitMinor ?? 0, l.creditMinor ?? 0]),
    }))).toEqual(testCase.vouchers);
  });
});
