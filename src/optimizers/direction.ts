import type { Matrix } from '../linalg/matrix.js';
import { steepestDirection } from '../linalg/norms.js';
import type { ScaledGradient } from '../linalg/scaled.js';

/**
 * The normalized steepest-descent direction Δ = argmax_{‖Δ‖_p ≤ 1} ⟨∇L, Δ⟩ (D-NSD) from a
 * scaled gradient. p = ∞ uses the exact per-entry signs (SignGD: every entry moves, however
 * small); other p use the gradient's magnitudes, where entries e^{−745} below the largest
 * contribute nothing representable anyway.
 */
export function steepestDescentDirection(g: ScaledGradient, p: number, out?: Matrix): Matrix {
  const { rows, cols } = g.mantissa;
  const o = out ?? { rows, cols, data: new Float64Array(rows * cols) };
  if (p === Infinity) {
    o.data.set(g.sign);
    return o;
  }
  steepestDirection(g.mantissa.data, p, o.data);
  return o;
}
