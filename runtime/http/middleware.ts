/** Middleware the route files share. */
import { bodyLimit } from 'hono/body-limit';

export const limitKb = (kb: number) => bodyLimit({
  maxSize: kb * 1024,
  onError: (c) => c.json({ error: 'payload_too_large', message: `The body is larger than ${kb} kB` }, 413),
});
