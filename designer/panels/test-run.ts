/**
 * Testing a draft without side effects: the pure parts. The event to test on
 * (the trigger's example, a recent bank line, the event of an earlier run),
 * and the dry run's answer as people read it — the vouchers it would post
 * with account names, and a payment decision of the match-payment node.
 * The run itself is the runtime's (`POST …/automations/dry-run`): one engine.
 */
import type { Account, BankLineListItem, RunStatus } from '../../shared/api.ts';
import { formatMinor } from '../format.ts';
import { msg } from '../i18n/i18n.ts';

/** A bank line from the list as the event its automations see (the fields every line has; see bankLineOf in the runtime). */
export function bankLineEvent(line: BankLineListItem): Record<string, unknown> {
  return {
    id: line.id, bookingDate: line.bookingDate, amountMinor: line.amountMinor, currency: line.currency, text: line.text,
    reference: line.reference, counterparty: line.counterparty, bankAccount: line.bankAccount,
  };
}

/** "AVGIFT BANKGIRO, −25,00 kr, 2026-11-30" — an event in short. */
export function describeEvent(event: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of ['text', 'supplierName', 'invoiceNumber', 'note']) if (typeof event[key] === 'string' && event[key]) parts.push(String(event[key]));
  for (const key of ['amountMinor', 'totalMinor']) {
    const value = event[key];
    if (typeof value === 'number' && Number.isSafeInteger(value)) parts.push(formatMinor(value, typeof event.currency === 'string' ? event.currency : 'SEK'));
  }
  for (const key of ['bookingDate', 'invoiceDate', 'date']) if (typeof event[key] === 'string') { parts.push(String(event[key])); break; }
  return parts.join(', ');
}

/** The event in the editor's text: an object, or why it is not one. */
export function parseEvent(text: string): { event: Record<string, unknown> } | { error: string } {
  let value: unknown;
  try { value = JSON.parse(text); } catch (thrown) { return { error: `Not valid JSON: ${(thrown as Error).message}` }; }
  return value && typeof value === 'object' && !Array.isArray(value)
    ? { event: value as Record<string, unknown> }
    : { error: 'The event must be a JSON object: { … }' };
}

/** A test says what a real run would do. */
export const wouldLabel: Record<RunStatus, string> = {
  posted: msg('Would post'), no_match: msg('No match: would post nothing'), flagged: msg('Would flag for review'), failed: msg('Would fail'), dry_run: msg('Dry run'),
};

export interface VoucherLineShown { account: string; accountName: string | null; debitMinor: number; creditMinor: number; currency: string; text: string | null }
export interface VoucherShown { date: string; series: string; text: string; lines: VoucherLineShown[]; debitMinor: number; creditMinor: number }

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const minor = (value: unknown): number => (typeof value === 'number' && Number.isSafeInteger(value) ? value : 0);
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The dry run's vouchers (the ledger's drafts) with account names and their totals; what is not a draft is left out. */
export function vouchersShown(vouchers: readonly unknown[], accounts: readonly Pick<Account, 'number' | 'name'>[]): VoucherShown[] {
  const names = new Map(accounts.map((a) => [a.number, a.name]));
  return vouchers.map(record).filter((v) => Array.isArray(v.lines)).map((v) => {
    const lines = (v.lines as unknown[]).map(record).map((l): VoucherLineShown => ({
      account: String(l.account ?? ''), accountName: names.get(String(l.account ?? '')) ?? null,
      debitMinor: minor(l.debitMinor), creditMinor: minor(l.creditMinor), currency: text(l.currency) ?? 'SEK', text: text(l.text),
    }));
    return {
      date: text(v.date) ?? '', series: text(v.series) ?? '', text: text(v.text) ?? '', lines,
      debitMinor: lines.reduce((sum, l) => sum + l.debitMinor, 0), creditMinor: lines.reduce((sum, l) => sum + l.creditMinor, 0),
    };
  });
}

export interface PaymentDecisionShown {
  kind: string;
  /** "Matched", "Partly paid", … */
  label: string;
  score: number;
  reasons: string[];
  exceptionReason: string | null;
  allocations: { invoiceNumber: string; customerNo: string | null; amountMinor: number }[];
  excessMinor: number | null;
  remainingMinor: number | null;
  candidates: { invoiceNumber: string; customerName: string; openMinor: number; currency: string; score: number; reasons: string[] }[];
}

const decisionLabels: Record<string, string> = {
  matched: msg('Matched'), partial: msg('Partly paid'), overpaid: msg('Overpaid'), multi: msg('Several invoices'), exception: msg('Not matched'),
};

/** The match-payment node's output (a payment decision), when a step's output is one. */
export function paymentDecisionOf(output: unknown): PaymentDecisionShown | null {
  const o = record(output);
  if (typeof o.kind !== 'string' || !(o.kind in decisionLabels) || !Array.isArray(o.allocations) || !Array.isArray(o.candidates)) return null;
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((r): r is string => typeof r === 'string') : []);
  return {
    kind: o.kind,
    label: decisionLabels[o.kind],
    score: typeof o.score === 'number' ? o.score : 0,
    reasons: strings(o.reasons),
    exceptionReason: text(o.exceptionReason),
    allocations: o.allocations.map(record).map((a) => ({ invoiceNumber: String(a.invoiceNumber ?? ''), customerNo: text(a.customerNo), amountMinor: minor(a.amountMinor) })),
    excessMinor: typeof o.excessMinor === 'number' ? o.excessMinor : null,
    remainingMinor: typeof o.remainingMinor === 'number' ? o.remainingMinor : null,
    candidates: o.candidates.map(record).map((c) => ({
      invoiceNumber: String(c.invoiceNumber ?? ''), customerName: text(c.customerName) ?? '', openMinor: minor(c.openMinor),
      currency: text(c.currency) ?? 'SEK', score: typeof c.score === 'number' ? c.score : 0, reasons: strings(c.reasons),
    })),
  };
}

/** The draft without where its cards sit: moving a card does not call for a new test. */
export function structureKey(document: { nodes: readonly ({ position: unknown } & Record<string, unknown>)[] }): string {
  return JSON.stringify({ ...document, nodes: document.nodes.map((n) => ({ ...n, position: null })) });
}
