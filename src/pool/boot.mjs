// A pool worker thread started from source (tsx, vitest): registers tsx's loader in this thread
// (Node 20 does not pass the parent's loader hooks to worker threads), then imports the
// TypeScript worker module the pool named in workerData and re-exports its task function.
// Not used from dist, where the worker is compiled JavaScript. See src/pool/pool.ts.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

const [, data] = workerData;
register();
const worker = await import(data.target);
export default worker.default;
