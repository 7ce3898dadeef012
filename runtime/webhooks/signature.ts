/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com):
 * `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, several
 * space-separated for key rotation; secrets are `whsec_<base64 key>`;
 * timestamps within ±5 minutes; constant-time comparison.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const toleranceSeconds = 5 * 60;

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** Decoded keys by secret (decoding base64 on every delivery showed in profiles); bounded. */
const keys = new Map<string, Buffer>();

function keyOf(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
    if (keys.size >= 10_000) keys.clear();
    keys.set(secret, key);
  }
  return key;
}

function mac(secret: string, id: string, timestampSeconds: number | string, body: string): Buffer {
  return createHmac('sha256', keyOf(secret)).update(`${id}.${timestampSeconds}.${body}`).digest();
}

export function sign(secret: string, id: string, timestampSeconds: number, body: string): string {
  return `v1,${mac(secret, id, timestampSeconds, body).toString('base64')}`;
}

/** The headers of a signed JSON delivery, as a Standard Webhooks sender sends them (senders in tests, the bench, examples). */
export function signedHeaders(secret: string, webhookId: string, body: string, timestampSeconds = Math.floor(Date.now() / 1000)): Record<string, string> {
  return {
    'content-type': 'application/json', 'webhook-id': webhookId, 'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': sign(secret, webhookId, timestampSeconds, body),
  };
}

export type VerifyFailure = 'missing_headers' | 'bad_timestamp' | 'stale_timestamp' | 'bad_signature';

export function verify(
  headers: { id?: string | null; timestamp?: string | null; signature?: string | null },
  body: string,
  secrets: string[],
  nowSeconds: number,
): { ok: true } | { ok: false; reason: VerifyFailure; message: string } {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) {
    return { ok: false, reason: 'missing_headers', message: 'webhook-id, webhook-timestamp and webhook-signature are required' };
  }
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'bad_timestamp', message: 'webhook-timestamp must be Unix seconds' };
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) {
    return { ok: false, reason: 'stale_timestamp', message: `webhook-timestamp is more than ${toleranceSeconds / 60} minutes from now` };
  }
  for (const secret of secrets) {
    const expected = mac(secret, id, Number(timestamp), body);
    for (const candidate of signature.split(' ')) {
      const [version, value] = candidate.split(',', 2);
      if (version !== 'v1' || !value) continue;
      const given = Buffer.from(value, 'base64');
      if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
    }
  }
  return { ok: false, reason: 'bad_signature', message: 'No signature matches' };
}
