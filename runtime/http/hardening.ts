/**
 * Request and response hardening: JSON bodies must be UTF-8, must not try to
 * reach prototypes, and are nested at most `jsonDepthMax` deep; every
 * response carries security headers, /api answers `Cache-Control: no-store`,
 * and the designer's pages a Content-Security-Policy that allows only our own
 * origin (Monaco's workers come from it too).
 */
import type { MiddlewareHandler } from 'hono';
import type { ApiError } from '../../shared/api.ts';
import { handlerRoute } from './auth.ts';

const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);
export const jsonDepthMax = 64;

/** A body that is not UTF-8; `offset` is the first byte (from 0) of the first sequence that is not. */
export class InvalidUtf8 extends Error {
  constructor(readonly offset: number) {
    super(`The body is not valid UTF-8: the byte sequence at byte ${offset} (counted from 0) is not UTF-8`);
    this.name = 'InvalidUtf8';
  }
}

// Native and fast on the webhook hot path; `fatal` refuses instead of putting U+FFFD in what gets booked.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of a UTF-8 body (a leading BOM dropped, as fetch's text() does); throws InvalidUtf8 naming the byte. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new InvalidUtf8(invalidUtf8Offset(bytes));
  }
}

/**
 * Where the first ill-formed sequence starts (Unicode's well-formed table:
 * no overlong forms, no surrogates, nothing above U+10FFFF), or -1. Run only
 * after the decoder refused, to say where.
 */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i];
    if (lead < 0x80) { i++; continue; }
    let following: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) following = 1;
    else if (lead >= 0xe0 && lead <= 0xef) { following = 2; if (lead === 0xe0) low = 0xa0; if (lead === 0xed) high = 0x9f; }
    else if (lead >= 0xf0 && lead <= 0xf4) { following = 3; if (lead === 0xf0) low = 0x90; if (lead === 0xf4) high = 0x8f; }
    else return i;
    for (let k = 1; k <= following; k++) {
      if (i + k >= bytes.length || bytes[i + k] < low || bytes[i + k] > high) return i;
      low = 0x80;
      high = 0xbf;
    }
    i += following + 1;
  }
  return -1;
}

/** Whether a parsed JSON value nests deeper than `max` (iterative: a deep value cannot overflow the stack here). */
export function jsonDeeperThan(value: unknown, max = jsonDepthMax): boolean {
  if (value === null || typeof value !== 'object') return false;
  const values: unknown[] = [value];
  const depths: number[] = [1];
  while (values.length) {
    const current = values.pop() as object;
    const depth = depths.pop()!;
    if (depth > max) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (child !== null && typeof child === 'object') { values.push(child); depths.push(depth + 1); }
    }
  }
  return false;
}

export const tooDeepMessage = `The body is nested deeper than ${jsonDepthMax} levels (the limit)`;

/** The first forbidden key or over-deep spot in a parsed JSON value, as a path. */
export function findHostileJson(value: unknown): { path: string; reason: string } | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: '', depth: 0 }];
  while (stack.length) {
    const { value: current, path, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= jsonDepthMax) return { path: path || '(body)', reason: `nesting deeper than ${jsonDepthMax} levels` };
    if (Array.isArray(current)) {
      current.forEach((item, i) => stack.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
      continue;
    }
    for (const key of Object.keys(current)) {
      const at = path ? `${path}.${key}` : key;
      if (forbiddenKeys.has(key)) return { path: at, reason: `the key "${key}" is not allowed` };
      stack.push({ value: (current as Record<string, unknown>)[key], path: at, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * Reads JSON bodies (from a clone: the route's own size limit still reads
 * the original), decodes them as strict UTF-8, parses them and refuses
 * hostile ones before any handler runs. Mounted after authentication, so a
 * caller without credentials never gets a body read; and only for a route
 * that exists. The checked bytes and text are what the route then reads.
 */
export const jsonGuard: MiddlewareHandler = async (c, next) => {
  const type = c.req.header('content-type') ?? '';
  if (!['POST', 'PUT', 'PATCH'].includes(c.req.method) || !/application\/([\w.+-]*\+)?json/i.test(type)) return next();
  if (!handlerRoute(c)) return next(); // the 404 answer needs no body
  const buffer = await c.req.raw.clone().arrayBuffer();
  let text: string;
  try {
    text = decodeUtf8(new Uint8Array(buffer));
  } catch (error) {
    if (!(error instanceof InvalidUtf8)) throw error;
    return c.json({ error: 'invalid_utf8', message: error.message } satisfies ApiError, 400);
  }
  // The route reads these, not a second decoding (which would put U+FFFD where we refused); the bytes first, so
  // that c.req.arrayBuffer() gets them as they came and c.req.json() parses the text checked here.
  // (Hono keeps promises there, though its type says values.)
  const cache = c.req.bodyCache as Record<string, Promise<unknown>>;
  cache.arrayBuffer = Promise.resolve(buffer);
  cache.text = Promise.resolve(text);
  if (text.trim() === '') return next(); // no body: the route's own validator decides
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return c.json({ error: 'invalid_json', message: `The body is not valid JSON: ${(error as Error).message}` } satisfies ApiError, 400);
  }
  const hostile = findHostileJson(body);
  if (hostile) {
    return c.json({
      error: hostile.reason.startsWith('nesting') ? 'too_deep' : 'invalid_request', message: `Refused JSON body at ${hostile.path}: ${hostile.reason}`,
      issues: [{ path: hostile.path, message: hostile.reason }],
    } satisfies ApiError, 400);
  }
  return next();
};

/**
 * `Cache-Control: no-store` on /api answers: they carry ledger data, which
 * must not sit in a browser's or a proxy's cache. Set before the handler
 * runs (as the security headers), so a handler may still choose otherwise
 * (the API reference's static files).
 */
export const noStore: MiddlewareHandler = async (c, next) => {
  c.header('cache-control', 'no-store');
  await next();
};

/** The Content-Security-Policy: the designer's own origin only (React Flow and Monaco set inline styles). */
export const contentSecurityPolicy = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:", "font-src 'self' data:",
  "worker-src 'self' blob:", "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
].join('; ');

/**
 * The security headers of every answer: the set Hono's `secureHeaders`
 * sends with our CSP (hardening.test.ts checks that they stay the same).
 * Set before the handler runs, so that they are part of the response it
 * creates: secureHeaders sets them on the finished response, which makes
 * @hono/node-server build a full Response instead of writing the cached one
 * directly — measured as a quarter of the webhook throughput.
 */
export const securityHeaderList: [string, string][] = [
  ['content-security-policy', contentSecurityPolicy],
  ['cross-origin-opener-policy', 'same-origin'],
  ['cross-origin-resource-policy', 'same-origin'],
  ['origin-agent-cluster', '?1'],
  ['referrer-policy', 'same-origin'],
  ['strict-transport-security', 'max-age=31536000; includeSubDomains'],
  ['x-content-type-options', 'nosniff'],
  ['x-dns-prefetch-control', 'off'],
  ['x-download-options', 'noopen'],
  ['x-frame-options', 'DENY'],
  ['x-permitted-cross-domain-policies', 'none'],
  ['x-xss-protection', '0'],
];

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  for (const [name, value] of securityHeaderList) c.header(name, value);
  await next();
};
