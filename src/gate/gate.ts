import { harnessSeed } from '../config/seed.js';
import { ArgumentError } from '../errors.js';
import { constantSchedule } from '../optimizers/schedule.js';
import type { OptimizerFactory, Precision } from '../optimizers/types.js';
import { implicitBias } from './bias.js';
import { referenceEquivalence } from './equivalence.js';
import type { FamilySpec } from './families.js';
import { theoremChecks } from './theorems.js';
import { replayEquivalence, saveEquivalenceFailure, type GateDb } from './failureDb.js';

/** One check of the gate, in one tier, at one seed (tier 3 runs a fixed set: seed null). */
export interface GateCheck {
  readonly tier: 1 | 2 | 3;
  readonly id: string;
  readonly status: 'pass' | 'fail' | 'skipped';
  readonly detail: string;
  readonly seed: number | null;
  /** fast-check path of a shrunk failure (with the seed, replays it). */
  readonly path?: string;
  /** How to replay this check. */
  readonly replay?: string;
  readonly durationMs: number;
}

/** Where the optimizer's arithmetic ran out (null: log-domain, or never reached). */
export interface GateHorizon {
  readonly precision: Precision;
  /** Tier 1: cases stopped at the horizon, of all cases, and the earliest step (over every seed). */
  readonly equivalence: { readonly casesReached: number; readonly cases: number; readonly earliestStep: number | null; readonly reason: string | null };
  /** Tier 3: the step each problem's run stopped at its horizon. */
  readonly bias: readonly { readonly problem: number; readonly step: number }[];
}

export interface GateReport {
  readonly verdict: 'accept' | 'reject';
  readonly family: string;
  readonly horizon: GateHorizon | null;
  readonly checks: readonly GateCheck[];
}

export interface GateOptions {
  /** One seed (default: IBH_SEED or the harness's fixed seed), or several (tiers 1 and 2 run on each; tier 3 is a fixed set, run once). */
  readonly seed?: number;
  readonly seeds?: readonly number[];
  /** Tier 1 cases per seed (default 200). */
  readonly cases?: number;
  /** The command that gates this optimizer, for replay lines (the seed is appended). */
  readonly command?: string;
  /** Tiers to run (default all three). */
  readonly tiers?: readonly (1 | 2 | 3)[];
  /** Called after each check (progress). */
  readonly onCheck?: (c: GateCheck) => void;
  /**
   * The failure database (absent: none, as `--no-db`): saved counterexamples of this module as
   * this family replay first, and new tier-1/tier-2 failures are saved (src/gate/failureDb.ts).
   */
  readonly db?: GateDb;
}


function seedsOf(o: GateOptions): readonly number[] {
  if (o.seed !== undefined && o.seeds !== undefined) throw new ArgumentError('give seed or seeds, not both');
  const seeds = o.seeds ?? [o.seed ?? harnessSeed()];
  if (seeds.length === 0) throw new ArgumentError('seeds: give at least one seed');
  for (const s of seeds) if (!Number.isSafeInteger(s)) throw new ArgumentError(`seed must be an integer, got ${s}`);
  return seeds;
}

/**
 * Gates an optimizer implementation against what it claims to be (issue #9), in three tiers:
 * 1. reference equivalence (named families), 2. the theorems' checks for the family, 3. the
 * implicit bias. Accepts iff no check fails and at least one passed (a skipped check is
 * reported, never a pass).
 */
export function gate(factory: OptimizerFactory, spec: FamilySpec, o: GateOptions = {}): GateReport {
  const seeds = seedsOf(o);
  const precision: Precision = factory(constantSchedule(0.1)).precision ?? 'float64';
  const checks: GateCheck[] = [];
  const push = (c: GateCheck): void => {
    checks.push(c);
    o.onCheck?.(c);
  };
  const replay = (seed: number | null, extra = ''): string => (o.command ? `${o.command}${seed === null ? '' : ` --seed ${seed}`}` : `gate(factory, '${spec.label}', { seed: ${seed ?? seeds[0]!} })`) + extra;
  let cases = 0;
  let reached = 0;
  let earliest: number | null = null;
  let reason: string | null = null;
  const tiers = new Set(o.tiers ?? [1, 2, 3]);
  // A saved tier-1 case that still fails is tier 1's result: no new cases are drawn.
  let knownTier1 = false;
  if (o.db && tiers.has(1) && spec.reference !== null) {
    const t0 = performance.now();
    const { failing } = replayEquivalence(o.db, factory, spec, precision);
    if (failing) {
      const r = failing.result;
      knownTier1 = true;
      push({ tier: 1, id: 'reference-equivalence', status: 'fail', detail: r.detail, seed: r.seed, ...(r.path !== undefined ? { path: r.path } : {}), replay: replay(r.seed, r.path ? `   (fast-check { seed: ${r.seed}, path: "${r.path}" })` : ''), durationMs: performance.now() - t0 });
    }
  }
  for (const seed of seeds) {
    const t0 = performance.now();
    if (knownTier1) {
      // reported above, from the failure database
    } else if (tiers.has(1) && spec.reference === null) {
      push({ tier: 1, id: 'reference-equivalence', status: 'skipped', detail: `${spec.label} has no reference implementation to compare with`, seed, durationMs: 0 });
    } else if (tiers.has(1)) {
      const r = referenceEquivalence(factory, spec, precision, { seed, runs: o.cases ?? 200 });
      cases += r.cases;
      reached += r.horizon.reached;
      if (r.horizon.earliest !== null && (earliest === null || r.horizon.earliest < earliest)) {
        earliest = r.horizon.earliest;
        reason = r.horizon.reason;
      }
      const saved = o.db && r.status === 'fail' ? saveEquivalenceFailure(o.db, spec.label, r, replay(seed)) : undefined;
      push({
        tier: 1,
        id: 'reference-equivalence',
        status: r.status,
        detail: saved ? `${r.detail}; saved to ${saved}` : r.detail,
        seed,
        ...(r.path !== undefined ? { path: r.path } : {}),
        replay: replay(seed, r.path ? `   (fast-check { seed: ${seed}, path: "${r.path}" })` : ''),
        durationMs: performance.now() - t0,
      });
    }
    if (tiers.has(2)) for (const c of theoremChecks(factory, spec, seed, o.db ? { db: o.db, replay: replay(seed) } : undefined)) push({ tier: 2, ...c, replay: replay(seed, c.path ? `   (fast-check { seed: ${seed}, path: "${c.path}" })` : ''), seed });
  }
  let biasH: { problem: number; step: number }[] = [];
  if (tiers.has(3)) {
    const t3 = performance.now();
    const b = implicitBias(factory, spec);
    push({ tier: 3, id: 'implicit-bias', status: b.status, detail: b.detail, seed: null, replay: replay(seeds[0]!), durationMs: performance.now() - t3 });
    biasH = b.problems.flatMap((p) => (p.horizon ? [{ problem: p.problem, step: p.stop }] : []));
  }
  // An optimizer none of whose checks could be made (all skipped) is not accepted: the gate
  // cannot vouch for what it did not check.
  if (checks.length > 0 && !checks.some((c) => c.status === 'pass')) {
    push({ tier: checks[0]!.tier, id: 'nothing-checked', status: 'fail', detail: `every check was skipped (${checks.map((c) => c.id).join(', ')}): nothing was checked, so the optimizer cannot be accepted`, seed: null, durationMs: 0 });
  }
  const horizon: GateHorizon | null = precision === 'log-domain' || (reached === 0 && biasH.length === 0) ? null : { precision, equivalence: { casesReached: reached, cases, earliestStep: earliest, reason }, bias: biasH };
  return { verdict: checks.some((c) => c.status === 'fail') ? 'reject' : 'accept', family: spec.label, horizon, checks };
}

/** The report as a person reads it: verdict, then each check (failures with their replay line). */
export function formatGateReport(r: GateReport, optimizer = 'the optimizer'): string {
  const lines = [`${r.verdict === 'accept' ? 'ACCEPT' : 'REJECT'}: ${optimizer} as ${r.family}`];
  for (const c of r.checks) {
    const mark = c.status === 'pass' ? 'pass' : c.status === 'fail' ? 'FAIL' : 'skip';
    lines.push(`  ${mark.padEnd(4)} tier ${c.tier} ${c.id}${c.seed === null ? '' : ` (seed ${c.seed})`}: ${c.detail}`);
    if (c.status === 'fail' && c.replay) lines.push(`       replay: ${c.replay}`);
  }
  const h = r.horizon;
  if (h) {
    const e = h.equivalence;
    lines.push(`  precision horizon (${h.precision}): ${e.casesReached}/${e.cases} tier-1 cases reached it${e.earliestStep !== null ? `, earliest at step ${e.earliestStep} (${e.reason})` : ''}${h.bias.length ? `; tier 3 stopped at ${h.bias.map((x) => `t = ${x.step} (problem ${x.problem})`).join(', ')}` : ''}`);
  } else lines.push('  precision horizon: not reached');
  return lines.join('\n');
}
