import type { Dataset } from '../data/dataset.js';
import { multiplyABt, type Matrix } from '../linalg/matrix.js';

/**
 * The n(k−1) margin constraints of the max-margin problems (D-γ, R-SVM). Pair p = i·(k−1) + s
 * stands for (i, c) with c the s-th class other than y_i; its vector is
 * a_p = vec((e_{y_i} − e_c) x_iᵀ), so ⟨a_p, W⟩ = (e_{y_i} − e_c)ᵀ W x_i = m_{ic}(W).
 */
export function numPairs(ds: Dataset): number {
  return ds.X.rows * (ds.k - 1);
}

export function pairSample(ds: Dataset, p: number): number {
  return Math.floor(p / (ds.k - 1));
}

export function pairClass(ds: Dataset, p: number): number {
  const i = Math.floor(p / (ds.k - 1));
  const s = p - i * (ds.k - 1);
  return s < ds.y[i]! ? s : s + 1;
}

/** All pair margins m_p(W) into out (length n(k−1)). */
export function pairMargins(ds: Dataset, W: Matrix, out = new Float64Array(numPairs(ds))): Float64Array {
  const V = multiplyABt(ds.X, W);
  const k = ds.k;
  let p = 0;
  for (let i = 0; i < ds.X.rows; i++) {
    const yi = ds.y[i]!;
    const vy = V.data[i * k + yi]!;
    for (let c = 0; c < k; c++) {
      if (c === yi) continue;
      out[p++] = vy - V.data[i * k + c]!;
    }
  }
  return out;
}

/** Σ_p λ_p a_p as a k×d matrix. */
export function combinePairs(ds: Dataset, pairs: ArrayLike<number>, weights: ArrayLike<number>, out: Matrix): Matrix {
  const d = ds.X.cols;
  out.data.fill(0);
  for (let t = 0; t < pairs.length; t++) {
    const lam = weights[t]!;
    if (lam === 0) continue;
    const p = pairs[t]!;
    const i = pairSample(ds, p);
    const y = ds.y[i]!;
    const c = pairClass(ds, p);
    for (let j = 0; j < d; j++) {
      const x = ds.X.data[i * d + j]!;
      out.data[y * d + j] += lam * x;
      out.data[c * d + j] -= lam * x;
    }
  }
  return out;
}

/** ⟨a_p, a_q⟩ = (x_i·x_{i'}) · (e_y − e_c)·(e_{y'} − e_{c'}). */
export function pairInner(ds: Dataset, p: number, q: number): number {
  const i = pairSample(ds, p);
  const ii = pairSample(ds, q);
  const y = ds.y[i]!;
  const c = pairClass(ds, p);
  const y2 = ds.y[ii]!;
  const c2 = pairClass(ds, q);
  const kappa = (y === y2 ? 1 : 0) - (y === c2 ? 1 : 0) - (c === y2 ? 1 : 0) + (c === c2 ? 1 : 0);
  if (kappa === 0) return 0;
  const d = ds.X.cols;
  let s = 0;
  for (let j = 0; j < d; j++) s += ds.X.data[i * d + j]! * ds.X.data[ii * d + j]!;
  return kappa * s;
}
