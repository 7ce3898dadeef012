import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { openTestDatabase } from '../db/test-database.ts';
import { seedDemoCompany } from '../seed/demo.ts';
import { AutomationStore, SegregationRefused } from './store.ts';

let database: Database;
let store: AutomationStore;
const example = () => JSON.parse(readFileSync(new URL('../../rules-examples/bank-fees.json', import.meta.url), 'utf8'));
beforeEach(async () => {
  database = await openTestDatabase();
  await seedDemoCompany(database.db);
  store = new AutomationStore(database.db);
});
afterEach(() => database.close());

describe('four-eyes publication', () => {
  it('counts every author since the last publication, not only the last one to save', async () => {
    await store.saveDraft('demo', 'bank-fees', { ...example(), description: 'Anna changes the rule' }, 'user:anna');
    await store.saveDraft('demo', 'bank-fees', { ...example(), description: 'Anna changes the rule.' }, 'user:bo'); // a trivial touch
    expect((await store.publish('demo', 'bank-fees', 'user:anna', { fourEyes: true })).status).toBe('pending_approval');
    expect((await store.publish('demo', 'bank-fees', 'user:bo', { fourEyes: true })).status).toBe('pending_approval');
    const published = await store.publish('demo', 'bank-fees', 'user:cecilia', { fourEyes: true });
    expect(published).toMatchObject({ status: 'published', version: 2 });
    // the next version starts with no authors
    await store.saveDraft('demo', 'bank-fees', { ...example(), description: 'Cecilia' }, 'user:cecilia');
    expect((await store.publish('demo', 'bank-fees', 'user:anna', { fourEyes: true })).status).toBe('published');
  });

  it('approves exactly what was asked for: a draft changed since the request is refused', async () => {
    await store.saveDraft('demo', 'bank-fees', { ...example(), description: 'v2 as reviewed' }, 'user:anna');
    const asked = await store.publish('demo', 'bank-fees', 'user:anna', { fourEyes: true });
    if (asked.status !== 'pending_approval') throw new Error('expected a request');
    await expect(store.approvePublication('demo', asked.requestId, 'user:anna')).rejects.toThrow(SegregationRefused);
    await store.saveDraft('demo', 'bank-fees', { ...example(), description: 'sneaked in after the request' }, 'user:anna');
    await expect(store.approvePublication('demo', asked.requestId, 'user:bo')).rejects.toThrow(/superseded|no longer pending|changed/);
    const again = await store.publish('demo', 'bank-fees', 'user:anna', { fourEyes: true });
    if (again.status !== 'pending_approval') throw new Error('expected a request');
    const approved = await store.approvePublication('demo', again.requestId, 'user:bo');
    expect(approved).toMatchObject({ status: 'published', version: 2 });
    expect((await store.version('demo', 'bank-fees', 2))?.description).toBe('sneaked in after the request');
  });
});
