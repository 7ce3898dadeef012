/**
 * Bank lines with their outcomes, and what a person does with one (match
 * by hand, split, book to an account): a sub-app mounted by
 * runtime/http/app.ts like the bank routes.
 */
import { createRoute, z } from '@hono/zod-openapi';
import {
  apiErrorSchema, bankLineActionResponseSchema, bankLineDetailSchema, bankLineListSchema, bankLineQuerySchema, bookBankLineRequestSchema,
  manualMatchRequestSchema,
} from '../../../../shared/api.ts';
import { NotFound } from '../../../automations/store.ts';
import { actorOf } from '../../../http/auth.ts';
import { apiApp, companyParams, errors, json } from '../../../http/openapi.ts';
import type { Runner } from '../../../runs/runner.ts';
import type { MatchDecision } from '../matching/index.ts';
import { bookToAccount, matchByHand, type ManualDone } from './manual.ts';
import { requestLanguage } from '../../../http/language.ts';
import { renderMessage, type MessageLanguage } from '../../../../shared/i18n/messages.ts';
import { bankLineWithOutcome, decisionsOf, listBankLines } from './outcomes.ts';
import { lineIn, reasonsIn } from './reasons-language.ts';

const lineParams = companyParams.extend({ bankLineId: z.string().min(1).max(200) });

export function paymentRoutes(runner: Runner) {
  const app = apiApp();
  const { db, clock } = runner;

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/bank-lines', tags: ['Bank'],
    summary: 'Bank lines with their outcome: invoices settled (matched, partial, overpaid, multi), booked by a bank rule or a person, or an exception with the ranked candidates',
    request: { params: companyParams, query: bankLineQuerySchema },
    responses: { 200: json(bankLineListSchema, 'Lines, newest booking date first'), ...errors },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const list = await listBankLines(db, companyId, c.req.valid('query'));
    const language = requestLanguage(c);
    return c.json({ ...list, lines: list.lines.map((line) => lineIn(language, line)) }, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/bank-lines/{bankLineId}', tags: ['Bank'],
    summary: 'One bank line: its outcome and every decision made about it (automatic and by hand)',
    request: { params: lineParams },
    responses: { 200: json(bankLineDetailSchema, 'The line'), ...errors },
  }), async (c) => {
    const { companyId, bankLineId } = c.req.valid('param');
    const line = await bankLineWithOutcome(db, companyId, bankLineId);
    if (!line) throw new NotFound(`Bank line "${bankLineId}" does not exist`);
    const decisions = await Promise.all((await decisionsOf(db, companyId, bankLineId)).map(async (d) => ({
      id: d.id, kind: d.kind, exceptionReason: d.exceptionReason, score: d.scoreMilli / 1000, reasons: JSON.parse(d.reasons), allocations: JSON.parse(d.allocations),
      candidates: await candidatesOf(companyId, d), excessMinor: d.excessMinor, account: d.account, voucherId: d.voucherId, runId: d.runId, automationId: d.automationId,
      decidedAt: d.decidedAt, decidedBy: d.decidedBy,
    })));
    const language = requestLanguage(c);
    return c.json({ ...lineIn(language, line), decisions: decisions.map((d) => reasonsIn(language, d)) }, 200);
  });

  /** A decision's candidates: its own, or for a settling decision of a run (stored without them: effect.ts) its run's match-payment step's. */
  const candidatesOf = async (companyId: string, d: { candidates: string; voucherId: string | null; runId: string | null }): Promise<MatchDecision['candidates']> => {
    const own = JSON.parse(d.candidates) as MatchDecision['candidates'];
    if (own.length || d.voucherId === null || d.runId === null) return own;
    const run = await runner.getRun(companyId, d.runId).catch((error) => { if (error instanceof NotFound) return null; throw error; });
    const step = run?.trace.find((s) => s.nodeType === 'match-payment');
    const candidates = (step?.output as { candidates?: unknown } | undefined)?.candidates;
    return Array.isArray(candidates) ? candidates as MatchDecision['candidates'] : [];
  };

  const answer = async (companyId: string, bankLineId: string, { notes, ...done }: ManualDone, language: MessageLanguage) => {
    runner.ports.openInvoices.recheck(companyId);
    return {
      line: lineIn(language, (await bankLineWithOutcome(db, companyId, bankLineId))!), ...done,
      ...(notes.length ? { notes: notes.map((n) => ({ code: n.code, message: renderMessage(language, n) })) } : {}),
    };
  };

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/bank-lines/{bankLineId}/match', tags: ['Bank'],
    summary: 'Match an incoming payment by hand: settle one invoice, or split it over several (the excess, if any, to a customer credit account); posts and audits like an automatic match',
    request: { params: lineParams, body: { content: { 'application/json': { schema: manualMatchRequestSchema } }, required: true } },
    responses: {
      200: json(bankLineActionResponseSchema, 'Settled: the voucher, the line and the inbox items resolved'),
      409: json(apiErrorSchema, 'Already booked, or an invoice changed meanwhile'), ...errors,
    },
  }), async (c) => {
    const { companyId, bankLineId } = c.req.valid('param');
    const done = await matchByHand({ db, clock, companyId, bankLineId, by: actorOf(c.get('principal')) }, c.req.valid('json'));
    return c.json(await answer(companyId, bankLineId, done, requestLanguage(c)), 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/bank-lines/{bankLineId}/book', tags: ['Bank'],
    summary: 'Book a bank line by hand to an account against its bank account (audited); resolves its inbox items',
    request: { params: lineParams, body: { content: { 'application/json': { schema: bookBankLineRequestSchema } }, required: true } },
    responses: { 200: json(bankLineActionResponseSchema, 'Booked'), 409: json(apiErrorSchema, 'Already booked'), ...errors },
  }), async (c) => {
    const { companyId, bankLineId } = c.req.valid('param');
    const done = await bookToAccount({ db, clock, companyId, bankLineId, by: actorOf(c.get('principal')) }, c.req.valid('json'));
    return c.json(await answer(companyId, bankLineId, done, requestLanguage(c)), 200);
  });

  return app;
}
