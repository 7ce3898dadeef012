/** Sign-in, members, API tokens, segregation-of-duties settings and the audit log. */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import {
  apiErrorSchema, apiTokenSchema, auditEventSchema, createdApiTokenSchema, dutySettingsSchema, dutySettingsStateSchema, inclusiveUntil, memberSchema, meSchema, preferencesSchema,
} from '../../shared/api.ts';
import { dummyHash, verifyPassword } from '../auth/passwords.ts';
import { permissions, roles, type Permission } from '../../shared/permissions.ts';
import { Backoff, RateLimiter } from '../auth/rate-limit.ts';
import { AuthError, sessionLifetimeMs, type AuthStore } from '../auth/store.ts';
import type { Db } from '../db/client.ts';
import { apiTokens, auditEvents, companies, users } from '../db/schema.ts';
import { companyParams, errors, json } from './openapi.ts';
import { actorOf, clientAddress, csrfCookie, limitKey, sessionCookie, type AuthEnv } from './auth.ts';

/**
 * Failed sign-ins slow down the address that fails, for the account it tries — never the
 * account everywhere, so nobody can lock a person out from elsewhere. Per (address, account):
 * 5 failures free, then 1 s, 2 s, 4 s … at most 15 minutes between tries, forgotten after an
 * hour without failures or at a success. Per address (IPv6: per /64), across accounts:
 * 30 failures in 10 minutes, then 429 until the 10 minutes are over.
 */
export const signInLimits = {
  freeFailures: 5, firstDelayMs: 1000, maxDelayMs: 15 * 60_000, forgetMs: 60 * 60_000,
  failuresPerAddress: 30, addressWindowMs: 10 * 60_000,
};

export function mountAuthRoutes(app: OpenAPIHono<AuthEnv>, store: AuthStore, db: Db, options: { secureCookies: boolean }): void {
  /** Who, in words: people by name and e-mail, tokens by name — an auditor reads this, not ids. */
  const actorNames = async (actors: string[]) => {
    const userIds = [...new Set(actors.filter((a) => a.startsWith('user:')).map((a) => a.slice(5)))];
    const tokenIds = [...new Set(actors.filter((a) => a.startsWith('token:')).map((a) => a.slice(6)))];
    const people = userIds.length ? await db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, userIds)) : [];
    const machines = tokenIds.length ? await db.select({ id: apiTokens.id, name: apiTokens.name }).from(apiTokens).where(inArray(apiTokens.id, tokenIds)) : [];
    return new Map<string, string>([
      ...people.map((p) => [`user:${p.id}`, `${p.name} <${p.email}>`] as [string, string]),
      ...machines.map((m) => [`token:${m.id}`, `API token "${m.name}"`] as [string, string]),
    ]);
  };
  const addressFailures = new RateLimiter(signInLimits.failuresPerAddress, signInLimits.addressWindowMs);
  const accountBackoff = new Backoff(signInLimits);

  const me = async (principal: AuthEnv['Variables']['principal']) => {
    const ids = [...principal.companies.keys()];
    const rows = ids.length ? await db.select({ id: companies.id, name: companies.name }).from(companies).where(inArray(companies.id, ids)) : [];
    const names = new Map(rows.map((r) => [r.id, r.name]));
    const user = principal.kind === 'user' ? (await store.db.query.users.findFirst({ where: (u, { eq: e }) => e(u.id, principal.id) })) : undefined;
    return {
      user: user ? { id: user.id, email: user.email, name: user.name, language: user.language ?? null } : null,
      token: principal.kind === 'token' ? { id: principal.id, name: principal.label.replace(/^token:/, '') } : null,
      companies: ids.filter((id) => names.has(id)).map((id) => ({
        id, name: names.get(id)!, role: principal.companies.get(id)!.role, permissions: [...principal.companies.get(id)!.permissions],
      })),
      csrfToken: principal.csrfToken ?? null,
    };
  };

  app.openapi(createRoute({
    method: 'post', path: '/api/auth/sign-in', tags: ['Auth'], summary: 'Sign in with e-mail and password (sets the session cookie)',
    request: { body: { content: { 'application/json': { schema: z.object({ email: z.string().max(200), password: z.string().max(200) }) } }, required: true } },
    responses: { 200: json(meSchema, 'Signed in'), 401: json(apiErrorSchema, 'Wrong e-mail or password'), 429: json(apiErrorSchema, 'Too many attempts') },
  }), async (c) => {
    const { email, password } = c.req.valid('json');
    const address = clientAddress(c);
    const account = email.trim().toLowerCase().slice(0, 200);
    const addressKey = limitKey(address);
    const accountKey = `${addressKey} ${account}`;
    if (addressFailures.blocked(addressKey)) {
      c.header('retry-after', String(addressFailures.retryAfterSeconds(addressKey)));
      return c.json({ error: 'too_many_attempts', message: 'Too many failed sign-ins from this address; try again later' }, 429);
    }
    const waitMs = accountBackoff.waitMs(accountKey);
    if (waitMs > 0) {
      c.header('retry-after', String(Math.ceil(waitMs / 1000)));
      return c.json({ error: 'too_many_attempts', message: `Too many failed sign-ins for this account from this address; try again in ${Math.ceil(waitMs / 1000)} s` }, 429);
    }
    const user = await store.userByEmail(email);
    // Verify against a dummy hash when the user does not exist: the same time either way.
    const ok = await verifyPassword(password, user?.passwordHash ?? dummyHash);
    if (!user || !ok) {
      addressFailures.hit(addressKey);
      accountBackoff.fail(accountKey);
      // In each company of the person tried, so its admins and auditors see it (GET …/audit); an unknown
      // e-mail goes in without a company. The memberships are read either way: the same work for both.
      const tried = [...(await store.userCompanies(user?.id ?? '')).keys()];
      for (const companyId of tried.length ? tried : [null]) {
        await store.audit(companyId, `address:${address}`, 'auth.sign_in_failed', `email:${account}`);
      }
      return c.json({ error: 'unauthenticated', message: 'Wrong e-mail or password' }, 401);
    }
    accountBackoff.succeed(accountKey);
    const session = await store.createSession(user.id);
    const cookie = { path: '/', secure: options.secureCookies, sameSite: 'Strict' as const, maxAge: sessionLifetimeMs / 1000 };
    setCookie(c, sessionCookie, session.token, { ...cookie, httpOnly: true });
    setCookie(c, csrfCookie, session.csrfToken, { ...cookie, httpOnly: false });
    for (const companyId of (await store.userCompanies(user.id)).keys()) {
      await store.audit(companyId, `user:${user.id}`, 'auth.sign_in', `user:${user.id}`);
    }
    const principal = await store.principalForSession(session.token);
    return c.json(await me(principal!), 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/api/auth/sign-out', tags: ['Auth'], summary: 'Sign out (ends the session)',
    responses: { 204: { description: 'Signed out' } },
  }), async (c) => {
    const token = getCookie(c, sessionCookie);
    if (token) await store.deleteSession(token);
    deleteCookie(c, sessionCookie, { path: '/' });
    deleteCookie(c, csrfCookie, { path: '/' });
    return c.body(null, 204);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/auth/me', tags: ['Auth'], summary: 'Who am I: user or token, companies, roles and permissions',
    responses: { 200: json(meSchema, 'The caller'), 401: json(apiErrorSchema, 'Not signed in') },
  }), async (c) => c.json(await me(c.get('principal')), 200));

  // The person's own preferences (issue 12): the designer's language follows the person, not the browser.
  app.openapi(createRoute({
    method: 'put', path: '/api/auth/me/preferences', tags: ['Auth'], summary: 'Set your own preferences (the designer language); a person, not a token',
    request: { body: { content: { 'application/json': { schema: preferencesSchema } }, required: true } },
    responses: { 200: json(meSchema, 'The caller, with the preferences'), 400: json(apiErrorSchema, 'Not a person'), 401: json(apiErrorSchema, 'Not signed in') },
  }), async (c) => {
    const principal = c.get('principal');
    if (principal.kind !== 'user') throw new AuthError('not_a_person', 'Preferences belong to a person: sign in as one (a token has none)', 400);
    await db.update(users).set({ language: c.req.valid('json').language }).where(eq(users.id, principal.id));
    return c.json(await me(principal), 200);
  });

  // Members
  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/members', tags: ['Auth'], summary: 'People with access and their roles (admin)',
    request: { params: companyParams }, responses: { 200: json(z.array(memberSchema), 'Members'), ...errors },
  }), async (c) => c.json(await store.members(c.req.valid('param').companyId), 200));

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/members', tags: ['Auth'],
    summary: 'Give a person a role (creates the user when new: then name and password are needed)',
    request: {
      params: companyParams,
      body: { content: { 'application/json': { schema: z.object({
        email: z.email(), role: z.enum(roles), name: z.string().min(1).max(200).optional(), password: z.string().min(10).max(200).optional(),
      }) } }, required: true },
    },
    responses: { 200: json(z.array(memberSchema), 'Members after the change'), 409: json(apiErrorSchema, 'Conflict'), ...errors },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const body = c.req.valid('json');
    let user = await store.userByEmail(body.email);
    if (!user) {
      if (!body.password || !body.name) throw new AuthError('user_unknown', `No user has e-mail ${body.email}: give name and password to create one`, 400);
      await store.createUser({ email: body.email, name: body.name, password: body.password });
      user = (await store.userByEmail(body.email))!;
    }
    await store.grant(user.id, companyId, body.role, actorOf(c.get('principal')));
    return c.json(await store.members(companyId), 200);
  });

  app.openapi(createRoute({
    method: 'delete', path: '/api/companies/{companyId}/members/{userId}', tags: ['Auth'], summary: "Remove a person's access",
    request: { params: companyParams.extend({ userId: z.string() }) },
    responses: { 200: json(z.array(memberSchema), 'Members after the change'), ...errors },
  }), async (c) => {
    const { companyId, userId } = c.req.valid('param');
    await store.revokeMembership(userId, companyId, actorOf(c.get('principal')));
    return c.json(await store.members(companyId), 200);
  });

  // API tokens
  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/tokens', tags: ['Auth'], summary: "The company's API tokens (never their secrets)",
    request: { params: companyParams }, responses: { 200: json(z.array(apiTokenSchema), 'Tokens'), ...errors },
  }), async (c) => c.json(await store.tokens(c.req.valid('param').companyId), 200));

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/tokens', tags: ['Auth'],
    summary: 'Create an API token scoped to this company; the secret is shown once',
    request: {
      params: companyParams,
      body: { content: { 'application/json': { schema: z.object({ name: z.string().min(1).max(100), permissions: z.array(z.enum(permissions)).min(1) }) } }, required: true },
    },
    responses: { 201: json(createdApiTokenSchema, 'Created: copy the token now'), ...errors },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const body = c.req.valid('json');
    return c.json(await store.createToken({ companyId, name: body.name, permissions: body.permissions as Permission[], createdBy: actorOf(c.get('principal')) }), 201);
  });

  app.openapi(createRoute({
    method: 'delete', path: '/api/companies/{companyId}/tokens/{tokenId}', tags: ['Auth'], summary: 'Revoke a token',
    request: { params: companyParams.extend({ tokenId: z.string() }) },
    responses: { 204: { description: 'Revoked' }, ...errors },
  }), async (c) => {
    const { companyId, tokenId } = c.req.valid('param');
    await store.revokeToken(companyId, tokenId, actorOf(c.get('principal')));
    return c.body(null, 204);
  });

  // Segregation of duties
  const settingsState = async (companyId: string, principal: AuthEnv['Variables']['principal']) => {
    const s = await store.settings(companyId);
    const pending = await store.pendingSettingsChanges(companyId);
    const names = await actorNames(pending.map((p) => p.requestedBy));
    return {
      fourEyesPublish: s.fourEyesPublish, fourEyesPayments: s.fourEyesPayments, fourEyesInvoices: s.fourEyesInvoices,
      pendingChanges: pending.map((p) => ({
        id: p.id, setting: p.setting, value: p.value, requestedBy: p.requestedBy, requestedByName: names.get(p.requestedBy) ?? p.requestedBy,
        requestedAt: p.requestedAt, effectiveAt: p.effectiveAt,
        // Only another person may confirm: the same rule the store enforces, shown to the caller.
        confirmableByYou: principal.personId !== null && principal.personId !== p.requestedByUserId && actorOf(principal) !== p.requestedBy,
      })),
    };
  };

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/settings', tags: ['Auth'],
    summary: 'Segregation-of-duties settings in force, and switch-offs waiting for their time or a second admin',
    request: { params: companyParams }, responses: { 200: json(dutySettingsStateSchema, 'Settings'), ...errors },
  }), async (c) => c.json(await settingsState(c.req.valid('param').companyId, c.get('principal')), 200));

  app.openapi(createRoute({
    method: 'put', path: '/api/companies/{companyId}/settings', tags: ['Auth'],
    summary: 'Change segregation-of-duties settings (admin; audited). Switching on: at once. Switching off: after 24 h, or when another admin confirms',
    request: { params: companyParams, body: { content: { 'application/json': { schema: dutySettingsSchema.partial() } }, required: true } },
    responses: {
      200: json(dutySettingsStateSchema, 'In force'),
      202: json(dutySettingsStateSchema, 'A switch-off is waiting (see pendingChanges): it takes effect at effectiveAt, or when another admin confirms'),
      ...errors,
    },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const principal = c.get('principal');
    const { scheduled } = await store.changeSettings(companyId, c.req.valid('json'), { actor: actorOf(principal), personId: principal.personId });
    const state = await settingsState(companyId, principal);
    return scheduled ? c.json(state, 202) : c.json(state, 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/settings-changes/{changeId}/{decision}', tags: ['Auth'],
    summary: 'Confirm (another admin: takes effect now) or cancel (any admin) a waiting switch-off',
    request: { params: companyParams.extend({ changeId: z.string().max(100), decision: z.enum(['confirm', 'cancel']) }) },
    responses: { 200: json(dutySettingsStateSchema, 'Settings after the decision'), 409: json(apiErrorSchema, 'Not pending any more'), ...errors },
  }), async (c) => {
    const { companyId, changeId, decision } = c.req.valid('param');
    const principal = c.get('principal');
    if (decision === 'confirm') await store.confirmSettingsChange(companyId, changeId, { actor: actorOf(principal), personId: principal.personId });
    else await store.cancelSettingsChange(companyId, changeId, actorOf(principal));
    return c.json(await settingsState(companyId, principal), 200);
  });

  // Audit log
    app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/audit', tags: ['Auth'], summary: 'The audit log: who did what, when (append-only)',
    request: {
      params: companyParams,
      query: z.object({ action: z.string().max(100).optional(), actor: z.string().max(200).optional(), from: z.string().optional(), to: z.string().optional(),
        limit: z.coerce.number().int().min(1).max(1000).optional() }),
    },
    responses: { 200: json(z.array(auditEventSchema), 'Events, newest first'), ...errors },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const q = c.req.valid('query');
    const where: SQL[] = [eq(auditEvents.companyId, companyId)];
    // A prefix of the action, taken literally: "auth.sign_in_failed" must not lose its underscores.
    if (q.action) where.push(sql`${auditEvents.action} LIKE ${`${q.action.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`} ESCAPE '\\'`);
    if (q.actor) where.push(eq(auditEvents.actor, q.actor));
    if (q.from) where.push(gte(auditEvents.at, q.from));
    if (q.to) where.push(lte(auditEvents.at, inclusiveUntil(q.to)));
    const rows = await db.select().from(auditEvents).where(and(...where)).orderBy(desc(auditEvents.at)).limit(q.limit ?? 200);
    const names = await actorNames(rows.map((r) => r.actor));
    return c.json(rows.map((r) => ({
      id: r.id, at: r.at, actor: r.actor, actorName: names.get(r.actor) ?? r.actor, action: r.action, subject: r.subject, details: JSON.parse(r.details),
    })), 200);
  });
}
