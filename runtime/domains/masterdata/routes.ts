/**
 * The master-data HTTP routes (issue 13): the chart (accounts, series, VAT
 * codes, dimensions and objects), suppliers, a bank account's name, and one
 * read of everything the designer's pickers need. A sub-app mounted by
 * runtime/http/app.ts with `app.route('/', …)` and full paths; the app's
 * middleware (authentication, permissions from auth.ts, body limits, JSON
 * guard, Idempotency-Key for the POSTs) runs before them. Edits are PATCH.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { and, asc, count, eq } from 'drizzle-orm';
import { accountSchema, apiErrorSchema, customersUpsertResponseSchema } from '../../../shared/api.ts';
import {
  accountChangeSchema, accountCreateSchema, accountPatchSchema, bankAccountPatchSchema, bankAccountSchema, dimensionCreateSchema, dimensionObjectCreateSchema,
  dimensionObjectPatchSchema, dimensionObjectSchema, dimensionPatchSchema, dimensionSchema, masterDataSchema, pickerPartiesMax, seriesCreateSchema,
  seriesPatchSchema, seriesSchema, suppliersPageSchema, suppliersRequestSchema, vatCodeChangeSchema, vatCodeCreateSchema, vatCodePatchSchema, vatCodeSchema,
} from '../../../shared/master-data.ts';
import type { Db } from '../../db/client.ts';
import { bankAccounts, customers, suppliers } from '../../db/schema.ts';
import { actorOf } from '../../http/auth.ts';
import { apiApp, companyParams, errors, json } from '../../http/openapi.ts';
import { NotFound } from '../../automations/store.ts';
import { recordAudit } from '../../kernel/audit.ts';
import type { LedgerClock } from '../../kernel/clock.ts';
import { bankAccountOf } from '../bank/accounts.ts';
import {
  createAccount, createDimension, createDimensionObject, createSeries, createVatCode, deleteAccount, deleteVatCode, listAccounts, listDimensions,
  listSeries, listVatCodes, renameDimension, renameSeries, updateAccount, updateDimensionObject, updateVatCode, type Change,
} from './chart.ts';
import { listSuppliers, upsertSuppliers } from './suppliers.ts';
import { requestLanguage } from '../../http/language.ts';

const page = {
  limit: z.coerce.number().int().min(1).max(1000).optional().describe('default 100'),
  offset: z.coerce.number().int().min(0).max(10_000_000).optional(),
};
const body = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } }, required: true });
const refused = {
  409: json(apiErrorSchema, 'Taken, or in use (`field` names it)'),
  422: json(apiErrorSchema, 'Refused: `message` and `issues` name the field and why'),
};

export function masterDataRoutes(db: Db, clock: LedgerClock) {
  const app = apiApp();
  const by = (c: { get(key: 'principal'): Parameters<typeof actorOf>[0] }): Change =>
    ({ actor: actorOf(c.get('principal')), at: clock.now().toISOString(), auditId: clock.newId() });
  const base = '/api/companies/{companyId}';

  app.openapi(createRoute({
    method: 'get', path: `${base}/master-data`, tags: ['Master data'],
    summary: `Everything the designer's pickers choose from, in one read: accounts, series, VAT codes, dimensions with objects, bank accounts, and customers and suppliers (up to ${pickerPartiesMax} each)`,
    request: { params: companyParams }, responses: { 200: json(masterDataSchema, 'The company\'s master data'), ...errors },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const [accountList, series, vatCodes, dimensions, customerRows, supplierRows, bankRows, [{ customerCount }], [{ supplierCount }]] = await Promise.all([
      listAccounts(db, companyId), listSeries(db, companyId), listVatCodes(db, companyId), listDimensions(db, companyId),
      db.select({ customerNo: customers.id, name: customers.name }).from(customers).where(eq(customers.companyId, companyId)).orderBy(asc(customers.id)).limit(pickerPartiesMax),
      db.select({ supplierNo: suppliers.id, name: suppliers.name, active: suppliers.active }).from(suppliers).where(eq(suppliers.companyId, companyId)).orderBy(asc(suppliers.id)).limit(pickerPartiesMax),
      db.select().from(bankAccounts).where(eq(bankAccounts.companyId, companyId)).orderBy(asc(bankAccounts.id)),
      db.select({ customerCount: count() }).from(customers).where(eq(customers.companyId, companyId)),
      db.select({ supplierCount: count() }).from(suppliers).where(eq(suppliers.companyId, companyId)),
    ]);
    return c.json({
      accounts: accountList, series, vatCodes, dimensions, customers: customerRows, suppliers: supplierRows,
      bankAccounts: bankRows.map((b) => ({ id: b.id, name: b.name, ledgerAccount: b.ledgerAccount, currency: b.currency })),
      truncated: { customers: customerCount > pickerPartiesMax, suppliers: supplierCount > pickerPartiesMax },
    }, 200);
  });

  // Accounts (GET …/accounts, with `q`, is in app.ts)
  app.openapi(createRoute({
    method: 'post', path: `${base}/accounts`, tags: ['Master data'],
    summary: 'Create an account (1000–9999; the type from its BAS class unless given); audited',
    request: { params: companyParams, body: body(accountCreateSchema) },
    responses: { 201: json(accountSchema, 'Created'), ...refused, ...errors },
  }), async (c) => c.json(await createAccount(db, c.req.valid('param').companyId, c.req.valid('json'), by(c)), 201));

  const accountParams = companyParams.extend({ number: z.string().regex(/^\d{4}$/, 'must be a 4-digit account number') });
  app.openapi(createRoute({
    method: 'patch', path: `${base}/accounts/{number}`, tags: ['Master data'],
    summary: 'Rename, retype, set the VAT code of, deactivate or reactivate an account (its number never changes); '
      + '`warnings` name published automations that use an account being deactivated; audited',
    request: { params: accountParams, body: body(accountPatchSchema) },
    responses: { 200: json(accountChangeSchema, 'The account as it is now'), ...refused, ...errors },
  }), async (c) => {
    const { companyId, number } = c.req.valid('param');
    return c.json(await updateAccount(db, companyId, number, c.req.valid('json'), by(c), requestLanguage(c)), 200);
  });

  app.openapi(createRoute({
    method: 'delete', path: `${base}/accounts/{number}`, tags: ['Master data'],
    summary: 'Delete an account nobody posted to and no published automation uses (a mistake); one with postings is refused: deactivate it',
    request: { params: accountParams }, responses: { 204: { description: 'Deleted' }, ...refused, ...errors },
  }), async (c) => {
    const { companyId, number } = c.req.valid('param');
    await deleteAccount(db, companyId, number, by(c));
    return c.body(null, 204);
  });

  // Series
  app.openapi(createRoute({
    method: 'get', path: `${base}/series`, tags: ['Master data'], summary: 'Voucher series by code, with how many vouchers each holds',
    request: { params: companyParams }, responses: { 200: json(z.array(seriesSchema), 'The series'), ...errors },
  }), async (c) => c.json(await listSeries(db, c.req.valid('param').companyId), 200));

  app.openapi(createRoute({
    method: 'post', path: `${base}/series`, tags: ['Master data'], summary: 'Create a voucher series; audited',
    request: { params: companyParams, body: body(seriesCreateSchema) }, responses: { 201: json(seriesSchema, 'Created'), ...refused, ...errors },
  }), async (c) => c.json(await createSeries(db, c.req.valid('param').companyId, c.req.valid('json'), by(c)), 201));

  const seriesParams = companyParams.extend({ code: z.string().min(1).max(2) });
  app.openapi(createRoute({
    method: 'patch', path: `${base}/series/{code}`, tags: ['Master data'],
    summary: 'Rename a voucher series (its code and numbering never change); audited',
    request: { params: seriesParams, body: body(seriesPatchSchema) }, responses: { 200: json(seriesSchema, 'The series'), ...refused, ...errors },
  }), async (c) => {
    const { companyId, code } = c.req.valid('param');
    return c.json(await renameSeries(db, companyId, code, c.req.valid('json').name, by(c)), 200);
  });

  // VAT codes
  app.openapi(createRoute({
    method: 'get', path: `${base}/vat-codes`, tags: ['Master data'], summary: 'VAT codes by code, with how many voucher lines carry each',
    request: { params: companyParams }, responses: { 200: json(z.array(vatCodeSchema), 'The VAT codes'), ...errors },
  }), async (c) => c.json(await listVatCodes(db, c.req.valid('param').companyId), 200));

  app.openapi(createRoute({
    method: 'post', path: `${base}/vat-codes`, tags: ['Master data'], summary: 'Create a VAT code (rate in basis points, its VAT accounts from the chart); audited',
    request: { params: companyParams, body: body(vatCodeCreateSchema) }, responses: { 201: json(vatCodeSchema, 'Created'), ...refused, ...errors },
  }), async (c) => c.json(await createVatCode(db, c.req.valid('param').companyId, c.req.valid('json'), by(c)), 201));

  const vatParams = companyParams.extend({ code: z.string().min(1).max(10) });
  app.openapi(createRoute({
    method: 'patch', path: `${base}/vat-codes/{code}`, tags: ['Master data'],
    summary: 'Change a VAT code\'s name, rate, kind, accounts or boxes (refused, 409, once vouchers carry it), or deactivate or reactivate it (an inactive code is refused on new postings); audited',
    request: { params: vatParams, body: body(vatCodePatchSchema) }, responses: { 200: json(vatCodeChangeSchema, 'The VAT code; `warnings` name what uses a code being deactivated'), ...refused, ...errors },
  }), async (c) => {
    const { companyId, code } = c.req.valid('param');
    return c.json(await updateVatCode(db, companyId, code, c.req.valid('json'), by(c), requestLanguage(c)), 200);
  });

  app.openapi(createRoute({
    method: 'delete', path: `${base}/vat-codes/{code}`, tags: ['Master data'],
    summary: 'Delete a VAT code no voucher line carries; one in use is refused: deactivate it',
    request: { params: vatParams }, responses: { 204: { description: 'Deleted' }, ...refused, ...errors },
  }), async (c) => {
    const { companyId, code } = c.req.valid('param');
    await deleteVatCode(db, companyId, code, by(c));
    return c.body(null, 204);
  });

  // Dimensions and objects
  app.openapi(createRoute({
    method: 'get', path: `${base}/dimensions`, tags: ['Master data'], summary: 'Dimensions (SIE numbering: 1 cost centre, 6 project) with their objects',
    request: { params: companyParams }, responses: { 200: json(z.array(dimensionSchema), 'The dimensions'), ...errors },
  }), async (c) => c.json(await listDimensions(db, c.req.valid('param').companyId), 200));

  app.openapi(createRoute({
    method: 'post', path: `${base}/dimensions`, tags: ['Master data'], summary: 'Create a dimension (1–99, SIE numbering); audited',
    request: { params: companyParams, body: body(dimensionCreateSchema) }, responses: { 201: json(dimensionSchema, 'Created'), ...refused, ...errors },
  }), async (c) => c.json(await createDimension(db, c.req.valid('param').companyId, c.req.valid('json'), by(c)), 201));

  const dimensionParams = companyParams.extend({ dimension: z.coerce.number().int().min(1).max(99) });
  app.openapi(createRoute({
    method: 'patch', path: `${base}/dimensions/{dimension}`, tags: ['Master data'], summary: 'Rename a dimension; audited',
    request: { params: dimensionParams, body: body(dimensionPatchSchema) }, responses: { 204: { description: 'Renamed' }, ...errors },
  }), async (c) => {
    const { companyId, dimension } = c.req.valid('param');
    await renameDimension(db, companyId, dimension, c.req.valid('json').name, by(c));
    return c.body(null, 204);
  });

  app.openapi(createRoute({
    method: 'post', path: `${base}/dimensions/{dimension}/objects`, tags: ['Master data'], summary: 'Create an object (a cost centre, a project) in a dimension; audited',
    request: { params: dimensionParams, body: body(dimensionObjectCreateSchema) }, responses: { 201: json(dimensionObjectSchema, 'Created'), ...refused, ...errors },
  }), async (c) => {
    const { companyId, dimension } = c.req.valid('param');
    return c.json(await createDimensionObject(db, companyId, dimension, c.req.valid('json'), by(c)), 201);
  });

  app.openapi(createRoute({
    method: 'patch', path: `${base}/dimensions/{dimension}/objects/{code}`, tags: ['Master data'],
    summary: 'Rename, deactivate or reactivate an object (an inactive object is refused on new postings); audited',
    request: { params: dimensionParams.extend({ code: z.string().min(1).max(40) }), body: body(dimensionObjectPatchSchema) },
    responses: { 200: json(dimensionObjectSchema, 'The object'), ...errors },
  }), async (c) => {
    const { companyId, dimension, code } = c.req.valid('param');
    return c.json(await updateDimensionObject(db, companyId, dimension, code, c.req.valid('json'), by(c)), 200);
  });

  // Suppliers
  app.openapi(createRoute({
    method: 'get', path: `${base}/suppliers`, tags: ['Master data'],
    summary: 'Suppliers by number, paged; `q` searches supplier number, name and organisation number',
    request: { params: companyParams, query: z.object({ q: z.string().max(200).optional(), ...page }) },
    responses: { 200: json(suppliersPageSchema, 'A page of suppliers'), ...errors },
  }), async (c) => c.json(await listSuppliers(db, c.req.valid('param').companyId, c.req.valid('query')), 200));

  app.openapi(createRoute({
    method: 'post', path: `${base}/suppliers`, tags: ['Master data'],
    summary: 'Create or update suppliers (one, or an array of up to 10 000; all or nothing; audited), by `supplierNo`: a field left out keeps what is stored, null clears it',
    request: { params: companyParams, body: body(suppliersRequestSchema) },
    responses: { 200: json(customersUpsertResponseSchema, 'How many were created, updated, or already so'), ...refused, ...errors },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const request = c.req.valid('json');
    return c.json(await upsertSuppliers(db, companyId, Array.isArray(request) ? request : [request], !Array.isArray(request), by(c)), 200);
  });

  // Bank accounts: the name (the ledger account and numbers are what statements are matched by)
  app.openapi(createRoute({
    method: 'patch', path: `${base}/bank-accounts/{bankAccountId}`, tags: ['Bank'], summary: 'Rename a bank account; audited',
    request: { params: companyParams.extend({ bankAccountId: z.string().min(1).max(40) }), body: body(bankAccountPatchSchema) },
    responses: { 200: json(bankAccountSchema, 'The bank account'), ...errors },
  }), async (c) => {
    const { companyId, bankAccountId } = c.req.valid('param');
    const { name } = c.req.valid('json');
    const change = by(c);
    const row = await db.transaction(async (tx) => {
      const where = and(eq(bankAccounts.companyId, companyId), eq(bankAccounts.id, bankAccountId));
      const [found] = await tx.select().from(bankAccounts).where(where);
      if (!found) throw new NotFound(`Bank account "${bankAccountId}" does not exist in this company`);
      if (found.name === name) return found;
      await tx.update(bankAccounts).set({ name }).where(where);
      await recordAudit(tx, {
        id: change.auditId, companyId, at: change.at, actor: change.actor, action: 'bank_account.rename', subject: `bank-account:${bankAccountId}`,
        details: { before: found.name, after: name },
      });
      return { ...found, name };
    });
    return c.json(bankAccountOf(row), 200);
  });

  return app;
}
