/**
 * Companies and fiscal years over HTTP, a sub-app mounted by
 * runtime/http/app.ts with `app.route('/', …)` and full paths.
 * POST /api/companies is not under a company: the auth middleware only
 * requires a caller, and the handler decides who may (companies.ts).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { apiErrorSchema, companyCreationSchema, createCompanyRequestSchema, createdCompanySchema, fiscalYearRequestSchema, fiscalYearSchema } from '../../../shared/api.ts';
import { AuthError } from '../../auth/store.ts';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../../http/auth.ts';
import { apiApp, companyParams, errors, json } from '../../http/openapi.ts';
import type { LedgerClock } from '../../kernel/clock.ts';
import { loadExampleAutomations } from '../../seed/demo.ts';
import { createCompany, mayCreateCompanies } from './companies.ts';
import { addFiscalYear, listFiscalYears } from './fiscal-years.ts';

const creationRule = 'Only the first admin and the bootstrap token may create companies (KONTERA_COMPANY_CREATORS names more people)';

export function companyRoutes(db: Db, clock: LedgerClock) {
  const app = apiApp();

  app.openapi(createRoute({
    method: 'post', path: '/api/companies', tags: ['Companies'],
    summary: 'Create a company with the BAS chart, VAT codes, series and its first fiscal year (default: this calendar year), as the demo has them; '
      + 'the caller becomes its admin (a token gets an admin token of the new company). Only the first admin and the bootstrap token may; audited.',
    request: { body: { content: { 'application/json': { schema: createCompanyRequestSchema } }, required: true } },
    responses: {
      201: json(createdCompanySchema, 'Created'),
      403: json(apiErrorSchema, 'You may not create companies'),
      409: json(apiErrorSchema, 'The id is taken'),
      422: json(apiErrorSchema, 'A bad organisation number or fiscal year (`issues` name the field)'),
      400: errors[400], 401: errors[401],
    },
  }), async (c) => {
    const principal = c.get('principal');
    if (!(await mayCreateCompanies(db, principal))) throw new AuthError('forbidden', creationRule, 403);
    const personId = principal.kind === 'user' ? principal.id : principal.personId;
    const created = await createCompany(db, c.req.valid('json'), {
      actor: actorOf(principal), clock, adminUserIds: personId ? [personId] : [],
      tokenFor: principal.kind === 'token' ? actorOf(principal) : undefined, loadExamples: (d, id) => loadExampleAutomations(d, id),
    });
    return c.json(created, 201);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/company-creation', tags: ['Companies'], summary: 'Whether the caller may create companies (the designer shows "New company" when so)',
    responses: { 200: json(companyCreationSchema, 'Allowed or not, and the rule'), 401: errors[401] },
  }), async (c) => c.json({ allowed: await mayCreateCompanies(db, c.get('principal')), rule: creationRule }, 200));

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/fiscal-years', tags: ['Companies'],
    summary: 'The fiscal years, oldest first, with their number of periods and whether each is closed (with its closing voucher)',
    request: { params: companyParams }, responses: { 200: json(z.array(fiscalYearSchema), 'Fiscal years'), ...errors },
  }), async (c) => c.json(await listFiscalYears(db, c.req.valid('param').companyId, { yearEnd: true }), 200));

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/fiscal-years', tags: ['Companies'],
    summary: 'Add the next fiscal year (starting the day after the last one ends) or an earlier one (ending the day before the first one starts), '
      + 'with monthly periods: from the 1st of a month to the last day of a month, at most 18 months (admin; audited)',
    request: { params: companyParams, body: { content: { 'application/json': { schema: fiscalYearRequestSchema } }, required: true } },
    responses: {
      201: json(fiscalYearSchema, 'Added'),
      409: json(apiErrorSchema, 'It overlaps a fiscal year, or no year key can be given'),
      422: json(apiErrorSchema, 'Not from the 1st to a month\'s last day, longer than 18 months, or leaving a gap'), ...errors,
    },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const added = await addFiscalYear(db, companyId, c.req.valid('json'), { actor: actorOf(c.get('principal')), at: clock.now().toISOString(), auditId: clock.newId() });
    return c.json(added, 201);
  });

  return app;
}
