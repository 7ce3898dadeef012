/**
 * The VAT domain's HTTP routes: the VAT return (momsdeklaration) with its files, and its settlement.
 * A sub-app mounted by runtime/http/app.ts with `app.route('/', …)`; the app's middleware runs first.
 * The figures and the voucher: runtime/ledger/vat-return.ts.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { apiErrorSchema } from '../../../shared/api.ts';
import { vatReturnSchema, vatSettleRequestSchema, vatSettleResponseSchema } from '../../../shared/vat.ts';
import type { Db } from '../../db/client.ts';
import { companies } from '../../db/schema.ts';
import { actorOf } from '../../http/auth.ts';
import { apiApp, companyParams, errors, json } from '../../http/openapi.ts';
import type { LedgerClock } from '../../kernel/clock.ts';
import { csvContentType, csvFileName } from '../../ledger/report-csv.ts';
import { euSalesListCsv, euSalesListSkv, settleVatReturn, vatReturn, vatReturnCsv } from '../../ledger/vat-return.ts';
import { requestLanguage } from '../../http/language.ts';

const periodParam = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a period is YYYY-MM');

export function vatRoutes(db: Db, clock: LedgerClock) {
  const app = apiApp();

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/reports/vat-return', tags: ['Reports'],
    summary: 'The VAT return (momsdeklaration) for a month, a calendar quarter or a fiscal year: Skatteverket\'s boxes 05–62, 48 and 49 '
      + '(exact and in whole kronor, öre dropped), each box\'s accounts, VAT codes and lines, the settlement, the EU sales list',
    request: {
      params: companyParams,
      query: z.object({
        from: periodParam, to: periodParam,
        format: z.enum(['json', 'csv', 'eu-csv', 'skv574']).optional()
          .describe('csv: the boxes; eu-csv: the EU sales list as a plain CSV; skv574: the EU sales list in Skatteverket\'s file format (SKV574008)'),
        contactName: z.string().max(35).optional().describe('skv574: the person responsible (≤ 35 characters)'),
        contactPhone: z.string().max(17).optional().describe('skv574: their phone, e.g. 08-123456'),
        contactEmail: z.string().max(254).optional().describe('skv574: their e-mail (optional)'),
      }),
    },
    responses: {
      200: { content: { 'application/json': { schema: vatReturnSchema }, 'text/csv': { schema: z.string() }, 'text/plain': { schema: z.string() } }, description: 'The return, or a file' },
      422: json(apiErrorSchema, 'Not a VAT period (a month, a calendar quarter or a fiscal year), or a file that cannot be made'), ...errors,
    },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const { from, to, format, contactName, contactPhone, contactEmail } = c.req.valid('query');
    const report = await vatReturn(db, companyId, { fromPeriod: from, toPeriod: to }, requestLanguage(c));
    const attachment = (name: string, type = csvContentType) => ({ 'content-type': type, 'content-disposition': `attachment; filename="${name}"` });
    if (format === 'csv') return c.body(vatReturnCsv(report), 200, attachment(csvFileName(companyId, 'momsdeklaration', from, to)));
    if (format === 'eu-csv') return c.body(euSalesListCsv(report), 200, attachment(csvFileName(companyId, 'periodisk-sammanstallning', from, to)));
    if (format === 'skv574') {
      const [company] = await db.select({ orgNumber: companies.orgNumber }).from(companies).where(eq(companies.id, companyId));
      if (!contactName || !contactPhone) {
        return c.json({ error: 'invalid_request', message: 'The SKV574008 file names the person responsible: give contactName and contactPhone', field: contactName ? 'contactPhone' : 'contactName' }, 422);
      }
      const file = euSalesListSkv(report, { orgNumber: company.orgNumber, contactName, contactPhone, contactEmail });
      return c.body(file, 200, attachment(csvFileName(companyId, 'SKV574008', from, to), 'text/plain; charset=utf-8'));
    }
    return c.json(report, 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/vat-returns', tags: ['Ledger'],
    summary: 'Settle a VAT period: a voucher on its last day zeroes the VAT accounts, books box 49 to 2650 and the öre dropped to 3740 (audited). '
      + 'Refused when the period, or one overlapping it, is settled; reversing the voucher un-settles it',
    request: { params: companyParams, body: { content: { 'application/json': { schema: vatSettleRequestSchema } }, required: true } },
    responses: {
      201: json(vatSettleResponseSchema, 'The settlement and its voucher'),
      409: json(apiErrorSchema, 'Already settled (by the voucher named)'),
      422: json(apiErrorSchema, 'Not a VAT period, nothing to settle, an account missing, or the ledger refused (e.g. a locked period)'), ...errors,
    },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const { from, to } = c.req.valid('json');
    const settled = await settleVatReturn(db, companyId, { fromPeriod: from, toPeriod: to }, actorOf(c.get('principal')), clock);
    return c.json(settled, 201);
  });

  return app;
}
