// The decider thread of the runner (decider.ts): decides batches of events while the runner's
// thread commits. Plain JavaScript so it starts the same under `node bin/kontera.mjs`, `tsx`
// and vitest; the runtime itself is TypeScript, loaded through tsx (as parse-statement-worker.mjs).
import { parentPort, workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

const { serveDecisions } = await tsImport('./decider.ts', import.meta.url);
await serveDecisions(workerData, parentPort);
