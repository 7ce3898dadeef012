/**
 * Outbox.enqueueMany: many events of one company in one call — one lookup of
 * the keys already stored and one INSERT (a JSON parameter) per 5 000 events.
 * Ids come back in input order; a key stored before keeps its event, a key
 * repeated in the call gets the first occurrence's; each payload is stored as
 * exactly the text JSON.stringify makes of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../http/test-app.ts';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());

const versions = { 'bank-fees': 1 };
const input = (key: string, payload: Record<string, unknown> = { key }) => ({ triggerType: 'bank-line-imported', eventKey: key, sourceRef: key, payload, versions });
const enqueue = (inputs: ReturnType<typeof input>[]) => t.database.db.transaction((tx) => t.services.runner.enqueueMany(tx, 'demo', inputs));

async function storedEvents(prefix: string): Promise<Map<string, { id: string; payload: string; versions: string; status: string }>> {
  const { rows } = await t.database.client.execute({ sql: "SELECT id, event_key, payload, versions, status FROM events WHERE company_id = 'demo' AND event_key LIKE ?", args: [`${prefix}%`] });
  return new Map(rows.map((r) => [String(r.event_key), { id: String(r.id), payload: String(r.payload), versions: String(r.versions), status: String(r.status) }]));
}

describe('enqueueMany', () => {
  it('stores each payload as the text JSON.stringify makes of it, escapes and all', async () => {
    const payload = { id: 'ESC-1', text: 'quote " backslash \\ tab \t newline \n nul \u0000 sep \u2028 åäö 🧾', amountMinor: -12_345, reference: null, nested: { a: [1, 2.5, true] } };
    const [id] = await enqueue([input('ESC:1', payload)]);
    const stored = (await storedEvents('ESC:')).get('ESC:1')!;
    expect(stored).toEqual({ id, payload: JSON.stringify(payload), versions: JSON.stringify(versions), status: 'pending' });
    expect(JSON.parse(stored.payload)).toEqual(payload);
  });

  it('answers ids in input order across statements of 5 000; a key stored before keeps its event, a repeated key gets the first one\'s', async () => {
    const [before] = await enqueue([input('MANY:00007', { first: true })]);
    const keys = Array.from({ length: 5_003 }, (_, k) => `MANY:${String(k).padStart(5, '0')}`);
    keys.push('MANY:00010', 'MANY:05001'); // repeated: one in the first statement, one in the second
    const ids = await enqueue(keys.map((key) => input(key)));
    expect(ids).toHaveLength(keys.length);
    const stored = await storedEvents('MANY:');
    expect(stored.size).toBe(5_003);
    keys.forEach((key, k) => expect(ids[k], key).toBe(stored.get(key)!.id));
    expect(ids[7]).toBe(before);
    expect(JSON.parse(stored.get('MANY:00007')!.payload)).toEqual({ first: true }); // not replaced
    expect(ids[5_003]).toBe(ids[10]);
    expect(ids[5_004]).toBe(ids[5_001]);
    expect(new Set(ids).size).toBe(5_003);
  });

  it('a key with a lone surrogate is kept as stored (U+FFFD) and found again; a payload keeps it exactly (JSON escapes it)', async () => {
    const payload = { text: 'lone \ud800 here' };
    const [first] = await enqueue([input('LONE:\udc00', payload)]);
    const [again] = await enqueue([input('LONE:\udc00', { other: true })]);
    expect(again).toBe(first);
    const stored = (await storedEvents('LONE:')).get('LONE:\ufffd')!;
    expect(stored.id).toBe(first);
    expect(JSON.parse(stored.payload)).toEqual(payload);
  });
});
