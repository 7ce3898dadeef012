import type { Executor } from '../engine/types.ts';
import { interpolate, readPath, templatePaths } from './template.ts';

export const flagForReviewExecutor: Executor<{ reason: string }> = (ctx, config, input) => {
  const reason = interpolate(config.reason, input);
  ctx.flag(reason);
  const paths = templatePaths(config.reason);
  const read = paths.length ? Object.fromEntries(paths.map((path) => [path, readPath(input, path) ?? null])) : undefined;
  return { branch: 'ok', input: read, output: { reason } };
};
