/**
 * JSON Logic throughput: Kontera's closure compiler vs json-logic-js (the
 * reference interpreter) and json-logic-engine (interpreted, and compiled,
 * which generates JavaScript code; fine for a baseline, never for us).
 * All engines must agree on every result before anything is timed. Engines
 * are timed in interleaved rounds (see compareEngines).
 */
import jsonLogic from 'json-logic-js';
import { LogicEngine } from 'json-logic-engine';
import { formatOps, measure, type Measurement, type Scenario, type ScenarioResult, prng } from '../harness.ts';
import { compile } from '../../shared/json-logic/index.ts';

const invoiceCount = 100_000;
const bankLineCount = 100_000;


interface Invoice {
  total: { amountMinor: number; currency: string };
  supplier: { name: string; country: string };
  lines: { account: string; amountMinor: number; vatCode: string }[];
  dueDate: string;
  issueDate: string;
}

const suppliers = ['Telia Sverige AB', 'Vattenfall AB', 'Telenor ASA', 'Fortum Oyj', 'ACME Ltd', 'Ikea AB', 'Staples GmbH', 'Elisa Oyj'];
const countries = ['SE', 'SE', 'SE', 'NO', 'DK', 'FI', 'DE', 'GB', 'US', 'IS'];
const accounts = ['4010', '5410', '6212', '6110', '6540', '5611'];
const vatCodes = ['MP1', 'MP1', 'MP2', 'MP3', 'MF', 'IP'];
const currencies = ['SEK', 'SEK', 'SEK', 'EUR', 'NOK', 'USD'];

function isoDate(dayOfYear: number): string {
  return new Date(Date.UTC(2026, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
}

export function invoices(count: number): Invoice[] {
  const random = prng(20260501);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const out: Invoice[] = [];
  for (let i = 0; i < count; i++) {
    const lines = Array.from({ length: 1 + Math.floor(random() * 5) }, () => ({
      account: pick(accounts),
      amountMinor: Math.floor(random() * 2_000_000) - 100_000,
      vatCode: pick(vatCodes),
    }));
    const issue = Math.floor(random() * 120);
    out.push({
      total: { amountMinor: lines.reduce((sum, line) => sum + line.amountMinor, 0), currency: pick(currencies) },
      supplier: { name: pick(suppliers), country: pick(countries) },
      lines,
      issueDate: isoDate(issue),
      dueDate: isoDate(issue + 10 + Math.floor(random() * 50)),
    });
  }
  return out;
}

/** Ten finance rules in standard JSON Logic, so every engine can run them. */
export const invoiceRules: readonly unknown[] = [
  // 1. approval threshold on the total
  { '>': [{ var: 'total.amountMinor' }, 5_000_000] },
  // 2. Nordic supplier
  { in: [{ var: 'supplier.country' }, ['SE', 'NO', 'DK', 'FI', 'IS']] },
  // 3. SEK invoice of at least 1 000 kr
  { and: [{ '==': [{ var: 'total.currency' }, 'SEK'] }, { '>=': [{ var: 'total.amountMinor' }, 100_000] }] },
  // 4. supplier name prefix
  { '==': [{ substr: [{ var: 'supplier.name' }, 0, 5] }, 'Telia'] },
  // 5. arithmetic on amounts: VAT at 25 % under 2 500 kr
  { '<': [{ '*': [{ var: 'total.amountMinor' }, 0.25] }, 250_000] },
  // 6. some line on the telephone account
  { some: [{ var: 'lines' }, { '==': [{ var: 'account' }, '6212'] }] },
  // 7. all lines with a domestic VAT code
  { all: [{ var: 'lines' }, { in: [{ var: 'vatCode' }, ['MP1', 'MP2', 'MP3']] }] },
  // 8. due before March
  { '<': [{ var: 'dueDate' }, '2026-03-01'] },
  // 9. issued in the first quarter
  { '<=': ['2026-01-01', { var: 'issueDate' }, '2026-03-31'] },
  // 10. routing
  {
    if: [
      { '>': [{ var: 'total.amountMinor' }, 1_000_000] },
      'review',
      { or: [{ '==': [{ var: 'supplier.country' }, 'SE'] }, { none: [{ var: 'lines' }, { '<': [{ var: 'amountMinor' }, 0] }] }] },
      'auto',
      'manual',
    ],
  },
];

export const bankFeesRule = {
  and: [
    { '<': [{ var: 'amountMinor' }, 0] },
    { or: [{ icontains: [{ var: 'text' }, 'avgift'] }, { icontains: [{ var: 'text' }, 'fee'] }] },
  ],
};

interface BankLine {
  amountMinor: number;
  text: string;
}

const bankTexts = ['Månadsavgift', 'KORTAVGIFT', 'Card fee', 'Bg 5050-1055 Telia', 'Lön', 'Överföring', 'Swish Anna', 'Service FEE Q1', 'Ränta', 'Avgift utlandsbetalning'];

export function bankLines(count: number): BankLine[] {
  const random = prng(4711);
  return Array.from({ length: count }, () => ({
    amountMinor: Math.floor(random() * 200_000) - 120_000,
    text: `${bankTexts[Math.floor(random() * bankTexts.length)]} ${Math.floor(random() * 10_000)}`,
  }));
}

/** The reference icontains for the baselines: same meaning as ours on this data. */
function plainIcontains(text: unknown, part: unknown): boolean {
  return typeof text === 'string' && typeof part === 'string' && text.toLowerCase().includes(part.toLowerCase());
}

/** One engine: the function that evaluates rule `ruleIndex`, picked once per rule (not once per row). */
type Engine = (ruleIndex: number) => (data: unknown) => unknown;

/**
 * The timed loop, in identical copies, one per engine (as in
 * shared/json-logic/var-path.ts): V8 keeps call feedback per function
 * literal, so with one shared loop the `rule(rows[i])` call would see every
 * engine's functions and go megamorphic for all of them, a fixed cost per row
 * that says nothing about the engines. With its own copy, each engine's call
 * is as monomorphic as its rules allow. Keep the copies identical.
 */
export const loopCopies: readonly ((engine: Engine, ruleCount: number, rows: readonly unknown[]) => number)[] = [
  (engine, ruleCount, rows) => {
    let truthy = 0;
    for (let r = 0; r < ruleCount; r++) {
      const rule = engine(r);
      for (let i = 0; i < rows.length; i++) if (rule(rows[i])) truthy++;
    }
    return truthy;
  },
  (engine, ruleCount, rows) => {
    let truthy = 0;
    for (let r = 0; r < ruleCount; r++) {
      const rule = engine(r);
      for (let i = 0; i < rows.length; i++) if (rule(rows[i])) truthy++;
    }
    return truthy;
  },
  (engine, ruleCount, rows) => {
    let truthy = 0;
    for (let r = 0; r < ruleCount; r++) {
      const rule = engine(r);
      for (let i = 0; i < rows.length; i++) if (rule(rows[i])) truthy++;
    }
    return truthy;
  },
  (engine, ruleCount, rows) => {
    let truthy = 0;
    for (let r = 0; r < ruleCount; r++) {
      const rule = engine(r);
      for (let i = 0; i < rows.length; i++) if (rule(rows[i])) truthy++;
    }
    return truthy;
  },
];

function assertSameResults(engines: Record<string, Engine>, ruleCount: number, rows: readonly unknown[]): void {
  const names = Object.keys(engines);
  for (let r = 0; r < ruleCount; r++) {
    for (let i = 0; i < rows.length; i++) {
      const expected = JSON.stringify(engines[names[0]](r)(rows[i]));
      for (const name of names.slice(1)) {
        const actual = JSON.stringify(engines[name](r)(rows[i]));
        if (actual !== expected) {
          throw new Error(`rule ${r + 1}, row ${i}: ${name} gave ${actual}, ${names[0]} gave ${expected}`);
        }
      }
    }
  }
}

/** Rounds per engine; engines take turns (rotating order), each round lasts at least roundMs. */
const rounds = 7;
const roundMs = 400;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The machine may be shared: instead of timing each engine once, one after
 * the other, the engines take turns for several rounds, so a burst of load
 * hits them alike. Each engine reports its best round (load only ever slows
 * a round down); the detail shows the median round too.
 */
async function compareEngines(
  scenario: string,
  rules: readonly unknown[],
  rows: readonly unknown[],
  engines: Record<string, Engine>,
  goal: string,
): Promise<ScenarioResult[]> {
  assertSameResults(engines, rules.length, rows);
  const opsPerCall = rules.length * rows.length;
  const names = Object.keys(engines);
  if (names.length > loopCopies.length) throw new Error(`at most ${loopCopies.length} engines (one loop copy each)`);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const index = (k + round) % names.length;
      const name = names[index];
      const engine = engines[name];
      const loop = loopCopies[index];
      const m = await measure(name, () => loop(engine, rules.length, rows), { opsPerCall, minTimeMs: roundMs, warmupCalls: round === 0 ? 1 : 0 });
      samples[name].push(m.opsPerSec);
    }
  }
  const measured: Record<string, Measurement> = {};
  for (const name of names) {
    measured[name] = {
      name,
      opsPerSec: Math.max(...samples[name]),
      detail: `${rules.length} rule(s) × ${rows.length.toLocaleString('en')} rows; best of ${rounds} rounds (median ${formatOps(median(samples[name]))})`,
    };
  }
  const ours = measured['kontera compile'];
  const results: ScenarioResult[] = [
    {
      scenario,
      baseline: measured['json-logic-js apply'],
      others: names.filter((name) => name !== 'json-logic-js apply').map((name) => measured[name]),
      goal,
    },
  ];
  const compiled = measured['json-logic-engine build'];
  if (compiled !== undefined) {
    results.push({ scenario: `${scenario} (vs compiled)`, baseline: compiled, others: [ours], goal: '> 1x json-logic-engine build' });
  }
  return results;
}

function engineRunners(rules: readonly unknown[], setup: { jsonLogicJs?: () => void; engine?: (engine: LogicEngine) => void } = {}) {
  setup.jsonLogicJs?.();
  const engine = new LogicEngine();
  setup.engine?.(engine);
  const built = rules.map((rule) => engine.build(rule as never) as (data: unknown) => unknown);
  const ours = rules.map((rule) => compile(rule));
  const jsonLogicJs = rules.map((rule) => (data: unknown) => jsonLogic.apply(rule as never, data));
  const interpreted = rules.map((rule) => (data: unknown) => engine.run(rule as never, data));
  const engines: Record<string, Engine> = {
    'json-logic-js apply': (r) => jsonLogicJs[r],
    'json-logic-engine run': (r) => interpreted[r],
    'json-logic-engine build': (r) => built[r],
    'kontera compile': (r) => ours[r],
  };
  return engines;
}

const scenarios: Scenario[] = [
  {
    name: 'json-logic: 10 invoice rules',
    async run() {
      const rows = invoices(invoiceCount);
      return compareEngines('json-logic invoices', invoiceRules, rows, engineRunners(invoiceRules), '>= 20x json-logic-js; > json-logic-engine build');
    },
  },
  {
    name: 'json-logic: bank fees',
    async run() {
      const rows = bankLines(bankLineCount);
      const runners = engineRunners([bankFeesRule], {
        jsonLogicJs: () => jsonLogic.add_operation('icontains', plainIcontains as never),
        engine: (engine) => engine.addMethod('icontains', (args: unknown) => plainIcontains((args as unknown[])[0], (args as unknown[])[1]), { deterministic: true }),
      });
      return compareEngines('json-logic bank fees', [bankFeesRule], rows, runners, '>= 20x json-logic-js; > json-logic-engine build');
    },
  },
];

export default scenarios;
