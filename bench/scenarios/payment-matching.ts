/**
 * Payment matching (issue 11, "AutoPay in"): a statement of N incoming
 * payments against N open customer invoices, with the issue's mix — 85 %
 * exact OCR, 5 % partial (OCR, half the amount), 5 % by payer name and
 * amount (no reference), 5 % unmatched (an unknown OCR-looking reference,
 * an unknown payer) — through createMatcher + match + apply, against a bare
 * Map-by-OCR lookup that reduces the open amount (the baseline) on the same
 * data in the same run. Measured at 10 000 and 100 000 lines; prints the
 * ratios and the 10k → 100k scaling factor (goal: ≤ ×12, i.e. close to
 * linear). Before timing, the decisions are checked against the mix.
 */
import { formatOps, prng, type Measurement, type Scenario, type ScenarioResult } from '../harness.ts';
import { createMatcher, type IncomingPayment, type MatchDecision, type OpenInvoice } from '../../runtime/domains/bank/matching/index.ts';
import { luhnCheckDigit } from '../../shared/json-logic/ocr-reference.ts';

const sizes = [10_000, 100_000];
const rounds = 3;

const syllables = ['ber', 'gal', 'tor', 'vik', 'sun', 'lin', 'mar', 'dal', 'hem', 'kro', 'sol', 'ny', 'ek', 'ås', 'fjäll', 'sten',
  'björk', 'gran', 'lund', 'holm', 'strand', 'berg', 'vall', 'sjö', 'ängs', 'rå', 'kvarn', 'brunn', 'hav', 'skog', 'myr', 'bäck'];
const trades = ['Bygg', 'Konsult', 'Plåt', 'Måleri', 'Transport', 'Data', 'Frisör', 'Redovisning', 'El', 'VVS', 'Städ', 'Café'];

function ocrWithLength(base: string): string {
  const withLength = base + String((base.length + 2) % 10);
  return withLength + String(luhnCheckDigit(withLength));
}

function isoDay(dayOfYear: number): string {
  return new Date(Date.UTC(2026, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
}

function customerName(index: number): string {
  // three syllables spell the index in base 32: distinct names for up to 32 768 customers per trade
  const s = [index % 32, (index >> 5) % 32, (index >> 10) % 32].map((k) => syllables[k]).join('');
  return `${s[0].toUpperCase()}${s.slice(1)} ${trades[(index >> 15) % trades.length]} AB`;
}

interface Data {
  invoices: OpenInvoice[];
  payments: IncomingPayment[];
  expected: { matched: number; partial: number; byName: number; unmatched: number };
}

export function generate(count: number): Data {
  const random = prng(11_2026);
  const customerCount = Math.max(1, Math.floor(count / 5));
  const invoices: OpenInvoice[] = [];
  for (let i = 0; i < count; i++) {
    const invoiceNumber = String(1_000_000 + i);
    const customer = Math.floor(random() * customerCount);
    const issueDay = Math.floor(random() * 300);
    const openMinor = 10_000 + Math.floor(random() * 5_000_000);
    invoices.push({
      invoiceNumber, customerNo: `K${customer}`, customerName: customerName(customer), currency: 'SEK', openMinor, amountMinor: openMinor,
      issueDate: isoDay(issueDay), dueDate: isoDay(issueDay + 30), ocrReference: ocrWithLength(invoiceNumber),
    });
  }
  // each payment pays a different invoice, in a shuffled order
  const order = invoices.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const payments: IncomingPayment[] = [];
  const expected = { matched: 0, partial: 0, byName: 0, unmatched: 0 };
  for (let k = 0; k < count; k++) {
    const invoice = invoices[order[k]];
    const roll = random();
    // booked within five days of the due date
    const bookingDate = isoDay(dayOf(invoice.dueDate) - 5 + Math.floor(random() * 11));
    const base = { id: `BGMAX:${String(k).padStart(12, '0')}`, currency: 'SEK', bookingDate, text: null, reversal: false };
    if (roll < 0.85) {
      payments.push({ ...base, amountMinor: invoice.openMinor, reference: invoice.ocrReference, counterpartyName: invoice.customerName.toUpperCase() });
      expected.matched++;
    } else if (roll < 0.9) {
      payments.push({ ...base, amountMinor: Math.floor(invoice.openMinor / 2), reference: invoice.ocrReference, counterpartyName: invoice.customerName });
      expected.partial++;
    } else if (roll < 0.95) {
      payments.push({ ...base, amountMinor: invoice.openMinor, reference: null, counterpartyName: invoice.customerName.replace(/ AB$/, ' Aktiebolag').toUpperCase() });
      expected.byName++;
    } else {
      // an OCR-looking reference that is no invoice's, from a private person, an amount nobody owes
      payments.push({ ...base, amountMinor: 1 + Math.floor(random() * 9_999), reference: ocrWithLength(String(90_000_000 + k)), counterpartyName: `Privatperson ${k}` });
      expected.unmatched++;
    }
  }
  return { invoices, payments, expected };
}

function dayOf(date: string): number {
  return Math.round((Date.parse(date) - Date.UTC(2026, 0, 1)) / 86_400_000);
}

function runMatcher(data: Data): MatchDecision[] {
  return createMatcher(data.invoices).matchAll(data.payments);
}

/** The baseline: a Map by OCR, exact lookup, reduce the open amount; nothing else. */
export function runBaseline(data: Data): number {
  const open = new Map<string, { openMinor: number }>();
  for (const invoice of data.invoices) if (invoice.ocrReference) open.set(invoice.ocrReference, { openMinor: invoice.openMinor });
  let settled = 0;
  for (const payment of data.payments) {
    const hit = payment.reference === null ? undefined : open.get(payment.reference);
    if (hit !== undefined && payment.amountMinor > 0 && payment.amountMinor <= hit.openMinor) {
      hit.openMinor -= payment.amountMinor;
      settled++;
    }
  }
  return settled;
}

function checkMix(data: Data, decisions: MatchDecision[]): string {
  const counts: Record<string, number> = {};
  for (const d of decisions) {
    const key = d.kind === 'exception' ? d.exceptionReason! : d.kind;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  const { matched, partial, byName, unmatched } = data.expected;
  const near = (actual: number | undefined, wanted: number) => Math.abs((actual ?? 0) - wanted) <= Math.max(5, wanted * 0.01);
  if (!near(counts.matched, matched + byName) || !near(counts.partial, partial) || !near((counts.no_match ?? 0) + (counts.below_threshold ?? 0), unmatched)) {
    throw new Error(`payment-matching: outcomes ${JSON.stringify(counts)} do not fit the mix ${JSON.stringify(data.expected)}`);
  }
  return Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ');
}

function timeOnce(fn: () => unknown): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

const scenarios: Scenario[] = [
  {
    name: 'payment matching: 10k and 100k payments vs open invoices',
    async run() {
      const results: ScenarioResult[] = [];
      const bestMs: Record<number, number> = {};
      for (const size of sizes) {
        const data = generate(size);
        const mix = checkMix(data, runMatcher(data));
        const oursMs: number[] = [];
        const baselineMs: number[] = [];
        for (let round = 0; round < rounds; round++) {
          // alternate who goes first, so a burst of load hits both alike
          if (round % 2 === 0) {
            oursMs.push(timeOnce(() => runMatcher(data)));
            baselineMs.push(timeOnce(() => runBaseline(data)));
          } else {
            baselineMs.push(timeOnce(() => runBaseline(data)));
            oursMs.push(timeOnce(() => runMatcher(data)));
          }
        }
        const ours = Math.min(...oursMs);
        const baseline = Math.min(...baselineMs);
        bestMs[size] = ours;
        const label = size >= 1000 ? `${size / 1000}k` : String(size);
        const ourMeasurement: Measurement = {
          name: `kontera createMatcher+match+apply (${label})`,
          opsPerSec: (size * 1000) / ours,
          detail: `${ours.toFixed(0)} ms best of ${rounds}; ${mix}`,
        };
        results.push({
          scenario: `payment matching ${label}`,
          baseline: { name: `bare Map-by-OCR (${label})`, opsPerSec: (size * 1000) / baseline, detail: `${baseline.toFixed(1)} ms best of ${rounds}` },
          others: [ourMeasurement],
          goal: 'whole import → match → post of 100k lines < 30 s on 2 cores (matching is one part)',
        });
      }
      const factor = bestMs[100_000] / bestMs[10_000];
      console.error(`payment matching: 10k ${bestMs[10_000].toFixed(0)} ms, 100k ${bestMs[100_000].toFixed(0)} ms, scaling ×${factor.toFixed(1)} for ×10 lines (goal ≤ ×12); 100k at ${formatOps((100_000 * 1000) / bestMs[100_000])}`);
      results.push({
        scenario: 'payment matching scaling',
        baseline: { name: 'kontera 10k', opsPerSec: (10_000 * 1000) / bestMs[10_000], detail: `${bestMs[10_000].toFixed(0)} ms` },
        others: [{ name: 'kontera 100k', opsPerSec: (100_000 * 1000) / bestMs[100_000], detail: `${bestMs[100_000].toFixed(0)} ms; time ×${factor.toFixed(1)} for ×10 lines` }],
        goal: '10k → 100k time ≤ ×12',
      });
      return results;
    },
  },
];

export default scenarios;
