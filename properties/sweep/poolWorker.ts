/** A pool worker for properties/sweep/pool.test.ts: answers, throws, or dies, as the task says. */
import { poolTask } from '../../src/pool/worker.js';

export interface PoolProbeTask {
  readonly x: number;
  readonly act: 'answer' | 'throw' | 'exit';
}

export function probe(t: PoolProbeTask): { x: number; values: number[] } {
  if (t.act === 'throw') throw new Error(`planted throw at ${t.x}`);
  if (t.act === 'exit') process.exit(7);
  return { x: t.x, values: [t.x, Infinity, -Infinity, NaN, -0] };
}

export default poolTask(probe);
