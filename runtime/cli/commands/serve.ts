import type { Command } from '../io.ts';

export const serve: Command = {
  summary: 'Start the API and the designer (PORT, LIBSQL_URL)',
  usage: 'kontera serve',
  async run(_args, io) {
    const { startServer } = await import('../../../server.ts');
    await startServer({ log: io.out });
    return 0;
  },
};
