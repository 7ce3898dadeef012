/**
 * JSON Logic throughput: Kontera's closure compiler vs json-logic-js (the
 * reference interpreter) and json-logic-engine (interpreted, and compiled,
 * which generates JavaScript code; fine for a baseline, never for us).
 * All engines must agree on every result before anything is timed. Engines
 * are timed in interleaved rounds (see compareEngines). Three scenarios: the
 * 10 invoice rules as a set, the bank-fees rule, and a per-rule set (issue
 * 14: every operator family, each rule timed on its own, twice: "mixed", in
 * this process after everything else ran, and "alone", in a fresh child
 * process per rule; `JSON_LOGIC_RULES=<part of a name>[,<part>…]` picks
 * some of them, `JSON_LOGIC_MODE=alone|mixed` one of the two figures).
 */
import jsonLogic from 'json-logic-js';
import { LogicEngine } from 'json-logic-engine';
import { formatOps, measure, measureTimes, type Measurement, type TimedRun, type Scenario, type ScenarioResult, prng } from '../harness.ts';
import { compile } from '../../shared/json-logic/index.ts';
import { handWritten } from '../json-logic-ceiling.ts';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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

// ------------------------------------------------------------ per-rule set
/*
 * Rules finance admins write, one or more per operator family, each timed
 * alone (its own rounds, every engine in the same run) so that no rule can
 * hide behind another. Issue 14: a speed that holds on one rule set only
 * says nothing about the next one.
 */

export interface WideInvoice extends Invoice {
  number: string;
  ocr?: string;
  paymentDate?: string;
  total: { amountMinor: number; currency: string; netMinor: number; vatMinor: number };
  supplier: { name: string; country: string; approved: boolean; vatNumber?: string; iban?: string; bankgiro?: string; plusgiro?: string };
  meta: { approval?: { limit: { amountMinor: number } }; minimumVatMinor?: number };
  lines: {
    account: string;
    amountMinor: number;
    vatCode: string;
    quantity: number;
    unitPriceMinor: number;
    tags: string[];
    allocations: { costCenter: string; share: number }[];
  }[];
}

const costCenters = ['CC10', 'CC20', 'CC30', 'CC40'];
const tagSets = [[], [], ['project'], ['reverse-charge'], ['project', 'P-12']];

/** A Luhn-valid OCR reference (most of the time) of 6–12 digits. */
function ocrReference(random: () => number): string {
  let digits = '';
  const length = 5 + Math.floor(random() * 7);
  for (let i = 0; i < length; i++) digits += String(Math.floor(random() * 10));
  let sum = 0;
  for (let i = digits.length - 1, weight = 2; i >= 0; i--, weight = 3 - weight) {
    let product = (digits.charCodeAt(i) - 48) * weight;
    if (product > 9) product -= 9;
    sum += product;
  }
  const check = (10 - (sum % 10)) % 10;
  return digits + String(random() < 0.8 ? check : (check + 1) % 10);
}

/**
 * As the runtime gets its data: parsed from JSON. (Objects built with spread
 * and then extended were 50-80x slower to read for every engine, even for a
 * hand-written function: a property of the generator, not of the engines.)
 */
function asParsedJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** invoices() with the fields a wider rule set reads (its own generator, so invoices() stays as it was). */
export function wideInvoices(count: number): WideInvoice[] {
  const random = prng(20260514);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  return asParsedJson(invoices(count).map((invoice, i) => {
    const vatMinor = Math.round(invoice.total.amountMinor * 0.2);
    const supplier: WideInvoice['supplier'] = { ...invoice.supplier, approved: random() < 0.9 };
    if (random() < 0.8) supplier.vatNumber = `${supplier.country}55${String(Math.floor(random() * 1e8)).padStart(8, '0')}01`;
    const payment = random();
    if (payment < 0.4) supplier.bankgiro = `${1000 + Math.floor(random() * 9000)}-${1000 + Math.floor(random() * 9000)}`;
    else if (payment < 0.6) supplier.plusgiro = `${Math.floor(random() * 1e6)}-${Math.floor(random() * 10)}`;
    else if (payment < 0.9) supplier.iban = `SE${String(Math.floor(random() * 1e10)).padStart(22, '0')}`;
    const meta: WideInvoice['meta'] = {};
    if (random() < 0.5) meta.approval = { limit: { amountMinor: pick([500_000, 2_000_000, 5_000_000]) } };
    if (random() < 0.3) meta.minimumVatMinor = 10_000;
    const wide: WideInvoice = {
      ...invoice,
      number: `INV-2026-${String(i % 100_000).padStart(5, '0')}`,
      total: { ...invoice.total, netMinor: invoice.total.amountMinor - vatMinor, vatMinor },
      supplier,
      meta,
      lines: invoice.lines.map((line) => {
        const quantity = 1 + Math.floor(random() * 10);
        return {
          ...line,
          quantity,
          unitPriceMinor: Math.round(line.amountMinor / quantity),
          tags: pick(tagSets),
          allocations: Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({ costCenter: pick(costCenters), share: 50 })),
        };
      }),
    };
    if (random() < 0.85) wide.ocr = ocrReference(random);
    if (random() < 0.6) wide.paymentDate = isoDate(Number(invoice.issueDate.slice(5, 7)) * 30 + Math.floor(random() * 40) - 30);
    return wide;
  }));
}

export interface WideBankLine extends BankLine {
  reference: string;
  currency: string;
  bookingDate: string;
  valueDate: string;
  counterparty: { name: string; account: string };
}

export function wideBankLines(count: number): WideBankLine[] {
  const random = prng(8128);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  return asParsedJson(bankLines(count).map((line) => {
    const booking = Math.floor(random() * 360);
    return {
      ...line,
      reference: random() < 0.7 ? ocrReference(random) : '',
      currency: pick(currencies),
      bookingDate: isoDate(booking),
      valueDate: isoDate(booking + Math.floor(random() * 4)),
      counterparty: { name: pick(suppliers), account: `${1000 + Math.floor(random() * 9000)}-${1000 + Math.floor(random() * 9000)}` },
    };
  }));
}

/** One rule of the per-rule set: its operator family and the data it runs on. */
export interface BenchRule {
  name: string;
  data: 'invoices' | 'bank lines';
  rule: unknown;
}

const euCountries = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE'];

/** Every operator family; standard JSON Logic plus the finance operators (given to the baselines as plain functions). */
export const perRuleSet: readonly BenchRule[] = [
  { name: 'comparison chain', data: 'invoices', rule: { and: [{ '>=': [{ var: 'total.amountMinor' }, 100_000] }, { '<': [{ var: 'total.amountMinor' }, 5_000_000] }, { '!=': [{ var: 'total.currency' }, 'USD'] }] } },
  { name: 'between, computed bound', data: 'invoices', rule: { '<=': [{ var: 'total.netMinor' }, { var: 'total.amountMinor' }, 10_000_000] } },
  {
    name: 'nested and/or/!',
    data: 'invoices',
    rule: {
      or: [
        { and: [{ '==': [{ var: 'supplier.country' }, 'SE'] }, { '>': [{ var: 'total.amountMinor' }, 1_000_000] }] },
        { and: [{ in: [{ var: 'supplier.country' }, ['NO', 'DK', 'FI']] }, { '==': [{ var: 'total.currency' }, 'EUR'] }] },
        { '!': { var: 'supplier.approved' } },
      ],
    },
  },
  { name: 'in: long literal list', data: 'invoices', rule: { in: [{ var: 'supplier.country' }, euCountries] } },
  { name: 'in: text', data: 'invoices', rule: { in: ['AB', { var: 'supplier.name' }] } },
  { name: 'substr in list', data: 'invoices', rule: { in: [{ substr: [{ var: ['supplier.vatNumber', ''] }, 0, 2] }, ['SE', 'NO', 'DK']] } },
  { name: 'cat + substr', data: 'invoices', rule: { '==': [{ cat: [{ substr: [{ var: 'number' }, 0, 3] }, '/', { substr: [{ var: 'number' }, -2] }] }, 'INV/42'] } },
  { name: 'var: default, deep path', data: 'invoices', rule: { '>': [{ var: 'total.amountMinor' }, { var: ['meta.approval.limit.amountMinor', 2_000_000] }] } },
  { name: '! missing', data: 'invoices', rule: { '!': { missing: ['supplier.vatNumber', 'paymentDate', 'ocr'] } } },
  { name: 'missing_some', data: 'invoices', rule: { missing_some: [1, ['supplier.iban', 'supplier.bankgiro', 'supplier.plusgiro']] } },
  { name: 'arithmetic + -', data: 'invoices', rule: { '==': [{ '-': [{ var: 'total.amountMinor' }, { '+': [{ var: 'total.netMinor' }, { var: 'total.vatMinor' }] }] }, 0] } },
  { name: 'arithmetic / %', data: 'invoices', rule: { or: [{ '<': [{ '/': [{ var: 'total.vatMinor' }, { var: 'total.amountMinor' }] }, 0.19] }, { '==': [{ '%': [{ var: 'total.amountMinor' }, 100] }, 0] }] } },
  { name: 'max of 3', data: 'invoices', rule: { max: [{ var: 'total.vatMinor' }, { '*': [{ var: 'total.netMinor' }, 0.12] }, { var: ['meta.minimumVatMinor', 0] }] } },
  { name: 'dates: var vs var', data: 'invoices', rule: { and: [{ '>=': [{ var: 'issueDate' }, '2026-01-15'] }, { '<': [{ var: ['paymentDate', '9999-12-31'] }, { var: 'dueDate' }] }] } },
  {
    name: 'if: 6 branches',
    data: 'invoices',
    rule: {
      if: [
        { '!': { var: 'supplier.approved' } }, 'blocked',
        { '>': [{ var: 'total.amountMinor' }, 10_000_000] }, 'cfo',
        { '>': [{ var: 'total.amountMinor' }, 1_000_000] }, 'controller',
        { '!=': [{ var: 'total.currency' }, 'SEK'] }, 'fx',
        { in: [{ var: 'supplier.country' }, ['US', 'GB']] }, 'non-eu',
        { '<': [{ var: 'total.amountMinor' }, 0] }, 'credit',
        'auto',
      ],
    },
  },
  { name: 'some: and inside', data: 'invoices', rule: { some: [{ var: 'lines' }, { and: [{ '==': [{ var: 'account' }, '6212'] }, { '>': [{ var: 'amountMinor' }, 500_000] }] }] } },
  {
    name: 'all: nested some',
    data: 'invoices',
    rule: { all: [{ var: 'lines' }, { or: [{ in: [{ var: 'vatCode' }, ['MP1', 'MP2']] }, { some: [{ var: 'allocations' }, { '==': [{ var: 'costCenter' }, 'CC10'] }] }] }] },
  },
  { name: 'reduce: sum of lines', data: 'invoices', rule: { '>': [{ reduce: [{ var: 'lines' }, { '+': [{ var: 'accumulator' }, { var: 'current.amountMinor' }] }, 0] }, 1_000_000] } },
  {
    name: 'filter + reduce',
    data: 'invoices',
    rule: {
      '>=': [
        { reduce: [{ filter: [{ var: 'lines' }, { '==': [{ var: 'vatCode' }, 'MP1'] }] }, { '+': [{ var: 'accumulator' }, { '*': [{ var: 'current.quantity' }, { var: 'current.unitPriceMinor' }] }] }, 0] },
        500_000,
      ],
    },
  },
  { name: 'map + in', data: 'invoices', rule: { in: ['6212', { map: [{ var: 'lines' }, { var: 'account' }] }] } },
  { name: 'none: tags', data: 'invoices', rule: { none: [{ var: 'lines' }, { in: ['reverse-charge', { var: 'tags' }] }] } },
  { name: 'days_between', data: 'invoices', rule: { '>': [{ days_between: [{ var: 'issueDate' }, { var: 'dueDate' }] }, 30] } },
  { name: 'percent_of', data: 'invoices', rule: { '>': [{ percent_of: [{ var: 'total.netMinor' }, 25] }, { var: 'total.vatMinor' }] } },
  { name: 'bank fees (or of icontains)', data: 'bank lines', rule: bankFeesRule },
  { name: 'ocr_valid', data: 'bank lines', rule: { and: [{ '>': [{ var: 'amountMinor' }, 0] }, { ocr_valid: [{ var: 'reference' }] }] } },
  { name: 'istarts_with + abs', data: 'bank lines', rule: { and: [{ istarts_with: [{ var: 'counterparty.name' }, 'telia'] }, { '>': [{ abs: [{ var: 'amountMinor' }] }, 10_000] }] } },
  { name: 'same_period', data: 'bank lines', rule: { same_period: [{ var: 'bookingDate' }, { var: 'valueDate' }] } },
  { name: '!! and !==', data: 'bank lines', rule: { and: [{ '!!': { var: 'reference' } }, { '!==': [{ var: 'currency' }, 'SEK'] }] } },
  { name: 'cat: result text', data: 'bank lines', rule: { cat: [{ var: 'counterparty.account' }, ' ', { var: 'bookingDate' }] } },
];

/**
 * The finance operators for the baselines: what a json-logic-js user would
 * plug in (plain JavaScript), with the same results as ours on this data.
 */
const plainFinance: Record<string, (...args: unknown[]) => unknown> = {
  icontains: (text, part) => plainIcontains(text, part),
  istarts_with: (text, part) => typeof text === 'string' && typeof part === 'string' && text.toLowerCase().startsWith(part.toLowerCase()),
  abs: (value) => Math.abs(value as number),
  days_between: (a, b) => (Date.parse(b as string) - Date.parse(a as string)) / 86_400_000,
  percent_of: (amount, percent) => {
    const exact = ((amount as number) * (percent as number)) / 100;
    return exact < 0 ? -Math.round(-exact) : Math.round(exact); // half away from zero, as half_up
  },
  same_period: (a, b) => typeof a === 'string' && typeof b === 'string' && a.slice(0, 7) === b.slice(0, 7),
  ocr_valid: (reference) => {
    if (typeof reference !== 'string' || !/^\d{2,25}$/.test(reference)) return false;
    let sum = 0;
    for (let i = reference.length - 1, weight = 1; i >= 0; i--, weight = 3 - weight) {
      let product = (reference.charCodeAt(i) - 48) * weight;
      if (product > 9) product -= 9;
      sum += product;
    }
    return sum % 10 === 0;
  },
};

export function withPlainFinance(): { jsonLogicJs: () => void; engine: (engine: LogicEngine) => void } {
  return {
    jsonLogicJs: () => {
      for (const [name, operation] of Object.entries(plainFinance)) jsonLogic.add_operation(name, operation as never);
    },
    engine: (engine) => {
      for (const [name, operation] of Object.entries(plainFinance)) {
        engine.addMethod(name, (args: unknown) => operation(...(Array.isArray(args) ? args : [args])), { deterministic: true });
      }
    },
  };
}

/** The finance operators as json-logic-engine methods (for bench/micro-json-logic.ts). */
export function plainFinanceForEngine(engine: LogicEngine): void {
  withPlainFinance().engine(engine);
}

/** Per rule: fewer rows and shorter rounds than the set scenarios, so ~30 rules take about two minutes. */
export const perRuleRows = 20_000;
const perRuleRounds = 9;
const perRuleRoundMs = 100;

/**
 * One rule's ratios: ours over each baseline, the median of the per-round
 * ratios, on CPU time and on wall-clock; and the ceiling's (the rule's
 * hand-written function, bench/json-logic-ceiling.ts) on CPU time.
 */
export interface RuleRatios {
  name: string;
  vsJsCpu: number;
  vsJsWall: number;
  vsCompiledCpu: number;
  vsCompiledWall: number;
  /** hand-written over json-logic-js: the most any evaluator can reach against it */
  ceilingVsJsCpu: number;
  /** hand-written over json-logic-engine build */
  ceilingVsCompiledCpu: number;
  /** ours over hand-written (1 = as fast as the ceiling) */
  ofCeilingCpu: number;
}

/** The engine name of the ceiling in the per-rule rounds. */
const ceilingEngine = 'hand-written';

/** Adds the hand-written functions of `rules` as one more engine (timed in the same rounds as the others). */
function withCeiling(engines: Record<string, Engine>, rules: readonly BenchRule[]): Record<string, Engine> {
  const functions = rules.map((rule) => handWritten(rule.name, rule.data));
  return { ...engines, [ceilingEngine]: (r) => functions[r] };
}

/**
 * Times one rule alone. json-logic-js, json-logic-engine build and ours take
 * turns in `perRuleRounds` short rounds (A B C, B C A, C A B, …: each engine
 * runs right next to the others, and in every position). Each run is timed on
 * wall-clock and on this process's CPU time (process.cpuUsage, user + sys);
 * the ratios are taken per round, between runs a few hundred milliseconds
 * apart, and their median is reported: load from other processes hits a
 * round's three runs alike and cancels out of its ratio, and a lucky or
 * unlucky round does not move the median. All rules ran (and agreed) once
 * before, so the closures' type feedback has seen every rule, as in a
 * runtime that holds many rules.
 */
async function compareOneRule(rule: BenchRule, rows: readonly unknown[], engines: Record<string, Engine>, index: number): Promise<{ results: ScenarioResult[]; ratios: RuleRatios }> {
  const names = Object.keys(engines);
  const runs: Record<string, TimedRun[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < perRuleRounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const slot = (k + round) % names.length;
      const name = names[slot];
      const engine = engines[name];
      const loop = loopCopies[slot];
      runs[name].push(await measureTimes(() => loop((r) => engine(r + index), 1, rows), { opsPerCall: rows.length, minTimeMs: perRuleRoundMs, warmupCalls: round === 0 ? 1 : 0 }));
    }
  }
  const ratio = (subject: string, baseline: string, kind: keyof TimedRun) => median(runs[subject].map((run, i) => run[kind] / runs[baseline][i][kind]));
  const ratios: RuleRatios = {
    name: rule.name,
    vsJsCpu: ratio('kontera compile', 'json-logic-js apply', 'cpuOpsPerSec'),
    vsJsWall: ratio('kontera compile', 'json-logic-js apply', 'wallOpsPerSec'),
    vsCompiledCpu: ratio('kontera compile', 'json-logic-engine build', 'cpuOpsPerSec'),
    vsCompiledWall: ratio('kontera compile', 'json-logic-engine build', 'wallOpsPerSec'),
    ceilingVsJsCpu: ratio(ceilingEngine, 'json-logic-js apply', 'cpuOpsPerSec'),
    ceilingVsCompiledCpu: ratio(ceilingEngine, 'json-logic-engine build', 'cpuOpsPerSec'),
    ofCeilingCpu: ratio('kontera compile', ceilingEngine, 'cpuOpsPerSec'),
  };
  const measured: Record<string, Measurement> = {};
  for (const name of names) {
    const cpu = median(runs[name].map((run) => run.cpuOpsPerSec));
    const wall = median(runs[name].map((run) => run.wallOpsPerSec));
    measured[name] = { name, opsPerSec: cpu, detail: `CPU time, median of ${perRuleRounds} rounds (wall-clock ${formatOps(wall)})` };
  }
  const label = `json-logic rule ${String(index + 1).padStart(2, '0')}: ${rule.name}`;
  return {
    results: [
      { scenario: label, baseline: measured['json-logic-js apply'], others: [measured['json-logic-engine build'], measured['kontera compile'], measured[ceilingEngine]] },
      { scenario: `${label} (vs compiled)`, baseline: measured['json-logic-engine build'], others: [measured['kontera compile']] },
    ],
    ratios,
  };
}

/** A rule meets the goal in one measurement: >= 20x json-logic-js and >= 1x json-logic-engine build, on CPU time. */
function meetsGoal(r: RuleRatios): boolean {
  return r.vsJsCpu >= 20 && r.vsCompiledCpu >= 1;
}

/** The goal is reachable at all in one measurement: the hand-written function itself meets it. */
function ceilingMeetsGoal(r: RuleRatios): boolean {
  return r.ceilingVsJsCpu >= 20 && r.ceilingVsCompiledCpu >= 1;
}

/** What the ceiling rules out for one rule in one measurement, e.g. "ceiling 7.30x js: 20x not reachable"; empty when both goals are reachable. */
export function unreachable(r: RuleRatios): string[] {
  const out: string[] = [];
  if (r.ceilingVsJsCpu < 20) out.push(`ceiling ${r.ceilingVsJsCpu.toFixed(2)}x js: 20x not reachable`);
  if (r.ceilingVsCompiledCpu < 1) out.push(`ceiling ${r.ceilingVsCompiledCpu.toFixed(2)}x build: 1x not reachable`);
  return out;
}

function geometricMean(values: readonly number[]): number {
  return Math.exp(values.reduce((sum, value) => sum + Math.log(value), 0) / values.length);
}

function countLine(label: string, all: readonly RuleRatios[]): string {
  const met = all.filter(meetsGoal).length;
  const compiled = all.filter((r) => r.vsCompiledCpu >= 1).length;
  const js = all.filter((r) => r.vsJsCpu >= 20).length;
  const reachable = all.filter(ceilingMeetsGoal).length;
  const ofCeiling = (geometricMean(all.map((r) => r.ofCeilingCpu)) * 100).toFixed(0);
  return (
    `${label}: goal met on ${met}/${all.length} rules (>= 1x compiled: ${compiled}, >= 20x json-logic-js: ${js}); ` +
    `reachable at all (the hand-written ceiling meets both) on ${reachable}/${all.length}; ours at ${ofCeiling} % of the ceiling (geometric mean)`
  );
}

/**
 * The per-rule summary: one line per rule, the ratios on CPU time, "alone"
 * (the rule in a fresh process of its own) beside "mixed" (all rules in one
 * process, after the set scenarios): ours against json-logic-js and build,
 * the hand-written ceiling against both, ours as a share of the ceiling,
 * whether the rule meets the goal ("out of reach" when even the ceiling
 * does not), and what the ceiling rules out. Either column may be missing.
 */
export function formatRatios(mixed: readonly RuleRatios[], alone: readonly RuleRatios[] = []): string {
  const x = (value: number | undefined) => (value === undefined ? '-' : `${value.toFixed(2)}x`);
  const percent = (value: number | undefined) => (value === undefined ? '-' : `${(value * 100).toFixed(0)} %`);
  const goal = (r: RuleRatios | undefined) => (r === undefined ? '-' : meetsGoal(r) ? 'met' : ceilingMeetsGoal(r) ? 'below' : 'out of reach');
  const columns = (r: RuleRatios | undefined) => [x(r?.vsJsCpu), x(r?.vsCompiledCpu), x(r?.ceilingVsJsCpu), x(r?.ceilingVsCompiledCpu), percent(r?.ofCeilingCpu), goal(r)];
  const names = (mixed.length > 0 ? mixed : alone).map((r) => r.name);
  const header = ['vs js', 'vs build', 'ceiling vs js', 'vs build', 'of ceiling', 'goal'];
  const rows = [['rule', ...header.map((h, i) => (i === 0 ? `alone: ${h}` : h)), ...header.map((h, i) => (i === 0 ? `mixed: ${h}` : h)), 'the ceiling says']];
  for (const name of names) {
    const a = alone.find((r) => r.name === name);
    const m = mixed.find((r) => r.name === name);
    const notes = [...(a === undefined ? [] : unreachable(a).map((note) => `alone ${note}`)), ...(m === undefined ? [] : unreachable(m).map((note) => `mixed ${note}`))];
    rows.push([name, ...columns(a), ...columns(m), notes.length === 0 ? 'both goals reachable' : notes.join('; ')]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const lines = rows.map((row) => row.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd());
  if (alone.length > 0) lines.push(countLine('alone', alone));
  if (mixed.length > 0) lines.push(countLine('mixed', mixed));
  lines.push('CPU time; ratios are medians of per-round ratios; ceiling = the rule written by hand in plain JavaScript (bench/json-logic-ceiling.ts)');
  return lines.join('\n');
}

/**
 * One rule alone, in this process (bench/json-logic-alone.ts runs it in a
 * fresh child process per rule): only this rule is compiled, by each engine,
 * so no other rule's closures share its type feedback. The ratios of the
 * same rounds as compareOneRule.
 */
export async function timeRuleAlone(index: number): Promise<RuleRatios> {
  const rule = perRuleSet[index];
  const rows = rule.data === 'invoices' ? wideInvoices(perRuleRows) : wideBankLines(perRuleRows);
  const engines = engineRunners([rule.rule], withPlainFinance());
  delete engines['json-logic-engine run'];
  const timed = withCeiling(engines, [rule]);
  try {
    assertSameResults(timed, 1, rows);
  } catch (error) {
    throw new Error(`per-rule "${rule.name}" (alone): ${(error as Error).message}`);
  }
  return (await compareOneRule(rule, rows, timed, 0)).ratios;
}

/** Each rule in a child process of its own (fork: its own V8 isolate and its own process.cpuUsage()), one after the other. */
async function timeEachRuleAlone(indices: readonly number[]): Promise<RuleRatios[]> {
  const child = fileURLToPath(new URL('../json-logic-alone.ts', import.meta.url));
  const out: RuleRatios[] = [];
  for (const index of indices) {
    console.error(`  alone ${out.length + 1}/${indices.length}: ${perRuleSet[index].name}`);
    out.push(
      await new Promise<RuleRatios>((resolve, reject) => {
        let result: RuleRatios | undefined;
        const worker = fork(child, [String(index)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        worker.on('message', (message) => {
          result = message as RuleRatios;
        });
        worker.on('error', reject);
        worker.on('exit', (code) => (result !== undefined && code === 0 ? resolve(result) : reject(new Error(`per-rule "${perRuleSet[index].name}" alone: child exited with ${code}`))));
      }),
    );
  }
  return out;
}

/**
 * JSON_LOGIC_RULES=<part of a name>[,<part>…] picks rules; JSON_LOGIC_MODE=alone
 * or mixed runs one of the two measurements (default: both, mixed first).
 */
async function perRuleScenario(): Promise<ScenarioResult[]> {
  const only = process.env.JSON_LOGIC_RULES?.split(',');
  const mode = process.env.JSON_LOGIC_MODE ?? 'both';
  const picked = perRuleSet.map((rule, index) => ({ rule, index })).filter(({ rule }) => only === undefined || only.some((part) => rule.name.includes(part)));
  const selected = mode === 'alone' ? [] : picked.map(({ rule }) => rule);
  const rowsOf = { invoices: wideInvoices(perRuleRows), 'bank lines': wideBankLines(perRuleRows) };
  const rules = selected.map((rule) => rule.rule);
  const runners = engineRunners(rules, withPlainFinance());
  delete runners['json-logic-engine run'];
  const engines = withCeiling(runners, selected);
  // every engine agrees on every rule and row before anything is timed
  for (let r = 0; r < selected.length; r++) {
    const one: Record<string, Engine> = Object.fromEntries(Object.entries(engines).map(([name, engine]) => [name, () => engine(r)]));
    try {
      assertSameResults(one, 1, rowsOf[selected[r].data]);
    } catch (error) {
      throw new Error(`per-rule "${selected[r].name}": ${(error as Error).message}`);
    }
  }
  const results: ScenarioResult[] = [];
  const ratios: RuleRatios[] = [];
  for (let r = 0; r < selected.length; r++) {
    console.error(`  rule ${r + 1}/${selected.length}: ${selected[r].name}`);
    const one = await compareOneRule(selected[r], rowsOf[selected[r].data], engines, r);
    results.push(...one.results);
    ratios.push(one.ratios);
  }
  const alone = mode === 'mixed' ? [] : await timeEachRuleAlone(picked.map(({ index }) => index));
  console.log(formatRatios(ratios, alone));
  console.log();
  const goal = '>= 20x json-logic-js and >= 1x json-logic-engine build, on every rule';
  if (results.length > 0) results[results.length - 1].goal = goal;
  return results;
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
  {
    name: `json-logic: ${perRuleSet.length} rules, each alone (JSON_LOGIC_RULES=<part of a name> picks some)`,
    run: perRuleScenario,
  },
];

export default scenarios;
