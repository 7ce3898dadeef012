import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('bin/kontera.mjs', () => {
  it('runs as a real process with exit codes', () => {
    const ok = spawnSync(process.execPath, ['bin/kontera.mjs', 'validate', 'rules-examples/bank-fees.json'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/valid/);
    const bad = spawnSync(process.execPath, ['bin/kontera.mjs', 'validate', 'package.json'], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/invalid_document/);
  });
});
