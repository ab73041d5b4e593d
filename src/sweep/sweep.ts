import { selectClaims, type VerifyEntry } from '../claims/verify.js';
import { ArgumentError } from '../errors.js';
import { aggregate, bySeed, type ClaimAggregate, type SeedRun } from './aggregate.js';
import { runTasks } from './pool.js';
import type { SweepTask } from './task.js';

export interface SweepOptions {
  readonly seeds: readonly number[];
  readonly quick: boolean;
  readonly probes: boolean;
  /** Only claims whose id contains this. */
  readonly filter?: string;
  /** Worker processes; 1 runs everything in this process. */
  readonly workers: number;
  /** Each finished (seed, claim), in completion order, with how many of all are done. */
  readonly onResult?: (entry: VerifyEntry, done: number, total: number) => void;
  /** Each seed whose every claim has finished. */
  readonly onSeed?: (run: SeedRun, seedsDone: number) => void;
}

export interface SweepSummary {
  readonly tool: 'implicit-bias-harness';
  readonly seeds: readonly number[];
  readonly quick: boolean;
  readonly probes: boolean;
  readonly filter?: string;
  readonly workers: number;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly counts: {
    readonly claims: number;
    /** Claims that passed on every seed. */
    readonly claimsPassingEverySeed: number;
    readonly runs: number;
    readonly pass: number;
    readonly fail: number;
    readonly error: number;
  };
  readonly claims: readonly ClaimAggregate[];
  readonly perSeed: readonly SeedRun[];
}

/**
 * Runs the registry (or the claims `filter` selects) on every seed, spread over `workers`
 * processes task by task (one claim on one seed), and aggregates per claim. The result does not
 * depend on the worker count (only `durationMs` fields do).
 */
export async function sweep(o: SweepOptions): Promise<SweepSummary> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const ids = selectClaims(o.filter).map((x) => x.claim.id);
  if (ids.length === 0) throw new ArgumentError(`--only ${o.filter}: no claim id contains it`);
  const tasks: SweepTask[] = o.seeds.flatMap((seed) => ids.map((id) => ({ seed, id, quick: o.quick, probes: o.probes })));
  const left = o.seeds.map(() => ids.length);
  const partial: VerifyEntry[][] = o.seeds.map(() => new Array<VerifyEntry>(ids.length));
  let done = 0;
  let seedsDone = 0;
  const entries = await runTasks(tasks, {
    workers: o.workers,
    onResult: (i, entry) => {
      done++;
      o.onResult?.(entry, done, tasks.length);
      const s = Math.floor(i / ids.length);
      partial[s]![i % ids.length] = entry;
      if (--left[s]! === 0) {
        seedsDone++;
        o.onSeed?.(bySeed([o.seeds[s]!], partial[s]!)[0]!, seedsDone);
      }
    },
  });
  const perSeed = bySeed(o.seeds, entries);
  const claims = aggregate(o.seeds, entries, o.quick);
  const count = (st: VerifyEntry['status']) => entries.filter((e) => e.status === st).length;
  return {
    tool: 'implicit-bias-harness',
    seeds: o.seeds,
    quick: o.quick,
    probes: o.probes,
    ...(o.filter ? { filter: o.filter } : {}),
    workers: o.workers,
    startedAt,
    durationMs: performance.now() - started,
    counts: {
      claims: ids.length,
      claimsPassingEverySeed: claims.filter((c) => c.seedsPassed === c.seedsTotal).length,
      runs: entries.length,
      pass: count('pass'),
      fail: count('fail'),
      error: count('error'),
    },
    claims,
    perSeed,
  };
}
