/**
 * Webhook endpoints and deliveries. A delivery is verified, stored with its
 * event in one transaction, and only then acknowledged; a webhook-id seen
 * before gets the first response and runs nothing again.
 */
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { bankLinesRequestSchema } from '../../shared/api.ts';
import { descriptorOf, triggerTypes } from '../../shared/nodes/index.ts';
import type { Db } from '../db/client.ts';
import { auditEvents, bankLines, webhookDeliveries, webhookEndpoints } from '../db/schema.ts';
import type { Runner } from '../runs/runner.ts';
import { newWebhookSecret, verify } from './signature.ts';

export const webhookBodyMaxBytes = 256 * 1024;
export const rotationGraceMs = 24 * 60 * 60 * 1000;

export class WebhookError extends Error {
  constructor(readonly status: 400 | 401 | 404 | 413 | 422, readonly code: string, message: string) {
    super(message);
    this.name = 'WebhookError';
  }
}

/** The triggers an endpoint can feed: a generic one, and the typed ones whose event a body can carry. */
export const webhookTriggers = ['webhook-received', ...triggerTypes.filter((t) => t !== 'manual-run' && t !== 'webhook-received' && t !== ('schedule' as string))];

export class WebhookService {
  constructor(readonly db: Db, readonly runner: Runner, readonly now: () => Date = () => new Date()) {}

  async create(companyId: string, triggerType: string, createdBy: string, baseUrl: string) {
    if (!webhookTriggers.includes(triggerType as never)) {
      throw new WebhookError(422, 'unknown_trigger', `"${triggerType}" cannot be fed by a webhook (one of: ${webhookTriggers.join(', ')})`);
    }
    const id = `wh_${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`;
    const secret = newWebhookSecret();
    const createdAt = this.now().toISOString();
    await this.db.insert(webhookEndpoints).values({ id, companyId, triggerType, secret, createdAt, createdBy });
    await this.audit(companyId, createdBy, 'webhook.create', id, { triggerType });
    return { id, url: `${baseUrl}/hooks/${id}`, secret, trigger: triggerType, createdAt };
  }

  async list(companyId: string, baseUrl: string) {
    const rows = await this.db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.companyId, companyId), isNull(webhookEndpoints.disabledAt)));
    return rows.map((r) => ({ id: r.id, url: `${baseUrl}/hooks/${r.id}`, trigger: r.triggerType, createdAt: r.createdAt, rotating: !!r.previousSecret }));
  }

  /** A new secret; the old one keeps working for 24 hours so senders can switch. */
  async rotate(companyId: string, endpointId: string, by: string) {
    const endpoint = await this.endpoint(endpointId, companyId);
    const secret = newWebhookSecret();
    await this.db.update(webhookEndpoints).set({
      secret, previousSecret: endpoint.secret, previousExpiresAt: new Date(this.now().getTime() + rotationGraceMs).toISOString(),
    }).where(eq(webhookEndpoints.id, endpointId));
    await this.audit(companyId, by, 'webhook.rotate', endpointId);
    return { id: endpointId, secret, previousValidUntil: new Date(this.now().getTime() + rotationGraceMs).toISOString() };
  }

  async disable(companyId: string, endpointId: string, by: string) {
    await this.endpoint(endpointId, companyId);
    await this.db.update(webhookEndpoints).set({ disabledAt: this.now().toISOString() }).where(eq(webhookEndpoints.id, endpointId));
    await this.audit(companyId, by, 'webhook.disable', endpointId);
  }

  private async endpoint(endpointId: string, companyId?: string) {
    const [row] = await this.db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.id, endpointId), isNull(webhookEndpoints.disabledAt)));
    if (!row || (companyId && row.companyId !== companyId)) throw new WebhookError(404, 'not_found', `Webhook endpoint "${endpointId}" does not exist`);
    return row;
  }

  private async audit(companyId: string, actor: string, action: string, subject: string, details: Record<string, unknown> = {}) {
    await this.db.insert(auditEvents).values({
      id: crypto.randomUUID(), companyId, at: this.now().toISOString(), actor, action, subject: `webhook:${subject}`, details: JSON.stringify(details),
    });
  }

  /**
   * Handles one delivery. Returns the response to send (status and body),
   * which is also what a replay of the same webhook-id gets.
   */
  async deliver(endpointId: string, headers: { id?: string | null; timestamp?: string | null; signature?: string | null }, body: string)
    : Promise<{ status: number; body: Record<string, unknown>; replay: boolean; eventIds: string[] }> {
    const endpoint = await this.endpoint(endpointId);
    const now = this.now();
    const secrets = [endpoint.secret];
    if (endpoint.previousSecret && endpoint.previousExpiresAt && endpoint.previousExpiresAt > now.toISOString()) secrets.push(endpoint.previousSecret);
    const verdict = verify(headers, body, secrets, Math.floor(now.getTime() / 1000));
    if (!verdict.ok) throw new WebhookError(401, `signature_${verdict.reason}`, verdict.message);
    const webhookId = headers.id!;
    if (webhookId.length > 200) throw new WebhookError(400, 'invalid_webhook_id', 'webhook-id is longer than 200 characters');

    const [seen] = await this.db.select().from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.webhookId, webhookId)));
    if (seen) return { status: seen.status, body: JSON.parse(seen.response), replay: true, eventIds: [] };

    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch (error) {
      throw new WebhookError(400, 'invalid_json', `The body is not valid JSON: ${(error as Error).message}`);
    }
    const receivedAt = now.toISOString();
    const companyId = endpoint.companyId;
    const eventIds: string[] = [];
    let response: Record<string, unknown> = {};
    await this.db.transaction(async (tx) => {
      const [again] = await tx.insert(webhookDeliveries).values({
        endpointId, webhookId, receivedAt, status: 202, response: '{}',
      }).onConflictDoNothing().returning({ id: webhookDeliveries.webhookId });
      if (!again) return; // a concurrent duplicate won the race
      if (endpoint.triggerType === 'bank-line-imported') {
        const parsed = bankLinesRequestSchema.safeParse(payload);
        if (!parsed.success) throw new WebhookError(400, 'invalid_payload', `Not a bank line: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`);
        const lines = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
        const versions = await this.runner.versionsInForce(tx, companyId, 'bank-line-imported');
        for (const line of lines) {
          const stored = await tx.insert(bankLines).values({
            companyId, id: line.id, bankAccount: line.bankAccount ?? '1930', bookingDate: line.bookingDate, amountMinor: line.amountMinor,
            currency: line.currency, text: line.text, reference: line.reference, counterparty: line.counterparty, receivedAt, status: 'received',
          }).onConflictDoNothing().returning({ id: bankLines.id });
          if (!stored.length) continue;
          eventIds.push(await this.runner.enqueue(tx, companyId, {
            triggerType: 'bank-line-imported', eventKey: `bank-line:${line.id}`, sourceRef: `bank-line:${line.id}`,
            payload: { ...line, bankAccount: line.bankAccount ?? '1930' }, versions,
          }));
        }
      } else {
        let event: Record<string, unknown>;
        if (endpoint.triggerType === 'webhook-received') {
          if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
            throw new WebhookError(400, 'invalid_payload', 'The body must be a JSON object');
          }
          event = { webhookId, endpointId, receivedAt, payload };
        } else {
          const schema = descriptorOf(endpoint.triggerType)?.event?.schema;
          const parsed = schema?.safeParse(payload);
          if (!parsed?.success) {
            throw new WebhookError(400, 'invalid_payload', `Not a "${endpoint.triggerType}" event${parsed ? `: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}` : ''}`);
          }
          event = parsed.data as Record<string, unknown>;
        }
        const versions = await this.runner.versionsInForce(tx, companyId, endpoint.triggerType);
        eventIds.push(await this.runner.enqueue(tx, companyId, {
          triggerType: endpoint.triggerType, eventKey: `webhook:${endpointId}:${webhookId}`, sourceRef: `webhook:${webhookId}`, payload: event, versions,
        }));
      }
      response = { accepted: true, webhookId, events: eventIds.length };
      await tx.update(webhookDeliveries).set({ response: JSON.stringify(response), eventId: eventIds[0] ?? null })
        .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.webhookId, webhookId)));
    });
    if (!eventIds.length && !Object.keys(response).length) {
      const [first] = await this.db.select().from(webhookDeliveries).where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.webhookId, webhookId)));
      return { status: first.status, body: JSON.parse(first.response), replay: true, eventIds: [] };
    }
    return { status: 202, body: response, replay: false, eventIds };
  }
}
