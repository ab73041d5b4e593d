import { clone, type Matrix } from '../../linalg/matrix.js';
import { inPlaceOf, type InPlaceOptimizer, type Moments, type Optimizer, type Precision } from '../types.js';
import { asFloat, fromGradient, plainValues, toMatrix, type InPlaceTransform, type MutableUpdate, type Transform, type TransformStepper } from './types.js';

/** The states of a chain's transforms, in order. */
export type ChainState<T extends readonly Transform<unknown>[]> = { readonly [K in keyof T]: T[K] extends Transform<infer S> ? S : never };

/**
 * Transforms applied in order, each to the previous one's update (optax's `chain`). The state
 * is the tuple of their states. If exactly one transform reads moments, so does the chain. Its
 * in-place form steps each transform in place, or by its pure update where it has no in-place form.
 */
export function chain<T extends readonly Transform<unknown>[]>(...transforms: T): Transform<ChainState<T>> {
  const withMoments = transforms.flatMap((tr, i) => (tr.moments ? [i] : []));
  const at = withMoments.length === 1 ? withMoments[0]! : -1;
  const update: Transform<ChainState<T>>['update'] = (u, state, params, t) => {
    const states: unknown[] = [];
    let cur = u;
    for (let i = 0; i < transforms.length; i++) {
      const r = transforms[i]!.update(cur, state[i], params, t);
      cur = r.updates;
      states.push(r.state);
    }
    return { updates: cur, state: states as ChainState<T> };
  };
  const out: Transform<ChainState<T>> = { init: (params) => transforms.map((tr) => tr.init(params)) as ChainState<T>, update };
  const inPlace = chainInPlace<ChainState<T>>(update, transforms.map(steppedForm), (states) => states as ChainState<T>);
  const withInPlace = { ...out, inPlace };
  if (at >= 0) {
    const tr = transforms[at]!;
    return { ...withInPlace, moments: (state): Moments => tr.moments!(state[at]) };
  }
  return withInPlace;
}

/**
 * A transform's in-place form, or for one without (a user's, a planted fault, a copy with an
 * update of its own) its pure update stepped on copies of the update and parameters it is handed
 * (a pure transform may keep them in its state), its state the values that update returns.
 */
function steppedForm<S>(tr: Transform<S>): InPlaceTransform<S> {
  return (
    inPlaceOf(tr) ?? {
      of: tr.update,
      start(state) {
        let s = state;
        return {
          step(u, params, t) {
            const r = tr.update({ factor: u.factor.slice(), log: u.log === null ? null : u.log.slice() }, s, clone(params), t);
            s = r.state;
            return r.updates;
          },
          state: () => s,
        };
      },
    }
  );
}

/**
 * The chain's in-place form: its transforms' steppers, each fed the previous one's update;
 * `tuple` types the states' array as the chain's state.
 */
function chainInPlace<S extends readonly unknown[]>(of: Transform<S>['update'], forms: readonly InPlaceTransform<unknown>[], tuple: (states: unknown[]) => S): InPlaceTransform<S> {
  return {
    of,
    start(state, n) {
      const steppers: TransformStepper<unknown>[] = forms.map((f, i) => f.start(state[i], n));
      return {
        step(u, params, t) {
          let cur = u;
          for (let i = 0; i < steppers.length; i++) cur = steppers[i]!.step(cur, params, t);
          return cur;
        },
        state: () => tuple(steppers.map((s) => s.state())),
      };
    },
  };
}

export interface OptimizerExtras {
  /** Default 'log-domain': the transforms compute with exact signed logs. */
  readonly precision?: Precision;
}

/**
 * The optimizer of a transform: the gradient enters as exact signed logs, the transform's update
 * is W_{t+1} − W_t. Its `moments` are the transform's (e.g. the Adam scaling's m and v); its
 * in-place form steps the transform's (or its pure update, for a transform without one).
 */
export function optimizerOf<S>(name: string, transform: Transform<S>, extras: OptimizerExtras = {}): Optimizer<S> {
  const update: Optimizer<S>['update'] = (g, state, params, t) => {
    const r = transform.update(fromGradient(g), state, params, t);
    return { updates: toMatrix(r.updates, params.rows, params.cols), state: r.state };
  };
  const form = steppedForm(transform);
  const inPlace: InPlaceOptimizer<S> = {
    of: update,
    start(state, params) {
      const n = params.data.length;
      const stepper = form.start(state, n);
      const grad: MutableUpdate = { factor: new Float64Array(n), log: null };
      const updates: Matrix = { rows: params.rows, cols: params.cols, data: new Float64Array(n) };
      return {
        step(g, W, t) {
          asFloat(g.sign, grad.factor);
          grad.log = g.logAbs;
          plainValues(stepper.step(grad, W, t), updates.data);
          return updates;
        },
        state: () => stepper.state(),
      };
    },
  };
  const opt: Optimizer<S> = {
    name,
    precision: extras.precision ?? 'log-domain',
    init: (params) => transform.init(params),
    update,
    inPlace,
  };
  const read = transform.moments;
  return read ? { ...opt, moments: (state: S) => read.call(transform, state) } : opt;
}
