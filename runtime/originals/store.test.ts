import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { readOriginal, retainUntil, sha256Hex, storeOriginal } from './store.ts';

let database: Database;
beforeAll(async () => { database = await openTestDatabase(); });
afterAll(() => database.close());

const exec = (sql: string, args: (string | number | null | Uint8Array)[] = []) =>
  database.client.execute({ sql, args: args as never });

/** A raw INSERT of a well-formed row (as the store writes it), with overrides. */
function insertRaw(id: string, over: { receivedAt?: string; retainUntil?: string; verb?: string; bytes?: Uint8Array } = {}) {
  const bytes = over.bytes ?? new TextEncoder().encode(`{"n": "${id}"}`);
  return exec(`${over.verb ?? 'INSERT'} INTO originals (id, company_id, kind, media_type, byte_length, sha256, content, received_at, received_by, retain_until)
    VALUES (?, 'demo', 'webhook-delivery', 'application/json', ?, ?, ?, ?, 'test', ?)`,
  [id, bytes.byteLength, sha256Hex(bytes), bytes, over.receivedAt ?? '2026-03-01T10:00:00.000Z', over.retainUntil ?? '2033-12-31']);
}

describe('retain_until (BFL 7:2: to the end of the seventh calendar year after the fiscal year ended)', () => {
  it('is 31 December seven years after the end of a calendar fiscal year', () => {
    expect(retainUntil({ fiscalYearEnd: '2026-12-31', receivedAt: '2026-05-04T08:00:00Z' })).toBe('2033-12-31');
  });
  it('counts a broken fiscal year from the calendar year it ends in', () => {
    expect(retainUntil({ fiscalYearEnd: '2027-04-30', receivedAt: '2026-05-04T08:00:00Z' })).toBe('2034-12-31');
  });
  it('without a fiscal year, assumes the longest one (18 months) containing the later of document date and receipt', () => {
    // received 2026-06-15: a fiscal year containing it ends at the latest 2027-12-14 → 2034
    expect(retainUntil({ receivedAt: '2026-06-15T00:00:00Z' })).toBe('2034-12-31');
    // received 2026-07-01: it may end 2027-12-31 at the latest → 2034; 2026-07-02 → may end in 2028 → 2035
    expect(retainUntil({ receivedAt: '2026-07-01T00:00:00Z' })).toBe('2034-12-31');
    expect(retainUntil({ receivedAt: '2026-07-02T00:00:00Z' })).toBe('2035-12-31');
    // a document dated after its receipt (a future booking date) counts from its own date
    expect(retainUntil({ documentDate: '2027-09-01', receivedAt: '2026-06-15T00:00:00Z' })).toBe('2036-12-31');
  });
  it('is never before the end of the year the original arrived', () => {
    expect(retainUntil({ fiscalYearEnd: '2015-12-31', receivedAt: '2026-02-01T00:00:00Z' })).toBe('2026-12-31');
  });
});

describe('the originals table refuses changes (raw SQL, whatever code runs)', () => {
  it('stores and reads back the exact bytes with their SHA-256', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x7b, 0x20, 0x7d, 0x00, 0xff, 0x94, 0x0a]); // a BOM, NUL, bytes that are not UTF-8
    const { id, sha256 } = await storeOriginal(database.db, {
      companyId: 'demo', kind: 'bank-lines-request', mediaType: 'application/json', bytes, receivedAt: '2026-03-01T10:00:00.000Z', receivedBy: 'test',
    });
    expect(sha256).toBe(sha256Hex(bytes));
    const read = await readOriginal(database.db, 'demo', id);
    expect(read && Buffer.from(read.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(read).toMatchObject({ byteLength: 10, sha256, retainUntil: '2034-12-31' });
    expect(await readOriginal(database.db, 'another-company', id)).toBeNull();
  });

  it('refuses UPDATE of any column, even after retain_until', async () => {
    await insertRaw('o-update');
    await expect(exec("UPDATE originals SET content = x'00', byte_length = 1 WHERE id = 'o-update'")).rejects.toThrow(/original_immutable/);
    await expect(exec("UPDATE originals SET retain_until = '2020-12-31' WHERE id = 'o-update'")).rejects.toThrow(/original_immutable/);
    await insertRaw('o-update-old', { receivedAt: '2010-01-01T00:00:00.000Z', retainUntil: '2017-12-31' });
    await expect(exec("UPDATE originals SET media_type = 'text/plain' WHERE id = 'o-update-old'")).rejects.toThrow(/original_immutable/);
  });

  it('refuses REPLACE INTO, INSERT OR REPLACE and an upsert of an existing original', async () => {
    await insertRaw('o-replace');
    const other = new TextEncoder().encode('{"n": "swapped"}');
    await expect(insertRaw('o-replace', { verb: 'REPLACE', bytes: other })).rejects.toThrow(/original_immutable/);
    await expect(insertRaw('o-replace', { verb: 'INSERT OR REPLACE', bytes: other })).rejects.toThrow(/original_immutable/);
    await expect(exec(`INSERT INTO originals (id, company_id, kind, media_type, byte_length, sha256, content, received_at, received_by, retain_until)
      SELECT id, company_id, kind, media_type, byte_length, sha256, content, received_at, received_by, retain_until FROM originals WHERE id = 'o-replace'
      ON CONFLICT (id) DO UPDATE SET content = x'00'`)).rejects.toThrow(/original_immutable/);
    const { rows } = await exec("SELECT content FROM originals WHERE id = 'o-replace'");
    expect(Buffer.from(rows[0].content as ArrayBuffer).toString()).toBe('{"n": "o-replace"}');
  });

  it('refuses DELETE until retain_until has passed, and allows it after (for a future purge)', async () => {
    await insertRaw('o-kept', { retainUntil: '2099-12-31' });
    await expect(exec("DELETE FROM originals WHERE id = 'o-kept'")).rejects.toThrow(/original_retained/);
    await expect(exec('DELETE FROM originals')).rejects.toThrow(/original_retained/);
    await insertRaw('o-expired', { receivedAt: '2010-01-01T00:00:00.000Z', retainUntil: '2017-12-31' });
    await exec("DELETE FROM originals WHERE id = 'o-expired'");
    expect((await exec("SELECT count(*) AS n FROM originals WHERE id IN ('o-kept', 'o-expired')")).rows[0].n).toBe(1);
  });

  it('refuses a row whose length, hash or retention does not hold', async () => {
    const bytes = new TextEncoder().encode('{}');
    const row = (byteLength: number, sha256: string, content: unknown, retain: string) => exec(
      `INSERT INTO originals (id, company_id, kind, media_type, byte_length, sha256, content, received_at, received_by, retain_until)
       VALUES (?, 'demo', 'sie', 'text/plain', ?, ?, ?, '2026-03-01T00:00:00Z', 'test', ?)`, [`bad-${Math.random()}`, byteLength, sha256, content as never, retain]);
    await expect(row(3, sha256Hex(bytes), bytes, '2033-12-31')).rejects.toThrow(/original_invalid/); // wrong length
    await expect(row(2, 'abc', bytes, '2033-12-31')).rejects.toThrow(/original_invalid/); // not a SHA-256
    await expect(row(2, sha256Hex(bytes), '{}', '2033-12-31')).rejects.toThrow(/original_invalid/); // text, not bytes
    await expect(row(2, sha256Hex(bytes), bytes, '2033-06-30')).rejects.toThrow(/original_invalid/); // not a 31 December
    await expect(row(2, sha256Hex(bytes), bytes, '2025-12-31')).rejects.toThrow(/original_invalid/); // expired before it arrived
  });
});
