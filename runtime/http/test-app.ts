/**
 * For HTTP tests: the app on a real libSQL file with migrations, the demo
 * company, and an admin API token, with a `request` that sends it.
 */
import { permissions, type Permission } from '../../shared/permissions.ts';
import type { Database, DatabaseOptions } from '../db/client.ts';
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
  /** A token no person stands behind (like the bootstrap token): it is never a four-eyes second person. */
  tokenFor(companyId: string, granted?: Permission[]): Promise<string>;
  /** A token of a new person (a user who is admin of the company), e.g. the second pair of eyes. */
  personToken(companyId: string, email: string, granted?: Permission[]): Promise<string>;
  close(): void;
}

export async function createTestApp(options: AppOptions & { today?: Date; database?: DatabaseOptions } = {}): Promise<TestApp> {
  const database = await openTestDatabase(options.database);
  await seedDemoCompany(database.db, { today: options.today });
  const services = createServices(database);
  const app = createApp(services, options);
  const tokenFor = async (companyId: string, granted: Permission[] = [...permissions]) =>
    (await services.auth.createToken({ companyId, name: `test-${companyId}`, permissions: granted, createdBy: 'system:test' })).token;
  const personToken = async (companyId: string, email: string, granted: Permission[] = [...permissions]) => {
    const user = await services.auth.createUser({ email, name: email, password: `${email} has a long password` });
    await services.auth.grant(user.id, companyId, 'admin', 'system:test');
    return (await services.auth.createToken({ companyId, name: `test-${email}`, permissions: granted, createdBy: `user:${user.id}` })).token;
  };
  const token = await tokenFor('demo');
  const request = (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
    return Promise.resolve(app.request(path, { ...init, headers }));
  };
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) => request(path, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { app, services, database, token, request, post, tokenFor, personToken, close: () => database.close() };
}
