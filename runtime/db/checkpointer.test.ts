import { statSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { BackgroundCheckpointer, writerAutoCheckpointPages } from './checkpointer.ts';
import { checkpointsWanted, openDatabase, pageCacheMb, type Database } from './client.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('checkpoints in the background', () => {
  const opened: Database[] = [];
  const dirs: string[] = [];
  afterEach(() => {
    for (const database of opened.splice(0)) database.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const open = async (checkpoints: 'inline' | 'background') => {
    const dir = mkdtempSync(join(tmpdir(), 'kontera-ckpt-'));
    dirs.push(dir);
    const path = join(dir, 'k.db');
    const database = await openDatabase(`file:${path}`, { checkpoints });
    opened.push(database);
    await database.client.execute('CREATE TABLE scratch (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    return { database, path };
  };
  /** 1 000 commits of ≈ 16 kB each (≈ 17 MB through the log, below the writers' own 40 MB mark), the largest log seen. */
  const writeMany = async (database: Database, path: string) => {
    let largestLog = 0;
    let copied = 0;
    for (let k = 0; k < 1000; k++) {
      await database.client.execute({ sql: 'INSERT INTO scratch (body) VALUES (?)', args: ['x'.repeat(16_000) + k] });
      largestLog = Math.max(largestLog, statSync(`${path}-wal`).size);
      if (k % 50 === 49) {
        // the thread's turn (it looks every 50 ms while writes come): wait, up to 2 s, until it has copied more
        for (let wait = 0; wait < 200 && (await database.checkpointer!.stats()).framesCopied === copied; wait++) await pause(10);
        copied = (await database.checkpointer!.stats()).framesCopied;
      }
    }
    return largestLog;
  };

  it('copies the log back on its own thread while the writer never reaches its own mark, so the log stays small', async () => {
    const { database, path } = await open('background');
    expect(database.checkpointer).not.toBeNull();
    // the writer's own checkpoint is only the safety net
    const { rows: [mark] } = await database.client.execute('PRAGMA wal_autocheckpoint');
    expect(Number(mark.wal_autocheckpoint)).toBe(writerAutoCheckpointPages);
    const largestLog = await writeMany(database, path);
    const stats = await database.checkpointer!.checkpointNow();
    expect(stats.checkpoints).toBeGreaterThan(0);
    expect(stats.framesCopied).toBeGreaterThan(3000); // ≈ 4 000 pages written
    expect(stats.errors).toBe(0);
    // without the thread the log would hold all ≈ 17 MB (the writer checkpoints itself only past 40 MB)
    expect(largestLog).toBeLessThan(8_000_000);
    // and nothing is lost: every row is in the file
    const { rows: [count] } = await database.client.execute('SELECT count(*) AS n FROM scratch');
    expect(Number(count.n)).toBe(1000);
  });

  it('inline (the default) leaves checkpoints to the committing connection, as SQLite does', async () => {
    const { database } = await open('inline');
    expect(database.checkpointer).toBeNull();
    const { rows: [mark] } = await database.client.execute('PRAGMA wal_autocheckpoint');
    expect(Number(mark.wal_autocheckpoint)).toBe(1000);
  });

  it('only looks when another connection has committed, and answers no more once closed', async () => {
    const { database, path } = await open('inline');
    const checkpointer = new BackgroundCheckpointer(path, { synchronous: 'NORMAL', busyMs: 5, idleMs: 5 });
    try {
      await pause(60);
      const quiet = await checkpointer.stats();
      expect(quiet.checkpoints).toBe(0); // nothing committed since it started: nothing to copy
      await database.client.execute({ sql: 'INSERT INTO scratch (body) VALUES (?)', args: ['one'] });
      let after = await checkpointer.stats();
      for (let k = 0; k < 100 && after.checkpoints === 0; k++) {
        await pause(10);
        after = await checkpointer.stats();
      }
      expect(after.checkpoints).toBe(1);
      expect(after.framesCopied).toBeGreaterThan(0);
    } finally {
      checkpointer.close();
    }
    await expect(checkpointer.stats()).rejects.toThrow(/closed/);
  });

  it('gives every connection a larger page cache, and says what is wrong with a setting', async () => {
    const { database } = await open('inline');
    const { rows: [cache] } = await database.client.execute('PRAGMA cache_size');
    expect(Number(cache.cache_size)).toBe(-32 * 1024);
    expect(pageCacheMb({ KONTERA_SQLITE_CACHE_MB: '256' })).toBe(256);
    expect(() => pageCacheMb({ KONTERA_SQLITE_CACHE_MB: '0.5' })).toThrow(/KONTERA_SQLITE_CACHE_MB must be a whole number/);
    expect(checkpointsWanted({})).toBe('background');
    expect(checkpointsWanted({ KONTERA_CHECKPOINTS: 'inline' })).toBe('inline');
    expect(() => checkpointsWanted({ KONTERA_CHECKPOINTS: 'never' })).toThrow(/KONTERA_CHECKPOINTS must be background or inline, not "never"/);
  });
});
