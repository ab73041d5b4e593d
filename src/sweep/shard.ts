import type { VerifyEntry } from '../claims/verify.js';
import { ArgumentError } from '../errors.js';
import { runTasks } from './pool.js';
import { summarize, sweepIdentity, sweepPlan, type SweepIdentity, type SweepOptions, type SweepSummary } from './sweep.js';

/** The i-th (1-based) of N disjoint parts of a sweep's task list. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** The most shards a sweep is cut into. */
export const MAX_SHARDS = 10_000;

/** `--shard i/N`: 1 ≤ i ≤ N ≤ MAX_SHARDS. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new Error('must be i/N, the i-th of N shards (e.g. 2/4)');
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > MAX_SHARDS) throw new Error(`must have 1 ≤ N ≤ ${MAX_SHARDS} shards`);
  if (index < 1 || index > count) throw new Error(`must have 1 ≤ i ≤ N (shards are numbered 1 to N)`);
  return { index, count };
}

/**
 * The shard that runs task `k` of the seed-major task list: k mod N, round robin. Deterministic
 * (the same on every machine) and balanced: a claim's seeds, and a seed's claims, are spread over
 * the shards, so no shard gets all of a slow claim.
 */
export const shardOfTask = (k: number, count: number): number => (k % count) + 1;

/** One shard's part of a sweep, as `ibh verify --seeds … --shard i/N` writes it to summary.json. */
export interface ShardSummary extends SweepIdentity {
  readonly tool: 'implicit-bias-harness';
  readonly kind: 'sweep-shard';
  readonly shard: Shard;
  /** Tasks of the whole sweep (all shards). */
  readonly tasks: number;
  readonly workers: number;
  readonly startedAt: string;
  readonly durationMs: number;
  /** This shard's entries with their index in the whole sweep's task list, in that order. */
  readonly entries: readonly { readonly task: number; readonly entry: VerifyEntry }[];
}

/** Runs the shard's tasks of the sweep `o` describes (see `shardOfTask`). */
export async function sweepShard(o: Omit<SweepOptions, 'onSeed'> & { readonly shard: Shard }): Promise<ShardSummary> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const plan = sweepPlan(o);
  const mine = plan.tasks.flatMap((t, k) => (shardOfTask(k, o.shard.count) === o.shard.index ? [k] : []));
  let done = 0;
  const entries = await runTasks(
    mine.map((k) => plan.tasks[k]!),
    {
      workers: o.workers,
      ...(o.runtime ? { runtime: o.runtime } : {}),
      onResult: (_, entry) => o.onResult?.(entry, ++done, mine.length),
    },
  );
  return {
    tool: 'implicit-bias-harness',
    kind: 'sweep-shard',
    ...sweepIdentity(o, plan),
    shard: o.shard,
    tasks: plan.tasks.length,
    workers: o.workers,
    startedAt,
    durationMs: performance.now() - started,
    entries: mine.map((task, j) => ({ task, entry: entries[j]! })),
  };
}

/** A shard summary read from `file`, checked to be one (a sweep's or one seed's summary is not). */
export function asShardSummary(x: unknown, file: string): ShardSummary {
  const o = typeof x === 'object' && x !== null ? (x as Record<string, unknown>) : {};
  if (o.kind !== 'sweep-shard') {
    const what = 'perSeed' in o ? "a whole sweep's summary" : 'seed' in o ? "one seed's summary" : 'not a sweep shard summary';
    throw new ArgumentError(`${file}: ${what}; ibh merge takes the summary.json of each \`ibh verify --seeds … --shard i/N\``);
  }
  const s = o as Partial<ShardSummary>;
  const shard = s.shard;
  if (
    typeof s.version !== 'string' || !Array.isArray(s.seeds) || typeof s.quick !== 'boolean' || typeof s.probes !== 'boolean' || !Array.isArray(s.claimIds) ||
    typeof shard !== 'object' || shard === null || !Number.isInteger(shard.index) || !Number.isInteger(shard.count) ||
    !Number.isInteger(s.tasks) || !Array.isArray(s.entries) || typeof s.startedAt !== 'string' || typeof s.durationMs !== 'number' || typeof s.workers !== 'number'
  ) {
    throw new ArgumentError(`${file}: a shard summary with missing or malformed fields (version, seeds, quick, probes, claimIds, shard, tasks, entries, workers, startedAt, durationMs)`);
  }
  return s as ShardSummary;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const seedsText = (s: readonly number[]): string => (s.length > 1 ? `${s[0]}…${s[s.length - 1]} (${s.length} seeds)` : String(s[0]));

/**
 * Merges the summaries of all N shards of one sweep into the summary a single run of it gives
 * (equal but for `workers`, `startedAt`, `durationMs` and per-entry durations: the sum of the
 * shards' workers, the earliest start, the longest shard, and `shards: N` added). Refuses,
 * naming the files: shards of different sweeps (version, seeds, budgets, probes, --only, claim
 * list, N), a shard given twice, a missing shard, a shard whose entries are not its tasks.
 */
export function mergeShards(shards: readonly { readonly file: string; readonly summary: ShardSummary }[]): SweepSummary {
  if (shards.length === 0) throw new ArgumentError('give the summary.json (or its directory) of every shard');
  const [first, ...rest] = shards;
  const ref = first!.summary;
  const fields: [keyof ShardSummary, string][] = [
    ['version', 'harness version'],
    ['seeds', 'seeds'],
    ['quick', 'budgets (--quick)'],
    ['probes', 'probes (--no-probes)'],
    ['filter', '--only'],
    ['claimIds', 'claim list'],
  ];
  const show = (k: keyof ShardSummary, s: ShardSummary): string =>
    k === 'seeds' ? seedsText(s.seeds) : k === 'quick' ? (s.quick ? '--quick' : 'full') : k === 'claimIds' ? `${s.claimIds.length} claims` : JSON.stringify(s[k] ?? null);
  for (const { file, summary: s } of rest) {
    for (const [k, what] of fields) {
      if (!same(s[k] ?? null, ref[k] ?? null)) throw new ArgumentError(`shards of different sweeps: ${what} differ: ${first!.file} has ${show(k, ref)}, ${file} has ${show(k, s)}`);
    }
    if (s.shard.count !== ref.shard.count) throw new ArgumentError(`shards of different sweeps: ${first!.file} is shard ${ref.shard.index}/${ref.shard.count}, ${file} is ${s.shard.index}/${s.shard.count}`);
  }
  const n = ref.shard.count;
  const byIndex = new Map<number, string>();
  for (const { file, summary: s } of shards) {
    const seen = byIndex.get(s.shard.index);
    if (seen !== undefined) throw new ArgumentError(`shard ${s.shard.index}/${n} given twice: ${seen} and ${file}`);
    byIndex.set(s.shard.index, file);
  }
  const missing = Array.from({ length: n }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length) throw new ArgumentError(`missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${n}`).join(', ')} (given: ${[...byIndex.keys()].sort((a, b) => a - b).map((i) => `${i}/${n}`).join(', ')})`);
  const plan = sweepPlan(ref);
  if (plan.tasks.length !== ref.tasks || !same(plan.ids, ref.claimIds)) {
    throw new ArgumentError(`the shards list ${ref.claimIds.length} claims (${ref.tasks} tasks); this harness selects ${plan.ids.length} (${plan.tasks.length} tasks) for the same --only: merge with the version that ran them (${ref.version})`);
  }
  const entries = new Array<VerifyEntry>(plan.tasks.length);
  for (const { file, summary: s } of shards) {
    const expected = plan.tasks.flatMap((_, k) => (shardOfTask(k, n) === s.shard.index ? [k] : []));
    const got = s.entries.map((e) => e.task);
    if (!same(got, expected)) throw new ArgumentError(`${file}: shard ${s.shard.index}/${n} should hold ${expected.length} tasks of ${plan.tasks.length}, it holds ${got.length} (${got.length < expected.length ? 'truncated' : 'not its tasks'}: edited, or from another sweep?)`);
    for (const { task, entry } of s.entries) {
      const t = plan.tasks[task]!;
      if (entry.id !== t.id || entry.seed !== t.seed) throw new ArgumentError(`${file}: task ${task} should be ${t.id} on seed ${t.seed}, it is ${entry.id} on seed ${entry.seed}`);
      entries[task] = entry;
    }
  }
  const all = shards.map((x) => x.summary);
  return summarize(ref, entries, {
    workers: all.reduce((w, s) => w + s.workers, 0),
    startedAt: all.map((s) => s.startedAt).sort()[0]!,
    durationMs: Math.max(...all.map((s) => s.durationMs)),
    shards: n,
  });
}
