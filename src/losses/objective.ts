import { assertWeightShape, type Dataset } from '../data/dataset.js';
import { ShapeError } from '../errors.js';
import { multiplyABt, zeros, type Matrix } from '../linalg/matrix.js';
import type { ScaledGradient } from '../linalg/scaled.js';
import { LogSumAccumulator } from '../numerics/logspace.js';
import { crossEntropy } from './crossEntropy.js';
import { fillMantissa, scaledGradient, termByTermEntry, type GradientTerms } from './gradient.js';
import { CrossEntropyKernel, kernelModule } from './kernel/ceKernel.js';
import type { PermLoss } from './permLoss.js';

/**
 * Which implementation evaluates the loss: 'reference' the TypeScript path (PermLoss.sample and
 * gradient.ts) for every loss; 'fast' (default) the WebAssembly kernel (kernel/ceKernel.ts) for
 * crossEntropy, within the tolerance properties/foundation/ce-kernel.test.ts derives, and the
 * reference for every other loss or where WebAssembly SIMD is missing.
 */
export type ObjectiveKernel = 'fast' | 'reference';
export interface ObjectiveOptions {
  /** 'fast' (default) or 'reference'; a compiled module stands for 'fast' with that kernel (tests plant faulty builds). */
  readonly kernel?: ObjectiveKernel | WebAssembly.Module;
}

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
 * Where `Objective.evaluateInto` writes an evaluation: the scaled gradient's parts and the logs.
 * The buffers are themselves an Evaluation (and their own `gradient`), live: the next
 * `evaluateInto` into them overwrites it; `snapshot()` is a copy to keep.
 */
export class EvaluationBuffers implements Evaluation, ScaledGradient {
  readonly mantissa: Matrix;
  readonly logAbs: Float64Array;
  readonly sign: Int8Array;
  logScale = -Infinity;
  logLoss = NaN;
  logProxy = NaN;
  maxLogSampleProxy = NaN;
  constructor(k: number, d: number, mantissa: Matrix = zeros(k, d)) {
    this.mantissa = mantissa;
    this.logAbs = new Float64Array(k * d);
    this.sign = new Int8Array(k * d);
  }
  get gradient(): ScaledGradient {
    return this;
  }
  /**
   * The evaluation held now, as plain data of its own (what `Objective.evaluate` returns); `copy`
   * makes the float arrays' copies (e.g. from a Float64Slab).
   */
  snapshot(copy: (a: Float64Array) => Float64Array = (a) => a.slice()): Evaluation {
    const { logLoss, logProxy, maxLogSampleProxy, logScale } = this;
    const mantissa = { rows: this.mantissa.rows, cols: this.mantissa.cols, data: copy(this.mantissa.data) };
    return { logLoss, logProxy, gradient: { mantissa, logScale, logAbs: copy(this.logAbs), sign: this.sign.slice() }, maxLogSampleProxy };
  }
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
  /** Which path evaluates: the WebAssembly kernel or the TypeScript reference. */
  readonly implementation: 'wasm' | 'reference';
  /** The WebAssembly kernel when it evaluates this objective (its buffers are logits, logA, logLossPer). */
  private readonly kernel: CrossEntropyKernel | null;
  private readonly logLossPer: Float64Array;
  private readonly logN: number;
  private readonly u: Float64Array;
  private readonly weights: Float64Array;
  private readonly rowScale: Float64Array;
  /** X, y and the log weights, as the gradient reads them (gradient.ts). */
  private readonly terms: GradientTerms;

  constructor(dataset: Dataset, loss: PermLoss, options: ObjectiveOptions = {}) {
    this.dataset = dataset;
    this.loss = loss;
    this.n = dataset.X.rows;
    this.d = dataset.X.cols;
    this.k = dataset.k;
    const choice = options.kernel ?? 'fast';
    const mod = choice === 'reference' || loss !== crossEntropy || this.n === 0 ? null : choice === 'fast' ? kernelModule() : choice;
    this.kernel = mod ? new CrossEntropyKernel(mod, dataset.X.data, dataset.y, this.n, this.d, this.k) : null;
    this.implementation = this.kernel ? 'wasm' : 'reference';
    this.logits = this.kernel ? { rows: this.n, cols: this.k, data: this.kernel.V } : zeros(this.n, this.k);
    this.logA = this.kernel ? this.kernel.logA : new Float64Array(this.n * this.k);
    this.logLossPer = this.kernel ? this.kernel.logLoss : new Float64Array(this.n);
    this.logN = Math.log(this.n);
    this.u = new Float64Array(this.k);
    this.weights = new Float64Array(this.n * this.k);
    this.rowScale = new Float64Array(this.k);
    this.terms = { X: dataset.X.data, y: dataset.y, logA: this.logA, n: this.n, k: this.k, d: this.d };
  }

  private maxLogG = -Infinity;
  /** forward's result (reused: no allocation per step). */
  private readonly lastLogs: [number, number] = [NaN, NaN];
  /** The reference path's sums of ℓ_i and G_i (reset at each forward pass). */
  private readonly lossAcc = new LogSumAccumulator();
  private readonly gAcc = new LogSumAccumulator();

  /** Fills the per-sample buffers at W; returns [log L, log G]. */
  private forward(W: Matrix): [number, number] {
    assertWeightShape(this.dataset, W);
    if (this.kernel) {
      const kr = this.kernel;
      kr.W.set(W.data);
      kr.forward();
      this.maxLogG = kr.maxLogG;
      this.lastLogs[0] = kr.logNL - this.logN;
      this.lastLogs[1] = kr.logNG - this.logN;
      return this.lastLogs;
    }
    multiplyABt(this.dataset.X, W, this.logits);
    const { k, n } = this;
    const y = this.dataset.y;
    const v = this.logits.data;
    const { lossAcc, gAcc } = this;
    lossAcc.reset();
    gAcc.reset();
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
    this.lastLogs[0] = lossAcc.value() - this.logN;
    this.lastLogs[1] = gAcc.value() - this.logN;
    return this.lastLogs;
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
    const { k, d } = this;
    const M = gradientOut ?? zeros(k, d);
    if (M.rows !== k || M.cols !== d) throw new ShapeError(`gradient buffer must be ${k}x${d}, got ${M.rows}x${M.cols}`);
    if (!this.kernel) {
      const [logLoss, logProxy] = this.forward(W);
      const gradient = scaledGradient(this.terms, M, this.rowScale, this.weights);
      return { logLoss, logProxy, gradient, maxLogSampleProxy: this.maxLogG };
    }
    const out = new EvaluationBuffers(k, d, M);
    this.evaluateInto(W, out);
    const { logLoss, logProxy, maxLogSampleProxy, logScale, logAbs, sign } = out;
    return { logLoss, logProxy, gradient: { mantissa: M, logScale, logAbs, sign }, maxLogSampleProxy };
  }

  /**
   * What `evaluate` computes, written into `out` (the hot loop of a long run: with the kernel and
   * the same `out` every step, nothing is allocated). The buffers are overwritten at each call.
   */
  evaluateInto(W: Matrix, out: EvaluationBuffers): void {
    if (out.mantissa.rows !== this.k || out.mantissa.cols !== this.d) throw new ShapeError(`evaluation buffers must be ${this.k}x${this.d}, got ${out.mantissa.rows}x${out.mantissa.cols}`);
    const [logLoss, logProxy] = this.forward(W);
    out.logLoss = logLoss;
    out.logProxy = logProxy;
    out.maxLogSampleProxy = this.maxLogG;
    const kernel = this.kernel;
    if (!kernel) {
      out.logScale = scaledGradient(this.terms, out.mantissa, this.rowScale, this.weights, out.logAbs, out.sign).logScale;
      return;
    }
    const fallback = kernel.gradient();
    const { logAbs, sign } = out;
    const M = out.mantissa.data;
    logAbs.set(kernel.logAbs);
    sign.set(kernel.sign);
    let logScale = kernel.logScale;
    if (fallback > 0) {
      // entries the kernel leaves (row-scaled sum below TINY_MANTISSA) term by term, as scaledGradient does
      const { k, d } = this;
      for (let c = 0; c < k; c++) {
        for (let j = 0; j < d; j++) {
          const e = c * d + j;
          if (Number.isNaN(logAbs[e]!)) termByTermEntry(this.terms, c, j, logAbs, sign);
          if (logAbs[e]! > logScale) logScale = logAbs[e]!;
        }
      }
    }
    fillMantissa(logAbs, sign, logScale, M);
    out.logScale = logScale;
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
    const g = Float64Array.from(this.dataset.y, (yi, i) => this.logA[i * this.k + yi]!);
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
