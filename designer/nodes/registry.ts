/**
 * The designer's side of each node type: how its card looks on the canvas.
 * Typed by NodeType, so a node type without a card is a compile error.
 */
import type { Account } from '../../shared/api.ts';
import type { NodeType } from '../../shared/nodes/index.ts';
import type { IconName } from './icons.tsx';
import { describeRule, describeVoucherLines, truncate } from './summary.ts';

export interface CardContext {
  accounts: ReadonlyMap<string, Account>;
}

export interface CardSpec {
  icon: IconName;
  /** One line for the card; `config` is whatever is stored (it may be invalid). */
  summary(config: Record<string, unknown>, context: CardContext): string;
}

const summaryLengthMax = 64;

export const cardRegistry: Record<NodeType, CardSpec> = {
  'bank-line-imported': {
    icon: 'bank',
    summary: () => 'Every bank statement line that arrives',
  },
  'manual-run': {
    icon: 'play',
    summary: () => 'Started by a person, with a date and a note',
  },
  condition: {
    icon: 'branch',
    summary: (config) => truncate(describeRule(config.expression), summaryLengthMax),
  },
  'match-payment': {
    icon: 'link',
    summary: (config) => {
      const threshold = typeof config.thresholdScore === 'number' ? `score ≥ ${config.thresholdScore}` : 'score ≥ 0.8';
      const partial = config.allowPartial === false ? 'no partial' : 'partial ok';
      return truncate(`Open customer invoices, ${threshold}, ${partial}`, summaryLengthMax);
    },
  },
  'post-voucher': {
    icon: 'book',
    summary: (config) => {
      const series = typeof config.series === 'string' && config.series ? `${config.series}: ` : '';
      return truncate(series + describeVoucherLines(config.lines), summaryLengthMax);
    },
  },
  'flag-for-review': {
    icon: 'flag',
    summary: (config) => truncate(typeof config.reason === 'string' && config.reason ? config.reason : 'No reason given', summaryLengthMax),
  },
  'supplier-invoice-arrived': {
    icon: 'inbox',
    summary: () => 'Every incoming supplier invoice, with its lines',
  },
  switch: {
    icon: 'branch',
    summary: (config) => truncate(Array.isArray(config.cases) ? `${config.cases.length} case(s) + default` : 'No cases yet', summaryLengthMax),
  },
  schedule: {
    icon: 'clock',
    summary: (config) => truncate(config.mode === 'fiscal'
      ? `${String(config.fiscal ?? '').replace(/_/g, ' ')} at ${String(config.time ?? '')}`
      : `cron ${String(config.cron ?? '')}`, summaryLengthMax),
  },
  'webhook-received': {
    icon: 'webhook',
    summary: () => 'Every verified delivery to its webhook endpoint',
  },
  'for-each': {
    icon: 'flow',
    summary: (config) => truncate(`each of ${describeRule(config.items)}`, summaryLengthMax),
  },
};

const fallbackSpec: CardSpec = { icon: 'question', summary: () => '' };

/**
 * The card of a node type. Every NodeType has one (the compiler checks), but a
 * type added to shared/ before this build knows it still gets a plain card.
 */
export function cardSpecOf(type: string): CardSpec {
  return (cardRegistry as Record<string, CardSpec | undefined>)[type] ?? fallbackSpec;
}

export function configRecord(config: unknown): Record<string, unknown> {
  return config && typeof config === 'object' && !Array.isArray(config) ? (config as Record<string, unknown>) : {};
}
