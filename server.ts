/**
 * Starts Kontera: opens the database (applying migrations), seeds the demo
 * company on an empty database, and serves the API and the designer.
 */
import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { checkpointsWanted, defaultDatabaseUrl, openDatabase, type Database } from './runtime/db/client.ts';
import { loadSecretKey, secretKeyNotice } from './runtime/auth/secret-key.ts';
import { createApp, createServices } from './runtime/http/app.ts';
import { seedDemoCompany } from './runtime/seed/demo.ts';
import { bootstrapAccess } from './runtime/auth/bootstrap.ts';
import { startBackgroundWork, stopOnSignals } from './runtime/runs/background.ts';

const distDir = fileURLToPath(new URL('./dist/', import.meta.url));

export interface StartOptions {
  port?: number;
  host?: string;
  url?: string;
  log?: (line: string) => void;
}

export async function startServer(options: StartOptions = {}): Promise<{ server: ServerType; database: Database; url: string }> {
  const log = options.log ?? ((line: string) => console.log(line));
  // Before the database: a libSQL server without KONTERA_SECRET_KEY is refused before anything is written.
  const secretKey = loadSecretKey(options.url ?? process.env.LIBSQL_URL ?? defaultDatabaseUrl);
  const database = await openDatabase(options.url, { checkpoints: checkpointsWanted() });
  const seeded = await seedDemoCompany(database.db);
  if (seeded) log('Seeded the demo company "Demo AB" (id: demo) with its ledger and example automations.');
  const access = await bootstrapAccess(database.db);
  const services = createServices(database, { secretKey: secretKey.key });
  for (const line of secretKeyNotice(secretKey, await services.webhooks.encryptPlaintextSecrets())) log(line);
  // Work stored before a stop (or by another instance) is claimed from the database.
  const worker = process.env.KONTERA_WORKER === 'off' ? null : startBackgroundWork(database, services, { sharesThreadWithHttp: true });
  const app = createApp(services);
  if (existsSync(distDir)) {
    // serveStatic's root is relative to the working directory.
    const root = relative(process.cwd(), distDir) || '.';
    app.use('/*', serveStatic({ root }));
    // The designer's routes fall back to index.html; unknown /api paths stay JSON 404s.
    app.get('*', async (c, next) => (c.req.path.startsWith('/api/') || c.req.path.startsWith('/hooks/') ? next() : serveStatic({ path: `${root}/index.html` })(c, next)));
  } else {
    log('No designer build in dist/: run `npm run build` (npm start does this for you).');
  }
  const port = options.port ?? Number(process.env.PORT ?? 8787);
  const host = options.host ?? process.env.HOST ?? '0.0.0.0';
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname: host }, () => resolve(s));
  });
  // Idle keep-alive sockets close after 65 s rather than Node's 5 s: a client that sends on a
  // socket at the moment the server closes it gets ECONNRESET (seen with Playwright's request
  // context), so the server should be the side that idles out last.
  if ('keepAliveTimeout' in server) {
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
  }
  const url = `http://localhost:${port}`;
  log(`Kontera is running at ${url} (database: ${database.url})${worker ? '' : ' — web only: run `kontera worker` for the background work'}`);
  stopOnSignals(async () => {
    await worker?.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    database.close();
  });
  if (access.admin) {
    log(`Sign in as ${access.admin.email} with the password ${access.admin.generated ? `${access.admin.password} (generated; shown only now — set KONTERA_ADMIN_PASSWORD to choose one)` : 'from KONTERA_ADMIN_PASSWORD'}`);
  }
  if (access.tokenCreated) log('Created the admin API token given in KONTERA_BOOTSTRAP_TOKEN for the demo company.');
  return { server, database, url };
}
