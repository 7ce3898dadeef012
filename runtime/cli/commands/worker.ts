import { openDatabase } from '../../db/client.ts';
import { createServices } from '../../http/app.ts';
import { startBackgroundWork, stopOnSignals } from '../../runs/background.ts';
import type { Command } from '../io.ts';

export const workerCommand: Command = {
  summary: 'Run only the background work: outbox events, schedules, retention (pair with KONTERA_WORKER=off web processes)',
  usage: 'kontera worker',
  async run(_args, io) {
    const database = await openDatabase();
    const services = createServices(database);
    const worker = startBackgroundWork(database, services);
    io.out(`Kontera worker ${services.runner.instanceId} is claiming work from ${database.url}`);
    stopOnSignals(async () => {
      await worker.stop();
      database.close();
    });
    return 0;
  },
};
