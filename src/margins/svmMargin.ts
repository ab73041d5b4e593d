import type { Dataset } from '../data/dataset.js';
import { NotSeparableError, SolverError } from '../errors.js';
import { zeros } from '../linalg/matrix.js';
import { frobeniusNorm } from '../linalg/norms.js';
import { certifyMargin } from './certificate.js';
import { normalised } from './lpMargin.js';
import { combinePairs, numPairs, pairInner, pairMargins } from './pairs.js';
import type { MarginResult } from './result.js';
import { separabilityTolerance } from './tolerance.js';

export interface SvmOptions {
  /** Stop when every pair has ⟨a_p, Ŵ⟩ ≥ 1 − tolerance (default 1e-13). */
  tolerance?: number;
  /** Safety cap on active-set iterations (default 3·n(k−1) + 100). */
  maxIterations?: number;
}

/**
 * γ_2 = 1/‖Ŵ‖_F, Ŵ = argmin ‖W‖_F s.t. ⟨a_p, W⟩ ≥ 1 for every pair (R-SVM).
 *
 * A least-distance program, solved exactly as Lawson & Hanson (1974, ch. 23) do: the NNLS
 * problem min_{u ≥ 0} ‖E u − f‖ with columns E_p = (a_p, 1) and f = e_{kd+1} gives
 * Ŵ = Σ u_p a_p / (1 − Σ u_p) and the SVM dual α = u / (1 − Σ u). The NNLS is solved by the
 * Lawson–Hanson active-set method on the Gram matrix H = [⟨a_p, a_q⟩ + 1] of the passive set
 * (Cholesky, appended a column at a time, with one step of iterative refinement), so only
 * the pairs that become active ever enter a factorisation: constraint generation by design.
 */
export function svmMargin(ds: Dataset, opts: SvmOptions = {}): MarginResult {
  const started = performance.now();
  const m = numPairs(ds);
  const tol = opts.tolerance ?? 1e-13;
  const maxIter = opts.maxIterations ?? 3 * m + 100;
  const sepTol = separabilityTolerance(ds, 2);
  const st = new ActiveSet(ds);
  const Wu = zeros(ds.k, ds.X.cols);
  const margins = new Float64Array(m);
  const inP = new Uint8Array(m);
  const rejected = new Uint8Array(m);
  let iterations = 0;
  for (;;) {
    if (++iterations > maxIter) throw new SolverError(`γ_2 NNLS: no convergence in ${maxIter} active-set iterations`);
    combinePairs(ds, st.P, st.u, Wu);
    let s = 0;
    for (let j = 0; j < st.P.length; j++) s += st.u[j]!;
    if (s > 0 && frobeniusNorm(Wu) / s <= sepTol) {
      const upper = frobeniusNorm(Wu) / s;
      throw new NotSeparableError(
        `data are not linearly separable: γ_2 ≤ ${upper.toExponential(3)} (tolerance ${sepTol.toExponential(1)})`,
        upper,
      );
    }
    pairMargins(ds, Wu, margins);
    // NNLS dual w_p = (1 − s) − ⟨a_p, W_u⟩ = (1 − s)(1 − ⟨a_p, Ŵ⟩): positive iff pair p is violated.
    let best = -1;
    let bestW = tol * Math.max(1 - s, 0);
    for (let q = 0; q < m; q++) {
      if (inP[q] || rejected[q]) continue;
      const w = 1 - s - margins[q]!;
      if (w > bestW) {
        bestW = w;
        best = q;
      }
    }
    if (best < 0) break;
    if (!st.append(best)) {
      rejected[best] = 1; // numerically dependent on the passive set
      continue;
    }
    inP[best] = 1;
    // Lawson–Hanson inner loop: move toward the unconstrained LS solution on P, dropping
    // any variable that would turn non-positive.
    let first = true;
    for (let inner = 0; ; inner++) {
      if (inner > st.P.length + 5) throw new SolverError('γ_2 NNLS: inner loop did not terminate (degenerate data?)');
      const z = st.solve();
      let allPositive = true;
      for (let j = 0; j < z.length; j++) if (!(z[j]! > 0)) allPositive = false;
      if (allPositive) {
        st.u.set(z);
        break;
      }
      if (first && !(z[z.length - 1]! > 0)) {
        // The entering pair cannot take a positive weight: rounding, not a real step.
        inP[best] = 0;
        rejected[best] = 1;
        st.removeWhere((j) => j === st.P.length - 1);
        break;
      }
      first = false;
      let alpha = Infinity;
      let blocking = -1;
      for (let j = 0; j < z.length; j++) {
        if (!(z[j]! > 0)) {
          const a = st.u[j]! / (st.u[j]! - z[j]!);
          if (a < alpha) {
            alpha = a;
            blocking = j;
          }
        }
      }
      let umax = 0;
      for (let j = 0; j < z.length; j++) {
        st.u[j] = st.u[j]! + alpha * (z[j]! - st.u[j]!);
        umax = Math.max(umax, st.u[j]!);
      }
      // The blocking variable leaves exactly (rounding may leave it a hair above 0, which
      // would loop forever), with any other that the step drove to rounding level.
      st.u[blocking] = 0;
      const removed = st.removeWhere((j) => !(st.u[j]! > 1e-15 * umax));
      for (const q of removed) inP[q] = 0;
      rejected.fill(0);
      if (st.P.length === 0) break;
    }
  }
  let s = 0;
  for (let j = 0; j < st.P.length; j++) s += st.u[j]!;
  combinePairs(ds, st.P, st.u, Wu);
  if (!(1 - s > 0)) throw new SolverError(`γ_2 NNLS: Σu = ${s} ≥ 1 at termination (degenerate data?)`);
  const svm = { rows: Wu.rows, cols: Wu.cols, data: Wu.data.map((v) => v / (1 - s)) };
  const alpha = Float64Array.from(st.u.subarray(0, st.P.length), (v) => v / (1 - s));
  const W = normalised(svm, 2);
  const certificate = certifyMargin(ds, 2, W, st.P, alpha);
  if (certificate.upper <= sepTol) {
    throw new NotSeparableError(`data are not linearly separable: γ_2 ≤ ${certificate.upper.toExponential(3)}`, certificate.upper);
  }
  return {
    p: 2,
    gamma: certificate.lower,
    W,
    status: 'optimal',
    solver: 'nnls-ldp/lawson-hanson',
    rounds: iterations,
    workingSetSize: st.P.length,
    certificate,
    dual: { pairs: Int32Array.from(st.P), weights: alpha },
    seconds: (performance.now() - started) / 1000,
  };
}

/** The passive set P of the NNLS with its Gram matrix H_P and Cholesky factor L (H_P = L Lᵀ). */
class ActiveSet {
  readonly P: number[] = [];
  u = new Float64Array(16);
  private cap = 16;
  private H = new Float64Array(16 * 16);
  private L = new Float64Array(16 * 16);

  constructor(private readonly ds: Dataset) {}

  private grow(): void {
    const cap = this.cap * 2;
    const H = new Float64Array(cap * cap);
    const L = new Float64Array(cap * cap);
    for (let i = 0; i < this.P.length; i++) {
      for (let j = 0; j < this.P.length; j++) {
        H[i * cap + j] = this.H[i * this.cap + j]!;
        L[i * cap + j] = this.L[i * this.cap + j]!;
      }
    }
    const u = new Float64Array(cap);
    u.set(this.u);
    this.H = H;
    this.L = L;
    this.u = u;
    this.cap = cap;
  }

  /** Appends pair q with u_q = 0; false (and no change) if its column is numerically dependent. */
  append(q: number): boolean {
    const np = this.P.length;
    if (np + 1 > this.cap) this.grow();
    const cap = this.cap;
    for (let j = 0; j < np; j++) {
      const h = pairInner(this.ds, this.P[j]!, q) + 1;
      this.H[np * cap + j] = h;
      this.H[j * cap + np] = h;
    }
    const hd = pairInner(this.ds, q, q) + 1;
    this.H[np * cap + np] = hd;
    if (!this.factorRow(np)) return false;
    this.P.push(q);
    this.u[np] = 0;
    return true;
  }

  /** Computes row r of L from H, given rows 0..r−1. */
  private factorRow(r: number): boolean {
    const cap = this.cap;
    const L = this.L;
    let ss = 0;
    for (let j = 0; j < r; j++) {
      let v = this.H[r * cap + j]!;
      for (let t = 0; t < j; t++) v -= L[r * cap + t]! * L[j * cap + t]!;
      v /= L[j * cap + j]!;
      L[r * cap + j] = v;
      ss += v * v;
    }
    const hd = this.H[r * cap + r]!;
    const d2 = hd - ss;
    if (!(d2 > 1e-13 * hd)) return false;
    L[r * cap + r] = Math.sqrt(d2);
    return true;
  }

  /** Removes the passive entries j for which pred(j) holds; returns their pair ids. */
  removeWhere(pred: (j: number) => boolean): number[] {
    const keep: number[] = [];
    const removed: number[] = [];
    for (let j = 0; j < this.P.length; j++) (pred(j) ? removed : keep).push(j);
    if (removed.length === 0) return removed;
    const cap = this.cap;
    const H = new Float64Array(cap * cap);
    const u = new Float64Array(cap);
    keep.forEach((a, i) => {
      u[i] = this.u[a]!;
      keep.forEach((b, j) => (H[i * cap + j] = this.H[a * cap + b]!));
    });
    const ids = removed.map((j) => this.P[j]!);
    const P = keep.map((j) => this.P[j]!);
    this.P.length = 0;
    this.P.push(...P);
    this.H = H;
    this.u = u;
    this.L = new Float64Array(cap * cap);
    for (let r = 0; r < this.P.length; r++) {
      if (!this.factorRow(r)) throw new SolverError('γ_2 NNLS: passive set became singular after a removal');
    }
    return ids;
  }

  /** z = H_P⁻¹ 1, with one step of iterative refinement. */
  solve(): Float64Array {
    const np = this.P.length;
    const ones = new Float64Array(np).fill(1);
    const z = this.cholSolve(ones);
    const r = new Float64Array(np);
    const cap = this.cap;
    for (let i = 0; i < np; i++) {
      let v = 1;
      for (let j = 0; j < np; j++) v -= this.H[i * cap + j]! * z[j]!;
      r[i] = v;
    }
    const dz = this.cholSolve(r);
    for (let i = 0; i < np; i++) z[i] = z[i]! + dz[i]!;
    return z;
  }

  private cholSolve(b: Float64Array): Float64Array {
    const np = b.length;
    const cap = this.cap;
    const L = this.L;
    const x = b.slice();
    for (let i = 0; i < np; i++) {
      let v = x[i]!;
      for (let t = 0; t < i; t++) v -= L[i * cap + t]! * x[t]!;
      x[i] = v / L[i * cap + i]!;
    }
    for (let i = np - 1; i >= 0; i--) {
      let v = x[i]!;
      for (let t = i + 1; t < np; t++) v -= L[t * cap + i]! * x[t]!;
      x[i] = v / L[i * cap + i]!;
    }
    return x;
  }
}
