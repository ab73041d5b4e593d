/**
 * Ravi, Scott, Soudry, Wang (2024), Theorem 3.4: GD with a fixed step 0 < η < 2β⁻¹σ_max⁻²(X)
 * on a PERM loss with an exponential tail drives the risk to 0 (O(1/t)), ‖W‖ to ∞, and the
 * direction W_t/‖W_t‖_F to Ŵ/‖Ŵ‖_F, the Frobenius hard-margin SVM; in the proof,
 * W_t = Ŵ log t + ρ_t with ρ bounded, so the direction error is O(1/log t) (THEOREMS.md §10).
 */
import fc from 'fast-check';
import { plantedTeacher } from '../../data/samplers.js';
import { largestSingularValue } from '../../linalg/spectral.js';
import type { LossName } from '../../losses/index.js';
import { constantSchedule, gd, type Optimizer, type Schedule } from '../../optimizers/index.js';
import { Problem } from '../../problem.js';
import { runTrajectory, unitDistance } from '../../trajectory/run.js';
import { leq } from '../outcome.js';
import { printable } from '../inputs.js';
import type { Assumption, CheckOutcome, Claim } from '../types.js';

/**
 * Smoothness of ℒ_y(v) in the K scores v (the β of the step-size condition): CE ½ (softmax
 * Jacobian), PairLogLoss K/4; the exponential loss has none globally (β = 10 gives the step
 * 0.2/σ_max² of THEOREMS.md §13.3); the polynomial-tailed probe loss 8K (φ″ ≤ 8).
 */
export function scoreSmoothness(loss: LossName, K: number): number {
  return loss === 'ce' ? 0.5 : loss === 'pll' ? K / 4 : loss === 'exp' ? 10 : 8 * K;
}

/**
 * The largest step of Thm 3.4 for GD on the mean risk: the sum risk has smoothness
 * β σ_max²(X), so the sum-risk step η_sum < 2/(βσ_max²) is the mean-risk step n·η_sum.
 */
export function maxStep(pb: Problem, loss: LossName): number {
  const s = largestSingularValue(pb.dataset.X);
  return (2 * pb.n) / (scoreSmoothness(loss, pb.k) * s * s);
}

export interface GdRunInput {
  readonly problem: Problem;
  readonly loss: LossName;
  /** The step as a fraction of the theorem's bound. */
  readonly stepFraction: number;
  readonly steps: number;
}

const stepBelowBound: Assumption<GdRunInput> = {
  id: 'step-below-bound',
  statement: '0 < η < 2β⁻¹σ_max⁻²(X) (sum risk)',
  holds: (x) => x.stepFraction > 0 && x.stepFraction < 1,
};

export function gdRunInput(loss: LossName, relaxStep: boolean, steps = 100000): fc.Arbitrary<GdRunInput> {
  return fc
    .record({
      K: fc.constantFrom(3, 2, 4),
      d: fc.integer({ min: 2, max: 5 }),
      extra: fc.integer({ min: 4, max: 16 }),
      seed: fc.nat({ max: 10000 }),
      stepFraction: relaxStep ? fc.constantFrom(0.5, 4, 20, 100) : fc.constantFrom(0.5, 0.9),
    })
    .map(({ K, d, extra, seed, stepFraction }) => {
      const problem = new Problem(plantedTeacher({ k: K, d, n: K + extra, seed, minMargin: 0.2 }).dataset);
      return printable({ problem, loss, stepFraction, steps }, () => `{ plantedTeacher({ k: ${K}, d: ${d}, n: ${K + extra}, seed: ${seed}, minMargin: 0.2 }), loss: ${loss}, η = ${stepFraction}·η_max, T = ${steps} }`);
    });
}

export interface Thm34Params {
  /** The optimizer given the schedule (a planted fault swaps GD for another method). */
  readonly optimizer: (s: Schedule) => Optimizer<unknown>;
  readonly steps: number;
}

/**
 * A finite-window proxy for "stays bounded", over the last two decades of the run: either
 * y(T) is within 5% of the larger of y(T/100), y(T/10) (it has stopped rising), or its rise
 * over the last decade is at most 1.1× its rise over the decade before (it decelerates). A
 * sequence growing like log t or faster does neither; a converging one does one or both.
 */
export function decelerates(y100: number, y10: number, y1: number): { ok: boolean; late: number; early: number } {
  const late = y1 - y10;
  const early = y10 - y100;
  const level = y1 <= 1.05 * Math.max(y100, y10);
  return { ok: level || late <= Math.max(early, 0) * 1.1, late, early };
}

function decelerationOutcome(part: string, y: readonly number[], i100: number, i10: number, i1: number, fmt: (v: number) => string): CheckOutcome {
  const d = decelerates(y[i100]!, y[i10]!, y[i1]!);
  return { ok: d.ok, lhs: d.late, rhs: d.early, ratio: NaN, part, note: `${fmt(y[i100]!)} → ${fmt(y[i10]!)} → ${fmt(y[i1]!)} at T/100, T/10, T` };
}

export function theorem34(loss: LossName, p: Partial<Thm34Params> = {}): Claim<GdRunInput> {
  const make = p.optimizer ?? ((s: Schedule) => gd(s));
  return {
    id: `ravi2024/thm-3.4-${loss}`,
    paper: 'ravi2024',
    ref: 'Theorem 3.4 (and W_t = Ŵ log t + ρ_t from its proof)',
    title: `GD converges in direction to the multiclass SVM (${loss})`,
    statement:
      'GD, fixed η below the bound: t·L(W_t) stays bounded (risk O(1/t)); ‖W_t‖ increases; the direction error ‖W_t/‖W_t‖ − Ŵ/‖Ŵ‖‖ decreases and, times log t, stays bounded; the residual ‖W_t − Ŵ log t‖ stays bounded (finite-window proxy: level or decelerating); the 2-norm margin gap shrinks',
    assumptions: [stepBelowBound],
    inputs: (relax) => gdRunInput(loss, relax?.has('step-below-bound') ?? false, p.steps),
    check(x) {
      const T = x.steps;
      const eta = x.stepFraction * maxStep(x.problem, loss);
      const svm = x.problem.margin(2);
      const normHat = 1 / svm.gamma; // ‖Ŵ‖_F = 1/γ_2
      const tr = runTrajectory({ problem: x.problem, optimizer: make(constantSchedule(eta)), steps: T, loss });
      const cps = tr.checkpoints.filter((c) => c.t >= 10);
      const ts = cps.map((c) => c.t);
      // risk O(1/t)
      const tL = cps.map((c) => c.t * Math.exp(c.logLoss));
      // direction error and residual need W_t at checkpoints: recompute from cosines (exact:
      // ‖u − v‖² = 2 − 2cos for unit vectors) and norms.
      const dirErr = cps.map((c) => unitDistance(c.cosine['2']));
      const errLog = dirErr.map((e, i) => e * Math.log(ts[i]!));
      // ‖W_t − Ŵ log t‖² = ‖W_t‖² − 2 log t ⟨W_t, Ŵ⟩ + log² t ‖Ŵ‖², with ⟨W_t, Ŵ⟩ = cos·‖W_t‖‖Ŵ‖
      const resid = cps.map((c) => {
        const lt = Math.log(c.t);
        const w = c.norm['2'];
        return Math.sqrt(Math.max(0, w * w - 2 * lt * c.cosine['2'] * w * normHat + lt * lt * normHat * normHat));
      });
      const at = (t: number) => cps.reduce((best, c, i) => (Math.abs(c.t - t) < Math.abs(cps[best]!.t - t) ? i : best), 0);
      const [i100, i10, iT] = [at(T / 100), at(T / 10), cps.length - 1];
      let increasing = true;
      for (let i = 1; i < cps.length; i++) if (cps[i]!.norm['2'] < cps[i - 1]!.norm['2']) increasing = false;
      const f3 = (v: number) => v.toPrecision(4);
      const out: CheckOutcome[] = [
        decelerationOutcome('t·L(W_t) bounded (risk O(1/t))', tL, i100, i10, iT, f3),
        { ok: increasing, lhs: cps[iT]!.norm['2'], rhs: NaN, ratio: NaN, part: '‖W_t‖ increasing' },
        decelerationOutcome('direction error × log t bounded', errLog, i100, i10, iT, f3),
        decelerationOutcome('residual ‖W_t − Ŵ log t‖ bounded', resid, i100, i10, iT, f3),
        leq(dirErr[iT]!, dirErr[i100]!, 'direction error decreases (T/100 → T)', 0),
        // The normalised margin is not monotone along GD (THEOREMS.md §13.3 data: it can rise for
        // decades before falling), so "shrinks" is over the whole run, from t = 10.
        leq(cps[iT]!.gap['2'], cps[0]!.gap['2'], '2-norm margin gap shrinks (t = 10 → T)', 0),
      ];
      return out;
    },
    runs: 4,
    confidence: 'medium',
    kind: 'asymptotic-evidence',
    tight: false,
  };
}

export const theorem34Claims = (): Claim<never>[] => [theorem34('ce'), theorem34('pll'), theorem34('exp')] as unknown as Claim<never>[];
