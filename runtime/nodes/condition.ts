import type { Executor } from '../engine/types.ts';

function truthy(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : Boolean(value);
}

export const conditionExecutor: Executor<{ expression: unknown }> = (ctx, config, input) => {
  const value = ctx.evaluate(config.expression, input);
  return { branch: truthy(value) ? 'true' : 'false', output: { value: value ?? null } };
};
