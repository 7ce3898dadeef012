/**
 * A statement file's lines are mapped, checked and given their stored forms
 * while the file is still parsed (StatementLineMapper, the parser's sink) —
 * but nothing is written before the whole file is known good, and a refusal
 * is the one the file would have had, parsed whole first: the parser's (a
 * closing balance, malformed XML at the end) before any of the mapper's, a
 * statement's account before a line, the first line refused named by its
 * statement and number. The files here are over 2 MB, so parsed on the
 * worker thread that hands the lines over as it goes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BankStatementImport } from '../../../shared/api.ts';
import { realisticCamt053 } from '../../../bench/fixtures/camt053.ts';
import { camt053Document } from '../../formats/camt/write.ts';
import { refusalOf, type StatementHeader, type StatementLine } from '../../formats/bank-statement.ts';
import { statementWorkerBytesMin } from '../../formats/parse-statement-file.ts';
import { DomainRefusal } from '../../kernel/errors.ts';
import { createTestApp, type TestApp } from '../../http/test-app.ts';
import { listBankAccounts } from './accounts.ts';
import { StatementLineMapper } from './statements.ts';
import { storedCounts } from './test-statement-counts.ts';

let testApp: TestApp;
beforeAll(async () => { testApp = await createTestApp(); });
afterAll(() => testApp.close());

const iban = 'SE4550000000058398257466'; // the demo's bank account "main" (SEK)

const upload = (bytes: Uint8Array) => testApp.request('/api/companies/demo/bank-statements', {
  method: 'POST', headers: { 'content-type': 'application/xml' }, body: new Uint8Array(bytes),
});

const storedNow = () => storedCounts(testApp);

/** A large realistic statement (over 2 MB: parsed on the worker), its text. */
const large = (seed: number) => {
  const { bytes, lines } = realisticCamt053(4_000, seed);
  expect(bytes.byteLength).toBeGreaterThan(statementWorkerBytesMin);
  return { text: new TextDecoder().decode(bytes), lines };
};

/** The text with a second statement after the first: `second`'s <Stmt> element, spliced in before the body closes. */
function withSecondStatement(text: string, second: Uint8Array): string {
  const other = new TextDecoder().decode(second);
  const statement = other.slice(other.indexOf('<Stmt>'), other.lastIndexOf('</Stmt>') + '</Stmt>'.length);
  const end = text.lastIndexOf('</BkToCstmrStmt>');
  return text.slice(0, end) + statement + text.slice(end);
}

/** The file with its last CLBD balance one öre (in its last digit) off: found only when the statement closes. */
function closingOff(text: string): string {
  const amountAt = text.indexOf('<Amt Ccy="', text.lastIndexOf('<Cd>CLBD</Cd>'));
  const end = text.indexOf('</Amt>', amountAt);
  return `${text.slice(0, end - 1)}${(Number(text[end - 1]) + 1) % 10}${text.slice(end)}`;
}

const eurStatement = camt053Document({
  statementId: 'LATE-EUR', iban, currency: 'EUR', openingMinor: 0,
  entries: [{ ref: 'EUR-1', bookingDate: '2026-11-30', amountMinor: 12_345, text: 'Inbetalning i euro', reference: null, counterpartyName: 'Kund GmbH' }],
});

describe('a large statement, mapped while it is parsed', () => {
  it('a closing balance off at the end of the file stores nothing: no line, event, original or statement', async () => {
    const before = await storedNow();
    const answer = await upload(new TextEncoder().encode(closingOff(large(11).text)));
    expect(answer.status).toBe(422);
    expect(await answer.json()).toMatchObject({ error: 'statement_refused', code: 'balance_mismatch', where: 'Stmt[1] (Id BENCH-4000)' });
    expect(await storedNow()).toEqual(before);
  }, 60_000);

  it('so does malformed XML in the last element of the file', async () => {
    const before = await storedNow();
    const text = large(12).text;
    const end = text.lastIndexOf('</Document>');
    const answer = await upload(new TextEncoder().encode(`${text.slice(0, end)}</Documnt>\n`));
    expect(answer.status).toBe(422);
    expect(await answer.json()).toMatchObject({ error: 'statement_refused', code: 'malformed_xml' });
    expect(await storedNow()).toEqual(before);
  }, 60_000);

  it('a line refused after thousands were mapped is named by its statement and number, and nothing is stored', async () => {
    const before = await storedNow();
    const answer = await upload(new TextEncoder().encode(withSecondStatement(large(13).text, eurStatement)));
    expect(answer.status).toBe(422);
    expect(await answer.json()).toMatchObject({
      error: 'currency_mismatch', where: 'statement 2 (LATE-EUR), line 1 (EUR-1:1)', field: 'currency',
      message: expect.stringContaining('the amount is in EUR, but bank account "main" is in SEK'),
    });
    expect(await storedNow()).toEqual(before);
  }, 60_000);

  it('the parser\'s refusal comes first, as when the file was parsed whole before its lines were checked', async () => {
    const before = await storedNow();
    // the EUR line of statement 2 is refused by the mapper while the worker still reads statement 2, whose closing balance is off
    const answer = await upload(new TextEncoder().encode(closingOff(withSecondStatement(large(14).text, eurStatement))));
    expect(answer.status).toBe(422);
    expect(await answer.json()).toMatchObject({ error: 'statement_refused', code: 'balance_mismatch', where: 'Stmt[2] (Id LATE-EUR)' });
    expect(await storedNow()).toEqual(before);
  }, 60_000);

  it('stores every line once with its event; the same file again is all duplicates, a file overlapping it counts the overlap', async () => {
    const { text, lines } = large(15);
    const before = await storedNow();
    const first = await upload(new TextEncoder().encode(text));
    const body = (await first.json()) as BankStatementImport;
    expect([200, 202]).toContain(first.status);
    expect(body).toMatchObject({ lines, new: lines, duplicates: 0, statements: [{ statementId: 'BENCH-4000', bankAccount: 'main', lines, new: lines }] });
    expect(await storedNow()).toEqual({ lines: before.lines + lines, events: before.events + lines, originals: before.originals + 1, statements: before.statements + 1 });

    const again = (await (await upload(new TextEncoder().encode(text))).json()) as BankStatementImport;
    expect(again).toMatchObject({ lines, new: 0, duplicates: lines });

    // the same statement with one entry more: one new line, the rest duplicates
    const extra = withSecondStatement(text, camt053Document({
      statementId: 'OVERLAP-2', iban, openingMinor: 0,
      entries: [{ ref: 'OVERLAP-NEW', bookingDate: '2026-11-30', amountMinor: 500, text: 'Ny', reference: null, counterpartyName: null }],
    }));
    const overlapping = (await (await upload(new TextEncoder().encode(extra))).json()) as BankStatementImport;
    expect(overlapping).toMatchObject({ lines: lines + 1, new: 1, duplicates: lines });
    expect(overlapping.statements.map((s) => [s.statementId, s.new, s.duplicates])).toEqual([['BENCH-4000', 0, lines], ['OVERLAP-2', 1, 0]]);
    expect(await storedNow()).toMatchObject({ lines: before.lines + lines + 1, events: before.events + lines + 1 });
  }, 60_000);
});

describe('StatementLineMapper', () => {
  const header = (statementId: string, accountIban = iban): StatementHeader => ({ format: 'camt.053', statementId, account: { iban: accountIban }, currency: 'SEK' });
  const line = (n: number, extra: Partial<StatementLine> = {}): StatementLine => ({
    id: `L${n}:1`, amountMinor: 100 + n, currency: 'SEK', bookingDate: '2026-11-30', valueDate: null, counterpartyName: null, counterpartyAccount: null,
    reference: null, text: null, reversal: false, transactionCode: null, extraReferences: [], ...extra,
  });
  const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => line(from + k));
  const fileOf = (statements: { id: string; lines: StatementLine[] }[]) => ({
    format: 'camt.053' as const, warnings: [],
    statements: statements.map(({ id, lines: own }) => ({
      format: 'camt.053' as const, statementId: id, account: { iban }, currency: 'SEK', openingMinor: null, closingMinor: null, fromDate: null, toDate: null,
      lines: own, creditMinor: 0, debitMinor: 0,
    })),
  });

  it('names a line refused by the schema in a later part by its number in the statement; later refusals do not replace it', async () => {
    const mapper = new StatementLineMapper(await listBankAccounts(testApp.database.db, 'demo'), undefined);
    const all = lines(0, 5_000);
    all[4_321] = line(4_321, { amountMinor: Number.MAX_SAFE_INTEGER + 2 });
    all[4_500] = line(4_500, { bookingDate: '2026-13-01' });
    mapper.statement(0, header('S-1'));
    for (let start = 0; start < all.length; start += 2_000) mapper.lines(0, all.slice(start, start + 2_000));
    const refusal = refusalOf(() => mapper.finish(fileOf([{ id: 'S-1', lines: all }])), DomainRefusal);
    expect({ code: refusal.code, ...refusal.extra }).toEqual({ code: 'invalid_line', where: 'statement 1 (S-1), line 4322 (L4321:1)', field: 'amountMinor' });
  });

  it('a statement\'s unknown account is answered before a line refused in an earlier statement', async () => {
    const mapper = new StatementLineMapper(await listBankAccounts(testApp.database.db, 'demo'), undefined);
    mapper.statement(0, header('S-1'));
    mapper.lines(0, [line(1), line(2, { currency: 'EUR' })]);
    mapper.statement(1, header('S-2', 'SE0000000000000000000000'));
    mapper.lines(1, [line(3)]);
    const refusal = refusalOf(() => mapper.finish(fileOf([{ id: 'S-1', lines: [line(1), line(2)] }, { id: 'S-2', lines: [line(3)] }])), DomainRefusal);
    expect(refusal.code).toBe('unknown_bank_account');
    expect(refusal.message).toContain('IBAN SE00 0000');
  });

  it('maps each line with its statement\'s account and forms, and refuses to answer when what it was handed is not the parsed file', async () => {
    const banks = await listBankAccounts(testApp.database.db, 'demo');
    const mapper = new StatementLineMapper(banks, undefined);
    mapper.statement(0, header('S-1'));
    mapper.lines(0, lines(0, 3));
    const [mapped] = mapper.finish(fileOf([{ id: 'S-1', lines: lines(0, 3) }]));
    expect(mapped.bank.id).toBe('main');
    expect(mapped.lines.map((l) => [l.id, l.bankAccount, l.bankAccountId, l.statementId])).toEqual([0, 1, 2].map((n) => [`L${n}:1`, mapped.bank.ledgerAccount, 'main', 'S-1']));
    expect(mapped.forms.map((f) => JSON.parse(JSON.parse(f.payloadLiteral) as string) as unknown)).toEqual(mapped.lines);
    expect(() => mapper.finish(fileOf([{ id: 'S-1', lines: lines(0, 4) }]))).toThrow(/not those of the parsed file/);
  });
});
