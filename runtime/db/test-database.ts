import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database, type DatabaseOptions } from './client.ts';

/** A real libSQL file with migrations applied, removed when closed. For tests. */
export async function openTestDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const dir = mkdtempSync(join(tmpdir(), 'kontera-test-'));
  const database = await openDatabase(`file:${join(dir, 'test.db')}`, options);
  return {
    ...database,
    close() {
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
