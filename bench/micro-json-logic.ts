/**
 * One or more rules of the per-rule set (bench/scenarios/json-logic.ts),
 * ours against json-logic-engine build only, on CPU time: a quick check
 * while working on one shape, and a target for profiling:
 *
 *   npx tsx bench/micro-json-logic.ts "<part of a rule name>"
 *   node --cpu-prof --import tsx bench/micro-json-logic.ts "if: 6"
 *
 * Every rule of the set (and the set scenarios' rules) is compiled and run
 * once first, as in the bench, so the closures' type feedback has seen them all. The figures that count are
 * the bench's (`npm run bench json-logic`).
 */
import { LogicEngine } from 'json-logic-engine';
import { compile } from '../shared/json-logic/index.ts';
import { bankFeesRule, invoiceRules, perRuleSet, plainFinanceForEngine, wideBankLines, wideInvoices } from './scenarios/json-logic.ts';

type Rule = (data: unknown) => unknown;

const pick = process.argv[2] ?? '';
const rows = { invoices: wideInvoices(20_000), 'bank lines': wideBankLines(20_000) };
const engine = new LogicEngine();
plainFinanceForEngine(engine);
// the bench's set scenarios compile these first: the closures' copies are handed out in the same order
for (const rule of [...invoiceRules, bankFeesRule]) compile(rule)({});
const ours: Rule[] = perRuleSet.map((r) => compile(r.rule));
const built: Rule[] = perRuleSet.map((r) => engine.build(r.rule as never) as Rule);
for (let r = 0; r < perRuleSet.length; r++) for (const row of rows[perRuleSet[r].data]) (ours[r](row), built[r](row));

/** CPU microseconds per pass over `data` (two copies: one loop literal per engine). */
function cpuOurs(rule: Rule, data: readonly unknown[]): number {
  const start = process.cpuUsage();
  const t0 = performance.now();
  let passes = 0;
  do {
    for (let i = 0; i < data.length; i++) rule(data[i]);
    passes++;
  } while (performance.now() - t0 < 100);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / passes;
}
function cpuBuilt(rule: Rule, data: readonly unknown[]): number {
  const start = process.cpuUsage();
  const t0 = performance.now();
  let passes = 0;
  do {
    for (let i = 0; i < data.length; i++) rule(data[i]);
    passes++;
  } while (performance.now() - t0 < 100);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / passes;
}

for (let r = 0; r < perRuleSet.length; r++) {
  if (!perRuleSet[r].name.includes(pick)) continue;
  const data = rows[perRuleSet[r].data];
  const ratios: number[] = [];
  for (let round = 0; round < 7; round++) ratios.push(cpuBuilt(built[r], data) / cpuOurs(ours[r], data));
  ratios.sort((a, b) => a - b);
  console.log(`${perRuleSet[r].name.padEnd(30)} ${ratios[3].toFixed(2)}x compiled (rounds: ${ratios.map((x) => x.toFixed(2)).join(' ')})`);
}
