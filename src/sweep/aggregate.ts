import { countStatuses, type VerifyEntry } from '../claims/verify.js';
import type { ClaimKind, ClaimResult } from '../claims/types.js';

/** One seed's run of the registry, as a sweep records it (the statement lives in the aggregate). */
export interface SeedRun {
  readonly seed: number;
  readonly counts: ReturnType<typeof countStatuses>;
  readonly claims: readonly Omit<VerifyEntry, 'statement'>[];
}

/** The first seed (in sweep order) on which a claim failed, and how to replay it. */
export interface FirstFailure {
  readonly seed: number;
  readonly status: 'fail' | 'error';
  readonly message: string;
  readonly path: string;
  readonly counterexample?: string;
  /** The command that reruns it, e.g. `ibh verify --seed 7 --only fan2025/cor-5.4 --no-probes`. */
  readonly command: string;
}

/** A claim over every seed of a sweep. */
export interface ClaimAggregate {
  readonly id: string;
  readonly ref: string;
  readonly title: string;
  readonly section: string;
  /** What a pass means: exact-inequality, explicit-bound or asymptotic-evidence. */
  readonly kind: ClaimKind;
  readonly confidence: string;
  readonly tight: boolean;
  readonly statement: string;
  readonly seedsPassed: number;
  readonly seedsTotal: number;
  /** Seeds on which the claim failed or raised an error, in sweep order. */
  readonly failingSeeds: readonly number[];
  /** Largest lhs/rhs over the passing inputs of every seed (-Infinity: no finite ratio). */
  readonly worstRatio: number;
  readonly worstRatioSeed?: number;
  readonly firstFailure?: FirstFailure;
}

/** The command line that reruns one claim on one seed. */
export function replayCommand(r: Pick<ClaimResult, 'id' | 'seed'>, quick: boolean): string {
  return `ibh verify --seed ${r.seed} --only ${r.id} --no-probes${quick ? ' --quick' : ''}`;
}

/** Splits task-ordered entries (seed-major) into per-seed runs. */
export function bySeed(seeds: readonly number[], entries: readonly VerifyEntry[]): SeedRun[] {
  const per = seeds.length === 0 ? 0 : entries.length / seeds.length;
  return seeds.map((seed, s) => {
    const claims = entries.slice(s * per, (s + 1) * per);
    return { seed, counts: countStatuses(claims), claims: claims.map(({ statement: _statement, ...rest }) => rest) };
  });
}

/**
 * Per claim over all seeds: seeds passed / total, the worst ratio and its seed, the failing
 * seeds and the first failure with its replay. `entries` are seed-major, claims in registry order.
 */
export function aggregate(seeds: readonly number[], entries: readonly VerifyEntry[], quick: boolean): ClaimAggregate[] {
  const per = seeds.length === 0 ? 0 : entries.length / seeds.length;
  const out: ClaimAggregate[] = [];
  for (let c = 0; c < per; c++) {
    const runs = seeds.map((_, s) => entries[s * per + c]!);
    const first = runs[0]!;
    let worstRatio = -Infinity;
    let worstRatioSeed: number | undefined;
    for (const r of runs) {
      if (r.worstRatio > worstRatio) {
        worstRatio = r.worstRatio;
        worstRatioSeed = r.seed;
      }
    }
    const failing = runs.filter((r) => r.status !== 'pass');
    const f = failing[0];
    out.push({
      id: first.id,
      ref: first.ref,
      title: first.title,
      section: first.section,
      kind: first.kind,
      confidence: first.confidence,
      tight: first.tight,
      statement: first.statement,
      seedsPassed: runs.length - failing.length,
      seedsTotal: runs.length,
      failingSeeds: failing.map((r) => r.seed),
      worstRatio,
      ...(worstRatioSeed !== undefined ? { worstRatioSeed } : {}),
      ...(f
        ? {
            firstFailure: {
              seed: f.seed,
              status: f.status as 'fail' | 'error',
              message: f.failure?.message ?? '',
              path: f.path ?? '',
              ...(f.counterexample !== undefined ? { counterexample: f.counterexample } : {}),
              command: replayCommand(f, quick),
            },
          }
        : {}),
    });
  }
  return out;
}
