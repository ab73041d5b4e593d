import { clone, zeros, type Matrix } from '../linalg/matrix.js';
import type { ScaledGradient } from '../linalg/scaled.js';
import { lossByName } from '../losses/index.js';
import { Objective } from '../losses/objective.js';
import type { Optimizer, Precision } from '../optimizers/types.js';
import type { Problem } from '../problem.js';
import { beyondHorizon } from '../trajectory/horizon.js';

/**
 * Teacher forcing (tier 1 of the gate, the adapter and zoo tests): the reference optimizer drives
 * the trajectory W_{t+1} = W_t + u_ref(t), and the candidate is handed the same gradient,
 * parameters and t at every step (with its own state carried along), so its updates can be
 * compared with the reference's one step at a time and a chaotic divergence of two correct
 * implementations cannot occur. Stops at the candidate's precision horizon.
 */
export interface ForcedStep {
  readonly t: number;
  readonly W: Matrix;
  readonly gradient: ScaledGradient;
  /** The reference's update. */
  readonly ref: Matrix;
  /** The candidate's update (as it returned it: with `isolate`, not yet checked to be a matrix). */
  readonly cand: Matrix;
  /** What the candidate's `update` returned (with `isolate`, for validating its shape). */
  readonly returned: unknown;
}

export interface ForcedRun {
  /** Steps compared: every step, or up to the horizon or the failing step. */
  readonly steps: number;
  /** The step at which the candidate's precision horizon was reached, or null. */
  readonly horizon: number | null;
  readonly horizonReason: string | null;
  /** Why the run stopped early (a candidate that threw, or what `onStep` returned), or null. */
  readonly failure: string | null;
}

export interface ForceOptions {
  /** W_0 (default 0). */
  readonly W0?: Matrix;
  /** The candidate's arithmetic, for its horizon (default its own `precision`, else float64). */
  readonly precision?: Precision;
  /**
   * Untrusted candidate (the gate): it gets copies of W and the gradient, and an `init` or
   * `update` that throws stops the run with a failure instead of propagating.
   */
  readonly isolate?: boolean;
}

function copyGradient(g: ScaledGradient): ScaledGradient {
  return { mantissa: clone(g.mantissa), logScale: g.logScale, logAbs: g.logAbs.slice(), sign: g.sign.slice() };
}

/**
 * Runs `steps` teacher-forced steps, calling `onStep` with both updates after each; `onStep`
 * returning a string stops the run with that failure.
 */
export function teacherForce<R, C>(problem: Problem, reference: Optimizer<R>, candidate: Optimizer<C>, steps: number, onStep: (s: ForcedStep) => unknown, o: ForceOptions = {}): ForcedRun {
  const obj = new Objective(problem.dataset, lossByName('ce'));
  const precision = o.precision ?? candidate.precision ?? 'float64';
  const isolate = o.isolate ?? false;
  const stop = (t: number, failure: string | null, horizon: number | null = null, horizonReason: string | null = null): ForcedRun => ({ steps: t, horizon, horizonReason, failure });
  let W = o.W0 ? clone(o.W0) : zeros(problem.k, problem.d);
  let sRef = reference.init(isolate ? clone(W) : W);
  let sCand: C;
  try {
    sCand = candidate.init(isolate ? clone(W) : W);
  } catch (e) {
    if (!isolate) throw e;
    return stop(0, `init threw: ${(e as Error).message}`);
  }
  for (let t = 0; t < steps; t++) {
    const ev = obj.evaluate(W);
    const reason = beyondHorizon(ev.gradient, ev.logLoss, precision);
    if (reason !== null) return stop(t, null, t, reason);
    const r = reference.update(ev.gradient, sRef, W, t);
    let c: { updates: Matrix; state: C };
    try {
      c = isolate ? candidate.update(copyGradient(ev.gradient), sCand, clone(W), t) : candidate.update(ev.gradient, sCand, W, t);
    } catch (e) {
      if (!isolate) throw e;
      return stop(t, `step ${t}: update() threw: ${(e as Error).message}`);
    }
    const returned: unknown = c;
    const cand = typeof returned === 'object' && returned !== null ? c.updates : zeros(0, 0);
    const failure = onStep({ t, W, gradient: ev.gradient, ref: r.updates, cand, returned });
    if (typeof failure === 'string') return stop(t, failure);
    const next = zeros(W.rows, W.cols);
    for (let e = 0; e < next.data.length; e++) next.data[e] = W.data[e]! + r.updates.data[e]!;
    W = next;
    sRef = r.state;
    sCand = c.state;
  }
  return stop(steps, null);
}
