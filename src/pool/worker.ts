import { isMainThread } from 'node:worker_threads';

/**
 * Wraps a pool worker module's task function (its default export). In a worker thread,
 * `process.exit` would end the thread without an answer, and tinypool would wait for that task
 * forever; here it throws instead, so the task becomes a failure entry and the thread lives on.
 * (A child process that exits is seen by tinypool and its task fails the same way.)
 */
export function poolTask<T, R>(run: (task: T) => R): (task: T) => R {
  if (!isMainThread) {
    process.exit = (code?: number | string | null): never => {
      throw new Error(`process.exit(${code ?? ''}) called in a pool worker thread`);
    };
  }
  return run;
}
