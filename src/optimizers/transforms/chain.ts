import type { Moments, Optimizer, Precision } from '../types.js';
import { fromGradient, toMatrix, type Transform } from './types.js';

/** The states of a chain's transforms, in order. */
export type ChainState<T extends readonly Transform<unknown>[]> = { readonly [K in keyof T]: T[K] extends Transform<infer S> ? S : never };

/**
 * Transforms applied in order, each to the previous one's update (optax's `chain`). The state
 * is the tuple of their states. If exactly one transform reads moments, so does the chain.
 */
export function chain<T extends readonly Transform<unknown>[]>(...transforms: T): Transform<ChainState<T>> {
  const withMoments = transforms.flatMap((tr, i) => (tr.moments ? [i] : []));
  const at = withMoments.length === 1 ? withMoments[0]! : -1;
  const out: Transform<ChainState<T>> = {
    init: (params) => transforms.map((tr) => tr.init(params)) as ChainState<T>,
    update(u, state, params, t) {
      const states: unknown[] = [];
      let cur = u;
      for (let i = 0; i < transforms.length; i++) {
        const r = transforms[i]!.update(cur, state[i], params, t);
        cur = r.updates;
        states.push(r.state);
      }
      return { updates: cur, state: states as ChainState<T> };
    },
  };
  if (at >= 0) {
    const tr = transforms[at]!;
    return { ...out, moments: (state): Moments => tr.moments!(state[at]) };
  }
  return out;
}

export interface OptimizerExtras {
  /** Default 'log-domain': the transforms compute with exact signed logs. */
  readonly precision?: Precision;
}

/**
 * The optimizer of a transform: the gradient enters as exact signed logs, the transform's update
 * is W_{t+1} − W_t. Its `moments` are the transform's (e.g. the Adam scaling's m and v).
 */
export function optimizerOf<S>(name: string, transform: Transform<S>, extras: OptimizerExtras = {}): Optimizer<S> {
  const opt: Optimizer<S> = {
    name,
    precision: extras.precision ?? 'log-domain',
    init: (params) => transform.init(params),
    update(g, state, params, t) {
      const r = transform.update(fromGradient(g), state, params, t);
      return { updates: toMatrix(r.updates, params.rows, params.cols), state: r.state };
    },
  };
  const read = transform.moments;
  return read ? { ...opt, moments: (state: S) => read.call(transform, state) } : opt;
}
