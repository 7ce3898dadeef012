/**
 * For the CLI's tests: a database file at LIBSQL_URL (the commands open it as
 * in production), prepared once before the file's tests, and the output of a
 * command captured line by line.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Database } from '../db/client.ts';

/** Points LIBSQL_URL at a new file for this test file; `prepare` fills it first (then it is closed). Returns its folder, for other files. */
export function cliDatabase(name: string, prepare: (database: Database) => Promise<void>): string {
  const dir = mkdtempSync(join(tmpdir(), `kontera-${name}-cli-`));
  const previous = process.env.LIBSQL_URL;
  beforeAll(async () => {
    process.env.LIBSQL_URL = `file:${join(dir, 'k.db')}`;
    const database = await openDatabase();
    try { await prepare(database); } finally { database.close(); }
  });
  afterAll(() => { process.env.LIBSQL_URL = previous; });
  return dir;
}

/** What a command printed: `io` for `main(argv, io)`, then its lines. */
export function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}
