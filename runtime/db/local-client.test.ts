/**
 * The contract of LocalClient (local-client.ts): @libsql/client's `Client` for
 * local files, which drizzle relies on — rows, values, errors, batches,
 * transactions, `:memory:`, the prepared-statement cache, waiting for another
 * process's write lock without blocking the event loop, drizzle on top,
 * `migrate` and `close`. Every test runs on real database files in a fresh
 * temporary folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LibsqlBatchError, LibsqlError } from '@libsql/client';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/libsql';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import Database from 'libsql';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LocalClient, statementCacheMax, type LocalClientOptions } from './local-client.ts';

let dir: string;
let clients: LocalClient[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kontera-local-client-'));
});

afterEach(() => {
  for (const client of clients) client.close();
  clients = [];
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** A client on a database file in this test's temporary folder (two calls with one name share the file). */
function openClient(options: LocalClientOptions = {}, name = 'test.db'): LocalClient {
  const client = new LocalClient(join(dir, name), options);
  clients.push(client);
  return client;
}

function openMemoryClient(): LocalClient {
  const client = new LocalClient(':memory:');
  clients.push(client);
  return client;
}

const createItems = 'CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, amount_minor INTEGER NOT NULL)';
const insertItem = 'INSERT INTO items (id, name, amount_minor) VALUES (?, ?, ?)';

async function itemIds(client: LocalClient): Promise<number[]> {
  const result = await client.execute('SELECT id FROM items ORDER BY id');
  return result.rows.map((row) => row.id as number);
}

/** The error a promise rejects with (fails the test if it resolves). */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

describe('result sets', () => {
  it('gives rows that are arrays by index and objects by column name', async () => {
    const client = openClient();
    await client.execute(createItems);
    await client.execute({ sql: insertItem, args: [1, 'Rent', 1_200_000] });

    const result = await client.execute('SELECT id, name, amount_minor FROM items');

    expect(result.columns).toEqual(['id', 'name', 'amount_minor']);
    expect(result.columnTypes).toEqual(['INTEGER', 'TEXT', 'INTEGER']);
    expect(result.rows).toHaveLength(1);
    const row = result.rows[0];
    expect(row[0]).toBe(1);
    expect(row[1]).toBe('Rent');
    expect(row.name).toBe('Rent');
    expect(row.amount_minor).toBe(1_200_000);
    expect(row.length).toBe(3);
    // indices and length are there but not enumerable: only column names are keys
    expect(Object.keys(row)).toEqual(['id', 'name', 'amount_minor']);
    expect(Array.prototype.slice.call(row)).toEqual([1, 'Rent', 1_200_000]);
    // a read reports nothing written
    expect(result.rowsAffected).toBe(0);
    expect(result.lastInsertRowid).toBeUndefined();
  });

  it('types an expression column as empty, and the first of two equal names wins', async () => {
    const client = openClient();
    const result = await client.execute('SELECT 1 + 1 AS a, 3 AS a');
    expect(result.columns).toEqual(['a', 'a']);
    expect(result.columnTypes).toEqual(['', '']);
    const row = result.rows[0];
    expect(row.a).toBe(2);
    expect(Array.prototype.slice.call(row)).toEqual([2, 3]);
    expect(Object.keys(row)).toEqual(['a']);
  });

  it('reports rowsAffected and a bigint lastInsertRowid for INSERT and UPDATE', async () => {
    const client = openClient();
    await client.execute(createItems);

    const first = await client.execute({ sql: 'INSERT INTO items (name, amount_minor) VALUES (?, ?)', args: ['Rent', 100] });
    expect(first.rowsAffected).toBe(1);
    expect(first.lastInsertRowid).toBe(1n);
    expect(first.columns).toEqual([]);
    expect(first.rows).toEqual([]);

    const second = await client.execute({ sql: 'INSERT INTO items (name, amount_minor) VALUES (?, ?)', args: ['Power', 200] });
    expect(second.lastInsertRowid).toBe(2n);

    const updated = await client.execute('UPDATE items SET amount_minor = amount_minor + 1');
    expect(updated.rowsAffected).toBe(2);
    expect(typeof updated.lastInsertRowid).toBe('bigint');

    const none = await client.execute({ sql: 'UPDATE items SET name = ? WHERE id = ?', args: ['x', 99] });
    expect(none.rowsAffected).toBe(0);
  });

  it('serializes to JSON with rows as arrays', async () => {
    const client = openClient();
    const result = await client.execute("SELECT 1 AS one, 'a' AS letter");
    expect(JSON.parse(JSON.stringify(result))).toEqual({
      columns: ['one', 'letter'], columnTypes: ['', ''], rows: [[1, 'a']], rowsAffected: 0, lastInsertRowid: null,
    });
  });
});

describe('values', () => {
  it('returns integers as numbers up to 2^53 and raises a RangeError beyond', async () => {
    const client = openClient();
    const safe = await client.execute('SELECT 9007199254740991 AS max, -9007199254740991 AS min, 1.5 AS real');
    expect(safe.rows[0].max).toBe(Number.MAX_SAFE_INTEGER);
    expect(safe.rows[0].min).toBe(Number.MIN_SAFE_INTEGER);
    expect(safe.rows[0].real).toBe(1.5);

    await expect(client.execute('SELECT 9007199254740992 AS big')).rejects.toThrow(RangeError);
    await expect(client.execute('SELECT -9007199254740992 AS big')).rejects.toThrow(RangeError);
  });

  it('accepts bigint arguments within 64 bits and raises a RangeError beyond', async () => {
    const client = openClient();
    const max = await client.execute({ sql: 'SELECT CAST(? AS TEXT) AS v, typeof(?) AS t', args: [9223372036854775807n, 1n] });
    expect(max.rows[0].v).toBe('9223372036854775807');
    expect(max.rows[0].t).toBe('integer');
    const min = await client.execute({ sql: 'SELECT CAST(? AS TEXT) AS v', args: [-9223372036854775808n] });
    expect(min.rows[0].v).toBe('-9223372036854775808');

    await expect(client.execute({ sql: 'SELECT ? AS v', args: [9223372036854775808n] })).rejects.toThrow(RangeError);
    await expect(client.execute({ sql: 'SELECT ? AS v', args: [-9223372036854775809n] })).rejects.toThrow(RangeError);
  });

  it('binds booleans as 1/0 and a Date as its epoch milliseconds', async () => {
    const client = openClient();
    const when = new Date('2024-03-01T12:00:00Z');
    const result = await client.execute({ sql: 'SELECT ? AS yes, ? AS no, ? AS at', args: [true, false, when] });
    expect(result.rows[0].yes).toBe(1);
    expect(result.rows[0].no).toBe(0);
    expect(result.rows[0].at).toBe(when.getTime());
    // libsql binds every JS number as a REAL; an INTEGER column's affinity stores the Date as an integer
    await client.execute('CREATE TABLE events (at_ms INTEGER NOT NULL)');
    await client.execute({ sql: 'INSERT INTO events (at_ms) VALUES (?)', args: [when] });
    const stored = await client.execute('SELECT at_ms, typeof(at_ms) AS type FROM events');
    expect(Array.prototype.slice.call(stored.rows[0])).toEqual([when.getTime(), 'integer']);
  });

  it('refuses undefined, NaN and Infinity as arguments', async () => {
    const client = openClient();
    await expect(client.execute({ sql: 'SELECT ? AS v', args: [undefined as unknown as null] })).rejects.toThrow(TypeError);
    await expect(client.execute({ sql: 'SELECT ? AS v', args: [Number.NaN] })).rejects.toThrow(RangeError);
    await expect(client.execute({ sql: 'SELECT ? AS v', args: [Number.POSITIVE_INFINITY] })).rejects.toThrow(RangeError);
  });

  it('stores an ArrayBuffer as a blob and reads it back as an ArrayBuffer of the same bytes', async () => {
    const client = openClient();
    await client.execute('CREATE TABLE files (id INTEGER PRIMARY KEY, content BLOB)');
    const bytes = new Uint8Array([0, 1, 2, 254, 255]);
    await client.execute({ sql: 'INSERT INTO files (id, content) VALUES (1, ?)', args: [bytes.buffer] });

    const result = await client.execute('SELECT content, typeof(content) AS type, length(content) AS size FROM files');
    expect(result.rows[0].type).toBe('blob');
    expect(result.rows[0].size).toBe(5);
    const content = result.rows[0].content;
    expect(content).toBeInstanceOf(ArrayBuffer);
    expect(new Uint8Array(content as ArrayBuffer)).toEqual(bytes);
  });

  it('round-trips null and text', async () => {
    const client = openClient();
    const result = await client.execute({ sql: 'SELECT ? AS missing, NULL AS literal, ? AS text', args: [null, 'Hyra 3 % moms'] });
    expect(result.rows[0].missing).toBeNull();
    expect(result.rows[0].literal).toBeNull();
    expect(result.rows[0].text).toBe('Hyra 3 % moms');
  });

  it('binds named arguments given with or without their :, @ or $ prefix', async () => {
    const client = openClient();
    const sql = 'SELECT :a AS a, @b AS b, $c AS c';
    const prefixed = await client.execute({ sql, args: { ':a': 1, '@b': 'two', $c: null } });
    expect(prefixed.rows[0]).toMatchObject({ a: 1, b: 'two', c: null });
    const bare = await client.execute({ sql, args: { a: 4, b: 5, c: 6 } });
    expect(Array.prototype.slice.call(bare.rows[0])).toEqual([4, 5, 6]);
  });

  it('accepts positional arguments as execute(sql, args)', async () => {
    const client = openClient();
    const result = await client.execute('SELECT ? + ? AS sum', [40, 2]);
    expect(result.rows[0].sum).toBe(42);
  });
});

describe('errors', () => {
  it('raises a LibsqlError with SQLite codes for a primary key or UNIQUE violation', async () => {
    const client = openClient();
    await client.execute('CREATE TABLE accounts (id INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE)');
    await client.execute("INSERT INTO accounts VALUES (1, '1930')");

    const primaryKey = await rejectionOf(client.execute("INSERT INTO accounts VALUES (1, '2440')"));
    expect(primaryKey).toBeInstanceOf(LibsqlError);
    expect(primaryKey).toMatchObject({ code: 'SQLITE_CONSTRAINT', extendedCode: 'SQLITE_CONSTRAINT_PRIMARYKEY' });

    const unique = await rejectionOf(client.execute("INSERT INTO accounts VALUES (2, '1930')"));
    expect(unique).toBeInstanceOf(LibsqlError);
    expect(unique).toMatchObject({ code: 'SQLITE_CONSTRAINT', extendedCode: 'SQLITE_CONSTRAINT_UNIQUE' });
    expect((unique as LibsqlError).message).toContain('accounts.number');

    expect(await client.execute('SELECT count(*) AS n FROM accounts').then((r) => r.rows[0].n)).toBe(1);
  });

  it('raises SQLITE_ERROR for a syntax error or an unknown table', async () => {
    const client = openClient();
    const syntax = await rejectionOf(client.execute('SELEC 1'));
    expect(syntax).toBeInstanceOf(LibsqlError);
    expect(syntax).toMatchObject({ code: 'SQLITE_ERROR' });
    expect((syntax as LibsqlError).message).toContain('syntax error');

    const missing = await rejectionOf(client.execute('SELECT * FROM no_such_table'));
    expect(missing).toMatchObject({ code: 'SQLITE_ERROR' });
    expect((missing as LibsqlError).message).toContain('no_such_table');
  });
});

describe('batch', () => {
  it('returns one result set per statement, in order', async () => {
    const client = openClient();
    await client.execute(createItems);

    const results = await client.batch([
      { sql: insertItem, args: [1, 'Rent', 100] },
      [insertItem, [2, 'Power', 200]],
      'UPDATE items SET amount_minor = amount_minor * 2',
      'SELECT sum(amount_minor) AS total FROM items',
    ], 'write');

    expect(results).toHaveLength(4);
    expect(results[0].lastInsertRowid).toBe(1n);
    expect(results[1].lastInsertRowid).toBe(2n);
    expect(results[2].rowsAffected).toBe(2);
    expect(results[3].rows[0].total).toBe(600);
    expect(await itemIds(client)).toEqual([1, 2]);
  });

  it('is all or nothing: a failure at index 2 rejects with statementIndex 2 and undoes 0 and 1', async () => {
    const client = openClient();
    await client.execute(createItems);
    await client.execute({ sql: insertItem, args: [1, 'Rent', 100] });

    const error = await rejectionOf(client.batch([
      { sql: insertItem, args: [2, 'Power', 200] },
      'UPDATE items SET amount_minor = 0',
      { sql: insertItem, args: [1, 'Duplicate', 300] },
      { sql: insertItem, args: [3, 'Never run', 400] },
    ]));

    expect(error).toBeInstanceOf(LibsqlBatchError);
    expect(error).toMatchObject({ statementIndex: 2, code: 'SQLITE_CONSTRAINT', extendedCode: 'SQLITE_CONSTRAINT_PRIMARYKEY' });
    const rows = await client.execute('SELECT id, amount_minor FROM items');
    expect(rows.rows.map((row) => Array.prototype.slice.call(row))).toEqual([[1, 100]]);
    // the connection went back to the pool without the failed batch's transaction
    await client.execute({ sql: insertItem, args: [2, 'Power', 200] });
    expect(await itemIds(client)).toEqual([1, 2]);
  });
});

describe('transactions', () => {
  it('makes its writes visible to the client on commit, and then refuses further use', async () => {
    const client = openClient();
    await client.execute(createItems);

    const tx = await client.transaction('write');
    expect(tx.closed).toBe(false);
    await tx.execute({ sql: insertItem, args: [1, 'Rent', 100] });
    await tx.execute({ sql: insertItem, args: [2, 'Power', 200] });
    expect((await tx.execute('SELECT count(*) AS n FROM items')).rows[0].n).toBe(2);
    await tx.commit();

    expect(tx.closed).toBe(true);
    expect(await itemIds(client)).toEqual([1, 2]);
    await expect(tx.execute('SELECT 1')).rejects.toMatchObject({ code: 'TRANSACTION_CLOSED' });
    await expect(tx.batch(['SELECT 1'])).rejects.toMatchObject({ code: 'TRANSACTION_CLOSED' });
    await expect(tx.commit()).rejects.toMatchObject({ code: 'TRANSACTION_CLOSED' });
    // rolling back or closing a settled transaction does nothing
    await tx.rollback();
    tx.close();
    expect(await itemIds(client)).toEqual([1, 2]);
  });

  it('discards its writes on rollback', async () => {
    const client = openClient();
    await client.execute(createItems);

    const tx = await client.transaction('write');
    await tx.execute({ sql: insertItem, args: [1, 'Rent', 100] });
    await tx.rollback();

    expect(tx.closed).toBe(true);
    expect(await itemIds(client)).toEqual([]);
    await expect(tx.execute('SELECT 1')).rejects.toMatchObject({ code: 'TRANSACTION_CLOSED' });
  });

  it('rolls back when closed while open, and gives its connection back', async () => {
    const client = openClient();
    await client.execute(createItems);

    const tx = await client.transaction('write');
    await tx.execute({ sql: insertItem, args: [1, 'Rent', 100] });
    tx.close();

    expect(tx.closed).toBe(true);
    expect(await itemIds(client)).toEqual([]);
    // the write lock was released: a new write transaction starts at once
    const next = await client.transaction('write');
    await next.execute({ sql: insertItem, args: [2, 'Power', 200] });
    await next.commit();
    expect(await itemIds(client)).toEqual([2]);
    expect(client.busyWaits).toBe(0);
  });

  it('runs a batch inside the transaction, and a failing statement names its index', async () => {
    const client = openClient();
    await client.execute(createItems);

    const tx = await client.transaction('write');
    const results = await tx.batch([{ sql: insertItem, args: [1, 'Rent', 100] }, 'SELECT count(*) AS n FROM items']);
    expect(results[1].rows[0].n).toBe(1);
    const error = await rejectionOf(tx.batch(['SELECT 1', { sql: insertItem, args: [1, 'Duplicate', 1] }]));
    expect(error).toBeInstanceOf(LibsqlBatchError);
    expect(error).toMatchObject({ statementIndex: 1, code: 'SQLITE_CONSTRAINT' });
    // a failed statement does not end the transaction
    expect(tx.closed).toBe(false);
    await tx.commit();
    expect(await itemIds(client)).toEqual([1]);
  });

  it('leaves the client able to read on another connection, which does not see uncommitted rows (WAL)', async () => {
    const client = openClient();
    const mode = await client.execute('PRAGMA journal_mode=WAL');
    expect(mode.rows[0].journal_mode).toBe('wal');
    await client.execute(createItems);
    await client.execute({ sql: insertItem, args: [1, 'Rent', 100] });

    const tx = await client.transaction('write');
    await tx.execute({ sql: insertItem, args: [2, 'Power', 200] });
    expect((await tx.execute('SELECT count(*) AS n FROM items')).rows[0].n).toBe(2);

    expect(await itemIds(client)).toEqual([1]);

    await tx.commit();
    expect(await itemIds(client)).toEqual([1, 2]);
    expect(client.busyWaits).toBe(0);
  });

  it('reports closed once SQLite rolled the transaction back on its own (INSERT OR ROLLBACK)', async () => {
    const client = openClient();
    await client.execute(createItems);

    const tx = await client.transaction('write');
    await tx.execute({ sql: insertItem, args: [1, 'Rent', 100] });
    await expect(tx.execute({ sql: 'INSERT OR ROLLBACK INTO items (id, name, amount_minor) VALUES (?, ?, ?)', args: [1, 'Duplicate', 1] }))
      .rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT' });

    expect(tx.closed).toBe(true);
    expect(await itemIds(client)).toEqual([]);
    await expect(tx.batch(['SELECT 1'])).rejects.toMatchObject({ code: 'TRANSACTION_CLOSED', statementIndex: 0 });
    tx.close();
  });

  // Regression: once SQLite has rolled a transaction back on its own, a statement through it must not
  // autocommit on the held connection (@libsql/client answers TRANSACTION_CLOSED too).
  it('refuses statements after SQLite rolled the transaction back on its own, instead of autocommitting them', async () => {
    const client = openClient();
    await client.execute(createItems);

    const tx = await client.transaction('write');
    await tx.execute({ sql: insertItem, args: [1, 'Rent', 100] });
    await expect(tx.execute({ sql: 'INSERT OR ROLLBACK INTO items (id, name, amount_minor) VALUES (?, ?, ?)', args: [1, 'Duplicate', 1] }))
      .rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT' });

    try {
      await expect(tx.execute({ sql: insertItem, args: [2, 'After the rollback', 200] })).rejects.toMatchObject({ code: 'TRANSACTION_CLOSED' });
      await expect(tx.commit()).rejects.toMatchObject({ code: 'TRANSACTION_CLOSED' });
    } finally {
      tx.close();
    }
    expect(await itemIds(client)).toEqual([]);
  });
});

describe(':memory:', () => {
  it('has one connection: the client refuses work while a transaction holds it, and works again after commit', async () => {
    const client = openMemoryClient();
    await client.execute(createItems);

    const tx = await client.transaction('write');
    await tx.execute({ sql: insertItem, args: [1, 'Rent', 100] });

    await expect(client.execute('SELECT count(*) AS n FROM items')).rejects.toMatchObject({ code: 'TRANSACTION_ACTIVE' });
    await expect(client.transaction('write')).rejects.toMatchObject({ code: 'TRANSACTION_ACTIVE' });
    await expect(client.batch(['SELECT 1'])).rejects.toMatchObject({ code: 'TRANSACTION_ACTIVE' });

    await tx.commit();
    // the same database, not a fresh empty one
    expect(await itemIds(client)).toEqual([1]);
    expect(client.busyWaits).toBe(0);
  });

  it('keeps the database after a rolled-back transaction', async () => {
    const client = openMemoryClient();
    await client.execute(createItems);
    await client.execute({ sql: insertItem, args: [1, 'Rent', 100] });

    const tx = await client.transaction('write');
    await tx.execute('DELETE FROM items');
    tx.close();

    expect(await itemIds(client)).toEqual([1]);
  });
});

describe('prepared statement cache', () => {
  /** Counts how often the engine prepared each SQL text. */
  function spyOnPrepare() {
    const prepare = vi.spyOn(Database.prototype, 'prepare');
    return (sql: string) => prepare.mock.calls.filter(([prepared]) => prepared === sql).length;
  }

  it('prepares a statement once per connection however often it runs, with new arguments each time', async () => {
    const client = openClient();
    await client.execute(createItems);
    const preparesOf = spyOnPrepare();

    for (let id = 1; id <= 50; id++) await client.execute({ sql: insertItem, args: [id, `item ${id}`, id * 100] });
    const select = 'SELECT name, amount_minor FROM items WHERE id = ?';
    for (let id = 1; id <= 50; id++) {
      const result = await client.execute({ sql: select, args: [id] });
      expect(Array.prototype.slice.call(result.rows[0])).toEqual([`item ${id}`, id * 100]);
    }

    expect(preparesOf(insertItem)).toBe(1);
    expect(preparesOf(select)).toBe(1);
  });

  it(`evicts the least recently used statement beyond ${statementCacheMax}, and keeps a recently used one`, async () => {
    const client = openClient();
    const preparesOf = spyOnPrepare();
    const oldest = 'SELECT 1 AS oldest';
    const recent = 'SELECT 2 AS recent';

    await client.execute(oldest);
    await client.execute(recent);
    const half = Math.ceil(statementCacheMax / 2);
    for (let i = 0; i < half; i++) await client.execute(`SELECT ${i} AS filler`);
    await client.execute(recent); // now more recent than the fillers so far
    for (let i = half; i < statementCacheMax; i++) await client.execute(`SELECT ${i} AS filler`);
    expect(preparesOf(oldest)).toBe(1);
    expect(preparesOf(recent)).toBe(1);

    // statementCacheMax + 2 distinct statements went through one connection: the oldest is gone
    await client.execute(recent);
    expect(preparesOf(recent)).toBe(1);
    const again = await client.execute(oldest);
    expect(again.rows[0].oldest).toBe(1);
    expect(preparesOf(oldest)).toBe(2);
  });

  // Regression: a cached `SELECT *` must list the columns of the table as it is now (read after running).
  it('lists a column added after `SELECT *` was cached', async () => {
    const client = openClient();
    await client.execute(createItems);
    await client.execute({ sql: insertItem, args: [1, 'Rent', 100] });
    await client.execute('SELECT * FROM items');

    await client.execute("ALTER TABLE items ADD COLUMN note TEXT NOT NULL DEFAULT 'none'");
    const after = await client.execute('SELECT * FROM items');

    expect(after.columns).toEqual(['id', 'name', 'amount_minor', 'note']);
    expect(Object.keys(after.rows[0])).toEqual(['id', 'name', 'amount_minor', 'note']);
    expect(after.rows[0].note).toBe('none');
  });
});

describe('another process holding the write lock', () => {
  /** Two clients on one file in WAL mode, as a web process and a worker process would be. */
  async function twoClients(bOptions: LocalClientOptions = {}) {
    const a = openClient();
    await a.execute('PRAGMA journal_mode=WAL');
    await a.execute(createItems);
    const b = openClient(bOptions);
    expect((await b.execute('PRAGMA journal_mode=WAL')).rows[0].journal_mode).toBe('wal');
    return { a, b };
  }

  it("waits for it with timers, so the event loop keeps running, and starts B's transaction after A commits", async () => {
    const { a, b } = await twoClients();
    const txA = await a.transaction('write');
    await txA.execute({ sql: insertItem, args: [1, 'From A', 100] });

    let ticks = 0;
    const interval = setInterval(() => ticks++, 5);
    let bStarted = false;
    const txBPromise = b.transaction('write').then((tx) => {
      bStarted = true;
      return tx;
    });
    try {
      await sleep(60);
      expect(bStarted).toBe(false);
      expect(ticks).toBeGreaterThan(0);
      expect(b.busyWaits).toBeGreaterThan(0);
      // reads are not blocked by A's write lock, and do not wait
      const waitsBeforeRead = b.busyWaits;
      expect(await itemIds(b)).toEqual([]);
      expect(b.busyWaits).toBe(waitsBeforeRead);

      await txA.commit();
      const txB = await txBPromise;
      expect(bStarted).toBe(true);
      await txB.execute({ sql: insertItem, args: [2, 'From B', 200] });
      expect((await txB.execute('SELECT count(*) AS n FROM items')).rows[0].n).toBe(2);
      await txB.commit();
    } finally {
      clearInterval(interval);
    }
    expect(await itemIds(a)).toEqual([1, 2]);
    expect(a.busyWaits).toBe(0);
  });

  it('lets a timer run while an autocommit INSERT waits, then inserts after A commits', async () => {
    const { a, b } = await twoClients();
    const txA = await a.transaction('write');

    const order: string[] = [];
    setTimeout(() => order.push('timer'), 20);
    const insert = b.execute({ sql: insertItem, args: [1, 'From B', 100] }).then((result) => {
      order.push('insert');
      return result;
    });
    await sleep(60);
    expect(order).toEqual(['timer']);
    await txA.commit();

    const result = await insert;
    expect(result.rowsAffected).toBe(1);
    expect(order).toEqual(['timer', 'insert']);
    expect(b.busyWaits).toBeGreaterThan(0);
    expect(await itemIds(a)).toEqual([1]);
  });

  it('waits for a batch too, and runs it whole after A commits', async () => {
    const { a, b } = await twoClients();
    const txA = await a.transaction('write');
    await txA.execute({ sql: insertItem, args: [1, 'From A', 100] });

    const batch = b.batch([{ sql: insertItem, args: [2, 'From B', 200] }, 'SELECT count(*) AS n FROM items']);
    await sleep(30);
    await txA.commit();

    const results = await batch;
    expect(results[1].rows[0].n).toBe(2);
    expect(b.busyWaits).toBeGreaterThan(0);
  });

  it('fails with SQLITE_BUSY after busyTimeoutMs if A does not let go, having written nothing', async () => {
    const busyTimeoutMs = 100;
    const { a, b } = await twoClients({ busyTimeoutMs });
    const txA = await a.transaction('write');
    await txA.execute({ sql: insertItem, args: [1, 'From A', 100] });

    let started = performance.now();
    const insertError = await rejectionOf(b.execute({ sql: insertItem, args: [2, 'From B', 200] }));
    let elapsedMs = performance.now() - started;
    expect(insertError).toBeInstanceOf(LibsqlError);
    expect(insertError).toMatchObject({ code: 'SQLITE_BUSY' });
    expect(elapsedMs).toBeGreaterThanOrEqual(busyTimeoutMs);
    expect(elapsedMs).toBeLessThan(5_000);

    started = performance.now();
    const transactionError = await rejectionOf(b.transaction('write'));
    elapsedMs = performance.now() - started;
    expect(transactionError).toMatchObject({ code: 'SQLITE_BUSY' });
    expect(elapsedMs).toBeGreaterThanOrEqual(busyTimeoutMs);
    expect(elapsedMs).toBeLessThan(5_000);

    await txA.rollback();
    expect(await itemIds(a)).toEqual([]);
    expect(await itemIds(b)).toEqual([]);
  });

  // Regression: libsql does not reset a statement that failed with SQLITE_BUSY; such a statement stays
  // active on its connection, so later autocommit writes there would wait for it unseen. The connection is
  // closed instead of going back to the pool.
  it("commits B's next write after B gave up on the lock with SQLITE_BUSY", async () => {
    const { a, b } = await twoClients({ busyTimeoutMs: 50 });
    const txA = await a.transaction('write');
    await expect(b.execute({ sql: insertItem, args: [1, 'Gave up', 100] })).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    await txA.rollback();

    const later = await b.execute('INSERT INTO items (id, name, amount_minor) VALUES (2, \'Later\', 200)');
    expect(later.rowsAffected).toBe(1);
    expect(await itemIds(a)).toEqual([2]);
  });

  // Regression, while the retry is still going: a write between two retries must be committed and kept.
  it("keeps a write made while another of B's writes waits for the lock", async () => {
    const { a, b } = await twoClients();
    const txA = await a.transaction('write');
    const waiting = b.execute({ sql: insertItem, args: [1, 'Waiting', 100] });
    await sleep(30);
    await txA.commit();

    // runs at once, before the waiting insert's next retry
    const meanwhile = await b.execute('INSERT INTO items (id, name, amount_minor) VALUES (2, \'Meanwhile\', 200)');
    expect(meanwhile.rowsAffected).toBe(1);
    await waiting;
    expect(await itemIds(a)).toEqual([1, 2]);
  });
});

describe('drizzle on top', () => {
  const items = sqliteTable('items', {
    id: integer('id').primaryKey(),
    name: text('name').notNull(),
    amountMinor: integer('amount_minor').notNull(),
  });

  it('inserts, selects with where, updates with returning, and batches', async () => {
    const client = openClient();
    await client.execute(createItems);
    const db = drizzle(client);

    await db.insert(items).values([{ id: 1, name: 'Rent', amountMinor: 1_200_000 }, { id: 2, name: 'Power', amountMinor: 85_000 }]);
    expect(await db.select().from(items).where(eq(items.name, 'Power'))).toEqual([{ id: 2, name: 'Power', amountMinor: 85_000 }]);

    const updated = await db.update(items).set({ amountMinor: 90_000 }).where(eq(items.id, 2)).returning();
    expect(updated).toEqual([{ id: 2, name: 'Power', amountMinor: 90_000 }]);

    const [inserted, all] = await db.batch([
      db.insert(items).values({ id: 3, name: 'Water', amountMinor: 12_000 }).returning({ id: items.id }),
      db.select({ id: items.id }).from(items).orderBy(items.id),
    ]);
    expect(inserted).toEqual([{ id: 3 }]);
    expect(all).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
  });

  it('commits a transaction that returns and rolls back one that throws', async () => {
    const client = openClient();
    await client.execute(createItems);
    const db = drizzle(client);

    await db.transaction(async (tx) => {
      await tx.insert(items).values({ id: 1, name: 'Rent', amountMinor: 100 });
    });
    await expect(db.transaction(async (tx) => {
      await tx.insert(items).values({ id: 2, name: 'Power', amountMinor: 200 });
      expect(await tx.select({ id: items.id }).from(items)).toHaveLength(2);
      throw new Error('roll back');
    })).rejects.toThrow('roll back');

    expect(await db.select({ id: items.id }).from(items)).toEqual([{ id: 1 }]);
    // the transaction's connection went back: the client still writes
    await db.insert(items).values({ id: 3, name: 'Water', amountMinor: 300 });
    expect(await itemIds(client)).toEqual([1, 3]);
  });
});

describe('migrate', () => {
  const parentAndChild = [
    'CREATE TABLE parents (id INTEGER PRIMARY KEY)',
    'CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents (id))',
  ];

  it('runs the statements in one transaction with foreign keys off, and turns them on afterwards', async () => {
    const client = openClient();
    expect((await client.execute('PRAGMA foreign_keys')).rows[0].foreign_keys).toBe(1);

    const results = await client.migrate([
      ...parentAndChild,
      'INSERT INTO children (id, parent_id) VALUES (1, 99)', // no parent 99: allowed only with foreign keys off
      'PRAGMA foreign_keys',
    ]);

    expect(results).toHaveLength(4);
    expect(results[2].rowsAffected).toBe(1);
    expect(results[3].rows[0].foreign_keys).toBe(0);
    expect((await client.execute('PRAGMA foreign_keys')).rows[0].foreign_keys).toBe(1);
    const orphan = await rejectionOf(client.execute('INSERT INTO children (id, parent_id) VALUES (2, 98)'));
    expect(orphan).toMatchObject({ code: 'SQLITE_CONSTRAINT', extendedCode: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
  });

  it('turns foreign keys on afterwards even when they were off before', async () => {
    const client = openClient();
    await client.execute('PRAGMA foreign_keys=OFF');
    expect((await client.execute('PRAGMA foreign_keys')).rows[0].foreign_keys).toBe(0);

    await client.migrate(parentAndChild);

    expect((await client.execute('PRAGMA foreign_keys')).rows[0].foreign_keys).toBe(1);
  });

  it('rolls back every statement when one fails, naming its index, and turns foreign keys on again', async () => {
    const client = openClient();
    const error = await rejectionOf(client.migrate([...parentAndChild, 'CREATE TABLE parents (id INTEGER PRIMARY KEY)']));

    expect(error).toBeInstanceOf(LibsqlBatchError);
    expect(error).toMatchObject({ statementIndex: 2, code: 'SQLITE_ERROR' });
    const tables = await client.execute("SELECT name FROM sqlite_master WHERE type = 'table'");
    expect(tables.rows).toEqual([]);
    expect((await client.execute('PRAGMA foreign_keys')).rows[0].foreign_keys).toBe(1);
  });
});

describe('close', () => {
  it('makes every later call reject with CLIENT_CLOSED', async () => {
    const client = openClient();
    await client.execute(createItems);
    expect(client.closed).toBe(false);

    client.close();

    expect(client.closed).toBe(true);
    await expect(client.execute('SELECT 1')).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
    await expect(client.batch(['SELECT 1'])).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
    await expect(client.transaction('write')).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
    await expect(client.migrate(['SELECT 1'])).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
    await expect(client.executeMultiple('SELECT 1;')).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
    const error = await rejectionOf(client.execute('SELECT 1'));
    expect(error).toBeInstanceOf(LibsqlError);
    client.close(); // closing twice is harmless
  });

  it('closes an open transaction, whose writes are lost, and reconnect() opens the file again', async () => {
    const client = openClient();
    await client.execute(createItems);
    await client.execute({ sql: insertItem, args: [1, 'Rent', 100] });
    const tx = await client.transaction('write');
    await tx.execute({ sql: insertItem, args: [2, 'Power', 200] });

    client.close();

    expect(tx.closed).toBe(true);
    await expect(tx.execute('SELECT 1')).rejects.toMatchObject({ code: 'TRANSACTION_CLOSED' });
    tx.close();
    await client.reconnect();
    expect(client.closed).toBe(false);
    expect(await itemIds(client)).toEqual([1]);
  });
});
