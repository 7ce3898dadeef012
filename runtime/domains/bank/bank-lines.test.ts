/**
 * storeBankLines: one lookup of the lines already stored and one INSERT (a
 * JSON parameter) per 5 000 lines. It answers the lines that are new — not
 * one stored before, nor a repeat within the call, wherever the statement
 * boundaries fall — and stores every field as given.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BankLine } from '../../../shared/nodes/index.ts';
import { rawExecutor } from '../../db/client.ts';
import { createTestApp, type TestApp } from '../../http/test-app.ts';
import { bankLineEvent, bankLineForms, bankLineKey, bankLinesPerStatement, storeBankLines, type ReceivedBankLine } from './bank-lines.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());

const receivedAt = '2026-03-10T08:00:00.000Z';
const line = (id: string, extra: Partial<BankLine> = {}): BankLine => ({
  id, bookingDate: '2026-03-09', amountMinor: 100, currency: 'SEK', text: '', reference: null, counterparty: null, ...extra,
});
const item = (l: BankLine, originalId: string | null = null): ReceivedBankLine => ({ companyId: 'demo', receivedAt, line: l, originalId });
const store = (items: ReceivedBankLine[]) => t.database.db.transaction((tx) => storeBankLines(rawExecutor(tx), items));

describe('storeBankLines', () => {
  it('stores every field as given', async () => {
    const full = line('FIELDS-1', {
      amountMinor: -9_007_199_254_740, text: 'Avgift "kort" \\ åäö 🧾', reference: '12345682', counterparty: 'Kund AB', bankAccount: '1931',
      valueDate: '2026-03-10', counterpartyAccount: 'SE3550000000054910000003', reversal: true, transactionCode: 'PMNT/RCDT/ESCT', bankAccountId: 'main', statementId: 'S-1',
    });
    expect([...await store([item(full, 'original-1'), item(line('FIELDS-2'))])]).toEqual([bankLineKey('demo', 'FIELDS-1'), bankLineKey('demo', 'FIELDS-2')]);
    const { rows } = await t.database.client.execute({ sql: "SELECT * FROM bank_lines WHERE company_id = 'demo' AND id LIKE 'FIELDS-%' ORDER BY id", args: [] });
    expect({ ...rows[0] }).toMatchObject({
      id: 'FIELDS-1', bank_account: '1931', booking_date: '2026-03-09', amount_minor: -9_007_199_254_740, currency: 'SEK', text: full.text, reference: '12345682',
      counterparty: 'Kund AB', received_at: receivedAt, status: 'received', original_id: 'original-1', value_date: '2026-03-10',
      counterparty_account: 'SE3550000000054910000003', reversal: 1, transaction_code: 'PMNT/RCDT/ESCT', bank_account_id: 'main', statement_id: 'S-1',
    });
    expect({ ...rows[1] }).toMatchObject({ id: 'FIELDS-2', bank_account: '1930', original_id: null, value_date: null, reversal: null, statement_id: null });
  });

  it('answers only the new lines across statement boundaries: none stored before, no repeat within the call', async () => {
    await store([item(line('SPAN-00003')), item(line(`SPAN-${String(bankLinesPerStatement + 1).padStart(5, '0')}`))]);
    const ids = Array.from({ length: bankLinesPerStatement + 3 }, (_, k) => `SPAN-${String(k).padStart(5, '0')}`);
    ids.push('SPAN-00004', `SPAN-${String(bankLinesPerStatement + 2).padStart(5, '0')}`); // repeats, one in each statement
    const fresh = await store(ids.map((id) => item(line(id, { text: `first ${id}` }))));
    expect(fresh.size).toBe(bankLinesPerStatement + 1);
    expect(fresh.has(bankLineKey('demo', 'SPAN-00003'))).toBe(false);
    expect(fresh.has(bankLineKey('demo', `SPAN-${String(bankLinesPerStatement + 1).padStart(5, '0')}`))).toBe(false);
    const { rows } = await t.database.client.execute({ sql: "SELECT count(*) AS n, sum(text LIKE 'first %') AS firsts FROM bank_lines WHERE company_id = 'demo' AND id LIKE 'SPAN-%'", args: [] });
    expect({ n: Number(rows[0].n), firsts: Number(rows[0].firsts) }).toEqual({ n: bankLinesPerStatement + 3, firsts: bankLinesPerStatement + 1 });
  });

  it('a lone UTF-16 surrogate (JSON.parse lets "\\ud800" through) is stored as U+FFFD, as a bound value would be, and the line reads back; sent again it is not new', async () => {
    const odd = line('LONE-\ud800', { text: 'före \udc00 efter', counterparty: 'Kund \ud83e' });
    expect([...await store([item(odd)])]).toEqual([bankLineKey('demo', odd.id)]);
    const { rows } = await t.database.client.execute({ sql: "SELECT id, text, counterparty FROM bank_lines WHERE company_id = 'demo' AND id LIKE 'LONE-%'", args: [] });
    expect(rows.map((r) => ({ ...r }))).toEqual([{ id: 'LONE-\ufffd', text: 'före \ufffd efter', counterparty: 'Kund \ufffd' }]);
    expect((await store([item(odd), item(line('LONE-ok'))])).size).toBe(1);
  });

  it('a line stored with the forms made ahead (bankLineForms, as a statement import makes them while parsing) is stored as one without: the same row, the same event payload text', async () => {
    const fields: Partial<BankLine>[] = [
      { text: 'Avgift "kort" \\ tab \t nl \n åäö 🧾 \u2028', reference: '12345682', counterparty: 'Kund "AB"', bankAccount: '1931', valueDate: '2026-03-10',
        counterpartyAccount: 'SE3550000000054910000003', reversal: true, transactionCode: 'PMNT/RCDT/ESCT', bankAccountId: 'main', statementId: 'S-"1"' },
      { amountMinor: -1, reversal: false, valueDate: null, counterpartyAccount: null, transactionCode: null },
      { text: 'ensam \ud800 surrogat', counterparty: 'Kund \udc00' },
      {},
    ];
    const versions = { 'bank-fees': 3 };
    await t.database.db.transaction(async (tx) => {
      const plain = fields.map((extra, k) => line(`FORMS-PLAIN-${k}`, extra));
      const prepared = fields.map((extra, k) => line(`FORMS-MADE-${k}`, extra));
      const forms = prepared.map(bankLineForms);
      await storeBankLines(rawExecutor(tx), [...plain.map((l) => item(l, 'original-1')), ...prepared.map((l, k) => ({ ...item(l, 'original-1'), rowElements: forms[k].rowElements }))]);
      await t.services.runner.enqueueMany(tx, 'demo', [
        ...plain.map((l) => bankLineEvent(l, versions)), ...prepared.map((l, k) => bankLineEvent(l, versions, undefined, forms[k].payloadLiteral)),
      ]);
    });
    const { rows } = await t.database.client.execute({ sql: "SELECT * FROM bank_lines WHERE company_id = 'demo' AND id LIKE 'FORMS-%' ORDER BY id", args: [] });
    const { rows: events } = await t.database.client.execute({
      sql: "SELECT event_key, payload, versions, source_ref, trigger_type FROM events WHERE company_id = 'demo' AND event_key LIKE 'bank-line:FORMS-%' ORDER BY event_key", args: [],
    });
    const byKind = (kind: string, list: Record<string, unknown>[], key: string) =>
      list.filter((r) => String(r[key]).includes(`FORMS-${kind}-`)).map((r) => JSON.parse(JSON.stringify({ ...r }).replaceAll(`FORMS-${kind}-`, 'FORMS-')) as unknown);
    expect(rows).toHaveLength(8);
    expect(events).toHaveLength(8);
    expect(byKind('MADE', rows, 'id')).toEqual(byKind('PLAIN', rows, 'id'));
    expect(byKind('MADE', events, 'event_key')).toEqual(byKind('PLAIN', events, 'event_key'));
    // and as the old path stored them: the payload as JSON.stringify makes it (a lone surrogate as its escape), the row's fields where they belong
    const plainEvents = events.filter((r) => String(r.event_key).includes('PLAIN'));
    expect(plainEvents.map((r) => r.payload)).toEqual(fields.map((extra, k) => JSON.stringify({ ...line(`FORMS-PLAIN-${k}`, extra), bankAccount: extra.bankAccount ?? '1930' })));
    expect({ ...rows.find((r) => r.id === 'FORMS-MADE-0')! }).toMatchObject({
      bank_account: '1931', booking_date: '2026-03-09', amount_minor: 100, received_at: receivedAt, original_id: 'original-1', value_date: '2026-03-10',
      reversal: 1, transaction_code: 'PMNT/RCDT/ESCT', bank_account_id: 'main', statement_id: 'S-"1"', text: fields[0].text,
    });
    expect({ ...rows.find((r) => r.id === 'FORMS-MADE-2')! }).toMatchObject({ text: 'ensam \ufffd surrogat', counterparty: 'Kund \ufffd' });
  });
});
