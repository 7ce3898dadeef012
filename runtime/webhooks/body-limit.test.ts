import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { webhookBodyLimit } from './body-limit.ts';
import { webhookBodyMaxBytes } from './endpoints.ts';

const app = new Hono();
app.post('/hook', webhookBodyLimit, async (c) => c.json({ bytes: Buffer.byteLength(await c.req.text()) }, 202));

const send = (body: string, headers: Record<string, string> = {}) => app.request('/hook', { method: 'POST', body, headers });
const chunked = (body: string) => app.request('/hook', {
  method: 'POST', duplex: 'half',
  body: new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(body)); c.close(); } }),
} as RequestInit);

describe('webhook body limit', () => {
  it('judges a declared length by its header: at the limit passes, over it is 413', async () => {
    const atLimit = 'x'.repeat(webhookBodyMaxBytes);
    const ok = await send(atLimit, { 'content-length': String(webhookBodyMaxBytes) });
    expect(ok.status).toBe(202);
    expect(await ok.json()).toEqual({ bytes: webhookBodyMaxBytes });
    const over = await send(`${atLimit}x`, { 'content-length': String(webhookBodyMaxBytes + 1) });
    expect(over.status).toBe(413);
    expect(await over.json()).toEqual({ error: 'payload_too_large', message: 'A webhook body may be at most 256 kB' });
  });

  it('counts a body without a length while reading it', async () => {
    expect((await chunked('x'.repeat(webhookBodyMaxBytes))).status).toBe(202);
    const over = await chunked('x'.repeat(webhookBodyMaxBytes + 1));
    expect(over.status).toBe(413);
    expect((await over.json()).error).toBe('payload_too_large');
  });
});
