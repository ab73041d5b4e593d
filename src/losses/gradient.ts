import { ShapeError } from '../errors.js';
import type { Matrix } from '../linalg/matrix.js';
import type { ScaledGradient } from '../linalg/scaled.js';
import { LogSumAccumulator, logSubExp } from '../numerics/logspace.js';

/**
 * ∇L(W) = (1/n) Σ_i a_i x_iᵀ from the per-sample log weights, with a_ic ≥ 0 for c ≠ y_i and
 * a_{i y_i} = −Σ_{c≠y_i} a_ic = −G_i (taken in the log domain, never 1 − s_y), every entry's
 * sign and log-magnitude exact (THEOREMS.md §9 numerics). Two independent routes to an entry,
 * each exported so each can be checked against the oracle on its own:
 * - the row-scaled fast path (rowScales, rowScaledSums): one exp per (i, c) and a contiguous
 *   axpy per nonzero weight; exact to rounding wherever the row-scaled sum is not tiny against
 *   its row's largest weight;
 * - the term-by-term fallback (termByTermEntry): a signed log-sum-exp over the samples, exact at
 *   any scale and under cancellation, at the price of a log per term.
 * scaledGradient takes the fast path and falls back entry by entry where it cannot be trusted.
 */

/** The gradient's inputs: X (n×d), labels y, and log a_ic (n×k; log G_i at c = y_i), row-major. */
export interface GradientTerms {
  readonly X: Float64Array;
  readonly y: ArrayLike<number>;
  readonly logA: Float64Array;
  readonly n: number;
  readonly k: number;
  readonly d: number;
}

/** A row-scaled sum below this (relative to its row scale) is recomputed term by term. */
export const TINY_MANTISSA = 1e-280;

/**
 * Row scales S_c = max_i log a_ic (−Infinity for a class no sample weighs). One row may be
 * e^{−1000} below another (a class whose pairs all have large margins), and SignGD/Adam need
 * the sign of every entry, so each row keeps its own scale.
 */
export function rowScales(t: GradientTerms, out: Float64Array = new Float64Array(t.k)): Float64Array {
  const { n, k, logA } = t;
  out.fill(-Infinity);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      const la = logA[i * k + c]!;
      if (la > out[c]!) out[c] = la;
    }
  }
  return out;
}

/**
 * The fast path: out[c·d + j] = Σ_i ±a_ic e^{−S_c} x_ij (− at c = y_i), so that
 * n·∇L_cj = e^{S_c}·out[c·d + j]. A row with S_c = −Infinity sums to 0. `weights` (n×k) is
 * scratch for the signed row-scaled weights.
 */
export function rowScaledSums(
  t: GradientTerms,
  rowS: Float64Array,
  out: Float64Array = new Float64Array(t.k * t.d),
  weights: Float64Array = new Float64Array(t.n * t.k),
): Float64Array {
  const { n, k, d, X, y, logA } = t;
  if (out.length !== k * d || weights.length < n * k) {
    throw new ShapeError(`row-scaled sums need out of length ${k * d} and weights of length ≥ ${n * k}, got ${out.length} and ${weights.length}`);
  }
  for (let i = 0; i < n; i++) {
    const off = i * k;
    const yi = y[i]!;
    for (let c = 0; c < k; c++) {
      const w = rowS[c] === -Infinity ? 0 : Math.exp(logA[off + c]! - rowS[c]!);
      weights[off + c] = c === yi ? -w : w;
    }
  }
  out.fill(0);
  for (let i = 0; i < n; i++) {
    const off = i * k;
    const xo = i * d;
    for (let c = 0; c < k; c++) {
      const a = weights[off + c]!;
      if (a === 0) continue;
      const mo = c * d;
      let j = 0;
      for (; j + 3 < d; j += 4) {
        out[mo + j] += a * X[xo + j]!;
        out[mo + j + 1] += a * X[xo + j + 1]!;
        out[mo + j + 2] += a * X[xo + j + 2]!;
        out[mo + j + 3] += a * X[xo + j + 3]!;
      }
      for (; j < d; j++) out[mo + j] += a * X[xo + j]!;
    }
  }
  return out;
}

/**
 * The fallback: entry (c, j) of ∇L term by term, log|Σ_i a_ic x_ij| − log n from the signed
 * log-sum-exp of the terms (positive and negative parts apart, then one logSubExp). Writes
 * logAbs[c·d + j] and sign[c·d + j]; an exact zero is (−Infinity, 0).
 */
export function termByTermEntry(t: GradientTerms, c: number, j: number, logAbs: Float64Array, sign: Int8Array): void {
  const { k, n, d, X, y, logA } = t;
  const pos = new LogSumAccumulator();
  const neg = new LogSumAccumulator();
  for (let i = 0; i < n; i++) {
    const x = X[i * d + j]!;
    if (x === 0) continue;
    const term = logA[i * k + c]! + Math.log(Math.abs(x));
    const positive = (x > 0) !== (y[i] === c);
    (positive ? pos : neg).add(term);
  }
  const lp = pos.value();
  const ln = neg.value();
  const e = c * d + j;
  if (lp === ln) {
    logAbs[e] = -Infinity;
    sign[e] = 0;
  } else if (lp > ln) {
    logAbs[e] = logSubExp(lp, ln) - Math.log(n);
    sign[e] = 1;
  } else {
    logAbs[e] = logSubExp(ln, lp) - Math.log(n);
    sign[e] = -1;
  }
}

/**
 * The scaled gradient: the fast path for every entry whose row-scaled sum is at least
 * TINY_MANTISSA in magnitude, the term-by-term fallback for the rest (terms lost below the
 * row's largest, or cancellation). M (k×d) receives the mantissa, logAbs and sign (k·d) each
 * entry's log-magnitude and sign; rowS (k) and weights (n×k) are scratch.
 */
export function scaledGradient(
  t: GradientTerms,
  M: Matrix,
  rowS: Float64Array = new Float64Array(t.k),
  weights: Float64Array = new Float64Array(t.n * t.k),
  logAbs: Float64Array = new Float64Array(t.k * t.d),
  sign: Int8Array = new Int8Array(t.k * t.d),
): ScaledGradient {
  const { k, d } = t;
  if (logAbs.length !== k * d || sign.length !== k * d) throw new ShapeError(`the gradient's logAbs and sign need ${k * d} entries, got ${logAbs.length} and ${sign.length}`);
  const logN = Math.log(t.n);
  rowScales(t, rowS);
  const md = rowScaledSums(t, rowS, M.data, weights);
  let logScale = -Infinity;
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) {
      const e = c * d + j;
      const m = md[e]!;
      if (Math.abs(m) >= TINY_MANTISSA) {
        logAbs[e] = rowS[c]! + Math.log(Math.abs(m)) - logN;
        sign[e] = Math.sign(m);
      } else {
        termByTermEntry(t, c, j, logAbs, sign);
      }
      if (logAbs[e]! > logScale) logScale = logAbs[e]!;
    }
  }
  fillMantissa(logAbs, sign, logScale, md);
  return { mantissa: M, logScale, logAbs, sign };
}

/**
 * The mantissa sign·e^{log|g| − logScale} entry by entry (Math.exp: the optimizers' transforms
 * recompute it from logAbs and rely on the same bits). An all-zero gradient has logScale
 * −Infinity and mantissa 0 (not 0·e^{−∞+∞} = NaN).
 */
export function fillMantissa(logAbs: Float64Array, sign: Int8Array, logScale: number, out: Float64Array): void {
  if (logScale === -Infinity) out.fill(0);
  else for (let e = 0; e < out.length; e++) out[e] = sign[e]! * Math.exp(logAbs[e]! - logScale);
}
