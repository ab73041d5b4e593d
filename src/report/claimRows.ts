import type { ClaimKind, ClaimResult } from '../claims/types.js';
import type { ProbeResult } from '../claims/runner.js';
import { replayLine } from '../claims/replay.js';
import type { VerifyEntry, VerifySummary } from '../claims/verify.js';
import type { SweepSummary } from '../sweep/index.js';

/**
 * One claim as the report shows it, from a one-seed `ibh verify` summary or a `--seeds` sweep:
 * the same row either way, so the page has one shape.
 */

export type Coverage = NonNullable<ClaimResult['coverage']>;

/** A failed (or erroring) run of a claim: what the page shows as its counterexample. */
export interface ClaimFailure {
  readonly status: 'fail' | 'error';
  readonly seed: number;
  readonly path?: string;
  /** Assumptions dropped when the case was found (a probe's relaxed generator). */
  readonly relaxed: readonly string[];
  readonly message: string;
  /** The shrunk input as fast-check prints it. */
  readonly counterexample?: string;
  /** The failing outcome's two sides (logs for a log-domain comparison) and part. */
  readonly lhs?: number;
  readonly rhs?: number;
  readonly part?: string;
  readonly certification?: ClaimResult['certification'];
  readonly exact?: ClaimResult['exact'];
  /** The command that replays exactly this case (absent: no path, e.g. a generator error). */
  readonly replay?: string;
}

export interface ClaimRow {
  readonly id: string;
  /** The paper: the id's first segment (fan2025, ravi2024). */
  readonly paper: string;
  /** The registry section (e.g. fan2025/appendix-A). */
  readonly section: string;
  readonly ref: string;
  readonly title: string;
  readonly statement: string;
  readonly kind: ClaimKind;
  readonly tight: boolean;
  /** 'error' if any seed raised one, else 'fail' if any failed, else 'pass'. */
  readonly status: ClaimResult['status'];
  /** Runs over every seed. */
  readonly runs: number;
  readonly seeds: readonly number[];
  readonly seedsPassed: number;
  readonly worstRatio: number;
  readonly durationMs: number;
  /** Inputs per label per dimension, summed over seeds (absent: the runner gave none). */
  readonly coverage?: Coverage;
  /** Every passing run's largest finite ratio, over every seed (absent: none recorded). */
  readonly ratios?: readonly number[];
  /** The first failing seed's failure. */
  readonly failure?: ClaimFailure;
  readonly probes?: readonly ProbeResult[];
}

export const paperOf = (id: string): string => id.split('/')[0] ?? id;

function failureOf(e: ClaimResult): ClaimFailure | undefined {
  if (e.status === 'pass') return undefined;
  const o = e.failure?.outcome;
  const relaxed = e.relaxed ?? [];
  return {
    status: e.status,
    seed: e.seed,
    ...(e.path !== undefined && e.path !== '' ? { path: e.path, replay: replayLine(e.id, e.seed, e.path, relaxed) } : {}),
    relaxed,
    message: e.failure?.message ?? '',
    ...(e.counterexample !== undefined ? { counterexample: e.counterexample } : {}),
    ...(o ? { lhs: o.lhs, rhs: o.rhs, ...(o.part !== undefined ? { part: o.part } : {}) } : {}),
    ...(e.certification !== undefined ? { certification: e.certification } : {}),
    ...(e.exact !== undefined ? { exact: e.exact } : {}),
  };
}

/** Sums the inputs per label of several coverages (undefined when none has any). */
export function mergeCoverage(all: readonly (Coverage | undefined)[]): Coverage | undefined {
  const out: Record<string, Record<string, number>> = {};
  let any = false;
  for (const c of all) {
    if (!c) continue;
    any = true;
    for (const [dim, labels] of Object.entries(c)) {
      const d = (out[dim] ??= {});
      for (const [label, n] of Object.entries(labels)) d[label] = (d[label] ?? 0) + n;
    }
  }
  return any ? out : undefined;
}

const statusOf = (runs: readonly Pick<ClaimResult, 'status'>[]): ClaimResult['status'] =>
  runs.some((r) => r.status === 'error') ? 'error' : runs.some((r) => r.status === 'fail') ? 'fail' : 'pass';

/** The rows of one claim's runs (one per seed) with the claim's fixed facts. */
function rowOf(facts: Pick<VerifyEntry, 'id' | 'section' | 'ref' | 'title' | 'statement' | 'kind' | 'tight'>, runs: readonly Omit<VerifyEntry, 'statement'>[]): ClaimRow {
  const worst = runs.reduce((m, r) => Math.max(m, r.worstRatio), -Infinity);
  const ratios = runs.some((r) => r.ratios !== undefined) ? runs.flatMap((r) => r.ratios ?? []) : undefined;
  const coverage = mergeCoverage(runs.map((r) => r.coverage));
  const failing = runs.find((r) => r.status !== 'pass');
  const failure = failing ? failureOf(failing) : undefined;
  const probes = runs.flatMap((r) => r.probes ?? []);
  return {
    id: facts.id,
    paper: paperOf(facts.id),
    section: facts.section,
    ref: facts.ref,
    title: facts.title,
    statement: facts.statement,
    kind: facts.kind,
    tight: facts.tight,
    status: statusOf(runs),
    runs: runs.reduce((n, r) => n + r.runs, 0),
    seeds: runs.map((r) => r.seed),
    seedsPassed: runs.filter((r) => r.status === 'pass').length,
    worstRatio: worst,
    durationMs: runs.reduce((t, r) => t + r.durationMs, 0),
    ...(coverage ? { coverage } : {}),
    ...(ratios ? { ratios } : {}),
    ...(failure ? { failure } : {}),
    ...(probes.length ? { probes } : {}),
  };
}

/** The rows of a one-seed `ibh verify` summary, in its order. */
export function rowsOfVerify(s: Pick<VerifySummary, 'claims'>): ClaimRow[] {
  return s.claims.map((e) => rowOf(e, [e]));
}

/** The rows of a `--seeds` sweep: one per claim, its runs over every seed combined. */
export function rowsOfSweep(s: Pick<SweepSummary, 'claims' | 'perSeed'>): ClaimRow[] {
  return s.claims.map((a) => rowOf(a, s.perSeed.flatMap((run) => run.claims.filter((c) => c.id === a.id))));
}

/** Seeds as short text: runs of consecutive seeds as A..B, the rest listed (`1..5, 9`). */
export function seedsText(seeds: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < seeds.length; ) {
    let j = i;
    while (j + 1 < seeds.length && seeds[j + 1] === seeds[j]! + 1) j++;
    parts.push(j - i >= 2 ? `${seeds[i]}..${seeds[j]}` : seeds.slice(i, j + 1).join(', '));
    i = j + 1;
  }
  return parts.join(', ');
}
