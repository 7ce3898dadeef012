/**
 * A statement line's fields as bank_lines columns (migration 0023), each
 * imported statement as a bank_statements row, and Run again / Run now on a
 * stored line seeing the event the import fired — reversal and all.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { BankStatementImport, ExceptionItem } from '../../../shared/api.ts';
import { bankLines, bankStatements } from '../../db/schema.ts';
import { createTestApp, type TestApp } from '../../http/test-app.ts';
import { bankLineOf } from './bank-lines.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());

const camt = readFileSync(new URL('../../formats/camt/fixtures/camt053-v2.xml', import.meta.url));
const upload = (body: Uint8Array) =>
  t.request('/api/companies/demo/bank-statements', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: new Uint8Array(body) });

async function firstEventPayload(lineId: string): Promise<Record<string, unknown>> {
  const { rows } = await t.database.client.execute({ sql: 'SELECT payload FROM events WHERE company_id = ? AND event_key = ?', args: ['demo', `bank-line:${lineId}`] });
  return JSON.parse(String(rows[0].payload)) as Record<string, unknown>;
}

describe('statement fields on bank lines', () => {
  let imported: BankStatementImport;
  beforeAll(async () => {
    const response = await upload(camt);
    imported = (await response.json()) as BankStatementImport;
    expect(response.status, JSON.stringify(imported)).toBe(200);
  });

  it('stores valueDate, counterparty account, reversal, transaction code, bank account and statement as columns', async () => {
    const [reversal] = await t.database.db.select().from(bankLines).where(and(eq(bankLines.companyId, 'demo'), eq(bankLines.id, 'REF-0006:1')));
    expect(reversal).toMatchObject({ reversal: true, bankAccountId: 'main', statementId: 'STMT-2026-11-30', bankAccount: '1930', amountMinor: 15025 });
    const lines = await t.database.db.select().from(bankLines).where(and(eq(bankLines.companyId, 'demo'), eq(bankLines.statementId, 'STMT-2026-11-30')));
    expect(lines).toHaveLength(6);
    expect(lines.filter((l) => l.reversal === false)).toHaveLength(5);
    expect(lines.every((l) => l.bankAccountId === 'main' && l.valueDate !== undefined && l.transactionCode !== undefined)).toBe(true);
  });

  it('rebuilds from the row exactly the event the import fired, for every line', async () => {
    const lines = await t.database.db.select().from(bankLines).where(and(eq(bankLines.companyId, 'demo'), eq(bankLines.statementId, 'STMT-2026-11-30')));
    for (const line of lines) expect({ id: line.id, event: bankLineOf(line) }).toEqual({ id: line.id, event: await firstEventPayload(line.id) });
  });

  it('a line sent as JSON without statement fields gets none of them back', () => {
    const line = bankLineOf({
      id: 'X', bookingDate: '2026-11-30', amountMinor: -100, currency: 'SEK', text: 'AVGIFT', reference: null, counterparty: null, bankAccount: '1930',
      valueDate: null, counterpartyAccount: null, reversal: null, transactionCode: null, bankAccountId: null, statementId: null,
    });
    expect(line).toEqual({ id: 'X', bookingDate: '2026-11-30', amountMinor: -100, currency: 'SEK', text: 'AVGIFT', reference: null, counterparty: null, bankAccount: '1930' });
  });

  it('keeps one row per statement with its period and balances; importing it again changes nothing', async () => {
    const expected = {
      companyId: 'demo', bankAccountId: 'main', statementId: 'STMT-2026-11-30', format: 'camt.053', currency: 'SEK',
      openingMinor: 100000, closingMinor: 132550, creditMinor: 115050, debitMinor: -82500, lineCount: 6, originalId: imported.originalId,
    };
    expect(await t.database.db.select().from(bankStatements)).toMatchObject([expected]);
    const [row] = await t.database.db.select().from(bankStatements);
    expect(row.closingDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(row.toDate).toBe('2026-11-30');
    expect((await upload(camt)).status).toBe(200);
    expect(await t.database.db.select().from(bankStatements)).toEqual([row]);
  });

  it('Run again on the reversal line runs on the full event: event.reversal is still true', async () => {
    const open = (await (await t.request('/api/companies/demo/exceptions?status=open')).json()) as ExceptionItem[];
    const item = open.find((e) => e.sourceRef === 'bank-line:REF-0006:1');
    expect(item, JSON.stringify(open.map((e) => e.sourceRef))).toBeDefined();
    const response = await t.post(`/api/companies/demo/exceptions/${item!.id}/retry`, {});
    expect(response.status, await response.clone().text()).toBe(200);
    const { rows } = await t.database.client.execute({
      sql: "SELECT payload FROM events WHERE company_id = 'demo' AND event_key LIKE 'bank-line:REF-0006:1:retry:%'", args: [],
    });
    expect(rows).toHaveLength(1);
    const event = JSON.parse(String(rows[0].payload)) as Record<string, unknown>;
    expect(event.reversal).toBe(true);
    expect(event).toEqual(await firstEventPayload('REF-0006:1'));
  });

  it('Run now on a stored line sees the full event too', async () => {
    const response = await t.post('/api/companies/demo/automations/bank-fees/run', { source: 'bank-line:REF-0006:1' });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { runs?: { id: string }[]; run?: { id: string }; event?: Record<string, unknown> };
    expect(JSON.stringify(body)).toContain('"reversal":true');
  });

  it('the stored line is a record: its statement fields cannot be changed, only its status', async () => {
    await expect(t.database.client.execute("UPDATE bank_lines SET statement_id = 'OTHER' WHERE company_id = 'demo' AND id = 'REF-0006:1'")).rejects.toThrow(/record_immutable/);
    await expect(t.database.client.execute("UPDATE bank_lines SET reversal = 0 WHERE company_id = 'demo' AND id = 'REF-0006:1'")).rejects.toThrow(/record_immutable/);
    await t.database.client.execute("UPDATE bank_lines SET status = status WHERE company_id = 'demo' AND id = 'REF-0006:1'");
  });
});

describe('migration 0023 on lines stored before it', () => {
  it('fills the new columns from each line\'s first event, and guards them after', async () => {
    const { client } = t.database;
    const payload = {
      id: 'OLD-1', bookingDate: '2026-11-02', amountMinor: -990, currency: 'SEK', text: 'RETUR', reference: null, counterparty: 'X AB', bankAccount: '1930',
      valueDate: '2026-11-03', counterpartyAccount: 'SE1150000000050000000001', reversal: true, transactionCode: 'PMNT/ICDT/RRTN', bankAccountId: 'main', statementId: 'OLD-STMT',
    };
    // As before 0023: the line without the columns, its event with the fields.
    await client.execute({
      sql: `INSERT INTO bank_lines (company_id, id, bank_account, booking_date, amount_minor, currency, text, reference, counterparty, received_at, status)
            VALUES ('demo', 'OLD-1', '1930', '2026-11-02', -990, 'SEK', 'RETUR', NULL, 'X AB', '2026-11-02T10:00:00Z', 'unhandled')`, args: [],
    });
    await client.execute({
      sql: `INSERT INTO events (id, company_id, trigger_type, event_key, source_ref, payload, status, available_at, created_at)
            VALUES ('ev-old-1', 'demo', 'bank-line-imported', 'bank-line:OLD-1', 'bank-line:OLD-1', ?, 'done', '2026-11-02T10:00:00Z', '2026-11-02T10:00:00Z')`,
      args: [JSON.stringify(payload)],
    });
    const migration = readFileSync(new URL('../../db/migrations/0023_statement_line_fields.sql', import.meta.url), 'utf8').split('--> statement-breakpoint');
    const from = migration.findIndex((part) => part.includes('DROP TRIGGER bank_lines_only_status'));
    const to = migration.findIndex((part) => part.includes('CREATE TRIGGER bank_lines_only_status'));
    for (const statement of migration.slice(from, to + 1)) await client.execute(statement);
    const [row] = await t.database.db.select().from(bankLines).where(and(eq(bankLines.companyId, 'demo'), eq(bankLines.id, 'OLD-1')));
    expect(row).toMatchObject({
      valueDate: '2026-11-03', counterpartyAccount: 'SE1150000000050000000001', reversal: true, transactionCode: 'PMNT/ICDT/RRTN', bankAccountId: 'main', statementId: 'OLD-STMT',
    });
    expect(bankLineOf(row)).toEqual(payload);
    await expect(client.execute("UPDATE bank_lines SET value_date = NULL WHERE company_id = 'demo' AND id = 'OLD-1'")).rejects.toThrow(/record_immutable/);
  });
});
