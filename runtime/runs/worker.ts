/**
 * The worker loop: claims due events from the database (with leases, so any
 * number of processes can run it against one database) and processes them.
 * Woken at once when this process enqueues; otherwise it polls.
 */
import type { Logger } from '../engine/types.ts';
import type { Runner } from './runner.ts';

export interface WorkerState {
  running: boolean;
  processed: number;
  lastPollAt: string | null;
  lastError: string | null;
}

export class Worker {
  private running = false;
  private wakeUp: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  readonly stats: WorkerState = { running: false, processed: 0, lastPollAt: null, lastError: null };
  /** Jobs run on each poll besides the outbox, e.g. the schedule timer. */
  readonly tickJobs: (() => Promise<void>)[] = [];

  constructor(readonly runner: Runner, readonly options: {
    pollMs?: number; logger?: Logger;
    /**
     * Events per drain before the loop lets the rest of the process have a
     * turn (default 100). Smaller where HTTP shares the thread: a drain
     * holds the thread while it runs (the database calls are synchronous).
     */
    perDrain?: number;
  } = {}) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stats.running = true;
    this.loop = this.run();
  }

  /** A wake-up while a drain runs is kept: the loop goes on instead of sleeping. */
  private woken = false;

  wake(): void {
    if (this.wakeUp) this.wakeUp();
    else this.woken = true;
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stats.running = false;
    this.wake();
    await this.loop;
  }

  private async run(): Promise<void> {
    const pollMs = this.options.pollMs ?? 250;
    const perDrain = this.options.perDrain ?? 100;
    while (this.running) {
      let busy = false;
      this.woken = false;
      try {
        this.stats.lastPollAt = new Date().toISOString();
        for (const job of this.tickJobs) await job();
        const processed = await this.runner.drain(perDrain);
        this.stats.processed += processed;
        // A full drain means more may be waiting (stored by another process, which cannot wake this one).
        busy = processed >= perDrain;
        this.stats.lastError = null;
      } catch (error) {
        this.stats.lastError = (error as Error).message;
        this.options.logger?.warn('worker loop error', { error: (error as Error).message });
      }
      if (!this.running) break;
      if (busy || this.woken) {
        // Straight on, after letting whatever else this process does (HTTP requests) have a turn.
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        this.wakeUp = () => { clearTimeout(timer); resolve(); };
      });
      this.wakeUp = null;
    }
  }
}
