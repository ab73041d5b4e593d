import { ArgumentError } from '../../errors.js';
import type { Schedule } from '../schedule.js';
import { signsInto, type InPlaceTransform, type LogUpdate, type MutableUpdate, type Transform, type TransformStepper } from './types.js';

/** factor_e ↦ c·factor_e into `out` (the log is passed on). */
function timesInto(u: LogUpdate, c: number, out: Float64Array): Float64Array {
  for (let e = 0; e < out.length; e++) out[e] = c * u.factor[e]!;
  return out;
}

const times = (u: LogUpdate, c: number): LogUpdate => ({ factor: timesInto(u, c, new Float64Array(u.factor.length)), log: u.log });

/** A stateless transform's in-place form: `into(u, t, out)` refills `out` (its factor buffer, its log) each step. */
function stateless(of: Transform<null>['update'], into: (u: LogUpdate, t: number, out: MutableUpdate) => LogUpdate): InPlaceTransform<null> {
  return {
    of,
    start(_state, n): TransformStepper<null> {
      const out: MutableUpdate = { factor: new Float64Array(n), log: null };
      return { step: (u, _params, t) => into(u, t, out), state: () => null };
    },
  };
}

/** The transform u ↦ c_t·u (c_t = factor(t)), pure and in place. */
function scaling(factor: (t: number) => number): Transform<null> {
  const update: Transform<null>['update'] = (u, state, _params, t) => ({ updates: times(u, factor(t)), state });
  const into = (u: LogUpdate, t: number, out: MutableUpdate): LogUpdate => {
    timesInto(u, factor(t), out.factor);
    out.log = u.log;
    return out;
  };
  return { init: () => null, update, inPlace: stateless(update, into) };
}

/** u ↦ c·u (a constant factor; "steps 10% too long" is scaleBy(1.1)). */
export function scaleBy(c: number): Transform<null> {
  if (!Number.isFinite(c)) throw new ArgumentError(`scale: the factor must be finite, got ${c}`);
  return scaling(() => c);
}

/** u ↦ −η_t·u: the step of a descent method (η_t from the schedule at step t). */
export function scaleBySchedule(schedule: Schedule): Transform<null> {
  return scaling((t) => -schedule(t));
}

/** u ↦ sign(u) entry by entry (Signum's step direction). */
export function signOf(): Transform<null> {
  const update: Transform<null>['update'] = (u, state) => ({ updates: { factor: signsInto(u, new Float64Array(u.factor.length)), log: null }, state });
  const into = (u: LogUpdate, _t: number, out: MutableUpdate): LogUpdate => {
    signsInto(u, out.factor);
    return out;
  };
  return { init: () => null, update, inPlace: stateless(update, into) };
}

/** v ↦ μv + u entry by entry, into `out` (which may be v). */
function traceInto(v: Float64Array, u: LogUpdate, mu: number, out: Float64Array): Float64Array {
  for (let e = 0; e < out.length; e++) out[e] = mu * v[e]! + (u.log === null ? u.factor[e]! : u.factor[e]! * Math.exp(u.log[e]!));
  return out;
}

/**
 * Heavy-ball trace: v_t = μv_{t−1} + u_t in plain float64, the update v_t (GD + momentum, P2 open
 * question 3).
 */
export function trace(mu: number): Transform<{ readonly v: Float64Array }> {
  if (!(mu >= 0 && mu < 1)) throw new ArgumentError(`momentum μ must be in [0, 1), got ${mu}`);
  const update: Transform<{ readonly v: Float64Array }>['update'] = (u, state) => {
    const v = traceInto(state.v, u, mu, new Float64Array(state.v.length));
    return { updates: { factor: v, log: null }, state: { v } };
  };
  return {
    init: (params) => ({ v: new Float64Array(params.data.length) }),
    update,
    inPlace: {
      of: update,
      start(state) {
        const v = state.v.slice();
        const out: LogUpdate = { factor: v, log: null };
        return {
          step(u) {
            traceInto(v, u, mu, v);
            return out;
          },
          state: () => ({ v: v.slice() }),
        };
      },
    },
  };
}

/** zeroGuard's arithmetic: factor and log copied into the outputs, an entry with factor 0 made (+0, −∞). */
function guardInto(factorIn: Float64Array, logIn: Float64Array, factor: Float64Array, log: Float64Array): void {
  factor.set(factorIn);
  log.set(logIn);
  for (let e = 0; e < log.length; e++) {
    if (factor[e] === 0) {
      factor[e] = 0;
      log[e] = -Infinity;
    }
  }
}

/**
 * An exact zero stays an exact (+)0: entries with factor 0 get factor +0 and log −∞, so the
 * value is 0 and not 0·e^{NaN} (the 0·∞ guard of pitfall P2: Adam's m = v = 0 on a coordinate
 * whose gradient has always been 0). Last in Adam's chain, after the step −η_t.
 */
export function zeroGuard(): Transform<null> {
  const update: Transform<null>['update'] = (u, state) => {
    if (u.log === null) return { updates: u, state };
    const factor = new Float64Array(u.factor.length);
    const log = new Float64Array(u.log.length);
    guardInto(u.factor, u.log, factor, log);
    return { updates: { factor, log }, state };
  };
  return {
    init: () => null,
    update,
    inPlace: {
      of: update,
      start(_state, n) {
        const out = { factor: new Float64Array(n), log: new Float64Array(n) };
        return {
          step(u) {
            if (u.log === null) return u;
            guardInto(u.factor, u.log, out.factor, out.log);
            return out;
          },
          state: () => null,
        };
      },
    },
  };
}
