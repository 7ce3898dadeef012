/**
 * The webhook body limit (413 over `webhookBodyMaxBytes`), cheap on the hot
 * path: a body with a Content-Length is judged by that header alone (Node's
 * parser never reads past it), so the request is not turned into a Web
 * `Request` with streams just to be measured — `c.req.text()` then reads it
 * directly. A chunked body (no length) goes through Hono's `bodyLimit`, which
 * counts while it reads and stops at the limit.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { webhookBodyMaxBytes } from './endpoints.ts';

const tooLarge = (c: Context) => c.json({ error: 'payload_too_large', message: `A webhook body may be at most ${webhookBodyMaxBytes / 1024} kB` }, 413);
const counted = bodyLimit({ maxSize: webhookBodyMaxBytes, onError: tooLarge });

export const webhookBodyLimit: MiddlewareHandler = async (c, next) => {
  const length = c.req.header('content-length');
  if (length === undefined || c.req.header('transfer-encoding') !== undefined) return counted(c, next);
  // The same test as Hono's bodyLimit for a declared length.
  return parseInt(length || '0', 10) > webhookBodyMaxBytes ? tooLarge(c) : next();
};
