/**
 * The bank domain's HTTP routes, a sub-app mounted by runtime/http/app.ts
 * (`app.route('/', …)`) with full paths, so the route patterns (permissions,
 * idempotency, the tenancy test) and the OpenAPI document are the same as
 * if declared there; the app's middleware (authentication, body limits,
 * JSON guard, Idempotency-Key) runs before them.
 */
import { OpenAPIHono, createRoute } from '@hono/zod-openapi';
import { bankLinesAcceptedSchema, bankLinesRequestSchema, bankLinesResponseSchema } from '../../../shared/api.ts';
import { actorOf, type AuthEnv } from '../../http/auth.ts';
import { validationError } from '../../http/errors.ts';
import { keepRawBody, limitKb } from '../../http/middleware.ts';
import { companyParams, errors, json } from '../../http/openapi.ts';
import type { BankLineReceiver } from './receive.ts';

export function bankRoutes(receiver: BankLineReceiver) {
  const app = new OpenAPIHono<AuthEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return validationError(c, result.error.issues, result.target === 'json' ? 'body' : result.target);
    },
  });

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/bank-lines', tags: ['Bank'],
    summary: 'Receive bank lines (one or an array): stored, then every published "Bank line imported" automation runs '
      + '(before the answer up to KONTERA_BANK_LINES_INLINE_MAX lines, default 1000; a larger request is answered 202 once stored, and the worker runs it)',
    middleware: [limitKb(5 * 1024), keepRawBody] as const,
    request: { params: companyParams, body: { content: { 'application/json': { schema: bankLinesRequestSchema } }, required: true } },
    responses: {
      200: json(bankLinesResponseSchema, 'What happened to each line'),
      202: json(bankLinesAcceptedSchema, 'A large request: every line stored and counted; the worker runs the automations (follow `workQueue`)'), ...errors,
    },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const body = c.req.valid('json');
    const lines = Array.isArray(body) ? body : [body];
    const ids = new Set<string>();
    for (const [index, line] of lines.entries()) {
      if (ids.has(line.id)) {
        return c.json({ error: 'invalid_request', message: `[${index}].id: "${line.id}" appears twice in this request`, issues: [{ path: `[${index}].id`, message: 'duplicate id in this request' }] }, 400);
      }
      ids.add(line.id);
    }
    const original = { bytes: new Uint8Array(await c.req.arrayBuffer()), mediaType: 'application/json', receivedBy: actorOf(c.get('principal')) };
    const result = await receiver.receive(companyId, lines, original);
    if ('queued' in result) {
      const base = `/api/companies/${encodeURIComponent(companyId)}`;
      return c.json({ ...result, workQueue: `${base}/work-queue`, runs: `${base}/runs?from=${encodeURIComponent(result.receivedAt)}` }, 202);
    }
    return c.json(result, 200);
  });

  return app;
}
