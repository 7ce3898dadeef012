import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { Database } from '../db/client.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { seedDemoCompany } from '../seed/demo.ts';
import { onError } from './errors.ts';

// A record trigger's refusal (0001, 0003, 0014) that reaches the HTTP layer is answered with its
// code and sentence (409), not as an unexplained 500.
let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
  await seedDemoCompany(database.db, { today: new Date('2026-11-29T12:00:00Z') });
});
afterAll(() => database.close());

describe('a record the database refuses to change, over HTTP', () => {
  it('answers 409 with the trigger code and sentence, through drizzle and through the raw client', async () => {
    const app = new Hono();
    app.onError(onError);
    app.post('/drizzle', async () => { await database.db.run(sql`DELETE FROM periods WHERE company_id = 'demo'`); return new Response('deleted'); });
    app.post('/raw', async () => { await database.client.execute("UPDATE periods SET end_date = '2026-01-15' WHERE company_id = 'demo'"); return new Response('changed'); });
    const viaDrizzle = await app.request('/drizzle', { method: 'POST' });
    expect(viaDrizzle.status).toBe(409);
    expect(await viaDrizzle.json()).toEqual({ error: 'ledger_immutable', message: 'a period cannot be deleted' });
    const viaClient = await app.request('/raw', { method: 'POST' });
    expect(viaClient.status).toBe(409);
    expect(await viaClient.json()).toEqual({ error: 'ledger_immutable', message: "only a period's status (open or locked) can change" });
  });
});
