/**
 * The currency domain's HTTP routes: a company's exchange rates, read and
 * set (JSON rows, or a CSV / Riksbanken paste in `csv`). Mounted by
 * runtime/http/app.ts with `app.route('/', …)` and full paths.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { exchangeRatesPageSchema, exchangeRatesRequestSchema, exchangeRatesSetSchema } from '../../../shared/api.ts';
import type { Db } from '../../db/client.ts';
import { companies } from '../../db/schema.ts';
import { actorOf } from '../../http/auth.ts';
import { apiApp, companyParams, errors, json } from '../../http/openapi.ts';
import type { LedgerClock } from '../../kernel/clock.ts';
import { listRates, parseRatesCsv, rateLookBackDays, setRates } from './rates.ts';

export function currencyRoutes(db: Db, clock: LedgerClock) {
  const app = apiApp();
  const date = z.iso.date();

  app.openapi(createRoute({
    method: 'get', path: '/api/companies/{companyId}/exchange-rates', tags: ['Ledger'],
    summary: `Exchange rates (base currency per unit), newest first; a day without one uses the latest of the ${rateLookBackDays} days before it`,
    request: {
      params: companyParams,
      query: z.object({
        currency: z.string().regex(/^[A-Z]{3}$/).optional(), from: date.optional(), to: date.optional(),
        limit: z.coerce.number().int().min(1).max(5000).optional().describe('default 500'),
      }),
    },
    responses: { 200: json(exchangeRatesPageSchema, 'The rates'), ...errors },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const [company] = await db.select({ baseCurrency: companies.baseCurrency }).from(companies).where(eq(companies.id, companyId));
    return c.json({ baseCurrency: company?.baseCurrency ?? 'SEK', rates: await listRates(db, companyId, c.req.valid('query')) }, 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/api/companies/{companyId}/exchange-rates', tags: ['Ledger'],
    summary: 'Set exchange rates by hand (`rates`) or from a CSV or Riksbanken paste (`csv`); all or nothing, audited. '
      + 'A different rate for a day that has one is refused (409) unless `replace` is true',
    request: { params: companyParams, body: { content: { 'application/json': { schema: exchangeRatesRequestSchema } }, required: true } },
    responses: { 200: json(exchangeRatesSetSchema, 'How many rates were created, corrected or already so'), ...errors },
  }), async (c) => {
    const { companyId } = c.req.valid('param');
    const body = c.req.valid('json');
    const [company] = await db.select({ baseCurrency: companies.baseCurrency }).from(companies).where(eq(companies.id, companyId));
    const rates = body.csv !== undefined ? parseRatesCsv(body.csv) : body.rates ?? [];
    const source = body.source ?? (body.csv !== undefined ? 'csv' : 'manual');
    return c.json(await setRates(db, companyId, company?.baseCurrency ?? 'SEK', rates, {
      source, replace: body.replace ?? false, actor: actorOf(c.get('principal')), now: clock.now().toISOString(), auditId: clock.newId(),
    }), 200);
  });
  return app;
}
