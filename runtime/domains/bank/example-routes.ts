/**
 * GET …/bank-statements/example: an example camt.053 statement made from the
 * company's open invoices (example-statement.ts), to download and import like
 * a bank's file. A sub-app mounted by runtime/http/app.ts with full paths;
 * reads only ("read").
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Db } from '../../db/client.ts';
import { apiApp, companyParams, errors } from '../../http/openapi.ts';
import { exampleStatement } from './example-statement.ts';

export function exampleStatementRoutes(db: Db, now: () => Date) {
  const app = apiApp();

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/bank-statements/example', tags: ['Bank'],
    summary: "An example camt.053 statement for one of the company's bank accounts, made from its open customer invoices (one paid in full by OCR, "
      + 'one in part, one by amount and name), an unknown payment, a bank fee, interest and a tax-account transfer, dated today: '
      + 'import it (POST …/bank-statements) to see matching, the bank rules and the exceptions inbox at work. Nothing is stored.',
    request: { params: companyParams, query: z.object({ bankAccount: z.string().max(100).optional().describe('the bank account (id); default the oldest in SEK with an IBAN') }) },
    responses: { 200: { content: { 'application/xml': { schema: z.string() } }, description: 'The statement file (camt.053.001.02, UTF-8)' }, ...errors },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const { bankAccount } = c.req.valid('query');
    const example = await exampleStatement(db, companyId, { bankAccountId: bankAccount, now: now() });
    return c.body(example.bytes as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/xml; charset=utf-8',
      'content-disposition': `attachment; filename="${example.filename}"`,
      'cache-control': 'private, no-store',
    });
  });

  return app;
}
