import { z } from 'zod';
import { defineNode, type ConfigExpression } from './descriptor.ts';

export const voucherLineTemplateSchema = z.object({
  account: z.string().regex(/^\d{4}$/, 'must be a 4-digit BAS account'),
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
    { key: 'lines', label: 'Lines', widget: 'voucher-lines',
      help: 'Amounts are JSON Logic in öre; leave one amount empty to take the balancing remainder' },
  ],
  expressions: (config) => {
    const out: ConfigExpression[] = [{ path: ['date'], rule: config.date, produces: 'date' }];
    config.lines.forEach((line, index) => {
      if (line.amount !== null && line.amount !== undefined) {
        out.push({ path: ['lines', index, 'amount'], rule: line.amount, produces: 'amount' });
      }
    });
    return out;
  },
});
