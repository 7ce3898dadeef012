/**
 * Migration 0034: an inbox item and a run keep their reason's message code
 * and parameters beside the English text, and the lists show them in the
 * reader's language; a row without a code shows its stored text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BankLinesResponse, ExceptionItem, RunSummary } from '../../shared/api.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ today: new Date('2026-11-29T12:00:00Z') });
});
afterAll(() => t.close());

const swedish = { 'accept-language': 'sv-SE' };
const sql = (statement: string, args: (string | number | null)[] = []) => t.database.client.execute({ sql: statement, args });

describe('stored reasons (migration 0034)', () => {
  let exceptionId: string;
  beforeAll(async () => {
    // money in that no bank rule knows: every rule says why, and the line goes to the inbox
    const line = { id: 'LANG-IN-1', bookingDate: '2026-11-20', amountMinor: 777_700, currency: 'SEK', text: 'INSÄTTNING KONTANT', reference: null, counterparty: null };
    const response = await t.post('/api/companies/demo/bank-lines', line);
    expect(response.status).toBe(200);
    exceptionId = ((await response.json()) as BankLinesResponse).results[0].exceptionId!;
    expect(exceptionId).toBeTruthy();
  });

  it('keeps the inbox reason\'s code and parameters beside its English text', async () => {
    const [row] = (await sql('SELECT reason, reason_code, reason_params FROM exceptions WHERE id = ?', [exceptionId])).rows;
    expect(row.reason).toMatch(/^No automation handled this bank line: Customer payments: Payment not matched \(no_match\): .*; the other rules did not apply \(.*Bank fees.*\)$/);
    expect(row.reason_code).toBe('inbox.no_automation_handled');
    const params = JSON.parse(String(row.reason_params)) as { details: { code: string }[] };
    expect(params.details.map((d) => d.code)).toEqual(['inbox.automation_said', 'inbox.other_rules_did_not_apply']);
  });

  it('shows the inbox reason in Swedish when asked, in English otherwise', async () => {
    const item = async (headers: Record<string, string>) =>
      ((await (await t.request('/api/companies/demo/exceptions', { headers })).json()) as ExceptionItem[]).find((e) => e.id === exceptionId)!;
    expect((await item({})).reason).toMatch(/^No automation handled this bank line: Customer payments: Payment not matched/);
    const sv = (await item(swedish)).reason;
    // the demo's examples by their Swedish names (shared/i18n: example.*), the names listed as before
    expect(sv).toMatch(/^Ingen automatisering hanterade bankraden: Kundinbetalningar: Betalningen matchades inte \(ingen faktura stämmer\): .*; de andra reglerna gällde inte \(.*Kortavräkningar, .*Bankavgifter\)$/);
  });

  it('keeps a run\'s reason code, and shows its reason in Swedish on the runs list and the run', async () => {
    const runsOf = async (headers: Record<string, string>) =>
      (await (await t.request('/api/companies/demo/runs?sourceRef=bank-line:LANG-IN-1', { headers })).json()) as RunSummary[];
    const fees = (await runsOf({})).find((r) => r.automationId === 'bank-fees')!;
    expect(fees.reason).toMatch(/took the "false" branch, which leads nowhere$/);
    const [row] = (await sql('SELECT reason_code, reason_params FROM runs WHERE id = ?', [fees.id])).rows;
    expect(row.reason_code).toBe('run.branch_leads_nowhere');
    expect(JSON.parse(String(row.reason_params))).toMatchObject({ branch: { code: 'branch.false' } });
    expect((await runsOf(swedish)).find((r) => r.id === fees.id)!.reason).toMatch(/tog grenen "falskt", som inte leder vidare$/);
    const detail = (await (await t.request(`/api/companies/demo/runs/${fees.id}`, { headers: swedish })).json()) as RunSummary;
    expect(detail.reason).toMatch(/tog grenen "falskt", som inte leder vidare$/);
  });

  it('shows a row written before the codes (or in a person\'s words) as it was stored, in either language', async () => {
    await sql(`INSERT INTO exceptions (id, company_id, source_ref, reason, status, payload, created_at)
      VALUES ('old-reason', 'demo', 'event:old-reason', 'An old reason, in English', 'open', '{}', '2026-11-01T00:00:00.000Z')`);
    const sv = ((await (await t.request('/api/companies/demo/exceptions', { headers: swedish })).json()) as ExceptionItem[]).find((e) => e.id === 'old-reason')!;
    expect(sv.reason).toBe('An old reason, in English');
  });
});
