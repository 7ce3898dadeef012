import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { Ledger } from './ledger.ts';

/** The SIE exemption from the VAT check is a flag only importSie sets, not something a caller can claim with a sourceRef. */
describe('the VAT check cannot be bypassed with a sourceRef', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(() => t.close());
  const lines = [
    { account: '1930', debitMinor: 13_000 }, { account: '3001', creditMinor: 10_000, vatCode: 'MP1' }, { account: '2611', creditMinor: 3_000 },
  ];

  it("POST …/vouchers with sourceRef 'sie:A:999' is refused 400 by the request schema (the ref is the import's own)", async () => {
    const response = await t.post('/api/companies/demo/vouchers', { date: '2026-05-04', text: 'Försäljning', sourceRef: 'sie:A:999', lines });
    expect(response.status).toBe(400);
    const body = await response.json() as { error: { message: string } };
    expect(JSON.stringify(body)).toContain('sourceRef');
  });

  it('a voucher the ledger is given with a sie: ref but without the import flag is still VAT-checked', async () => {
    const refusal = await new Ledger(t.database.db).post('demo', [{ date: '2026-05-04', series: 'A', text: 'Försäljning', registeredBy: 'user:test', sourceRef: 'sie:A:999', lines }])
      .catch((e: unknown) => e);
    expect(refusal).toMatchObject({ code: 'vat_amount_mismatch', lineIndex: 1 });
  });

  it('the import flag keeps history as written', async () => {
    const [{ voucher }] = await new Ledger(t.database.db).post('demo', [{
      date: '2026-05-04', series: 'A', text: 'Försäljning', registeredBy: 'user:test', sourceRef: 'sie:A:999', importedHistory: true, lines,
    }]);
    expect(voucher.lines[2].creditMinor).toBe(3_000);
  });
});
