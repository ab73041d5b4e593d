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

/** One independent piece of a gate run: tier 1 or 2 on one seed, or tier 3 (a fixed problem set). */
export type GateUnit = { readonly tier: 1 | 2; readonly seed: number } | { readonly tier: 3 };

/** What one unit found: its checks, in report order, and what it saw of the precision horizon. */
export interface GateUnitResult {
  readonly checks: readonly GateCheck[];
  readonly equivalence?: { readonly cases: number; readonly reached: number; readonly earliest: number | null; readonly reason: string | null };
  readonly bias?: readonly { readonly problem: number; readonly step: number }[];
}

/** What a unit needs of the options: plain data, so it can cross to a pool worker. */
export type GateUnitOptions = Pick<GateOptions, 'seed' | 'seeds' | 'cases' | 'command' | 'db'>;

/**
 * The units of a gate run in report order: per seed tier 1 then tier 2, then tier 3 once.
 * `knownTier1`: a saved tier-1 case still fails (see `replayKnownTier1`), so tier 1 draws no new cases.
 */
export function gateUnits(o: GateOptions, knownTier1 = false): GateUnit[] {
  const tiers = new Set(o.tiers ?? [1, 2, 3]);
  if (knownTier1) tiers.delete(1);
  const perSeed = seedsOf(o).flatMap((seed) => ([1, 2] as const).filter((t) => tiers.has(t)).map((tier): GateUnit => ({ tier, seed })));
  return tiers.has(3) ? [...perSeed, { tier: 3 }] : perSeed;
}

/** The precision the optimizer declares (float64 when it says nothing). */
export const precisionOf = (factory: OptimizerFactory): Precision => factory(constantSchedule(0.1)).precision ?? 'float64';

const replayLine = (spec: FamilySpec, o: GateUnitOptions, seed: number | null, path?: string): string =>
  (o.command ? `${o.command}${seed === null ? '' : ` --seed ${seed}`}` : `gate(factory, '${spec.label}', { seed: ${seed ?? seedsOf(o)[0]!} })`) +
  (seed !== null && path ? `   (fast-check { seed: ${seed}, path: "${path}" })` : '');

/**
 * Replays the failure database's saved tier-1 cases (before any unit runs, in the calling
 * process): the first that still fails is tier 1's result, as a unit result to put first.
 */
export function replayKnownTier1(factory: OptimizerFactory, spec: FamilySpec, o: GateOptions): GateUnitResult | undefined {
  if (!o.db || !new Set(o.tiers ?? [1, 2, 3]).has(1) || spec.reference === null) return undefined;
  const t0 = performance.now();
  const { failing } = replayEquivalence(o.db, factory, spec, precisionOf(factory));
  if (!failing) return undefined;
  const r = failing.result;
  return { checks: [{ tier: 1, id: 'reference-equivalence', status: 'fail', detail: r.detail, seed: r.seed, ...(r.path !== undefined ? { path: r.path } : {}), replay: replayLine(spec, o, r.seed, r.path), durationMs: performance.now() - t0 }] };
}

/** Runs one unit. Units are independent (each seeded, or fixed), so they may run anywhere, in any order. */
export function runGateUnit(factory: OptimizerFactory, spec: FamilySpec, unit: GateUnit, o: GateUnitOptions = {}): GateUnitResult {
  const replay = (seed: number | null): string => replayLine(spec, o, seed);
  const at = (seed: number, path: string | undefined): string => replayLine(spec, o, seed, path);
  if (unit.tier === 3) {
    const t3 = performance.now();
    const b = implicitBias(factory, spec);
    return {
      checks: [{ tier: 3, id: 'implicit-bias', status: b.status, detail: b.detail, seed: null, replay: replay(seedsOf(o)[0]!), durationMs: performance.now() - t3 }],
      bias: b.problems.flatMap((p) => (p.horizon ? [{ problem: p.problem, step: p.stop }] : [])),
    };
  }
  const seed = unit.seed;
  if (unit.tier === 2) return { checks: theoremChecks(factory, spec, seed, o.db ? { db: o.db, replay: replay(seed) } : undefined).map((c) => ({ tier: 2, ...c, replay: at(seed, c.path), seed })) };
  if (spec.reference === null) {
    return { checks: [{ tier: 1, id: 'reference-equivalence', status: 'skipped', detail: `${spec.label} has no reference implementation to compare with`, seed, durationMs: 0 }] };
  }
  const t0 = performance.now();
  const r = referenceEquivalence(factory, spec, precisionOf(factory), { seed, runs: o.cases ?? 200 });
  const saved = o.db && r.status === 'fail' ? saveEquivalenceFailure(o.db, spec.label, r, replay(seed)) : undefined;
  return {
    checks: [
      {
        tier: 1,
        id: 'reference-equivalence',
        status: r.status,
        detail: saved ? `${r.detail}; saved to ${saved}` : r.detail,
        seed,
        ...(r.path !== undefined ? { path: r.path } : {}),
        replay: at(seed, r.path),
        durationMs: performance.now() - t0,
      },
    ],
    equivalence: { cases: r.cases, reached: r.horizon.reached, earliest: r.horizon.earliest, reason: r.horizon.reason },
  };
}

/**
 * The report from every unit's result, given in `gateUnits` order (wherever each ran): the
 * checks in that order, the verdict, and the precision horizon over all units.
 */
export function assembleGate(spec: FamilySpec, precision: Precision, results: readonly GateUnitResult[]): GateReport {
  const checks: GateCheck[] = results.flatMap((r) => r.checks);
  let cases = 0;
  let reached = 0;
  let earliest: number | null = null;
  let reason: string | null = null;
  for (const { equivalence: e } of results) {
    if (!e) continue;
    cases += e.cases;
    reached += e.reached;
    if (e.earliest !== null && (earliest === null || e.earliest < earliest)) {
      earliest = e.earliest;
      reason = e.reason;
    }
  }
  const biasH = results.flatMap((r) => r.bias ?? []);
  // An optimizer none of whose checks could be made (all skipped) is not accepted: the gate
  // cannot vouch for what it did not check.
  if (checks.length > 0 && checks.every((c) => c.status === 'skipped')) {
    checks.push({ tier: checks[0]!.tier, id: 'nothing-checked', status: 'fail', detail: `every check was skipped (${checks.map((c) => c.id).join(', ')}): nothing was checked, so the optimizer cannot be accepted`, seed: null, durationMs: 0 });
  }
  const horizon: GateHorizon | null = precision === 'log-domain' || (reached === 0 && biasH.length === 0) ? null : { precision, equivalence: { casesReached: reached, cases, earliestStep: earliest, reason }, bias: biasH };
  return { verdict: checks.some((c) => c.status === 'fail') ? 'reject' : 'accept', family: spec.label, horizon, checks };
}

/**
 * Gates an optimizer implementation against what it claims to be (issue #9), in three tiers:
 * 1. reference equivalence (named families), 2. the theorems' checks for the family, 3. the
 * implicit bias. Accepts iff no check fails and at least one passed (a skipped check is
 * reported, never a pass). In this process, unit by unit; `gateOnPool` (./pool.ts) runs the
 * units of an optimizer module on several workers with the same report.
 */
export function gate(factory: OptimizerFactory, spec: FamilySpec, o: GateOptions = {}): GateReport {
  const known = replayKnownTier1(factory, spec, o);
  known?.checks.forEach((c) => o.onCheck?.(c));
  const results = gateUnits(o, known !== undefined).map((unit) => {
    const r = runGateUnit(factory, spec, unit, o);
    for (const c of r.checks) o.onCheck?.(c);
    return r;
  });
  return reportAdded(assembleGate(spec, precisionOf(factory), known ? [known, ...results] : results), o.onCheck);
}

/** Passes the check `assembleGate` added (nothing-checked), if any, to `onCheck`; returns the report. */
export function reportAdded(report: GateReport, onCheck: GateOptions['onCheck']): GateReport {
  const last = report.checks[report.checks.length - 1];
  if (last?.id === 'nothing-checked') onCheck?.(last);
  return report;
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
