import type { Dataset } from '../data/dataset.js';
import { dualExponent, vectorNorm } from '../linalg/norms.js';
import { pairSample } from './pairs.js';

/**
 * The one tolerance of the margin solvers. A result is returned as optimal only if its
 * independent certificate (certificate.ts) closes to it: relGap = (upper − lower)/upper ≤
 * MARGIN_TOLERANCE, i.e. the printed γ = lower is within this relative distance of the true
 * γ_p (γ_p ∈ [lower, upper]). Anything else is a SolverError naming the gap.
 */
export const MARGIN_TOLERANCE = 1e-9;

/**
 * Below this, γ_p counts as zero (data not separable): MARGIN_TOLERANCE times the λ-weighted
 * mean of ‖a_q‖_q* over the dual support (q* dual to p, ‖a_q‖_q* = 2^{1/q*}‖x_i‖_q*). Every
 * pair bounds γ_p ≤ ‖a_q‖_q*, and the rounding error of the certificate's Σλ_q a_q is relative to
 * the same mean, so the threshold is scale-free (γ(sX) = sγ(X) and so is it) and is not set by
 * rows far from the boundary (a single 1e308 entry does not make separable data "inseparable").
 */
export function separabilityTolerance(ds: Dataset, p: number, pairs: ArrayLike<number>, weights: ArrayLike<number>): number {
  const q = dualExponent(p);
  const d = ds.X.cols;
  const factor = q === Infinity ? 1 : Math.pow(2, 1 / q);
  let total = 0;
  for (let t = 0; t < pairs.length; t++) total += Math.max(0, weights[t]!);
  if (!(total > 0)) return 0;
  let mean = 0;
  for (let t = 0; t < pairs.length; t++) {
    const w = Math.max(0, weights[t]!);
    if (w === 0) continue;
    const i = pairSample(ds, pairs[t]!);
    mean += (w / total) * factor * vectorNorm(ds.X.data.subarray(i * d, (i + 1) * d), q);
  }
  return MARGIN_TOLERANCE * mean;
}
