import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client.ts';
import { seedDemoCompany } from '../seed/demo.ts';

function run(url: string, count: number, tag: string, startAtMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'runtime/ledger/testing/post-many.ts', String(count), tag, String(startAtMs)], {
      env: { ...process.env, LIBSQL_URL: url }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${tag} exited ${code}: ${err}`))));
  });
}

describe('voucher numbering under concurrency', () => {
  it('two real processes posting at once leave unique, gap-free numbers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kontera-numbering-'));
    const url = `file:${join(dir, 'shared.db')}`;
    const setup = await openDatabase(url);
    await seedDemoCompany(setup.db);
    setup.close();
    const perProcess = 250;
    const startAtMs = Date.now() + 4000;
    const outputs = await Promise.all([run(url, perProcess, 'one', startAtMs), run(url, perProcess, 'two', startAtMs)]);
    expect(outputs.join('')).toMatch(/one: posted 250[\s\S]*two: posted 250|two: posted 250[\s\S]*one: posted 250/);

    const check = await openDatabase(url);
    const rows = await check.client.execute("SELECT number, text FROM vouchers WHERE company_id = 'demo' AND series = 'A' ORDER BY number");
    check.close();
    rmSync(dir, { recursive: true, force: true });
    const numbers = rows.rows.map((r) => Number(r.number));
    expect(numbers).toHaveLength(2 * perProcess);
    expect(numbers).toEqual(Array.from({ length: 2 * perProcess }, (_, i) => i + 1));
    // both processes really interleaved
    const owners = rows.rows.map((r) => String(r.text).split(' ')[0]);
    const switches = owners.filter((o, i) => i > 0 && o !== owners[i - 1]).length;
    // SQLite serialises writers (BEGIN IMMEDIATE + busy timeout): how often they alternate is up to the lock.
    expect(switches).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
