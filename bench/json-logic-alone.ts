/**
 * Child process of the per-rule JSON Logic scenario (bench/scenarios/json-logic.ts):
 * times rule <index> of perRuleSet alone, in this fresh process, and sends
 * its ratios to the parent. Also usable by hand:
 *
 *   npx tsx bench/json-logic-alone.ts 14
 */
import { formatRatios, perRuleSet, timeRuleAlone } from './scenarios/json-logic.ts';

const index = Number(process.argv[2]);
if (!Number.isInteger(index) || index < 0 || index >= perRuleSet.length) {
  throw new Error(`usage: json-logic-alone.ts <rule index 0…${perRuleSet.length - 1}>, got "${process.argv[2]}"`);
}
const ratios = await timeRuleAlone(index);
if (process.send) process.send(ratios, () => process.disconnect());
else console.log(formatRatios([], [ratios]));
