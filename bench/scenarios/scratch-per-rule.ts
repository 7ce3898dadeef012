import { LogicEngine } from 'json-logic-engine';
import { compile } from '../../shared/json-logic/index.ts';
import { invoiceRules, invoices } from './json-logic.ts';
const rows = invoices(100_000);
const engine = new LogicEngine();
function time(fn: (d: unknown) => unknown): number {
  let n = 0; for (const r of rows) if (fn(r)) n++;
  const t = performance.now(); let reps = 0;
  do { for (const r of rows) if (fn(r)) n++; reps++; } while (performance.now() - t < 300);
  return (reps * rows.length) / (performance.now() - t) / 1000;
}
invoiceRules.forEach((rule, i) => {
  const a = compile(rule); const b = engine.build(rule as never) as (d: unknown) => unknown;
  console.log(i + 1, 'ours', time(a).toFixed(1), 'M/s  build', time(b).toFixed(1), 'M/s');
});
