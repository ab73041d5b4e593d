/**
 * The worker pool (src/pool/pool.ts, tinypool) and the claim tasks on it (src/sweep/pool.ts):
 * results in task order whatever the completion order, exact values across the boundary, a
 * worker that throws or dies turns its task into a failure entry (no hang, the rest still run),
 * and whole claim results pass through unchanged.
 */
import { describe, expect, test } from 'vitest';
import { POOL_RUNTIMES, runPool } from '../../src/pool/pool.js';
import { runTask, runTasks, type SweepTask } from '../../src/sweep/index.js';
import { probe, type PoolProbeTask } from './poolWorker.js';

type Out = ReturnType<typeof probe> | { failed: number; message: string };

const run = (tasks: PoolProbeTask[], workers: number, runtime: (typeof POOL_RUNTIMES)[number]): Promise<Out[]> =>
  runPool<PoolProbeTask, Out>({
    worker: new URL('./poolWorker.js', import.meta.url),
    tasks,
    workers,
    runtime,
    local: probe,
    failed: (t, message) => ({ failed: t.x, message }),
  });

describe.each(POOL_RUNTIMES)('runPool on %s', (runtime) => {
  test('answers in task order, ±Infinity, NaN and -0 exact', async () => {
    const tasks = Array.from({ length: 7 }, (_, x): PoolProbeTask => ({ x, act: 'answer' }));
    const out = await run(tasks, 2, runtime);
    expect(out).toEqual(tasks.map((t) => probe(t)));
    expect(Object.is((out[3] as { values: number[] }).values[4], -0)).toBe(true);
  }, 60_000);

  test('a task that throws and a worker that dies become failure entries; the other tasks still answer', async () => {
    const acts: PoolProbeTask['act'][] = ['answer', 'throw', 'answer', 'exit', 'answer', 'answer'];
    const out = await run(acts.map((act, x) => ({ x, act })), 2, runtime);
    expect(out[1]).toMatchObject({ failed: 1, message: expect.stringMatching(/worker .* failed .*planted throw at 1/) });
    expect(out[3]).toMatchObject({ failed: 3, message: expect.stringMatching(/worker .* failed/) });
    for (const x of [0, 2, 4, 5]) expect(out[x]).toEqual(probe({ x, act: 'answer' }));
  }, 60_000);
});

test('one worker runs in this process; a throw is a failure entry there too', async () => {
  const out = await run([{ x: 0, act: 'answer' }, { x: 1, act: 'throw' }], 1, 'worker_threads');
  expect(out[0]).toEqual(probe({ x: 0, act: 'answer' }));
  expect(out[1]).toMatchObject({ failed: 1, message: expect.stringMatching(/planted throw at 1/) });
});

test('--workers 0 or 1.5 is refused', async () => {
  await expect(run([], 0, 'worker_threads')).rejects.toThrow(/--workers must be a positive integer/);
  await expect(run([], 1.5, 'worker_threads')).rejects.toThrow(/--workers must be a positive integer/);
});

test('claim results cross the pool unchanged (every field but durationMs), on threads and processes', async () => {
  const tasks: SweepTask[] = [3, 4].flatMap((seed) => ['fan2025/lemma-4.2', 'fan2025/lemma-4.3-i'].map((id) => ({ seed, id, quick: true, probes: true })));
  const strip = (e: { durationMs: number }): unknown => ({ ...e, durationMs: 0 });
  const here = tasks.map((t) => strip(runTask(t)));
  for (const runtime of POOL_RUNTIMES) expect((await runTasks(tasks, { workers: 2, runtime })).map(strip), runtime).toEqual(here);
}, 120_000);
