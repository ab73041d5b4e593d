import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Tinypool from 'tinypool';
import { ArgumentError } from '../errors.js';

/** Default worker count: every core the process may use. */
export const defaultWorkers = (): number => availableParallelism();

/** Where pool workers run: threads of this process (default) or child processes. */
export type PoolRuntime = 'worker_threads' | 'child_process';
export const POOL_RUNTIMES: readonly PoolRuntime[] = ['worker_threads', 'child_process'];

export interface PoolOptions<T, R> {
  /**
   * The worker module, as `new URL('./worker.js', import.meta.url)` of its caller: its default
   * export runs one task (wrapped in `poolTask`, ./worker.ts). From source (`…/worker.ts` under tsx or vitest) the `.js` is read as
   * `.ts` and tsx's loader is added to the worker.
   */
  readonly worker: URL;
  readonly tasks: readonly T[];
  /** Workers (1 = every task in this process, through `local`, no pool). */
  readonly workers: number;
  readonly runtime?: PoolRuntime;
  /** The worker module's task function itself, for `workers: 1`. */
  readonly local: (task: T) => R | Promise<R>;
  /** The result of a task whose worker threw or died instead of answering. */
  readonly failed: (task: T, message: string) => R;
  /** Called as each task finishes (in completion order), with the task's index. */
  readonly onResult?: (i: number, result: R) => void;
}

/** How tinypool starts a worker for `worker` (see PoolOptions.worker). */
function workerStart(worker: URL, runtime: PoolRuntime): { filename: string; execArgv: string[]; workerData?: { target: string } } {
  const fromSource = import.meta.url.endsWith('.ts');
  const file = fromSource ? new URL(worker.href.replace(/\.js$/, '.ts')) : worker;
  if (!fromSource) return { filename: fileURLToPath(file), execArgv: [] };
  if (runtime === 'worker_threads') {
    return { filename: fileURLToPath(new URL('./boot.mjs', import.meta.url)), execArgv: [], workerData: { target: file.href } };
  }
  // A child process takes the loader on its command line; it is resolved from this package (not
  // from the working directory).
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { filename: fileURLToPath(file), execArgv: ['--import', loader] };
}

/** An error's message; a child process's error arrives as a plain object with one. */
function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'object' && e !== null && 'message' in e && typeof e.message === 'string') return e.message;
  return String(e);
}

/**
 * Runs independent tasks on a tinypool of `workers` workers, one task at a time per worker, and
 * returns the results in task order. A task whose worker throws or dies becomes `failed(task,
 * why)` (the pool replaces a dead worker and goes on), so one bad task never hangs or ends the run.
 * The answers cross by structured clone (threads) or advanced serialization (processes), both of
 * which keep ±Infinity, NaN, -0 and nested plain data exactly.
 */
export async function runPool<T, R>(o: PoolOptions<T, R>): Promise<R[]> {
  if (!Number.isInteger(o.workers) || o.workers < 1) throw new ArgumentError(`--workers must be a positive integer, got ${o.workers}`);
  const results: R[] = new Array<R>(o.tasks.length);
  const settle = (i: number, r: R): void => {
    results[i] = r;
    o.onResult?.(i, r);
  };
  if (o.workers === 1 || o.tasks.length <= 1) {
    for (let i = 0; i < o.tasks.length; i++) {
      const t = o.tasks[i]!;
      let r: R;
      try {
        r = await o.local(t);
      } catch (e) {
        r = o.failed(t, `raised: ${messageOf(e)}`);
      }
      settle(i, r);
    }
    return results;
  }
  const runtime = o.runtime ?? 'worker_threads';
  const start = workerStart(o.worker, runtime);
  const threads = Math.min(o.workers, o.tasks.length);
  const pool = new Tinypool({
    runtime,
    filename: start.filename,
    minThreads: threads,
    maxThreads: threads,
    execArgv: start.execArgv,
    ...(start.workerData ? { workerData: start.workerData } : {}),
    ...(runtime === 'child_process' ? { serialization: 'advanced' as const } : {}),
  });
  try {
    await Promise.all(
      o.tasks.map(async (t, i) => {
        let r: R;
        try {
          r = (await pool.run(t)) as R;
        } catch (e) {
          r = o.failed(t, `worker ${runtime === 'child_process' ? 'process' : 'thread'} failed while running this task: ${messageOf(e)}`);
        }
        settle(i, r);
      }),
    );
  } finally {
    await pool.destroy();
  }
  return results;
}
