/**
 * A statement file of a known format → the shared model, on this thread or,
 * for a large file, on a worker thread (node:worker_threads) so the event
 * loop keeps answering while it is parsed. Either way the result is the same
 * ParsedFile, and a refusal the same StatementRefusal (code, where, field).
 */
import { Worker } from 'node:worker_threads';
import { StatementRefusal, feedSink, type ParsedFile, type StatementHeader, type StatementSink } from './bank-statement.ts';
import { parseBgmax } from './bgmax/index.ts';
import { parseCamt } from './camt/index.ts';
import { parseCsvStatement, type CsvMapping } from './csv/index.ts';

export { StatementRefusal, type StatementSink };

export type StatementFileFormat = 'camt' | 'bgmax' | 'csv';

export interface StatementFileRequest {
  format: StatementFileFormat;
  bytes: Uint8Array;
  /** required for csv */
  csvMapping?: CsvMapping;
}

/** Files larger than this are parsed on a worker thread (a 2 MB camt.053 has about 3 000 entries and takes ~0.1 s). */
export const statementWorkerBytesMin = 2 * 1024 * 1024;

/** Worker threads parsing at once; more wait their turn (each holds a file and its lines in memory). */
export const statementWorkersMax = 2;

/**
 * Parses on this thread. Pure: bytes in, data out, or a StatementRefusal.
 * `sink`, when given, is told of the statements and their lines as a camt
 * file is read (BgMax and CSV: once parsed), before the file is known good;
 * `sinkKeepsLines`: a camt file's statements come back without their lines
 * (the sink has them: a parser thread posts them as it goes).
 */
export function parseStatementFile(request: StatementFileRequest, sink?: StatementSink, sinkKeepsLines = false): ParsedFile {
  if (request.format === 'camt') return parseCamt(request.bytes, { sink, sinkKeepsLines });
  let file: ParsedFile;
  if (request.format === 'bgmax') file = parseBgmax(request.bytes);
  else if (!request.csvMapping) throw new Error('parseStatementFile: a CSV file needs its column mapping');
  else file = parseCsvStatement(request.bytes, request.csvMapping);
  if (sink) feedSink(file, sink);
  return file;
}

/** What the worker posts: the statements and their lines as they are parsed (a sink's calls), then the verdict. */
export type WorkerAnswer =
  | { statement: { index: number; header: StatementHeader } }
  | { lines: { statement: number; part: ParsedFile['statements'][number]['lines'] } }
  | { file: ParsedFile }
  | { refusal: { code: string; where: string; field: string | null; reason: string } }
  | { error: string };

let running = 0;
const waiting: (() => void)[] = [];

/** At most statementWorkersMax at once: a finishing turn hands its slot straight to the next waiter (a newcomer cannot take it between). */
async function turn<T>(work: () => Promise<T>): Promise<T> {
  if (running >= statementWorkersMax) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next(); else running--;
  }
}

/**
 * A parser thread started ahead (warmStatementParser) waits this long for its file, then ends.
 * Starting one (a thread, then the parsers' TypeScript loaded through tsx) takes ≈ 0.5 s.
 */
export const statementWorkerIdleMs = 10_000;

/** Parser threads started ahead and not yet given a file (waiting, or still starting), each with its timer. */
const idle: { worker: Worker; timer: NodeJS.Timeout }[] = [];

function startWorker(): Worker {
  const worker = new Worker(new URL('./parse-statement-worker.mjs', import.meta.url));
  // a thread waiting for a file keeps no process alive (a CLI command, a test run)
  worker.unref();
  worker.on('error', () => {}); // an idle thread that fails is dropped (its exit); a busy one's error is its caller's answer
  worker.once('exit', () => dropIdle(worker));
  return worker;
}

/** No longer waiting for a file (it ended, or waited too long). */
function dropIdle(worker: Worker): void {
  const at = idle.findIndex((item) => item.worker === worker);
  if (at >= 0) clearTimeout(idle.splice(at, 1)[0].timer);
}

function keepIdle(worker: Worker): void {
  const timer = setTimeout(() => {
    dropIdle(worker);
    void worker.terminate();
  }, statementWorkerIdleMs);
  timer.unref();
  idle.push({ worker, timer });
}

/**
 * Starts a parser thread now, when none is waiting, so that it is ready by
 * the time a large file has been read (a 60 MB request body takes ≈ 0.4 s
 * to arrive): the route calls this before it reads the body. It waits for a
 * file for statementWorkerIdleMs. (A thread that parsed a file is not kept:
 * its heap would hold the file's garbage while it waits.) Only for a file
 * that will be parsed off-thread (`byteLength` ≥ statementWorkerBytesMin).
 */
export function warmStatementParser(byteLength: number): void {
  if (byteLength < statementWorkerBytesMin) return;
  if (idle.length === 0 && running < statementWorkersMax) keepIdle(startWorker());
}

/** A thread started ahead, or a new one. */
function takeWorker(): Worker {
  const item = idle.shift();
  if (!item) return startWorker();
  clearTimeout(item.timer);
  return item.worker;
}

/**
 * Parses a large file on a worker thread, a small one here. The worker is
 * started by parse-statement-worker.mjs (plain JavaScript, so it starts under
 * node, tsx or vitest alike), which loads this module's TypeScript through
 * tsx and then parses the file it is sent; one may have been started ahead
 * (warmStatementParser).
 *
 * `sink`: told of the statements and lines as the worker posts them (a camt
 * file's while it is still parsed), on this thread, between turns of its
 * event loop — so this thread can work on them meanwhile. The promise still
 * settles with the whole file (or the refusal) once the parse is done.
 */
export async function parseStatementFileOffThread(request: StatementFileRequest, options: { workerBytesMin?: number; sink?: StatementSink } = {})
  : Promise<ParsedFile> {
  const { sink } = options;
  if (request.bytes.byteLength < (options.workerBytesMin ?? statementWorkerBytesMin)) return parseStatementFile(request, sink);
  return turn(() => new Promise<ParsedFile>((resolve, reject) => {
    const worker = takeWorker();
    const parts: ParsedFile['statements'][number]['lines'][][] = [];
    const onMessage = (answer: WorkerAnswer) => {
      if ('statement' in answer) {
        sink?.statement(answer.statement.index, answer.statement.header);
        return;
      }
      if ('lines' in answer) {
        (parts[answer.lines.statement] ??= []).push(answer.lines.part);
        sink?.lines(answer.lines.statement, answer.lines.part);
        return;
      }
      done();
      void worker.terminate();
      if ('file' in answer) {
        const file = answer.file;
        file.statements.forEach((statement, index) => {
          statement.lines = (parts[index] ?? []).flat();
        });
        resolve(file);
      } else if ('refusal' in answer) {
        const { code, where, field, reason } = answer.refusal;
        reject(new StatementRefusal(code, where, field, reason));
      } else {
        reject(new Error(`The statement parser's worker failed: ${answer.error}`));
      }
    };
    const onError = (error: Error) => {
      done();
      void worker.terminate();
      reject(error);
    };
    const onExit = (code: number) => {
      done();
      reject(new Error(`The statement parser's worker stopped (exit code ${code}) without an answer`));
    };
    const done = () => {
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      worker.unref();
    };
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    worker.ref();
    // The bytes are copied to the worker (the caller still stores them as the original).
    worker.postMessage(request);
  }));
}
