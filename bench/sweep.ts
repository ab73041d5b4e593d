/**
 * The bench's `sweep` section: the registry's seed sweep (`ibh verify --seeds … --quick
 * --no-probes`) on one worker and on every core, with the speed-up and the pool's efficiency
 * (busy task time / (wall time × workers)). On a shared machine the wall times move with the
 * load; the efficiency says how much of the cores the pool kept busy.
 */
import { defaultWorkers, sweep, type SweepSummary } from '../src/sweep/index.js';

const taskSeconds = (s: SweepSummary): number => s.perSeed.reduce((t, r) => t + r.claims.reduce((u, c) => u + c.durationMs, 0), 0) / 1000;

export interface SweepRow {
  readonly seeds: number;
  readonly claimRuns: number;
  readonly workers: number;
  readonly wallSeconds: number;
  readonly taskSeconds: number;
  readonly speedUp: number;
  readonly efficiency: number;
}

/** Prints one row per worker count and returns them for reports/bench.json. */
export async function benchSweep(o: { readonly quick: boolean }, row: (cells: readonly (string | number)[]) => void): Promise<SweepRow[]> {
  const rows: SweepRow[] = [];
  const seeds = o.quick ? [1] : [1, 2];
  const cores = defaultWorkers();
  const workerCounts = cores > 1 ? [1, cores] : [1];
  let one = NaN;
  for (const workers of workerCounts) {
    const s = await sweep({ seeds, quick: true, probes: false, workers });
    const wall = s.durationMs / 1000;
    if (workers === 1) one = wall;
    const r: SweepRow = { seeds: seeds.length, claimRuns: s.counts.runs, workers, wallSeconds: wall, taskSeconds: taskSeconds(s), speedUp: one / wall, efficiency: taskSeconds(s) / (wall * workers) };
    rows.push(r);
    row([`${r.seeds} (--quick)`, r.claimRuns, workers, wall.toFixed(1), r.taskSeconds.toFixed(1), `${r.speedUp.toFixed(2)}x`, `${(100 * r.efficiency).toFixed(0)}%`]);
  }
  if (cores === 1) console.log('(one core: no multi-worker row)');
  return rows;
}
