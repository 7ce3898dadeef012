/**
 * Request and response hardening: JSON bodies that try to reach prototypes
 * are refused, nesting is bounded, and every response carries security
 * headers; the designer's pages a Content-Security-Policy that allows only
 * our own origin (Monaco's workers come from it too).
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { ApiError } from '../../shared/api.ts';

const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);
export const jsonDepthMax = 64;

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
 * Parses JSON bodies (from a clone: the route's own size limit and validator
 * still read the original) and refuses hostile ones before any handler runs.
 */
export const jsonGuard: MiddlewareHandler = async (c, next) => {
  const type = c.req.header('content-type') ?? '';
  if (!['POST', 'PUT', 'PATCH'].includes(c.req.method) || !/application\/([\w.+-]*\+)?json/i.test(type)) return next();
  const text = await c.req.raw.clone().text();
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
      error: 'invalid_request', message: `Refused JSON body at ${hostile.path}: ${hostile.reason}`,
      issues: [{ path: hostile.path, message: hostile.reason }],
    } satisfies ApiError, 400);
  }
  return next();
};

export const securityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    // React Flow and Monaco set inline styles
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'", 'data:'],
    workerSrc: ["'self'", 'blob:'],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
  xContentTypeOptions: 'nosniff',
  xFrameOptions: 'DENY',
  referrerPolicy: 'same-origin',
  strictTransportSecurity: 'max-age=31536000; includeSubDomains',
  crossOriginEmbedderPolicy: false,
});
