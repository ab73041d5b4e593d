import { ArgumentError } from '../../errors.js';
import type { Schedule } from '../schedule.js';
import type { LogUpdate, Transform } from './types.js';

const times = (u: LogUpdate, c: number): LogUpdate => {
  const factor = new Float64Array(u.factor.length);
  for (let e = 0; e < factor.length; e++) factor[e] = c * u.factor[e]!;
  return { factor, log: u.log };
};

/** u ↦ c·u (a constant factor; "steps 10% too long" is scaleBy(1.1)). */
export function scaleBy(c: number): Transform<null> {
  if (!Number.isFinite(c)) throw new ArgumentError(`scale: the factor must be finite, got ${c}`);
  return { init: () => null, update: (u, state) => ({ updates: times(u, c), state }) };
}

/** u ↦ −η_t·u: the step of a descent method (η_t from the schedule at step t). */
export function scaleBySchedule(schedule: Schedule): Transform<null> {
  return { init: () => null, update: (u, state, _params, t) => ({ updates: times(u, -schedule(t)), state }) };
}

/** u ↦ sign(u) entry by entry (Signum's step direction). */
export function signOf(): Transform<null> {
  return {
    init: () => null,
    update(u, state) {
      const factor = new Float64Array(u.factor.length);
      for (let e = 0; e < factor.length; e++) factor[e] = Math.sign(u.factor[e]!);
      return { updates: { factor, log: null }, state };
    },
  };
}

/**
 * Heavy-ball trace: v_t = μv_{t−1} + u_t in plain float64, the update v_t (GD + momentum, P2 open
 * question 3).
 */
export function trace(mu: number): Transform<{ readonly v: Float64Array }> {
  if (!(mu >= 0 && mu < 1)) throw new ArgumentError(`momentum μ must be in [0, 1), got ${mu}`);
  return {
    init: (params) => ({ v: new Float64Array(params.data.length) }),
    update(u, state) {
      const v = new Float64Array(state.v.length);
      for (let e = 0; e < v.length; e++) v[e] = mu * state.v[e]! + (u.log === null ? u.factor[e]! : u.factor[e]! * Math.exp(u.log[e]!));
      return { updates: { factor: v, log: null }, state: { v } };
    },
  };
}

/**
 * An exact zero stays an exact (+)0: entries with factor 0 get factor +0 and log −∞, so the
 * value is 0 and not 0·e^{NaN} (the 0·∞ guard of pitfall P2: Adam's m = v = 0 on a coordinate
 * whose gradient has always been 0). Last in Adam's chain, after the step −η_t.
 */
export function zeroGuard(): Transform<null> {
  return {
    init: () => null,
    update(u, state) {
      if (u.log === null) return { updates: u, state };
      const factor = u.factor.slice();
      const log = u.log.slice();
      for (let e = 0; e < log.length; e++) {
        if (factor[e] === 0) [factor[e], log[e]] = [0, -Infinity];
      }
      return { updates: { factor, log }, state };
    },
  };
}
