/**
 * Gradient-norm convergence of GD with a fixed step across the PERM losses and a grid of steps
 * (issue #12, part 3), against what the theory predicts:
 * - the descent lemma: for a β-smooth risk and η = f·2/β with f < 1, L(W_{t+1}) ≤ L(W_t) −
 *   η(1 − f)‖∇L(W_t)‖², so Σ_{s<t} ‖∇L(W_s)‖² ≤ (L(W_0) − L(W_t)) / (η(1 − f)) at every t: the
 *   squared gradient norms are summable and ‖∇L‖ → 0, separable or not. Checked exactly at
 *   every checkpoint where β is a global smoothness constant (CE: 1/2, PLL: K/4 per score, times
 *   σ_max²(X)/n; the exponential loss is not globally smooth, so for it the bound is shown,
 *   not claimed);
 * - on separable data the risk is O(1/t) (Soudry et al. 2018; R-Thm 3.4): the slope of log L
 *   against log t over the last decade is about −1, and so is that of log ‖∇L‖; on
 *   non-separable data L levels off at inf L > 0 (slope → 0) while ‖∇L‖ still goes to 0.
 */
import type { Dataset } from '../../data/dataset.js';
import type { LossName } from '../../losses/index.js';
import { LogSumAccumulator } from '../../numerics/logspace.js';
import { constantSchedule, gd } from '../../optimizers/index.js';
import { Problem } from '../../problem.js';
import { maxStep } from '../../claims/ravi2024/theorem34.js';
import { tailSlope } from './fitTail.js';
import { trackRun } from './track.js';

export interface GradNormPoint {
  readonly t: number;
  readonly logLoss: number;
  readonly logGradNorm: number;
  /** log Σ_{s<t} ‖∇L(W_s)‖² and log of the descent-lemma bound (L_0 − L_t)/(η(1 − f)) (NaN for f ≥ 1). */
  readonly logSumSq: number;
  readonly logDescentBound: number;
}

export interface GradNormRun {
  readonly data: string;
  readonly separable: boolean;
  readonly loss: LossName;
  /** f = η / (2/β): below 1 the descent lemma applies. */
  readonly fraction: number;
  readonly eta: number;
  readonly steps: number;
  readonly points: readonly GradNormPoint[];
  /** Whether the descent bound applies (f < 1 and β a global smoothness constant for this loss). */
  readonly boundApplies: boolean;
  /** max over checkpoints of Σ‖∇L‖² / bound (≤ 1 when the bound holds); NaN when it does not apply. */
  readonly worstBoundRatio: number;
  /** Slopes of log L and log ‖∇L‖ against log t over [T/10, T]. */
  readonly lossSlope: number;
  readonly gradSlope: number;
  /** ‖∇L‖ at T relative to its largest value along the run. */
  readonly gradDecrease: number;
  readonly finalLogLoss: number;
  readonly finalAccuracy: number;
  readonly seconds: number;
}

/** Losses whose harness smoothness constant (scoreSmoothness) is global, so the descent lemma is a theorem. */
const GLOBALLY_SMOOTH: ReadonlySet<LossName> = new Set<LossName>(['ce', 'pll']);

export function gradNormRun(o: { data: string; dataset: Dataset; separable: boolean; loss: LossName; fraction: number; steps: number }): GradNormRun {
  const eta = o.fraction * maxStep(new Problem(o.dataset), o.loss);
  const sumSq = new LogSumAccumulator();
  const sums = new Map<number, number>();
  let logL0 = NaN;
  let maxLogGrad = -Infinity;
  const run = trackRun({
    dataset: o.dataset,
    optimizer: gd(constantSchedule(eta)),
    loss: o.loss,
    steps: o.steps,
    onStep: (t, logLoss, logGrad) => {
      if (t === 0) logL0 = logLoss;
      sums.set(t, sumSq.value());
      sumSq.add(2 * logGrad);
      if (logGrad > maxLogGrad) maxLogGrad = logGrad;
    },
  });
  sums.set(run.final.t, sumSq.value());
  const boundApplies = o.fraction < 1 && GLOBALLY_SMOOTH.has(o.loss);
  const points: GradNormPoint[] = run.points.map((p) => {
    // L_0 − L_t in the log domain: log L_0 + log(1 − e^{log L_t − log L_0}).
    const drop = logL0 + Math.log1p(-Math.exp(Math.min(0, p.logLoss - logL0)));
    return { t: p.t, logLoss: p.logLoss, logGradNorm: p.logGradNorm, logSumSq: sums.get(p.t) ?? NaN, logDescentBound: o.fraction < 1 ? drop - Math.log(eta * (1 - o.fraction)) : NaN };
  });
  const worst = boundApplies ? worstDescentRatio(points) : NaN;
  const from = Math.floor(run.steps / 10);
  return {
    data: o.data,
    separable: o.separable,
    loss: o.loss,
    fraction: o.fraction,
    eta,
    steps: run.steps,
    points,
    boundApplies,
    worstBoundRatio: worst,
    lossSlope: tailSlope(points, (p) => p.logLoss, from),
    gradSlope: tailSlope(points, (p) => p.logGradNorm, from),
    gradDecrease: Math.exp(run.final.logGradNorm - Math.max(maxLogGrad, run.final.logGradNorm)),
    finalLogLoss: run.final.logLoss,
    finalAccuracy: run.final.accuracy,
    seconds: run.seconds,
  };
}

/** max over checkpoints t > 0 of Σ_{s<t}‖∇L_s‖² / descent bound: ≤ 1 wherever the descent lemma applies. */
export function worstDescentRatio(points: readonly GradNormPoint[]): number {
  let worst = 0;
  for (const p of points) if (p.t > 0) worst = Math.max(worst, Math.exp(p.logSumSq - p.logDescentBound));
  return worst;
}

export function gradNormGrid(o: {
  datasets: readonly { name: string; dataset: Dataset; separable: boolean }[];
  losses: readonly LossName[];
  fractions: readonly number[];
  steps: number;
}): GradNormRun[] {
  const out: GradNormRun[] = [];
  for (const d of o.datasets) for (const loss of o.losses) for (const fraction of o.fractions) out.push(gradNormRun({ data: d.name, dataset: d.dataset, separable: d.separable, loss, fraction, steps: o.steps }));
  return out;
}
