import { setPriority } from 'node:os';
import { openDatabase } from '../../db/client.ts';
import { createServices } from '../../http/app.ts';
import { startBackgroundWork, stopOnSignals } from '../../runs/background.ts';
import type { Command } from '../io.ts';

export const workerCommand: Command = {
  summary: 'Run only the background work: outbox events, schedules, retention (pair with KONTERA_WORKER=off web processes)',
  usage: 'kontera worker',
  async run(_args, io) {
    // Below web processes on the same host (nice 10 by default): acknowledging deliveries comes first,
    // the outbox absorbs a burst and drains as CPU frees up. No effect on a host of its own.
    const nice = Number(process.env.KONTERA_WORKER_NICE ?? 10);
    if (nice) {
      try {
        setPriority(nice);
      } catch (error) {
        io.err(`Could not lower the worker's CPU priority to ${nice}: ${(error as Error).message}`);
      }
    }
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
