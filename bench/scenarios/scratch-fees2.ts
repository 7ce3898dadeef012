import { LogicEngine } from 'json-logic-engine';
import { compile } from '../../shared/json-logic/index.ts';
import { bankLines } from './json-logic.ts';
const rows = bankLines(100_000);
const plain = (t: unknown, p: unknown) => typeof t === 'string' && typeof p === 'string' && t.toLowerCase().includes(p.toLowerCase());
const engine = new LogicEngine();
engine.addMethod('icontains', (a: any) => plain(a[0], a[1]), { deterministic: true });
function time(fn: (d: unknown) => unknown): number {
  let n = 0; for (const r of rows) if (fn(r)) n++;
  const t = performance.now(); let reps = 0;
  do { for (const r of rows) if (fn(r)) n++; reps++; } while (performance.now() - t < 200);
  return (reps * rows.length) / (performance.now() - t) / 1000;
}
const rules: Record<string, unknown> = {
  lt: { '<': [{ var: 'amountMinor' }, 0] },
  ic: { icontains: [{ var: 'text' }, 'avgift'] },
  or: { or: [{ icontains: [{ var: 'text' }, 'avgift'] }, { icontains: [{ var: 'text' }, 'fee'] }] },
};
for (const [name, rule] of Object.entries(rules)) {
  const a = compile(rule); const b = engine.build(rule as never) as (d: unknown) => unknown;
  let ba = 0, bb = 0;
  for (let i = 0; i < 5; i++) { ba = Math.max(ba, time(a)); bb = Math.max(bb, time(b)); }
  console.log(name, 'ours', ba.toFixed(1), 'build', bb.toFixed(1));
}
