/**
 * Who is calling, and may they? Every /api route except a short public list
 * needs a session cookie or a bearer token; every /api/companies/:companyId
 * route answers 404 to a caller without access to that company (exactly as
 * for a company that does not exist), and writes need a declared permission.
 */
import { BlockList, isIP } from 'node:net';
import type { Context, MiddlewareHandler } from 'hono';
import { english, message as messageOf, type Message } from '../../shared/i18n/messages.ts';
import { localMessage } from './language.ts';
import { getCookie } from 'hono/cookie';
import { matchedRoutes } from 'hono/route';
import type { ApiError } from '../../shared/api.ts';
import type { Permission } from '../../shared/permissions.ts';
import { RateLimiter } from '../auth/rate-limit.ts';
import type { AuthStore, Principal } from '../auth/store.ts';
import { safeEqual } from '../auth/tokens.ts';

export type AuthEnv = { Variables: { principal: Principal; companyId: string } };

export const sessionCookie = 'kontera_session';
export const csrfCookie = 'kontera_csrf';
export const csrfHeader = 'x-csrf-token';

/** Routes anyone may call. Everything else under /api needs a session or a token. */
export const publicRoutes = new Set([
  'GET /api/health',
  'GET /api/openapi.json',
  'GET /api/docs',
  'GET /api/docs/:file',
  'GET /api/schema/automation.json',
  'POST /api/auth/sign-in',
  'POST /api/auth/sign-out',
]);

/**
 * The permission each company route needs, by "METHOD /path/pattern". Reads
 * (GET) need "read" unless listed. A write that is not listed is refused:
 * the check fails closed, and the route table test names the route.
 */
export const routePermissions: Record<string, Permission> = {
  'PUT /api/companies/:companyId/automations/:automationId': 'automations:edit',
  'POST /api/companies/:companyId/automations/:automationId/publish': 'automations:publish',
  'POST /api/companies/:companyId/automations/:automationId/pause': 'automations:publish',
  'POST /api/companies/:companyId/automations/:automationId/resume': 'automations:publish',
  'POST /api/companies/:companyId/automations/:automationId/versions/:version/restore': 'automations:publish',
  'DELETE /api/companies/:companyId/automations/:automationId': 'automations:edit', // a never-published draft only
  'POST /api/companies/:companyId/publication-requests/:requestId/:decision': 'approve',
  'POST /api/companies/:companyId/automations/validate': 'read',
  'POST /api/companies/:companyId/automations/dry-run': 'read',
  'POST /api/companies/:companyId/schedules/preview': 'read',
  'POST /api/companies/:companyId/automations/:automationId/run': 'events:write',
  'POST /api/companies/:companyId/automations/:automationId/backtests': 'automations:edit', // a backtest job (writes nothing to the ledger)
  'DELETE /api/companies/:companyId/backtests/:backtestId': 'automations:edit', // cancels a backtest
  'POST /api/companies/:companyId/backtests': 'approve', // the approver backtests a publication request's document
  'POST /api/companies/:companyId/bank-lines': 'events:write',
  'POST /api/companies/:companyId/bank-statements': 'events:write',
  'POST /api/companies/:companyId/bank-accounts': 'admin',
  'POST /api/companies/:companyId/bank-lines/:bankLineId/match': 'ledger:write',
  'POST /api/companies/:companyId/bank-lines/:bankLineId/book': 'ledger:write',
  'POST /api/companies/:companyId/fiscal-years': 'admin',
  'POST /api/companies/:companyId/customers': 'ledger:write',
  // master data (runtime/domains/masterdata): the chart is the admin's, suppliers are kept like customers
  'POST /api/companies/:companyId/accounts': 'admin',
  'PATCH /api/companies/:companyId/accounts/:number': 'admin',
  'DELETE /api/companies/:companyId/accounts/:number': 'admin',
  'POST /api/companies/:companyId/series': 'admin',
  'PATCH /api/companies/:companyId/series/:code': 'admin',
  'POST /api/companies/:companyId/vat-codes': 'admin',
  'PATCH /api/companies/:companyId/vat-codes/:code': 'admin',
  'DELETE /api/companies/:companyId/vat-codes/:code': 'admin',
  'POST /api/companies/:companyId/dimensions': 'admin',
  'PATCH /api/companies/:companyId/dimensions/:dimension': 'admin',
  'POST /api/companies/:companyId/dimensions/:dimension/objects': 'admin',
  'PATCH /api/companies/:companyId/dimensions/:dimension/objects/:code': 'admin',
  'POST /api/companies/:companyId/suppliers': 'ledger:write',
  'PATCH /api/companies/:companyId/bank-accounts/:bankAccountId': 'admin',
  'POST /api/companies/:companyId/customer-invoices': 'ledger:write', // posts a voucher per invoice
  'POST /api/companies/:companyId/vouchers': 'ledger:write',
  'POST /api/companies/:companyId/exchange-rates': 'ledger:write', // rates the booking paths convert at, audited
  'POST /api/companies/:companyId/vouchers/:voucherId/reverse': 'ledger:write',
  'POST /api/companies/:companyId/vouchers/:voucherId/attachments': 'ledger:write', // a file as underlag, audited (runtime/ledger/attachments.ts)
  'POST /api/companies/:companyId/periods/:period/:action': 'periods:manage',
  'POST /api/companies/:companyId/fiscal-years/:year/close': 'periods:manage', // result voucher, carry forward, locks (year-end.ts)
  'POST /api/companies/:companyId/fiscal-years/:year/reopen': 'periods:manage',
  'POST /api/companies/:companyId/vat-returns': 'periods:manage', // the VAT settlement voucher to 2650 (runtime/ledger/vat-return.ts)
  'POST /api/companies/:companyId/sie': 'admin', // creates accounts, years and opening balances, not only vouchers
  'POST /api/companies/:companyId/exceptions/:exceptionId/resolve': 'ledger:write',
  'POST /api/companies/:companyId/exceptions/:exceptionId/retry': 'ledger:write',
  'POST /api/companies/:companyId/exceptions/:exceptionId/book': 'ledger:write',
  'POST /api/companies/:companyId/exceptions/:exceptionId/dismiss': 'ledger:write',
  'GET /api/companies/:companyId/members': 'admin',
  'POST /api/companies/:companyId/members': 'admin',
  'DELETE /api/companies/:companyId/members/:userId': 'admin',
  'GET /api/companies/:companyId/tokens': 'admin',
  'POST /api/companies/:companyId/tokens': 'admin',
  'DELETE /api/companies/:companyId/tokens/:tokenId': 'admin',
  'PUT /api/companies/:companyId/settings': 'admin',
  'POST /api/companies/:companyId/settings-changes/:changeId/:decision': 'admin',
  'POST /api/companies/:companyId/webhook-endpoints': 'admin',
  'POST /api/companies/:companyId/webhook-endpoints/:endpointId/rotate': 'admin',
  'DELETE /api/companies/:companyId/webhook-endpoints/:endpointId': 'admin',
};

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface AuthLimits {
  /** failed authentications per address per minute before 429 */
  failuresPerMinute: number;
  /** requests per token per minute */
  requestsPerTokenPerMinute: number;
}

export const defaultAuthLimits: AuthLimits = { failuresPerMinute: 20, requestsPerTokenPerMinute: 6000 };

/**
 * An address as written in a socket or an X-Forwarded-For hop, in one form:
 * IPv4-mapped IPv6 as IPv4, without brackets, port or zone. Null when it is not an IP address.
 */
export function normalizeAddress(raw: string | undefined): string | null {
  if (!raw) return null;
  let address = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  address = address.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i.exec(address);
  if (mapped) address = mapped[1];
  return isIP(address) ? address.toLowerCase() : null;
}

/**
 * KONTERA_TRUST_PROXY: the proxies whose X-Forwarded-For is believed — addresses and networks
 * (CIDR), separated by commas or spaces. "1" (kept from before) means loopback only, i.e. a
 * proxy on the same host. Empty or unset: nobody's. Anything else is refused, naming it.
 */
export function parseTrustedProxies(value: string | undefined): BlockList | null {
  const entries = (value ?? '').split(/[\s,]+/).filter(Boolean);
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    if (entry === '1' || entry === 'loopback') {
      list.addSubnet('127.0.0.0', 8, 'ipv4');
      list.addAddress('::1', 'ipv6');
      continue;
    }
    const [base, bits, extra] = entry.split('/');
    const address = normalizeAddress(base);
    const family = address && isIP(address) === 4 ? 'ipv4' : 'ipv6';
    const maxBits = family === 'ipv4' ? 32 : 128;
    const prefix = bits === undefined ? maxBits : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
    if (!address || extra !== undefined || !(prefix >= 0 && prefix <= maxBits)) {
      throw new Error(`KONTERA_TRUST_PROXY: "${entry}" is not an IP address or a network (CIDR such as 10.0.0.0/8); list the proxies' addresses, separated by commas`);
    }
    // Every address a proxy would let any client write its own X-Forwarded-For: the bug this list exists to stop.
    if (prefix === 0) throw new Error(`KONTERA_TRUST_PROXY: "${entry}" trusts every address; list only the proxies' addresses or networks`);
    list.addSubnet(address, prefix, family);
  }
  return list;
}

let trustCache: { value: string | undefined; list: BlockList | null } | undefined;
function trustedProxies(): BlockList | null {
  const value = process.env.KONTERA_TRUST_PROXY;
  if (!trustCache || trustCache.value !== value) trustCache = { value, list: parseTrustedProxies(value) };
  return trustCache.list;
}

const isTrusted = (list: BlockList, address: string) => list.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');

/** Hops of X-Forwarded-For looked at, from the right: more than any real chain of proxies. */
const forwardedHopsMax = 16;

/**
 * The caller's address. The socket's peer, unless the peer is a trusted proxy (KONTERA_TRUST_PROXY):
 * then X-Forwarded-For is read from the right — each trusted proxy appends the address it saw —
 * and the first hop that is not a trusted proxy is the client. The left-most hops are whatever the
 * client wrote, so they are never taken while an untrusted hop stands to their right.
 */
export function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  const peer = normalizeAddress(incoming?.socket?.remoteAddress);
  if (!peer) return incoming?.socket?.remoteAddress?.slice(0, 64) ?? 'local';
  const trusted = trustedProxies();
  if (!trusted || !isTrusted(trusted, peer)) return peer;
  const hops = (c.req.header('x-forwarded-for') ?? '').split(',').slice(-forwardedHopsMax);
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeAddress(hops[i]);
    if (!hop) break; // not an address: keep the last one a trusted proxy vouched for
    client = hop;
    if (!isTrusted(trusted, hop)) break;
  }
  return client;
}

/**
 * What rate limits count by: the address, except IPv6 by its /64 (one subscriber's
 * network: rotating addresses inside it must not reset a limit).
 */
export function limitKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head, tail = ''] = address.split('::');
  const groups = head ? head.split(':') : [];
  if (address.includes('::')) {
    const tailGroups = tail ? tail.split(':') : [];
    while (groups.length + tailGroups.length < 8) groups.push('0');
    groups.push(...tailGroups);
  }
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/** The pattern of the route that will answer, e.g. "/api/companies/:companyId/vouchers". */
export function handlerRoute(c: Context): string | undefined {
  const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
  return matchedRoutes(c).find((r) => r.method === method)?.path;
}

/** `text`: the same sentence as a message, answered in Swedish when the request asks for it (runtime/http/language.ts). */
const deny = (c: Context, status: 401 | 403 | 404 | 429, error: string, message: string, text?: Message) =>
  c.json({ error, message: localMessage(c, { message, text }) } satisfies ApiError, status);

export function authenticate(store: AuthStore, limits: AuthLimits = defaultAuthLimits) {
  trustedProxies(); // a wrong KONTERA_TRUST_PROXY stops the start, naming the entry
  const failures = new RateLimiter(limits.failuresPerMinute, 60_000);
  const perToken = new RateLimiter(limits.requestsPerTokenPerMinute, 60_000);

  const middleware: MiddlewareHandler<AuthEnv> = async (c, next) => {
    if (!c.req.path.startsWith('/api/')) return next();
    const pattern = handlerRoute(c);
    if (pattern && publicRoutes.has(`${c.req.method} ${pattern}`)) return next();
    if (!pattern) return next(); // no such route: the 404 handler answers
    const address = limitKey(clientAddress(c));
    // Valid credentials always pass; failed ones are counted per address, and past the
    // limit answered 429 (so guessing stalls, while good tokens from the same address work).
    const fail = (message: string) => {
      if (failures.blocked(address) || failures.hit(address)) {
        c.header('retry-after', String(failures.retryAfterSeconds(address)));
        return deny(c, 429, 'too_many_attempts', english('api.too_many_attempts'), messageOf('api.too_many_attempts'));
      }
      return deny(c, 401, 'unauthenticated', message);
    };

    const authorization = c.req.header('authorization');
    let principal: Principal | null = null;
    if (authorization) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (!match) return fail('The Authorization header must be "Bearer <token>"');
      principal = await store.principalForToken(match[1]);
      if (!principal) return fail('The API token is unknown or revoked');
      if (perToken.hit(principal.id)) {
        c.header('retry-after', String(perToken.retryAfterSeconds(principal.id)));
        return deny(c, 429, 'rate_limited', 'This token is over its request limit; slow down');
      }
    } else {
      const session = getCookie(c, sessionCookie);
      if (!session) return deny(c, 401, 'unauthenticated', english('api.unauthenticated'), messageOf('api.unauthenticated'));
      principal = await store.principalForSession(session);
      if (!principal) return fail('The session has expired; sign in again');
      if (unsafeMethods.has(c.req.method)) {
        const sent = c.req.header(csrfHeader) ?? '';
        if (!principal.csrfToken || !safeEqual(sent, principal.csrfToken)) {
          return deny(c, 403, 'csrf_failed', `A signed-in write must carry the ${csrfHeader} header from the ${csrfCookie} cookie`);
        }
      }
    }
    c.set('principal', principal);

    const companyMatch = /^\/api\/companies\/([^/]+)/.exec(c.req.path);
    if (companyMatch) {
      const companyId = decodeURIComponent(companyMatch[1]);
      const access = principal.companies.get(companyId);
      // No access looks exactly like no company: a caller learns nothing about other tenants.
      if (!access) return deny(c, 404, 'not_found', `Company "${companyId}" does not exist`);
      const key = `${c.req.method} ${pattern}`;
      const needed = routePermissions[key] ?? (c.req.method === 'GET' ? 'read' : undefined);
      if (!needed) return deny(c, 403, 'forbidden', `No permission is declared for ${key}; refusing`);
      if (!access.permissions.has(needed)) {
        const params = { role: access.role, permission: needed };
        return deny(c, 403, 'forbidden', english('api.forbidden_role', params), messageOf('api.forbidden_role', params));
      }
      c.set('companyId', companyId);
    }
    return next();
  };
  return middleware;
}

/** "user:<id>" or "token:<id>": who did it, for the audit log, runs and vouchers. */
export function actorOf(principal: Principal | undefined): string {
  if (!principal) return 'system';
  return `${principal.kind}:${principal.id}`;
}
