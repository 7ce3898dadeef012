/**
 * The AR domain's HTTP routes (customers and customer invoices), a sub-app
 * mounted by runtime/http/app.ts with `app.route('/', …)` and full paths, as
 * the bank domain's are; the app's middleware (authentication, permissions,
 * body limits, JSON guard, Idempotency-Key) runs before them.
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  apiErrorSchema, customerInvoicesCreatedSchema, customerInvoicesPageSchema, customerInvoicesRequestSchema, customersPageSchema,
  customersRequestSchema, customersUpsertResponseSchema,
} from '../../../shared/api.ts';
import type { Db } from '../../db/client.ts';
import { actorOf } from '../../http/auth.ts';
import { apiApp, companyParams, errors, json } from '../../http/openapi.ts';
import type { LedgerClock } from '../../kernel/clock.ts';
import { listCustomers, upsertCustomers } from './customers.ts';
import { createCustomerInvoices, listCustomerInvoices } from './invoices.ts';

const page = {
  limit: z.coerce.number().int().min(1).max(1000).optional().describe('default 100'),
  offset: z.coerce.number().int().min(0).max(10_000_000).optional(),
};

export function arRoutes(db: Db, clock: LedgerClock) {
  const app = apiApp();

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/customers', tags: ['Customers'],
    summary: 'Customers by number, paged; `q` searches customer number, name and organisation number',
    request: { params: companyParams, query: z.object({ q: z.string().max(200).optional(), ...page }) },
    responses: { 200: json(customersPageSchema, 'A page of customers'), ...errors },
  }), async (c) => c.json(await listCustomers(db, c.req.valid('param').companyId, c.req.valid('query')), 200));

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/customers', tags: ['Customers'],
    summary: 'Create or update customers (one, or an array of up to 10 000; all or nothing; audited), by `customerNo`: '
      + 'a field left out keeps what is stored, null clears it',
    request: { params: companyParams, body: { content: { 'application/json': { schema: customersRequestSchema } }, required: true } },
    responses: {
      200: json(customersUpsertResponseSchema, 'How many were created, updated, or already so'),
      409: json(apiErrorSchema, 'A customer number twice in the request (`field` names the element)'),
      422: json(apiErrorSchema, 'A bad organisation number, VAT number or bankgiro (`issues` name the element and field)'), ...errors,
    },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const body = c.req.valid('json');
    const now = clock.now().toISOString();
    return c.json(await upsertCustomers(db, companyId, Array.isArray(body) ? body : [body], !Array.isArray(body), {
      actor: actorOf(c.get('principal')), at: now, auditId: clock.newId(),
    }), 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/customer-invoices', tags: ['Customers'],
    summary: 'Customer invoices with their open amounts, by due date, paged; `q` searches invoice number, OCR reference and customer name',
    request: {
      params: companyParams,
      query: z.object({
        status: z.enum(['open', 'paid', 'all']).optional().describe('default all'),
        customerNo: z.string().max(64).optional(), q: z.string().max(200).optional(), ...page,
      }),
    },
    responses: { 200: json(customerInvoicesPageSchema, 'A page of customer invoices'), ...errors },
  }), async (c) => c.json(await listCustomerInvoices(db, c.req.valid('param').companyId, c.req.valid('query')), 200));

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/customer-invoices', tags: ['Customers'],
    summary: 'Create customer invoices (one, or an array of up to 10 000; all or nothing; audited): each an open invoice and its voucher '
      + '(debit the customer\'s receivable account, 1510; credit `lines`, or 3001 and 2611 from `vatMinor`), posted in the customer-invoice series',
    request: { params: companyParams, body: { content: { 'application/json': { schema: customerInvoicesRequestSchema } }, required: true } },
    responses: {
      201: json(customerInvoicesCreatedSchema, 'Created and posted'),
      409: json(apiErrorSchema, 'The invoice number or OCR reference is taken, or appears twice in the request (`field` names the element)'),
      422: json(apiErrorSchema, 'Refused: an unknown customer, a missing exchange rate, a bad OCR reference, lines that do not add up, a closed period… (`issues` name the element and field)'),
      ...errors,
    },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const body = c.req.valid('json');
    const created = await createCustomerInvoices(db, companyId, Array.isArray(body) ? body : [body], !Array.isArray(body), {
      actor: actorOf(c.get('principal')), clock,
    });
    return c.json({ created: created.length, invoices: created }, 201);
  });

  return app;
}
