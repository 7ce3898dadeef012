/**
 * Properties over random ledgers and statements (fast-check): whatever the
 * matcher decides, no invoice is settled beyond its open amount, the
 * allocations never exceed the payment, and money only moves within one
 * currency.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMatcher, type IncomingPayment, type OpenInvoice } from './match-payment.ts';
import { ocrTypoVariants } from './ocr.ts';
import { ocrCheckOnly, ocrWithLength } from './fixtures/open-invoices.ts';

type Of<A> = A extends fc.Arbitrary<infer T> ? T : never;

const customers = [
  { customerNo: 'K1', customerName: 'ACME AB' },
  { customerNo: 'K2', customerName: 'Kalles Plåt HB' },
  { customerNo: 'K3', customerName: 'Berits Garn' },
];
const payerNames = ['Acme Aktiebolag', 'KALLES PLAT', 'Berits Gran', 'Okänd Person', null];
const currencies = ['SEK', 'EUR'];

const invoiceArb = fc.record({
  customer: fc.integer({ min: 0, max: customers.length - 1 }),
  currency: fc.constantFrom(...currencies),
  openMinor: fc.oneof(fc.integer({ min: 0, max: 5_000 }), fc.constantFrom(100, 200, 300, 500)),
  extraMinor: fc.integer({ min: 0, max: 1_000 }),
  issueDay: fc.integer({ min: 1, max: 28 }),
  ocr: fc.constantFrom('length', 'check', 'none', 'shared'),
});

const paymentArb = fc.record({
  amountMinor: fc.oneof(fc.integer({ min: -2_000, max: 12_000 }), fc.constantFrom(100, 300, 500, 800)),
  currency: fc.constantFrom(...currencies),
  day: fc.integer({ min: 1, max: 28 }),
  month: fc.constantFrom('01', '03', '06', '12'),
  reference: fc.constantFrom('ocr', 'typo', 'base', 'several', 'random', 'none'),
  target: fc.nat(),
  textTargets: fc.array(fc.nat(), { maxLength: 4 }),
  payer: fc.integer({ min: 0, max: payerNames.length - 1 }),
  reversal: fc.boolean(),
});

const settingsArb = fc.record({
  thresholdScore: fc.constantFrom(0, 0.3, 0.6, 0.8, 0.95, 1),
  dateWindowDays: fc.integer({ min: 0, max: 120 }),
  allowPartial: fc.boolean(),
  allowOverpayment: fc.boolean(),
  invoicesMax: fc.integer({ min: 1, max: 6 }),
});

function buildInvoices(raw: Of<typeof invoiceArb>[]): OpenInvoice[] {
  return raw.map((r, i) => {
    const invoiceNumber = String(1000 + i);
    const ocrReference = r.ocr === 'length' ? ocrWithLength(invoiceNumber) : r.ocr === 'check' ? ocrCheckOnly(invoiceNumber) : r.ocr === 'shared' ? '655969' : null;
    const issueDate = `2026-03-${String(r.issueDay).padStart(2, '0')}`;
    return { invoiceNumber, ...customers[r.customer], currency: r.currency, openMinor: r.openMinor, amountMinor: r.openMinor + r.extraMinor, issueDate, dueDate: `2026-04-${String(r.issueDay).padStart(2, '0')}`, ocrReference };
  });
}

function buildPayments(raw: Of<typeof paymentArb>[], invoices: OpenInvoice[]): IncomingPayment[] {
  return raw.map((r, i) => {
    const target = invoices.length ? invoices[r.target % invoices.length] : undefined;
    const ocr = target?.ocrReference ?? ocrWithLength(target?.invoiceNumber ?? '42');
    const reference = r.reference === 'ocr' ? ocr
      : r.reference === 'typo' ? ocrTypoVariants(ocr)[r.target % 20]
      : r.reference === 'base' ? ocrCheckOnly(target?.invoiceNumber ?? '42')
      : r.reference === 'several' ? invoices.slice(0, 3).map((inv) => inv.ocrReference ?? inv.invoiceNumber).join(' ')
      : r.reference === 'random' ? String(r.target * 7919)
      : null;
    const text = r.textTargets.length && invoices.length ? `Fakturor ${r.textTargets.map((t: number) => invoices[t % invoices.length].invoiceNumber).join(', ')}` : null;
    return {
      id: `P${i}`, amountMinor: r.amountMinor, currency: r.currency, bookingDate: `2026-${r.month}-${String(r.day).padStart(2, '0')}`,
      reference, text, counterpartyName: payerNames[r.payer], reversal: r.reversal && r.target % 5 === 0,
    };
  });
}

describe('matching properties', () => {
  it('never settles beyond the open amount or the payment, and only in the payment currency', () => {
    fc.assert(
      fc.property(fc.array(invoiceArb, { minLength: 0, maxLength: 14 }), fc.array(paymentArb, { minLength: 1, maxLength: 20 }), settingsArb, (rawInvoices, rawPayments, settings) => {
        const invoices = buildInvoices(rawInvoices);
        const payments = buildPayments(rawPayments, invoices);
        const byNumber = new Map(invoices.map((inv) => [inv.invoiceNumber, inv]));
        const settled = new Map<string, number>();
        const matcher = createMatcher(invoices, settings);
        for (const payment of payments) {
          const openBefore = new Map(invoices.map((inv) => [inv.invoiceNumber, matcher.openMinorOf(inv.invoiceNumber)!]));
          const decision = matcher.match(payment);
          matcher.apply(decision);
          const allocated = decision.allocations.reduce((sum, a) => sum + a.amountMinor, 0);
          expect(decision.candidates.length).toBeLessThanOrEqual(5);
          if (decision.kind === 'exception') {
            expect(decision.allocations).toEqual([]);
            expect(decision.exceptionReason).toBeDefined();
            continue;
          }
          expect(payment.amountMinor).toBeGreaterThan(0);
          expect(payment.reversal).toBe(false);
          expect(allocated).toBeLessThanOrEqual(payment.amountMinor);
          expect(decision.score).toBeGreaterThanOrEqual(settings.thresholdScore);
          const customersHit = new Set<string>();
          for (const a of decision.allocations) {
            const inv = byNumber.get(a.invoiceNumber)!;
            expect(inv.currency).toBe(payment.currency);
            expect(a.amountMinor).toBeGreaterThan(0);
            expect(a.amountMinor).toBeLessThanOrEqual(openBefore.get(a.invoiceNumber)!);
            settled.set(a.invoiceNumber, (settled.get(a.invoiceNumber) ?? 0) + a.amountMinor);
            customersHit.add(inv.customerNo);
          }
          expect(new Set(decision.allocations.map((a) => a.invoiceNumber)).size).toBe(decision.allocations.length);
          switch (decision.kind) {
            case 'matched':
              expect(decision.allocations).toHaveLength(1);
              expect(allocated).toBe(payment.amountMinor);
              expect(allocated).toBe(openBefore.get(decision.allocations[0].invoiceNumber));
              break;
            case 'partial':
              expect(settings.allowPartial).toBe(true);
              expect(allocated).toBe(payment.amountMinor);
              expect(decision.remainingMinor).toBe(openBefore.get(decision.allocations[0].invoiceNumber)! - allocated);
              expect(decision.remainingMinor).toBeGreaterThan(0);
              break;
            case 'overpaid':
              expect(settings.allowOverpayment).toBe(true);
              expect(decision.excessMinor).toBeGreaterThan(0);
              expect(allocated + decision.excessMinor!).toBe(payment.amountMinor);
              break;
            case 'multi':
              expect(decision.allocations.length).toBeGreaterThanOrEqual(2);
              expect(decision.allocations.length).toBeLessThanOrEqual(settings.invoicesMax);
              expect(customersHit.size).toBe(1);
              expect(allocated).toBe(payment.amountMinor);
              break;
          }
        }
        for (const inv of invoices) {
          const total = settled.get(inv.invoiceNumber) ?? 0;
          expect(total).toBeLessThanOrEqual(inv.openMinor);
          expect(matcher.openMinorOf(inv.invoiceNumber)).toBe(inv.openMinor - total);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('reaches every outcome with these generators (so the properties above are not vacuous)', () => {
    const kinds = new Set<string>();
    fc.assert(
      fc.property(fc.array(invoiceArb, { minLength: 1, maxLength: 14 }), fc.array(paymentArb, { minLength: 1, maxLength: 20 }), settingsArb, (rawInvoices, rawPayments, settings) => {
        const invoices = buildInvoices(rawInvoices);
        for (const decision of createMatcher(invoices, settings).matchAll(buildPayments(rawPayments, invoices))) {
          kinds.add(decision.kind === 'exception' ? decision.exceptionReason! : decision.kind);
        }
      }),
      { numRuns: 400, seed: 20260511 },
    );
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['matched', 'partial', 'overpaid', 'multi', 'ambiguous', 'currency_mismatch', 'reversal', 'not_incoming', 'below_threshold', 'no_match']));
  });

  it('decides the same payment the same way every time (no hidden state besides open amounts)', () => {
    fc.assert(
      fc.property(fc.array(invoiceArb, { maxLength: 10 }), paymentArb, (rawInvoices, rawPayment) => {
        const invoices = buildInvoices(rawInvoices);
        const [payment] = buildPayments([rawPayment], invoices);
        const one = createMatcher(invoices).match(payment);
        const two = createMatcher(invoices).match(payment);
        expect(two).toEqual(one);
      }),
      { numRuns: 200 },
    );
  });
});
