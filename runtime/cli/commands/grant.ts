import { randomBytes } from 'node:crypto';
import { openDatabase } from '../../db/client.ts';
import { roles, type Role } from '../../../shared/permissions.ts';
import { AuthError, AuthStore } from '../../auth/store.ts';
import { parseArgs, type Command } from '../io.ts';

export const grantCommand: Command = {
  summary: 'Give a person a role in a company (creates the user when new; --password also resets a lost one)',
  usage: 'kontera grant <email> --company <id> --role <viewer|designer|publisher|approver|admin> [--name <name>] [--password <pw>]',
  async run(args, io) {
    const { flags, positional } = parseArgs(args);
    const email = positional[0];
    const role = flags.role;
    if (!email || typeof flags.company !== 'string' || typeof role !== 'string' || !(roles as readonly string[]).includes(role)) {
      io.err(`Usage: ${this.usage}`);
      return 2;
    }
    const database = await openDatabase();
    try {
      const store = new AuthStore(database.db);
      let user = await store.userByEmail(email);
      if (!user) {
        const password = typeof flags.password === 'string' ? flags.password : randomBytes(12).toString('base64url');
        await store.createUser({ email, name: typeof flags.name === 'string' ? flags.name : email, password });
        user = (await store.userByEmail(email))!;
        io.out(`Created user ${user.email}${typeof flags.password === 'string' ? '' : ` with the password ${password} (shown only now)`}`);
      } else if (typeof flags.password === 'string') {
        await store.setPassword(user.id, flags.password, 'cli:grant');
        io.out(`Set a new password for ${user.email} (their sessions were ended)`);
      }
      await store.grant(user.id, flags.company, role as Role, 'cli:grant');
      io.out(`${user.email} is now ${role} of company "${flags.company}"`);
      return 0;
    } catch (error) {
      if (!(error instanceof AuthError)) throw error;
      io.err(`kontera grant: ${error.message}`);
      return 1;
    } finally {
      database.close();
    }
  },
};
