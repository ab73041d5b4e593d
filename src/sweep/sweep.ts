import { selectClaims, type VerifyEntry } from '../claims/verify.js';
import { harnessVersion } from '../config/version.js';
import { ArgumentError } from '../errors.js';
import type { PoolRuntime } from '../pool/pool.js';
import { aggregate, bySeed, type ClaimAggregate, type SeedRun } from './aggregate.js';
import { runTasks } from './pool.js';
import type { SweepTask } from './task.js';

export interface SweepOptions {
  readonly seeds: readonly number[];
  readonly quick: boolean;
  readonly probes: boolean;
  /** Only claims whose id contains this. */
  readonly filter?: string;
  /** Pool workers; 1 runs everything in this process. */
  readonly workers: number;
  /** Worker threads (default) or child processes. */
  readonly runtime?: PoolRuntime;
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
  /** Set when the summary was merged from this many shards (`ibh merge`). */
  readonly shards?: number;
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

/** What a sweep runs: the selected claim ids and one task per (seed, claim), seed-major. */
export interface SweepPlan {
  readonly ids: readonly string[];
  readonly tasks: readonly SweepTask[];
}

export function sweepPlan(o: Pick<SweepOptions, 'seeds' | 'quick' | 'probes' | 'filter'>): SweepPlan {
  const ids = selectClaims(o.filter).map((x) => x.claim.id);
  if (ids.length === 0) throw new ArgumentError(`--only ${o.filter}: no claim id contains it`);
  return { ids, tasks: o.seeds.flatMap((seed) => ids.map((id) => ({ seed, id, quick: o.quick, probes: o.probes }))) };
}

/** The fields that identify a sweep: two runs with equal ones have the same task list. */
export interface SweepIdentity {
  readonly version: string;
  readonly seeds: readonly number[];
  readonly quick: boolean;
  readonly probes: boolean;
  readonly filter?: string;
  readonly claimIds: readonly string[];
}

export const sweepIdentity = (o: Pick<SweepOptions, 'seeds' | 'quick' | 'probes' | 'filter'>, plan: SweepPlan): SweepIdentity => ({
  version: harnessVersion(),
  seeds: o.seeds,
  quick: o.quick,
  probes: o.probes,
  ...(o.filter ? { filter: o.filter } : {}),
  claimIds: plan.ids,
});

/**
 * The summary of every task's entry (seed-major, claims in registry order): per claim over all
 * seeds, and per seed. Depends only on the entries, so a merge of shards gives the same one.
 */
export function summarize(
  id: Omit<SweepIdentity, 'version' | 'claimIds'>,
  entries: readonly VerifyEntry[],
  run: { readonly workers: number; readonly startedAt: string; readonly durationMs: number; readonly shards?: number },
): SweepSummary {
  const claims = aggregate(id.seeds, entries, id.quick);
  const count = (st: VerifyEntry['status']) => entries.filter((e) => e.status === st).length;
  return {
    tool: 'implicit-bias-harness',
    seeds: id.seeds,
    quick: id.quick,
    probes: id.probes,
    ...(id.filter ? { filter: id.filter } : {}),
    workers: run.workers,
    ...(run.shards !== undefined ? { shards: run.shards } : {}),
    startedAt: run.startedAt,
    durationMs: run.durationMs,
    counts: {
      claims: claims.length,
      claimsPassingEverySeed: claims.filter((c) => c.seedsPassed === c.seedsTotal).length,
      runs: entries.length,
      pass: count('pass'),
      fail: count('fail'),
      error: count('error'),
    },
    claims,
    perSeed: bySeed(id.seeds, entries),
  };
}

/**
 * Runs the registry (or the claims `filter` selects) on every seed, spread over `workers` pool
 * workers task by task (one claim on one seed), and aggregates per claim. The result does not
 * depend on the worker count (only `durationMs` fields do).
 */
export async function sweep(o: SweepOptions): Promise<SweepSummary> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const { ids, tasks } = sweepPlan(o);
  const left = o.seeds.map(() => ids.length);
  const partial: VerifyEntry[][] = o.seeds.map(() => new Array<VerifyEntry>(ids.length));
  let done = 0;
  let seedsDone = 0;
  const entries = await runTasks(tasks, {
    workers: o.workers,
    ...(o.runtime ? { runtime: o.runtime } : {}),
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
  return summarize(o, entries, { workers: o.workers, startedAt, durationMs: performance.now() - started });
}
