import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { runtimeLogger } from '../log.ts';
import { BackgroundCheckpointer, writerAutoCheckpointPages } from './checkpointer.ts';
import { LocalClient, localPath } from './local-client.ts';
import * as schema from './schema.ts';
import { serializeWrites } from './write-queue.ts';

export type Db = LibSQLDatabase<typeof schema>;
export interface Database {
  url: string;
  client: Client;
  db: Db;
  close(): void;
  /** times this process found the write lock held by another process and waited for it (local files; 0 otherwise) */
  lockWaits(): number;
  /** the thread that checkpoints the log, when opened with `checkpoints: 'background'` (local files) */
  checkpointer: BackgroundCheckpointer | null;
}

export interface DatabaseOptions {
  /**
   * Who copies the write-ahead log back into the file (local files). `inline` (default): the committing
   * connection, every 1 000 pages, as SQLite does. `background`: a thread of its own shortly after each
   * commit (checkpointer.ts) — for long-running processes that write a lot (`kontera serve`, `kontera
   * worker`); KONTERA_CHECKPOINTS=inline turns it off there.
   */
  checkpoints?: 'inline' | 'background';
}

/** KONTERA_CHECKPOINTS: `background` (default for `serve` and `worker`) or `inline`. */
export function checkpointsWanted(env: NodeJS.ProcessEnv = process.env): 'inline' | 'background' {
  const value = env.KONTERA_CHECKPOINTS ?? 'background';
  if (value !== 'inline' && value !== 'background') throw new Error(`KONTERA_CHECKPOINTS must be background or inline, not "${value}"`);
  return value;
}

/**
 * SQLite's page cache per connection, in MB (KONTERA_SQLITE_CACHE_MB, default 32; SQLite's own default is 2).
 * The writer touches index pages all over a large ledger; with 2 MB it read most of them again from the OS on
 * every batch. Filled only as pages are read, so a connection that reads little stays small.
 */
export function pageCacheMb(env: NodeJS.ProcessEnv = process.env): number {
  const value = env.KONTERA_SQLITE_CACHE_MB ?? '32';
  const mb = Number(value);
  if (!/^\d+$/.test(value) || mb < 1 || mb > 4096) throw new Error(`KONTERA_SQLITE_CACHE_MB must be a whole number of MB from 1 to 4096, not "${value}"`);
  return mb;
}

export const defaultDatabaseUrl = 'file:data/kontera.db';
const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Opens the libSQL database at `url` (a local `file:` path, or a `libsql://`
 * / `http(s)://` server), creating the folder of a local file, and applies
 * the committed migrations.
 */
export async function openDatabase(url = process.env.LIBSQL_URL ?? defaultDatabaseUrl, options: DatabaseOptions = {}): Promise<Database> {
  const local = url.startsWith('file:');
  const file = local && !url.includes(':memory:');
  const background = file && options.checkpoints === 'background';
  if (file) {
    const path = url.slice('file:'.length).split('?')[0];
    mkdirSync(dirname(resolve(path)), { recursive: true });
  }
  // Local files: our client (local-client.ts) — prepared statements kept per connection, waits for another
  // process's lock without blocking the event loop, and these settings on every pooled connection. Servers:
  // @libsql/client. `synchronous` (KONTERA_SYNCHRONOUS): FULL syncs the WAL on every commit, so an
  // acknowledged delivery survives a power cut; NORMAL syncs at checkpoints only (a crash of the process
  // loses nothing; a power cut may lose the last commits).
  const synchronous = (process.env.KONTERA_SYNCHRONOUS ?? 'NORMAL').toUpperCase();
  if (!['FULL', 'NORMAL'].includes(synchronous)) throw new Error(`KONTERA_SYNCHRONOUS must be FULL or NORMAL, not "${synchronous}"`);
  const pragmas = [`synchronous = ${synchronous}`, 'foreign_keys = ON', `cache_size = -${pageCacheMb() * 1024}`];
  if (background) pragmas.push(`wal_autocheckpoint = ${writerAutoCheckpointPages}`);
  const raw = local
    ? new LocalClient(localPath(url), { busyTimeoutMs: 10_000, pragmas })
    : createClient({ url, authToken: process.env.LIBSQL_AUTH_TOKEN });
  const client = local ? serializeWrites(raw) : raw;
  // WAL (a property of the file): readers never block the writer, and one writer appends.
  if (file) await client.execute('PRAGMA journal_mode = WAL');
  if (!local) await client.execute('PRAGMA foreign_keys = ON');
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder });
  const checkpointer = background
    ? new BackgroundCheckpointer(localPath(url), { synchronous, onError: (message) => runtimeLogger.warn('the background checkpointer stopped; writers checkpoint themselves', { error: message }) })
    : null;
  return {
    url, client, db, checkpointer,
    close: () => {
      checkpointer?.close();
      client.close();
    },
    lockWaits: () => (raw instanceof LocalClient ? raw.busyWaits : 0),
  };
}

export { schema };

/** What raw SQL needs: a libSQL client or an open libSQL transaction. */
export interface SqlExecutor {
  execute(statement: { sql: string; args: (string | number | null)[] }): Promise<{ rows: Record<string, unknown>[]; rowsAffected?: number }>;
}

/**
 * The libSQL handle under a drizzle database or transaction, for the ledger's
 * hot path (multi-row inserts without the query builder's per-value cost).
 * Relies on drizzle-orm 0.45's LibSQLSession keeping `client` and `tx`
 * (pinned in package.json; client.test.ts fails loudly if that changes).
 */
export function rawExecutor(dbOrTx: unknown): SqlExecutor {
  if (typeof (dbOrTx as Partial<SqlExecutor>).execute === 'function') return dbOrTx as SqlExecutor; // a libSQL client or transaction
  const session = (dbOrTx as { session?: { tx?: SqlExecutor; client?: SqlExecutor } }).session;
  const handle = session?.tx ?? session?.client;
  if (!handle || typeof handle.execute !== 'function') {
    throw new Error('rawExecutor: no libSQL handle under this drizzle object (has drizzle-orm changed?)');
  }
  return handle;
}

/**
 * Multi-row INSERTs in chunks (one prepared statement per chunk size), for
 * rows written in bulk on hot paths (vouchers, their lines, runs): no query
 * builder cost per value. `columns` maps each column to the row's field.
 */
export async function insertRows<Row>(raw: SqlExecutor, table: string, columns: [string, keyof Row][], rows: Row[], chunkSize: number): Promise<void> {
  const tuple = `(${columns.map(() => '?').join(',')})`;
  for (let i = 0; i < rows.length; i += chunkSize) {
    const chunk = rows.slice(i, i + chunkSize);
    const args: (string | number | null)[] = [];
    for (const row of chunk) for (const [, key] of columns) args.push((row[key] ?? null) as string | number | null);
    await raw.execute({
      sql: `INSERT INTO ${table} (${columns.map(([name]) => name).join(',')}) VALUES ${chunk.map(() => tuple).join(',')}`,
      args,
    });
  }
}

/**
 * A write transaction on the libSQL client under `db`, without drizzle's
 * transaction object (whose construction showed in the webhook profile):
 * `work` gets the raw executor; commit on success, rollback on failure.
 */
export async function rawWriteTransaction<T>(db: Db, work: (sql: SqlExecutor) => Promise<T>): Promise<T> {
  const tx = await (db as unknown as { $client: Client }).$client.transaction('write');
  try {
    const result = await work(tx as unknown as SqlExecutor);
    await tx.commit();
    return result;
  } finally {
    tx.close(); // rolls back unless committed
  }
}
