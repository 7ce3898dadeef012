/**
 * post-voucher with an event in another currency: converted at the event's rate or the company's
 * (the rates port), the lines carrying currency, amount and rate, a rounding difference on 3740;
 * without a rate the step fails and nothing is proposed.
 */
import { describe, expect, it } from 'vitest';
import { validateAutomation } from '../../shared/automation/validate.ts';
import type { AutomationDocumentInput } from '../../shared/automation/schema.ts';
import { executeRun } from '../engine/engine.ts';
import type { EngineContext } from '../engine/types.ts';
import type { VoucherDraft } from '../ledger/types.ts';

const document: AutomationDocumentInput = {
  schemaVersion: 1, id: 'split-fee', name: 'Split fee', version: 1, status: 'draft',
  nodes: [
    { id: 'trigger', type: 'bank-line-imported', version: 1, name: 'Bank line', position: { x: 0, y: 0 }, config: {} },
    { id: 'post', type: 'post-voucher', version: 1, name: 'Book it', position: { x: 200, y: 0 }, config: {
      series: 'E', text: '{{event.text}}', date: { var: 'event.bookingDate' },
      lines: [
        { account: '6570', side: 'debit', amount: 1 },
        { account: '6570', side: 'debit', amount: 1 },
        { account: { var: 'event.bankAccount' }, side: 'credit', amount: null },
      ],
    } },
  ],
  edges: [{ id: 'e1', source: 'trigger', target: 'post', sourceHandle: 'out' }],
};

const context = (rates: Record<string, string>, calls: string[] = []): EngineContext & { drafts: VoucherDraft[] } => {
  const drafts: VoucherDraft[] = [];
  return {
    drafts,
    clock: { now: () => new Date('2026-11-30T12:00:00Z'), elapsedMs: () => 0 },
    newId: () => 'id', logger: { info: () => {}, warn: () => {} },
    ledger: { propose: (draft) => { drafts.push(draft); return { ok: true, ref: `p${drafts.length}`, index: drafts.length - 1 }; } },
    ports: {
      rates: {
        baseCurrency: 'SEK',
        rate: async (currency, date) => { calls.push(`${currency} ${date}`); return rates[`${currency} ${date}`] ? { rate: rates[`${currency} ${date}`], date } : null; },
        bookedInvoices: async () => new Map(),
      },
    },
  };
};
const event = (extra: Record<string, unknown> = {}) => ({ id: 'L1', bookingDate: '2026-11-03', amountMinor: -2, currency: 'EUR', text: 'FEE', bankAccount: '1940', ...extra });
const run = (ctx: EngineContext, e: Record<string, unknown>) =>
  executeRun({ runId: 'r', document: validateAutomation(document).document!, event: e, eventKey: 'k', sourceRef: null }, ctx);

describe('post-voucher in another currency', () => {
  it('converts each line at the company\'s rate and puts the rounding öre on 3740 (0.01 + 0.01 EUR vs 0.02 EUR at 11.25)', async () => {
    const calls: string[] = [];
    const ctx = context({ 'EUR 2026-11-03': '11.25' }, calls);
    const result = await run(ctx, event());
    expect(result.status).toBe('posted');
    expect(calls).toEqual(['EUR 2026-11-03']);
    expect(ctx.drafts[0].lines.map((l) => [l.account, l.debitMinor ?? 0, l.creditMinor ?? 0, l.currency ?? 'SEK', l.currencyAmountMinor ?? null])).toEqual([
      ['6570', 11, 0, 'EUR', 1], ['6570', 11, 0, 'EUR', 1], ['1940', 0, 23, 'EUR', 2], ['3740', 1, 0, 'SEK', null],
    ]);
    expect(result.trace[1].input).toMatchObject({ currency: 'EUR', rate: '11.25', rateFrom: "the company's rate of 2026-11-03" });
  });

  it('uses the event\'s own rate before the table, and refuses one that is not a rate', async () => {
    const calls: string[] = [];
    const ctx = context({}, calls);
    expect((await run(ctx, event({ exchangeRate: '11.50', amountMinor: -1000 }))).status).toBe('posted');
    expect(calls).toEqual([]);
    const bad = await run(context({}), event({ exchangeRate: 11.5 }));
    expect(bad.status).toBe('failed');
    expect(bad.reason).toMatch(/invalid_exchange_rate: The event's exchangeRate 11.5 is not a rate above zero/);
  });

  it('without a rate: fails naming the missing rate, proposes nothing; SEK needs no rate', async () => {
    const ctx = context({});
    const result = await run(ctx, event());
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(/no_exchange_rate: No EUR→SEK rate for 2026-11-03/);
    expect(ctx.drafts).toEqual([]);
    const sek = context({});
    expect((await run(sek, event({ currency: 'SEK' }))).status).toBe('posted');
    expect(sek.drafts[0].lines.every((l) => l.currencyAmountMinor === undefined)).toBe(true);
  });
});
