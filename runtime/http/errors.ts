import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { z } from 'zod';
import type { ApiError } from '../../shared/api.ts';
import { AutomationInvalid, NotFound, SegregationRefused } from '../automations/store.ts';
import { AuthError } from '../auth/store.ts';
import { WebhookError } from '../webhooks/endpoints.ts';
import { log } from '../log.ts';
import { DomainRefusal, ExceptionConflict } from '../kernel/errors.ts';
import { SieImportRefused } from '../ledger/sie.ts';
import { LedgerRefusal } from '../ledger/types.ts';
import { InvalidUtf8 } from './hardening.ts';
import { message as messageOf, renderMessage, type MessageLanguage } from '../../shared/i18n/messages.ts';
import { zodIssueMessage } from '../../shared/i18n/zod-errors.ts';
import { localMessage, requestLanguage } from './language.ts';

type Issue = z.core.$ZodIssue;

/** "[0].amountMinor", "lines[1].account" */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${String(key)}` : String(key);
  return out;
}

/**
 * Flattens zod issues into "what and where". For a union (e.g. one bank line
 * or an array of them) the branch that got furthest explains the error best.
 */
export function flattenIssues(issues: readonly Issue[], prefix: PropertyKey[] = [], language: MessageLanguage = 'en'): { path: string; message: string; code: string }[] {
  const out: { path: string; message: string; code: string }[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const depth = (branch: readonly Issue[]) => Math.max(0, ...branch.map((i) => i.path.length));
      const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0];
      out.push(...flattenIssues(best, path, language));
      continue;
    }
    out.push({ path: formatPath(path) || '(body)', message: zodIssueMessage(issue, language), code: issue.code });
  }
  return out;
}

export function validationError(c: Context, issues: readonly Issue[], where: string) {
  const language = requestLanguage(c);
  const flat = flattenIssues(issues, [], language);
  const body: ApiError = {
    error: 'invalid_request',
    message: renderMessage(language, messageOf('api.invalid_request', { where, issues: flat.map((i) => `${i.path}: ${i.message}`) })),
    issues: flat,
  };
  return c.json(body, 400);
}

/** The one place that maps errors to status codes. Route handlers don't catch. */
export function onError(error: Error, c: Context) {
  if (error instanceof HTTPException) {
    const status = error.status;
    const body: ApiError = { error: status === 413 ? 'payload_too_large' : 'bad_request', message: error.message || 'Bad request' };
    return c.json(body, status);
  }
  if (error instanceof WebhookError) {
    if (error.status === 401) log.warn({ code: error.code, path: c.req.path, webhookId: c.req.header('webhook-id') ?? null }, 'webhook refused');
    return c.json({ error: error.code, message: error.message } satisfies ApiError, error.status);
  }
  if (error instanceof InvalidUtf8) return c.json({ error: 'invalid_utf8', message: error.message } satisfies ApiError, 400);
  if (error instanceof ExceptionConflict) return c.json({ error: 'conflict', message: localMessage(c, error) } satisfies ApiError, 409);
  if (error instanceof DomainRefusal) return c.json({ error: error.code, message: localMessage(c, error), ...error.extra }, error.status);
  if (error instanceof SegregationRefused) return c.json({ error: error.code, message: error.message } satisfies ApiError, 403);
  if (error instanceof AuthError) return c.json({ error: error.code, message: localMessage(c, error) } satisfies ApiError, error.status);
  if (error instanceof NotFound) return c.json({ error: 'not_found', message: error.message } satisfies ApiError, 404);
  if (error instanceof AutomationInvalid) {
    const language = requestLanguage(c);
    const issues = (language !== 'en' && error.retell ? error.retell(language) : error.issues).filter((i) => i.severity === 'error');
    const body: ApiError = {
      error: 'automation_invalid',
      message: language === 'en' ? error.message : renderMessage(language, messageOf('api.automation_invalid', { issues: issues.map((i) => i.message) })),
      issues: issues.map((i) => ({ path: formatPath(i.path), message: i.message, code: i.code, nodeId: i.nodeId })),
    };
    return c.json(body, 422);
  }
  if (error instanceof SieImportRefused) {
    const body: ApiError = {
      error: 'sie_refused', message: error.message,
      issues: error.errors.map((e) => ({ path: e.line ? `line ${e.line}` : (e.record ?? 'file'), message: e.message, code: e.code })),
    };
    return c.json(body, 422);
  }
  // Another company's voucher looks exactly like none at all (and nothing was written).
  if (error instanceof LedgerRefusal && error.code === 'voucher_not_found') return c.json({ error: 'not_found', message: error.message } satisfies ApiError, 404);
  if (error instanceof LedgerRefusal) {
    const message = localMessage(c, error);
    const body: ApiError = {
      error: error.code, message,
      issues: error.lineIndex !== undefined ? [{ path: `lines[${error.lineIndex}]`, message, code: error.code }] : undefined,
    };
    return c.json(body, 422);
  }
  const refused = recordRefusalOf(error);
  if (refused) {
    // A database trigger refused to change a record (migrations 0001, 0003, 0014): a bug or a tampering
    // attempt, never a client mistake; logged, and answered with the trigger's code and sentence.
    log.error({ err: error, method: c.req.method, path: c.req.path }, 'the database refused to change a record');
    return c.json({ error: refused.code, message: refused.message } satisfies ApiError, 409);
  }
  // Never the error's own text (it may be SQL with its parameters): an id to find it in the log by.
  const requestId = crypto.randomUUID();
  log.error({ err: error, requestId, method: c.req.method, path: c.req.path }, 'unhandled error');
  c.header('x-request-id', requestId);
  return c.json({ error: 'internal_error', message: renderMessage(requestLanguage(c), messageOf('api.internal_error', { requestId })) } satisfies ApiError, 500);
}

/**
 * What a public answer may say about an internal error (e.g. the worker's
 * last one in /api/health): a category, never the text, which may hold SQL
 * and its parameters.
 */
export function errorCategory(message: string | null): string | null {
  if (message === null) return null;
  if (/SQLITE_BUSY|SQLITE_LOCKED|database is locked/i.test(message)) return 'database_busy';
  if (/ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|fetch failed/i.test(message)) return 'database_unreachable';
  if (/SQLITE|Failed query|libsql/i.test(message)) return 'database_error';
  return 'internal_error';
}

/** The codes the record triggers raise (`RAISE(ABORT, '<code>: <sentence>')`). */
const recordRefusalCodes = ['ledger_immutable', 'audit_immutable', 'version_frozen', 'record_immutable'];

/** A trigger's refusal, found in a libSQL error or in the cause of a drizzle query error. */
export function recordRefusalOf(error: unknown): { code: string; message: string } | null {
  for (let e = error, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) {
    if ((e as { code?: unknown }).code !== 'SQLITE_CONSTRAINT') continue;
    const match = /(?:^|: )([a-z_]+): (.+)$/s.exec(e.message);
    if (match && recordRefusalCodes.includes(match[1])) return { code: match[1], message: match[2] };
  }
  return null;
}
