import type { Dataset } from '../data/dataset.js';
import { zeros, type Matrix } from '../linalg/matrix.js';
import { combinePairs, pairClass, pairMargins, pairSample } from './pairs.js';

/**
 * KKT residuals of the Frobenius hard-margin multiclass SVM (Ravi et al. 2024, Sec. 3) for
 * Ŵ = W/γ and dual weights α on the pairs p: feasibility ⟨a_p, Ŵ⟩ ≥ 1, α ≥ 0, complementary
 * slackness α_p(⟨a_p, Ŵ⟩ − 1) = 0, stationarity Ŵ = Σ_p α_p a_p, and Ŵ1_K = 0.
 *
 * Stationarity and the column sums are measured against `termScale` = max entry of
 * |Ŵ| + Σ_p α_p|a_p| (the normwise backward error of the sum): near-inseparable data have
 * α ≫ ‖Ŵ‖ and Σα_p a_p cancels down to Ŵ, where rounding alone leaves u·Σα_p|a_p| ≫ u·‖Ŵ‖.
 */
export interface SvmKktResiduals {
  /** 1 − min_p ⟨a_p, Ŵ⟩ (≤ 0 when feasible). */
  readonly infeasibility: number;
  readonly minAlpha: number;
  readonly maxAlpha: number;
  /** max_p α_p |⟨a_p, Ŵ⟩ − 1|. */
  readonly slackness: number;
  /** max entry of |Ŵ − Σ_p α_p a_p|. */
  readonly stationarity: number;
  /** max_j |Σ_c Ŵ_cj|. */
  readonly columnSum: number;
  readonly termScale: number;
}

export function svmKktResiduals(ds: Dataset, W: Matrix, gamma: number, pairs: Int32Array, alpha: Float64Array): SvmKktResiduals {
  const { k } = ds;
  const d = ds.X.cols;
  const What = { ...W, data: W.data.map((v) => v / gamma) };
  const m = pairMargins(ds, What);
  let minM = Infinity;
  for (const v of m) minM = Math.min(minM, v);
  let slackness = 0;
  pairs.forEach((q, t) => (slackness = Math.max(slackness, alpha[t]! * Math.abs(m[q]! - 1))));
  const combo = combinePairs(ds, pairs, alpha, zeros(k, d));
  const absCombo = new Float64Array(k * d);
  pairs.forEach((q, t) => {
    const i = pairSample(ds, q);
    for (const c of [ds.y[i]!, pairClass(ds, q)]) {
      for (let j = 0; j < d; j++) absCombo[c * d + j] = absCombo[c * d + j]! + alpha[t]! * Math.abs(ds.X.data[i * d + j]!);
    }
  });
  let stationarity = 0;
  let termScale = 0;
  What.data.forEach((v, e) => {
    stationarity = Math.max(stationarity, Math.abs(v - combo.data[e]!));
    termScale = Math.max(termScale, Math.abs(v) + absCombo[e]!);
  });
  let columnSum = 0;
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let c = 0; c < k; c++) s += What.data[c * d + j]!;
    columnSum = Math.max(columnSum, Math.abs(s));
  }
  let minAlpha = Infinity;
  let maxAlpha = -Infinity;
  for (const a of alpha) {
    minAlpha = Math.min(minAlpha, a);
    maxAlpha = Math.max(maxAlpha, a);
  }
  return { infeasibility: 1 - minM, minAlpha, maxAlpha, slackness, stationarity, columnSum, termScale };
}
