import { z } from 'zod';
import { defineNode } from './descriptor.ts';

export const flagForReview = defineNode({
  type: 'flag-for-review',
  version: 1,
  kind: 'action',
  label: 'Flag for review',
  description: 'Puts the event in the exceptions inbox with a reason, for a person to handle.',
  category: 'Review',
  configSchema: z.object({
    reason: z.string().min(1, 'say why a person must look at it').max(500),
  }).strict(),
  defaultConfig: { reason: 'Needs a manual look: {{event.text}}' },
  outputs: [{ id: 'ok', label: 'flagged', optional: true }],
  form: [{ key: 'reason', label: 'Reason shown in the inbox', widget: 'textarea' }],
  expressions: () => [],
});
