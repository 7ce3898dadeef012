import type { SwitchCase } from '../../shared/nodes/switch.ts';
import { truthy } from '../../shared/json-logic/index.ts';
import type { Executor } from '../engine/types.ts';

/** The first case whose expression is truthy names the branch; none → "default". */
export const switchExecutor: Executor<{ cases: SwitchCase[] }> = (ctx, config, input) => {
  for (const c of config.cases) {
    if (truthy(ctx.evaluate(c.expression, input))) return { branch: c.id, output: { case: c.id } };
  }
  return { branch: 'default', output: { case: null } };
};
