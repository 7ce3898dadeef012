/**
 * Webhook endpoints and deliveries. A delivery is verified, its body checked,
 * and it is stored in the intake (one row in `webhook_deliveries`) and only
 * then acknowledged; deliveries that arrive at the same time share that
 * transaction (group commit). The worker turns stored deliveries into bank
 * lines and events (`runs/intake.ts`). A webhook-id seen before gets the
 * first response and runs nothing again.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { bankLinesRequestSchema } from '../../shared/api.ts';
import { descriptorOf, triggerTypes } from '../../shared/nodes/index.ts';
import { SecretUnavailable, type SecretBox } from '../auth/secret-key.ts';
import { rawWriteTransaction, type Db } from '../db/client.ts';
import { webhookDeliveries, webhookEndpoints } from '../db/schema.ts';
import { recordAudit } from '../kernel/audit.ts';
import { log, runtimeLogger } from '../log.ts';
import { jsonDeeperThan, tooDeepMessage } from '../http/hardening.ts';
import { prepareDeliveryOriginal, type DeliveryOriginal } from '../originals/store.ts';
import type { Runner } from '../runs/runner.ts';
import { GroupCommit } from './group-commit.ts';
import { newWebhookSecret, verify } from './signature.ts';

export const webhookBodyMaxBytes = 256 * 1024;
export const rotationGraceMs = 24 * 60 * 60 * 1000;
/**
 * How long an endpoint row (its secrets) is reused without reading it again.
 * Rotating or disabling in this process takes effect at once; in another
 * process, a disable is seen here within this time (a rotation at once: a
 * signature that does not match the cached secrets is checked against the
 * stored row before it is refused).
 */
export const endpointCacheMs = 1000;

type EndpointRow = typeof webhookEndpoints.$inferSelect;

/** An endpoint row with its secrets opened (decrypted once per row read, and kept with the cached row). */
interface OpenedEndpoint {
  row: EndpointRow;
  secret: string;
  /** the secret before the last rotation, while it is still accepted */
  previous: { secret: string; expiresAt: string } | null;
}

/** What the associated data of an endpoint's sealed secrets is: the ciphertext opens only in its own row. */
const secretContext = (endpointId: string) => `webhook-endpoint-secret\0${endpointId}`;

export class WebhookError extends Error {
  constructor(readonly status: 400 | 401 | 404 | 413 | 422 | 500, readonly code: string, message: string) {
    super(message);
    this.name = 'WebhookError';
  }
}

/** The triggers an endpoint can feed: a generic one, and the typed ones whose event a body can carry. */
export const webhookTriggers = ['webhook-received', ...triggerTypes.filter((t) => t !== 'manual-run' && t !== 'webhook-received' && t !== ('schedule' as string))];

export class WebhookService {
  constructor(readonly db: Db, readonly runner: Runner, readonly box: SecretBox, readonly now: () => Date = () => new Date()) {}

  async create(companyId: string, triggerType: string, createdBy: string, baseUrl: string) {
    if (!webhookTriggers.includes(triggerType as never)) {
      throw new WebhookError(422, 'unknown_trigger', `"${triggerType}" cannot be fed by a webhook (one of: ${webhookTriggers.join(', ')})`);
    }
    const id = `wh_${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`;
    const secret = newWebhookSecret();
    const createdAt = this.now().toISOString();
    const sealed = this.box.seal(secret, secretContext(id));
    await this.db.insert(webhookEndpoints).values({
      id, companyId, triggerType, secret: '', secretKeyId: sealed.keyId, secretCiphertext: sealed.ciphertext, createdAt, createdBy,
    });
    await this.audit(companyId, createdBy, 'webhook.create', id, { triggerType });
    return { id, url: `${baseUrl}/hooks/${id}`, secret, trigger: triggerType, createdAt };
  }

  async list(companyId: string, baseUrl: string) {
    const rows = await this.db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.companyId, companyId), isNull(webhookEndpoints.disabledAt)));
    return rows.map((r) => ({ id: r.id, url: `${baseUrl}/hooks/${r.id}`, trigger: r.triggerType, createdAt: r.createdAt, rotating: !!(r.previousSecretCiphertext || r.previousSecret) }));
  }

  /** A new secret; the old one keeps working for 24 hours so senders can switch. */
  async rotate(companyId: string, endpointId: string, by: string) {
    const endpoint = await this.endpoint(endpointId, companyId);
    const secret = newWebhookSecret();
    const sealed = this.box.seal(secret, secretContext(endpointId));
    // The current secret becomes the previous one as it is stored (still sealed; a legacy plaintext one is sealed now).
    const previous = endpoint.secret ? this.box.seal(endpoint.secret, secretContext(endpointId))
      : { keyId: endpoint.secretKeyId, ciphertext: endpoint.secretCiphertext };
    await this.db.update(webhookEndpoints).set({
      secret: '', secretKeyId: sealed.keyId, secretCiphertext: sealed.ciphertext,
      previousSecret: null, previousSecretKeyId: previous.keyId, previousSecretCiphertext: previous.ciphertext,
      previousExpiresAt: new Date(this.now().getTime() + rotationGraceMs).toISOString(),
    }).where(eq(webhookEndpoints.id, endpointId));
    this.endpoints.delete(endpointId);
    await this.audit(companyId, by, 'webhook.rotate', endpointId);
    return { id: endpointId, secret, previousValidUntil: new Date(this.now().getTime() + rotationGraceMs).toISOString() };
  }

  async disable(companyId: string, endpointId: string, by: string) {
    await this.endpoint(endpointId, companyId);
    await this.db.update(webhookEndpoints).set({ disabledAt: this.now().toISOString() }).where(eq(webhookEndpoints.id, endpointId));
    this.endpoints.delete(endpointId);
    await this.audit(companyId, by, 'webhook.disable', endpointId);
  }

  private async endpoint(endpointId: string, companyId?: string) {
    const [row] = await this.db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.id, endpointId), isNull(webhookEndpoints.disabledAt)));
    if (!row || (companyId && row.companyId !== companyId)) throw new WebhookError(404, 'not_found', `Webhook endpoint "${endpointId}" does not exist`);
    return row;
  }

  /** Endpoint rows by id with their secrets opened, each read at most every `endpointCacheMs` (only endpoints that exist and are enabled). */
  private readonly endpoints = new Map<string, { endpoint: OpenedEndpoint; readAtMs: number }>();

  private async cachedEndpoint(endpointId: string, reread = false): Promise<{ row: EndpointRow; opened: OpenedEndpoint; cached: boolean }> {
    const nowMs = performance.now();
    const hit = this.endpoints.get(endpointId);
    if (hit && !reread && nowMs - hit.readAtMs < endpointCacheMs) return { row: hit.endpoint.row, opened: hit.endpoint, cached: true };
    this.endpoints.delete(endpointId);
    const endpoint = this.openEndpoint(await this.endpoint(endpointId));
    if (this.endpoints.size >= 10_000) this.endpoints.clear();
    this.endpoints.set(endpointId, { endpoint, readAtMs: nowMs });
    return { row: endpoint.row, opened: endpoint, cached: false };
  }

  /** Decrypts a stored secret (once per endpoint read: the opened endpoint is what the cache keeps). */
  private openSecret(endpointId: string, keyId: string | null, ciphertext: string | null, which: string): string {
    if (!keyId || !ciphertext) {
      throw new WebhookError(500, 'secret_unavailable', `Webhook endpoint "${endpointId}" has no ${which} signing secret stored; rotate it`);
    }
    try {
      return this.box.open({ keyId, ciphertext }, secretContext(endpointId), `The ${which} signing secret of webhook endpoint "${endpointId}"`);
    } catch (error) {
      if (!(error instanceof SecretUnavailable)) throw error;
      // The operator's problem (a wrong KONTERA_SECRET_KEY or key file), not the sender's: logged in full, refused with a 500 the sender retries.
      log.error({ endpointId, keyId, reason: error.message }, 'webhook secret cannot be decrypted');
      throw new WebhookError(500, 'secret_unavailable',
        `The ${which} signing secret of webhook endpoint "${endpointId}" cannot be decrypted with this server's secret key; deliveries are refused until the operator starts it with the right key`);
    }
  }

  private openEndpoint(row: EndpointRow): OpenedEndpoint {
    // A plaintext secret is legacy (written before migration 0018, or by an older process): it is used until startup encrypts it.
    const secret = row.secret || this.openSecret(row.id, row.secretKeyId, row.secretCiphertext, 'current');
    let previous: OpenedEndpoint['previous'] = null;
    if (row.previousExpiresAt && (row.previousSecret || row.previousSecretCiphertext)) {
      previous = {
        secret: row.previousSecret || this.openSecret(row.id, row.previousSecretKeyId, row.previousSecretCiphertext, 'previous'),
        expiresAt: row.previousExpiresAt,
      };
    }
    return { row, secret, previous };
  }

  private verifyWith(endpoint: { opened: OpenedEndpoint }, headers: Parameters<typeof verify>[0], body: string, now: Date) {
    const { secret, previous } = endpoint.opened;
    const secrets = [secret];
    if (previous && previous.expiresAt > now.toISOString()) secrets.push(previous.secret);
    return verify(headers, body, secrets, Math.floor(now.getTime() / 1000));
  }

  /**
   * Encrypts the plaintext secrets left from before migration 0018 (or written
   * by an older process) and empties them, in one transaction; run at startup.
   * Returns how many endpoints it encrypted; 0 when there is nothing left.
   */
  async encryptPlaintextSecrets(): Promise<number> {
    return rawWriteTransaction(this.db, async (sql) => {
      const { rows } = await sql.execute({
        sql: "SELECT id, secret, previous_secret FROM webhook_endpoints WHERE secret <> '' OR previous_secret IS NOT NULL", args: [],
      });
      for (const row of rows) {
        const id = String(row.id);
        const current = row.secret ? this.box.seal(String(row.secret), secretContext(id)) : null;
        const previous = row.previous_secret ? this.box.seal(String(row.previous_secret), secretContext(id)) : null;
        await sql.execute({
          sql: `UPDATE webhook_endpoints SET secret = '', previous_secret = NULL,
            secret_key_id = coalesce(?, secret_key_id), secret_ciphertext = coalesce(?, secret_ciphertext),
            previous_secret_key_id = coalesce(?, previous_secret_key_id), previous_secret_ciphertext = coalesce(?, previous_secret_ciphertext)
            WHERE id = ?`,
          args: [current?.keyId ?? null, current?.ciphertext ?? null, previous?.keyId ?? null, previous?.ciphertext ?? null, id],
        });
      }
      return rows.length;
    });
  }

  private async audit(companyId: string, actor: string, action: string, subject: string, details: Record<string, unknown> = {}) {
    await recordAudit(this.db, { id: crypto.randomUUID(), companyId, at: this.now().toISOString(), actor, action, subject: `webhook:${subject}`, details });
  }

  /**
   * Handles one delivery. Returns the response to send (status and body),
   * which is also what a replay of the same webhook-id gets. Verification
   * and parsing happen here, per request; the storing is group-committed
   * with the deliveries that arrive at the same time (`storeBatch`), and
   * this resolves only after that transaction committed.
   */
  async deliver(endpointId: string, headers: { id?: string | null; timestamp?: string | null; signature?: string | null }, body: string,
    rawBody?: Uint8Array): Promise<DeliveryResult> {
    const now = this.now();
    let endpoint = await this.cachedEndpoint(endpointId);
    let verdict = this.verifyWith(endpoint, headers, body, now);
    if (!verdict.ok && endpoint.cached) {
      // The secret may have been rotated by another process since it was cached: check the stored one before refusing.
      endpoint = await this.cachedEndpoint(endpointId, true);
      verdict = this.verifyWith(endpoint, headers, body, now);
    }
    if (!verdict.ok) throw new WebhookError(401, `signature_${verdict.reason}`, verdict.message);
    const webhookId = headers.id!;
    if (webhookId.length > 200) throw new WebhookError(400, 'invalid_webhook_id', 'webhook-id is longer than 200 characters');

    const receivedAt = now.toISOString();
    let prepared: PreparedDelivery;
    try {
      prepared = prepareDelivery(endpoint.row, webhookId, receivedAt, body);
    } catch (error) {
      // A webhook-id seen before gets the first response, whatever its body now is (as before group commit).
      if (error instanceof WebhookError) {
        const [seen] = await this.db.select().from(webhookDeliveries)
          .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.webhookId, webhookId)));
        if (seen) return { status: seen.status, body: JSON.parse(seen.response), replay: true };
      }
      throw error;
    }
    // The original: the body's exact bytes as received (BFL 7:2), hashed here, stored in the delivery's own row.
    prepared.original = prepareDeliveryOriginal(rawBody ?? Buffer.from(body, 'utf8'), receivedAt, prepared.documentDate ?? null);
    return this.batcher.submit(prepared);
  }

  /** Deliveries waiting to be stored are committed together, at most `batchMax` a transaction. */
  readonly batcher = new GroupCommit<PreparedDelivery, DeliveryResult>((items) => this.storeBatch(items), {
    batchMax: 200,
    lingerTurns: 4,
    onBatchFailed: (error, size) => runtimeLogger.warn('webhook batch failed; storing its deliveries one by one', { size, error: (error as Error).message }),
    onBatchCommitted: (size) => this.onBatchCommitted?.(size),
  });

  /** Told the size of each group commit that stored a batch whole (the app counts them in /metrics). */
  onBatchCommitted?: (size: number) => void;

  /**
   * Stores verified deliveries in ONE transaction: one multi-row INSERT of
   * the deliveries themselves — each with its checked payload and the
   * versions in force now (read once per company and trigger, inside the
   * transaction) — and a look-up of the first response of any replay. That
   * row is the durable intake: the worker turns it into bank lines and
   * outbox events (`runs/intake.ts`), so acknowledging costs one row, not
   * the four tables an event touches. A key stored before, or earlier in the
   * batch, is a replay: it gets the first response and runs nothing. Returns
   * one result per item, in order.
   */
  async storeBatch(items: PreparedDelivery[]): Promise<DeliveryResult[]> {
    const keyOf = (d: { endpointId: string; webhookId: string }) => `${d.endpointId}\u0000${d.webhookId}`;
    // The first item of each key leads; later items with the same key are replays of it.
    const leaders = new Map<string, PreparedDelivery>();
    for (const item of items) if (!leaders.has(keyOf(item))) leaders.set(keyOf(item), item);
    const unique = [...leaders.values()];
    const outcomes = new Map<string, DeliveryResult>();
    await rawWriteTransaction(this.db, async (sqlOf) => {
      const versions = new Map<string, string>();
      for (const d of unique) {
        const key = `${d.companyId}\u0000${d.triggerType}`;
        if (!versions.has(key)) versions.set(key, JSON.stringify(await this.runner.versionsInForce(sqlOf, d.companyId, d.triggerType)));
      }
      const fresh = new Set<string>();
      for (const part of chunks(unique, 100)) {
        const { rows } = await sqlOf.execute({
          sql: `INSERT INTO webhook_deliveries (endpoint_id, webhook_id, received_at, status, response, company_id, trigger_type, payload, versions,
              original, original_sha256, original_document_date, original_retain_until)
            VALUES ${part.map(() => '(?, ?, ?, 202, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} ON CONFLICT DO NOTHING RETURNING endpoint_id, webhook_id`,
          args: part.flatMap((d) => [d.endpointId, d.webhookId, d.receivedAt, JSON.stringify(acceptedBody(d.webhookId)), d.companyId, d.triggerType,
            d.payload, versions.get(`${d.companyId}\u0000${d.triggerType}`)!,
            // libSQL binds a Uint8Array as a BLOB (SqlExecutor's type only names the common cases)
            (d.original?.bytes ?? null) as unknown as string, d.original?.sha256 ?? null, d.original?.documentDate ?? null, d.original?.retainUntil ?? null]),
        });
        for (const row of rows) fresh.add(keyOf({ endpointId: String(row.endpoint_id), webhookId: String(row.webhook_id) }));
      }
      for (const d of unique) if (fresh.has(keyOf(d))) outcomes.set(keyOf(d), { status: 202, body: acceptedBody(d.webhookId), replay: false });
      const replays = unique.filter((d) => !fresh.has(keyOf(d)));
      for (const part of chunks(replays, 400)) {
        const { rows } = await sqlOf.execute({
          sql: `SELECT endpoint_id, webhook_id, status, response FROM webhook_deliveries WHERE (endpoint_id, webhook_id) IN (VALUES ${part.map(() => '(?, ?)').join(', ')})`,
          args: part.flatMap((d) => [d.endpointId, d.webhookId]),
        });
        for (const row of rows) {
          outcomes.set(keyOf({ endpointId: String(row.endpoint_id), webhookId: String(row.webhook_id) }),
            { status: Number(row.status), body: JSON.parse(String(row.response)), replay: true });
        }
      }
    });
    // Committed. Only now are the deliveries acknowledged.
    return items.map((item) => {
      const outcome = outcomes.get(keyOf(item));
      assert(outcome, `no outcome for delivery ${item.webhookId}`);
      // An item after its leader in the same batch is a replay of it: the first response, nothing run.
      return leaders.get(keyOf(item)) === item ? outcome : { ...outcome, replay: true };
    });
  }
}

/** What an accepted delivery answers (and its replays, again). */
const acceptedBody = (webhookId: string) => ({ accepted: true, webhookId });

export interface DeliveryResult {
  status: number;
  body: Record<string, unknown>;
  replay: boolean;
}

/** A verified delivery whose payload is parsed and checked: what the group commit stores. */
export interface PreparedDelivery {
  endpointId: string;
  webhookId: string;
  companyId: string;
  receivedAt: string;
  triggerType: string;
  /** JSON: the bank lines (an array) for bank-line-imported, otherwise the event */
  payload: string;
  /** the latest booking date of its bank lines (for the original's retention) */
  documentDate?: string;
  /** the body's exact bytes, hashed: stored in the delivery's own row (`deliver` always sets it) */
  original?: DeliveryOriginal;
}

/** Parses and checks the body for the endpoint's trigger (a 400 otherwise), before anything is stored. */
function prepareDelivery(endpoint: EndpointRow, webhookId: string, receivedAt: string, body: string): PreparedDelivery {
  let payload: unknown;
  try {
    payload = JSON.parse(body);
  } catch (error) {
    throw new WebhookError(400, 'invalid_json', `The body is not valid JSON: ${(error as Error).message}`);
  }
  // Checked before anything recursive (zod, JSON.stringify) walks it: 5 000 levels overflow the stack (a 500 the sender retries).
  if (jsonDeeperThan(payload)) throw new WebhookError(400, 'too_deep', tooDeepMessage);
  const base = { endpointId: endpoint.id, webhookId, companyId: endpoint.companyId, receivedAt, triggerType: endpoint.triggerType };
  if (endpoint.triggerType === 'bank-line-imported') {
    const parsed = bankLinesRequestSchema.safeParse(payload);
    if (!parsed.success) throw new WebhookError(400, 'invalid_payload', `Not a bank line: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`);
    const lines = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
    const documentDate = lines.reduce((latest, line) => (line.bookingDate > latest ? line.bookingDate : latest), '') || undefined;
    return { ...base, payload: JSON.stringify(lines), documentDate };
  }
  if (endpoint.triggerType === 'webhook-received') {
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
      throw new WebhookError(400, 'invalid_payload', 'The body must be a JSON object');
    }
    return { ...base, payload: JSON.stringify({ webhookId, endpointId: endpoint.id, receivedAt, payload }) };
  }
  const schema = descriptorOf(endpoint.triggerType)?.event?.schema;
  const parsed = schema?.safeParse(payload);
  if (!parsed?.success) {
    throw new WebhookError(400, 'invalid_payload', `Not a "${endpoint.triggerType}" event${parsed ? `: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}` : ''}`);
  }
  return { ...base, payload: JSON.stringify(parsed.data) };
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}
