import type { Dataset } from '../data/dataset.js';
import { dualExponent, vectorNorm } from '../linalg/norms.js';

/**
 * Below this, γ_p counts as zero (data not separable): 1e-9 times the largest possible γ_p,
 * which is at most 2^{1/q}·max_i ‖x_i‖_q (one pair, W spread over its two rows).
 */
export function separabilityTolerance(ds: Dataset, p: number): number {
  const q = dualExponent(p);
  let mx = 0;
  const d = ds.X.cols;
  for (let i = 0; i < ds.X.rows; i++) mx = Math.max(mx, vectorNorm(ds.X.data.subarray(i * d, (i + 1) * d), q));
  return 1e-9 * 2 * mx;
}
