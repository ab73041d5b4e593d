import { logAddExp, logSubExp } from '../numerics/logspace.js';
import type { SignedLog } from './types.js';

/**
 * Adam's moment recursions entry by entry in the log domain, so a coordinate whose gradient is
 * e^{−1000} below another keeps its own exact m/√v (pitfall P2: scaled arithmetic).
 */

export function zeroSigned(n: number): SignedLog {
  return { sign: new Int8Array(n), log: new Float64Array(n).fill(-Infinity) };
}

/**
 * out = b·x + (1 − b)·g for signed-log x and g (b ∈ [0, 1)). A zero entry has sign 0 and
 * log −Infinity, so it needs no case of its own: e.g. x_e = 0 gives a1 = −Infinity and out_e
 * = (1 − b)·g_e through logSubExp(a2, −Infinity) = a2. Opposite signs with equal magnitudes
 * cancel exactly to 0; a NaN magnitude gives NaN. Written into `out` when given (which may be
 * x itself: each entry is read before it is written).
 */
export function emaSigned(x: SignedLog, gSign: Int8Array, gLog: Float64Array, b: number, out: SignedLog = { sign: new Int8Array(gSign.length), log: new Float64Array(gSign.length) }): SignedLog {
  const n = gSign.length;
  const { sign, log } = out;
  const lb = Math.log(b); // −Infinity at b = 0
  const l1b = Math.log1p(-b);
  for (let e = 0; e < n; e++) {
    const s1 = x.sign[e]!;
    const s2 = gSign[e]!;
    const a1 = lb + x.log[e]!;
    const a2 = l1b + gLog[e]!;
    if (s1 === s2) {
      sign[e] = s1;
      log[e] = logAddExp(a1, a2);
    } else if (a1 > a2) {
      sign[e] = s1;
      log[e] = logSubExp(a1, a2);
    } else if (a2 > a1) {
      sign[e] = s2;
      log[e] = logSubExp(a2, a1);
    } else if (a1 === a2) {
      sign[e] = 0;
      log[e] = -Infinity;
    } else {
      sign[e] = 0;
      log[e] = NaN;
    }
  }
  return out;
}

/** log v' = log(b·v + (1 − b)·g²) entrywise (v ≥ 0 carried by its log), into `out` (which may be logV). */
export function emaSquares(logV: Float64Array, gLog: Float64Array, b: number, out: Float64Array = new Float64Array(logV.length)): Float64Array {
  const lb = Math.log(b); // −Infinity at b = 0
  const l1b = Math.log1p(-b);
  for (let e = 0; e < logV.length; e++) out[e] = logAddExp(lb + logV[e]!, l1b + 2 * gLog[e]!);
  return out;
}
