/**
 * The server keeps an idle keep-alive socket open longer than clients do (65 s, not Node's 5 s),
 * so a client never sends on a socket the server is closing at that moment (ECONNRESET).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request, Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../testing/server-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'kontera-keepalive-'));
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function get(url: string, agent: Agent): Promise<{ status: number; localPort: number }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/health`, { agent }, (res) => {
      const localPort = res.socket.localPort ?? -1;
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, localPort }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('keep-alive', () => {
  it('reuses one socket after 6 s idle (Node closes idle sockets after 5 s by default)', async () => {
    server = await startServerProcess(`file:${join(dir, 'k.db')}`);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await get(server.url, agent);
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      const second = await get(server.url, agent);
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(second.localPort).toBe(first.localPort);
    } finally {
      agent.destroy();
    }
  }, 60_000);
});
