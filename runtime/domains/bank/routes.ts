/**
 * The bank domain's HTTP routes, a sub-app mounted by runtime/http/app.ts
 * (`app.route('/', …)`) with full paths, so the route patterns (permissions,
 * idempotency, the tenancy test) and the OpenAPI document are the same as
 * if declared there; the app's middleware (authentication, body limits,
 * JSON guard, Idempotency-Key) runs before them.
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  apiErrorSchema, bankAccountRequestSchema, bankAccountSchema, bankLinesAcceptedSchema, bankLinesRequestSchema, bankLinesResponseSchema,
  bankStatementImportSchema, statementRefusedSchema,
} from '../../../shared/api.ts';
import { actorOf } from '../../http/auth.ts';
import { limitKb } from '../../http/middleware.ts';
import { apiApp, companyParams, errors, json } from '../../http/openapi.ts';
import { bankAccountOf, createBankAccount, listBankAccounts } from './accounts.ts';
import type { BankLineReceiver } from './receive.ts';
import { importStatement, statementBytesMax } from './statements.ts';
import { statementWorkerBytesMin, warmStatementParser } from '../../formats/parse-statement-file.ts';

export function bankRoutes(receiver: BankLineReceiver) {
  const app = apiApp();

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/bank-lines', tags: ['Bank'],
    summary: 'Receive bank lines (one or an array): stored, then every published "Bank line imported" automation runs '
      + '(before the answer up to KONTERA_BANK_LINES_INLINE_MAX lines, default 1000; a larger request is answered 202 once stored, and the worker runs it)',
    middleware: [limitKb(5 * 1024)] as const,
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
    // A line's bank account is one of the company's: without one it is the oldest account in its currency;
    // one that is not the ledger account of any of them is refused (a bank rule books against it).
    const accounts = await listBankAccounts(receiver.runner.db, companyId);
    if (accounts.length) {
      const ledgerAccounts = new Set(accounts.map((a) => a.ledgerAccount));
      const primary = [...accounts].sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? '') || a.id.localeCompare(b.id));
      for (const [index, line] of lines.entries()) {
        if (line.bankAccount === undefined) {
          // the company's first bank account (the oldest) in the line's currency
          const account = primary.find((a) => a.currency === line.currency) ?? primary[0];
          line.bankAccount = account.ledgerAccount;
          line.bankAccountId ??= account.id;
        } else if (!ledgerAccounts.has(line.bankAccount)) {
          const known = accounts.map((a) => `${a.ledgerAccount} (${a.id})`).join(', ');
          const message = `${line.bankAccount} is not the ledger account of any of the company's bank accounts: ${known}`;
          return c.json({ error: 'invalid_request', message: `[${index}].bankAccount: ${message}`, issues: [{ path: `[${index}].bankAccount`, message }] }, 400);
        }
      }
    }
    // The exact bytes as received: jsonGuard read and kept them (Hono caches the first read) before the validator parsed them.
    const original = { kind: 'bank-lines-request' as const, bytes: new Uint8Array(await c.req.arrayBuffer()), mediaType: 'application/json', receivedBy: actorOf(c.get('principal')) };
    const result = await receiver.receive(companyId, lines, original);
    if ('queued' in result) {
      const base = `/api/companies/${encodeURIComponent(companyId)}`;
      return c.json({ ...result, workQueue: `${base}/work-queue`, runs: `${base}/runs?from=${encodeURIComponent(result.receivedAt)}` }, 202);
    }
    return c.json(result, 200);
  });

  const { db, clock } = receiver.runner;

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/bank-accounts', tags: ['Bank'], summary: "The company's bank accounts",
    request: { params: companyParams },
    responses: { 200: json(z.array(bankAccountSchema), 'Bank accounts, by id'), ...errors },
  }), async (c) => c.json((await listBankAccounts(db, c.req.valid('param').companyId)).map(bankAccountOf), 200));

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/bank-accounts', tags: ['Bank'],
    summary: 'Create a bank account (admin; audited): IBAN checked mod 97, bankgiro and plusgiro mod 10, the ledger account an active 19xx asset account',
    request: { params: companyParams, body: { content: { 'application/json': { schema: bankAccountRequestSchema } }, required: true } },
    responses: {
      201: json(bankAccountSchema, 'Created'),
      409: json(apiErrorSchema, 'The id, IBAN or bankgiro is already a bank account of this company (`field` names which)'),
      422: json(apiErrorSchema, 'Refused: a bad IBAN or giro number, a ledger account not in the chart, an invalid CSV mapping'), ...errors,
    },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const row = await createBankAccount(db, companyId, c.req.valid('json'), { actor: actorOf(c.get('principal')), at: clock.now().toISOString(), auditId: clock.newId() });
    return c.json(bankAccountOf(row), 201);
  });

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/bank-statements', tags: ['Bank'],
    summary: 'Import a bank statement file (camt.053/054, BgMax, or CSV with the bank account\'s saved mapping) sent as the raw body: '
      + 'each line becomes a bank line, as for POST …/bank-lines; the file is kept as the original. A refused file stores nothing.',
    middleware: [limitKb(statementBytesMax / 1024)] as const,
    request: {
      params: companyParams,
      query: z.object({ bankAccount: z.string().min(1).max(100).optional().describe('the bank account\'s id; required for CSV, otherwise taken from the file') }),
    },
    responses: {
      200: json(bankStatementImportSchema, 'Imported; the automations ran on the new lines'),
      202: json(bankStatementImportSchema, 'A large file: every line stored and counted; the worker runs the automations'),
      422: json(statementRefusedSchema, 'Refused whole, nothing stored: a malformed file (`statement_refused` with `code`, `where`, `field`), an unknown or mismatched account, a currency other than the account\'s'),
      ...errors,
    },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    // A large file's parser thread starts while its body arrives (both take ≈ 0.5 s at 60 MB).
    warmStatementParser(Number(c.req.header('content-length') ?? statementWorkerBytesMin));
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    const mediaType = c.req.header('content-type')?.split(';')[0].trim();
    const result = await importStatement(db, receiver, companyId, {
      bytes, mediaType: mediaType && mediaType !== 'application/x-www-form-urlencoded' ? mediaType : undefined,
      bankAccountId: c.req.valid('query').bankAccount, receivedBy: actorOf(c.get('principal')),
    });
    return c.json(result, result.queued ? 202 : 200);
  });

  return app;
}
