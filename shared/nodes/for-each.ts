import { z } from 'zod';
import { defineNode } from './descriptor.ts';

/** The most items a for-each may ever run over, whatever its config says. */
export const forEachItemsHardMax = 1000;

/**
 * Runs the nodes after its `each` port (the body) once per item, with
 * `item` and `index` in the data, then continues from `done`. The body is
 * every node reachable from `each`; an iteration ends where a branch leads
 * nowhere. Nothing outside the body may lead into it, and it never leads back.
 */
export const forEach = defineNode({
  type: 'for-each',
  version: 1,
  kind: 'loop',
  label: 'For each',
  description: 'Runs the nodes after "each" once per item of a list (e.g. invoice lines), then continues from "done".',
  category: 'Logic',
  configSchema: z.object({
    items: z.unknown().describe('JSON Logic giving an array, e.g. {"var": "event.lines"}'),
    itemsMax: z.number().int().min(1).max(forEachItemsHardMax, `at most ${forEachItemsHardMax} items`).default(100)
      .describe('More items than this fails the run (loop_limit)'),
  }).strict(),
  defaultConfig: { items: { var: 'event.lines' }, itemsMax: 100 },
  outputs: [
    { id: 'each', label: 'each item', optional: false },
    { id: 'done', label: 'done', optional: true },
  ],
  form: [
    { key: 'items', label: 'Items (JSON Logic giving a list)', widget: 'json-logic',
      help: 'Inside the body read the item with {"var": "item.amountMinor"} and its position with {"var": "index"}' },
    { key: 'itemsMax', label: 'At most this many items', widget: 'json-logic',
      help: `A number up to ${forEachItemsHardMax}; a longer list fails the run with loop_limit` },
  ],
  expressions: (config) => [{ path: ['items'], rule: config.items, produces: 'any' }],
});
