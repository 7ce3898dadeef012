/**
 * post-voucher's counterparty (BFL 5:7): taken from the event when the node
 * does not say (a bank line's counterparty, a supplier invoice's supplier),
 * or from the node's expression (a name, or { name, id }; null: none).
 */
import { describe, expect, it } from 'vitest';
import type { AutomationDocumentInput } from '../../shared/automation/schema.ts';
import { validateAutomation } from '../../shared/automation/validate.ts';
import { defaultCounterparty } from '../../shared/nodes/post-voucher.ts';
import { executeRun } from '../engine/engine.ts';
import type { EngineContext } from '../engine/types.ts';
import type { VoucherDraft } from '../ledger/types.ts';

function context(drafts: VoucherDraft[]): EngineContext {
  return {
    clock: { now: () => new Date('2026-11-30T12:00:00Z'), elapsedMs: () => 0 },
    newId: () => 'id', logger: { info: () => {}, warn: () => {} },
    ledger: { propose: (draft: VoucherDraft) => { drafts.push(draft); return { ok: true as const, ref: `proposal-${drafts.length}` }; } },
  };
}

const document = (trigger: string, counterparty?: unknown): AutomationDocumentInput => ({
  id: 'cp', name: 'Counterparty',
  nodes: [
    { id: 't', type: trigger, config: {} },
    { id: 'post', type: 'post-voucher', name: 'Book', config: {
      series: 'E', text: 'Test', date: '2026-11-30',
      lines: [{ account: '6570', side: 'debit', amount: 2500 }, { account: '1930', side: 'credit', amount: null }],
      ...(counterparty === undefined ? {} : { counterparty }),
    } },
  ],
  edges: [{ id: 'e1', source: 't', target: 'post' }],
});

async function counterpartyOf(doc: AutomationDocumentInput, event: Record<string, unknown>) {
  const validated = validateAutomation(doc);
  expect(validated.issues.filter((i) => i.severity === 'error')).toEqual([]);
  const drafts: VoucherDraft[] = [];
  const result = await executeRun({ runId: 'r', document: validated.document!, event, eventKey: 'test:1', sourceRef: null }, context(drafts));
  return { result, counterparty: drafts[0]?.counterparty };
}

const bankLine = { id: 'L1', bookingDate: '2026-11-30', amountMinor: -2500, currency: 'SEK', text: 'AVGIFT', reference: null, counterparty: 'Bankgirocentralen BGC AB' };
const supplierInvoice = { id: 'in-1', supplierId: 'L2003', supplierName: 'Kontorsgiganten AB', invoiceNumber: 'LF-1', totalMinor: 2500, currency: 'SEK' };

describe('post-voucher: counterparty', () => {
  it('takes the bank line\'s counterparty when the node does not say', async () => {
    expect((await counterpartyOf(document('bank-line-imported'), bankLine)).counterparty).toEqual({ name: 'Bankgirocentralen BGC AB', id: null });
  });

  it('takes the supplier of a supplier invoice, with its number', async () => {
    expect((await counterpartyOf(document('supplier-invoice-arrived'), supplierInvoice)).counterparty).toEqual({ name: 'Kontorsgiganten AB', id: 'L2003' });
  });

  it('has none when the event names none', async () => {
    expect((await counterpartyOf(document('bank-line-imported'), { ...bankLine, counterparty: null })).counterparty).toBeNull();
    expect((await counterpartyOf(document('bank-line-imported'), { ...bankLine, counterparty: '   ' })).counterparty).toBeNull();
  });

  it('follows the node\'s counterparty: a text template, JSON Logic giving a name or { name, id }, null for none, empty for the event\'s', async () => {
    const named = await counterpartyOf(document('bank-line-imported', { cat: ['Bank: ', { var: 'event.text' }] }), bankLine);
    expect(named.counterparty).toEqual({ name: 'Bank: AVGIFT', id: null });
    const fixed = await counterpartyOf(document('bank-line-imported', 'Telia Sverige AB'), bankLine);
    expect(fixed.counterparty).toEqual({ name: 'Telia Sverige AB', id: null });
    const template = await counterpartyOf(document('bank-line-imported', 'Bank {{event.text}}'), bankLine);
    expect(template.counterparty).toEqual({ name: 'Bank AVGIFT', id: null });
    const empty = await counterpartyOf(document('bank-line-imported', ''), bankLine);
    expect(empty.counterparty).toEqual({ name: 'Bankgirocentralen BGC AB', id: null });
    const object = await counterpartyOf(document('bank-line-imported', { if: [true, { name: 'Kontorsgiganten AB', id: 'L2003' }, null] }), bankLine);
    expect(object.counterparty).toEqual({ name: 'Kontorsgiganten AB', id: 'L2003' });
    const none = await counterpartyOf(document('bank-line-imported', null), bankLine);
    expect(none.counterparty).toBeNull();
  });

  it('fails the step when the expression gives something that is not a name', async () => {
    const { result } = await counterpartyOf(document('bank-line-imported', { var: 'event.amountMinor' }), bankLine);
    expect(result.status).toBe('failed');
    expect(result.reason).toBe('"Book": invalid_counterparty: The counterparty expression gave -2500, not a name or { "name": …, "id": … }');
  });

  it('defaultCounterparty reads the event kinds in order and ignores blanks', () => {
    expect(defaultCounterparty({ customerName: 'Acme AB', customerId: 1001 })).toEqual({ name: 'Acme AB', id: '1001' });
    expect(defaultCounterparty({ counterparty: '', supplierName: 'X AB', supplierId: null })).toEqual({ name: 'X AB', id: null });
    expect(defaultCounterparty(null)).toBeNull();
  });
});
