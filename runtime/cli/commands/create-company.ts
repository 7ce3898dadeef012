import { AuthStore } from '../../auth/store.ts';
import { openDatabase } from '../../db/client.ts';
import { createCompany, firstAdminId } from '../../domains/companies/companies.ts';
import { DomainRefusal } from '../../kernel/errors.ts';
import { systemClock } from '../../kernel/clock.ts';
import { loadExampleAutomations } from '../../seed/demo.ts';
import { createCompanyRequestSchema } from '../../../shared/api.ts';
import { parseArgs, type Command } from '../io.ts';

export const createCompanyCommand: Command = {
  summary: 'Create a company with the BAS chart, VAT codes, series and its first fiscal year (default: this calendar year), as POST /api/companies does; '
    + 'its admin is --admin-email, or else the first admin',
  usage: 'kontera create-company --id <id> --name <name> --org-number <556…> [--fiscal-year <start>..<end>] [--examples] [--admin-email <email>] [--json]',
  async run(args, io) {
    const { flags } = parseArgs(args, ['json', 'examples']);
    const text = (name: string) => (typeof flags[name] === 'string' ? flags[name] as string : undefined);
    const fiscalYearText = text('fiscal-year');
    const range = fiscalYearText ? /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(fiscalYearText) : null;
    if (!text('id') || !text('name') || !text('org-number') || (fiscalYearText !== undefined && !range) || flags['fiscal-year'] === true || flags['admin-email'] === true) {
      io.err(`Usage: ${this.usage}`);
      return 2;
    }
    const parsed = createCompanyRequestSchema.safeParse({
      id: text('id'), name: text('name'), orgNumber: text('org-number'), examples: flags.examples === true,
      ...(range ? { fiscalYear: { start: range[1], end: range[2] } } : {}),
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) io.err(`kontera create-company: ${issue.path.join('.')}: ${issue.message}`);
      return 2;
    }
    const database = await openDatabase();
    try {
      const auth = new AuthStore(database.db);
      let adminId: string | null;
      const email = text('admin-email');
      if (email) {
        adminId = (await auth.userByEmail(email))?.id ?? null;
        if (!adminId) { io.err(`kontera create-company: no user has the e-mail ${email} (kontera grant makes one)`); return 1; }
      } else {
        adminId = await firstAdminId(database.db);
      }
      const created = await createCompany(database.db, parsed.data, {
        actor: 'cli:create-company', clock: systemClock, adminUserIds: adminId ? [adminId] : [], loadExamples: (db, id) => loadExampleAutomations(db, id),
      });
      if (flags.json) {
        io.out(JSON.stringify(created, null, 2));
      } else {
        const years = created.fiscalYears.map((y) => `${y.startDate}..${y.endDate} (${y.periods} periods)`).join(', ');
        io.out(`Created company "${created.id}" (${created.name}, ${created.orgNumber}): ${created.accounts} accounts, ${created.vatCodes} VAT codes, series ${created.series.join(' ')}, fiscal year ${years}`);
        if (created.automations.length) io.out(`  published ${created.automations.length} example automations: ${created.automations.join(', ')}`);
        io.out(adminId ? `  admin: ${created.admins.join(', ')}` : '  no admin yet: kontera grant <email> --company ' + created.id + ' --role admin');
      }
      return 0;
    } catch (error) {
      if (!(error instanceof DomainRefusal)) throw error;
      if (flags.json) io.out(JSON.stringify({ error: error.code, message: error.message, ...error.extra }, null, 2));
      io.err(`kontera create-company: ${error.message}`);
      return 1;
    } finally {
      database.close();
    }
  },
};
