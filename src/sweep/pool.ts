import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { VerifyEntry } from '../claims/verify.js';
import { ArgumentError } from '../errors.js';
import { runTask, taskError, type SweepTask } from './task.js';

/** Default worker count: every core the process may use. */
export const defaultWorkers = (): number => availableParallelism();

/**
 * How a worker process starts. Compiled (`dist/…/worker.js`) it is plain node; from source
 * (`tsx src/cli/main.ts`, vitest) the worker is `worker.ts` and needs tsx's loader, which is
 * resolved from this package (not from the working directory) and added unless the parent
 * already runs under it.
 */
function workerEntry(): { file: string; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith('.ts');
  const file = fileURLToPath(new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url));
  if (!fromSource) return { file, execArgv: [...process.execArgv] };
  const hasTsx = process.execArgv.some((a) => a.includes('tsx'));
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return { file, execArgv: hasTsx ? [...process.execArgv] : [...process.execArgv, '--import', loader] };
}

export interface PoolOptions {
  /** Worker processes (1 = run in this process, no fork). */
  readonly workers: number;
  /** Called as each task finishes (in completion order), with the task's index. */
  readonly onResult?: (i: number, entry: VerifyEntry) => void;
}

/**
 * Runs the tasks on `workers` child processes, one task at a time per worker, and returns the
 * entries in task order. Each task is independent and seeded (a claim's run depends only on its
 * seed and budget), so the result is the same for any worker count; a worker that dies turns
 * its task into an `error` entry and is replaced.
 */
export async function runTasks(tasks: readonly SweepTask[], o: PoolOptions): Promise<VerifyEntry[]> {
  if (!Number.isInteger(o.workers) || o.workers < 1) throw new ArgumentError(`--workers must be a positive integer, got ${o.workers}`);
  const results: VerifyEntry[] = new Array<VerifyEntry>(tasks.length);
  if (o.workers === 1 || tasks.length <= 1) {
    tasks.forEach((t, i) => {
      results[i] = runTask(t);
      o.onResult?.(i, results[i]!);
    });
    return results;
  }
  const { file, execArgv } = workerEntry();
  let next = 0;
  let done = 0;
  return new Promise((resolve) => {
    const live = new Set<ChildProcess>();
    const finish = (i: number, entry: VerifyEntry): void => {
      results[i] = entry;
      done++;
      o.onResult?.(i, entry);
      if (done === tasks.length) {
        for (const c of live) c.disconnect();
        resolve(results);
      }
    };
    const start = (): void => {
      // `advanced` serialization keeps ±Infinity and NaN (ratios) exactly as the worker had them.
      const child = fork(file, [], { execArgv, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      live.add(child);
      let current = -1;
      const feed = (): void => {
        if (next >= tasks.length) {
          current = -1;
          return;
        }
        current = next++;
        child.send({ i: current, task: tasks[current] });
      };
      child.on('message', (m: { i: number; entry: VerifyEntry }) => {
        current = -1;
        // Feed first so the worker is busy while the parent reports.
        const i = m.i;
        feed();
        finish(i, m.entry);
      });
      child.on('exit', (code, signal) => {
        live.delete(child);
        if (current >= 0 && done < tasks.length) {
          const i = current;
          current = -1;
          finish(i, taskError(tasks[i]!, `worker process exited (${signal ?? `code ${code}`}) while running this claim`));
          if (next < tasks.length) start();
        }
      });
      feed();
    };
    for (let w = 0; w < Math.min(o.workers, tasks.length); w++) start();
  });
}
