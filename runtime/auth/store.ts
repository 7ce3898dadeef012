/**
 * Users, memberships, sessions and API tokens. Secrets are only ever stored
 * as SHA-256 (tokens, session ids) or scrypt (passwords).
 */
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { apiTokens, auditEvents, companies, companySettings, memberships, sessions, users } from '../db/schema.ts';
import { systemClock, type LedgerClock } from '../ledger/ledger.ts';
import { hashPassword } from './passwords.ts';
import { isPermission, rolePermissions, type Permission, type Role } from '../../shared/permissions.ts';
import { newSecret, sha256 } from './tokens.ts';

export interface Principal {
  kind: 'user' | 'token';
  id: string;
  /** e-mail or token name, for the audit log */
  label: string;
  /** set for cookie sessions: writes must echo it in X-CSRF-Token */
  csrfToken?: string;
  companies: Map<string, { role: Role | 'token'; permissions: Set<Permission> }>;
}

export const sessionLifetimeMs = 12 * 60 * 60 * 1000;

export class AuthError extends Error {
  constructor(readonly code: string, message: string, readonly status: 400 | 401 | 403 | 404 | 409 | 429 = 403) {
    super(message);
    this.name = 'AuthError';
  }
}

export class AuthStore {
  private readonly lastUseWrittenMs = new Map<string, number>();

  constructor(readonly db: Db, readonly clock: LedgerClock = systemClock) {}

  async audit(companyId: string | null, actor: string, action: string, subject: string, details: Record<string, unknown> = {}): Promise<void> {
    await this.db.insert(auditEvents).values({
      id: this.clock.newId(), companyId, at: this.clock.now().toISOString(), actor, action, subject, details: JSON.stringify(details),
    });
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
    await this.db.delete(memberships).where(and(eq(memberships.userId, userId), eq(memberships.companyId, companyId)));
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
    return { kind: 'user', id: row.userId, label: row.email, csrfToken: row.csrfToken, companies: await this.userCompanies(row.userId) };
  }

  async userCompanies(userId: string): Promise<Principal['companies']> {
    const rows = await this.db.select().from(memberships).where(eq(memberships.userId, userId));
    return new Map(rows.map((m) => [m.companyId, { role: m.role, permissions: new Set(rolePermissions[m.role]) }]));
  }

  /** Creates a token; the secret is returned once. `secret` lets the bootstrap token be set from the environment. */
  async createToken(input: { companyId: string; name: string; permissions: Permission[]; createdBy: string; secret?: string }) {
    const bad = input.permissions.filter((p) => !isPermission(p));
    if (bad.length || input.permissions.length === 0) throw new AuthError('invalid_permissions', `Unknown or no permissions: ${bad.join(', ')}`, 400);
    const secret = input.secret ?? newSecret();
    const id = this.clock.newId();
    const createdAt = this.clock.now().toISOString();
    await this.db.insert(apiTokens).values({
      id, companyId: input.companyId, name: input.name, tokenHash: sha256(secret), permissions: JSON.stringify(input.permissions),
      createdBy: input.createdBy, createdAt,
    });
    await this.audit(input.companyId, input.createdBy, 'token.create', `token:${id}`, { name: input.name, permissions: input.permissions });
    return { id, name: input.name, token: secret, permissions: input.permissions, createdAt };
  }

  async tokens(companyId: string) {
    const rows = await this.db.select().from(apiTokens).where(eq(apiTokens.companyId, companyId)).orderBy(apiTokens.createdAt);
    return rows.map((t) => ({
      id: t.id, name: t.name, permissions: JSON.parse(t.permissions) as Permission[], createdBy: t.createdBy, createdAt: t.createdAt,
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
      kind: 'token', id: row.id, label: `token:${row.name}`,
      companies: new Map([[row.companyId, { role: 'token' as const, permissions: new Set(JSON.parse(row.permissions) as Permission[]) }]]),
    };
  }

  async settings(companyId: string) {
    const [row] = await this.db.select().from(companySettings).where(eq(companySettings.companyId, companyId));
    return row ?? { companyId, fourEyesPublish: true, fourEyesPayments: true, fourEyesInvoices: true };
  }

  async updateSettings(companyId: string, patch: Partial<{ fourEyesPublish: boolean; fourEyesPayments: boolean; fourEyesInvoices: boolean }>, actor: string) {
    const next = { ...(await this.settings(companyId)), ...patch, companyId };
    await this.db.insert(companySettings).values(next).onConflictDoUpdate({ target: companySettings.companyId, set: patch });
    await this.audit(companyId, actor, 'settings.update', `company:${companyId}`, patch);
    return next;
  }
}
