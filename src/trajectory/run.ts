import { zeros, type Matrix, clone } from '../linalg/matrix.js';
import { entrywiseNorm } from '../linalg/norms.js';
import { lossByName, type LossName, type PermLoss } from '../losses/index.js';
import { minMargin, Objective, type Evaluation } from '../losses/objective.js';
import type { Optimizer, Precision } from '../optimizers/types.js';
import type { Problem } from '../problem.js';
import { ArgumentError } from '../errors.js';
import { logSpacedSteps } from './checkpoints.js';
import { beyondHorizon, type Horizon } from './horizon.js';
import { stepping, type StepHook } from './stepping.js';

export type { StepContext, StepHook } from './stepping.js';

/** Norms the engine tracks: max-norm (∞), Frobenius (2), sum-norm (1). */
export const TRACKED_NORMS = [Infinity, 2, 1] as const;
export type NormKey = 'max' | '2' | '1';
/** The checkpoint field of a tracked norm: ∞ → 'max', 2 → '2', 1 → '1'. */
export const normKey = (p: number): NormKey => (p === Infinity ? 'max' : p === 2 ? '2' : '1');

/** ‖u − v‖ for unit vectors with cosine c: the direction error √(2 − 2c). */
export const unitDistance = (cosine: number): number => Math.sqrt(Math.max(0, 2 - 2 * cosine));
export type PerNorm = Readonly<Record<NormKey, number>>;

/** What the engine records at a checkpoint (THEOREMS.md §13 quantities). */
export interface Checkpoint {
  readonly t: number;
  readonly logLoss: number;
  readonly logProxy: number;
  readonly norm: PerNorm;
  /** m(W_t) = min_{i,c≠y_i} (e_{y_i} − e_c)ᵀ W_t x_i */
  readonly minMargin: number;
  /** γ_p − m(W_t)/‖W_t‖_p */
  readonly gap: PerNorm;
  /** ⟨W_t, W*_p⟩ / (‖W_t‖_F ‖W*_p‖_F), W*_p the p-norm max-margin maximiser */
  readonly cosine: PerNorm;
}

export interface TrajectoryOptions<S> {
  readonly problem: Problem;
  readonly optimizer: Optimizer<S>;
  readonly steps: number;
  readonly loss?: LossName | PermLoss;
  /** W_0 (default 0). */
  readonly W0?: Matrix;
  /**
   * Continue a run instead of starting one: from step `t` with iterate W_t and the optimizer's
   * state after t steps (`continueTrajectory` takes them from a finished run). Checkpoints are
   * recorded at steps after t only (W_t's is the earlier run's last).
   */
  readonly start?: { readonly t: number; readonly W: Matrix; readonly state: S };
  /** Steps at which to record a checkpoint (default log-spaced, 20 per decade). */
  readonly checkpoints?: readonly number[];
  readonly hooks?: readonly StepHook<S>[];
  /** Skip the margins (γ_p and gaps) when the data's margins are not needed. */
  readonly withMargins?: boolean;
}

export interface Trajectory<S> {
  readonly optimizer: string;
  readonly steps: number;
  readonly checkpoints: readonly Checkpoint[];
  readonly final: { readonly W: Matrix; readonly state: S; readonly ev: Evaluation };
  /**
   * Where plain float64 arithmetic would have frozen: the first step at which 1 − s_y of every
   * sample rounds to 0 (the naive loss is exactly 0), and at which every entry of the plain
   * gradient underflows to 0 (SignGD/NSD stall, Adam with ε = 0 divides 0/0).
   */
  readonly frozen: { readonly naiveLossZeroAt: number | null; readonly plainGradientZeroAt: number | null };
  /**
   * The optimizer's precision horizon, if the run reached it before `steps`: the first step t
   * at which its inputs left the range of its arithmetic (`beyondHorizon`). The run stops there
   * without an update at t: `final` is W_t, and checkpoints go up to t.
   */
  readonly horizon: Horizon | null;
  /** The last step whose iterate was evaluated: `horizon.step`, or `steps`. */
  readonly reached: number;
  /** The arithmetic the optimizer declared (`optimizer.precision`, default 'float64'). */
  readonly precision: Precision;
  readonly seconds: number;
}

const LOG_HALF_ULP = Math.log(Math.pow(2, -53));
const LOG_MIN_DOUBLE = Math.log(Number.MIN_VALUE);

/**
 * Runs an optimizer for T steps and records checkpoints; hooks see every step. A run stops at
 * the optimizer's precision horizon (`optimizer.precision`, default 'float64'; the reference
 * optimizers are 'log-domain' and have none): from there on the arithmetic, not the optimizer,
 * would decide the iterates.
 */
export function runTrajectory<S>(o: TrajectoryOptions<S>): Trajectory<S> {
  const started = performance.now();
  const { problem, optimizer, steps } = o;
  if (!Number.isInteger(steps) || steps < 0) throw new ArgumentError(`steps must be a non-negative integer, got ${steps}`);
  const loss = o.loss === undefined ? lossByName('ce') : typeof o.loss === 'string' ? lossByName(o.loss) : o.loss;
  const obj = new Objective(problem.dataset, loss);
  if (o.start && o.W0) throw new ArgumentError('give W0 (a new run) or start (a continued run), not both');
  const t0 = o.start?.t ?? 0;
  if (!Number.isInteger(t0) || t0 < 0 || t0 > steps) throw new ArgumentError(`start.t must be an integer in [0, steps = ${steps}], got ${t0}`);
  const W = o.start ? clone(o.start.W) : o.W0 ? clone(o.W0) : zeros(problem.k, problem.d);
  if (W.rows !== problem.k || W.cols !== problem.d) throw new ArgumentError(`${o.start ? 'start.W' : 'W0'} must be ${problem.k}x${problem.d}`);
  const state = o.start ? o.start.state : optimizer.init(W);
  const want = new Set((o.checkpoints ?? logSpacedSteps(steps)).filter((t) => !o.start || t > t0));
  const withMargins = o.withMargins ?? true;
  const star = withMargins ? TRACKED_NORMS.map((p) => ({ gamma: problem.margin(p).gamma, W: problem.margin(p).W, frob: entrywiseNorm(problem.margin(p).W, 2) })) : [];
  const checkpoints: Checkpoint[] = [];
  let naiveLossZeroAt: number | null = null;
  let plainGradientZeroAt: number | null = null;
  const hooks = o.hooks ?? [];
  const precision = optimizer.precision ?? 'float64';
  let horizon: Horizon | null = null;
  let reached = steps;
  const run = stepping({ obj, optimizer, problem, W, state, hooks });
  for (let t = t0; ; t++) {
    const ev = run.ev;
    if (naiveLossZeroAt === null && ev.maxLogSampleProxy < LOG_HALF_ULP) naiveLossZeroAt = t;
    if (plainGradientZeroAt === null && ev.gradient.logScale < LOG_MIN_DOUBLE) plainGradientZeroAt = t;
    if (want.has(t)) checkpoints.push(checkpoint(t, run.W, ev, problem, withMargins ? star : null));
    if (t === steps) break;
    const reason = beyondHorizon(ev.gradient, ev.logLoss, precision);
    if (reason !== null) {
      horizon = { step: t, precision, reason };
      reached = t;
      break;
    }
    run.advance(t);
  }
  return {
    optimizer: optimizer.name,
    steps,
    checkpoints,
    final: run.final(),
    frozen: { naiveLossZeroAt, plainGradientZeroAt },
    horizon,
    reached,
    precision,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * The run `tr` continued to `steps` with the same problem, loss and optimizer (whose state it
 * carries on): one trajectory, as if run to `steps` at once (checkpoints of both parts; the
 * frozen steps of the first part that saw them). A run stopped at its precision horizon is
 * returned as it is: the arithmetic, not the optimizer, ended it.
 */
export function continueTrajectory<S>(tr: Trajectory<S>, o: Omit<TrajectoryOptions<S>, 'W0' | 'start'>): Trajectory<S> {
  if (tr.horizon !== null) return tr;
  if (o.steps < tr.steps) throw new ArgumentError(`cannot continue a run of ${tr.steps} steps to ${o.steps}`);
  const more = runTrajectory({ ...o, start: { t: tr.steps, W: tr.final.W, state: tr.final.state } });
  return {
    ...more,
    checkpoints: [...tr.checkpoints, ...more.checkpoints],
    frozen: {
      naiveLossZeroAt: tr.frozen.naiveLossZeroAt ?? more.frozen.naiveLossZeroAt,
      plainGradientZeroAt: tr.frozen.plainGradientZeroAt ?? more.frozen.plainGradientZeroAt,
    },
    seconds: tr.seconds + more.seconds,
  };
}

function checkpoint(t: number, W: Matrix, ev: Evaluation, pb: Problem, star: readonly { gamma: number; W: Matrix; frob: number }[] | null): Checkpoint {
  const norm = { max: entrywiseNorm(W, Infinity), '2': entrywiseNorm(W, 2), '1': entrywiseNorm(W, 1) };
  const m = minMargin(pb.dataset, W);
  const gap = { max: NaN, '2': NaN, '1': NaN };
  const cosine = { max: NaN, '2': NaN, '1': NaN };
  if (star) {
    TRACKED_NORMS.forEach((p, i) => {
      const s = star[i]!;
      const k = normKey(p);
      gap[k] = norm[k] > 0 ? s.gamma - m / norm[k] : s.gamma;
      let ip = 0;
      for (let e = 0; e < W.data.length; e++) ip += W.data[e]! * s.W.data[e]!;
      const den = norm['2'] * s.frob;
      cosine[k] = den > 0 ? ip / den : 0;
    });
  }
  return { t, logLoss: ev.logLoss, logProxy: ev.logProxy, norm, minMargin: m, gap, cosine };
}
