import type { Matrix } from '../linalg/matrix.js';
import type { ScaledGradient } from '../linalg/scaled.js';

/**
 * An optimizer in the style of optax's gradient transformations: a pair of pure functions over
 * explicit, printable state. `update` returns the parameter update (W_{t+1} = W_t + updates)
 * and the new state; it must not mutate the state it is given. A user's own optimizer plugs
 * into the trajectory engine (and later the regression gate) by implementing this.
 *
 * The gradient arrives scaled (ScaledGradient): every entry's sign and log-magnitude are exact
 * even when the float64 gradient would be 0. Scale-free methods (SignGD, NSD, Adam with ε = 0)
 * never need the plain value.
 */
export interface Optimizer<S = unknown> {
  readonly name: string;
  init(params: Matrix): S;
  update(grad: ScaledGradient, state: S, params: Matrix, t: number): { updates: Matrix; state: S };
}

/** Per-entry signed log-magnitudes: x = sign·e^{log}, sign ∈ {−1, 0, 1}. */
export interface SignedLog {
  readonly sign: Int8Array;
  readonly log: Float64Array;
}
