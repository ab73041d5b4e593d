import type { Dataset } from '../data/dataset.js';
import { zeros, type Matrix } from '../linalg/matrix.js';
import { dualExponent, entrywiseNorm } from '../linalg/norms.js';
import { combinePairs, pairMargins } from './pairs.js';

/**
 * A two-sided bound on γ_p computed in our own arithmetic, independent of the solver:
 * - lower = m(W)/‖W‖_p for the returned W (any W is a feasible point of D-γ);
 * - upper = ‖Σ_p λ_p a_p‖_q / Σ_p λ_p for the returned λ ≥ 0 (weak duality: for every W with
 *   ‖W‖_p ≤ 1, min_p ⟨a_p, W⟩ ≤ Σ λ_p⟨a_p, W⟩/Σλ_p ≤ ‖Σλ_p a_p‖_q/Σλ_p, q dual to p).
 * γ_p lies in [lower, upper] whatever the solver did; relGap = (upper − lower)/upper.
 */
export interface MarginCertificate {
  readonly lower: number;
  readonly upper: number;
  readonly relGap: number;
}

export function certifyMargin(
  ds: Dataset,
  p: number,
  W: Matrix,
  dualPairs: ArrayLike<number>,
  dualWeights: ArrayLike<number>,
): MarginCertificate {
  const norm = entrywiseNorm(W, p);
  const m = pairMargins(ds, W);
  let mn = Infinity;
  for (let i = 0; i < m.length; i++) if (m[i]! < mn) mn = m[i]!;
  const lower = norm > 0 ? mn / norm : 0;
  let total = 0;
  const lam = Float64Array.from(dualWeights, (v) => Math.max(0, v));
  for (let i = 0; i < lam.length; i++) total += lam[i]!;
  const combo = combinePairs(ds, dualPairs, lam, zeros(ds.k, ds.X.cols));
  const upper = total > 0 ? entrywiseNorm(combo, dualExponent(p)) / total : Infinity;
  const relGap = upper > 0 && Number.isFinite(upper) ? (upper - lower) / upper : Infinity;
  return { lower, upper, relGap };
}
