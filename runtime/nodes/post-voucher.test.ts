/**
 * post-voucher with an account expression: the line's account is worked out
 * from the event when the node runs, checked (four digits here, an active
 * account of the chart by the ledger), and an error names the node and line.
 */
import { describe, expect, it } from 'vitest';
import type { AutomationDocumentInput } from '../../shared/automation/schema.ts';
import { validateAutomation } from '../../shared/automation/validate.ts';
import { executeRun } from '../engine/engine.ts';
import type { EngineContext } from '../engine/types.ts';
import type { Chart } from '../ledger/chart.ts';
import { checkVoucher } from '../ledger/check.ts';
import { LedgerRefusal, type VoucherDraft } from '../ledger/types.ts';

const chart: Chart = {
  companyId: 'demo', baseCurrency: 'SEK',
  accounts: new Map([
    ['1930', { name: 'Företagskonto', active: true, type: 'asset' }],
    ['1940', { name: 'Övriga bankkonton', active: true, type: 'asset' }],
    ['1920', { name: 'PlusGiro', active: false, type: 'asset' }],
    ['6570', { name: 'Bankkostnader', active: true, type: 'expense' }],
  ]),
  series: new Set(['E']), vatCodes: new Map(), dimensionObjects: new Set(),
  fiscalYears: [{ year: 2026, startDate: '2026-01-01', endDate: '2026-12-31' }],
  periods: new Map(),
};

/** The ledger port as the runner wires it: every draft checked against the chart. */
function chartLedger() {
  const drafts: VoucherDraft[] = [];
  return {
    drafts,
    propose(draft: VoucherDraft) {
      try {
        checkVoucher(chart, draft);
      } catch (error) {
        if (!(error instanceof LedgerRefusal)) throw error;
        return { ok: false as const, code: error.code, message: error.message, lineIndex: error.lineIndex };
      }
      drafts.push(draft);
      return { ok: true as const, ref: `proposal-${drafts.length}` };
    },
  };
}

const context = (ledger = chartLedger()): EngineContext => ({
  clock: { now: () => new Date('2026-11-30T12:00:00Z'), elapsedMs: () => 0 },
  newId: () => 'id', logger: { info: () => {}, warn: () => {} }, ledger,
});

const fee = (account: unknown, extra: Record<string, unknown> = {}): AutomationDocumentInput => ({
  id: 'fee', name: 'Fee',
  nodes: [
    { id: 't', type: 'bank-line-imported', config: {} },
    { id: 'post', type: 'post-voucher', name: 'Book the fee', config: {
      series: 'E', text: 'Avgift', date: { var: 'event.bookingDate' },
      lines: [
        { account: '6570', side: 'debit', amount: { abs: { var: 'event.amountMinor' } }, ...extra },
        { account, side: 'credit', amount: { abs: { var: 'event.amountMinor' } } },
      ],
    } },
  ],
  edges: [{ id: 'e1', source: 't', target: 'post' }],
});

const line = (bankAccount: unknown) => ({ id: 'L1', bookingDate: '2026-11-30', amountMinor: -2500, currency: 'SEK', text: 'AVGIFT', reference: null, counterparty: null, bankAccount });

async function run(document: AutomationDocumentInput, event: Record<string, unknown>, ledger = chartLedger()) {
  const validated = validateAutomation(document);
  expect(validated.issues.filter((i) => i.severity === 'error')).toEqual([]);
  return executeRun({ runId: 'r', document: validated.document!, event, eventKey: 'test:L1', sourceRef: null }, context(ledger));
}

describe('post-voucher: an account from an expression', () => {
  it('books against the account the event names, and records it in the trace', async () => {
    for (const bankAccount of ['1930', '1940']) {
      const result = await run(fee({ var: 'event.bankAccount' }), line(bankAccount));
      expect(result.status).toBe('posted');
      expect(result.vouchers[0].lines.map((l) => [l.account, l.debitMinor ?? 0, l.creditMinor ?? 0])).toEqual([['6570', 2500, 0], [bankAccount, 0, 2500]]);
      expect(result.trace[1].input).toEqual({ date: '2026-11-30', accounts: ['6570', bankAccount], amountsMinor: [2500, 2500] });
    }
  });

  it('takes a whole number as its digits', async () => {
    const result = await run(fee({ '+': [1900, 40] }), line(null));
    expect(result.vouchers[0].lines[1].account).toBe('1940');
  });

  it('fails the run, naming the node and the line, when the expression gives no 4-digit account', async () => {
    for (const [bankAccount, shown] of [[null, 'null'], ['19300', '"19300"'], [undefined, 'null'], [{ ledgerAccount: '1930' }, '{"ledgerAccount":"1930"}']] as const) {
      const result = await run(fee({ var: 'event.bankAccount' }), line(bankAccount));
      expect(result.status).toBe('failed');
      expect(result.reason).toBe(`"Book the fee": invalid_account: Line 2: the account expression (event.bankAccount) gave ${shown}, not a 4-digit account of the chart`);
      expect(result.vouchers).toEqual([]);
    }
  });

  it('fails the run, naming the node and the template line, when the account is not in the chart or inactive', async () => {
    // line 1 is zero and dropped before the ledger sees the voucher: the message still names template line 3
    const document = fee({ var: 'event.bankAccount' });
    const post = document.nodes[1].config as { lines: unknown[] };
    post.lines.unshift({ account: '6570', side: 'debit', amount: 0 });
    const unknown = await run(document, line('1999'));
    expect(unknown).toMatchObject({ status: 'failed', reason: '"Book the fee": unknown_account: Line 3: the account expression (event.bankAccount) gave "1999", which is not an account of the chart' });
    const inactive = await run(document, line('1920'));
    expect(inactive).toMatchObject({ status: 'failed', reason: '"Book the fee": inactive_account: Line 3: the account expression (event.bankAccount) gave "1920", which is an inactive account' });
  });

  it('leaves a fixed account exactly as before (no accounts in the trace, the ledger\'s own message)', async () => {
    const fixed = await run(fee('1930'), line('1940'));
    expect(fixed.vouchers[0].lines[1].account).toBe('1930');
    expect(fixed.trace[1].input).toEqual({ date: '2026-11-30', amountsMinor: [2500, 2500] });
    const missing = await run(fee('1999'), line('1930'));
    expect(missing.reason).toBe('"Book the fee": unknown_account: Line 2: account 1999 does not exist');
  });

  it('routes a bad account to the error branch when it is connected', async () => {
    const document = fee({ var: 'event.bankAccount' });
    document.nodes.push({ id: 'review', type: 'flag-for-review', config: { reason: 'Could not book: {{steps.post.message}}' } });
    document.edges.push({ id: 'e2', source: 'post', target: 'review', sourceHandle: 'error' });
    const result = await run(document, line('1999'));
    expect(result).toMatchObject({ status: 'flagged', reason: 'Could not book: Line 2: the account expression (event.bankAccount) gave "1999", which is not an account of the chart' });
  });
});
