import { problemFromRecipe } from '../arbitraries/separableProblem.js';
import { RATE_PROBLEMS, tailSup } from '../claims/fan2025/rates.js';
import type { Matrix } from '../linalg/matrix.js';
import { entrywiseNorm } from '../linalg/norms.js';
import { minMargin } from '../losses/objective.js';
import { constantSchedule, polynomialSchedule, prefixSums, type Schedule } from '../optimizers/schedule.js';
import { exactMoments, type Optimizer, type OptimizerFactory } from '../optimizers/types.js';
import type { Problem } from '../problem.js';
import { exponentEvidence } from '../rates/evidence.js';
import { rateBound } from '../rates/bounds.js';
import { logSpacedSteps } from '../trajectory/checkpoints.js';
import type { Horizon } from '../trajectory/horizon.js';
import { runTrajectory } from '../trajectory/run.js';
import { normLabel, type FamilySpec } from './families.js';

/**
 * Tier 3, implicit bias (issue #9): on a fixed set of problems whose max-margin solutions in
 * different norms differ, the optimizer's normalized-margin gap in the predicted norm p,
 * r_p(t) = (γ_p − m(W_t)/‖W_t‖_p)/γ_p, shrinks (r_p(T) < r_p(T/10)) and at the end is smaller
 * than r_q(T) in every other norm q whose max-margin solution differs from W*_p.
 *
 * The set: the project's fixed rate problems (RATE_PROBLEMS: two clusters problems, k = 3, 4),
 * B-normalised (max‖x_i‖₁ = 1, so margins grow slowly and float32/float64 horizons come late).
 * They were chosen for the property, not the outcome: `distinctNorms` measures, for each pair
 * (p, q), the deficit 1 − m(W*_q)/(‖W*_q‖_p γ_p) of q's max-margin solution in norm p; q is
 * compared only where both deficits are ≥ DISTINCT (5%): closer solutions cannot be told apart
 * by a finite run. Calibration (reference optimizers, T = 20 000) is in the README's gate section.
 */
export const BIAS_STEPS = 20000;
export const DISTINCT = 0.05;
/** The norms compared with the predicted one. */
const COMPARED = [Infinity, 2, 1] as const;

export function biasProblems(): Problem[] {
  return RATE_PROBLEMS.map((r) => problemFromRecipe(r, true));
}

/** Deficit of W*_q's normalized margin in norm p, relative to γ_p. */
export function deficit(pb: Problem, p: number, q: number): number {
  const Wq = pb.margin(q).W;
  return 1 - minMargin(pb.dataset, Wq) / entrywiseNorm(Wq, p) / pb.margin(p).gamma;
}

/** The norms q ≠ p whose max-margin solution differs from W*_p (both deficits ≥ DISTINCT). */
export function distinctNorms(pb: Problem, p: number): number[] {
  return COMPARED.filter((q) => q !== p && deficit(pb, p, q) >= DISTINCT && deficit(pb, q, p) >= DISTINCT);
}

/**
 * The schedule tier 3 runs each family at: NSD/Signum/custom η_t = 0.5(t + 1)^{−1/2} (Cor. 5.4's
 * fastest exponent, as Fig. 1), Adam η_t = 0.1(t + 1)^{−2/3} (Cor. 6.4's, η₀ small: THEOREMS.md
 * P4), GD the constant η = 1/max‖x_i‖₂² (< 2/L, L ≤ ½ max‖x_i‖₂² for the mean CE loss).
 */
export function biasSchedule(spec: FamilySpec, pb: Problem): { schedule: Schedule; a: number | null } {
  if (spec.name === 'gd') {
    let mx = 0;
    const { X } = pb.dataset;
    for (let i = 0; i < X.rows; i++) {
      let s = 0;
      for (let j = 0; j < X.cols; j++) s += X.data[i * X.cols + j]! ** 2;
      mx = Math.max(mx, s);
    }
    return { schedule: constantSchedule(1 / mx), a: null };
  }
  if (spec.adam) return { schedule: polynomialSchedule(0.1, 2 / 3), a: 2 / 3 };
  return { schedule: polynomialSchedule(0.5, 0.5), a: 0.5 };
}

/** Relative gaps r_q(W) = (γ_q − m(W)/‖W‖_q)/γ_q. */
function relGap(pb: Problem, W: Matrix, q: number): number {
  const n = entrywiseNorm(W, q);
  const g = pb.margin(q).gamma;
  return n > 0 ? (g - minMargin(pb.dataset, W) / n) / g : 1;
}

interface Series {
  readonly ts: number[];
  readonly r: Map<number, number[]>;
  readonly stop: number;
  readonly horizon: Horizon | null;
}

/** Runs an optimizer up to `steps` (or its precision horizon), recording r_q at log-spaced steps. */
function gapRun(pb: Problem, opt: Optimizer, steps: number, norms: readonly number[]): Series {
  const want = new Set(logSpacedSteps(steps));
  const ts: number[] = [];
  const r = new Map<number, number[]>(norms.map((q) => [q, []]));
  const record = (t: number, W: Matrix): void => {
    ts.push(t);
    for (const q of norms) r.get(q)!.push(relGap(pb, W, q));
  };
  const tr = runTrajectory({ problem: pb, optimizer: opt, steps, withMargins: false, checkpoints: [], hooks: [
      {
        transient: true,
        onStep: (c) => {
          const u = c.updates.data;
          for (let e = 0; e < u.length; e++) if (!Number.isFinite(u[e]!)) throw new Error(`step ${c.t}: non-finite update ${u[e]} at entry (${Math.floor(e / c.W.cols)}, ${e % c.W.cols})`);
          if (c.t > 0 && want.has(c.t)) record(c.t, c.W);
        },
      },
    ],
  });
  const stop = tr.reached;
  if (ts[ts.length - 1] !== stop && stop > 0) record(stop, tr.final.W);
  return { ts, r, stop, horizon: tr.horizon };
}

/** r_q at the recorded step nearest below t. */
function at(s: Series, q: number, t: number): number {
  let i = 0;
  while (i + 1 < s.ts.length && s.ts[i + 1]! <= t) i++;
  return s.r.get(q)![i]!;
}

/** The first step at which Adam-ε's reference has min √v < 10³ε (THEOREMS.md P5): the ε-horizon. */
function epsilonHorizon(spec: FamilySpec, pb: Problem, schedule: Schedule, steps: number): number {
  if (!spec.adam || spec.adam.eps === 0 || !spec.reference) return steps;
  const ref = spec.reference(schedule);
  const read = ref.moments;
  if (!read) return steps;
  let h = steps;
  const limit = Math.log(1e3 * spec.adam.eps);
  runTrajectory({
    problem: pb,
    optimizer: ref,
    steps,
    withMargins: false,
    checkpoints: [],
    hooks: [
      {
        transient: true,
        onStep: (c) => {
          if (h < steps) return;
          const { logV } = exactMoments(read.call(ref, c.state));
          for (const l of logV) if (l > -Infinity && 0.5 * l < limit) h = c.t;
        },
      },
    ],
  });
  return h;
}

export interface BiasProblemResult {
  readonly problem: number;
  readonly status: 'pass' | 'fail' | 'skipped';
  readonly detail: string;
  readonly stop: number;
  readonly horizon: Horizon | null;
}

export interface BiasReport {
  readonly status: 'pass' | 'fail' | 'skipped';
  readonly detail: string;
  readonly problems: readonly BiasProblemResult[];
  readonly horizon: Horizon | null;
}

const e2 = (x: number): string => x.toExponential(2);

function judge(s: Series, p: number, others: readonly number[]): string | null {
  const end = s.stop;
  const rp = at(s, p, end);
  const early = at(s, p, Math.floor(end / 10));
  if (!(rp < early)) return `the ${normLabel(p)} gap does not shrink: r_p(${end}) = ${e2(rp)} ≥ r_p(${Math.floor(end / 10)}) = ${e2(early)}`;
  for (const q of others) {
    const rq = at(s, q, end);
    if (!(rp < rq)) return `at t = ${end} the relative gap in the predicted ${normLabel(p)}, ${e2(rp)}, is not below the ${normLabel(q)}'s, ${e2(rq)}: the iterates are closer to the ${normLabel(q)} max-margin solution`;
  }
  return null;
}

/** Rate evidence (information only): the fitted exponent of the tail-sup gap against Σηₛ, vs the rate's. */
function rateInfo(spec: FamilySpec, s: Series, schedule: Schedule, a: number | null, p: number): string {
  if (a === null || spec.name === 'custom') return 'rate evidence: none for this family';
  const family = spec.adam ? 'adam' : 'nsd';
  const rb = rateBound(family, a);
  const S = prefixSums(schedule, s.stop);
  const ts = s.ts.filter((t) => t > 0);
  const gaps = tailSup(s.r.get(p)!.slice(s.ts.length - ts.length));
  const ev = exponentEvidence(ts, gaps, (t) => S[t]!, rb.rate, [Math.max(1, Math.floor(s.stop / 100)), s.stop], 0);
  return `rate evidence: fitted exponent ${Number.isFinite(ev.beta) ? ev.beta.toFixed(3) : ev.beta} ± ${ev.se.toFixed(3)} of the gap in Σηₛ vs the rate ${rb.text}'s ${ev.claimed.toFixed(3)} (information, not judged)`;
}

/** Tier 3 over the fixed problem set. */
export function implicitBias(factory: OptimizerFactory, spec: FamilySpec, o: { steps?: number } = {}): BiasReport {
  const steps = o.steps ?? BIAS_STEPS;
  const p = spec.predicted;
  const results: BiasProblemResult[] = [];
  let firstHorizon: Horizon | null = null;
  biasProblems().forEach((pb, i) => {
    const { schedule, a } = biasSchedule(spec, pb);
    const others = distinctNorms(pb, p);
    const norms = [p, ...others];
    const horizonEps = epsilonHorizon(spec, pb, schedule, steps);
    let s: Series;
    try {
      s = gapRun(pb, factory(schedule), horizonEps, norms);
    } catch (e) {
      results.push({ problem: i, status: 'fail', detail: `problem ${i}: the optimizer threw during the run (${schedule.description}): ${(e as Error).message}`, stop: 0, horizon: null });
      return;
    }
    if (s.horizon && !firstHorizon) firstHorizon = s.horizon;
    if (s.ts.length < 2 || s.stop < 10) {
      results.push({ problem: i, status: 'skipped', detail: `problem ${i}: the run stopped at t = ${s.stop}${s.horizon ? ` (${s.horizon.precision} precision horizon: ${s.horizon.reason})` : ''}, before the bias can show`, stop: s.stop, horizon: s.horizon });
      return;
    }
    const bad = judge(s, p, others);
    const limits = `${s.horizon ? `stopped at the ${s.horizon.precision} precision horizon t = ${s.stop}` : `T = ${s.stop}`}${horizonEps < steps ? ` (ε-horizon min √v < 10³ε at t = ${horizonEps})` : ''}`;
    const gaps = norms.map((q) => `r_${q === Infinity ? '∞' : q} = ${e2(at(s, q, s.stop))}`).join(', ');
    const info = rateInfo(spec, s, schedule, a, p);
    if (bad === null) {
      results.push({ problem: i, status: 'pass', detail: `problem ${i}: ${gaps} (${limits}; compared with ${others.map(normLabel).join(', ')}); ${info}`, stop: s.stop, horizon: s.horizon });
      return;
    }
    // Stopped early by the arithmetic: judge only what the reference itself shows by that step.
    if (s.stop < steps && s.horizon && spec.reference) {
      const ref = gapRun(pb, spec.reference(schedule), s.stop, norms);
      const refBad = judge(ref, p, others);
      if (refBad !== null) {
        results.push({ problem: i, status: 'skipped', detail: `problem ${i}: not decidable before the precision horizon t = ${s.stop} (the reference itself: ${refBad})`, stop: s.stop, horizon: s.horizon });
        return;
      }
    } else if (s.stop < steps && s.horizon) {
      results.push({ problem: i, status: 'skipped', detail: `problem ${i}: not decidable before the precision horizon t = ${s.stop} (${bad})`, stop: s.stop, horizon: s.horizon });
      return;
    }
    results.push({ problem: i, status: 'fail', detail: `problem ${i}: ${bad} (${gaps}; ${limits}); ${info}`, stop: s.stop, horizon: s.horizon });
  });
  const failed = results.find((r) => r.status === 'fail');
  const status = failed ? 'fail' : results.every((r) => r.status === 'skipped') ? 'skipped' : 'pass';
  const head = `predicted: ${normLabel(p)} (${spec.basis})`;
  return { status, detail: failed ? `${failed.detail}. ${head}` : `${head}. ${results.map((r) => r.detail).join('. ')}`, problems: results, horizon: firstHorizon };
}
