import { loadSecretKey, secretKeyNotice } from '../../auth/secret-key.ts';
import { checkpointsWanted, defaultDatabaseUrl, openDatabase } from '../../db/client.ts';
import { createServices } from '../../kernel/services.ts';
import { workerDecidesOnThread } from '../../runs/decider.ts';
import { startBackgroundWork, stopOnSignals } from '../../runs/background.ts';
import type { Command } from '../io.ts';

export const workerCommand: Command = {
  summary: 'Run only the background work: outbox events, schedules, retention (pair with KONTERA_WORKER=off web processes)',
  usage: 'kontera worker',
  async run(_args, io) {
    const secretKey = loadSecretKey(process.env.LIBSQL_URL ?? defaultDatabaseUrl); // before the database: a server needs KONTERA_SECRET_KEY
    const database = await openDatabase(undefined, { checkpoints: checkpointsWanted() });
    // a worker process is there for throughput: it decides on a second core when it has one (KONTERA_DECIDE_THREAD=0: not)
    const services = createServices(database, { secretKey: secretKey.key, decideOnThread: workerDecidesOnThread() });
    for (const line of secretKeyNotice(secretKey, await services.webhooks.encryptPlaintextSecrets())) io.out(line);
    const worker = startBackgroundWork(database, services);
    io.out(`Kontera worker ${services.runner.instanceId} is claiming work from ${database.url}`);
    stopOnSignals(async () => {
      await worker.stop();
      database.close();
    });
    return 0;
  },
};
