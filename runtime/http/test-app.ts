/**
 * For HTTP tests: the app on a real libSQL file with migrations, the demo
 * company, and an admin API token, with a `request` that sends it.
 */
import { permissions, type Permission } from '../../shared/permissions.ts';
import type { Database } from '../db/client.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { seedDemoCompany } from '../seed/demo.ts';
import { createApp, createServices, type AppOptions, type Services } from './app.ts';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  services: Services;
  database: Database;
  token: string;
  /** app.request with the admin token (unless the init sets its own Authorization) */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** POST JSON (a string body is sent as is) */
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  tokenFor(companyId: string, granted?: Permission[]): Promise<string>;
  close(): void;
}

export async function createTestApp(options: AppOptions & { today?: Date } = {}): Promise<TestApp> {
  const database = await openTestDatabase();
  await seedDemoCompany(database.db, { today: options.today });
  const services = createServices(database);
  const app = createApp(services, options);
  const tokenFor = async (companyId: string, granted: Permission[] = [...permissions]) =>
    (await services.auth.createToken({ companyId, name: `test-${companyId}`, permissions: granted, createdBy: 'system:test' })).token;
  const token = await tokenFor('demo');
  const request = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
    return Promise.resolve(app.request(path, { ...init, headers }));
  };
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) => request(path, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { app, services, database, token, request, post, tokenFor, close: () => database.close() };
}
