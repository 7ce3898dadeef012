import type { Executor } from '../engine/types.ts';

/**
 * Evaluates the list to go through and checks it against `itemsMax`. The
 * engine then walks the body once per item (branch `each`) and continues
 * from `done`; a list that is too long is a kind-2 `loop_limit` failure.
 */
export const forEachExecutor: Executor<{ items: unknown; itemsMax: number }> = (ctx, config, input) => {
  const items = ctx.evaluate(config.items, input);
  if (!Array.isArray(items)) {
    const got = items === null || typeof items !== 'object' ? JSON.stringify(items) : 'an object';
    return { branch: null, error: { code: 'items_not_array', message: `the items expression must give a list, but gave ${got}` } };
  }
  if (items.length > config.itemsMax) {
    return {
      branch: null, input: { count: items.length },
      error: { code: 'loop_limit', message: `${items.length} items is more than the limit of ${config.itemsMax} (itemsMax); nothing was posted` },
    };
  }
  return { branch: 'each', output: { items } };
};
