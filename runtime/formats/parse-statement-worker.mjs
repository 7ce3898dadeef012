// A parser thread of parseStatementFileOffThread (parse-statement-file.ts): parses each statement
// file it is sent and posts each statement's header ({ statement }) and its lines in parts
// ({ lines }) as they are parsed — a camt file's while the rest is still read, so the main thread
// maps them meanwhile — then { file } (its statements without their lines) | { refusal } |
// { error }. Plain JavaScript so it starts the same under
// `node bin/kontera.mjs`, `tsx` and vitest; the parser itself is TypeScript, loaded through tsx
// (a runtime dependency, as bin/kontera.mjs loads the CLI) — which is most of the ≈ 0.5 s a
// thread takes to start, hence one is started ahead (warmStatementParser) while a body arrives.
import { parentPort } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

// One import: the StatementRefusal checked below must be the class the parsers throw.
const { parseStatementFile, StatementRefusal } = await tsImport('./parse-statement-file.ts', import.meta.url);

// The parts come sinkLinesPerPart (2 000) lines at a time: the main thread reads each message
// in one go, so one message of 100 000 lines would hold its event loop for half a second.
const sink = {
  statement: (index, header) => parentPort.postMessage({ statement: { index, header } }),
  lines: (index, part) => parentPort.postMessage({ lines: { statement: index, part } }),
};

parentPort.on('message', (request) => {
  try {
    // the lines are posted as they are parsed, and not kept here as well (a camt file's)
    const file = parseStatementFile(request, sink, true);
    parentPort.postMessage({ file: { ...file, statements: file.statements.map((statement) => ({ ...statement, lines: [] })) } });
  } catch (error) {
    if (error instanceof StatementRefusal) {
      parentPort.postMessage({ refusal: { code: error.code, where: error.where, field: error.field, reason: error.reason } });
    } else {
      parentPort.postMessage({ error: error instanceof Error ? error.stack ?? error.message : String(error) });
    }
  }
});
