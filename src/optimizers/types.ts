import type { Matrix } from '../linalg/matrix.js';
import type { ScaledGradient } from '../linalg/scaled.js';
import type { Schedule } from './schedule.js';

/**
 * The optimizer under test: one contract for the reference optimizers and a user's alike
 * (issue #9). A pair of pure functions over explicit state, in the style of optax's gradient
 * transformations: `update` returns the parameter update (W_{t+1} = W_t + updates) and the new
 * state, and must not mutate the state, gradient or parameters it is given.
 *
 * The gradient arrives scaled (ScaledGradient): every entry's sign and log-magnitude are exact
 * even where the float64 gradient would be 0. Scale-free methods (SignGD, NSD, Adam with ε = 0)
 * never need the plain value; `plainGradient(g)` gives the float64 values (which underflow to 0
 * deep into training: the precision horizon).
 */
export interface Optimizer<S = unknown> {
  readonly name: string;
  init(params: Matrix): S;
  update(grad: ScaledGradient, state: S, params: Matrix, t: number): OptimizerStep<S>;
  /**
   * Optional accessor for claims that need internal quantities (Lemma D.1 reads Adam's m and
   * v): the first and second moments held in `state`, exact or plain.
   */
  moments?(state: S): Moments;
  /**
   * The arithmetic the optimizer computes in; it sets the precision horizon, the step where its
   * inputs leave the representable range (default 'float64'). The reference optimizers compute
   * in the log domain and have no horizon.
   */
  readonly precision?: Precision;
  /**
   * Optional in-place form of `update` for long runs (the engine's hot loop): the same iterates
   * bit for bit, with nothing allocated per step. The reference optimizers have one.
   */
  readonly inPlace?: InPlaceOptimizer<S>;
}

/**
 * The in-place form of an optimizer, transform or moment rule if it stands for that object's own
 * `update` (`form.of === x.update`), else null: a copy with an update of its own (`{ ...x,
 * update }`, a planted fault) keeps the form it copied, which no longer stands for it.
 */
export function inPlaceOf<U, F extends { readonly of: U }>(x: { readonly update: U; readonly inPlace?: F }): F | null {
  return x.inPlace !== undefined && x.inPlace.of === x.update ? x.inPlace : null;
}

/**
 * An optimizer's in-place form. It stands for one update function, `of`: the engine uses it only
 * while `optimizer.update === of`, so a copy with an update of its own (`{ ...opt, update }`, a
 * planted fault) runs that update and not this form.
 */
export interface InPlaceOptimizer<S> {
  readonly of: Optimizer<S>['update'];
  /** A stepper from `state` (which it copies, never mutates) for parameters shaped like `params`. */
  start(state: S, params: Matrix): OptimizerStepper<S>;
}

/** A run of one optimizer whose state lives in buffers the stepper owns and advances in place. */
export interface OptimizerStepper<S> {
  /**
   * `update(grad, state, params, t).updates` for the state reached so far, bit for bit, and the
   * state advanced. The matrix returned is the stepper's own buffer: valid until the next call.
   * `grad` and `params` are read during the call only.
   */
  step(grad: ScaledGradient, params: Matrix, t: number): Matrix;
  /** The state reached so far, as `update` would have returned it, in values no later step changes (the caller may keep them). */
  state(): S;
}

export interface OptimizerStep<S> {
  readonly updates: Matrix;
  readonly state: S;
}

/**
 * "The optimizer under test" as every claim takes it: the harness hands in the schedule, so a
 * claim can run the optimizer at every schedule it needs.
 */
export type OptimizerFactory<S = unknown> = (schedule: Schedule) => Optimizer<S>;

export type Precision = 'log-domain' | 'float64' | 'float32';

/** Per-entry signed log-magnitudes: x = sign·e^{log}, sign ∈ {−1, 0, 1}. */
export interface SignedLog {
  readonly sign: Int8Array;
  readonly log: Float64Array;
}

/** Adam's moments m_t and v_t, entry by entry, in the log domain (exact at any loss level). */
export interface ExactMoments {
  readonly m: SignedLog;
  readonly logV: Float64Array;
}

/** Adam's moments as a plain float64/float32 implementation holds them. */
export interface PlainMoments {
  readonly m: ArrayLike<number>;
  readonly v: ArrayLike<number>;
}

export type Moments = ExactMoments | PlainMoments;

/** The exact form of either kind of moments (plain values are converted entry by entry). */
export function exactMoments(x: Moments): ExactMoments {
  if ('logV' in x) return x;
  const n = x.m.length;
  if (x.v.length !== n) throw new RangeError(`moments: m has ${n} entries, v has ${x.v.length}`);
  const sign = new Int8Array(n);
  const log = new Float64Array(n);
  const logV = new Float64Array(n);
  for (let e = 0; e < n; e++) {
    const m = x.m[e]!;
    sign[e] = Number.isNaN(m) ? 0 : Math.sign(m);
    log[e] = Number.isNaN(m) ? NaN : Math.log(Math.abs(m));
    logV[e] = Math.log(x.v[e]!);
  }
  return { m: { sign, log }, logV };
}
