/**
 * Webhook signing secrets at rest (issue 10, item 9): encrypted with the
 * server's key (AES-256-GCM, the endpoint id as associated data), never in
 * clear in the database; plaintext rows from before are encrypted at startup.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createServices } from '../http/app.ts';
import { createTestApp, type TestApp } from '../http/test-app.ts';
import { secretKeyOf } from '../auth/secret-key.ts';
import { newWebhookSecret, signedHeaders } from './signature.ts';

let t: TestApp;
const year = new Date().getUTCFullYear();

beforeAll(async () => { t = await createTestApp(); });
afterAll(() => t.close());

const body = (n: string) => JSON.stringify({ n });
const deliver = (app: { request: TestApp['app']['request'] }, endpointId: string, secret: string, webhookId: string) =>
  Promise.resolve(app.request(`/hooks/${endpointId}`, { method: 'POST', headers: signedHeaders(secret, webhookId, body(webhookId)), body: body(webhookId) }));

async function endpointRow(id: string): Promise<Record<string, unknown>> {
  const { rows } = await t.database.client.execute({ sql: 'SELECT * FROM webhook_endpoints WHERE id = ?', args: [id] });
  return { ...rows[0] };
}

/** The secret in any form a reader of the database could use: as given, or its decoded key in base64 or hex. */
function plaintextForms(secret: string): string[] {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  return [secret, secret.slice('whsec_'.length), key.toString('hex')];
}

async function createEndpoint(): Promise<{ id: string; secret: string }> {
  const response = await t.post('/api/companies/demo/webhook-endpoints', { trigger: 'webhook-received' });
  expect(response.status).toBe(201);
  return response.json();
}

describe('webhook secrets at rest', () => {
  it('keeps no plaintext secret in the row (raw SQL), only a ciphertext and the id of the key', async () => {
    const endpoint = await createEndpoint();
    const row = await endpointRow(endpoint.id);
    const everything = JSON.stringify(row);
    for (const form of plaintextForms(endpoint.secret)) expect(everything).not.toContain(form);
    expect(row.secret_key_id).toBe(t.services.secretBox.key.id);
    expect(String(row.secret_ciphertext).length).toBeGreaterThan(40);

    const rotated = await (await t.post(`/api/companies/demo/webhook-endpoints/${endpoint.id}/rotate`, {})).json();
    const afterRotation = JSON.stringify(await endpointRow(endpoint.id));
    for (const form of [...plaintextForms(endpoint.secret), ...plaintextForms(rotated.secret)]) expect(afterRotation).not.toContain(form);
  });

  it('still verifies signatures: the secret, and after a rotation the new and the previous one', async () => {
    const endpoint = await createEndpoint();
    expect((await deliver(t.app, endpoint.id, endpoint.secret, 'sv_1')).status).toBe(202);
    const rotated = await (await t.post(`/api/companies/demo/webhook-endpoints/${endpoint.id}/rotate`, {})).json();
    expect((await deliver(t.app, endpoint.id, rotated.secret, 'sv_2')).status).toBe(202);
    expect((await deliver(t.app, endpoint.id, endpoint.secret, 'sv_3')).status).toBe(202); // the previous one, for 24 h
    expect((await deliver(t.app, endpoint.id, newWebhookSecret(), 'sv_4')).status).toBe(401);
  });

  it('with another server key, refuses deliveries with a clear error naming the endpoint, and keeps serving', async () => {
    const endpoint = await createEndpoint();
    const otherKey = secretKeyOf(randomBytes(32));
    const other = createApp(createServices(t.database, { secretKey: otherKey }));
    const response = await deliver(other, endpoint.id, endpoint.secret, 'wk_1');
    expect(response.status).toBe(500);
    const answer = await response.json();
    expect(answer.error).toBe('secret_unavailable');
    expect(answer.message).toContain(endpoint.id);
    expect((await other.request('/api/health')).status).toBe(200);
    expect((await deliver(t.app, endpoint.id, endpoint.secret, 'wk_2')).status).toBe(202); // the right key still works
  });

  it('does not open a ciphertext copied into another endpoint row', async () => {
    const a = await createEndpoint();
    const b = await createEndpoint();
    const rowA = await endpointRow(a.id);
    await t.database.client.execute({
      sql: 'UPDATE webhook_endpoints SET secret_key_id = ?, secret_ciphertext = ? WHERE id = ?', args: [rowA.secret_key_id as string, rowA.secret_ciphertext as string, b.id],
    });
    const response = await deliver(t.app, b.id, a.secret, 'mv_1');
    expect(response.status).toBe(500);
    expect((await response.json()).message).toContain(b.id);
  });

  it('encrypts plaintext rows left from before (at startup), once, and they keep verifying', async () => {
    const id = `wh_legacy${randomBytes(6).toString('hex')}`;
    const secret = newWebhookSecret();
    const previous = newWebhookSecret();
    const until = new Date(Date.now() + 3_600_000).toISOString();
    await t.database.client.execute({
      sql: `INSERT INTO webhook_endpoints (id, company_id, trigger_type, secret, previous_secret, previous_expires_at, created_at, created_by)
        VALUES (?, 'demo', 'webhook-received', ?, ?, ?, ?, 'test')`,
      args: [id, secret, previous, until, `${year}-01-01T00:00:00.000Z`],
    });
    expect(await t.services.webhooks.encryptPlaintextSecrets()).toBe(1);
    const row = await endpointRow(id);
    expect(row).toMatchObject({ secret: '', previous_secret: null, secret_key_id: t.services.secretBox.key.id, previous_secret_key_id: t.services.secretBox.key.id });
    for (const form of [...plaintextForms(secret), ...plaintextForms(previous)]) expect(JSON.stringify(row)).not.toContain(form);
    expect(await t.services.webhooks.encryptPlaintextSecrets()).toBe(0); // nothing left: running it again changes nothing
    expect(await endpointRow(id)).toEqual(row);
    // A process started afterwards (nothing cached) verifies with both.
    const fresh = createApp(createServices(t.database, { secretKey: t.services.secretBox.key }));
    expect((await deliver(fresh, id, secret, 'lg_1')).status).toBe(202);
    expect((await deliver(fresh, id, previous, 'lg_2')).status).toBe(202);
  });
});
