import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

describe('kontera CLI', () => {
  it('validates the example automation (exit 0)', async () => {
    const { io, out } = capture();
    expect(await main(['validate', 'rules-examples/bank-fees.json'], io)).toBe(0);
    expect(out.at(-1)).toMatch(/valid \(0 error/);
  });

  it('prints the errors of a broken automation and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kontera-cli-'));
    const file = join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify({ id: 'broken', name: 'Broken', nodes: [{ id: 'x', type: 'teleport' }], edges: [] }));
    const { io, err } = capture();
    expect(await main(['validate', file], io)).toBe(1);
    expect(err.join('\n')).toMatch(/unknown_node_type\] node "x"/);
    expect(err.join('\n')).toMatch(/no_trigger/);
  });

  it('says what is wrong with a missing file or bad JSON', async () => {
    const { io, err } = capture();
    expect(await main(['validate', '/nonexistent.json'], io)).toBe(1);
    expect(err[0]).toMatch(/nonexistent\.json: ENOENT/);
  });

  it('lists the commands and refuses unknown ones', async () => {
    const help = capture();
    expect(await main(['help'], help.io)).toBe(0);
    expect(help.out[0]).toMatch(/kontera serve/);
    const unknown = capture();
    expect(await main(['frobnicate'], unknown.io)).toBe(2);
  });
});
