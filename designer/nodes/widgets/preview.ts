import { evaluate } from '../../../shared/json-logic/index.ts';
import { formatMinor } from '../../../shared/money.ts';
import type { ConfigExpression } from '../../../shared/nodes/index.ts';
import { t } from '../../i18n/i18n.ts';

export interface Preview { ok: boolean; text: string }

/** Evaluates a rule against the trigger's example event with the shared evaluator the runtime uses. */
export function previewRule(rule: unknown, example: Record<string, unknown> | null, produces: ConfigExpression['produces']): Preview {
  if (!example) return { ok: false, text: t('Add a trigger to preview with its example event') };
  let value: unknown;
  try {
    value = evaluate(rule, { event: example });
  } catch (thrown) {
    return { ok: false, text: t('Cannot evaluate: {message}', { message: (thrown as Error).message }) };
  }
  return { ok: true, text: describeValue(value, produces) };
}

export function describeValue(value: unknown, produces: ConfigExpression['produces']): string {
  if (produces === 'boolean') {
    const truthy = Array.isArray(value) ? value.length > 0 : Boolean(value);
    return typeof value === 'boolean' ? String(value) : t('{value} (counts as {truthy})', { value: JSON.stringify(value), truthy: String(truthy) });
  }
  if (produces === 'amount' && typeof value === 'number' && Number.isSafeInteger(value)) {
    return t('{amount} ({minor} öre)', { amount: formatMinor(value, 'SEK'), minor: value });
  }
  return value === undefined ? t('nothing (undefined)') : JSON.stringify(value);
}
