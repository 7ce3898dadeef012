import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { BankAccount } from '../../../shared/api.ts';
import { auditEvents } from '../../db/schema.ts';
import { createTestApp, type TestApp } from '../../http/test-app.ts';
import { ibanValid, luhnValid, normaliseGiro, normaliseIban } from './accounts.ts';

let testApp: TestApp;
beforeAll(async () => { testApp = await createTestApp(); });
afterAll(() => testApp.close());

const path = '/api/companies/demo/bank-accounts';
const savings = { id: 'savings', name: 'Sparkonto', ledgerAccount: '1940', iban: 'SE35 5000 0000 0549 1000 0003', bankgiro: '5050-1055', currency: 'SEK' };

describe('account numbers', () => {
  it('checks IBANs mod 97 and giro numbers mod 10, normalised first', () => {
    expect(ibanValid(normaliseIban('se45 5000 0000 0583 9825 7466'))).toBe(true);
    expect(ibanValid('SE4550000000058398257467')).toBe(false);
    expect(ibanValid('SE45')).toBe(false);
    expect(luhnValid(normaliseGiro('991-2346'))).toBe(true);
    expect(luhnValid('9912347')).toBe(false);
  });
});

describe('bank accounts over HTTP', () => {
  it('lists the demo company\'s account', async () => {
    const response = await testApp.request(path);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([expect.objectContaining({
      id: 'main', ledgerAccount: '1930', iban: 'SE4550000000058398257466', bankgiro: '9912346', currency: 'SEK', csvMapping: null,
    })]);
  });

  it('creates one, normalised, audited, and lists it', async () => {
    const response = await testApp.post(path, savings);
    expect(response.status).toBe(201);
    const created = (await response.json()) as BankAccount;
    expect(created).toMatchObject({ id: 'savings', iban: 'SE3550000000054910000003', bankgiro: '50501055', plusgiro: null, createdBy: expect.stringMatching(/^token:/) });
    const listed = (await (await testApp.request(path)).json()) as BankAccount[];
    expect(listed.map((a) => a.id)).toEqual(['main', 'savings']);
    const audit = await testApp.database.db.select().from(auditEvents)
      .where(and(eq(auditEvents.companyId, 'demo'), eq(auditEvents.action, 'bank_account.create')));
    expect(audit).toHaveLength(1);
    expect(audit[0].subject).toBe('bank-account:savings');
  });

  it('answers 409 naming the id, IBAN or bankgiro already taken', async () => {
    for (const [body, field, text] of [
      [{ ...savings, iban: undefined, bankgiro: undefined }, 'id', 'id "savings"'],
      [{ ...savings, id: 'other', iban: 'SE4550000000058398257466', bankgiro: undefined }, 'iban', 'IBAN SE45 5000 0000 0583 9825 7466 is already bank account "main"'],
      [{ ...savings, id: 'other', iban: undefined, bankgiro: '991-2346' }, 'bankgiro', 'Bankgiro 9912346 is already bank account "main"'],
    ] as const) {
      const response = await testApp.post(path, body);
      expect(response.status).toBe(409);
      const answer = (await response.json()) as { error: string; message: string; field: string };
      expect(answer).toMatchObject({ error: 'conflict', field });
      expect(answer.message).toContain(text);
    }
  });

  it('refuses a bad IBAN, a bad bankgiro, a ledger account not in the chart or not a bank account, a bad CSV mapping', async () => {
    for (const [body, status, path_] of [
      [{ ...savings, id: 'x1', iban: 'SE45 5000 0000 0583 9825 7467', bankgiro: undefined }, 422, 'iban'],
      [{ ...savings, id: 'x2', iban: undefined, bankgiro: '991-2347' }, 422, 'bankgiro'],
      [{ ...savings, id: 'x3', iban: undefined, bankgiro: undefined, ledgerAccount: '1999' }, 422, 'ledgerAccount'],
      [{ ...savings, id: 'x4', iban: undefined, bankgiro: undefined, ledgerAccount: '2440' }, 400, 'ledgerAccount'],
      [{ ...savings, id: 'x5', iban: undefined, bankgiro: undefined, csvMapping: { version: 1 } }, 422, 'csvMapping.accountId'],
    ] as const) {
      const response = await testApp.post(path, body);
      expect(response.status, JSON.stringify(body)).toBe(status);
      const answer = (await response.json()) as { issues: { path: string }[] };
      expect(answer.issues.map((i) => i.path)).toContain(path_);
    }
    const listed = (await (await testApp.request(path)).json()) as BankAccount[];
    expect(listed.map((a) => a.id)).toEqual(['main', 'savings']);
  });

  it('answers 409 for a plusgiro already taken: a statement naming it must pick one account', async () => {
    const plusgiro = { id: 'pg-1', name: 'Plusgirokonto', ledgerAccount: '1920', currency: 'SEK', plusgiro: '4-2' }; // 42: Luhn-valid
    expect((await testApp.post(path, plusgiro)).status).toBe(201);
    const response = await testApp.post(path, { ...plusgiro, id: 'pg-2' });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: 'conflict', field: 'plusgiro', message: 'Plusgiro 42 is already bank account "pg-1"' });
  });

  it('is for admins only: 403 with events:write', async () => {
    const token = await testApp.tokenFor('demo', ['read', 'events:write']);
    const response = await testApp.post(path, { ...savings, id: 'y', iban: undefined, bankgiro: undefined }, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(403);
    expect((await testApp.request(path, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  });
});
