// The thread of BackgroundCheckpointer (checkpointer.ts): copies the write-ahead log back into the
// database file (a PASSIVE checkpoint: it never blocks the writer or readers) on a connection of its
// own, shortly after another connection committed. Plain JavaScript: it needs only libsql, and
// starts the same under `node bin/kontera.mjs`, `tsx` and vitest.
import Database from 'libsql';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

const { path, synchronous, busyMs, idleMs } = workerData;
const db = new Database(path, { timeout: 0 });
// The checkpoint syncs the log before it copies and the file after, as the writers' own would.
db.exec(`PRAGMA synchronous = ${synchronous}`);
const dataVersion = db.prepare('PRAGMA data_version');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');

const stats = { checkpoints: 0, framesCopied: 0, busy: 0, errors: 0, lastError: null };
let seen = dataVersion.get().data_version;
let lastChange = Date.now();
let timer = null;
let closing = false;
let lastSalt = '';
let lastCheckpointed = 0;

/** The log's salt (its header's bytes 16–23), which changes each time the log starts again; '' when there is none. */
function logSalt() {
  let fd = null;
  try {
    fd = openSync(`${path}-wal`, 'r');
    const header = Buffer.alloc(8);
    return readSync(fd, header, 0, 8, 16) === 8 ? header.toString('hex') : '';
  } catch {
    return '';
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** This thread's CPU time in ms (Linux: /proc/thread-self/stat, clock ticks of 10 ms), or null. */
function cpuMs() {
  try {
    const fields = readFileSync('/proc/thread-self/stat', 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

function tick() {
  timer = null;
  if (closing) return;
  try {
    // data_version moves when another connection (of any process) has committed since this one last looked
    const version = dataVersion.get().data_version;
    if (version !== seen) {
      seen = version;
      lastChange = Date.now();
      const { busy, log, checkpointed } = checkpoint.get();
      stats.checkpoints++;
      if (busy) stats.busy++; // another checkpoint was running (another process): it copies them
      // `checkpointed` counts every frame of the log copied so far; a writer that finds it all copied starts the
      // log again from its first frame, with a new salt in its header
      const salt = logSalt();
      if (checkpointed > 0) stats.framesCopied += salt !== lastSalt ? checkpointed : Math.max(0, checkpointed - lastCheckpointed);
      lastSalt = salt;
      lastCheckpointed = Math.max(0, checkpointed);
      if (log !== checkpointed) seen = -1; // a reader held frames back: look again on the next turn
    }
  } catch (error) {
    // SQLITE_BUSY and the like: the next turn tries again; the writers' own checkpoint is the safety net
    stats.errors++;
    stats.lastError = error instanceof Error ? error.message : String(error);
  }
  // often while writes come, rarely when the database is quiet
  timer = setTimeout(tick, Date.now() - lastChange < 2000 ? busyMs : idleMs);
}

parentPort.on('message', (message) => {
  if (message === 'stats') parentPort.postMessage({ stats: { ...stats, cpuMs: cpuMs() } });
  else if (message === 'now') {
    if (timer) clearTimeout(timer);
    seen = -1;
    tick();
    parentPort.postMessage({ stats: { ...stats, cpuMs: cpuMs() } });
  } else if (message === 'close') {
    closing = true;
    if (timer) clearTimeout(timer);
    db.close();
    parentPort.close();
  }
});
tick();
