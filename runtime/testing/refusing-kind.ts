/**
 * For the run tests: an effect kind that refuses at commit (an
 * `EffectRefusal`, as a period locked meanwhile does) the runs of the bank
 * lines named, and otherwise commits as the real one.
 */
import { EffectRefusal, type EffectKind } from '../kernel/effects.ts';

export function refusingKind<V>(real: EffectKind<V>, lineIds: ReadonlySet<string>, code: string, message: (lineId: string) => string): EffectKind<V> {
  return {
    ...real,
    async commit(ctx, items) {
      for (const { run } of items) {
        const lineId = run.sourceRef?.slice('bank-line:'.length) ?? '';
        if (lineIds.has(lineId)) throw new EffectRefusal(code, message(lineId));
      }
      await real.commit(ctx, items);
    },
  };
}
