import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { z } from 'zod';
import type { ApiError } from '../../shared/api.ts';
import { AutomationInvalid, NotFound, SegregationRefused } from '../automations/store.ts';
import { AuthError } from '../auth/store.ts';
import { WebhookError } from '../webhooks/endpoints.ts';
import { log } from '../log.ts';
import { ExceptionConflict } from '../runs/runner.ts';
import { SieImportRefused } from '../ledger/sie.ts';
import { LedgerRefusal } from '../ledger/types.ts';

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
export function flattenIssues(issues: readonly Issue[], prefix: PropertyKey[] = []): { path: string; message: string; code: string }[] {
  const out: { path: string; message: string; code: string }[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const depth = (branch: readonly Issue[]) => Math.max(0, ...branch.map((i) => i.path.length));
      const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0];
      out.push(...flattenIssues(best, path));
      continue;
    }
    out.push({ path: formatPath(path) || '(body)', message: issue.message, code: issue.code });
  }
  return out;
}

export function validationError(c: Context, issues: readonly Issue[], where: string) {
  const flat = flattenIssues(issues);
  const body: ApiError = {
    error: 'invalid_request',
    message: `Invalid ${where}: ${flat.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
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
  if (error instanceof ExceptionConflict) return c.json({ error: 'conflict', message: error.message } satisfies ApiError, 409);
  if (error instanceof SegregationRefused) return c.json({ error: error.code, message: error.message } satisfies ApiError, 403);
  if (error instanceof AuthError) return c.json({ error: error.code, message: error.message } satisfies ApiError, error.status);
  if (error instanceof NotFound) return c.json({ error: 'not_found', message: error.message } satisfies ApiError, 404);
  if (error instanceof AutomationInvalid) {
    const body: ApiError = {
      error: 'automation_invalid', message: error.message,
      issues: error.issues.filter((i) => i.severity === 'error')
        .map((i) => ({ path: formatPath(i.path), message: i.message, code: i.code, nodeId: i.nodeId })),
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
  if (error instanceof LedgerRefusal) {
    const body: ApiError = {
      error: error.code, message: error.message,
      issues: error.lineIndex !== undefined ? [{ path: `lines[${error.lineIndex}]`, message: error.message, code: error.code }] : undefined,
    };
    return c.json(body, 422);
  }
  log.error({ err: error, method: c.req.method, path: c.req.path }, 'unhandled error');
  return c.json({ error: 'internal_error', message: 'Something went wrong on our side; it has been logged.' } satisfies ApiError, 500);
}
