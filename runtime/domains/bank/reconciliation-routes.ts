/**
 * The bank reconciliation report and the list of imported statements: a
 * sub-app mounted by runtime/http/app.ts (`app.route('/', …)`) with full
 * paths, like the bank routes (routes.ts). Reads only: the "read" permission.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { apiErrorSchema, bankReconciliationSchema, bankStatementListItemSchema } from '../../../shared/api.ts';
import type { Db } from '../../db/client.ts';
import { apiApp, companyParams, errors, json } from '../../http/openapi.ts';
import { bankReconciliation, listBankStatements } from './reconciliation.ts';
import { companyToday } from '../../kernel/clock.ts';

export function reconciliationRoutes(db: Db, now: () => Date) {
  const app = apiApp();

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/bank-statements', tags: ['Bank'],
    summary: 'The statements imported (one per camt Stmt/Ntfctn, BgMax deposit, CSV file), newest first: period, balances, lines, the stored file',
    request: { params: companyParams, query: z.object({ bankAccount: z.string().max(100).optional().describe('only this bank account (id)') }) },
    responses: { 200: json(z.array(bankStatementListItemSchema), 'Statements'), ...errors },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const { bankAccount } = c.req.valid('query');
    return c.json(await listBankStatements(db, companyId, { bankAccountId: bankAccount }), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/reports/bank-reconciliation', tags: ['Reports'],
    summary: "Bank reconciliation per bank account: the latest statement's closing balance on or before the date beside the ledger account's balance, "
      + 'the difference, the bank lines not yet booked and the vouchers on the account that no bank line brought',
    request: {
      params: companyParams,
      query: z.object({
        bankAccount: z.string().max(100).optional().describe('one bank account (id); default every one'),
        date: z.iso.date().optional().describe("default today, in the company's time zone"),
      }),
    },
    responses: {
      200: json(bankReconciliationSchema, 'One entry per bank account'),
      422: json(apiErrorSchema, 'An unknown bank account, or no fiscal year covers the date'), ...errors,
    },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const { bankAccount, date } = c.req.valid('query');
    return c.json(await bankReconciliation(db, companyId, { bankAccountId: bankAccount, date: date ?? await companyToday(db, companyId, now()) }), 200);
  });

  return app;
}
