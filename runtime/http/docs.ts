import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Hono, Env } from 'hono';

const require = createRequire(import.meta.url);
const swaggerDir = dirname(require.resolve('swagger-ui-dist/package.json'));
const assets: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Kontera API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;
const init = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#ui', deepLinking: true });`;

/** The API reference at /api/docs, served from the swagger-ui-dist package (no CDN). */
export function mountDocs<E extends Env>(app: Hono<E>): void {
  app.get('/api/docs', (c) => c.html(page));
  // One route for the page's files, so the auth check can list it as public ("GET /api/docs/:file").
  const cache = new Map<string, string>();
  app.get('/api/docs/:file', (c) => {
    const file = c.req.param('file');
    if (file === 'init.js') return c.body(init, 200, { 'content-type': 'text/javascript; charset=utf-8' });
    const type = Object.hasOwn(assets, file) ? assets[file] : undefined;
    if (!type) return c.json({ error: 'not_found', message: `No file /api/docs/${file}` }, 404);
    let body = cache.get(file);
    if (body === undefined) cache.set(file, (body = readFileSync(join(swaggerDir, file), 'utf8')));
    return c.body(body, 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
  });
}
