import { describe, expect, it } from 'vitest';
import { rawExecutor } from './client.ts';
import { companies } from './schema.ts';
import { openTestDatabase } from './test-database.ts';

describe('database client', () => {
  it('applies the migrations, in WAL mode', async () => {
    const database = await openTestDatabase();
    const mode = await database.client.execute('PRAGMA journal_mode');
    expect(mode.rows[0].journal_mode).toBe('wal');
    const tables = await database.client.execute("SELECT name FROM sqlite_master WHERE type = 'table'");
    expect(tables.rows.map((r) => r.name)).toEqual(expect.arrayContaining(['vouchers', 'voucher_lines', 'automations', 'runs']));
    database.close();
  });

  it('gives raw SQL the same transaction as drizzle (rolled back together)', async () => {
    const database = await openTestDatabase();
    await expect(database.db.transaction(async (tx) => {
      await rawExecutor(tx).execute({ sql: "INSERT INTO companies (id, name, org_number) VALUES ('raw', 'Raw AB', '')", args: [] });
      const seen = await tx.select().from(companies);
      expect(seen.map((c) => c.id)).toEqual(['raw']);
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    const after = await database.client.execute('SELECT count(*) AS n FROM companies');
    expect(Number(after.rows[0].n)).toBe(0);
    expect(typeof rawExecutor(database.db).execute).toBe('function');
    database.close();
  });
});
