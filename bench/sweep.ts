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

/** Issue #11's target for the trust sweep: 50 seeds, full budgets, on this machine's cores. */
export const DEEP_SWEEP_TARGET_SECONDS = 600;

export interface DeepSweepRow {
  readonly seeds: number;
  readonly claimRuns: number;
  readonly failed: number;
  readonly workers: number;
  readonly wallSeconds: number;
  readonly taskSeconds: number;
  /** The wall time scaled to 50 seeds (equal to wallSeconds when 50 ran). */
  readonly per50Seconds: number;
  readonly target: number;
}

/**
 * The trust sweep itself (`ibh verify --seeds 1..N --no-probes`, full budgets, every core), timed
 * against the 10-minute target for 50 seeds; fewer seeds give a projection (wall × 50/N).
 */
export async function benchDeepSweep(n: number, row: (cells: readonly (string | number)[]) => void): Promise<DeepSweepRow> {
  const seeds = Array.from({ length: n }, (_, i) => i + 1);
  const workers = defaultWorkers();
  const s = await sweep({ seeds, quick: false, probes: false, workers });
  const wall = s.durationMs / 1000;
  const r: DeepSweepRow = { seeds: n, claimRuns: s.counts.runs, failed: s.counts.fail + s.counts.error, workers, wallSeconds: wall, taskSeconds: taskSeconds(s), per50Seconds: (wall * 50) / n, target: DEEP_SWEEP_TARGET_SECONDS };
  row([`1..${n} (full)`, r.claimRuns, r.failed, workers, wall.toFixed(1), r.taskSeconds.toFixed(1), `${r.per50Seconds.toFixed(0)}${n === 50 ? '' : ' (projected)'}`, r.per50Seconds <= r.target ? 'yes' : 'no']);
  return r;
}
