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
});
