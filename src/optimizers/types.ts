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
