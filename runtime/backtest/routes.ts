/**
 * Backtest routes: a sub-app mounted by runtime/http/app.ts with full paths.
 * Starting needs "automations:edit" (the approver of a publication starts one
 * on the request with "approve": POST …/backtests), reading needs "read"; cancelling is a
 * DELETE needing "automations:edit" (runtime/http/auth.ts).
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { apiErrorSchema } from '../../shared/api.ts';
import {
  backtestEventsMax, backtestRequestSchema, backtestSchema, publicationBacktestRequestSchema, publicationRequestDetailSchema, startedBacktestSchema,
} from '../../shared/backtest.ts';
import { actorOf, type AuthEnv } from '../http/auth.ts';
import { validationError } from '../http/errors.ts';
import { limitKb } from '../http/middleware.ts';
import { automationParams, companyParams, errors, json } from '../http/openapi.ts';
import type { Backtests } from './jobs.ts';

export function backtestRoutes(backtests: Backtests) {
  const app = new OpenAPIHono<AuthEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return validationError(c, result.error.issues, result.target === 'json' ? 'body' : result.target);
    },
  });
  const actor = (c: { get(key: 'principal'): AuthEnv['Variables']['principal'] }) => actorOf(c.get('principal'));
  const backtestParams = companyParams.extend({ backtestId: z.string().min(1).max(64) });
  const requestParams = companyParams.extend({ requestId: z.string().min(1).max(64) });
  const refused = {
    409: json(apiErrorSchema, 'The company has 3 backtests waiting or running (backtests_busy)'),
    422: json(apiErrorSchema, `The draft has errors, the period is wrong or longer than a year, or it has more than ${backtestEventsMax} events (backtest_too_many_events)`),
  };

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/automations/{automationId}/backtests', tags: ['Automations'],
    summary: 'Backtest: run the draft (or a published `version`) over the events of a period and compare with what the published versions did; '
      + 'nothing is written to the ledger. Answers at once; poll GET …/backtests/{backtestId}',
    middleware: [limitKb(8)] as const,
    request: { params: automationParams, body: { content: { 'application/json': { schema: backtestRequestSchema } }, required: true } },
    responses: { 202: json(startedBacktestSchema, 'Queued'), ...refused, ...errors },
  }), async (c) => {
    const { companyId, automationId } = c.req.valid('param');
    const started = await backtests.start(companyId, automationId, c.req.valid('json'), actor(c));
    return c.json({ backtestId: started.id, status: started.status }, 202);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/automations/{automationId}/backtests', tags: ['Automations'],
    summary: "The automation's latest backtests, newest first (without their results)",
    request: { params: automationParams }, responses: { 200: json(z.array(backtestSchema), 'Backtests'), ...errors },
  }), async (c) => {
    const { companyId, automationId } = c.req.valid('param');
    return c.json(await backtests.list(companyId, automationId), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/backtests/{backtestId}', tags: ['Automations'],
    summary: 'A backtest: status (queued, running, done, cancelled, failed), progress (events done of total), and the result once done',
    request: { params: backtestParams }, responses: { 200: json(backtestSchema, 'The backtest'), ...errors },
  }), async (c) => {
    const { companyId, backtestId } = c.req.valid('param');
    return c.json(await backtests.get(companyId, backtestId), 200);
  });

  app.openapi(createRoute({
    method: 'delete', path: '/api/companies/{companyId}/backtests/{backtestId}', tags: ['Automations'],
    summary: 'Cancel a backtest that is waiting or running (it stops at its next chunk of events)',
    request: { params: backtestParams },
    responses: { 200: json(backtestSchema, 'Cancelled'), 409: json(apiErrorSchema, 'It has finished already (backtest_finished)'), ...errors },
  }), async (c) => {
    const { companyId, backtestId } = c.req.valid('param');
    return c.json(await backtests.cancel(companyId, backtestId, actor(c)), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/publication-requests/{requestId}', tags: ['Automations'],
    summary: 'A publication request (four-eyes) as the approver sees it, with the latest backtest of exactly the requested document (`backtestId`)',
    request: { params: requestParams }, responses: { 200: json(publicationRequestDetailSchema, 'The request'), ...errors },
  }), async (c) => {
    const { companyId, requestId } = c.req.valid('param');
    return c.json(await backtests.publicationRequestDetail(companyId, requestId), 200);
  });

  // Not …/publication-requests/{requestId}/backtests: that path is the approve/reject route's ({decision}).
  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/backtests', tags: ['Automations'],
    summary: 'The approver backtests exactly the document a publication request (`publicationRequestId`) asks to publish (needs "approve")',
    middleware: [limitKb(8)] as const,
    request: { params: companyParams, body: { content: { 'application/json': { schema: publicationBacktestRequestSchema } }, required: true } },
    responses: { 202: json(startedBacktestSchema, 'Queued'), ...refused, ...errors },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const { publicationRequestId, ...period } = c.req.valid('json');
    const started = await backtests.startForRequest(companyId, publicationRequestId, period, actor(c));
    return c.json({ backtestId: started.id, status: started.status }, 202);
  });

  return app;
}
