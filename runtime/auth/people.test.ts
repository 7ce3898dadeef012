/** Migration 0015 traces existing tokens to the people who created them; the rest have no person. */
import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { apiTokens } from '../db/schema.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { seedDemoCompany } from '../seed/demo.ts';
import { peopleOf } from './people.ts';
import { AuthStore } from './store.ts';

let database: Database;
beforeEach(async () => {
  database = await openTestDatabase();
  await seedDemoCompany(database.db);
});
afterEach(() => database.close());

describe('the people behind tokens', () => {
  it('migration 0015 backfills the creator of tokens made before it, following tokens minted by tokens', async () => {
    const auth = new AuthStore(database.db);
    const anna = await auth.createUser({ email: 'anna@demo.se', name: 'Anna', password: 'a long enough password' });
    const row = (id: string, createdBy: string) => ({
      id, companyId: 'demo', name: id, tokenHash: `hash-${id}`, permissions: '["read"]', createdBy, createdAt: '2026-01-01T00:00:00.000Z',
    });
    // As rows written before 0015: no created_by_user_id.
    await database.db.insert(apiTokens).values([
      row('t1', `user:${anna.id}`), row('t2', 'token:t1'), row('t3', 'token:t2'), row('t4', 'system:bootstrap'), row('t5', 'user:deleted-or-unknown'),
    ]);
    const sql = readFileSync(new URL('../db/migrations/0015_people_behind_tokens.sql', import.meta.url), 'utf8');
    const backfill = sql.split('--> statement-breakpoint').map((s) => s.trim()).filter((s) => /^(--.*\n)*UPDATE/.test(s));
    expect(backfill).toHaveLength(4);
    for (const statement of backfill) await database.client.execute(statement);
    const people = await database.db.select({ id: apiTokens.id, person: apiTokens.createdByUserId }).from(apiTokens);
    expect(Object.fromEntries(people.filter((p) => p.id.startsWith('t')).map((p) => [p.id, p.person]))).toEqual({
      t1: anna.id, t2: anna.id, t3: anna.id, t4: null, t5: null,
    });
    const resolved = await peopleOf(database.db, ['token:t3', 'token:t4', `user:${anna.id}`, 'system:seed', 'token:missing']);
    expect(Object.fromEntries(resolved)).toEqual({ 'token:t3': anna.id, 'token:t4': null, [`user:${anna.id}`]: anna.id, 'system:seed': null, 'token:missing': null });
  });

  it('the bootstrap token acts for no person', async () => {
    const auth = new AuthStore(database.db);
    const created = await auth.createToken({ companyId: 'demo', name: 'bootstrap', permissions: ['admin'], createdBy: 'system:bootstrap' });
    const [stored] = await database.db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(stored.createdByUserId).toBeNull();
    expect((await auth.principalForToken(created.token))?.personId).toBeNull();
  });
});
