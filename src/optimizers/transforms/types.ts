import type { Matrix } from '../../linalg/matrix.js';
import type { ScaledGradient } from '../../linalg/scaled.js';
import type { Moments, SignedLog } from '../types.js';

/**
 * An update entry by entry as value_e = factor_e · e^{log_e}: the log carries magnitudes exactly
 * (a gradient entry e^{−1000} is no 0), the factor carries the sign and plain factors (a unit
 * direction, −η_t). A signed log is the case factor ∈ {−1, 0, 1}; `log: null` means every log is
 * 0 (plain values). A factor of 0 is an exact zero unless its log is NaN (0·e^{NaN}: the 0/0 of
 * an unguarded Adam, see `zeroGuard`).
 */
export interface LogUpdate {
  readonly factor: Float64Array;
  readonly log: Float64Array | null;
}

/**
 * A gradient transformation in the optax manner: pure functions over explicit state, acting on
 * log-domain updates. `update` must not mutate the update, state or parameters it is given.
 * `moments`, if present, reads Adam-type first and second moments from the state.
 */
export interface Transform<S> {
  init(params: Matrix): S;
  update(u: LogUpdate, state: S, params: Matrix, t: number): TransformStep<S>;
  moments?(state: S): Moments;
  /** Optional in-place form of `update` (a chain of transforms that all have one has one). */
  readonly inPlace?: InPlaceTransform<S>;
}

/**
 * A transform's in-place form, standing for one update function `of` (used only while
 * `transform.update === of`: a copy with its own update runs that update).
 */
export interface InPlaceTransform<S> {
  readonly of: Transform<S>['update'];
  /** A stepper from `state` (copied, never mutated) over n entries. */
  start(state: S, n: number): TransformStepper<S>;
}

/**
 * A transform run in place: `step` is `update(u, state, params, t).updates` bit for bit for the
 * state reached so far, and advances the state. The update returned lives in the stepper's own
 * buffers (or is `u` passed on) and is valid until the next call; `u` and `params` are read
 * during the call only. `state()` is the state reached, in values no later step changes.
 */
export interface TransformStepper<S> {
  step(u: LogUpdate, params: Matrix, t: number): LogUpdate;
  state(): S;
}

/** A LogUpdate whose arrays a stepper swaps or refills (the object is reused every step). */
export interface MutableUpdate {
  factor: Float64Array;
  log: Float64Array | null;
}

export interface TransformStep<S> {
  readonly updates: LogUpdate;
  readonly state: S;
}

/** Signs as float factors (TypedArray.set converts; Float64Array.from would iterate). */
export function asFloat(sign: Int8Array, out: Float64Array = new Float64Array(sign.length)): Float64Array {
  out.set(sign);
  return out;
}

/** Math.sign of every factor of u into `out` (a sign direction: SignGD's, Signum's). */
export function signsInto(u: LogUpdate, out: Float64Array): Float64Array {
  for (let e = 0; e < out.length; e++) out[e] = Math.sign(u.factor[e]!);
  return out;
}

/** The gradient as the first update of a chain: factor = sign(g), log = log|g| (exact). */
export function fromGradient(g: ScaledGradient): LogUpdate {
  return { factor: asFloat(g.sign), log: g.logAbs };
}

/** The plain values factor_e · e^{log_e}. */
export function toMatrix(u: LogUpdate, rows: number, cols: number): Matrix {
  if (u.log === null) return { rows, cols, data: u.factor };
  return { rows, cols, data: plainValues(u, new Float64Array(u.factor.length)) };
}

/** The plain values factor_e · e^{log_e} written into `out` (toMatrix's arithmetic). */
export function plainValues(u: LogUpdate, out: Float64Array): Float64Array {
  const log = u.log;
  if (log === null) out.set(u.factor);
  else for (let e = 0; e < out.length; e++) out[e] = u.factor[e]! * Math.exp(log[e]!);
  return out;
}

/**
 * The update as signed logs (sign, log|value|), written into `out` when given. Entries whose
 * factor is ±1 or 0 are carried exactly; any other factor is folded into the log (log|factor| added).
 */
export function toSignedLog(u: LogUpdate, out: SignedLog = { sign: new Int8Array(u.factor.length), log: new Float64Array(u.factor.length) }): SignedLog {
  const n = u.factor.length;
  const { sign, log } = out;
  for (let e = 0; e < n; e++) {
    const f = u.factor[e]!;
    const l = u.log === null ? 0 : u.log[e]!;
    const a = Math.abs(f);
    sign[e] = Number.isNaN(f) ? 0 : Math.sign(f);
    log[e] = Number.isNaN(f) ? NaN : f === 0 ? (Number.isNaN(l) ? NaN : -Infinity) : a === 1 ? l : l + Math.log(a);
  }
  return out;
}

/** A signed log as an update (factor = sign). */
export function fromSignedLog(x: SignedLog): LogUpdate {
  return { factor: asFloat(x.sign), log: x.log };
}
