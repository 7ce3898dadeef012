import type { Executor } from '../engine/types.ts';

/** Every trigger starts the walk the same way: the event is the output. */
export const triggerExecutor: Executor<Record<string, never>> = (_ctx, _config, input) => ({ branch: 'out', output: input.event });
