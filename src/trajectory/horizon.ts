import type { ScaledGradient } from '../linalg/scaled.js';
import type { Precision } from '../optimizers/types.js';

/** Smallest positive normal number of each plain precision. */
const MIN_NORMAL: Readonly<Record<Exclude<Precision, 'log-domain'>, number>> = {
  float64: 2.2250738585072014e-308,
  float32: 1.1754943508222875e-38,
};
/** Largest finite number of each plain precision. */
const MAX_FINITE: Readonly<Record<Exclude<Precision, 'log-domain'>, number>> = {
  float64: Number.MAX_VALUE,
  float32: 3.4028234663852886e38,
};

/** Where a plain-arithmetic optimizer's inputs leave the representable range. */
export interface Horizon {
  readonly step: number;
  readonly precision: Precision;
  readonly reason: string;
}

/**
 * The precision horizon test at one step (issue #9): an optimizer computing in plain float64 or
 * float32 cannot be held to the exact iterates once (a) a nonzero gradient entry g has g² below
 * the smallest normal number (Adam's v, a 2-norm ‖g‖₂ and any product of two gradient entries
 * lose their relative precision there, and g itself follows soon after), (b) the loss itself
 * is below it, or (c) a gradient entry exceeds the largest finite number (float32 overflows at
 * 3.4e38: data with entries that large). Returns the reason, or null while every input is representable. Exact zeros
 * (sign 0) are representable in every precision and never end the horizon.
 */
export function beyondHorizon(g: ScaledGradient, logLoss: number, precision: Precision): string | null {
  if (precision === 'log-domain') return null;
  const logMin = Math.log(MIN_NORMAL[precision]);
  if (logLoss < logMin) return `the loss e^${logLoss.toFixed(1)} is below the smallest normal ${precision} (${MIN_NORMAL[precision]})`;
  const cols = g.mantissa.cols;
  const logMax = Math.log(MAX_FINITE[precision]);
  for (let e = 0; e < g.sign.length; e++) {
    if (g.sign[e] !== 0 && g.logAbs[e]! > logMax) {
      return `gradient entry (${Math.floor(e / cols)}, ${e % cols}) = ±e^${g.logAbs[e]!.toFixed(1)} exceeds the largest finite ${precision} (${MAX_FINITE[precision]})`;
    }
    if (g.sign[e] !== 0 && 2 * g.logAbs[e]! < logMin) {
      return `gradient entry (${Math.floor(e / cols)}, ${e % cols}) = ±e^${g.logAbs[e]!.toFixed(1)}: its square is below the smallest normal ${precision} (${MIN_NORMAL[precision]})`;
    }
  }
  return null;
}
