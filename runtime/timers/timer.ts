/**
 * Turns due schedule occurrences into outbox events. Each occurrence is
 * claimed by inserting its row keyed by (company, automation, scheduled
 * instant) in the same transaction as its event: with any number of
 * processes on one database, exactly one of them wins each occurrence.
 * It runs on the version in force at its fire time.
 */
import { and, asc, eq, isNull, max } from 'drizzle-orm';
import type { ScheduleConfig } from '../../shared/nodes/index.ts';
import { scheduleConfigSchema } from '../../shared/nodes/index.ts';
import type { AutomationDocument } from '../../shared/automation/schema.ts';
import { sourceRef } from '../../shared/sources.ts';
import type { Db } from '../db/client.ts';
import { automationVersions, automations, companies, scheduleOccurrences } from '../db/schema.ts';
import type { Logger } from '../engine/types.ts';
import type { Runner } from '../runs/runner.ts';
import { dueOccurrences, effectiveTimeZone, scheduleEventOf } from './schedule.ts';

export interface TimerOptions {
  now?: () => Date;
  logger?: Logger;
  /** how late an occurrence may be and still count as on time */
  graceMs?: number;
}

export class ScheduleTimer {
  private readonly now: () => Date;
  constructor(readonly db: Db, readonly runner: Runner, readonly options: TimerOptions = {}) {
    this.now = options.now ?? (() => new Date());
  }

  /** Claims and enqueues every due occurrence of every published schedule. Returns how many were enqueued. */
  async tick(): Promise<number> {
    const now = this.now();
    const rows = await this.db.select({
      companyId: automations.companyId, automationId: automations.id, timeZone: companies.timeZone,
    }).from(automations)
      .innerJoin(automationVersions, and(eq(automationVersions.companyId, automations.companyId), eq(automationVersions.automationId, automations.id),
        eq(automationVersions.version, automations.publishedVersion)))
      .innerJoin(companies, eq(companies.id, automations.companyId))
      .where(and(eq(automationVersions.triggerType, 'schedule'), isNull(automations.pausedAt))); // a paused automation does not fire
    let enqueued = 0;
    for (const row of rows) {
      try {
        enqueued += await this.tickAutomation(row.companyId, row.automationId, row.timeZone, now);
      } catch (error) {
        this.options.logger?.warn('schedule tick failed', { companyId: row.companyId, automationId: row.automationId, error: (error as Error).message });
      }
    }
    if (enqueued) this.runner.onEnqueued?.();
    return enqueued;
  }

  private async tickAutomation(companyId: string, automationId: string, companyTimeZone: string, now: Date): Promise<number> {
    const versions = await this.db.select().from(automationVersions)
      .where(and(eq(automationVersions.companyId, companyId), eq(automationVersions.automationId, automationId)))
      .orderBy(asc(automationVersions.version));
    const scheduled = versions.filter((v) => v.triggerType === 'schedule');
    const current = versions.at(-1);
    if (!current || current.triggerType !== 'schedule') return 0;
    const config = this.configOf(JSON.parse(current.document) as AutomationDocument);
    const timeZone = effectiveTimeZone(config, companyTimeZone);
    const [{ last }] = await this.db.select({ last: max(scheduleOccurrences.scheduledAt) }).from(scheduleOccurrences)
      .where(and(eq(scheduleOccurrences.companyId, companyId), eq(scheduleOccurrences.automationId, automationId)));
    const due = dueOccurrences(config, {
      lastFiredAt: last ? new Date(last) : null, now, createdAt: new Date(scheduled[0].publishedAt), timeZone, graceMs: this.options.graceMs,
    });
    let enqueued = 0;
    const claimedBy = this.runner.instanceId;
    for (const occurrence of due.run) {
      const at = occurrence.at.toISOString();
      // the version in force at the fire time
      const version = [...versions].reverse().find((v) => v.publishedAt <= at && v.triggerType === 'schedule') ?? scheduled[0];
      const won = await this.db.transaction(async (tx) => {
        const claimed = await tx.insert(scheduleOccurrences).values({
          companyId, automationId, scheduledAt: at, outcome: 'run', automationVersion: version.version, claimedBy, claimedAt: now.toISOString(),
        }).onConflictDoNothing().returning({ at: scheduleOccurrences.scheduledAt });
        if (!claimed.length) return false;
        const eventId = await this.runner.enqueue(tx, companyId, {
          triggerType: 'schedule', automationId, eventKey: `schedule:${automationId}:${at}`, sourceRef: sourceRef('schedule', at),
          payload: scheduleEventOf(occurrence.at, timeZone, occurrence.catchUp) as unknown as Record<string, unknown>,
          versions: { [automationId]: version.version },
        });
        await tx.update(scheduleOccurrences).set({ eventId }).where(and(eq(scheduleOccurrences.companyId, companyId),
          eq(scheduleOccurrences.automationId, automationId), eq(scheduleOccurrences.scheduledAt, at)));
        return true;
      });
      if (won) enqueued++;
    }
    // Remember how far the policy looked, so skipped occurrences are not considered again.
    const covered = due.coveredUntil?.toISOString();
    if (covered && !due.run.some((o) => o.at.toISOString() === covered)) {
      await this.db.insert(scheduleOccurrences).values({
        companyId, automationId, scheduledAt: covered, outcome: 'skipped', automationVersion: current.version, claimedBy, claimedAt: now.toISOString(),
      }).onConflictDoNothing();
    }
    if (due.skipped) this.options.logger?.info('schedule occurrences skipped by the catch-up policy', { companyId, automationId, skipped: due.skipped });
    return enqueued;
  }

  private configOf(document: AutomationDocument): ScheduleConfig {
    const trigger = document.nodes.find((n) => n.type === 'schedule');
    return scheduleConfigSchema.parse(trigger?.config ?? {});
  }
}
