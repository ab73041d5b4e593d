/**
 * One optimizer run with what the real-data probes plot at each checkpoint: loss, gradient
 * norm, training accuracy, and against reference directions (the max-margin maximisers W*_p,
 * or for non-separable data the hard-margin W of a separable reference) the cosine and, when
 * the reference's γ_p is the data's own, the margin gap γ_p − m(W)/‖W‖_p.
 */
import type { Dataset } from '../../data/dataset.js';
import type { LossName } from '../../losses/index.js';
import { minMargin } from '../../losses/objective.js';
import type { Matrix } from '../../linalg/matrix.js';
import { entrywiseNorm } from '../../linalg/norms.js';
import type { ScaledGradient } from '../../linalg/scaled.js';
import type { Optimizer } from '../../optimizers/index.js';
import { Problem } from '../../problem.js';
import { logSpacedSteps } from '../../trajectory/checkpoints.js';
import { runTrajectory } from '../../trajectory/run.js';

/** A reference direction: a maximiser W with ‖W‖_p = 1 and, if it is the data's own, γ_p. */
export interface Reference {
  readonly p: number;
  readonly W: Matrix;
  /** γ_p of the data the run is on; null when W comes from other data (gap undefined). */
  readonly gamma: number | null;
}

export interface TrackPoint {
  readonly t: number;
  readonly logLoss: number;
  /** log ‖∇L(W_t)‖_F (−Infinity for an exact zero). */
  readonly logGradNorm: number;
  /** Share of samples with (W x_i)_{y_i} > (W x_i)_c for every c ≠ y_i (ties count as errors). */
  readonly accuracy: number;
  /** m(W_t)/‖W_t‖_p for each reference's p, and γ_p minus it (NaN when γ_p is unknown). */
  readonly gap: Readonly<Record<string, number>>;
  /** ⟨W_t, W_ref⟩/(‖W_t‖_F‖W_ref‖_F) per reference (keyed by `refKey`). */
  readonly cosine: Readonly<Record<string, number>>;
}

export const refKey = (p: number): string => (p === Infinity ? 'max' : String(p));

/** log ‖g‖_F of a scaled gradient, exact where the plain value would underflow. */
export function logFrobenius(g: ScaledGradient): number {
  if (g.logScale === -Infinity) return -Infinity;
  let s = 0;
  for (const v of g.mantissa.data) s += v * v;
  return g.logScale + 0.5 * Math.log(s);
}

/** ⟨A, B⟩/(‖A‖_F‖B‖_F), 0 when either is 0. */
export function cosineOf(a: Matrix, b: Matrix): number {
  let ip = 0;
  for (let e = 0; e < a.data.length; e++) ip += a.data[e]! * b.data[e]!;
  const den = entrywiseNorm(a, 2) * entrywiseNorm(b, 2);
  return den > 0 ? ip / den : 0;
}

/** Training accuracy of argmax_c (W x)_c, a tie counting as an error. */
export function trainingAccuracy(ds: Dataset, W: Matrix): number {
  const { rows: n, cols: d, data: X } = ds.X;
  const k = ds.k;
  let correct = 0;
  const v = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += W.data[c * d + j]! * X[i * d + j]!;
      v[c] = s;
    }
    const y = ds.y[i]!;
    let ok = true;
    for (let c = 0; c < k && ok; c++) if (c !== y && !(v[y]! > v[c]!)) ok = false;
    if (ok) correct++;
  }
  return correct / n;
}

function point(ds: Dataset, t: number, W: Matrix, logLoss: number, g: ScaledGradient, refs: readonly Reference[]): TrackPoint {
  const m = minMargin(ds, W);
  const gap: Record<string, number> = {};
  const cosine: Record<string, number> = {};
  for (const r of refs) {
    const key = refKey(r.p);
    const norm = entrywiseNorm(W, r.p);
    gap[key] = r.gamma === null ? NaN : norm > 0 ? r.gamma - m / norm : r.gamma;
    cosine[key] = cosineOf(W, r.W);
  }
  return { t, logLoss, logGradNorm: logFrobenius(g), accuracy: trainingAccuracy(ds, W), gap, cosine };
}

export interface TrackedRun {
  readonly optimizer: string;
  readonly loss: LossName;
  readonly steps: number;
  readonly points: readonly TrackPoint[];
  readonly final: TrackPoint;
  readonly W: Matrix;
  readonly seconds: number;
}

/**
 * Runs `optimizer` on `loss` for `steps` steps from W = 0 and records a TrackPoint at each
 * checkpoint (default log-spaced, 10 per decade, and the last step). Works on non-separable
 * data: it never asks the dataset for its margins.
 */
export function trackRun<S>(o: {
  readonly dataset: Dataset;
  readonly optimizer: Optimizer<S>;
  readonly loss: LossName;
  readonly steps: number;
  readonly refs?: readonly Reference[];
  readonly checkpoints?: readonly number[];
  /** Called at every step t < steps with log L(W_t) and log ‖∇L(W_t)‖_F. */
  readonly onStep?: (t: number, logLoss: number, logGradNorm: number) => void;
}): TrackedRun {
  const refs = o.refs ?? [];
  const at = new Set(o.checkpoints ?? logSpacedSteps(o.steps, 10));
  const points: TrackPoint[] = [];
  const tr = runTrajectory({
    problem: new Problem(o.dataset),
    optimizer: o.optimizer,
    steps: o.steps,
    loss: o.loss,
    withMargins: false,
    checkpoints: [],
    hooks: [
      {
        transient: true,
        onStep: (c) => {
          o.onStep?.(c.t, c.ev.logLoss, logFrobenius(c.ev.gradient));
          if (at.has(c.t)) points.push(point(o.dataset, c.t, c.W, c.ev.logLoss, c.ev.gradient, refs));
        },
      },
    ],
  });
  const final = point(o.dataset, tr.reached, tr.final.W, tr.final.ev.logLoss, tr.final.ev.gradient, refs);
  if (points[points.length - 1]?.t !== final.t) points.push(final);
  return { optimizer: tr.optimizer, loss: o.loss, steps: tr.reached, points, final, W: tr.final.W, seconds: tr.seconds };
}
