/**
 * Users, memberships, sessions and API tokens. Secrets are only ever stored
 * as SHA-256 (tokens, session ids) or scrypt (passwords).
 */
import { and, asc, eq, gt, isNull, lte } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { apiTokens, companies, companySettings, memberships, sessions, settingsChanges, users } from '../db/schema.ts';
import { recordAudit } from '../kernel/audit.ts';
import { systemClock, type LedgerClock } from '../kernel/clock.ts';
import { hashPassword } from './passwords.ts';
import { isPermission, rolePermissions, type Permission, type Role } from '../../shared/permissions.ts';
import { newSecret, sha256 } from './tokens.ts';
import { noPersonReason, personOf } from './people.ts';
import type { Message } from '../../shared/i18n/messages.ts';

export interface Principal {
  kind: 'user' | 'token';
  id: string;
  /** e-mail or token name, for the audit log */
  label: string;
  /**
   * The person acting, for segregation of duties: the user of a session, the
   * user who created a token; null for a token no person created (bootstrap,
   * server code, CLI, or an older token whose creator is unknown).
   */
  personId: string | null;
  /** set for cookie sessions: writes must echo it in X-CSRF-Token */
  csrfToken?: string;
  companies: Map<string, { role: Role | 'token'; permissions: Set<Permission> }>;
}

export const sessionLifetimeMs = 12 * 60 * 60 * 1000;

export const dutySettingKeys = ['fourEyesPublish', 'fourEyesPayments', 'fourEyesInvoices'] as const;
export type DutySettingKey = (typeof dutySettingKeys)[number];
export type DutySettingValues = Record<DutySettingKey, boolean>;
/**
 * Switching a four-eyes rule off waits this long (announced in the audit log,
 * shown in the settings, cancellable by any admin) unless another admin — a
 * different person — confirms it sooner. Fixed on purpose: not a setting.
 */
export const dutySwitchOffDelayMs = 24 * 60 * 60 * 1000;

export class AuthError extends Error {
  constructor(readonly code: string, message: string, readonly status: 400 | 401 | 403 | 404 | 409 | 429 = 403, readonly text?: Message) {
    super(message);
    this.name = 'AuthError';
  }
}

export class AuthStore {
  private readonly lastUseWrittenMs = new Map<string, number>();

  constructor(readonly db: Db, readonly clock: LedgerClock = systemClock) {}

  async audit(companyId: string | null, actor: string, action: string, subject: string, details: Record<string, unknown> = {}): Promise<void> {
    await recordAudit(this.db, { id: this.clock.newId(), companyId, at: this.clock.now().toISOString(), actor, action, subject, details });
  }

  async createUser(input: { email: string; name: string; password: string }): Promise<{ id: string; email: string }> {
    const email = input.email.trim().toLowerCase();
    const [existing] = await this.db.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (existing) throw new AuthError('user_exists', `A user with e-mail ${email} already exists`, 409);
    if (input.password.length < 10) throw new AuthError('weak_password', 'A password needs at least 10 characters', 400);
    const id = this.clock.newId();
    await this.db.insert(users).values({ id, email, name: input.name, passwordHash: await hashPassword(input.password), createdAt: this.clock.now().toISOString() });
    return { id, email };
  }

  /** Sets a new password (e.g. a lost first-admin password, from the CLI); ends the user's sessions. */
  async setPassword(userId: string, password: string, actor: string): Promise<void> {
    if (password.length < 10) throw new AuthError('weak_password', 'A password needs at least 10 characters', 400);
    await this.db.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.id, userId));
    await this.db.delete(sessions).where(eq(sessions.userId, userId));
    for (const companyId of (await this.userCompanies(userId)).keys()) await this.audit(companyId, actor, 'auth.password_set', `user:${userId}`);
  }

  async userByEmail(email: string) {
    const [user] = await this.db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
    return user ?? null;
  }

  async grant(userId: string, companyId: string, role: Role, actor: string): Promise<void> {
    const [company] = await this.db.select({ id: companies.id }).from(companies).where(eq(companies.id, companyId));
    if (!company) throw new AuthError('not_found', `Company "${companyId}" does not exist`, 404);
    await this.db.insert(memberships).values({ userId, companyId, role, createdAt: this.clock.now().toISOString() })
      .onConflictDoUpdate({ target: [memberships.userId, memberships.companyId], set: { role } });
    await this.audit(companyId, actor, 'member.role', `user:${userId}`, { role });
  }

  async revokeMembership(userId: string, companyId: string, actor: string): Promise<void> {
    const removed = await this.db.delete(memberships).where(and(eq(memberships.userId, userId), eq(memberships.companyId, companyId)))
      .returning({ userId: memberships.userId });
    // Not a member here (another company's person, or nobody): 404 as for any id, and no audit row about nothing.
    if (removed.length === 0) throw new AuthError('not_found', `User "${userId}" is not a member of this company`, 404);
    await this.audit(companyId, actor, 'member.remove', `user:${userId}`);
  }

  async members(companyId: string) {
    return this.db.select({ userId: users.id, email: users.email, name: users.name, role: memberships.role, since: memberships.createdAt })
      .from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(eq(memberships.companyId, companyId)).orderBy(users.email);
  }

  async createSession(userId: string): Promise<{ token: string; csrfToken: string; expiresAt: string }> {
    const token = newSecret('kts_');
    const csrfToken = newSecret('ktc_');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + sessionLifetimeMs).toISOString();
    await this.db.insert(sessions).values({ tokenHash: sha256(token), userId, csrfToken, createdAt: now.toISOString(), expiresAt });
    return { token, csrfToken, expiresAt };
  }

  async deleteSession(token: string): Promise<void> {
    await this.db.delete(sessions).where(eq(sessions.tokenHash, sha256(token)));
  }

  async principalForSession(token: string): Promise<Principal | null> {
    const [row] = await this.db.select({ userId: sessions.userId, csrfToken: sessions.csrfToken, email: users.email })
      .from(sessions).innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.tokenHash, sha256(token)), gt(sessions.expiresAt, this.clock.now().toISOString())));
    if (!row) return null;
    return { kind: 'user', id: row.userId, label: row.email, personId: row.userId, csrfToken: row.csrfToken, companies: await this.userCompanies(row.userId) };
  }

  async userCompanies(userId: string): Promise<Principal['companies']> {
    const rows = await this.db.select().from(memberships).where(eq(memberships.userId, userId));
    return new Map(rows.map((m) => [m.companyId, { role: m.role, permissions: new Set(rolePermissions[m.role]) }]));
  }

  /**
   * Creates a token; the secret is returned once. `secret` lets the bootstrap token be set from the environment.
   * The token acts for the person behind `createdBy` (a token minted with a token: that token's person).
   */
  async createToken(input: { companyId: string; name: string; permissions: Permission[]; createdBy: string; secret?: string }) {
    const bad = input.permissions.filter((p) => !isPermission(p));
    if (bad.length || input.permissions.length === 0) throw new AuthError('invalid_permissions', `Unknown or no permissions: ${bad.join(', ')}`, 400);
    const secret = input.secret ?? newSecret();
    const id = this.clock.newId();
    const createdAt = this.clock.now().toISOString();
    const createdByUserId = await personOf(this.db, input.createdBy);
    await this.db.insert(apiTokens).values({
      id, companyId: input.companyId, name: input.name, tokenHash: sha256(secret), permissions: JSON.stringify(input.permissions),
      createdBy: input.createdBy, createdByUserId, createdAt,
    });
    await this.audit(input.companyId, input.createdBy, 'token.create', `token:${id}`, { name: input.name, permissions: input.permissions });
    return { id, name: input.name, token: secret, permissions: input.permissions, createdAt };
  }

  async tokens(companyId: string) {
    const rows = await this.db.select().from(apiTokens).where(eq(apiTokens.companyId, companyId)).orderBy(apiTokens.createdAt);
    return rows.map((t) => ({
      id: t.id, name: t.name, permissions: JSON.parse(t.permissions) as Permission[], createdBy: t.createdBy, createdByUserId: t.createdByUserId, createdAt: t.createdAt,
      revokedAt: t.revokedAt, lastUsedAt: t.lastUsedAt,
    }));
  }

  async revokeToken(companyId: string, tokenId: string, actor: string): Promise<void> {
    const result = await this.db.update(apiTokens).set({ revokedAt: this.clock.now().toISOString() })
      .where(and(eq(apiTokens.companyId, companyId), eq(apiTokens.id, tokenId), isNull(apiTokens.revokedAt))).returning({ id: apiTokens.id });
    if (result.length === 0) throw new AuthError('not_found', `Token "${tokenId}" does not exist or is already revoked`, 404);
    await this.audit(companyId, actor, 'token.revoke', `token:${tokenId}`);
  }

  async principalForToken(secret: string): Promise<Principal | null> {
    const [row] = await this.db.select().from(apiTokens).where(and(eq(apiTokens.tokenHash, sha256(secret)), isNull(apiTokens.revokedAt)));
    if (!row) return null;
    // "Last used", for admins reviewing tokens: written at most once a minute per token, not on every call.
    const nowMs = this.clock.now().getTime();
    if (nowMs - (this.lastUseWrittenMs.get(row.id) ?? 0) >= 60_000) {
      this.lastUseWrittenMs.set(row.id, nowMs);
      await this.db.update(apiTokens).set({ lastUsedAt: new Date(nowMs).toISOString() }).where(eq(apiTokens.id, row.id));
    }
    return {
      kind: 'token', id: row.id, label: `token:${row.name}`, personId: row.createdByUserId,
      companies: new Map([[row.companyId, { role: 'token' as const, permissions: new Set(JSON.parse(row.permissions) as Permission[]) }]]),
    };
  }

  /** The settings in force: a switch-off whose waiting period has passed is applied (and audited) first. */
  async settings(companyId: string): Promise<DutySettingValues & { companyId: string }> {
    await this.applyDueChanges(companyId);
    return this.storedSettings(companyId);
  }

  private async storedSettings(companyId: string) {
    const [row] = await this.db.select().from(companySettings).where(eq(companySettings.companyId, companyId));
    return row ?? { companyId, fourEyesPublish: true, fourEyesPayments: true, fourEyesInvoices: true };
  }

  /**
   * Sets the settings at once, audited. For server code and tests only: the HTTP route goes through
   * changeSettings, where switching a four-eyes rule off waits or needs a second admin.
   */
  async updateSettings(companyId: string, patch: Partial<DutySettingValues>, actor: string) {
    const next = { ...(await this.storedSettings(companyId)), ...patch, companyId };
    await this.db.insert(companySettings).values(next).onConflictDoUpdate({ target: companySettings.companyId, set: patch });
    await this.audit(companyId, actor, 'settings.update', `company:${companyId}`, patch);
    return next;
  }

  /** Switch-offs waiting for their time or a second admin, oldest first. */
  async pendingSettingsChanges(companyId: string) {
    await this.applyDueChanges(companyId);
    return this.db.select().from(settingsChanges)
      .where(and(eq(settingsChanges.companyId, companyId), eq(settingsChanges.status, 'pending'))).orderBy(asc(settingsChanges.requestedAt));
  }

  /**
   * An admin's change. Switching a rule on takes effect at once (and withdraws a waiting
   * switch-off of it); switching one off becomes a pending change that takes effect after
   * dutySwitchOffDelayMs, or sooner when another admin confirms it. All audited.
   */
  async changeSettings(companyId: string, patch: Partial<DutySettingValues>, by: { actor: string; personId: string | null }): Promise<{ scheduled: boolean }> {
    const current = await this.settings(companyId);
    const pending = await this.pendingSettingsChanges(companyId);
    const now = this.clock.now();
    const immediate: Partial<DutySettingValues> = {};
    let scheduled = false;
    for (const key of dutySettingKeys) {
      const value = patch[key];
      if (value === undefined) continue;
      const waiting = pending.find((p) => p.setting === key);
      if (value) {
        immediate[key] = true;
        if (waiting) await this.decideChange(companyId, waiting, 'withdrawn', by.actor);
      } else if (current[key] && !waiting) {
        const id = this.clock.newId();
        const effectiveAt = new Date(now.getTime() + dutySwitchOffDelayMs).toISOString();
        await this.db.insert(settingsChanges).values({
          id, companyId, setting: key, value: false, requestedBy: by.actor, requestedByUserId: by.personId,
          requestedAt: now.toISOString(), effectiveAt, status: 'pending',
        });
        await this.audit(companyId, by.actor, 'settings.change_requested', `company:${companyId}`, { changeId: id, setting: key, value: false, effectiveAt });
        scheduled = true;
      } else if (waiting) scheduled = true;
    }
    if (Object.keys(immediate).length) await this.updateSettings(companyId, immediate, by.actor);
    return { scheduled };
  }

  /** Another admin confirms a waiting switch-off: it takes effect now. Never the person who asked, never a token without a person. */
  async confirmSettingsChange(companyId: string, changeId: string, by: { actor: string; personId: string | null }): Promise<void> {
    const change = await this.pendingChange(companyId, changeId);
    if (by.personId === null) throw new AuthError('four_eyes', `Four-eyes: ${noPersonReason}; another admin must confirm this change`, 403);
    if (change.requestedBy === by.actor || change.requestedByUserId === by.personId) {
      throw new AuthError('four_eyes', `Four-eyes: you asked for this change (by session or with a token you created); another admin must confirm it, or it takes effect at ${change.effectiveAt}`, 403);
    }
    await this.decideChange(companyId, change, 'confirmed', by.actor);
  }

  /** Any admin may stop a waiting switch-off (the rule stays on). */
  async cancelSettingsChange(companyId: string, changeId: string, actor: string): Promise<void> {
    await this.decideChange(companyId, await this.pendingChange(companyId, changeId), 'cancelled', actor);
  }

  private async pendingChange(companyId: string, changeId: string) {
    await this.applyDueChanges(companyId);
    const [change] = await this.db.select().from(settingsChanges).where(and(eq(settingsChanges.companyId, companyId), eq(settingsChanges.id, changeId)));
    if (!change) throw new AuthError('not_found', `Settings change "${changeId}" does not exist`, 404);
    if (change.status !== 'pending') throw new AuthError('change_not_pending', `Settings change "${changeId}" is ${change.status}, not pending`, 409);
    return change;
  }

  private async applyDueChanges(companyId: string): Promise<void> {
    const due = await this.db.select().from(settingsChanges).where(and(eq(settingsChanges.companyId, companyId),
      eq(settingsChanges.status, 'pending'), lte(settingsChanges.effectiveAt, this.clock.now().toISOString())));
    for (const change of due) await this.decideChange(companyId, change, 'applied', change.requestedBy);
  }

  /** Decides a pending change once (whoever gets there first), in one transaction with its effect and audit event. */
  private async decideChange(companyId: string, change: typeof settingsChanges.$inferSelect, status: 'applied' | 'confirmed' | 'cancelled' | 'withdrawn', actor: string) {
    const now = this.clock.now().toISOString();
    await this.db.transaction(async (tx) => {
      const won = await tx.update(settingsChanges).set({ status, decidedBy: actor, decidedAt: now })
        .where(and(eq(settingsChanges.id, change.id), eq(settingsChanges.status, 'pending'))).returning({ id: settingsChanges.id });
      if (!won.length) return;
      if (status === 'applied' || status === 'confirmed') {
        const patch = { [change.setting]: change.value };
        await tx.insert(companySettings).values({ companyId, fourEyesPublish: true, fourEyesPayments: true, fourEyesInvoices: true, ...patch })
          .onConflictDoUpdate({ target: companySettings.companyId, set: patch });
      }
      await recordAudit(tx, {
        id: this.clock.newId(), companyId, at: now, actor, action: `settings.change_${status}`, subject: `company:${companyId}`,
        details: { changeId: change.id, setting: change.setting, value: change.value, requestedBy: change.requestedBy,
          requestedAt: change.requestedAt, effectiveAt: change.effectiveAt },
      });
    });
  }
}
