import { ArgumentError } from '../../errors.js';
import { steepestDirection } from '../../linalg/norms.js';
import type { LogUpdate, Transform } from './types.js';

/**
 * The normalized steepest-descent direction Δ = argmax_{‖Δ‖_p ≤ 1} ⟨u, Δ⟩ (D-NSD) of the
 * incoming update, as plain values. p = ∞ takes the exact signs (SignGD: every entry moves,
 * however small); other p use the magnitudes relative to the largest, u_e/max|u| = sign·
 * e^{log_e − max log} (the gradient's mantissa), where entries e^{−745} below the largest
 * contribute nothing representable anyway.
 */
export function steepestDescent(p: number): Transform<null> {
  if (!(p >= 1)) throw new ArgumentError(`NSD norm p must be in [1, ∞], got ${p}`);
  return {
    init: () => null,
    update(u, state) {
      const n = u.factor.length;
      const out = new Float64Array(n);
      if (p === Infinity) {
        for (let e = 0; e < n; e++) out[e] = Math.sign(u.factor[e]!);
      } else {
        steepestDirection(relative(u), p, out);
      }
      return { updates: { factor: out, log: null }, state };
    },
  };
}

/** u / max|u| entry by entry, computed as the gradient's mantissa is (factor·e^{log − max log}). */
function relative(u: LogUpdate): Float64Array {
  if (u.log === null) return u.factor;
  const log = u.log;
  let top = -Infinity;
  for (let e = 0; e < log.length; e++) if (log[e]! > top) top = log[e]!;
  const out = new Float64Array(log.length);
  if (top === -Infinity) return out;
  for (let e = 0; e < log.length; e++) out[e] = u.factor[e]! * Math.exp(log[e]! - top);
  return out;
}
