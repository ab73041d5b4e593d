import { assertWeightShape, type Dataset } from '../data/dataset.js';
import { ShapeError } from '../errors.js';
import { multiplyABt, zeros, type Matrix } from '../linalg/matrix.js';
import type { ScaledGradient } from '../linalg/scaled.js';
import { LogSumAccumulator, logSubExp } from '../numerics/logspace.js';

/** A row-scaled gradient entry below this (relative to its row) is recomputed term by term. */
const TINY_MANTISSA = 1e-280;
import type { PermLoss } from './permLoss.js';

/** One evaluation of L at W, all in the log domain (THEOREMS.md §9 numerics). */
export interface Evaluation {
  /** log L(W), L = (1/n) Σ_i ℓ(W x_i, y_i) (mean, Eq. 1). */
  readonly logLoss: number;
  /** log G(W), G = (1/n) Σ_i G_i (Eq. 7 for CE; App. F proxies otherwise). */
  readonly logProxy: number;
  /** ∇L(W) = (1/n) Σ_i a_i x_iᵀ, scaled, with every entry's sign and log-magnitude exact. */
  readonly gradient: ScaledGradient;
  /** max_i log G_i: when it is below log 2^{−53}, a naive float64 1 − s_y is 0 for every sample. */
  readonly maxLogSampleProxy: number;
}

/**
 * The empirical risk of a PERM loss on a fixed dataset. Holds work buffers so the hot loop
 * (one evaluation per optimizer step) does not allocate beyond the returned gradient.
 * Not re-entrant: one evaluator per thread of work.
 */
export class Objective {
  readonly dataset: Dataset;
  readonly loss: PermLoss;
  readonly n: number;
  readonly d: number;
  readonly k: number;
  private readonly logits: Matrix;
  /** log a_ic (c ≠ y_i) and log G_i (c = y_i), as written by PermLoss.sample. */
  private readonly logA: Float64Array;
  private readonly logLossPer: Float64Array;
  private readonly logN: number;
  private readonly u: Float64Array;
  private readonly weights: Float64Array;
  private readonly rowScale: Float64Array;

  constructor(dataset: Dataset, loss: PermLoss) {
    this.dataset = dataset;
    this.loss = loss;
    this.n = dataset.X.rows;
    this.d = dataset.X.cols;
    this.k = dataset.k;
    this.logits = zeros(this.n, this.k);
    this.logA = new Float64Array(this.n * this.k);
    this.logLossPer = new Float64Array(this.n);
    this.logN = Math.log(this.n);
    this.u = new Float64Array(this.k);
    this.weights = new Float64Array(this.n * this.k);
    this.rowScale = new Float64Array(this.k);
  }

  private maxLogG = -Infinity;

  /** Fills the per-sample buffers at W; returns [log L, log G]. */
  private forward(W: Matrix): [number, number] {
    assertWeightShape(this.dataset, W);
    multiplyABt(this.dataset.X, W, this.logits);
    const { k, n } = this;
    const y = this.dataset.y;
    const v = this.logits.data;
    const lossAcc = new LogSumAccumulator();
    const gAcc = new LogSumAccumulator();
    let maxG = -Infinity;
    for (let i = 0; i < n; i++) {
      const off = i * k;
      const ll = this.loss.sample(v, off, k, y[i]!, this.logA);
      this.logLossPer[i] = ll;
      lossAcc.add(ll);
      const lg = this.logA[off + y[i]!]!;
      gAcc.add(lg);
      if (lg > maxG) maxG = lg;
    }
    this.maxLogG = maxG;
    return [lossAcc.value() - this.logN, gAcc.value() - this.logN];
  }

  /** log L(W) and log G(W) without the gradient. */
  logLossAndProxy(W: Matrix): { logLoss: number; logProxy: number } {
    const [logLoss, logProxy] = this.forward(W);
    return { logLoss, logProxy };
  }

  /**
   * log L, log G and the scaled gradient. The true-class weight is −Σ_{c≠y} a_c taken in the
   * log domain (never 1 − s_y), so the gradient's sign pattern is exact at any loss level.
   */
  evaluate(W: Matrix, gradientOut?: Matrix): Evaluation {
    const [logLoss, logProxy] = this.forward(W);
    const { k, n, d } = this;
    const y = this.dataset.y;
    const X = this.dataset.X.data;
    const logA = this.logA;
    const M = gradientOut ?? zeros(k, d);
    if (M.rows !== k || M.cols !== d) throw new ShapeError(`gradient buffer must be ${k}x${d}, got ${M.rows}x${M.cols}`);
    const md = M.data;
    md.fill(0);
    // Row scales S_c = max_i log a_ic: one row may be e^{−1000} below another (a class whose
    // pairs all have large margins), and SignGD/Adam need the sign of every entry.
    const rowS = this.rowScale.fill(-Infinity);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) {
        const la = logA[i * k + c]!;
        if (la > rowS[c]!) rowS[c] = la;
      }
    }
    // Weights a_ic e^{−S_c}, then M = Aᵀ X row-scaled: one exp per (i, c), a contiguous
    // axpy per nonzero weight.
    const A = this.weights;
    for (let i = 0; i < n; i++) {
      const off = i * k;
      const yi = y[i]!;
      for (let c = 0; c < k; c++) {
        const w = rowS[c] === -Infinity ? 0 : Math.exp(logA[off + c]! - rowS[c]!);
        A[off + c] = c === yi ? -w : w;
      }
    }
    for (let i = 0; i < n; i++) {
      const off = i * k;
      const xo = i * d;
      for (let c = 0; c < k; c++) {
        const a = A[off + c]!;
        if (a === 0) continue;
        const mo = c * d;
        let j = 0;
        for (; j + 3 < d; j += 4) {
          md[mo + j] += a * X[xo + j]!;
          md[mo + j + 1] += a * X[xo + j + 1]!;
          md[mo + j + 2] += a * X[xo + j + 2]!;
          md[mo + j + 3] += a * X[xo + j + 3]!;
        }
        for (; j < d; j++) md[mo + j] += a * X[xo + j]!;
      }
    }
    const logAbs = new Float64Array(k * d);
    const sign = new Int8Array(k * d);
    let logScale = -Infinity;
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < d; j++) {
        const e = c * d + j;
        const m = md[e]!;
        if (Math.abs(m) >= TINY_MANTISSA) {
          logAbs[e] = rowS[c]! + Math.log(Math.abs(m)) - this.logN;
          sign[e] = m > 0 ? 1 : -1;
        } else {
          this.exactEntry(c, j, logAbs, sign);
        }
        if (logAbs[e]! > logScale) logScale = logAbs[e]!;
      }
    }
    for (let e = 0; e < k * d; e++) md[e] = sign[e]! * Math.exp(logAbs[e]! - logScale);
    return { logLoss, logProxy, gradient: { mantissa: M, logScale, logAbs, sign }, maxLogSampleProxy: this.maxLogG };
  }

  /**
   * Entry (c, j) of ∇L in the log domain, term by term: log|Σ_i a_ic x_ij| − log n from the
   * signed log-sum-exp of the terms. Used where the row-scaled sum is 0 or below 1e-280 of
   * its row scale (terms lost below the row's largest, or cancellation).
   */
  private exactEntry(c: number, j: number, logAbs: Float64Array, sign: Int8Array): void {
    const { k, n, d } = this;
    const y = this.dataset.y;
    const X = this.dataset.X.data;
    const pos = new LogSumAccumulator();
    const neg = new LogSumAccumulator();
    for (let i = 0; i < n; i++) {
      const x = X[i * d + j]!;
      if (x === 0) continue;
      const t = this.logA[i * k + c]! + Math.log(Math.abs(x));
      const positive = (x > 0) !== (y[i] === c);
      (positive ? pos : neg).add(t);
    }
    const lp = pos.value();
    const ln = neg.value();
    const e = c * d + j;
    if (lp === ln) {
      logAbs[e] = -Infinity;
      sign[e] = 0;
    } else if (lp > ln) {
      logAbs[e] = logSubExp(lp, ln) - this.logN;
      sign[e] = 1;
    } else {
      logAbs[e] = logSubExp(ln, lp) - this.logN;
      sign[e] = -1;
    }
  }

  /**
   * log a_ic = log ∂ℓ_i/∂v_c for c ≠ y_i (for CE, log s_ic) and log G_i at c = y_i, as an
   * n×k row-major copy.
   */
  logWeights(W: Matrix): Float64Array {
    this.forward(W);
    return this.logA.slice();
  }

  /** Per-sample log ℓ_i and log G_i at the last evaluated W (copies). */
  perSample(W: Matrix): { logLoss: Float64Array; logProxy: Float64Array } {
    this.forward(W);
    const g = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) g[i] = this.logA[i * this.k + this.dataset.y[i]!]!;
    return { logLoss: this.logLossPer.slice(), logProxy: g };
  }

  /**
   * Per-class proxies (D-GcQc): G_c = (1/n) Σ_{i: y_i = c} G_i and Q_c = (1/n) Σ_{i: y_i ≠ c} a_ic,
   * as logs. For CE, a_ic = s_ic and G_i = 1 − s_{i y_i}.
   */
  perClassProxies(W: Matrix): { logG: Float64Array; logQ: Float64Array } {
    this.forward(W);
    const { k, n } = this;
    const y = this.dataset.y;
    const gAcc = Array.from({ length: k }, () => new LogSumAccumulator());
    const qAcc = Array.from({ length: k }, () => new LogSumAccumulator());
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) {
        const la = this.logA[i * k + c]!;
        if (c === y[i]) gAcc[c]!.add(la);
        else qAcc[c]!.add(la);
      }
    }
    return {
      logG: Float64Array.from(gAcc, (a) => a.value() - this.logN),
      logQ: Float64Array.from(qAcc, (a) => a.value() - this.logN),
    };
  }

  /**
   * log of vec(Δ)ᵀ ∇²L(W) vec(Δ) = (1/n) Σ_i (Δx_i)ᵀ ∇²_v ℓ_i (Δx_i) (A.2 (13)).
   */
  logHessianForm(W: Matrix, delta: Matrix): number {
    this.forward(W);
    assertWeightShape(this.dataset, delta);
    const { k, n, d } = this;
    const X = this.dataset.X.data;
    const y = this.dataset.y;
    const acc = new LogSumAccumulator();
    const u = this.u;
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += delta.data[c * d + j]! * X[i * d + j]!;
        u[c] = s;
      }
      acc.add(this.loss.logHessianForm(this.logits.data, i * k, k, y[i]!, this.logA, u));
    }
    return acc.value() - this.logN;
  }
}

/** min_{i, c≠y_i} (e_{y_i} − e_c)ᵀ W x_i (D-margin-pair). */
export function minMargin(ds: Dataset, W: Matrix): number {
  assertWeightShape(ds, W);
  const V = multiplyABt(ds.X, W);
  const k = ds.k;
  let m = Infinity;
  for (let i = 0; i < ds.X.rows; i++) {
    const vy = V.data[i * k + ds.y[i]!]!;
    for (let c = 0; c < k; c++) {
      if (c === ds.y[i]) continue;
      const mic = vy - V.data[i * k + c]!;
      if (mic < m) m = mic;
    }
  }
  return m;
}
