import { ArgumentError } from '../../errors.js';
import { steepestDirection } from '../../linalg/norms.js';
import { signsInto, type LogUpdate, type Transform } from './types.js';

/**
 * The normalized steepest-descent direction Δ = argmax_{‖Δ‖_p ≤ 1} ⟨u, Δ⟩ (D-NSD) of the
 * incoming update, as plain values. p = ∞ takes the exact signs (SignGD: every entry moves,
 * however small); other p use the magnitudes relative to the largest, u_e/max|u| = sign·
 * e^{log_e − max log} (the gradient's mantissa), where entries e^{−745} below the largest
 * contribute nothing representable anyway.
 */
export function steepestDescent(p: number): Transform<null> {
  if (!(p >= 1)) throw new ArgumentError(`NSD norm p must be in [1, ∞], got ${p}`);
  const direction = (u: LogUpdate, out: Float64Array, scratch: Float64Array): Float64Array => (p === Infinity ? signsInto(u, out) : steepestDirection(relative(u, scratch), p, out));
  const update: Transform<null>['update'] = (u, state) => {
    const n = u.factor.length;
    return { updates: { factor: direction(u, new Float64Array(n), new Float64Array(n)), log: null }, state };
  };
  return {
    init: () => null,
    update,
    inPlace: {
      of: update,
      start(_state, n) {
        const out: LogUpdate = { factor: new Float64Array(n), log: null };
        const scratch = new Float64Array(n);
        return {
          step(u) {
            direction(u, out.factor, scratch);
            return out;
          },
          state: () => null,
        };
      },
    },
  };
}

/**
 * u / max|u| entry by entry, computed as the gradient's mantissa is (factor·e^{log − max log}),
 * into `out` (plain factors are u's own).
 */
function relative(u: LogUpdate, out: Float64Array): Float64Array {
  if (u.log === null) return u.factor;
  const log = u.log;
  let top = -Infinity;
  for (let e = 0; e < log.length; e++) if (log[e]! > top) top = log[e]!;
  if (top === -Infinity) return out.fill(0);
  for (let e = 0; e < log.length; e++) out[e] = u.factor[e]! * Math.exp(log[e]! - top);
  return out;
}
