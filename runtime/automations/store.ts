/**
 * Automations: a mutable draft per automation, and frozen published versions.
 * Publishing validates against the company's chart and freezes the document.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { AutomationDetail, AutomationHistory, AutomationSummary, AutomationVersion, PublishResponse } from '../../shared/api.ts';
import type { AutomationDocument, ValidationIssue } from '../../shared/automation/schema.ts';
import { validateAutomation, type ValidationContext } from '../../shared/automation/validate.ts';
import { findPriorityTies, type TieCandidate } from '../../shared/automation/priority-ties.ts';
import { descriptorOf } from '../../shared/nodes/index.ts';
import type { Db } from '../db/client.ts';
import { apiTokens, auditEvents, automations, automationVersions, publicationRequests, scheduleOccurrences, users } from '../db/schema.ts';
import { DomainRefusal } from '../kernel/errors.ts';
import { recordAudit } from '../kernel/audit.ts';
import { loadChart } from '../ledger/chart.ts';
import { noPersonReason, peopleOf } from '../auth/people.ts';
import { english, type MessageLanguage } from '../../shared/i18n/messages.ts';

export class AutomationInvalid extends Error {
  /** `retell(language)`: the same issues in another language (the document validated again) */
  constructor(readonly issues: ValidationIssue[], readonly retell?: (language: MessageLanguage) => ValidationIssue[]) {
    super(english('api.automation_invalid', { issues: issues.filter((i) => i.severity === 'error').map((i) => i.message) }));
    this.name = 'AutomationInvalid';
  }
}

/** A segregation-of-duties rule refuses the act (403 with the reason). */
export class SegregationRefused extends Error {
  constructor(message: string, readonly code = 'four_eyes') {
    super(message);
    this.name = 'SegregationRefused';
  }
}

export class NotFound extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFound';
  }
}

function triggerTypeOf(document: AutomationDocument): string | null {
  return document.nodes.find((n) => descriptorOf(n.type)?.kind === 'trigger')?.type ?? null;
}

/** Canonical JSON for comparing a draft with its published version. */
function canonical(document: AutomationDocument): string {
  const { status: _status, version: _version, ...rest } = document;
  return JSON.stringify(rest);
}

export async function validationContext(db: Db, companyId: string): Promise<ValidationContext> {
  const chart = await loadChart(db, companyId);
  if (!chart) throw new NotFound(`Company "${companyId}" does not exist`);
  return { accounts: chart.accounts, vatCodes: new Set(chart.vatCodes.keys()), series: chart.series, dimensionObjects: chart.dimensionObjects };
}

/** The history lists at most this many audit entries (newest first). */
export const historyActivityMax = 200;

export class AutomationStore {
  constructor(readonly db: Db, readonly now: () => Date = () => new Date()) {}

  /** Saves, publication requests, publications and decisions go to the audit log, in the same transaction when there is one. */
  private async audit(db: Pick<Db, 'insert'>, companyId: string, actor: string, action: string, automationId: string, details: Record<string, unknown> = {}) {
    await recordAudit(db, { id: crypto.randomUUID(), companyId, at: this.now().toISOString(), actor, action, subject: `automation:${automationId}`, details });
  }

  async list(companyId: string): Promise<AutomationSummary[]> {
    const rows = await this.db.select().from(automations).where(eq(automations.companyId, companyId)).orderBy(automations.name);
    const out: AutomationSummary[] = [];
    for (const row of rows) out.push(await this.summaryOf(row));
    const ties = await this.priorityTiesOf(rows);
    return out.map((summary) => ({ ...summary, priority: ties.priorities.get(summary.id) ?? null, priorityTies: ties.ties.get(summary.id) ?? [] }));
  }

  /** The published priorities, and the automations that tie (shared/automation/priority-ties.ts). */
  private async priorityTiesOf(rows: (typeof automations.$inferSelect)[]) {
    const priorities = new Map<string, number>();
    const candidates: TieCandidate[] = [];
    for (const row of rows) {
      const published = row.publishedVersion === null ? null : await this.version(row.companyId, row.id, row.publishedVersion);
      if (!published) continue;
      const priority = published.priority ?? 100;
      priorities.set(row.id, priority);
      const triggerType = published.nodes.find((n) => descriptorOf(n.type)?.kind === 'trigger')?.type ?? null;
      candidates.push({ id: row.id, name: published.name, triggerType, priority, paused: row.pausedAt !== null });
    }
    return { priorities, ties: findPriorityTies(candidates) };
  }

  private async summaryOf(row: typeof automations.$inferSelect): Promise<AutomationSummary> {
    const draft = JSON.parse(row.draft) as AutomationDocument;
    let hasUnpublishedChanges = true;
    if (row.publishedVersion !== null) {
      const published = await this.version(row.companyId, row.id, row.publishedVersion);
      hasUnpublishedChanges = !published || canonical(published) !== canonical(draft);
    }
    const [pending] = await this.db.select().from(publicationRequests).where(and(
      eq(publicationRequests.companyId, row.companyId), eq(publicationRequests.automationId, row.id), eq(publicationRequests.status, 'pending')));
    return {
      id: row.id, name: row.name, description: draft.description ?? '', triggerType: row.triggerType,
      draftVersion: row.draftVersion, publishedVersion: row.publishedVersion, hasUnpublishedChanges, updatedAt: row.updatedAt,
      updatedBy: row.updatedBy, paused: row.pausedAt ? { at: row.pausedAt, by: row.pausedBy ?? '' } : null,
      pendingPublication: pending ? { requestId: pending.id, requestedBy: pending.requestedBy, requestedAt: pending.requestedAt } : null,
    };
  }

  async get(companyId: string, id: string): Promise<AutomationDetail> {
    const [row] = await this.db.select().from(automations).where(and(eq(automations.companyId, companyId), eq(automations.id, id)));
    if (!row) throw new NotFound(`Automation "${id}" does not exist`);
    const draft = JSON.parse(row.draft) as AutomationDocument;
    const published = row.publishedVersion !== null ? await this.version(companyId, id, row.publishedVersion) : null;
    const { issues } = validateAutomation(draft, await validationContext(this.db, companyId));
    const all = await this.db.select().from(automations).where(eq(automations.companyId, companyId));
    const ties = await this.priorityTiesOf(all);
    const summary = { ...await this.summaryOf(row), priority: ties.priorities.get(id) ?? null, priorityTies: ties.ties.get(id) ?? [] };
    return { summary, draft, published, issues };
  }

  /**
   * A published version. Versions are frozen, so each is read and parsed once
   * per process and the same object is returned after: the engine compiles
   * its rules once. Callers must not change it.
   */
  async version(companyId: string, id: string, version: number): Promise<AutomationDocument | null> {
    const key = `${companyId}/${id}/${version}`;
    const cached = this.frozen.get(key);
    if (cached) return cached;
    const [row] = await this.db.select().from(automationVersions).where(and(
      eq(automationVersions.companyId, companyId), eq(automationVersions.automationId, id), eq(automationVersions.version, version)));
    if (!row) return null;
    const document = JSON.parse(row.document) as AutomationDocument;
    this.frozen.set(key, document);
    return document;
  }
  private readonly frozen = new Map<string, AutomationDocument>();

  /**
   * Saves a draft. A structurally broken document (not an automation at all)
   * is refused; one with validation errors is saved, with its issues returned.
   */
  async saveDraft(companyId: string, id: string, input: unknown, by: string): Promise<AutomationDetail> {
    const context = await validationContext(this.db, companyId);
    const result = validateAutomation(input, context);
    if (!result.document) throw new AutomationInvalid(result.issues, (language) => validateAutomation(input, context, language).issues);
    if (result.document.id !== id) {
      throw new AutomationInvalid([{ severity: 'error', code: 'id_mismatch', message: `The document id "${result.document.id}" does not match "${id}" in the URL`, path: ['id'] }]);
    }
    const [existing] = await this.db.select().from(automations).where(and(eq(automations.companyId, companyId), eq(automations.id, id)));
    const draftVersion = existing ? (existing.publishedVersion ?? 0) + 1 : 1;
    const document: AutomationDocument = { ...result.document, status: 'draft', version: draftVersion };
    // Everyone who saved since the last publication is an author of the coming version.
    const authors = new Set<string>(existing ? JSON.parse(existing.draftAuthors) as string[] : []);
    authors.add(by);
    const values = {
      companyId, id, name: document.name, triggerType: triggerTypeOf(document), draft: JSON.stringify(document),
      draftVersion, updatedAt: this.now().toISOString(), updatedBy: by, draftAuthors: JSON.stringify([...authors]),
    };
    const previous = existing ? JSON.parse(existing.draft) as AutomationDocument : null;
    await this.db.insert(automations).values({ ...values, publishedVersion: null })
      .onConflictDoUpdate({ target: [automations.companyId, automations.id], set: values });
    await this.audit(this.db, companyId, by, 'automation.save', id, {
      draftVersion, errors: result.issues.filter((i) => i.severity === 'error').length,
    });
    if (previous && canonical(previous) !== canonical(document)) {
      // A changed draft is no longer what was asked to be published.
      await this.db.update(publicationRequests).set({ status: 'superseded', decidedAt: this.now().toISOString(), decidedBy: by })
        .where(and(eq(publicationRequests.companyId, companyId), eq(publicationRequests.automationId, id), eq(publicationRequests.status, 'pending')));
    }
    return this.get(companyId, id);
  }

  /**
   * Freezes the current draft as the next version and makes it the active one.
   * With four-eyes on, the draft's author cannot publish it alone: their
   * attempt records a request, and another person's publication approves it.
   */
  async publish(companyId: string, id: string, by: string, options: { fourEyes?: boolean; approvingRequestId?: string } = {}): Promise<PublishResponse> {
    const context = await validationContext(this.db, companyId);
    return this.db.transaction(async (tx) => {
      const [row] = await tx.select().from(automations).where(and(eq(automations.companyId, companyId), eq(automations.id, id)));
      if (!row) throw new NotFound(`Automation "${id}" does not exist`);
      // Four-eyes compares people: a token counts as the person who created it, so
      // switching between session and token never makes someone their own second pair of eyes.
      const authors = JSON.parse(row.draftAuthors) as string[];
      const people = await peopleOf(tx, [by, row.updatedBy, ...authors]);
      const person = people.get(by) ?? null;
      const isAuthor = (actor: string) => actor === by || (person !== null && people.get(actor) === person);
      if (options.approvingRequestId) {
        // Approval publishes exactly what was asked for: still pending, and the draft unchanged since.
        const [request] = await tx.select().from(publicationRequests).where(and(eq(publicationRequests.companyId, companyId),
          eq(publicationRequests.id, options.approvingRequestId), eq(publicationRequests.status, 'pending')));
        if (!request) throw new SegregationRefused('The request is no longer pending (the draft changed, or someone decided)', 'request_not_pending');
        if (canonical(JSON.parse(request.document) as AutomationDocument) !== canonical(JSON.parse(row.draft) as AutomationDocument)) {
          throw new SegregationRefused('The draft changed after the request: its author must ask again', 'request_not_pending');
        }
        // The one who asked is an author; so is anyone who saved since. None of them may approve.
        if (person === null) throw new SegregationRefused(`Four-eyes: ${noPersonReason}; a person who did not edit this version must approve it`, 'four_eyes');
        const requester = (await peopleOf(tx, [request.requestedBy])).get(request.requestedBy) ?? null;
        if (request.requestedBy === by || requester === person || authors.some(isAuthor)) {
          throw new SegregationRefused('Four-eyes: you asked for or edited this version (by session or with a token you created), so another person must approve it', 'four_eyes');
        }
      }
      const result = validateAutomation(JSON.parse(row.draft), context);
      if (!result.ok || !result.document) throw new AutomationInvalid(result.issues, (language) => validateAutomation(JSON.parse(row.draft), context, language).issues);
      const now = this.now().toISOString();
      if (options.fourEyes && (person === null || authors.some(isAuthor) || isAuthor(row.updatedBy))) {
        const [pending] = await tx.select().from(publicationRequests).where(and(
          eq(publicationRequests.companyId, companyId), eq(publicationRequests.automationId, id), eq(publicationRequests.status, 'pending')));
        const requestId = pending?.id ?? crypto.randomUUID();
        if (!pending) {
          await tx.insert(publicationRequests).values({
            id: requestId, companyId, automationId: id, document: row.draft, requestedBy: by, requestedAt: now, status: 'pending',
          });
          await this.audit(tx, companyId, by, 'automation.publish_requested', id, { requestId, draftVersion: row.draftVersion });
        }
        return {
          status: 'pending_approval' as const, id, requestId, requestedBy: pending?.requestedBy ?? by,
          message: person === null
            ? `Four-eyes: ${noPersonReason}. The request is waiting for a person who did not edit this version to publish or approve it.`
            : 'Four-eyes: you edited this version (by session or with a token you created), so a person who did not must publish or approve it. The request is waiting for them.',
        };
      }
      await tx.update(publicationRequests).set({ status: 'approved', decidedBy: by, decidedAt: now }).where(and(
        eq(publicationRequests.companyId, companyId), eq(publicationRequests.automationId, id), eq(publicationRequests.status, 'pending')));
      const [latest] = await tx.select({ version: automationVersions.version }).from(automationVersions)
        .where(and(eq(automationVersions.companyId, companyId), eq(automationVersions.automationId, id)))
        .orderBy(desc(automationVersions.version)).limit(1);
      const version = (latest?.version ?? 0) + 1;
      const publishedAt = now;
      const document: AutomationDocument = { ...result.document, status: 'published', version };
      await tx.insert(automationVersions).values({
        companyId, automationId: id, version, document: JSON.stringify(document),
        triggerType: triggerTypeOf(document)!, publishedAt, publishedBy: by,
      });
      const draft: AutomationDocument = { ...document, status: 'draft', version: version + 1 };
      await tx.update(automations).set({ publishedVersion: version, draft: JSON.stringify(draft), draftVersion: version + 1, draftAuthors: '[]' })
        .where(and(eq(automations.companyId, companyId), eq(automations.id, id)));
      await this.audit(tx, companyId, by, 'automation.publish', id, { version });
      return { status: 'published' as const, id, version, publishedAt };
    });
  }

  /** A second person approves a pending publication: it is published under their name. */
  async approvePublication(companyId: string, requestId: string, by: string): Promise<PublishResponse> {
    const [request] = await this.db.select().from(publicationRequests)
      .where(and(eq(publicationRequests.companyId, companyId), eq(publicationRequests.id, requestId)));
    if (!request) throw new NotFound(`Publication request "${requestId}" does not exist`);
    if (request.status !== 'pending') throw new SegregationRefused(`The request is ${request.status}, not pending`, 'request_not_pending');
    const result = await this.publish(companyId, request.automationId, by, { fourEyes: true, approvingRequestId: requestId });
    await this.audit(this.db, companyId, by, 'automation.publish_approved', request.automationId, { requestId, requestedBy: request.requestedBy });
    return result;
  }

  async rejectPublication(companyId: string, requestId: string, by: string): Promise<void> {
    const updated = await this.db.update(publicationRequests).set({ status: 'rejected', decidedBy: by, decidedAt: this.now().toISOString() })
      .where(and(eq(publicationRequests.companyId, companyId), eq(publicationRequests.id, requestId), eq(publicationRequests.status, 'pending')))
      .returning({ id: publicationRequests.id });
    if (!updated.length) throw new NotFound(`No pending publication request "${requestId}"`);
    await this.audit(this.db, companyId, by, 'automation.publish_rejected', requestId);
  }


  /** The published versions, newest first, and what was done to the automation (from the audit log), newest first. */
  async history(companyId: string, id: string): Promise<AutomationHistory> {
    const row = await this.row(companyId, id);
    const rows = await this.db.select({
      version: automationVersions.version, publishedAt: automationVersions.publishedAt, publishedBy: automationVersions.publishedBy,
      triggerType: automationVersions.triggerType,
    }).from(automationVersions).where(and(eq(automationVersions.companyId, companyId), eq(automationVersions.automationId, id)))
      .orderBy(desc(automationVersions.version));
    const audit = await this.db.select().from(auditEvents)
      .where(and(eq(auditEvents.companyId, companyId), eq(auditEvents.subject, `automation:${id}`)))
      .orderBy(desc(auditEvents.at)).limit(historyActivityMax);
    const actors = [...rows.map((v) => v.publishedBy), ...audit.map((a) => a.actor)];
    const userIds = [...new Set(actors.filter((a) => a.startsWith('user:')).map((a) => a.slice('user:'.length)))];
    const tokenIds = [...new Set(actors.filter((a) => a.startsWith('token:')).map((a) => a.slice('token:'.length)))];
    const people = userIds.length ? await this.db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, userIds)) : [];
    const tokens = tokenIds.length ? await this.db.select({ id: apiTokens.id, name: apiTokens.name }).from(apiTokens).where(inArray(apiTokens.id, tokenIds)) : [];
    return {
      versions: rows.map((v) => ({ ...v, inForce: v.version === row.publishedVersion })),
      activity: audit.map((a) => ({ at: a.at, actor: a.actor, action: a.action, details: JSON.parse(a.details) as Record<string, unknown> })),
      names: Object.fromEntries([...people.map((p) => [`user:${p.id}`, p.name]), ...tokens.map((t) => [`token:${t.id}`, `API token "${t.name}"`])]),
    };
  }

  /** One published version with who published it and when; NotFound for a version that was never published. */
  async readVersion(companyId: string, id: string, version: number): Promise<AutomationVersion> {
    const row = await this.row(companyId, id);
    const [frozen] = await this.db.select().from(automationVersions).where(and(
      eq(automationVersions.companyId, companyId), eq(automationVersions.automationId, id), eq(automationVersions.version, version)));
    if (!frozen) throw new NotFound(`Automation "${id}" has no published version ${version}`);
    return {
      version, publishedAt: frozen.publishedAt, publishedBy: frozen.publishedBy, triggerType: frozen.triggerType,
      inForce: version === row.publishedVersion, document: JSON.parse(frozen.document) as AutomationDocument,
    };
  }

  /**
   * Rollback as a new draft: the document of a published version becomes the
   * draft (saved as `by`, so four-eyes counts them an author). Nothing is
   * published: publishing it is the usual publish.
   */
  async restoreAsDraft(companyId: string, id: string, version: number, by: string): Promise<AutomationDetail> {
    const { document } = await this.readVersion(companyId, id, version);
    const { status: _status, version: _version, ...rest } = document;
    const detail = await this.saveDraft(companyId, id, rest, by);
    await this.audit(this.db, companyId, by, 'automation.restore_as_draft', id, { fromVersion: version, draftVersion: detail.summary.draftVersion });
    return detail;
  }

  /**
   * Pauses a published automation: new events no longer run it (the runner's
   * versions in force leave it out). No new version; audited. Pausing a paused
   * one, or one never published, is a 409.
   */
  async pause(companyId: string, id: string, by: string): Promise<AutomationSummary> {
    const row = await this.row(companyId, id);
    if (row.publishedVersion === null) throw new DomainRefusal(409, 'not_published', `Automation "${id}" has never been published, so nothing runs to pause`);
    if (row.pausedAt) throw new DomainRefusal(409, 'already_paused', `Automation "${id}" is already paused (since ${row.pausedAt}, by ${row.pausedBy})`);
    const at = this.now().toISOString();
    await this.db.transaction(async (tx) => {
      await tx.update(automations).set({ pausedAt: at, pausedBy: by }).where(and(eq(automations.companyId, companyId), eq(automations.id, id)));
      await this.audit(tx, companyId, by, 'automation.pause', id, { version: row.publishedVersion });
    });
    return this.summaryOf({ ...row, pausedAt: at, pausedBy: by });
  }

  /**
   * Resumes a paused automation: events from now on run it again. What arrived
   * while it was paused is not replayed; a schedule's occurrences missed while
   * paused are marked skipped, so the catch-up policy does not fire them.
   */
  async resume(companyId: string, id: string, by: string): Promise<AutomationSummary> {
    const row = await this.row(companyId, id);
    if (!row.pausedAt) throw new DomainRefusal(409, 'not_paused', `Automation "${id}" is not paused`);
    const at = this.now().toISOString();
    await this.db.transaction(async (tx) => {
      await tx.update(automations).set({ pausedAt: null, pausedBy: null }).where(and(eq(automations.companyId, companyId), eq(automations.id, id)));
      if (row.triggerType === 'schedule' && row.publishedVersion !== null) {
        await tx.insert(scheduleOccurrences).values({
          companyId, automationId: id, scheduledAt: at, outcome: 'skipped', automationVersion: row.publishedVersion, claimedBy: `resume:${by}`, claimedAt: at,
        }).onConflictDoNothing();
      }
      await this.audit(tx, companyId, by, 'automation.resume', id, { version: row.publishedVersion, pausedAt: row.pausedAt, pausedBy: row.pausedBy });
    });
    return this.summaryOf({ ...row, pausedAt: null, pausedBy: null });
  }

  /**
   * Deletes an automation that was never published (only a draft; no run can
   * refer to it). Audited, with the draft in the details. A published one is a
   * 409: its versions are records; pause it instead.
   */
  async deleteDraft(companyId: string, id: string, by: string): Promise<void> {
    const row = await this.row(companyId, id);
    const [published] = await this.db.select({ version: automationVersions.version }).from(automationVersions)
      .where(and(eq(automationVersions.companyId, companyId), eq(automationVersions.automationId, id))).limit(1);
    if (row.publishedVersion !== null || published) {
      throw new DomainRefusal(409, 'automation_published',
        `Automation "${id}" has published versions (in force: ${row.publishedVersion ?? 'none'}); they are kept as records. Pause it instead of deleting it`);
    }
    await this.db.transaction(async (tx) => {
      await tx.update(publicationRequests).set({ status: 'superseded', decidedAt: this.now().toISOString(), decidedBy: by })
        .where(and(eq(publicationRequests.companyId, companyId), eq(publicationRequests.automationId, id), eq(publicationRequests.status, 'pending')));
      await tx.delete(automations).where(and(eq(automations.companyId, companyId), eq(automations.id, id)));
      await this.audit(tx, companyId, by, 'automation.delete_draft', id, { name: row.name, draftVersion: row.draftVersion, draft: JSON.parse(row.draft) });
    });
  }

  private async row(companyId: string, id: string): Promise<typeof automations.$inferSelect> {
    const [row] = await this.db.select().from(automations).where(and(eq(automations.companyId, companyId), eq(automations.id, id)));
    if (!row) throw new NotFound(`Automation "${id}" does not exist`);
    return row;
  }
}
