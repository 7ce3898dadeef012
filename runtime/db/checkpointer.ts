/**
 * Checkpoints in the background. In WAL mode every commit appends its pages
 * to the write-ahead log, and by default the committing connection itself
 * copies the log back into the database file once it holds 1 000 pages (a
 * checkpoint: writes and an fsync of each). Under a steady stream of
 * commits (a worker posting a large statement) that copying is a quarter of
 * the writer's time, all of it on the one thread that holds the write lock.
 *
 * A BackgroundCheckpointer does it on a thread and a connection of its own
 * (checkpoint-worker.mjs): a PASSIVE checkpoint shortly after another
 * connection committed (every 200 ms while writes come, 1 s when quiet). PASSIVE
 * never waits for or blocks the writer or readers; the writer keeps
 * appending meanwhile and rewinds the log once it has all been copied. The
 * writers' own automatic checkpoint stays, at a higher mark
 * (`writerAutoCheckpointPages`), as the safety net should this thread fall
 * behind or stop. Durability is unchanged: the same checkpoints with the same
 * syncs, on another thread.
 */
import { Worker } from 'node:worker_threads';

export interface CheckpointStats {
  /** checkpoints run (one per turn that found new commits) */
  checkpoints: number;
  /** log frames (pages) copied into the database file */
  framesCopied: number;
  /** turns on which another connection's checkpoint was running */
  busy: number;
  /** turns that failed (the next one tries again) */
  errors: number;
  lastError: string | null;
  /** the thread's CPU time so far, ms (Linux; null elsewhere) */
  cpuMs: number | null;
}

/** With a background checkpointer, a writer checkpoints itself only past this many log pages (4 KiB each: 40 MB). */
export const writerAutoCheckpointPages = 10_000;

export class BackgroundCheckpointer {
  private readonly worker: Worker;
  private failed: string | null = null;
  private closed = false;

  constructor(path: string, options: { synchronous: string; busyMs?: number; idleMs?: number; onError?: (message: string) => void }) {
    this.worker = new Worker(new URL('./checkpoint-worker.mjs', import.meta.url), {
      workerData: { path, synchronous: options.synchronous, busyMs: options.busyMs ?? 200, idleMs: options.idleMs ?? 1000 },
    });
    // never what keeps a process alive
    this.worker.unref();
    this.worker.on('error', (error) => {
      this.failed = error.message;
      options.onError?.(error.message);
    });
  }

  /** The requests in turn: the thread answers each with one message, and an answer carries no id of its request. */
  private asked: Promise<unknown> = Promise.resolve();

  private ask(message: 'stats' | 'now'): Promise<CheckpointStats> {
    const answer = this.asked.then(() => this.askNow(message));
    this.asked = answer.catch(() => {});
    return answer;
  }

  private askNow(message: 'stats' | 'now'): Promise<CheckpointStats> {
    if (this.closed || this.failed) return Promise.reject(new Error(`The background checkpointer is ${this.closed ? 'closed' : `stopped: ${this.failed}`}`));
    return new Promise((resolve, reject) => {
      const onMessage = (answer: { stats: CheckpointStats }) => {
        this.worker.off('error', reject);
        resolve(answer.stats);
      };
      this.worker.once('message', onMessage);
      this.worker.once('error', reject);
      this.worker.postMessage(message);
    });
  }

  /** What it has done so far. */
  stats(): Promise<CheckpointStats> {
    return this.ask('stats');
  }

  /** Checkpoints now, and what it has done (tests). */
  checkpointNow(): Promise<CheckpointStats> {
    return this.ask('now');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.failed) this.worker.postMessage('close');
  }
}
