/**
 * The HTTP API: Hono routes declared with their zod schemas, so the OpenAPI
 * document at /api/openapi.json is generated from the same definitions that
 * validate requests. Thin: each handler calls one runtime service.
 */
import { createRoute } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { safeEqual } from '../auth/tokens.ts';
import { bankRoutes } from '../domains/bank/routes.ts';
import { reconciliationRoutes } from '../domains/bank/reconciliation-routes.ts';
import { exampleStatementRoutes } from '../domains/bank/example-routes.ts';
import { paymentRoutes } from '../domains/bank/payments/routes.ts';
import { arRoutes } from '../domains/ar/routes.ts';
import { currencyRoutes } from '../domains/currency/routes.ts';
import { masterDataRoutes } from '../domains/masterdata/routes.ts';
import { voucherAttachmentRoutes } from './voucher-attachment-routes.ts';
import { listAccounts } from '../domains/masterdata/chart.ts';
import { companyRoutes } from '../domains/companies/routes.ts';
import { vatRoutes } from '../domains/vat/routes.ts';
import { backtestRoutes } from '../backtest/routes.ts';
import { Backtests } from '../backtest/jobs.ts';
import { companyToday } from '../kernel/clock.ts';
import type { Services } from '../kernel/services.ts';
import { limitKb } from './middleware.ts';
import { statementBytesMax } from '../domains/bank/statements.ts';
import { actorOf, authenticate, defaultAuthLimits, type AuthEnv, type AuthLimits } from './auth.ts';
import { mountAuthRoutes } from './auth-routes.ts';
import { decodeUtf8, jsonGuard, noStore, securityHeaders } from './hardening.ts';
import { scheduleConfigSchema } from '../../shared/nodes/index.ts';
import { describeSchedule, effectiveTimeZone, nextOccurrences } from '../timers/schedule.ts';
import { webhookTriggers } from '../webhooks/endpoints.ts';
import { idempotency } from './idempotency.ts';
import { webhookBodyLimit } from '../webhooks/body-limit.ts';
import { z } from 'zod';
import {
  accountSchema, apiErrorSchema, automationDetailSchema, automationHistorySchema, automationSummarySchema, automationVersionSchema,
  companySchema, createdWebhookEndpointSchema, manualDryRunSchema, manualPostedRunSchema, manualRunRequestSchema, exceptionSchema, resolveExceptionRequestSchema, retryExceptionResponseSchema, workQueueSchema, generalLedgerSchema, manualVoucherRequestSchema, openItemsSchema,
  periodSchema, periodStatusResponseSchema, reopenYearRequestSchema, yearEndSchema, rotatedWebhookSecretSchema, schedulePreviewResponseSchema, sieImportResponseSchema,
  trialBalanceSchema, financialStatementSchema, webhookEndpointSchema, reverseVoucherRequestSchema, publishResponseSchema, runDetailSchema, runStatusSchema, runSummarySchema, traceStepSchema,
  validateResponseSchema, voucherSchema, originalSchema, originalsPageSchema,
} from '../../shared/api.ts';
import { bookExceptionRequestSchema, bookExceptionResponseSchema, dismissExceptionRequestSchema, exceptionStatusSchema } from '../../shared/api.ts';
import { sourceKindIds } from '../../shared/sources.ts';
import { bookException, dismissException } from '../kernel/inbox-actions.ts';
import { automationDocumentSchema } from '../../shared/automation/schema.ts';
import { validateAutomation } from '../../shared/automation/validate.ts';
import { eq } from 'drizzle-orm';
import { NotFound, validationContext } from '../automations/store.ts';
import { companies } from '../db/schema.ts';
import { exportSie, importSie } from '../ledger/sie.ts';
import { sieWarningsIn } from '../ledger/sie-language.ts';
import { voucherOrigins } from '../ledger/sie-fidelity.ts';
import { generalLedger, listPeriods, openItems, setPeriodStatus, trialBalance } from '../ledger/reports.ts';
import { closeYear, reopenYear, yearEndPreview } from '../ledger/year-end.ts';
import { balanceSheet, incomeStatement } from '../ledger/statements.ts';
import { csvContentType, csvFileName, generalLedgerCsv, openItemsCsv, statementCsv, trialBalanceCsv } from '../ledger/report-csv.ts';
import { getOriginal, listOriginals, originalsPageMax, readOriginal } from '../originals/store.ts';
import { mountDocs } from './docs.ts';
import { apiApp, automationParams, companyParams, errors, json } from './openapi.ts';
import { errorCategory, onError, validationError } from './errors.ts';
import { requestLanguage } from './language.ts';
import { inLanguage } from '../kernel/stored-reasons.ts';

// The service wiring moved to the kernel; re-exported for the app's callers.
export { createServices, type Services } from '../kernel/services.ts';

/** The routes whose body is a file, not JSON: POST …/sie and POST …/bank-statements, each with its size limit in kB. */
const fileUploadPath = /^\/api\/companies\/[^/]+\/(sie|bank-statements)$/;
const fileUploadLimitKb: Record<string, number> = { sie: 50 * 1024, 'bank-statements': statementBytesMax / 1024 };

export interface AppOptions {
  authLimits?: AuthLimits;
  /** Secure cookies (default true; browsers accept them on http://localhost too) */
  secureCookies?: boolean;
}

export function createApp(services: Services, options: AppOptions = {}) {
  const { database, store, ledger, runner, auth, webhooks } = services;
  const { db } = database;
  const app = apiApp();
  app.onError(onError);
  app.notFound((c) => c.json({ error: 'not_found', message: `No route ${c.req.method} ${c.req.path}` }, 404));
  app.use('*', securityHeaders);
  app.use('/api/*', noStore);
  // Who is calling comes first (it reads only headers and cookies): a caller without credentials never gets its
  // body read, let alone parsed. Then bodies are capped before they are read (routes set smaller limits; the one
  // public body, sign-in, is small), then decoded as strict UTF-8, parsed and checked (nesting, hostile keys).
  app.use('/api/*', authenticate(auth, options.authLimits ?? defaultAuthLimits));
  app.use('/api/auth/sign-in', limitKb(4));
  // A route that takes a file as its raw body (SIE, bank statements) is never JSON: it gets its own, larger limit
  // here, before anything (the idempotency check hashes the body) reads it, and no JSON guard.
  const apiBodyLimit = bodyLimit({ maxSize: 5 * 1024 * 1024, onError: (c) => c.json({ error: 'payload_too_large', message: 'The body is larger than 5 MB' }, 413) });
  const fileLimits = Object.fromEntries(Object.entries(fileUploadLimitKb).map(([route, kb]) => [route, limitKb(kb)]));
  const fileUpload = (c: { req: { method: string; path: string } }) => (c.req.method === 'POST' ? fileUploadPath.exec(c.req.path)?.[1] : undefined);
  app.use('/api/*', (c, next) => { const file = fileUpload(c); return file ? fileLimits[file](c, next) : apiBodyLimit(c, next); });
  app.use('/api/*', (c, next) => (fileUpload(c) ? next() : jsonGuard(c, next)));
  // Idempotency-Key needs the caller (authenticate) and a checked body; it answers replays before any handler runs.
  app.use('/api/companies/*', idempotency(services.idempotency));
  const actor = (c: { get(key: 'principal'): AuthEnv['Variables']['principal'] }) => actorOf(c.get('principal'));

  // The auth middleware has already answered 404 for a company the caller cannot see (or that
  // does not exist); routes read the company only when they need its fields.
  const requireCompany = async (companyId: string) => {
    const [company] = await db.select().from(companies).where(eq(companies.id, companyId));
    if (!company) throw new NotFound(`Company "${companyId}" does not exist`);
    return company;
  };

  const healthSchema = z.object({
    status: z.enum(['ok', 'degraded']), database: z.enum(['ok', 'unavailable']),
    worker: z.object({
      running: z.boolean(), processed: z.number().int(), lastPollAt: z.string().nullable(),
      lastError: z.string().nullable().describe('the last poll\'s error: its text for the holder of KONTERA_METRICS_TOKEN, otherwise only a category (database_busy, database_unreachable, database_error, internal_error)'),
    }).nullable(),
    outbox: z.record(z.string(), z.number().int()).nullable()
      .describe('the whole database\'s outbox by status: only for the holder of KONTERA_METRICS_TOKEN (it counts every tenant), otherwise null'),
  });
  const holdsMetricsToken = (authorization: string | undefined) => {
    const expected = process.env.KONTERA_METRICS_TOKEN;
    return !!expected && safeEqual(authorization?.replace(/^Bearer\s+/i, '') ?? '', expected);
  };
  app.openapi(createRoute({
    method: 'get', path: '/api/health', tags: ['Operations'], summary: 'Health: 200 when the database answers; the worker state (and the outbox, for operators)',
    responses: { 200: json(healthSchema, 'Healthy'), 503: json(healthSchema, 'Database unavailable') },
  }), async (c) => {
    const operator = holdsMetricsToken(c.req.header('authorization'));
    const stats = services.worker?.stats;
    // The error's text may be SQL with its parameters: the public sees what kind of error it was, operators the text.
    const worker = stats ? { ...stats, lastError: operator ? stats.lastError : errorCategory(stats.lastError) } : null;
    try {
      await database.client.execute('SELECT 1');
    } catch {
      return c.json({ status: 'degraded' as const, database: 'unavailable' as const, worker, outbox: null }, 503);
    }
    // Counts across tenants are for operators; a company's own are at /api/companies/:id/work-queue.
    const outbox = operator ? await runner.outboxDepth() : null;
    const status = worker && (!worker.running || worker.lastError) ? 'degraded' as const : 'ok' as const;
    return c.json({ status, database: 'ok' as const, worker, outbox }, 200);
  });

  app.get('/metrics', async (c) => {
    // Metrics aggregate every tenant: only a scraper holding KONTERA_METRICS_TOKEN may read them.
    if (!holdsMetricsToken(c.req.header('authorization'))) {
      const message = process.env.KONTERA_METRICS_TOKEN ? 'Send "Authorization: Bearer <KONTERA_METRICS_TOKEN>"' : 'Metrics are off: set KONTERA_METRICS_TOKEN and scrape with it';
      return c.json({ error: 'unauthenticated', message }, 401);
    }
    const body = services.metrics.render({ outbox: await runner.outboxDepth(), workerRunning: !!services.worker?.stats.running, lockWaits: database.lockWaits() });
    return c.body(body, 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
  });

  app.get('/api/schema/automation.json', (c) => c.json(z.toJSONSchema(automationDocumentSchema, { io: 'input' })));

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}', tags: ['Companies'], summary: 'A company',
    request: { params: companyParams }, responses: { 200: json(companySchema, 'The company'), ...errors },
  }), async (c) => {
    const company = await requireCompany(c.req.valid('param').companyId);
    return c.json({ id: company.id, name: company.name, orgNumber: company.orgNumber, baseCurrency: company.baseCurrency, timeZone: company.timeZone }, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/accounts', tags: ['Ledger'], summary: 'The chart of accounts',
    request: { params: companyParams, query: z.object({ q: z.string().max(100).optional().describe('a number\'s start ("40") or a word of the name') }) },
    responses: { 200: json(z.array(accountSchema), 'Accounts by number'), ...errors },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    return c.json(await listAccounts(db, companyId, c.req.valid('query').q), 200);
  });

  // Automations
  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/automations', tags: ['Automations'], summary: 'List automations',
    request: { params: companyParams }, responses: { 200: json(z.array(automationSummarySchema), 'Automations'), ...errors },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    return c.json(await store.list(companyId), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/automations/{automationId}', tags: ['Automations'], summary: 'An automation: draft, published version, issues',
    request: { params: automationParams, query: z.object({ version: z.string().optional().describe('not served here: GET …/versions/{version}') }) },
    responses: { 200: json(automationDetailSchema, 'The automation'), ...errors },
  }), async (c) => {
    const { companyId, automationId } = c.req.valid('param');
    const { version } = c.req.valid('query');
    if (version !== undefined) {
      // It used to be ignored silently (the draft came back as if it were that version).
      const message = `a published version is read at GET /api/companies/${companyId}/automations/${automationId}/versions/${encodeURIComponent(version)}`;
      return c.json({ error: 'invalid_request', message: `Invalid query: version: ${message}`, issues: [{ path: 'version', message }] }, 400);
    }
    return c.json(await store.get(companyId, automationId), 200);
  });

  const versionParams = automationParams.extend({ version: z.coerce.number().int().min(1) });
  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/automations/{automationId}/versions', tags: ['Automations'],
    summary: 'History: the published versions (who, when, which is in force) and what was done to the automation, newest first',
    request: { params: automationParams }, responses: { 200: json(automationHistorySchema, 'The history'), ...errors },
  }), async (c) => {
    const { companyId, automationId } = c.req.valid('param');
    return c.json(await store.history(companyId, automationId), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/automations/{automationId}/versions/{version}', tags: ['Automations'],
    summary: 'One published version as it was frozen, with who published it and when',
    request: { params: versionParams }, responses: { 200: json(automationVersionSchema, 'The version'), ...errors },
  }), async (c) => {
    const { companyId, automationId, version } = c.req.valid('param');
    return c.json(await store.readVersion(companyId, automationId, version), 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/automations/{automationId}/versions/{version}/restore', tags: ['Automations'],
    summary: "Rollback as a new draft: the version's document becomes the draft; publishing it is the usual publish (four-eyes applies)",
    request: { params: versionParams }, responses: { 200: json(automationDetailSchema, 'The new draft'), ...errors },
  }), async (c) => {
    const { companyId, automationId, version } = c.req.valid('param');
    return c.json(await store.restoreAsDraft(companyId, automationId, version, actor(c)), 200);
  });

  for (const action of ['pause', 'resume'] as const) {
    app.openapi(createRoute({
      method: 'post', path: `/api/companies/{companyId}/automations/{automationId}/${action}`, tags: ['Automations'],
      summary: action === 'pause'
        ? 'Pause: new events no longer run it (no new version; audited)'
        : 'Resume: events from now on run it again; what arrived while paused is not replayed (audited)',
      request: { params: automationParams },
      responses: { 200: json(automationSummarySchema, 'The automation'), 409: json(apiErrorSchema, 'Already paused, not paused, or never published'), ...errors },
    }), async (c) => {
      const { companyId, automationId } = c.req.valid('param');
      return c.json(await (action === 'pause' ? store.pause(companyId, automationId, actor(c)) : store.resume(companyId, automationId, actor(c))), 200);
    });
  }

  app.openapi(createRoute({
    method: 'delete', path: '/api/companies/{companyId}/automations/{automationId}', tags: ['Automations'],
    summary: 'Delete an automation that was never published (a draft only); audited',
    request: { params: automationParams },
    responses: { 204: { description: 'Deleted' }, 409: json(apiErrorSchema, 'It has published versions: pause it instead'), ...errors },
  }), async (c) => {
    const { companyId, automationId } = c.req.valid('param');
    await store.deleteDraft(companyId, automationId, actor(c));
    return c.body(null, 204);
  });

  app.openapi(createRoute({
    method: 'put', path: '/api/companies/{companyId}/automations/{automationId}', tags: ['Automations'],
    summary: 'Create or save the draft (saved even with validation errors; they are returned)',
    middleware: [limitKb(512)] as const,
    request: { params: automationParams, body: { content: { 'application/json': { schema: z.unknown() } }, required: true } },
    responses: { 200: json(automationDetailSchema, 'Saved'), 422: json(apiErrorSchema, 'Not an automation document'), ...errors },
  }), async (c) => {
    const { companyId, automationId } = c.req.valid('param');
    return c.json(await store.saveDraft(companyId, automationId, c.req.valid('json'), actor(c)), 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/automations/{automationId}/publish', tags: ['Automations'],
    summary: 'Freeze the draft as a new version and make it active',
    request: { params: automationParams },
    responses: {
      200: json(publishResponseSchema, 'Published'),
      202: json(publishResponseSchema, 'Four-eyes: the author asked; another person must publish or approve'),
      422: json(apiErrorSchema, 'The draft has errors; `issues` name the nodes'), ...errors,
    },
  }), async (c) => {
    const { companyId, automationId } = c.req.valid('param');
    const settings = await auth.settings(companyId);
    const result = await store.publish(companyId, automationId, actor(c), { fourEyes: settings.fourEyesPublish });
    return c.json(result, result.status === 'published' ? 200 : 202);
  });

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/automations/{automationId}/run', tags: ['Automations'],
    summary: 'Run the published version now on a stored bank line (`source`, booked once) or a test event (`event`): '
      + 'a dry run that writes nothing unless `post` is true; a test event posted for real posts once (its hash, or `idempotencyKey`)',
    middleware: [limitKb(512)] as const,
    request: { params: automationParams, body: { content: { 'application/json': { schema: manualRunRequestSchema } }, required: true } },
    responses: {
      200: json(z.union([manualDryRunSchema, manualPostedRunSchema]), 'The dry run (what it would post), or the run posted for real (or found: `repeated`, `bookedBy`)'),
      202: json(z.object({ queued: z.string() }), 'Stored; a worker runs it'), ...errors,
      400: json(apiErrorSchema, 'Malformed; or neither or both of `source` and `event`; or a bank line for an automation not triggered by one'),
    },
  }), async (c) => {
    const { companyId, automationId } = c.req.valid('param');
    const body = c.req.valid('json');
    if ((body.source === undefined) === (body.event === undefined)) {
      const message = 'give either "source" (a stored document, "bank-line:<id>") or "event" (a test event), not both';
      return c.json({ error: 'invalid_request', message: `Invalid body: source: ${message}`, issues: [{ path: 'source', message }] }, 400);
    }
    const result = await runner.runManually(companyId, automationId, body, actor(c));
    if ('refused' in result) {
      return c.json({ error: 'invalid_request', message: `Invalid body: ${result.refused.path}: ${result.refused.message}`, issues: [result.refused] }, 400);
    }
    return 'queued' in result ? c.json(result, 202) : c.json(result, 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/publication-requests/{requestId}/{decision}', tags: ['Automations'],
    summary: 'Approve (publish) or reject a publication asked for by another person (four-eyes)',
    request: { params: companyParams.extend({ requestId: z.string(), decision: z.enum(['approve', 'reject']) }) },
    responses: {
      200: json(publishResponseSchema, 'Published'), 204: { description: 'Rejected' },
      403: json(apiErrorSchema, 'You asked for it yourself, or it is no longer pending'), 422: json(apiErrorSchema, 'The draft has errors'), ...errors,
    },
  }), async (c) => {
    const { companyId, requestId, decision } = c.req.valid('param');
    if (decision === 'reject') {
      await store.rejectPublication(companyId, requestId, actor(c));
      return c.body(null, 204);
    }
    return c.json(await store.approvePublication(companyId, requestId, actor(c)), 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/automations/validate', tags: ['Automations'],
    summary: "Validate a document against the company's chart", middleware: [limitKb(512)] as const,
    request: { params: companyParams, body: { content: { 'application/json': { schema: z.unknown() } }, required: true } },
    responses: { 200: json(validateResponseSchema, 'Issues'), ...errors },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const result = validateAutomation(c.req.valid('json'), await validationContext(db, companyId), requestLanguage(c));
    return c.json({ ok: result.ok, issues: result.issues }, 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/automations/dry-run', tags: ['Automations'],
    summary: 'Run a document on an event without writing anything', middleware: [limitKb(512)] as const,
    request: {
      params: companyParams,
      body: { content: { 'application/json': { schema: z.object({ document: z.unknown(), event: z.record(z.string(), z.unknown()) }) } }, required: true },
    },
    responses: {
      200: json(z.object({ status: runStatusSchema, reason: z.string().nullable(), trace: z.array(traceStepSchema), vouchers: z.array(z.unknown()) }), 'What the run would do'),
      422: json(apiErrorSchema, 'The document is invalid'), ...errors,
    },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const { document, event } = c.req.valid('json');
    const validation = validateAutomation(document, await validationContext(db, companyId), requestLanguage(c));
    if (!validation.ok || !validation.document) {
      return c.json({ error: 'automation_invalid', message: 'The automation has errors', issues: validation.issues.filter((i) => i.severity === 'error').map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code, nodeId: i.nodeId })) }, 422);
    }
    const result = await runner.dryRun(companyId, validation.document, event);
    return c.json({ status: result.status, reason: result.reason, trace: result.trace, vouchers: result.vouchers }, 200);
  });

  // Bank lines: the bank domain's routes
  app.route('/', bankRoutes(services.bank));
  app.route('/', reconciliationRoutes(db, () => runner.clock.now()));
  app.route('/', exampleStatementRoutes(db, () => runner.clock.now()));
  app.route('/', paymentRoutes(services.runner));
  // Companies and fiscal years; customers and customer invoices: their domains' routes
  app.route('/', companyRoutes(db, runner.clock));
  app.route('/', backtestRoutes(new Backtests(db, store, runner.ports)));
  app.route('/', arRoutes(db, runner.clock));
  app.route('/', vatRoutes(db, runner.clock));
  app.route('/', currencyRoutes(db, runner.clock));
  app.route('/', masterDataRoutes(db, runner.clock));
  app.route('/', voucherAttachmentRoutes(db, runner.clock));

  // Ledger
  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/vouchers', tags: ['Ledger'], summary: 'Vouchers with their lines, newest first',
    request: {
      params: companyParams,
      query: z.object({ limit: z.coerce.number().int().min(1).max(1000).optional(), offset: z.coerce.number().int().min(0).optional(), runId: z.string().optional() }),
    },
    responses: { 200: json(z.array(voucherSchema), 'Vouchers'), ...errors },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    return c.json(await ledger.list(companyId, c.req.valid('query')), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/vouchers/{voucherId}', tags: ['Ledger'], summary: 'One voucher and why it exists',
    request: { params: companyParams.extend({ voucherId: z.string() }) },
    responses: { 200: json(voucherSchema, 'The voucher'), ...errors },
  }), async (c) => {
    const { companyId, voucherId } = c.req.valid('param');
    const voucher = await ledger.get(companyId, voucherId);
    if (!voucher) throw new NotFound(`Voucher "${voucherId}" does not exist`);
    const imported = (await voucherOrigins(db, companyId, [voucherId])).get(voucherId);
    return c.json(imported ? { ...voucher, imported } : voucher, 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/vouchers', tags: ['Ledger'], summary: 'Post a manual voucher',
    middleware: [limitKb(256)] as const,
    request: { params: companyParams, body: { content: { 'application/json': { schema: manualVoucherRequestSchema } }, required: true } },
    responses: { 201: json(voucherSchema, 'Posted, with its series and number'), 422: json(apiErrorSchema, 'Refused by the ledger, with the reason'), ...errors },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const body = c.req.valid('json');
    const [posted] = await ledger.post(companyId, [{ ...body, sourceRef: body.sourceRef ?? null, registeredBy: actor(c) }]);
    return c.json(posted.voucher, 201);
  });

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/vouchers/{voucherId}/reverse', tags: ['Ledger'],
    summary: 'Correct a voucher by a reversing voucher (linked both ways)',
    request: { params: companyParams.extend({ voucherId: z.string() }), body: { content: { 'application/json': { schema: reverseVoucherRequestSchema } }, required: false } },
    responses: { 201: json(voucherSchema, 'The reversing voucher'), 422: json(apiErrorSchema, 'Refused, with the reason'), ...errors },
  }), async (c) => {
    const { companyId, voucherId } = c.req.valid('param');
    const body = c.req.valid('json') ?? {};
    const posted = await ledger.reverse(companyId, voucherId, { ...body, registeredBy: actor(c) });
    return c.json(posted.voucher, 201);
  });

  // Reports and periods. Every report is JSON, or with ?format=csv a CSV file for Swedish Excel (runtime/ledger/report-csv.ts).
  const periodParam = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a period is YYYY-MM');
  const formatParam = z.enum(['json', 'csv']).optional().describe('csv: a file (UTF-8 with BOM, semicolons, decimal comma)');
  const dimensionParam = z.string().regex(/^\d{1,2}:[^:]{1,40}$/, 'a dimension filter is <dimension>:<object>, e.g. 1:100').optional()
    .describe('only lines carrying this object, e.g. 1:100 (cost centre 100) or 6:P1 (project P1)');
  const jsonOrCsv = <T extends z.ZodType>(schema: T, description: string) =>
    ({ content: { 'application/json': { schema }, 'text/csv': { schema: z.string() } }, description });
  const csvHeaders = (...nameParts: string[]) => ({ 'content-type': csvContentType, 'content-disposition': `attachment; filename="${csvFileName(...nameParts)}"` });
  const baseCurrencyOf = async (companyId: string) =>
    (await db.select({ baseCurrency: companies.baseCurrency }).from(companies).where(eq(companies.id, companyId)))[0]?.baseCurrency ?? 'SEK';
  const dimensionFilter = (value: string | undefined) => {
    if (!value) return undefined;
    const at = value.indexOf(':');
    return { dimension: Number(value.slice(0, at)), object: value.slice(at + 1) };
  };
  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/reports/trial-balance', tags: ['Reports'],
    summary: 'Trial balance: opening, movement and closing per account for a range of periods',
    request: { params: companyParams, query: z.object({ from: periodParam, to: periodParam, format: formatParam }) },
    responses: {
      200: jsonOrCsv(trialBalanceSchema, 'Trial balance; debit positive, credit negative'),
      422: json(apiErrorSchema, 'The range is not within one fiscal year'), ...errors,
    },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const { from, to, format } = c.req.valid('query');
    const report = await trialBalance(db, companyId, { fromPeriod: from, toPeriod: to });
    if (format === 'csv') return c.body(trialBalanceCsv(report, await baseCurrencyOf(companyId)), 200, csvHeaders(companyId, 'saldobalans', from, to));
    return c.json(report, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/reports/balance-sheet', tags: ['Reports'],
    summary: 'Balance sheet (balansräkning) at the end of a period: opening balance, change, closing balance and the previous year\'s closing at the same point',
    request: { params: companyParams, query: z.object({ to: periodParam, dimension: dimensionParam, format: formatParam }) },
    responses: {
      200: jsonOrCsv(financialStatementSchema, 'Balance sheet; assets, equity and liabilities positive, the year\'s result as a line in equity'),
      422: json(apiErrorSchema, 'No fiscal year covers the period, or no such dimension object'), ...errors,
    },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const { to, dimension, format } = c.req.valid('query');
    const report = await balanceSheet(db, companyId, { toPeriod: to, dimension: dimensionFilter(dimension) });
    if (format === 'csv') {
      return c.body(statementCsv(report, await baseCurrencyOf(companyId)), 200, csvHeaders(companyId, 'balansrakning', to, ...(dimension ? [dimension.replace(':', '_')] : [])));
    }
    return c.json(report, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/reports/income-statement', tags: ['Reports'],
    summary: 'Income statement (resultaträkning) for a range of periods and the year to date, with the previous year\'s same periods beside',
    request: { params: companyParams, query: z.object({ from: periodParam, to: periodParam, dimension: dimensionParam, format: formatParam }) },
    responses: {
      200: jsonOrCsv(financialStatementSchema, 'Income statement; income positive, costs negative'),
      422: json(apiErrorSchema, 'The range is not within one fiscal year, or no such dimension object'), ...errors,
    },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const { from, to, dimension, format } = c.req.valid('query');
    const report = await incomeStatement(db, companyId, { fromPeriod: from, toPeriod: to, dimension: dimensionFilter(dimension) });
    if (format === 'csv') {
      return c.body(statementCsv(report, await baseCurrencyOf(companyId)), 200, csvHeaders(companyId, 'resultatrakning', from, to, ...(dimension ? [dimension.replace(':', '_')] : [])));
    }
    return c.json(report, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/reports/general-ledger/{account}', tags: ['Reports'],
    summary: 'General ledger for one account with a running balance',
    request: { params: companyParams.extend({ account: z.string().regex(/^\d{4}$/) }), query: z.object({ from: z.iso.date(), to: z.iso.date(), format: formatParam }) },
    responses: {
      200: jsonOrCsv(generalLedgerSchema, 'Entries'), 422: json(apiErrorSchema, 'No fiscal year covers the range'), ...errors,
    },
  }), async (c) => {
    const { companyId, account } = c.req.valid('param');
    const { from, to, format } = c.req.valid('query');
    const report = await generalLedger(db, companyId, account, { from, to });
    if (format === 'csv') return c.body(generalLedgerCsv(report, await baseCurrencyOf(companyId)), 200, csvHeaders(companyId, 'huvudbok', account, from, to));
    return c.json(report, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/reports/open-items', tags: ['Reports'],
    summary: 'Open customer (ar) or supplier (ap) invoices with ageing (not due, 0–30, 31–60, 61–90, over 90 days)',
    request: { params: companyParams, query: z.object({ kind: z.enum(['ar', 'ap']), asOf: z.iso.date().optional(), format: formatParam }) },
    responses: {
      200: jsonOrCsv(openItemsSchema, 'Open items'), ...errors,
    },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const { kind, asOf, format } = c.req.valid('query');
    const report = await openItems(db, companyId, kind, asOf ?? await companyToday(db, companyId, runner.clock.now()));
    if (format === 'csv') return c.body(openItemsCsv(report), 200, csvHeaders(companyId, kind === 'ar' ? 'kundreskontra' : 'leverantorsreskontra', report.asOf));
    return c.json(report, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/periods', tags: ['Ledger'], summary: 'Periods and whether they are locked',
    request: { params: companyParams }, responses: { 200: json(z.array(periodSchema), 'Periods'), ...errors },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    return c.json(await listPeriods(db, companyId), 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/periods/{period}/{action}', tags: ['Ledger'],
    summary: 'Lock a period, or unlock it (an audited act that needs a reason)',
    request: {
      params: companyParams.extend({ period: periodParam, action: z.enum(['lock', 'unlock']) }),
      body: { content: { 'application/json': { schema: z.object({ reason: z.string().max(500).optional() }) } }, required: false },
    },
    responses: {
      200: json(periodStatusResponseSchema, 'New status'), 409: json(apiErrorSchema, 'The period is in a closed fiscal year: re-open the year'),
      422: json(apiErrorSchema, 'Refused'), ...errors,
    },
  }), async (c) => {
    const { companyId, period, action } = c.req.valid('param');
    const body = c.req.valid('json') ?? {};
    return c.json(await setPeriodStatus(db, companyId, period, action === 'lock' ? 'locked' : 'open', actor(c), body.reason), 200);
  });

  // Year-end: close a fiscal year (result to 2099, balances carried into the next year, periods locked) and re-open it (runtime/ledger/year-end.ts)
  const yearParams = companyParams.extend({ year: z.coerce.number().int().min(1000).max(9999) });
  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/fiscal-years/{year}/year-end', tags: ['Ledger'],
    summary: 'What closing the fiscal year would book and carry (or, once closed, what it did), and why it cannot be closed now',
    request: { params: yearParams }, responses: { 200: json(yearEndSchema, 'The year-end'), 422: json(apiErrorSchema, 'No such fiscal year'), ...errors },
  }), async (c) => {
    const { companyId, year } = c.req.valid('param');
    return c.json(await yearEndPreview(db, companyId, year, requestLanguage(c)), 200);
  });
  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/fiscal-years/{year}/close', tags: ['Ledger'],
    summary: 'Close a fiscal year: the result (classes 3–8) to 2099 by a voucher on 8999, every balance-sheet account carried into the next year\'s opening balances, '
      + 'the year\'s periods locked; one transaction, audited',
    request: { params: yearParams },
    responses: {
      200: json(yearEndSchema, 'Closed'),
      409: json(apiErrorSchema, 'Already closed, an earlier year is not closed (named), or no next fiscal year to carry into'),
      422: json(apiErrorSchema, 'No such fiscal year, or its trial balance does not net to zero'), ...errors,
    },
  }), async (c) => {
    const { companyId, year } = c.req.valid('param');
    return c.json(await closeYear(db, companyId, year, actor(c), runner.clock, requestLanguage(c)), 200);
  });
  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/fiscal-years/{year}/reopen', tags: ['Ledger'],
    summary: 'Re-open a closed fiscal year (needs a reason; audited): the closing voucher is reversed, the carried balances taken back out of the next year, the periods unlocked',
    request: { params: yearParams, body: { content: { 'application/json': { schema: reopenYearRequestSchema } }, required: true } },
    responses: {
      200: json(yearEndSchema, 'Re-opened'),
      409: json(apiErrorSchema, 'Not closed, or a later year is closed (re-open it first)'),
      422: json(apiErrorSchema, 'No reason, or no such fiscal year'), ...errors,
    },
  }), async (c) => {
    const { companyId, year } = c.req.valid('param');
    return c.json(await reopenYear(db, companyId, year, actor(c), c.req.valid('json').reason, runner.clock, requestLanguage(c)), 200);
  });

  // SIE 4
  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/sie', tags: ['Ledger'], summary: 'Download a fiscal year as SIE 4E (CP437, with #KSUMMA)',
    request: { params: companyParams, query: z.object({ year: z.coerce.number().int().min(1900).max(2999) }) },
    responses: { 200: { content: { 'application/octet-stream': { schema: z.string() } }, description: 'The SIE file' }, 422: json(apiErrorSchema, 'No such fiscal year'), ...errors },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const { year } = c.req.valid('query');
    const { bytes } = await exportSie(db, companyId, year);
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': 'application/octet-stream', 'content-disposition': `attachment; filename="${companyId}-${year}.se"`,
    });
  });

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/sie', tags: ['Ledger'],
    summary: 'Upload a SIE 4 file (4E/4I; CP437, UTF-8 or ISO-8859) into this company, creating it when new. All or nothing.',
    middleware: [limitKb(fileUploadLimitKb.sie)] as const,
    request: {
      params: companyParams,
      query: z.object({
        fileName: z.string().max(200).optional(),
        strict: z.enum(['true', 'false']).optional().describe("true: refuse a file whose #UB (#RES) of year 0 is not #IB plus its vouchers (by default a 'balance_mismatch' warning)"),
      }),
    },
    responses: {
      200: json(sieImportResponseSchema, 'Imported'),
      422: json(apiErrorSchema, 'Refused; `issues` name the lines'), ...errors,
    },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const { fileName, strict } = c.req.valid('query');
    const summary = await importSie(db, bytes, { companyId, fileName, actor: actor(c), strict: strict === 'true' });
    return c.json({ ...summary, warnings: sieWarningsIn(requestLanguage(c), summary.warnings) }, 200);
  });

  // Originals (BFL 7:2): what was imported or delivered, byte for byte. Reading needs `read`: auditors are viewers.
  const originalParams = companyParams.extend({ originalId: z.string().min(1).max(1200) }); // a delivery's: "wd." + hex(endpoint id) + "." + hex(webhook id)
  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/originals', tags: ['Originals'],
    summary: 'Imported files and deliveries kept byte for byte (metadata, newest first, paged); from/to filter on the receipt',
    request: {
      params: companyParams,
      query: z.object({
        kind: z.string().max(40).optional(), from: z.string().max(40).optional(), to: z.string().max(40).optional(),
        limit: z.coerce.number().int().min(1).max(originalsPageMax).optional(), offset: z.coerce.number().int().min(0).max(10_000_000).optional(),
      }),
    },
    responses: { 200: json(originalsPageSchema, 'A page of originals'), ...errors },
  }), async (c) => c.json(await listOriginals(db, c.req.valid('param').companyId, c.req.valid('query')), 200));

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/originals/{originalId}', tags: ['Originals'], summary: 'One original: kind, size, SHA-256, retention',
    request: { params: originalParams }, responses: { 200: json(originalSchema, 'The original'), ...errors },
  }), async (c) => {
    const { companyId, originalId } = c.req.valid('param');
    const original = await getOriginal(db, companyId, originalId);
    if (!original) throw new NotFound(`Original "${originalId}" does not exist`);
    return c.json(original, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/originals/{originalId}/content', tags: ['Originals'],
    summary: 'The exact bytes as received, with their SHA-256 in Repr-Digest (RFC 9530) and Digest (RFC 3230)',
    request: { params: originalParams },
    responses: { 200: { content: { 'application/octet-stream': { schema: z.string() } }, description: 'The bytes, with the stored media type' }, ...errors },
  }), async (c) => {
    const { companyId, originalId } = c.req.valid('param');
    const original = await readOriginal(db, companyId, originalId);
    if (!original) throw new NotFound(`Original "${originalId}" does not exist`);
    const digest = Buffer.from(original.sha256, 'hex').toString('base64');
    const extension = original.kind === 'sie' ? '.se' : original.mediaType.startsWith('application/json') ? '.json'
      : /xml/.test(original.mediaType) ? '.xml' : original.mediaType.startsWith('text/csv') ? '.csv' : original.mediaType.startsWith('text/plain') ? '.txt' : '.bin';
    return c.body(new Uint8Array(original.bytes), 200, {
      'content-type': original.mediaType, 'content-disposition': `attachment; filename="original-${original.id}${extension}"`,
      'repr-digest': `sha-256=:${digest}:`, digest: `sha-256=${digest}`, 'cache-control': 'private, no-store',
    });
  });

  // Schedules
  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/schedules/preview', tags: ['Automations'],
    summary: 'The next fire times of a schedule trigger config, in the company time zone (the designer shows five)',
    request: { params: companyParams, body: { content: { 'application/json': { schema: z.object({ config: z.unknown(), count: z.number().int().min(1).max(50).default(5) }) } }, required: true } },
    responses: { 200: json(schedulePreviewResponseSchema, 'Next fire times'), ...errors },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const company = await requireCompany(companyId);
    const body = c.req.valid('json');
    const parsed = scheduleConfigSchema.safeParse(body.config ?? {});
    if (!parsed.success) return validationError(c, parsed.error.issues.map((i) => ({ ...i, path: ['config', ...i.path] })), 'schedule');
    const timeZone = effectiveTimeZone(parsed.data, company.timeZone);
    const next = nextOccurrences(parsed.data, new Date(), body.count, timeZone).map((d) => d.toISOString());
    return c.json({ description: describeSchedule(parsed.data, company.timeZone), timeZone, next }, 200);
  });

  // Signed webhooks
  const publicBase = (c: { req: { url: string } }) => process.env.KONTERA_PUBLIC_URL?.replace(/\/$/, '') ?? new URL(c.req.url).origin;
  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/webhook-endpoints', tags: ['Webhooks'], summary: "The company's webhook endpoints (never their secrets)",
    request: { params: companyParams }, responses: { 200: json(z.array(webhookEndpointSchema), 'Endpoints'), ...errors },
  }), async (c) => c.json(await webhooks.list(c.req.valid('param').companyId, publicBase(c)), 200));

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/webhook-endpoints', tags: ['Webhooks'],
    summary: 'Create a signed webhook endpoint for a trigger; the secret (whsec_…) is shown once',
    request: { params: companyParams, body: { content: { 'application/json': { schema: z.object({ trigger: z.enum(webhookTriggers as [string, ...string[]]) }) } }, required: true } },
    responses: { 201: json(createdWebhookEndpointSchema, 'Created'), ...errors },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    return c.json(await webhooks.create(companyId, c.req.valid('json').trigger, actor(c), publicBase(c)), 201);
  });

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/webhook-endpoints/{endpointId}/rotate', tags: ['Webhooks'],
    summary: 'Rotate the secret; the previous one is accepted for 24 hours',
    request: { params: companyParams.extend({ endpointId: z.string() }) },
    responses: { 200: json(rotatedWebhookSecretSchema, 'New secret'), ...errors },
  }), async (c) => {
    const { companyId, endpointId } = c.req.valid('param');
    return c.json(await webhooks.rotate(companyId, endpointId, actor(c)), 200);
  });

  app.openapi(createRoute({
    method: 'delete', path: '/api/companies/{companyId}/webhook-endpoints/{endpointId}', tags: ['Webhooks'], summary: 'Disable an endpoint',
    request: { params: companyParams.extend({ endpointId: z.string() }) },
    responses: { 204: { description: 'Disabled' }, ...errors },
  }), async (c) => {
    const { companyId, endpointId } = c.req.valid('param');
    await webhooks.disable(companyId, endpointId, actor(c));
    return c.body(null, 204);
  });

  app.post('/hooks/:endpointId', webhookBodyLimit, async (c) => {
    const started = performance.now();
    // The exact bytes are the original (BFL 7:2); the signature and JSON are checked on their text. Bytes that are not
    // UTF-8 are refused (400 naming the byte) rather than booked with U+FFFD; a cheap native check, before the signature.
    const rawBody = new Uint8Array(await c.req.arrayBuffer());
    const body = decodeUtf8(rawBody);
    const result = await webhooks.deliver(c.req.param('endpointId'), {
      id: c.req.header('webhook-id'), timestamp: c.req.header('webhook-timestamp'), signature: c.req.header('webhook-signature'),
    }, body, rawBody);
    // a new delivery waits in the intake: wake this process's worker (others poll)
    if (!result.replay) runner.onEnqueued?.();
    services.metrics.webhookDelivered(performance.now() - started, result.replay);
    return c.json(result.body, result.status as 202);
  });

  // Runs and exceptions
  const runTimeFilter = z.union([z.iso.date(), z.iso.datetime({ offset: true })], { error: 'give a date (YYYY-MM-DD) or an instant (2026-11-29T06:00:00Z)' });
  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/runs', tags: ['Runs'], summary: 'Run history',
    request: {
      params: companyParams,
      query: z.object({
        automationId: z.string().max(100).optional().describe('only the runs of this automation'),
        status: runStatusSchema.optional().describe('only runs with this result'),
        sourceRef: z.string().max(300).optional().describe('only the runs of this source document, e.g. "bank-line:2026113000042"'),
        from: runTimeFilter.optional().describe('started at or after: an instant (2026-11-29T00:00:00Z) or a date (from its start, UTC)'),
        to: runTimeFilter.optional().describe('started at or before: an instant, or a date (to its end, UTC)'),
        limit: z.coerce.number().int().min(1).max(1000).optional().describe('at most this many, newest first (default 100)'),
        skipped: z.enum(['show', 'hide']).optional().describe('"hide": leave out the automations that stood aside because another booked the source first (default "show")'),
      }),
    },
    responses: { 200: json(z.array(runSummarySchema), 'Runs, newest first'), ...errors },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    return c.json(await inLanguage(db, 'runs', companyId, await runner.listRuns(companyId, c.req.valid('query')), requestLanguage(c)), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/work-queue', tags: ['Runs'], summary: 'Work not yet done: deliveries and events waiting, running, failed',
    request: { params: companyParams },
    responses: { 200: json(workQueueSchema, 'Counts, and since when the oldest has waited'), ...errors },
  }), async (c) => c.json(await runner.workQueue(c.req.valid('param').companyId), 200));

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/runs/{runId}', tags: ['Runs'], summary: 'A run with its event and trace',
    request: { params: companyParams.extend({ runId: z.string() }) },
    responses: { 200: json(runDetailSchema, 'The run'), ...errors },
  }), async (c) => {
    const { companyId, runId } = c.req.valid('param');
    const [run] = await inLanguage(db, 'runs', companyId, [await runner.getRun(companyId, runId)], requestLanguage(c));
    return c.json(run, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/exceptions', tags: ['Runs'], summary: 'The exceptions inbox',
    request: {
      params: companyParams,
      query: z.object({
        status: exceptionStatusSchema.optional(),
        kind: z.enum(sourceKindIds).optional().describe('the source\'s kind, e.g. webhook, schedule, bank-line'),
        automationId: z.string().min(1).max(100).optional().describe('an automation\'s id, or "none" for events nothing handled'),
      }),
    },
    responses: { 200: json(z.array(exceptionSchema), 'Exceptions, newest first (at most 500)'), ...errors },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    return c.json(await inLanguage(db, 'exceptions', companyId, await runner.listExceptions(companyId, c.req.valid('query')), requestLanguage(c)), 200);
  });

  mountAuthRoutes(app, auth, db, { secureCookies: options.secureCookies ?? true });

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/exceptions/{exceptionId}/resolve', tags: ['Runs'],
    summary: 'Resolve an exception: say what was done about it (audited)',
    request: { params: companyParams.extend({ exceptionId: z.string() }), body: { content: { 'application/json': { schema: resolveExceptionRequestSchema } }, required: true } },
    responses: { 200: json(exceptionSchema, 'Resolved'), 409: json(apiErrorSchema, 'Already resolved'), ...errors },
  }), async (c) => {
    const { companyId, exceptionId } = c.req.valid('param');
    return c.json(await runner.resolveException(companyId, exceptionId, actor(c), c.req.valid('json').note), 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/exceptions/{exceptionId}/book', tags: ['Runs'],
    summary: 'Book an exception with a voucher a person edited (the ledger\'s checks, the item\'s source ref); resolves it and the other open items of its source (audited)',
    middleware: [limitKb(256)] as const,
    request: { params: companyParams.extend({ exceptionId: z.string() }), body: { content: { 'application/json': { schema: bookExceptionRequestSchema } }, required: true } },
    responses: {
      200: json(bookExceptionResponseSchema, 'Booked and resolved'), 409: json(apiErrorSchema, 'Already resolved or dismissed'),
      422: json(apiErrorSchema, 'Refused by the ledger (unbalanced, unknown account, locked period…), or a bank line (use its own actions)'), ...errors,
    },
  }), async (c) => {
    const { companyId, exceptionId } = c.req.valid('param');
    const body = c.req.valid('json');
    return c.json(await bookException({ db, clock: runner.clock, companyId, exceptionId, by: actor(c) }, body), 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/exceptions/{exceptionId}/dismiss', tags: ['Runs'],
    summary: 'Dismiss an exception: nothing to book, for the reason given (required; kept on the item and audited)',
    request: { params: companyParams.extend({ exceptionId: z.string() }), body: { content: { 'application/json': { schema: dismissExceptionRequestSchema } }, required: true } },
    responses: { 200: json(exceptionSchema, 'Dismissed'), 409: json(apiErrorSchema, 'Already resolved or dismissed'), ...errors },
  }), async (c) => {
    const { companyId, exceptionId } = c.req.valid('param');
    return c.json(await dismissException({ db, clock: runner.clock, companyId, exceptionId, by: actor(c) }, c.req.valid('json').reason), 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/exceptions/{exceptionId}/retry', tags: ['Runs'],
    summary: "Run the published automations again on the exception's bank line (after fixing a rule); resolved when one posts",
    request: { params: companyParams.extend({ exceptionId: z.string() }) },
    responses: { 200: json(retryExceptionResponseSchema, 'The new runs'), 409: json(apiErrorSchema, 'Already resolved or already booked'), ...errors },
  }), async (c) => {
    const { companyId, exceptionId } = c.req.valid('param');
    const result = await runner.retryException(companyId, exceptionId, actor(c));
    const language = requestLanguage(c);
    const [exception] = await inLanguage(db, 'exceptions', companyId, [result.exception], language);
    return c.json({ ...result, runs: await inLanguage(db, 'runs', companyId, result.runs, language), exception }, 200);
  });

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Kontera API', version: '0.1.0', description: 'Automations, ledger, bank lines, runs and exceptions of Kontera.' },
  });
  mountDocs(app);
  return app;
}

export type App = ReturnType<typeof createApp>;
