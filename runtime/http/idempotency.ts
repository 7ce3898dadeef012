/**
 * Idempotency-Key on the POSTs that create something (as Stripe does): the
 * first final answer to a key is stored and sent again, byte for byte, with
 * `Idempotent-Replayed: true`, to the same caller repeating the same request.
 *
 * - Scope: (company, caller — the token or the signed-in user —, key). The
 *   same key with another route/path or another body is refused (422
 *   `idempotency_key_reused`), so a key cannot replay one voucher's answer
 *   for another.
 * - The key is claimed by inserting its row before the handler runs (one
 *   atomic statement, so it holds across processes on one database); a second
 *   request while the first runs gets 409 `idempotency_key_in_progress`.
 * - Stored: 2xx and deterministic 4xx. Not stored (the key is released, so a
 *   retry runs again): 5xx, 408, 409, 425, 429.
 * - Keys expire 24 h after their first use (`idempotencyKeyTtlMs`); an
 *   expired key is claimed afresh, and the worker's retention job deletes them.
 * - Stored answers are sealed with the server's secret key (they can hold a
 *   new API token or webhook secret); bodies are fingerprinted with an HMAC
 *   keyed from it (a body can hold a new member's password).
 * Without the header nothing changes.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { ApiError } from '../../shared/api.ts';
import type { SecretBox } from '../auth/secret-key.ts';
import { rawExecutor, type Db } from '../db/client.ts';
import { log } from '../log.ts';
import { actorOf, handlerRoute, type AuthEnv } from './auth.ts';

export const idempotencyHeader = 'idempotency-key';
export const replayedHeader = 'idempotent-replayed';
export const idempotencyKeyTtlMs = 24 * 60 * 60 * 1000;
/** A claim whose request has not answered after this long is taken to be abandoned (its process died) and may be claimed again. */
export const idempotencyClaimStaleMs = 10 * 60 * 1000;
/** 1–255 printable ASCII characters (a UUID, or anything the client makes unique) */
const keyPattern = /^[\x20-\x7e]{1,255}$/;

/**
 * The routes that honour the header: every company POST that creates or
 * changes something. A company POST the router serves must be here or in
 * `idempotencyNotNeeded` (idempotency.test.ts checks the router against both).
 */
export const idempotentRoutes: ReadonlySet<string> = new Set([
  'POST /api/companies/:companyId/vouchers', // a manual voucher
  'POST /api/companies/:companyId/vouchers/:voucherId/reverse', // a reversing voucher
  'POST /api/companies/:companyId/vouchers/:voucherId/attachments', // a file attached (an original), audited
  'POST /api/companies/:companyId/bank-lines', // bank lines and their runs (a plain resend answers "duplicate")
  'POST /api/companies/:companyId/bank-statements', // a file's bank lines, their runs and the original
  'POST /api/companies/:companyId/bank-accounts', // a bank account, audited
  'POST /api/companies/:companyId/fiscal-years', // a fiscal year and its periods, audited
  'POST /api/companies/:companyId/customers', // customers created or updated, audited
  'POST /api/companies/:companyId/suppliers', // suppliers created or updated, audited
  'POST /api/companies/:companyId/accounts', // an account, audited
  'POST /api/companies/:companyId/series', // a voucher series, audited
  'POST /api/companies/:companyId/vat-codes', // a VAT code, audited
  'POST /api/companies/:companyId/dimensions', // a dimension, audited
  'POST /api/companies/:companyId/dimensions/:dimension/objects', // a dimension object, audited
  'POST /api/companies/:companyId/customer-invoices', // invoices and their vouchers, audited
  'POST /api/companies/:companyId/exchange-rates', // rates created or corrected, audited
  'POST /api/companies/:companyId/bank-lines/:bankLineId/match', // a settlement voucher, invoices settled, audited
  'POST /api/companies/:companyId/bank-lines/:bankLineId/book', // a voucher, audited
  'POST /api/companies/:companyId/automations/:automationId/run', // a manual run (an event, a run, perhaps vouchers)
  'POST /api/companies/:companyId/automations/:automationId/backtests', // a backtest job (a retry must not start a second)
  'POST /api/companies/:companyId/backtests', // a backtest job of a publication request
  'POST /api/companies/:companyId/automations/:automationId/publish', // a version, or a publication request
  'POST /api/companies/:companyId/automations/:automationId/pause', // a pause, audited
  'POST /api/companies/:companyId/automations/:automationId/resume', // a resumption, audited
  'POST /api/companies/:companyId/automations/:automationId/versions/:version/restore', // a new draft, audited
  'POST /api/companies/:companyId/publication-requests/:requestId/:decision', // a version (approve) or a decision
  'POST /api/companies/:companyId/periods/:period/:action', // a lock or an unlock, audited
  'POST /api/companies/:companyId/fiscal-years/:year/close', // a closing voucher, opening balances, locks, audited
  'POST /api/companies/:companyId/fiscal-years/:year/reopen', // a reversal voucher, opening balances taken back, unlocks, audited
  'POST /api/companies/:companyId/vat-returns', // a VAT settlement voucher, audited
  'POST /api/companies/:companyId/sie', // an import: accounts, years, balances, vouchers
  'POST /api/companies/:companyId/exceptions/:exceptionId/resolve', // a resolution, audited
  'POST /api/companies/:companyId/exceptions/:exceptionId/retry', // new runs
  'POST /api/companies/:companyId/exceptions/:exceptionId/book', // a voucher, audited
  'POST /api/companies/:companyId/exceptions/:exceptionId/dismiss', // a dismissal, audited
  'POST /api/companies/:companyId/members', // a user and a role
  'POST /api/companies/:companyId/settings-changes/:changeId/:decision', // a decided settings change, audited
  'POST /api/companies/:companyId/tokens', // an API token
  'POST /api/companies/:companyId/webhook-endpoints', // an endpoint and its secret
  'POST /api/companies/:companyId/webhook-endpoints/:endpointId/rotate', // a new secret
]);

/** Company POSTs that create nothing: the header is accepted and ignored. */
export const idempotencyNotNeeded: Readonly<Record<string, string>> = {
  'POST /api/companies/:companyId/automations/validate': 'reads only',
  'POST /api/companies/:companyId/automations/dry-run': 'writes nothing',
  'POST /api/companies/:companyId/schedules/preview': 'computes fire times only',
};

/** Non-final answers: the key is released so that a retry runs the request again. */
const notStored = new Set([408, 409, 425, 429]);
const storable = (status: number) => status < 500 && !notStored.has(status);

/** The response headers a replay repeats (the rest are set afresh, e.g. the security headers). */
const keptHeaders = ['content-type', 'content-disposition', 'location', 'retry-after'];

interface Scope { companyId: string; principal: string; key: string }
interface Fingerprint { target: string; route: string; bodyHash: string }
interface StoredAnswer { status: number; headers: [string, string][]; body: Uint8Array }

export type Claim =
  | { kind: 'claimed'; claimId: string }
  | { kind: 'replay'; answer: StoredAnswer }
  | { kind: 'in_progress' }
  | { kind: 'reused'; what: string };

/** The `idempotency_keys` table: claims, stored answers and their expiry. */
export class IdempotencyStore {
  private readonly hashKey: Buffer;

  constructor(readonly db: Db, readonly box: SecretBox, readonly now: () => Date = () => new Date()) {
    this.hashKey = box.subkey('idempotency request body');
  }

  /** A keyed hash (HMAC-SHA-256) of the raw body bytes: equal bodies match, and a stored hash reveals nothing guessable. */
  bodyHash(body: Uint8Array): string {
    return createHmac('sha256', this.hashKey).update(body).digest('base64');
  }

  /**
   * Claims the key for this request in one statement: a new key is inserted;
   * an expired one, or an abandoned claim of the same request, is taken over.
   * Otherwise the row says what the caller gets: the stored answer, 409 or 422.
   */
  async claim(scope: Scope, fingerprint: Fingerprint): Promise<Claim> {
    const sql = rawExecutor(this.db);
    const nowMs = this.now().getTime();
    const now = new Date(nowMs).toISOString();
    const claimId = randomUUID();
    for (let attempt = 0; attempt < 3; attempt++) {
      const { rows } = await sql.execute({
        sql: `INSERT INTO idempotency_keys (company_id, principal, key, target, route, body_hash, claim_id, claimed_at, expires_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (company_id, principal, key) DO UPDATE SET
            target = excluded.target, route = excluded.route, body_hash = excluded.body_hash, claim_id = excluded.claim_id,
            claimed_at = excluded.claimed_at, expires_at = excluded.expires_at, status = NULL, response_key_id = NULL, response = NULL
          WHERE idempotency_keys.expires_at <= excluded.claimed_at
            OR (idempotency_keys.status IS NULL AND idempotency_keys.claimed_at <= ?
                AND idempotency_keys.target = excluded.target AND idempotency_keys.body_hash = excluded.body_hash)
          RETURNING claim_id`,
        args: [scope.companyId, scope.principal, scope.key, fingerprint.target, fingerprint.route, fingerprint.bodyHash, claimId, now,
          new Date(nowMs + idempotencyKeyTtlMs).toISOString(), new Date(nowMs - idempotencyClaimStaleMs).toISOString()],
      });
      if (rows.length === 1 && rows[0].claim_id === claimId) return { kind: 'claimed', claimId };
      const { rows: [row] } = await sql.execute({
        sql: `SELECT target, body_hash, status, response_key_id, response, expires_at FROM idempotency_keys
          WHERE company_id = ? AND principal = ? AND key = ?`,
        args: [scope.companyId, scope.principal, scope.key],
      });
      if (!row || String(row.expires_at) <= now) continue; // expired or pruned between the two statements: claim again
      if (row.target !== fingerprint.target) {
        return { kind: 'reused', what: `it was first used for ${String(row.target)}, not ${fingerprint.target}` };
      }
      if (row.body_hash !== fingerprint.bodyHash) return { kind: 'reused', what: 'it was first used with another request body' };
      if (row.status === null) return { kind: 'in_progress' };
      return { kind: 'replay', answer: this.openAnswer(scope, Number(row.status), String(row.response_key_id), String(row.response)) };
    }
    throw new Error(`Could not claim Idempotency-Key "${scope.key}" of ${scope.companyId} in 3 attempts`);
  }

  /** Stores the final answer of our claim (only if the claim is still ours). */
  async complete(scope: Scope, claimId: string, answer: StoredAnswer): Promise<void> {
    const envelope = JSON.stringify({ headers: answer.headers, body: Buffer.from(answer.body).toString('base64') });
    const sealed = this.box.seal(envelope, associated(scope));
    await rawExecutor(this.db).execute({
      sql: 'UPDATE idempotency_keys SET status = ?, response_key_id = ?, response = ? WHERE company_id = ? AND principal = ? AND key = ? AND claim_id = ?',
      args: [answer.status, sealed.keyId, sealed.ciphertext, scope.companyId, scope.principal, scope.key, claimId],
    });
  }

  /** Gives the key back (the answer was not final): the next request with it runs. */
  async release(scope: Scope, claimId: string): Promise<void> {
    await rawExecutor(this.db).execute({
      sql: 'DELETE FROM idempotency_keys WHERE company_id = ? AND principal = ? AND key = ? AND claim_id = ? AND status IS NULL',
      args: [scope.companyId, scope.principal, scope.key, claimId],
    });
  }

  /** Deletes expired keys, at most `limit` at a time; returns how many. */
  async prune(limit = 10_000): Promise<number> {
    const { rows } = await rawExecutor(this.db).execute({
      sql: `DELETE FROM idempotency_keys WHERE rowid IN (SELECT rowid FROM idempotency_keys WHERE expires_at <= ? LIMIT ?) RETURNING 1 AS deleted`,
      args: [this.now().toISOString(), limit],
    });
    return rows.length;
  }

  private openAnswer(scope: Scope, status: number, keyId: string, ciphertext: string): StoredAnswer {
    const envelope = JSON.parse(this.box.open({ keyId, ciphertext }, associated(scope), `The stored answer to Idempotency-Key "${scope.key}"`)) as
      { headers: [string, string][]; body: string };
    return { status, headers: envelope.headers, body: new Uint8Array(Buffer.from(envelope.body, 'base64')) };
  }
}

const associated = (scope: Scope) => `idempotency\0${scope.companyId}\0${scope.principal}\0${scope.key}`;

/**
 * The middleware, registered after `authenticate` (it needs the caller and
 * the company). Requests without the header, or to routes that create
 * nothing, pass through untouched.
 */
export function idempotency(store: IdempotencyStore): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const key = c.req.header(idempotencyHeader);
    if (key === undefined) return next();
    const route = handlerRoute(c);
    const principal = c.get('principal');
    const companyId = c.get('companyId');
    if (!route || !principal || !companyId || !idempotentRoutes.has(`POST ${route}`)) return next();
    if (!keyPattern.test(key)) {
      return c.json({ error: 'invalid_idempotency_key', message: 'Idempotency-Key must be 1 to 255 printable ASCII characters' } satisfies ApiError, 400);
    }
    const url = new URL(c.req.url);
    const scope: Scope = { companyId, principal: actorOf(principal), key };
    // The bytes jsonGuard kept for the route, or else a copy: the route's own body limit still reads the original.
    const kept = (c.req.bodyCache as Record<string, Promise<ArrayBuffer> | undefined>).arrayBuffer;
    const body = new Uint8Array(kept ? await kept : await c.req.raw.clone().arrayBuffer());
    const fingerprint: Fingerprint = { target: `POST ${url.pathname}${url.search}`, route: `POST ${route}`, bodyHash: store.bodyHash(body) };

    const claim = await store.claim(scope, fingerprint);
    if (claim.kind === 'reused') {
      return c.json({ error: 'idempotency_key_reused', message: `Idempotency-Key "${key}" cannot be used for this request: ${claim.what}. Use a new key for a new request.` } satisfies ApiError, 422);
    }
    if (claim.kind === 'in_progress') {
      c.header('retry-after', '1');
      return c.json({ error: 'idempotency_key_in_progress', message: `A request with Idempotency-Key "${key}" is still running; retry when it has answered` } satisfies ApiError, 409);
    }
    if (claim.kind === 'replay') {
      const { status, headers, body: stored } = claim.answer;
      c.header(replayedHeader, 'true');
      if (status === 204) return c.body(null, 204, Object.fromEntries(headers));
      return c.body(stored.buffer.slice(stored.byteOffset, stored.byteOffset + stored.byteLength) as ArrayBuffer, status as 200, Object.fromEntries(headers));
    }

    let completed = false;
    try {
      await next();
      const response = c.res;
      if (storable(response.status)) {
        const answerBody = new Uint8Array(await response.clone().arrayBuffer());
        const headers = keptHeaders.flatMap((name): [string, string][] => {
          const value = response.headers.get(name);
          return value === null ? [] : [[name, value]];
        });
        try {
          await store.complete(scope, claim.claimId, { status: response.status, headers, body: answerBody });
        } catch (error) {
          // The work is done; keep the claim (a retry gets 409, not a second run) until it goes stale.
          log.error({ err: error, companyId, key }, 'could not store the answer to an Idempotency-Key');
        }
        completed = true;
      }
    } finally {
      if (!completed) {
        await store.release(scope, claim.claimId).catch((error) => log.error({ err: error, companyId, key }, 'could not release an Idempotency-Key'));
      }
    }
  };
}
