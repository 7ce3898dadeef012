import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InValue } from '@libsql/client';
import { Ledger } from '../ledger/ledger.ts';
import { setPeriodStatus } from '../ledger/reports.ts';
import { seedDemoCompany } from '../seed/demo.ts';
import type { Database } from './client.ts';
import { openTestDatabase } from './test-database.ts';

// Migration 0014 (with 0001 and 0003): every record table refuses UPDATE of its record columns,
// DELETE and REPLACE (INSERT OR REPLACE, REPLACE INTO, UPSERT), whatever SQL is sent.
let database: Database;
let voucherId: string;
const year = 2026;

const sql = (statement: string, args: InValue[] = []) => database.client.execute({ sql: statement, args });
const rowsOf = async (table: string, where: string, args: InValue[]) =>
  (await sql(`SELECT * FROM ${table} WHERE ${where}`, args)).rows.map((row) => ({ ...row }));

beforeAll(async () => {
  database = await openTestDatabase();
  await seedDemoCompany(database.db, { today: new Date(`${year}-11-29T12:00:00Z`) });
  const [posted] = await new Ledger(database.db).post('demo', [{
    date: `${year}-03-15`, series: 'A', text: 'Stor leverans', registeredBy: 'user:test', idempotencyKey: 'records-test-1',
    lines: [{ account: '4010', debitMinor: 5_000_000 }, { account: '1930', creditMinor: 5_000_000 }],
  }]);
  voucherId = posted.voucher.id;
  await setPeriodStatus(database.db, 'demo', `${year}-01`, 'locked', 'user:test', undefined);
  const now = '2026-11-29T12:00:00.000Z';
  await sql(`INSERT INTO runs (id, company_id, automation_id, automation_version, trigger_type, source_ref, event_key, status, reason, event, trace, started_at, duration_ms)
    VALUES ('run-posted', 'demo', 'bank-fees', 1, 'bank-line-imported', 'bank-line:B1', 'bank-line:B1', 'posted', NULL, '{}', '[]', ?, 1),
           ('run-nothing', 'demo', 'bank-fees', 1, 'bank-line-imported', 'bank-line:B2', 'bank-line:B2', 'no_match', 'no', '{}', '[]', ?, 1)`, [now, now]);
  await sql(`INSERT INTO bank_lines (company_id, id, bank_account, booking_date, amount_minor, currency, text, reference, counterparty, received_at)
    VALUES ('demo', 'B1', '1930', '2026-11-28', -2500, 'SEK', 'AVGIFT', NULL, NULL, ?)`, [now]);
  await sql(`INSERT INTO events (id, company_id, trigger_type, automation_id, versions, event_key, source_ref, payload, available_at, created_at)
    VALUES ('ev-1', 'demo', 'bank-line-imported', NULL, '{"bank-fees":1}', 'bank-line:B1', 'bank-line:B1', '{"amountMinor":-2500}', ?, ?),
           ('ev-done', 'demo', 'bank-line-imported', NULL, '{}', 'bank-line:B3', 'bank-line:B3', '{}', ?, ?)`, [now, now, now, now]);
  await sql("UPDATE events SET status = 'done' WHERE id = 'ev-done'");
  await sql(`INSERT INTO webhook_deliveries (endpoint_id, webhook_id, received_at, status, response, company_id, trigger_type, payload, versions)
    VALUES ('wh_1', 'msg_1', ?, 202, '{"accepted":true}', 'demo', 'bank-line-imported', '[{"id":"B9","amountMinor":-100}]', '{}')`, [now]);
  await sql(`INSERT INTO schedule_occurrences (company_id, automation_id, scheduled_at, outcome, automation_version, claimed_by, claimed_at)
    VALUES ('demo', 'month-end', ?, 'run', 1, 'instance-1', ?)`, [now, now]);
  await sql(`INSERT INTO opening_balances (company_id, fiscal_year, account, amount_minor) VALUES ('demo', ${year}, '1930', 1000000)`);
});
afterAll(() => database.close());

interface RecordTable {
  table: string;
  where: string;
  args: () => InValue[];
  /** a record column and another value for it */
  column: string;
  value: InValue;
  /** the code the database answers with; null where a conflicting insert is ignored (the product dedupes with DO NOTHING) */
  insertRefusal: RegExp | null;
  refusal: RegExp;
}

const recordTables: RecordTable[] = [
  { table: 'vouchers', where: 'id = ?', args: () => [voucherId], column: 'text', value: 'Ändrad', insertRefusal: /ledger_immutable/, refusal: /ledger_immutable/ },
  // the attack from the issue: a posted line rewritten from 5 000 000 to 500 000 000 öre
  { table: 'voucher_lines', where: 'voucher_id = ? AND line_no = 1', args: () => [voucherId], column: 'debit_minor', value: 500_000_000, insertRefusal: /ledger_immutable/, refusal: /ledger_immutable/ },
  { table: 'voucher_sequences', where: "company_id = 'demo' AND series = 'A' AND fiscal_year = ?", args: () => [year], column: 'last_number', value: 0, insertRefusal: /ledger_immutable/, refusal: /ledger_immutable/ },
  { table: 'audit_events', where: "action = 'period.lock' AND subject = ?", args: () => [`period:${year}-01`], column: 'actor', value: 'user:someone-else', insertRefusal: /audit_immutable/, refusal: /audit_immutable/ },
  { table: 'automation_versions', where: "company_id = 'demo' AND automation_id = 'bank-fees' AND version = 1", args: () => [], column: 'document', value: '{}', insertRefusal: /version_frozen/, refusal: /version_frozen/ },
  { table: 'opening_balances', where: "company_id = 'demo' AND fiscal_year = ? AND account = '1930'", args: () => [year], column: 'amount_minor', value: 1, insertRefusal: null, refusal: /ledger_immutable/ },
  { table: 'periods', where: "company_id = 'demo' AND period = ?", args: () => [`${year}-01`], column: 'end_date', value: `${year}-01-15`, insertRefusal: /ledger_immutable/, refusal: /ledger_immutable/ },
  { table: 'runs', where: "id = 'run-posted'", args: () => [], column: 'status', value: 'no_match', insertRefusal: /record_immutable/, refusal: /record_immutable/ },
  { table: 'bank_lines', where: "company_id = 'demo' AND id = 'B1'", args: () => [], column: 'amount_minor', value: -250_000, insertRefusal: null, refusal: /record_immutable/ },
  { table: 'events', where: "id = 'ev-1'", args: () => [], column: 'payload', value: '{"amountMinor":-1}', insertRefusal: null, refusal: /record_immutable/ },
  { table: 'webhook_deliveries', where: "endpoint_id = 'wh_1' AND webhook_id = 'msg_1'", args: () => [], column: 'payload', value: '[]', insertRefusal: null, refusal: /record_immutable/ },
  { table: 'schedule_occurrences', where: "company_id = 'demo' AND automation_id = 'month-end'", args: () => [], column: 'outcome', value: 'skipped', insertRefusal: null, refusal: /record_immutable/ },
];

describe('record tables refuse changes at the database level (raw SQL)', () => {
  for (const t of recordTables) {
    it(`${t.table}: UPDATE of ${t.column}, DELETE, INSERT OR REPLACE, REPLACE INTO and UPSERT leave the row unchanged`, async () => {
      const before = await rowsOf(t.table, t.where, t.args());
      expect(before).toHaveLength(1);
      const [{ n: countBefore }] = (await sql(`SELECT count(*) AS n FROM ${t.table}`)).rows;
      const changed = { ...before[0], [t.column]: t.value };
      const columns = Object.keys(changed);
      const values = columns.map((c) => changed[c] as InValue);
      const tuple = `(${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;

      await expect(sql(`UPDATE ${t.table} SET ${t.column} = ? WHERE ${t.where}`, [t.value, ...t.args()])).rejects.toThrow(t.refusal);
      await expect(sql(`DELETE FROM ${t.table} WHERE ${t.where}`, t.args())).rejects.toThrow(t.refusal);
      for (const attempt of [`INSERT OR REPLACE INTO ${t.table} ${tuple}`, `REPLACE INTO ${t.table} ${tuple}`,
        `INSERT INTO ${t.table} ${tuple} ON CONFLICT DO UPDATE SET ${t.column} = excluded.${t.column}`]) {
        if (t.insertRefusal) await expect(sql(attempt, values), attempt).rejects.toThrow(t.insertRefusal);
        else await sql(attempt, values); // ignored, like the product's ON CONFLICT DO NOTHING
      }

      expect(await rowsOf(t.table, t.where, t.args())).toEqual(before);
      expect((await sql(`SELECT count(*) AS n FROM ${t.table}`)).rows[0].n).toBe(countBefore);
    });
  }

  it('the posted voucher still balances and reads back as posted', async () => {
    const { rows } = await sql('SELECT sum(debit_minor) AS d, sum(credit_minor) AS c FROM voucher_lines WHERE voucher_id = ?', [voucherId]);
    expect(rows[0]).toMatchObject({ d: 5_000_000, c: 5_000_000 });
  });
});

describe('the transitions the runtime makes still work, and nothing more', () => {
  it('a sequence only advances: posting moves it on, lowering or keeping it is refused', async () => {
    const [{ last_number: last }] = (await sql("SELECT last_number FROM voucher_sequences WHERE company_id = 'demo' AND series = 'A' AND fiscal_year = ?", [year])).rows;
    const [second] = await new Ledger(database.db).post('demo', [{
      date: `${year}-03-16`, series: 'A', text: 'Nästa', registeredBy: 'user:test',
      lines: [{ account: '6110', debitMinor: 100 }, { account: '1930', creditMinor: 100 }],
    }]);
    expect(second.voucher.number).toBe(Number(last) + 1);
    await expect(sql("UPDATE voucher_sequences SET last_number = last_number - 1 WHERE company_id = 'demo' AND series = 'A'")).rejects.toThrow(/ledger_immutable/);
    await expect(sql("UPDATE voucher_sequences SET last_number = last_number WHERE company_id = 'demo' AND series = 'A'")).rejects.toThrow(/ledger_immutable/);
    await expect(sql("UPDATE voucher_sequences SET series = 'B' WHERE company_id = 'demo' AND series = 'A'")).rejects.toThrow(/ledger_immutable/);
  });

  it('a period locks and unlocks; its dates do not move', async () => {
    await setPeriodStatus(database.db, 'demo', `${year}-02`, 'locked', 'user:test', undefined);
    await setPeriodStatus(database.db, 'demo', `${year}-02`, 'open', 'user:test', 'a correction');
    await expect(sql(`UPDATE periods SET status = 'closed' WHERE company_id = 'demo' AND period = '${year}-02'`)).rejects.toThrow(/ledger_immutable/);
    await expect(sql(`UPDATE periods SET start_date = '${year}-01-01' WHERE company_id = 'demo' AND period = '${year}-02'`)).rejects.toThrow(/ledger_immutable/);
  });

  it('a run that did nothing can be pruned; a run behind a voucher cannot', async () => {
    await sql(`INSERT INTO runs (id, company_id, automation_id, automation_version, trigger_type, source_ref, event_key, status, reason, event, trace, started_at, duration_ms)
      VALUES ('run-behind', 'demo', 'x', 1, 'manual', NULL, 'k-behind', 'no_match', NULL, '{}', '[]', '2000-01-01', 1)`);
    await sql(`INSERT INTO exceptions (id, company_id, source_ref, reason, run_id, automation_id, status, payload, created_at)
      VALUES ('exc-behind', 'demo', 'run:run-behind', 'flagged', 'run-behind', 'x', 'open', '{}', '2000-01-01')`);
    await expect(sql("DELETE FROM runs WHERE id = 'run-behind'")).rejects.toThrow(/record_immutable/);
    await sql("DELETE FROM runs WHERE id = 'run-nothing'");
    expect((await sql("SELECT count(*) AS n FROM runs WHERE id = 'run-nothing'")).rows[0].n).toBe(0);
  });

  it('a bank line changes only its status; a line seen before is still deduplicated by ON CONFLICT DO NOTHING', async () => {
    await sql("UPDATE bank_lines SET status = 'unhandled' WHERE company_id = 'demo' AND id = 'B1'");
    await sql("UPDATE bank_lines SET status = 'handled' WHERE company_id = 'demo' AND id = 'B1'");
    await expect(sql("UPDATE bank_lines SET status = 'gone' WHERE company_id = 'demo' AND id = 'B1'")).rejects.toThrow(/record_immutable/);
    // Its link to its original (0017) is as fixed as the rest (0020).
    await expect(sql("UPDATE bank_lines SET original_id = 'another' WHERE company_id = 'demo' AND id = 'B1'")).rejects.toThrow(/record_immutable/);
    const again = await sql(`INSERT INTO bank_lines (company_id, id, bank_account, booking_date, amount_minor, currency, text, received_at)
      VALUES ('demo', 'B1', '1930', '2026-11-28', -1, 'SEK', 'X', 'now'), ('demo', 'B2', '1930', '2026-11-28', -1, 'SEK', 'X', 'now')
      ON CONFLICT DO NOTHING RETURNING id`);
    expect(again.rows.map((r) => r.id)).toEqual(['B2']);
  });

  it('an event moves through its processing state until it is finished, then stays', async () => {
    await sql("UPDATE events SET status = 'processing', lease_owner = 'w:1', lease_expires_at = 'x', attempts = attempts + 1 WHERE id = 'ev-1'");
    await sql("UPDATE events SET status = 'pending', last_error = 'boom', available_at = 'y', lease_owner = NULL, lease_expires_at = NULL WHERE id = 'ev-1'");
    await sql("UPDATE events SET status = 'done', finished_at = 'z', result = '{}' WHERE id = 'ev-1'");
    await expect(sql("UPDATE events SET status = 'pending' WHERE id = 'ev-1'")).rejects.toThrow(/record_immutable/);
    await expect(sql("UPDATE events SET result = NULL WHERE id = 'ev-done'")).rejects.toThrow(/record_immutable/);
  });

  it('a webhook delivery records its move (again, after a refusal) and its first event once', async () => {
    const key = "endpoint_id = 'wh_1' AND webhook_id = 'msg_1'";
    await sql(`UPDATE webhook_deliveries SET moved_at = 'a' WHERE ${key}`);
    await sql(`UPDATE webhook_deliveries SET moved_at = 'b', event_id = 'ev-1' WHERE ${key}`);
    await expect(sql(`UPDATE webhook_deliveries SET event_id = 'ev-other' WHERE ${key}`)).rejects.toThrow(/record_immutable/);
    await expect(sql(`UPDATE webhook_deliveries SET moved_at = NULL WHERE ${key}`)).rejects.toThrow(/record_immutable/);
  });

  it('a schedule occurrence records its event once', async () => {
    await sql("UPDATE schedule_occurrences SET event_id = 'ev-1' WHERE automation_id = 'month-end'");
    await expect(sql("UPDATE schedule_occurrences SET event_id = 'ev-2' WHERE automation_id = 'month-end'")).rejects.toThrow(/record_immutable/);
  });
});
