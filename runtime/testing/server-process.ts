/**
 * Real runtime processes for the durability tests: `kontera serve` on a free
 * loopback port against a shared database file, with the bootstrap token.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export const testToken = 'ktr_test_bootstrap_token_0123456789abcdef';
/** The secret key of processes on a libSQL server (which requires one); on a local file they make and share data/secret.key. */
export const testSecretKey = Buffer.alloc(32, 7).toString('base64');
const secretKeyFor = (databaseUrl: string): Record<string, string> => (databaseUrl.startsWith('file:') ? {} : { KONTERA_SECRET_KEY: testSecretKey });

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
  api(path: string, init?: RequestInit): Promise<Response>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function startServerProcess(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['bin/kontera.mjs', 'serve'], {
    env: {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', LIBSQL_URL: databaseUrl, KONTERA_BOOTSTRAP_TOKEN: testToken,
      KONTERA_ADMIN_PASSWORD: 'test admin password', KONTERA_LEASE_MS: '1500', KONTERA_POLL_MS: '100', ...secretKeyFor(databaseUrl), ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => { output += d; });
  child.stderr!.on('data', (d) => { output += d; });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode) throw new Error(`kontera serve exited early:\n${output}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`kontera serve did not answer within 30 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url, child, exited, output: () => output,
    api: (path, init = {}) => fetch(url + path, { ...init, headers: { authorization: `Bearer ${testToken}`, 'content-type': 'application/json', ...init.headers } }),
    async stop() {
      if (child.exitCode === null && !child.signalCode) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** `kontera worker` against the same database: only the background work. */
export function startWorkerProcess(databaseUrl: string, env: Record<string, string> = {}): { stop(): Promise<void>; output: () => string } {
  const child = spawn(process.execPath, ['bin/kontera.mjs', 'worker'], {
    env: { ...process.env, LIBSQL_URL: databaseUrl, KONTERA_LEASE_MS: '1500', KONTERA_POLL_MS: '100', ...secretKeyFor(databaseUrl), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => { output += d; });
  child.stderr!.on('data', (d) => { output += d; });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    output: () => output,
    async stop() {
      if (child.exitCode === null && !child.signalCode) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Waits until the company has nothing left to run (its work queue: deliveries
 * received, events pending or running) and returns that queue; throws after
 * `timeoutMs`.
 */
export async function settledQueue(server: Pick<ServerProcess, 'api'>, companyId = 'demo', timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const queue = await (await server.api(`/api/companies/${companyId}/work-queue`)).json() as { received: number; pending: number; processing: number; failed: number };
    if (!queue.received && !queue.pending && !queue.processing) return queue;
    if (Date.now() > deadline) throw new Error(`work still waiting after ${timeoutMs} ms: ${JSON.stringify(queue)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
