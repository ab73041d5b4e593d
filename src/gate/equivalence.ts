import fc from 'fast-check';
import { printable } from '../arbitraries/printable.js';
import { separableProblem } from '../arbitraries/separableProblem.js';
import { weightFromSpec, weightSpec, type WeightSpec } from '../arbitraries/weightMatrix.js';
import { withZeroFeature } from '../claims/fan2025/trajectories.js';
import { divideFeatures } from '../data/dataset.js';
import { zeros, type Matrix } from '../linalg/matrix.js';
import type { ScaledGradient } from '../linalg/scaled.js';
import { constantSchedule, polynomialSchedule, type Schedule } from '../optimizers/schedule.js';
import type { Optimizer, OptimizerFactory, Precision } from '../optimizers/types.js';
import { Problem } from '../problem.js';
import { BIAS_STEPS, biasProblems, biasSchedule } from './bias.js';
import { teacherForce, type ForcedStep } from './teacherForce.js';
import type { FamilySpec } from './families.js';

/**
 * Tier 1, reference equivalence (issue #9): on generated problems, schedules and starting
 * points, the optimizer under test is fed the reference trajectory's gradients, parameters and
 * step ("teacher forcing": both see the same inputs at every step, each keeps its own state, so
 * a chaotic divergence of two correct implementations cannot occur) and its updates must match
 * the reference's entry by entry within the rounding tolerance of its precision, up to its
 * precision horizon.
 */

/** One generated case. */
export interface EquivalenceCase {
  readonly problem: Problem;
  readonly schedule: Schedule;
  readonly W0: Matrix;
  readonly steps: number;
}

/**
 * Relative rounding tolerance τ_P of the update comparison
 *   |u_e − r_e| ≤ τ_P · (|r_e| + s_t) + 4 u_P |W_e|,
 * u = the optimizer's update, r = the reference's, s_t the step's scale (‖r_t‖_∞ for GD, whose
 * update is not normalized; η_t for every normalized family, whose entries are O(η_t)), u_P
 * the unit roundoff (2⁻⁵³, 2⁻²⁴).
 * - τ_P |r_e|: a correct implementation differs from the log-domain reference by a few
 *   roundings per operation, accumulated over Adam's/Signum's moment recursions (≤ 200 steps:
 *   O(200 u_P)) and the reference's own exp(log m − ½ log v) with |log| ≤ 745 (≈ 745 · 2⁻⁵³
 *   ≈ 1.7e-13 relative in float64).
 * - τ_P s_t: a moment m = βm + (1 − β)g that cancels has an absolute error of the size of its
 *   terms (u_P(β|m| + (1 − β)|g|)), i.e. O(u_P η_t) on the update m/√v (Lemma D.1 bounds |m|/√v).
 * - 4 u_P |W_e|: an implementation that forms W + u and hands back the difference (a framework
 *   updating its variables in place) loses the bits of u below W's last place.
 * Measured (scripts/gate-tolerance.ts, 20 seeds × 100 cases; properties/gate/gate.test.ts
 * asserts < τ/30): the largest |u_e − r_e| / (|r_e| + s_t) of correct plain implementations of
 * every family is 2.8e-13 in float64 (Adam's moment recursions) and 1.2e-6 in float32 (the
 * W-term excluded). τ_float64 = 1e-9 leaves > 3000× room and still catches a 1% rescaled step
 * (0.01 |r| ≫ 2e-9 |r| at the largest entry); τ_float32 = 1e-4 leaves > 80× room and catches a
 * 1% rescale likewise.
 */
export const TOLERANCE: Readonly<Record<Precision, number>> = { 'log-domain': 1e-9, float64: 1e-9, float32: 1e-4 };
const UNIT_ROUNDOFF: Readonly<Record<Precision, number>> = { 'log-domain': 2 ** -53, float64: 2 ** -53, float32: 2 ** -24 };

export interface CaseOutcome {
  /** null: every compared step matched. */
  readonly failure: string | null;
  /** The step the precision horizon stopped the case at (null: ran all its steps). */
  readonly horizon: number | null;
  readonly horizonReason: string | null;
  readonly stepsCompared: number;
  /** Largest |u_e − r_e| / (τ-scale): the error in units of (|r_e| + s_t) (W term excluded). */
  readonly maxRelError: number;
}

const fmt = (x: number): string => (Number.isFinite(x) ? x.toPrecision(6) : String(x));

function isMatrix(x: unknown, rows: number, cols: number): x is Matrix {
  if (typeof x !== 'object' || x === null) return false;
  const m = x as Partial<Matrix>;
  return m.rows === rows && m.cols === cols && m.data !== undefined && m.data !== null && typeof m.data.length === 'number' && m.data.length === rows * cols;
}

/** The reference's descent direction for p = 1 is one argmax entry; any maximiser is correct (ties). */
function coordinateDescentMismatch(u: Matrix, g: ScaledGradient, eta: number, tau: number): string | null {
  let maxLog = -Infinity;
  for (let e = 0; e < g.sign.length; e++) if (g.sign[e] !== 0) maxLog = Math.max(maxLog, g.logAbs[e]!);
  let l1 = 0;
  for (let e = 0; e < u.data.length; e++) {
    const v = u.data[e]!;
    l1 += Math.abs(v);
    if (Math.abs(v) <= tau * eta) continue;
    if (g.sign[e] === 0 || g.logAbs[e]! < maxLog + Math.log1p(-1e-6)) return `entry ${e} moves by ${fmt(v)} but |g| there is not the largest (a p = 1 step moves only argmax entries)`;
    if (Math.sign(v) === g.sign[e]) return `entry ${e} moves by ${fmt(v)} uphill (sign(g) = ${g.sign[e]})`;
  }
  const want = maxLog === -Infinity ? 0 : eta;
  if (Math.abs(l1 - want) > tau * (want + eta)) return `‖update‖₁ = ${fmt(l1)}, a p = 1 steepest-descent step has ‖·‖₁ = η_t = ${fmt(want)}`;
  return null;
}

/**
 * Runs one case: the reference trajectory, with the optimizer under test fed copies of the same
 * gradient, parameters and step at every step before its precision horizon (`teacherForce`).
 */
export function runCase(factory: OptimizerFactory, spec: FamilySpec, precision: Precision, c: EquivalenceCase): CaseOutcome {
  const reference = spec.reference!(c.schedule);
  let opt: Optimizer;
  try {
    opt = factory(c.schedule);
  } catch (e) {
    return { failure: `the factory threw when called with the schedule ${c.schedule.description}: ${(e as Error).message}`, horizon: null, horizonReason: null, stepsCompared: 0, maxRelError: 0 };
  }
  const tau = TOLERANCE[precision];
  const unit = UNIT_ROUNDOFF[precision];
  let maxRel = 0;
  const compare = ({ t, W, gradient, ref: r, cand: u, returned }: ForcedStep): string | null => {
    if (typeof returned !== 'object' || returned === null || !isMatrix(u, W.rows, W.cols)) {
      return `step ${t}: update() must return { updates: Matrix ${W.rows}×${W.cols}, state }, got ${typeof returned === 'object' && returned !== null ? `updates ${describeShape(u)}` : String(returned)}`;
    }
    const eta = c.schedule(t);
    let rMax = 0;
    for (let e = 0; e < r.data.length; e++) rMax = Math.max(rMax, Math.abs(r.data[e]!));
    const s = spec.name === 'gd' ? rMax : eta;
    for (let e = 0; e < u.data.length; e++) {
      const ue = u.data[e]!;
      if (!Number.isFinite(ue)) {
        const at = `entry (${Math.floor(e / W.cols)}, ${e % W.cols})`;
        if (spec.adam && gradient.sign[e] === 0 && r.data[e] === 0) {
          return `step ${t}: update ${fmt(ue)} at ${at}: 0/0 at ${at} where the gradient is exactly 0 (m = v = 0 there); the paper's update leaves that coordinate alone (guard m = 0 ⇒ no update)`;
        }
        return `step ${t}: non-finite update ${fmt(ue)} at ${at} (gradient there ${gradient.sign[e] === 0 ? 'exactly 0' : `±e^${gradient.logAbs[e]!.toFixed(2)}`}; reference update ${fmt(r.data[e]!)})`;
      }
    }
    if (spec.p === 1) {
      const bad = coordinateDescentMismatch(u, gradient, eta, tau);
      return bad ? `step ${t}: ${bad}` : null;
    }
    for (let e = 0; e < u.data.length; e++) {
      const ue = u.data[e]!;
      const re = r.data[e]!;
      const err = Math.abs(ue - re);
      const scale = Math.abs(re) + s;
      if (scale > 0) maxRel = Math.max(maxRel, err / scale);
      const bound = tau * scale + 4 * unit * Math.abs(W.data[e]!);
      if (!(err <= bound)) {
        const at = `(${Math.floor(e / W.cols)}, ${e % W.cols})`;
        const ratio = re !== 0 ? ` (${fmt(ue / re)}× the reference)` : '';
        return `step ${t}, entry ${at}: update ${fmt(ue)}, reference ${fmt(re)}${ratio}; |difference| ${fmt(err)} > tolerance ${fmt(bound)} (η_t = ${fmt(eta)}, gradient there ${gradient.sign[e] === 0 ? 'exactly 0' : `${gradient.sign[e]! > 0 ? '+' : '−'}e^${gradient.logAbs[e]!.toFixed(3)}`})`;
      }
    }
    return null;
  };
  const run = teacherForce(c.problem, reference, opt, c.steps, compare, { W0: c.W0, precision, isolate: true });
  return { failure: run.failure, horizon: run.horizon, horizonReason: run.horizonReason, stepsCompared: run.steps, maxRelError: maxRel };
}

function describeShape(x: unknown): string {
  if (typeof x !== 'object' || x === null) return String(x);
  const m = x as Partial<Matrix>;
  return `${String(m.rows)}×${String(m.cols)} with ${m.data && typeof m.data.length === 'number' ? m.data.length : 'no'} entries`;
}

/** Schedules: constant and η₀(t + 1)^{−a}, η₀ from 10⁻³ to 10 (large steps: where Ass. 3.3's step-size bound matters). */
const scheduleArb = fc.record({ eta0: fc.constantFrom(1e-3, 0.1, 1, 10), a: fc.constantFrom(0, 0.3, 0.5, 1) }).map(({ eta0, a }) => (a === 0 ? constantSchedule(eta0) : polynomialSchedule(eta0, a, 1)));

interface CaseSpec {
  readonly problem: Problem;
  readonly zeroFeature: boolean;
  readonly large: boolean;
  readonly schedule: Schedule;
  readonly w0: WeightSpec | null;
  readonly steps: number;
}

/**
 * Generated cases: separable problems (clusters, planted teacher, edge cases; k ≤ 4, d ≤ 5),
 * half with an appended zero feature (exactly zero gradient entries: the 0/0 of Adam ε = 0, the
 * sign(0) of SignGD), half with features ×10³ (large gradients and overflowing logits); W₀ = 0
 * or random (small or misclassifying); 20–200 steps.
 */
export function equivalenceCases(): fc.Arbitrary<EquivalenceCase> {
  return fc
    .record({
      problem: separableProblem({ maxK: 4, maxD: 5, maxPerClass: 4 }),
      zeroFeature: fc.boolean(),
      large: fc.boolean(),
      schedule: scheduleArb,
      w0: fc.option(weightSpec({ regimes: ['small', 'misclassifying'] }), { nil: null }),
      steps: fc.integer({ min: 20, max: 200 }),
    })
    .map((x: CaseSpec) => {
      let pb = x.zeroFeature ? withZeroFeature(x.problem) : x.problem;
      if (x.large) pb = new Problem(divideFeatures(pb.dataset, 1e-3));
      const W0 = x.w0 === null ? zeros(pb.k, pb.d) : weightFromSpec(pb, x.w0);
      const text = `{ problem: ${fc.stringify(x.problem)}${x.zeroFeature ? ' + a zero feature' : ''}${x.large ? ' ×10³' : ''}, schedule: ${x.schedule.description}, W₀: ${x.w0 === null ? '0' : fc.stringify(x.w0)}, T: ${x.steps} }`;
      return printable({ problem: pb, schedule: x.schedule, W0, steps: x.steps }, () => text);
    });
}

/**
 * The long cases: each problem of tier 3's fixed set (B-normalised) at tier 3's schedule for its
 * BIAS_STEPS steps, from a small random W₀ drawn from the seed.
 */
export function longCases(spec: FamilySpec, seed: number): EquivalenceCase[] {
  return biasProblems().map((problem, i) => {
    const { schedule } = biasSchedule(spec, problem);
    const w0 = { regime: 'small' as const, scale: 0.3, seed };
    return printable({ problem, schedule, W0: weightFromSpec(problem, w0), steps: BIAS_STEPS }, () => `{ problem: biasProblems()[${i}], schedule: ${schedule.description}, W₀: ${fc.stringify(w0)}, T: ${BIAS_STEPS} }`);
  });
}

export interface EquivalenceReport {
  readonly status: 'pass' | 'fail';
  readonly detail: string;
  readonly seed: number;
  readonly path?: string;
  readonly counterexample?: string;
  readonly cases: number;
  /** Cases stopped at the precision horizon, and the earliest such step. */
  readonly horizon: { readonly reached: number; readonly earliest: number | null; readonly reason: string | null };
  readonly maxRelError: number;
}

/**
 * Tier 1 over `runs` generated cases at a fast-check seed (a failure is shrunk and replayable by
 * seed + path), then the long cases (`long: false` leaves them out).
 */
export function referenceEquivalence(factory: OptimizerFactory, spec: FamilySpec, precision: Precision, o: { seed: number; runs?: number; path?: string; long?: boolean }): EquivalenceReport {
  if (!spec.reference) throw new Error(`${spec.label} has no reference optimizer`);
  let cases = 0;
  let reached = 0;
  let earliest: number | null = null;
  let earliestReason: string | null = null;
  let maxRel = 0;
  const property = fc.property(equivalenceCases(), (c) => {
    const out = runCase(factory, spec, precision, c);
    if (out.failure === null) {
      cases++;
      maxRel = Math.max(maxRel, out.maxRelError);
      if (out.horizon !== null) {
        reached++;
        if (earliest === null || out.horizon < earliest) {
          earliest = out.horizon;
          earliestReason = out.horizonReason;
        }
      }
    }
    return out.failure === null;
  });
  const details = fc.check(property, { seed: o.seed, numRuns: o.runs ?? 100, ...(o.path !== undefined ? { path: o.path } : {}) });
  let horizon: EquivalenceReport['horizon'] = { reached, earliest, reason: earliestReason };
  if (!details.failed) {
    // Long runs: branches that fire only late (a step counter past some N) need thousands of steps.
    const long = o.long === false ? [] : longCases(spec, o.seed);
    for (const [i, c] of long.entries()) {
      const out = runCase(factory, spec, precision, c);
      if (out.failure !== null) {
        return { status: 'fail', detail: `long run ${i} (${fc.stringify(c)}): ${out.failure}`, seed: o.seed, counterexample: fc.stringify(c), cases: details.numRuns + i + 1, horizon, maxRelError: maxRel };
      }
      maxRel = Math.max(maxRel, out.maxRelError);
      if (out.horizon !== null) {
        reached++;
        if (earliest === null || out.horizon < earliest) [earliest, earliestReason] = [out.horizon, out.horizonReason];
      }
    }
    horizon = { reached, earliest, reason: earliestReason };
    return { status: 'pass', detail: `${details.numRuns} generated cases and ${long.length} long runs (${BIAS_STEPS} steps) matched ${spec.label}'s reference within τ = ${TOLERANCE[precision]} (${precision}); largest error ${maxRel.toExponential(2)}·(|r| + s); precision horizon reached in ${reached} cases${earliest !== null ? `, earliest at step ${earliest}` : ''}`, seed: o.seed, cases: details.numRuns + long.length, horizon, maxRelError: maxRel };
  }
  if (details.counterexample === null) {
    const err: unknown = details.errorInstance;
    return { status: 'fail', detail: `the harness failed on a case: ${err instanceof Error ? err.message : String(err)}`, seed: o.seed, path: details.counterexamplePath ?? '', cases: details.numRuns, horizon, maxRelError: maxRel };
  }
  const c = details.counterexample[0];
  const out = runCase(factory, spec, precision, c);
  return {
    status: 'fail',
    detail: `${out.failure ?? String(details.errorInstance)} — on ${fc.stringify(c)} (after ${details.numRuns} cases, ${details.numShrinks} shrinks)`,
    seed: o.seed,
    path: details.counterexamplePath ?? '',
    counterexample: fc.stringify(c),
    cases: details.numRuns,
    horizon,
    maxRelError: maxRel,
  };
}
