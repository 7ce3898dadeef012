/** The security headers are Hono's secureHeaders set, sent before the handler runs (so on every answer, errors included). */
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, securityHeaderList, securityHeaders } from './hardening.ts';

describe('security headers', () => {
  it('are the set Hono secureHeaders sends with our CSP', async () => {
    const reference = new Hono();
    reference.use(secureHeaders({ contentSecurityPolicy: {}, crossOriginEmbedderPolicy: false, xFrameOptions: 'DENY', referrerPolicy: 'same-origin',
      strictTransportSecurity: 'max-age=31536000; includeSubDomains' }));
    reference.get('/', (c) => c.text(''));
    const expected = [...(await reference.request('/')).headers].filter(([name]) => name !== 'content-type' && name !== 'content-security-policy');
    expect(securityHeaderList.filter(([name]) => name !== 'content-security-policy')).toEqual(expected);
    expect(contentSecurityPolicy).toMatch(/^default-src 'self'; .*frame-ancestors 'none'$/);
  });

  it('reach answers the handler made, answers of errors, and the not-found answer', async () => {
    const app = new Hono();
    app.use('*', securityHeaders);
    app.get('/ok', (c) => c.json({ ok: true }));
    app.get('/boom', () => { throw new Error('boom'); });
    app.onError((_error, c) => c.json({ error: 'internal_error' }, 500));
    for (const path of ['/ok', '/boom', '/missing']) {
      const response = await app.request(path);
      for (const [name, value] of securityHeaderList) expect(response.headers.get(name), `${path} ${name}`).toBe(value);
    }
  });
});
