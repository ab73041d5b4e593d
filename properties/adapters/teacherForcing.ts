/**
 * Teacher forcing for the adapter and zoo tests: the reference optimizer drives the trajectory
 * W_{t+1} = W_t + u_ref(t), and the candidate is handed exactly the same gradient, parameters
 * and t at every step (with its own state carried along), so its updates can be compared with
 * the reference's one step at a time. Stops at the candidate's precision horizon.
 */
import { lossByName } from '../../src/losses/index.js';
import { Objective } from '../../src/losses/objective.js';
import { zeros, type Matrix } from '../../src/linalg/matrix.js';
import type { ScaledGradient } from '../../src/linalg/scaled.js';
import type { Optimizer, Precision } from '../../src/optimizers/types.js';
import type { Problem } from '../../src/problem.js';
import { beyondHorizon } from '../../src/trajectory/horizon.js';

export interface ForcedStep {
  readonly t: number;
  readonly W: Matrix;
  readonly gradient: ScaledGradient;
  readonly ref: Matrix;
  readonly cand: Matrix;
}

export interface ForcedRun {
  /** Steps compared (the first `steps` of the run). */
  readonly steps: number;
  /** The step at which the candidate's precision horizon was reached, or null. */
  readonly horizon: number | null;
}

/**
 * Runs `steps` teacher-forced steps (fewer if the horizon of `precision` comes first), calling
 * `onStep` with both updates. The candidate's `update` throwing propagates.
 */
export function teacherForce<R, C>(
  problem: Problem,
  reference: Optimizer<R>,
  candidate: Optimizer<C>,
  steps: number,
  onStep: (s: ForcedStep) => void,
  o: { W0?: Matrix; precision?: Precision } = {},
): ForcedRun {
  const obj = new Objective(problem.dataset, lossByName('ce'));
  const precision = o.precision ?? candidate.precision ?? 'float64';
  let W = o.W0 ?? zeros(problem.k, problem.d);
  let sRef = reference.init(W);
  let sCand = candidate.init(W);
  for (let t = 0; t < steps; t++) {
    const ev = obj.evaluate(W);
    if (beyondHorizon(ev.gradient, ev.logLoss, precision) !== null) return { steps: t, horizon: t };
    const r = reference.update(ev.gradient, sRef, W, t);
    const c = candidate.update(ev.gradient, sCand, W, t);
    onStep({ t, W, gradient: ev.gradient, ref: r.updates, cand: c.updates });
    const next = zeros(W.rows, W.cols);
    for (let e = 0; e < next.data.length; e++) next.data[e] = W.data[e]! + r.updates.data[e]!;
    W = next;
    sRef = r.state;
    sCand = c.state;
  }
  return { steps, horizon: null };
}
