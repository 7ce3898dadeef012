/**
 * The designer's side of each node type: how its card looks on the canvas.
 * Typed by NodeType, so a node type without a card is a compile error.
 */
import type { Account } from '../../shared/api.ts';
import type { NodeType } from '../../shared/nodes/index.ts';
import type { IconName } from './icons.tsx';
import { describeRule, describeVoucherLines, truncate } from './summary.ts';
import { nodeTexts, t } from '../i18n/i18n.ts';

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
    summary: () => t('Every bank statement line that arrives'),
  },
  'manual-run': {
    icon: 'play',
    summary: () => t('Started by a person, with a date and a note'),
  },
  condition: {
    icon: 'branch',
    summary: (config) => truncate(describeRule(config.expression), summaryLengthMax),
  },
  'match-payment': {
    icon: 'link',
    summary: (config) => {
      const score = typeof config.thresholdScore === 'number' ? config.thresholdScore : 0.8;
      return truncate(config.allowPartial === false
        ? t('Open customer invoices, score ≥ {score}, no partial', { score })
        : t('Open customer invoices, score ≥ {score}, partial ok', { score }), summaryLengthMax);
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
    summary: (config) => truncate(typeof config.reason === 'string' && config.reason ? config.reason : t('No reason given'), summaryLengthMax),
  },
  'supplier-invoice-arrived': {
    icon: 'inbox',
    summary: () => t('Every incoming supplier invoice, with its lines'),
  },
  switch: {
    icon: 'branch',
    summary: (config) => truncate(Array.isArray(config.cases) ? t('{count} case(s) + default', { count: config.cases.length }) : t('No cases yet'), summaryLengthMax),
  },
  schedule: {
    icon: 'clock',
    summary: (config) => truncate(config.mode === 'fiscal'
      ? t('{day} at {time}', {
        day: nodeTexts('schedule')?.fields?.fiscal?.options?.[String(config.fiscal ?? '')] ?? String(config.fiscal ?? '').replace(/_/g, ' '),
        time: String(config.time ?? ''),
      })
      : `cron ${String(config.cron ?? '')}`, summaryLengthMax),
  },
  'webhook-received': {
    icon: 'webhook',
    summary: () => t('Every verified delivery to its webhook endpoint'),
  },
  'for-each': {
    icon: 'flow',
    summary: (config) => truncate(t('each of {items}', { items: describeRule(config.items) }), summaryLengthMax),
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
