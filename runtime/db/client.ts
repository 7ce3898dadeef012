import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { drizzle, type LibSQLDatabase } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import * as schema from './schema.ts';
import { serializeWrites } from './write-queue.ts';

export type Db = LibSQLDatabase<typeof schema>;
export interface Database {
  url: string;
  client: Client;
  db: Db;
  close(): void;
}

export const defaultDatabaseUrl = 'file:data/kontera.db';
const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/**
 * Opens the libSQL database at `url` (a local `file:` path, or a `libsql://`
 * / `http(s)://` server), creating the folder of a local file, and applies
 * the committed migrations.
 */
export async function openDatabase(url = process.env.LIBSQL_URL ?? defaultDatabaseUrl): Promise<Database> {
  const local = url.startsWith('file:');
  if (local && !url.includes(':memory:')) {
    const path = url.slice('file:'.length).split('?')[0];
    mkdirSync(dirname(resolve(path)), { recursive: true });
  }
  const raw = createClient({
    url,
    authToken: process.env.LIBSQL_AUTH_TOKEN,
    // Busy timeout for local files: writers queue instead of failing (several processes on one file).
    timeout: local ? 10_000 : undefined,
  });
  const client = local ? serializeWrites(raw) : raw;
  if (local && !url.includes(':memory:')) {
    // WAL: readers never block the writer, and a commit costs one fsync.
    await client.execute('PRAGMA journal_mode = WAL');
    await client.execute('PRAGMA synchronous = NORMAL');
  }
  await client.execute('PRAGMA foreign_keys = ON');
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder });
  return { url, client, db, close: () => client.close() };
}

export { schema };

/** What raw SQL needs: a libSQL client or an open libSQL transaction. */
export interface SqlExecutor {
  execute(statement: { sql: string; args: (string | number | null)[] }): Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * The libSQL handle under a drizzle database or transaction, for the ledger's
 * hot path (multi-row inserts without the query builder's per-value cost).
 * Relies on drizzle-orm 0.45's LibSQLSession keeping `client` and `tx`
 * (pinned in package.json; client.test.ts fails loudly if that changes).
 */
export function rawExecutor(dbOrTx: unknown): SqlExecutor {
  const session = (dbOrTx as { session?: { tx?: SqlExecutor; client?: SqlExecutor } }).session;
  const handle = session?.tx ?? session?.client;
  if (!handle || typeof handle.execute !== 'function') {
    throw new Error('rawExecutor: no libSQL handle under this drizzle object (has drizzle-orm changed?)');
  }
  return handle;
}
