import { z } from 'zod';
import { defineNode, type ConfigExpression } from './descriptor.ts';

/** A fixed account of the chart: four digits, e.g. "6570". Empty (a new node's line) asks for one to be chosen. */
export const fixedAccountSchema = z.string().regex(/^\d{4}$/, {
  error: (issue) => (issue.input === '' ? 'no account chosen: choose the line\'s account' : 'must be a 4-digit BAS account'),
});

/**
 * A voucher line's account: a fixed account ("6570"), or a JSON Logic
 * expression that gives one when the node runs, e.g. the bank line's own
 * account `{"var": "event.bankAccount"}`. The expression is an operation (an
 * object with one operator); what it gives is checked at run time (four
 * digits, an active account of the chart).
 */
export const accountTemplateSchema = z.union([
  fixedAccountSchema,
  z.record(z.string(), z.unknown()).refine((rule) => Object.keys(rule).length === 1,
    'an account expression is one JSON Logic operation, e.g. {"var": "event.bankAccount"}'),
], { error: 'must be a 4-digit BAS account ("1930") or a JSON Logic expression giving one ({"var": "event.bankAccount"})' });
export type AccountTemplate = z.infer<typeof accountTemplateSchema>;

/** Whether a line's account is an expression (else a fixed account number). */
export function isAccountExpression(account: unknown): account is Record<string, unknown> {
  return account !== null && typeof account === 'object' && !Array.isArray(account);
}

/** How a line's account reads to a person: "6570", or the expression ("event.bankAccount" for a plain var). */
export function describeAccount(account: unknown): string {
  if (typeof account === 'string') return account;
  if (isAccountExpression(account) && Object.keys(account).length === 1 && 'var' in account) {
    const path = Array.isArray(account.var) ? account.var[0] : account.var;
    if (typeof path === 'string') return path;
  }
  return JSON.stringify(account) ?? String(account);
}

export const voucherLineTemplateSchema = z.object({
  /** a fixed account, or JSON Logic giving one when the node runs (see accountTemplateSchema) */
  account: accountTemplateSchema,
  side: z.enum(['debit', 'credit']),
  /**
   * JSON Logic giving the amount in minor units (must be a non-negative integer
   * when it runs), or null for the line that takes the balancing remainder.
   */
  amount: z.unknown().nullable(),
  vatCode: z.string().max(20).optional(),
  dimensions: z.record(z.string(), z.string()).optional(),
  text: z.string().max(200).optional(),
}).strict();
export type VoucherLineTemplate = z.infer<typeof voucherLineTemplateSchema>;

export const postVoucher = defineNode({
  type: 'post-voucher',
  version: 1,
  kind: 'action',
  label: 'Post voucher',
  description: 'Posts one balanced voucher to the ledger from a template of lines.',
  category: 'Ledger',
  configSchema: z.object({
    series: z.string().regex(/^[A-Z]{1,2}$/, 'must be a voucher series letter such as E').default('E'),
    text: z.string().max(200).default('{{event.text}}'),
    date: z.unknown().default({ var: 'event.bookingDate' }),
    lines: z.array(voucherLineTemplateSchema).min(2, 'a voucher needs at least two lines').max(50),
    /**
     * Who the business event was with (BFL 5:7). Left out or '': the event's own — a bank line's
     * counterparty, an invoice's supplier or customer (defaultCounterparty below). A text is a
     * template ("{{event.text}}", "Telia Sverige AB"); an object is JSON Logic giving a name or
     * { name, id }; null, or a blank result: no counterparty.
     */
    counterparty: z.unknown().optional(),
  }).strict(),
  defaultConfig: {
    series: 'E',
    text: '{{event.text}}',
    date: { var: 'event.bookingDate' },
    lines: [
      { account: '6570', side: 'debit', amount: { abs: { var: 'event.amountMinor' } } },
      { account: '1930', side: 'credit', amount: null },
    ],
  },
  outputs: [
    { id: 'ok', label: 'posted', optional: true },
    { id: 'error', label: 'refused', optional: true },
  ],
  form: [
    { key: 'series', label: 'Voucher series', widget: 'series', help: 'E is the automation series' },
    { key: 'text', label: 'Voucher text', widget: 'text', help: 'Use {{event.text}} to insert an event field' },
    { key: 'date', label: 'Voucher date (JSON Logic)', widget: 'json-logic' },
    { key: 'counterparty', label: 'Counterparty', widget: 'text', placeholder: 'From the event',
      help: 'Who the business event was with (BFL 5:7). Empty: the bank line\'s counterparty, or the invoice\'s supplier or customer. Use {{event.…}} to insert an event field' },
    { key: 'lines', label: 'Lines', widget: 'voucher-lines',
      help: 'Amounts are JSON Logic in öre; leave one amount empty to take the balancing remainder. '
        + 'An account is fixed, or JSON Logic giving one, e.g. {"var": "event.bankAccount"} for the bank line\'s own account' },
  ],
  expressions: (config) => {
    const out: ConfigExpression[] = [{ path: ['date'], rule: config.date, produces: 'date' }];
    if (config.counterparty !== undefined && config.counterparty !== null && typeof config.counterparty === 'object') {
      out.push({ path: ['counterparty'], rule: config.counterparty, produces: 'any' });
    }
    config.lines.forEach((line, index) => {
      if (isAccountExpression(line.account)) {
        out.push({ path: ['lines', index, 'account'], rule: line.account, produces: 'any' });
      }
      if (line.amount !== null && line.amount !== undefined) {
        out.push({ path: ['lines', index, 'amount'], rule: line.amount, produces: 'amount' });
      }
    });
    return out;
  },
});

/**
 * The counterparty a voucher takes from its event when the node does not say
 * (BFL 5:7): a bank line's `counterparty`; a supplier invoice's supplier
 * (`supplierName`, `supplierId`); a customer invoice's customer
 * (`customerName`, `customerId`). Null when the event names none.
 */
export function defaultCounterparty(event: Record<string, unknown> | null | undefined): { name: string; id: string | null } | null {
  if (!event || typeof event !== 'object') return null;
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
  const idOf = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? text(String(value)) : null);
  const pairs: [unknown, unknown][] = [[event.counterparty, null], [event.supplierName, event.supplierId], [event.customerName, event.customerId]];
  for (const [name, id] of pairs) {
    const found = text(name);
    if (found) return { name: found, id: idOf(id) };
  }
  return null;
}
