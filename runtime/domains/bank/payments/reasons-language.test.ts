/**
 * The matcher's detailed reasons in the request's language (issue 12): the
 * bank line's outcome and decisions, and the inbox reason that quotes the
 * first one; English, as stored, without Accept-Language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { bankLineDetailSchema, BankLineListItem, BankLinesResponse, ExceptionItem } from '../../../../shared/api.ts';
import { createTestApp, type TestApp } from '../../../http/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ today: new Date('2026-11-29T12:00:00Z') });
});
afterAll(() => t.close());

const swedish = { 'accept-language': 'sv-SE' };
type BankLineDetail = z.infer<typeof bankLineDetailSchema>;
const noMatch = 'no open invoice matches the reference, the remittance text, or the amount';
const ingenMatch = 'ingen öppen faktura stämmer med referensen, meddelandet eller beloppet';

describe('the matcher\'s reasons', () => {
  let exceptionId: string;
  beforeAll(async () => {
    const line = { id: 'REASON-IN-1', bookingDate: '2026-11-20', amountMinor: 123_457, currency: 'SEK', text: 'INBETALNING', reference: null, counterparty: 'Okänd Betalare AB' };
    const response = await t.post('/api/companies/demo/bank-lines', line);
    expect(response.status).toBe(200);
    exceptionId = ((await response.json()) as BankLinesResponse).results[0].exceptionId!;
    expect(exceptionId).toBeTruthy();
  });

  it('a bank line\'s outcome and decisions: English as stored, Swedish when asked', async () => {
    const detail = async (headers: Record<string, string>) =>
      (await (await t.request('/api/companies/demo/bank-lines/REASON-IN-1', { headers })).json()) as BankLineDetail;
    const en = await detail({});
    const sv = await detail(swedish);
    expect(en.outcome.reasons).toEqual([noMatch]);
    expect(sv.outcome.reasons).toEqual([ingenMatch]);
    expect(en.decisions[0].reasons).toEqual([noMatch]);
    expect(sv.decisions[0].reasons).toEqual([ingenMatch]);
    expect(sv.outcome.exceptionReason).toBe(en.outcome.exceptionReason); // codes stay
    const listed = async (headers: Record<string, string>) =>
      ((await (await t.request('/api/companies/demo/bank-lines?q=REASON-IN-1', { headers })).json()) as { lines: BankLineListItem[] }).lines[0];
    expect((await listed({})).outcome.reasons).toEqual([noMatch]);
    expect((await listed(swedish)).outcome.reasons).toEqual([ingenMatch]);
  });

  it('the inbox reason quotes it in the same language (stored as a code, migration 0034)', async () => {
    const item = async (headers: Record<string, string>) =>
      ((await (await t.request('/api/companies/demo/exceptions', { headers })).json()) as ExceptionItem[]).find((e) => e.id === exceptionId)!;
    expect((await item({})).reason).toContain(`Payment not matched (no_match): ${noMatch}`);
    expect((await item(swedish)).reason).toContain(`Betalningen matchades inte (ingen faktura stämmer): ${ingenMatch}`);
  });

  it('running the automations again (POST …/exceptions/{id}/retry) answers the runs\' reasons in the same language', async () => {
    type Retry = { runs: { automationId: string; reason: string | null }[]; exception: { reason: string | null } };
    const retry = async (headers: Record<string, string>) =>
      (await (await t.request(`/api/companies/demo/exceptions/${exceptionId}/retry`, { method: 'POST', headers })).json()) as Retry;
    const en = await retry({});
    const sv = await retry(swedish);
    expect(en.runs.find((r) => r.automationId === 'customer-payments')?.reason).toBe(`Payment not matched (no_match): ${noMatch}`);
    expect(sv.runs.find((r) => r.automationId === 'customer-payments')?.reason).toBe(`Betalningen matchades inte (ingen faktura stämmer): ${ingenMatch}`);
    expect(sv.exception.reason).toMatch(/^Ingen automatisering hanterade bankraden: /);
  });

  it('a matched payment: its reasons, and the automations that stood aside (runs list), in Swedish when asked', async () => {
    const open = (await (await t.request('/api/companies/demo/customer-invoices?status=open')).json()).invoices as { invoiceNumber: string; ocrReference: string; openMinor: number }[];
    const paid = { id: 'REASON-PAID-1', bookingDate: '2026-11-20', amountMinor: open[0].openMinor, currency: 'SEK', text: 'Inbetalning', reference: open[0].ocrReference, counterparty: null };
    expect((await t.post('/api/companies/demo/bank-lines', paid)).status).toBe(200);
    const detail = async (headers: Record<string, string>) =>
      (await (await t.request('/api/companies/demo/bank-lines/REASON-PAID-1', { headers })).json()) as BankLineDetail;
    const en = (await detail({})).outcome.reasons!;
    const sv = (await detail(swedish)).outcome.reasons!;
    expect(en).toContain(`OCR ${open[0].ocrReference} matches invoice ${open[0].invoiceNumber} exactly`);
    expect(sv).toContain(`OCR ${open[0].ocrReference} stämmer exakt med faktura ${open[0].invoiceNumber}`);
    expect(sv).toHaveLength(en.length);

    type Listed = { id: string; reason: string | null };
    const runs = async (headers: Record<string, string>) =>
      (await (await t.request('/api/companies/demo/runs?sourceRef=bank-line:REASON-PAID-1', { headers })).json()) as Listed[];
    const asideEn = (await runs({})).filter((r) => r.id.includes('~'));
    const asideSv = (await runs(swedish)).filter((r) => r.id.includes('~'));
    expect(asideEn.length).toBeGreaterThan(2);
    expect(asideEn[0].reason).toBe('The bank line was already booked by "customer-payments" (higher priority); it is booked once');
    expect(asideSv.map((r) => r.reason)).toEqual(asideEn.map(() => 'Redan bokförd av "customer-payments" (högre prioritet): en bankrad bokförs en gång'));
  });
});
