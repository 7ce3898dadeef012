import type { Executor } from '../engine/types.ts';
import { interpolate } from './template.ts';

export const flagForReviewExecutor: Executor<{ reason: string }> = (ctx, config, input) => {
  const reason = interpolate(config.reason, input);
  ctx.flag(reason);
  return { branch: 'ok', output: { reason } };
};
