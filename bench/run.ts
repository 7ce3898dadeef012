/**
 * `npm run bench [filter]`: runs every scenario in bench/scenarios/ (or those
 * whose file name contains the filter) and prints one table of ratios.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { printResults, type Scenario, type ScenarioResult } from './harness.ts';

// The runtime's info logs ("batch finished" for every batch of a 100k run, from the decider thread too) would bury the
// table: warnings and errors only, unless LOG_LEVEL says otherwise (set before the scenarios load the runtime).
process.env.LOG_LEVEL ??= 'warn';

const dir = fileURLToPath(new URL('./scenarios/', import.meta.url));
const filter = process.argv[2] ?? '';
const files = readdirSync(dir).filter((f) => f.endsWith('.ts') && f.includes(filter)).sort();
const all: ScenarioResult[] = [];
for (const file of files) {
  const mod = (await import(pathToFileURL(dir + file).href)) as { default: Scenario[] };
  for (const scenario of mod.default) {
    console.error(`running ${scenario.name} …`);
    all.push(...(await scenario.run()));
  }
}
printResults(all);
