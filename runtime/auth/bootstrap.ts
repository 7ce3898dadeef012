/**
 * First access: on a database without users, the demo company's first admin
 * (KONTERA_ADMIN_EMAIL / KONTERA_ADMIN_PASSWORD, or a generated password that
 * is printed once); KONTERA_BOOTSTRAP_TOKEN becomes an admin API token of the
 * demo company, for scripts and CI.
 */
import { randomBytes } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { apiTokens, companies, users } from '../db/schema.ts';
import { permissions } from '../../shared/permissions.ts';
import { AuthStore } from './store.ts';
import { sha256 } from './tokens.ts';

export interface BootstrapResult {
  admin?: { email: string; password: string; generated: boolean };
  tokenCreated: boolean;
}

export async function bootstrapAccess(db: Db, options: { companyId?: string; env?: NodeJS.ProcessEnv } = {}): Promise<BootstrapResult> {
  const env = options.env ?? process.env;
  const companyId = options.companyId ?? 'demo';
  const store = new AuthStore(db);
  const result: BootstrapResult = { tokenCreated: false };
  const [company] = await db.select({ id: companies.id }).from(companies).where(eq(companies.id, companyId));
  if (!company) return result;

  const [{ n }] = await db.select({ n: count() }).from(users);
  if (n === 0) {
    const email = (env.KONTERA_ADMIN_EMAIL ?? 'admin@demo.kontera.local').toLowerCase();
    const generated = !env.KONTERA_ADMIN_PASSWORD;
    const password = env.KONTERA_ADMIN_PASSWORD ?? randomBytes(12).toString('base64url');
    const user = await store.createUser({ email, name: 'Demo Admin', password });
    await store.grant(user.id, companyId, 'admin', 'system:bootstrap');
    result.admin = { email, password, generated };
  }
  const token = env.KONTERA_BOOTSTRAP_TOKEN;
  if (token) {
    if (token.length < 24) throw new Error('KONTERA_BOOTSTRAP_TOKEN must be at least 24 characters');
    const [existing] = await db.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.tokenHash, sha256(token)));
    if (!existing) {
      await store.createToken({ companyId, name: 'bootstrap', permissions: [...permissions], createdBy: 'system:bootstrap', secret: token });
      result.tokenCreated = true;
    }
  }
  return result;
}
