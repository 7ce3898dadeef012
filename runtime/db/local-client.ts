/**
 * The libSQL client for local database files (`file:` URLs, `:memory:`
 * included), on the `libsql` engine that @libsql/client itself uses, with
 * one difference that matters under load: each connection keeps its
 * prepared statements. @libsql/client 0.18 prepares every statement on every
 * call (parse, plan, then throw-and-catch to learn that an INSERT returns no
 * rows), which was a third of the CPU of a webhook delivery. Here a statement
 * is prepared once per connection and SQL text (an LRU of `statementCacheMax`),
 * and whether it returns rows is asked, not provoked.
 *
 * And one more, for several processes on one file: SQLite's busy handler
 * waits for another process's write lock by sleeping — blocking Node's only
 * thread, so a web process could not even read requests while a worker
 * process committed. Here connections have no busy handler; taking the write
 * lock (a write transaction, an autocommit statement, a batch) is retried
 * with timers instead (1 ms, doubling to `busyRetryMaxMs`, with jitter),
 * until `busyTimeoutMs`, and the event loop keeps serving meanwhile.
 *
 * Everything else keeps @libsql/client's contract, which drizzle relies on:
 * rows that are both arrays and objects, integers as numbers (a RangeError
 * beyond 2^53), `LibsqlError` with SQLite's codes, a transaction that owns a
 * connection of a small pool until it settles, and for `:memory:` a single
 * connection. Remote URLs (`libsql://`, `http(s)://`) still use @libsql/client.
 * `local-client.test.ts` holds the contract.
 */
import { Buffer } from 'node:buffer';
import {
  LibsqlBatchError, LibsqlError, type Client, type InArgs, type InStatement, type InValue, type ResultSet, type Row, type Transaction,
  type TransactionMode,
} from '@libsql/client';
import Database from 'libsql';

export const statementCacheMax = 500;
const maxConnections = 20;
const busyRetryMaxMs = 10;

/** Whether SQLite refused because another connection holds the lock (nothing was done: safe to try again). */
function isBusy(error: unknown): boolean {
  return error instanceof LibsqlError && error.code === 'SQLITE_BUSY';
}

type Sqlite = InstanceType<typeof Database>;
type Statement = ReturnType<Sqlite['prepare']>;
interface Prepared { statement: Statement; reader: boolean }

/** One connection and its prepared statements. */
class Connection {
  private readonly statements = new Map<string, Prepared>();
  /**
   * Set when a statement failed with SQLITE_BUSY. SQLite leaves such a
   * statement active (so that it can be stepped again), holding the
   * connection's read transaction, and libsql offers no reset: later
   * autocommit writes on this connection would silently wait for it. The
   * connection is closed instead of going back to the pool.
   */
  poisoned = false;

  constructor(readonly db: Sqlite) {}

  prepare(sql: string): Prepared {
    const cached = this.statements.get(sql);
    if (cached) {
      // most recently used last: the first key is the one to evict
      this.statements.delete(sql);
      this.statements.set(sql, cached);
      return cached;
    }
    const statement = this.db.prepare(sql);
    statement.safeIntegers(true);
    const reader = (statement as unknown as { reader: boolean }).reader;
    if (reader) statement.raw(true);
    const prepared = { statement, reader };
    if (this.statements.size >= statementCacheMax) this.statements.delete(this.statements.keys().next().value!);
    this.statements.set(sql, prepared);
    return prepared;
  }

  close() {
    this.statements.clear();
    try {
      if (this.db.open) this.db.close();
    } catch {
      // nothing useful to do while tearing down
    }
  }
}

const minSafe = BigInt(Number.MIN_SAFE_INTEGER);
const maxSafe = BigInt(Number.MAX_SAFE_INTEGER);
const minInteger = -9223372036854775808n;
const maxInteger = 9223372036854775807n;

function valueToSql(value: InValue): unknown {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('Only finite numbers (not Infinity or NaN) can be passed as arguments');
    return value;
  }
  if (typeof value === 'bigint') {
    if (value < minInteger || value > maxInteger) throw new RangeError('bigint is too large to be represented as a 64-bit integer and passed as argument');
    return value;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value instanceof Date) return value.valueOf();
  if (value === undefined) throw new TypeError('undefined cannot be passed as argument to the database');
  return value;
}

function valueFromSql(value: unknown): unknown {
  if (typeof value === 'bigint') {
    if (value < minSafe || value > maxSafe) throw new RangeError('Received integer which cannot be safely represented as a JavaScript number');
    return Number(value);
  }
  if (value instanceof Buffer) return value.buffer;
  return value;
}

/** A row as @libsql/client makes it: values by index (not enumerable) and by column name. */
function rowFromSql(values: unknown[], columns: string[]): Row {
  const row: Record<string | number, unknown> = {};
  Object.defineProperty(row, 'length', { value: values.length });
  for (let i = 0; i < values.length; i++) {
    const value = valueFromSql(values[i]);
    Object.defineProperty(row, i, { value });
    const column = columns[i];
    if (!Object.hasOwn(row, column)) row[column] = value;
  }
  return row as unknown as Row;
}

function normalize(stmtOrSql: InStatement | string | [string, InArgs?], args?: InArgs): { sql: string; args: InArgs } {
  if (typeof stmtOrSql === 'string') return { sql: stmtOrSql, args: args ?? [] };
  if (Array.isArray(stmtOrSql)) return { sql: stmtOrSql[0], args: stmtOrSql[1] ?? [] };
  return { sql: stmtOrSql.sql, args: stmtOrSql.args ?? [] };
}

function bindArgs(args: InArgs): object {
  if (Array.isArray(args)) return args.map(valueToSql);
  const named: Record<string, unknown> = {};
  for (const name in args) {
    const key = name[0] === '@' || name[0] === '$' || name[0] === ':' ? name.slice(1) : name;
    named[key] = valueToSql(args[name]);
  }
  return named;
}

function mapError(error: unknown): unknown {
  if (error instanceof Database.SqliteError) {
    const { code: extendedCode, rawCode } = error as unknown as { code: string; rawCode?: number };
    const code = rawCode === undefined ? 'SQLITE_UNKNOWN' : (sqliteErrorCodes[rawCode & 0xff] ?? `SQLITE_UNKNOWN_${rawCode & 0xff}`);
    return new LibsqlError(error.message, code, extendedCode, rawCode, error);
  }
  return error;
}

class Result implements ResultSet {
  constructor(readonly columns: string[], readonly columnTypes: string[], readonly rows: Row[], readonly rowsAffected: number,
    readonly lastInsertRowid: bigint | undefined) {}

  toJSON() {
    return {
      columns: this.columns, columnTypes: this.columnTypes,
      rows: this.rows.map((row) => Array.prototype.map.call(row, (v) => (typeof v === 'bigint' ? `${v}` : v instanceof ArrayBuffer ? Buffer.from(v).toString('base64') : v))),
      rowsAffected: this.rowsAffected, lastInsertRowid: this.lastInsertRowid !== undefined ? `${this.lastInsertRowid}` : null,
    };
  }
}

const emptyArgs: never[] = [];

function executeOn(connection: Connection, sql: string, args: InArgs): ResultSet {
  try {
    const { statement, reader } = connection.prepare(sql);
    const bound = (Array.isArray(args) && args.length === 0) ? emptyArgs : bindArgs(args);
    if (reader) {
      const raw = statement.all(bound) as unknown[][];
      // after running: a schema change re-prepares the statement, and `SELECT *` may have new columns
      const described = statement.columns() as { name: string; type: string | null }[];
      const columns = described.map((c) => c.name);
      const rows = new Array<Row>(raw.length);
      for (let i = 0; i < raw.length; i++) rows[i] = rowFromSql(raw[i], columns);
      return new Result(columns, described.map((c) => c.type ?? ''), rows, 0, undefined);
    }
    const info = statement.run(bound) as { changes: number; lastInsertRowid: number | bigint };
    return new Result([], [], [], info.changes, BigInt(info.lastInsertRowid));
  } catch (error) {
    const mapped = mapError(error);
    if (isBusy(mapped)) connection.poisoned = true;
    throw mapped;
  }
}

function beginFor(mode: TransactionMode): string {
  if (mode === 'write') return 'BEGIN IMMEDIATE';
  if (mode === 'read') return 'BEGIN TRANSACTION READONLY';
  if (mode === 'deferred') return 'BEGIN DEFERRED';
  throw new RangeError('Unknown transaction mode, supported values are "write", "read" and "deferred"');
}

/** Runs statements in order; the first failure becomes a LibsqlBatchError naming its index. */
function runAll(connection: Connection, statements: (InStatement | [string, InArgs?])[]): ResultSet[] {
  const results: ResultSet[] = [];
  for (let i = 0; i < statements.length; i++) {
    try {
      if (!connection.db.inTransaction) throw new LibsqlBatchError('The transaction has been rolled back', i, 'TRANSACTION_CLOSED');
      const { sql, args } = normalize(statements[i]);
      results.push(executeOn(connection, sql, args));
    } catch (error) {
      if (error instanceof LibsqlBatchError) throw error;
      if (error instanceof LibsqlError) {
        throw new LibsqlBatchError(error.message, i, error.code, error.extendedCode, error.rawCode, error.cause instanceof Error ? error.cause : undefined);
      }
      throw error;
    }
  }
  return results;
}

class Pool {
  private idle: Connection[] = [];
  private readonly borrowed = new Set<Connection>();
  private readonly held = new Set<Connection>();
  closed = false;

  constructor(private readonly path: string, private readonly max: number, private readonly pragmas: string[]) {}

  /** A connection for one synchronous call, or for a transaction (`forTransaction`), which holds it until it settles. */
  acquire(forTransaction = false): Connection {
    if (this.closed) throw new LibsqlError('The client is closed', 'CLIENT_CLOSED');
    let connection = this.idle.pop();
    if (!connection) {
      if (this.borrowed.size >= this.max) {
        throw new LibsqlError(this.max === 1
          ? 'This client has a single connection, which an open transaction is holding. In-memory databases cannot have more than one. '
            + 'Commit or roll back the transaction before using the client again.'
          : `All ${this.max} of this client's connections are held by open transactions. Commit or roll back one before using the client again.`,
        'TRANSACTION_ACTIVE');
      }
      // no busy handler: LocalClient waits for the lock with timers, not by sleeping in SQLite
      connection = new Connection(new Database(this.path, { timeout: 0 }));
      // per-connection settings, on every connection of the pool (not only the one that happened to run them)
      for (const pragma of this.pragmas) connection.db.exec(`PRAGMA ${pragma}`);
    }
    this.borrowed.add(connection);
    if (forTransaction) this.held.add(connection);
    return connection;
  }

  release(connection: Connection) {
    this.borrowed.delete(connection);
    this.held.delete(connection);
    // never back into the pool mid-transaction, or the next borrower would inherit it
    if (connection.db.open && connection.db.inTransaction) {
      try {
        connection.db.prepare('ROLLBACK').run();
      } catch {
        connection.close();
        return;
      }
    }
    if (this.closed || !connection.db.open || connection.poisoned) {
      connection.close();
      return;
    }
    this.idle.push(connection);
  }

  close() {
    this.closed = true;
    for (const connection of [...this.idle, ...this.borrowed]) connection.close();
    this.idle = [];
    this.borrowed.clear();
    this.held.clear();
  }
}

class LocalTransaction implements Transaction {
  constructor(private connection: Connection | null, private readonly release: (c: Connection) => void) {}

  private get open(): Connection {
    // Not open either when SQLite ended it itself (INSERT OR ROLLBACK, RAISE(ROLLBACK)): a statement now would autocommit.
    if (!this.connection || !this.connection.db.open || !this.connection.db.inTransaction) {
      throw new LibsqlError('The transaction is closed', 'TRANSACTION_CLOSED');
    }
    return this.connection;
  }

  private settle() {
    const connection = this.connection;
    if (!connection) return;
    this.connection = null;
    this.release(connection);
  }

  async execute(stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> {
    const { sql, args: bound } = normalize(stmtOrSql, args);
    return executeOn(this.open, sql, bound);
  }

  async batch(statements: (InStatement | [string, InArgs?])[]): Promise<ResultSet[]> {
    // runAll refuses each statement once the transaction has ended, naming its index (LibsqlBatchError)
    if (!this.connection || !this.connection.db.open) throw new LibsqlError('The transaction is closed', 'TRANSACTION_CLOSED');
    return runAll(this.connection, statements);
  }

  async executeMultiple(sql: string): Promise<void> {
    try {
      this.open.db.exec(sql);
    } catch (error) {
      throw mapError(error);
    }
  }

  async rollback(): Promise<void> {
    const connection = this.connection;
    if (!connection || !connection.db.open) {
      this.settle();
      return;
    }
    try {
      executeOn(connection, 'ROLLBACK', emptyArgs as InArgs);
    } finally {
      this.settle();
    }
  }

  async commit(): Promise<void> {
    try {
      executeOn(this.open, 'COMMIT', emptyArgs as InArgs);
    } finally {
      this.settle();
    }
  }

  close(): void {
    const connection = this.connection;
    if (!connection) return;
    try {
      if (connection.db.open && connection.db.inTransaction) executeOn(connection, 'ROLLBACK', emptyArgs as InArgs);
    } finally {
      this.settle();
    }
  }

  get closed(): boolean {
    return !this.connection || !this.connection.db.open || !this.connection.db.inTransaction;
  }
}

export interface LocalClientOptions {
  /** how long to keep trying for a lock another process holds before failing with SQLITE_BUSY (ms) */
  busyTimeoutMs?: number;
  /** per-connection PRAGMAs run on every new connection, e.g. `synchronous = FULL` */
  pragmas?: string[];
}

export class LocalClient implements Client {
  private pool: Pool;
  closed = false;
  readonly protocol = 'file';
  private readonly busyTimeoutMs: number;
  /** times a lock was found busy and waited for (for tests and operators) */
  busyWaits = 0;

  private readonly pragmas: string[];

  constructor(private readonly path: string, options: LocalClientOptions = {}) {
    this.busyTimeoutMs = options.busyTimeoutMs ?? 10_000;
    this.pragmas = options.pragmas ?? [];
    this.pool = this.newPool();
    // fail fast if the database cannot be opened at all
    const probe = this.pool.acquire();
    try {
      executeOn(probe, 'SELECT 1 AS checkThatTheDatabaseCanBeOpened', emptyArgs as InArgs);
    } catch (error) {
      this.pool.close();
      throw error;
    } finally {
      if (!this.pool.closed) this.pool.release(probe);
    }
  }

  private newPool(): Pool {
    const memory = this.path === ':memory:' || this.path.startsWith('file::memory:');
    return new Pool(this.path, memory ? 1 : maxConnections, this.pragmas);
  }

  /**
   * Runs `attempt` until it does not fail with SQLITE_BUSY, waiting with
   * timers in between (the event loop keeps running), for at most
   * `busyTimeoutMs`. Only for work that a BUSY leaves undone.
   */
  private async retryBusy<T>(attempt: () => T): Promise<T> {
    let deadline = 0;
    let waitMs = 1;
    for (;;) {
      try {
        return attempt();
      } catch (error) {
        if (!isBusy(error)) throw error;
        const now = performance.now();
        if (!deadline) deadline = now + this.busyTimeoutMs;
        else if (now >= deadline) throw error;
        this.busyWaits++;
        await new Promise((resolve) => setTimeout(resolve, waitMs * (0.5 + Math.random())));
        waitMs = Math.min(waitMs * 2, busyRetryMaxMs);
      }
    }
  }

  /** Borrows a connection for one synchronous piece of work. */
  private with<T>(work: (connection: Connection) => T): T {
    if (this.closed) throw new LibsqlError('The client is closed', 'CLIENT_CLOSED');
    const connection = this.pool.acquire();
    try {
      return work(connection);
    } finally {
      this.pool.release(connection);
    }
  }

  async execute(stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> {
    const { sql, args: bound } = normalize(stmtOrSql, args);
    // An autocommit statement that meets a busy lock did nothing: try again.
    return this.retryBusy(() => this.with((connection) => executeOn(connection, sql, bound)));
  }

  async batch(statements: (InStatement | [string, InArgs?])[], mode: TransactionMode = 'deferred'): Promise<ResultSet[]> {
    // A batch that meets a busy lock is rolled back whole (on release): try it again.
    return this.retryBusy(() => this.with((connection) => {
      executeOn(connection, beginFor(mode), emptyArgs as InArgs);
      const results = runAll(connection, statements);
      executeOn(connection, 'COMMIT', emptyArgs as InArgs);
      return results; // release rolls back whatever a failure left open
    }));
  }

  async migrate(statements: InStatement[]): Promise<ResultSet[]> {
    return this.retryBusy(() => this.with((connection) => {
      executeOn(connection, 'PRAGMA foreign_keys=off', emptyArgs as InArgs);
      try {
        executeOn(connection, 'BEGIN IMMEDIATE', emptyArgs as InArgs);
        const results = runAll(connection, statements);
        executeOn(connection, 'COMMIT', emptyArgs as InArgs);
        return results;
      } finally {
        if (connection.db.inTransaction) executeOn(connection, 'ROLLBACK', emptyArgs as InArgs);
        executeOn(connection, 'PRAGMA foreign_keys=on', emptyArgs as InArgs);
      }
    }));
  }

  async transaction(mode: TransactionMode = 'write'): Promise<Transaction> {
    return this.retryBusy(() => {
      if (this.closed) throw new LibsqlError('The client is closed', 'CLIENT_CLOSED');
      const connection = this.pool.acquire(true);
      try {
        executeOn(connection, beginFor(mode), emptyArgs as InArgs);
      } catch (error) {
        this.pool.release(connection);
        throw error;
      }
      return new LocalTransaction(connection, (c) => this.pool.release(c));
    });
  }

  /** Not retried on SQLITE_BUSY: a script may have run part of its statements before it met the lock. */
  async executeMultiple(sql: string): Promise<void> {
    return this.with((connection) => {
      try {
        connection.db.exec(sql);
      } catch (error) {
        throw mapError(error);
      }
    });
  }

  async sync(): Promise<never> {
    throw new LibsqlError('sync() is for embedded replicas, which Kontera does not use', 'SYNC_NOT_SUPPORTED');
  }

  async reconnect(): Promise<void> {
    this.pool.close();
    this.pool = this.newPool();
    this.closed = false;
  }

  close(): void {
    this.closed = true;
    this.pool.close();
  }
}

/** `file:path?query` → the path libsql opens (`:memory:` stays as it is). */
export function localPath(url: string): string {
  const path = url.slice('file:'.length).split('?')[0];
  return path === ':memory:' ? ':memory:' : path;
}

const sqliteErrorCodes: Record<number, string> = {
  1: 'SQLITE_ERROR', 2: 'SQLITE_INTERNAL', 3: 'SQLITE_PERM', 4: 'SQLITE_ABORT', 5: 'SQLITE_BUSY', 6: 'SQLITE_LOCKED', 7: 'SQLITE_NOMEM',
  8: 'SQLITE_READONLY', 9: 'SQLITE_INTERRUPT', 10: 'SQLITE_IOERR', 11: 'SQLITE_CORRUPT', 12: 'SQLITE_NOTFOUND', 13: 'SQLITE_FULL',
  14: 'SQLITE_CANTOPEN', 15: 'SQLITE_PROTOCOL', 16: 'SQLITE_EMPTY', 17: 'SQLITE_SCHEMA', 18: 'SQLITE_TOOBIG', 19: 'SQLITE_CONSTRAINT',
  20: 'SQLITE_MISMATCH', 21: 'SQLITE_MISUSE', 22: 'SQLITE_NOLFS', 23: 'SQLITE_AUTH', 24: 'SQLITE_FORMAT', 25: 'SQLITE_RANGE',
  26: 'SQLITE_NOTADB', 27: 'SQLITE_NOTICE', 28: 'SQLITE_WARNING', 100: 'SQLITE_ROW', 101: 'SQLITE_DONE',
};
