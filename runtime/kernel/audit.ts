/**
 * The one writer of the audit log (`audit_events`, append-only: the database
 * refuses changes). Callers pass their transaction when the act and its
 * record must commit together, and their own id and time.
 */
import type { Db } from '../db/client.ts';
import { auditEvents } from '../db/schema.ts';

export interface AuditEntry {
  id: string;
  /** null: not about one company (e.g. a sign-in) */
  companyId: string | null;
  /** ISO time */
  at: string;
  /** "user:<id>", "token:<id>", "system:…" */
  actor: string;
  /** stored data, e.g. "period.lock": never rename one */
  action: string;
  /** what it was about, e.g. "period:2026-02" */
  subject: string;
  /** stored as JSON */
  details?: Record<string, unknown>;
}

export async function recordAudit(tx: Pick<Db, 'insert'>, entry: AuditEntry): Promise<void> {
  await tx.insert(auditEvents).values({
    id: entry.id, companyId: entry.companyId, at: entry.at, actor: entry.actor, action: entry.action, subject: entry.subject,
    details: JSON.stringify(entry.details ?? {}),
  });
}
