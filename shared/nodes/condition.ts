import { z } from 'zod';
import { defineNode } from './descriptor.ts';

export const condition = defineNode({
  type: 'condition',
  version: 1,
  kind: 'condition',
  label: 'Condition',
  description: 'Follows the "true" branch when the JSON Logic expression is truthy, else "false".',
  category: 'Logic',
  configSchema: z.object({
    expression: z.unknown().describe('A JSON Logic expression'),
  }).strict(),
  defaultConfig: { expression: { '==': [1, 1] } },
  outputs: [
    { id: 'true', label: 'true', optional: true },
    { id: 'false', label: 'false', optional: true },
  ],
  form: [
    { key: 'expression', label: 'Condition', widget: 'condition',
      help: 'Build it from the trigger\'s fields, or write JSON Logic: {"<": [{"var": "event.amountMinor"}, 0]}' },
  ],
  expressions: (config) => [{ path: ['expression'], rule: config.expression, produces: 'boolean' }],
});
