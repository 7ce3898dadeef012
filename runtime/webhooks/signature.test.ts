import { describe, expect, it } from 'vitest';
import { newWebhookSecret, sign, verify } from './signature.ts';

// The Standard Webhooks reference test vector.
const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const timestamp = 1614265330;
const body = '{"test": 2432232314}';
const expected = 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=';

describe('Standard Webhooks signatures', () => {
  it('matches the reference vector', () => {
    expect(sign(secret, id, timestamp, body)).toBe(expected);
    expect(verify({ id, timestamp: String(timestamp), signature: expected }, body, [secret], timestamp)).toEqual({ ok: true });
  });

  it('accepts any of several signatures and any of several secrets (rotation)', () => {
    const other = newWebhookSecret();
    const header = `v1,bm90IGEgc2lnbmF0dXJl ${expected}`;
    expect(verify({ id, timestamp: String(timestamp), signature: header }, body, [other, secret], timestamp).ok).toBe(true);
  });

  it.each([
    ['missing headers', { id, timestamp: String(timestamp), signature: null }, body, 'missing_headers'],
    ['a wrong signature', { id, timestamp: String(timestamp), signature: 'v1,AAAA' }, body, 'bad_signature'],
    ['a tampered body', { id, timestamp: String(timestamp), signature: expected }, '{"test": 2432232315}', 'bad_signature'],
    ['a truncated body', { id, timestamp: String(timestamp), signature: expected }, body.slice(0, -1), 'bad_signature'],
    ['a truncated signature', { id, timestamp: String(timestamp), signature: expected.slice(0, -4) }, body, 'bad_signature'],
    ['another id', { id: 'msg_other', timestamp: String(timestamp), signature: expected }, body, 'bad_signature'],
    ['an unknown version', { id, timestamp: String(timestamp), signature: expected.replace('v1,', 'v2,') }, body, 'bad_signature'],
    ['a non-numeric timestamp', { id, timestamp: '2021-02-25', signature: expected }, body, 'bad_timestamp'],
  ])('refuses %s', (_name, headers, payload, reason) => {
    expect(verify(headers, payload, [secret], timestamp)).toMatchObject({ ok: false, reason });
  });

  it('refuses timestamps more than 5 minutes off, either way', () => {
    const headers = { id, timestamp: String(timestamp), signature: expected };
    expect(verify(headers, body, [secret], timestamp + 301)).toMatchObject({ ok: false, reason: 'stale_timestamp' });
    expect(verify(headers, body, [secret], timestamp - 301)).toMatchObject({ ok: false, reason: 'stale_timestamp' });
    expect(verify(headers, body, [secret], timestamp + 299).ok).toBe(true);
  });
});
