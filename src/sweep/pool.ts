import type { VerifyEntry } from '../claims/verify.js';
import { runPool, type PoolRuntime } from '../pool/pool.js';
import { runTask, taskError, type SweepTask } from './task.js';

export { defaultWorkers } from '../pool/pool.js';

export interface PoolOptions {
  /** Workers (1 = run in this process, no pool). */
  readonly workers: number;
  /** Worker threads (default) or child processes. */
  readonly runtime?: PoolRuntime;
  /** Called as each task finishes (in completion order), with the task's index. */
  readonly onResult?: (i: number, entry: VerifyEntry) => void;
}

/**
 * Runs claim tasks on `workers` pool workers (src/pool/pool.ts) and returns the entries in task
 * order. Each task is independent and seeded (a claim's run depends only on its seed and budget),
 * so the result is the same for any worker count; a worker that throws or dies turns its task
 * into an `error` entry.
 */
export function runTasks(tasks: readonly SweepTask[], o: PoolOptions): Promise<VerifyEntry[]> {
  return runPool({
    worker: new URL('./worker.js', import.meta.url),
    tasks,
    workers: o.workers,
    ...(o.runtime ? { runtime: o.runtime } : {}),
    local: runTask,
    failed: (t, message) => taskError(t, message),
    ...(o.onResult ? { onResult: o.onResult } : {}),
  });
}
