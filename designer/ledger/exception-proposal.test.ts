import { describe, expect, it } from 'vitest';
import type { ExceptionItem, RunDetail } from '../../shared/api.ts';
import { proposeBooking } from './exception-proposal.ts';

const item = (payload: unknown, reason = 'Flagged for review'): ExceptionItem => ({
  id: 'x1', sourceRef: 'webhook:w1', reason, runId: null, automationId: null, status: 'open', createdAt: '2026-11-30T10:00:00Z',
  payload, resolvedAt: null, resolvedBy: null, resolution: null,
});
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const pick = (form: ReturnType<typeof proposeBooking>) => form.lines.map((l) => [l.account, plain(l.debit), plain(l.credit), l.vatCode]);

describe('proposeBooking', () => {
  it('takes the voucher a post-voucher step of the run computed', () => {
    const run = {
      event: { amountMinor: 999, text: 'RÄNTA' },
      trace: [
        { nodeId: 't', nodeType: 'bank-line-imported', branch: 'out', durationMs: 0 },
        { nodeId: 'p', nodeType: 'post-voucher', branch: 'ok', durationMs: 1, output: { date: '2026-02-03', lines: [
          { account: '1930', debitMinor: 12345 }, { account: '8310', creditMinor: 12345, vatCode: '' },
        ] } },
      ],
    } as unknown as RunDetail;
    const form = proposeBooking(item({}), run, '2026-12-01');
    expect(form.date).toBe('2026-02-03');
    expect(form.text).toBe('RÄNTA');
    expect(pick(form)).toEqual([['1930', '123,45', '', ''], ['8310', '', '123,45', '']]);
  });

  it('books a supplier invoice by its lines, the input VAT and the payable', () => {
    const form = proposeBooking(item({
      id: 'in-1', supplierName: 'Kontorsgiganten AB', invoiceNumber: 'LF-1', invoiceDate: '2026-11-20', totalMinor: 12_500_000, vatMinor: 2_500_000,
      lines: [{ description: 'Möbler', amountMinor: 10_000_000, vatCode: 'I25', account: '5410' }],
    }), null, '2026-12-01');
    expect(form).toMatchObject({ date: '2026-11-20', text: 'Kontorsgiganten AB LF-1', series: 'A' });
    expect(pick(form)).toEqual([['5410', '100 000,00', '', 'I25'], ['2641', '25 000,00', '', ''], ['2440', '', '125 000,00', '']]);
  });

  it('puts any other event\'s amount on two lines to choose accounts for, dated by the event', () => {
    const form = proposeBooking(item({ webhookId: 'w1', event: { amountMinor: -2500, bookingDate: '2026-11-28', text: 'AVGIFT' } }), null, '2026-12-01');
    expect(form).toMatchObject({ date: '2026-11-28', text: 'AVGIFT' });
    expect(pick(form)).toEqual([['', '25,00', '', ''], ['', '', '25,00', '']]);
  });

  it('reads a signed webhook\'s body', () => {
    const form = proposeBooking(item({ webhookId: 'msg_1', endpointId: 'wh_1', receivedAt: '2026-11-27T08:00:00Z', payload: { amountMinor: 150000, text: 'Stripe payout' } }), null, '2026-12-01');
    expect(form).toMatchObject({ date: '2026-11-27', text: 'Stripe payout' });
    expect(pick(form)).toEqual([['', '1 500,00', '', ''], ['', '', '1 500,00', '']]);
  });

  it('without an amount: two empty lines, today, and the reason as the text', () => {
    const form = proposeBooking(item('not an object', 'Nothing handled it'), null, '2026-12-01');
    expect(form).toMatchObject({ date: '2026-12-01', text: 'Nothing handled it' });
    expect(pick(form)).toEqual([['', '', '', ''], ['', '', '', '']]);
  });
});
