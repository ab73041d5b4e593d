/**
 * Planted faults: deliberately wrong variants of harness pieces. Each suite shows its checks
 * catch them, so no check is one that cannot fail.
 */
import type { Matrix } from '../src/linalg/matrix.js';
import type { ScaledGradient } from '../src/linalg/scaled.js';
import type { PermLoss } from '../src/losses/index.js';
import { steepestDescentDirection } from '../src/optimizers/direction.js';

/** A buggy optimizer: steps along +Δ (ascent) instead of −Δ. */
export function ascent(g: ScaledGradient, p: number): Matrix {
  const d = steepestDescentDirection(g, p);
  return { ...d, data: d.data.map((v) => -v) };
}

/** The off-class gradient weights scaled by (1 + eps) while the true-class weight is not: ∇L wrong. */
export function brokenGradient(loss: PermLoss, eps = 1e-3): PermLoss {
  return {
    ...loss,
    name: loss.name,
    sample(v, off, k, y, logA) {
      const ll = loss.sample(v, off, k, y, logA);
      for (let c = 0; c < k; c++) if (c !== y) logA[off + c] = logA[off + c]! + Math.log1p(eps);
      return ll;
    },
  };
}

/** The Hessian quadratic form off by a constant factor (a missing ½ or a doubled term). */
export function scaledHessian(loss: PermLoss, factor = 2): PermLoss {
  return {
    ...loss,
    logHessianForm: (v, off, k, y, logA, u) => loss.logHessianForm(v, off, k, y, logA, u) + Math.log(factor),
  };
}

/** The proxy G computed from the naive `1 - s[y]` (pitfall P1): exact to rounding only while L ≫ 1e-16. */
export function naiveProxyCE(loss: PermLoss): PermLoss {
  return {
    ...loss,
    sample(v, off, k, y, logA) {
      const ll = loss.sample(v, off, k, y, logA);
      let m = -Infinity;
      for (let c = 0; c < k; c++) m = Math.max(m, v[off + c]!);
      let z = 0;
      for (let c = 0; c < k; c++) z += Math.exp(v[off + c]! - m);
      const sy = Math.exp(v[off + y]! - m) / z;
      logA[off + y] = Math.log(1 - sy);
      return ll;
    },
  };
}
