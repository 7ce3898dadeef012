/**
 * Creating a company: the BAS chart, VAT codes, voucher series, the first
 * fiscal year with its monthly periods and the two dimensions — exactly what
 * the demo company gets (runtime/seed/demo.ts builds on the same function) —
 * with the caller as its admin, audited, in one transaction.
 *
 * Who may create companies: the bootstrap token (KONTERA_BOOTSTRAP_TOKEN,
 * created by `system:bootstrap`) and the first admin — the user of the
 * earliest admin membership in the database (the person bootstrap made, or
 * whoever `kontera grant` made admin first), signed in or with an admin
 * token they created — plus anyone whose e-mail is in
 * KONTERA_COMPANY_CREATORS (comma-separated; empty by default). Nobody else.
 */
import { asc, eq } from 'drizzle-orm';
import { permissions } from '../../../shared/permissions.ts';
import type { CreateCompanyRequest, CreatedCompany } from '../../../shared/api.ts';
import { AuthStore, type Principal } from '../../auth/store.ts';
import type { Db } from '../../db/client.ts';
import { accounts, apiTokens, companies, dimensions, memberships, users, vatCodes, voucherSeries } from '../../db/schema.ts';
import { recordAudit } from '../../kernel/audit.ts';
import type { LedgerClock } from '../../kernel/clock.ts';
import { DomainRefusal } from '../../kernel/errors.ts';
import type { Tx } from '../../ledger/ledger.ts';
import { basAccounts, basAccountType, demoVatCodes, standardVatCodeRows } from '../../seed/bas-accounts.ts';
import { normaliseOrgNumber } from '../ar/numbers.ts';
import { calendarYear, fiscalYearProblem, fiscalYearRefusal, insertFiscalYear, listFiscalYears } from './fiscal-years.ts';

type Writer = Db | Tx;

/** The voucher series every new company gets (C: customer invoices, runtime/domains/ar). */
export const standardSeries = [
  { code: 'A', name: 'Manuella verifikationer' },
  { code: 'B', name: 'Leverantörsfakturor' },
  { code: 'C', name: 'Kundfakturor' },
  { code: 'D', name: 'Bank' },
  { code: 'E', name: 'Automatiska verifikationer' },
];

/** The company row, its first fiscal year (keyed by the year it starts in) with monthly periods, and the standard series. */
export async function insertCompanyBasics(tx: Writer, company: { id: string; name: string; orgNumber: string; fiscalYear: { start: string; end: string } }): Promise<void> {
  await tx.insert(companies).values({ id: company.id, name: company.name, orgNumber: company.orgNumber });
  await insertFiscalYear(tx, company.id, Number(company.fiscalYear.start.slice(0, 4)), company.fiscalYear.start, company.fiscalYear.end);
  await tx.insert(voucherSeries).values(standardSeries.map((s) => ({ companyId: company.id, ...s })));
}

/** Basics plus the chart: VAT codes, the BAS accounts and the dimensions cost centre (1) and project (6). */
export async function setUpCompany(tx: Writer, company: { id: string; name: string; orgNumber: string; fiscalYear: { start: string; end: string } }): Promise<void> {
  await insertCompanyBasics(tx, company);
  await tx.insert(vatCodes).values(standardVatCodeRows(company.id));
  await tx.insert(accounts).values(basAccounts.map(([number, name, vatCode]) => ({
    companyId: company.id, number, name, type: basAccountType(number), vatCode: vatCode ?? null, active: true,
  })));
  await tx.insert(dimensions).values([
    { companyId: company.id, number: 1, name: 'Kostnadsställe' },
    { companyId: company.id, number: 6, name: 'Projekt' },
  ]);
}

/** The first admin: the user of the earliest admin membership (ties by user id), or null before there is one. */
export async function firstAdminId(db: Pick<Db, 'select'>): Promise<string | null> {
  const [row] = await db.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.role, 'admin'))
    .orderBy(asc(memberships.createdAt), asc(memberships.userId)).limit(1);
  return row?.userId ?? null;
}

/** Whether this caller may create companies (see the top of this file). */
export async function mayCreateCompanies(db: Pick<Db, 'select'>, principal: Principal, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  if (principal.kind === 'token') {
    const [token] = await db.select({ createdBy: apiTokens.createdBy }).from(apiTokens).where(eq(apiTokens.id, principal.id));
    if (token?.createdBy === 'system:bootstrap') return true;
    // the first admin's own token, with the admin permission
    const isAdminToken = [...principal.companies.values()].some((access) => access.permissions.has('admin'));
    return isAdminToken && principal.personId !== null && principal.personId === await firstAdminId(db);
  }
  if (principal.id === await firstAdminId(db)) return true;
  const creators = (env.KONTERA_COMPANY_CREATORS ?? '').split(',').map((e) => e.trim().toLowerCase()).filter(Boolean);
  if (creators.length === 0) return false;
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, principal.id));
  return !!user && creators.includes(user.email);
}

/**
 * Creates a company for `by.actor`: 422 for a bad organisation number or fiscal year, 409 when the id
 * is taken. `by.adminUserIds` become its admins (in the same transaction); `by.tokenFor` (a token
 * caller) gets a new admin token of the company; `loadExamples` publishes rules-examples/ afterwards.
 */
export async function createCompany(db: Db, request: CreateCompanyRequest, by: {
  actor: string; clock: LedgerClock; adminUserIds: string[]; tokenFor?: string;
  loadExamples?: (db: Db, companyId: string) => Promise<string[]>;
}): Promise<CreatedCompany> {
  const orgNumber = normaliseOrgNumber(request.orgNumber);
  if (!orgNumber) {
    const message = `"${request.orgNumber}" is not a Swedish organisation number (10 digits, NNNNNN-NNNN, the last a mod-10 check digit)`;
    throw new DomainRefusal(422, 'invalid_company', `orgNumber: ${message}`, { issues: [{ path: 'orgNumber', message }] });
  }
  const fiscalYear = request.fiscalYear ?? calendarYear(by.clock.now().getUTCFullYear());
  const problem = fiscalYearProblem(fiscalYear.start, fiscalYear.end);
  if (problem) throw fiscalYearRefusal(problem, 'fiscalYear.');
  const at = by.clock.now().toISOString();
  await db.transaction(async (tx) => {
    const [taken] = await tx.select({ id: companies.id }).from(companies).where(eq(companies.id, request.id));
    if (taken) throw new DomainRefusal(409, 'conflict', `A company with id "${request.id}" already exists`, { field: 'id' });
    await setUpCompany(tx, { id: request.id, name: request.name, orgNumber, fiscalYear });
    await recordAudit(tx, {
      id: by.clock.newId(), companyId: request.id, at, actor: by.actor, action: 'company.create', subject: `company:${request.id}`,
      details: { name: request.name, orgNumber, fiscalYear, examples: !!request.examples },
    });
    for (const userId of by.adminUserIds) {
      await tx.insert(memberships).values({ userId, companyId: request.id, role: 'admin', createdAt: at });
      await recordAudit(tx, { id: by.clock.newId(), companyId: request.id, at, actor: by.actor, action: 'member.role', subject: `user:${userId}`, details: { role: 'admin' } });
    }
  });
  // After the commit: a token and the example automations each write through their own stores.
  let token: CreatedCompany['token'] = null;
  if (by.tokenFor) {
    const created = await new AuthStore(db, by.clock).createToken({ companyId: request.id, name: 'admin (created with the company)', permissions: [...permissions], createdBy: by.tokenFor });
    token = { id: created.id, token: created.token };
  }
  const automations = request.examples && by.loadExamples ? await by.loadExamples(db, request.id) : [];
  const series = await db.select({ code: voucherSeries.code }).from(voucherSeries).where(eq(voucherSeries.companyId, request.id)).orderBy(asc(voucherSeries.code));
  const [company] = await db.select().from(companies).where(eq(companies.id, request.id));
  return {
    id: company.id, name: company.name, orgNumber: company.orgNumber, baseCurrency: company.baseCurrency, timeZone: company.timeZone,
    fiscalYears: await listFiscalYears(db, request.id), accounts: basAccounts.length, vatCodes: demoVatCodes.length, series: series.map((s) => s.code),
    automations, admins: by.adminUserIds.map((id) => `user:${id}`), token,
  };
}
