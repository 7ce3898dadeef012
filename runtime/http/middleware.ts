/** Middleware the route files share. */
import { bodyLimit } from 'hono/body-limit';
import type { MiddlewareHandler } from 'hono';

/**
 * Reads the body's exact bytes before the JSON validator does: Hono caches
 * the first read, and bytes rebuilt from parsed text would lose a BOM or an
 * invalid UTF-8 sequence. The handler then gets them from c.req.arrayBuffer().
 */
export const keepRawBody: MiddlewareHandler = async (c, next) => {
  await c.req.arrayBuffer();
  await next();
};

export const limitKb = (kb: number) => bodyLimit({
  maxSize: kb * 1024,
  onError: (c) => c.json({ error: 'payload_too_large', message: `The body is larger than ${kb} kB` }, 413),
});
