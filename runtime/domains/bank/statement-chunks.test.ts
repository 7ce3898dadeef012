/**
 * A statement file is stored in chunks (BankLineReceiver.bankLinesChunk lines
 * a transaction, each chunk one lookup and one INSERT of lines and of events):
 * no line lost or doubled at a chunk's edge, lines already stored counted as
 * duplicates wherever they fall, every new line linked to the file and given
 * one event, and a refusal found at the file's last line stores nothing.
 * The chunk size is made small here so a 23-line file crosses several edges.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { camt053Document, type CamtEntrySpec } from '../../../bench/fixtures/camt053.ts';
import { lineAmountMinorMax } from '../../../shared/money.ts';
import { createTestApp, type TestApp } from '../../http/test-app.ts';
import { storedCounts } from './test-statement-counts.ts';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp();
  testApp.services.bank.bankLinesChunk = 4;
});
afterAll(() => testApp.close());

const iban = 'SE4550000000058398257466'; // the demo's bank account "main"

function entries(prefix: string, n: number): CamtEntrySpec[] {
  return Array.from({ length: n }, (_, k) => ({
    ref: `${prefix}${String(k + 1).padStart(3, '0')}`, bookingDate: '2026-03-10', amountMinor: 10_000 + k,
    text: `Inbetalning ${k + 1} "citat" \\ åäö`, reference: null, counterpartyName: `Kund ${k + 1}`,
  }));
}

const upload = (bytes: Uint8Array) => testApp.request('/api/companies/demo/bank-statements', {
  method: 'POST', headers: { 'content-type': 'application/xml' }, body: new Uint8Array(bytes),
});

async function count(sql: string, ...args: string[]): Promise<number> {
  const { rows } = await testApp.database.client.execute({ sql, args });
  return Number(rows[0].n);
}

const storedNow = () => storedCounts(testApp);

describe('a statement stored in chunks', () => {
  it('a refusal at the last entry of a file larger than a chunk stores nothing: no line, event, original or statement', async () => {
    const before = await storedNow();
    const spec = entries('LAST', 11);
    spec[10].amountMinor = lineAmountMinorMax + 100; // the file adds up; the last entry is over the per-line cap
    const answer = await upload(camt053Document({ statementId: 'CHUNK-REFUSED', iban, openingMinor: 0, entries: spec }));
    expect(answer.status).toBe(422);
    expect(await answer.json()).toMatchObject({ error: 'statement_refused', code: 'amount_too_large', where: 'Stmt[1]/Ntry[11]/Amt' });
    expect(await storedNow()).toEqual(before);
  });

  it('so does a closing balance the entries do not reach, found only when the statement closes', async () => {
    const before = await storedNow();
    const spec = entries('BAL', 11);
    // the last entry says one öre more than the balances were written for
    const text = new TextDecoder().decode(camt053Document({ statementId: 'CHUNK-BALANCE', iban, openingMinor: 0, entries: spec }));
    const lastAmount = '<Amt Ccy="SEK">100.10</Amt>';
    expect(text.split(lastAmount)).toHaveLength(2);
    const answer = await upload(new TextEncoder().encode(text.replace(lastAmount, '<Amt Ccy="SEK">100.11</Amt>')));
    expect(answer.status).toBe(422);
    expect(await answer.json()).toMatchObject({ error: 'statement_refused' });
    expect(await storedNow()).toEqual(before);
  });

  it('no line lost or doubled at the edges; lines stored before (at an edge, and inside a chunk) are duplicates; each new line has one event and links to the file', async () => {
    // Three lines of the file were received before, as JSON: the 4th (the last of the first chunk), the 5th (the first of the second) and the 10th.
    const spec = entries('EDGE', 23);
    const early = [3, 4, 9].map((k) => ({ id: `EDGE${String(k + 1).padStart(3, '0')}:1`, bookingDate: '2026-03-10', amountMinor: spec[k].amountMinor, text: 'sent before' }));
    expect((await testApp.post('/api/companies/demo/bank-lines', early)).status).toBe(200);
    const before = await storedNow();

    const file = camt053Document({ statementId: 'CHUNK-EDGES', iban, openingMinor: 0, entries: spec });
    const answer = await upload(file);
    expect(answer.status).toBe(200);
    const result = (await answer.json()) as { lines: number; new: number; duplicates: number; originalId: string };
    expect(result).toMatchObject({ lines: 23, new: 20, duplicates: 3 });
    expect(await storedNow()).toEqual({ lines: before.lines + 20, events: before.events + 20, originals: before.originals + 1, statements: before.statements + 1 });

    const { rows } = await testApp.database.client.execute({
      sql: "SELECT id, original_id, text FROM bank_lines WHERE company_id = 'demo' AND id LIKE 'EDGE%' ORDER BY id", args: [],
    });
    expect(rows.map((r) => r.id)).toEqual(spec.map((e) => `${e.ref}:1`));
    for (const row of rows) {
      const sentBefore = early.some((e) => e.id === row.id);
      expect(row.original_id === result.originalId, String(row.id)).toBe(!sentBefore);
      if (!sentBefore) expect(row.text).toMatch(/^Inbetalning \d+ "citat" \\ åäö$/);
    }
    // one event per line, its payload the line as stored
    const { rows: events } = await testApp.database.client.execute({
      sql: "SELECT source_ref, payload FROM events WHERE company_id = 'demo' AND source_ref LIKE 'bank-line:EDGE%' ORDER BY source_ref", args: [],
    });
    expect(events.map((e) => e.source_ref)).toEqual(spec.map((e) => `bank-line:${e.ref}:1`));
    const last = JSON.parse(String(events[22].payload)) as Record<string, unknown>;
    expect(last).toMatchObject({ id: 'EDGE023:1', amountMinor: 10_022, text: 'Inbetalning 23 "citat" \\ åäö', counterparty: 'Kund 23', statementId: 'CHUNK-EDGES', bankAccountId: 'main' });

    // the same file again: every line a duplicate, nothing stored
    const again = (await (await upload(file)).json()) as { new: number; duplicates: number; originalId: string };
    expect(again).toMatchObject({ new: 0, duplicates: 23, originalId: result.originalId });
    expect(await storedNow()).toEqual({ lines: before.lines + 20, events: before.events + 20, originals: before.originals + 1, statements: before.statements + 1 });
  });

  it('a file answered once stored (queued) wakes the worker after each committed chunk, so runs start while the rest is stored', async () => {
    const { bank, runner } = testApp.services;
    const inlineMax = bank.bankLinesInlineMax;
    const seen: number[] = [];
    const pending: Promise<void>[] = [];
    bank.bankLinesInlineMax = 5;
    runner.onEnqueued = () => {
      // what a woken worker finds: the chunks committed so far
      pending.push(count("SELECT count(*) AS n FROM events WHERE company_id = 'demo' AND status = 'pending' AND source_ref LIKE 'bank-line:WAKE%'").then((n) => { seen.push(n); }));
    };
    try {
      const answer = await upload(camt053Document({ statementId: 'CHUNK-WAKE', iban, openingMinor: 0, entries: entries('WAKE', 11) }));
      expect(answer.status).toBe(202);
      await Promise.all(pending);
    } finally {
      bank.bankLinesInlineMax = inlineMax;
      runner.onEnqueued = undefined;
    }
    expect(seen).toEqual([4, 8, 11]);
  });
});
