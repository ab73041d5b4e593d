import type { Dataset } from '../data/dataset.js';
import { halfSquaredNormDerivatives, vectorNorm } from '../linalg/norms.js';
import { solveDense } from './denseSolve.js';
import { zeros } from '../linalg/matrix.js';
import { combinePairs, pairClass, pairMargins, pairSample } from './pairs.js';

export interface KktPoint {
  /** The minimiser of ½‖W‖_p² on the active face, k×d row-major (rescaled units). */
  readonly W: Float64Array;
  /** The active pairs and their multipliers λ̂ ≥ 0: ∇½‖W‖_p² = Σ λ̂_q â_q. */
  readonly pairs: number[];
  readonly lambda: Float64Array;
}

/**
 * Active-set Newton on the KKT system of min ½‖W‖_p² s.t. ⟨â_q, W⟩ ≥ c_q (the rescaled R-SVM
 * form of γ_p, scaling.ts), started from an interior point W0 near the optimum with a guess of
 * the active set. On the face ⟨â_q, W⟩ = c_q (q ∈ A), Newton's method on
 *   ∇f(W) − Σ_{q∈A} λ̂_q â_q = 0,   ⟨â_q, W⟩ = c_q,
 * converges quadratically; a pair with λ̂_q < 0 then leaves A and a violated pair enters, until
 * the point is a KKT point of the full problem (λ̂ ≥ 0, every pair feasible). This is what makes
 * the certificate close for larger p, where the barrier's Newton steps stall along the flat
 * directions of ‖W‖_p² and its multipliers μ/slack lose their digits. Returns null when it
 * cannot settle (singular system, no convergence): the caller then keeps the barrier's point.
 */
export function kktPolish(hat: Dataset, cq: Float64Array, p: number, W0: ArrayLike<number>, active0: readonly number[], maxChanges = 50): KktPoint | null {
  const d = hat.X.cols;
  const D = hat.k * d;
  const m = cq.length;
  const active = [...active0].sort((a, b) => a - b);
  let W: Float64Array = Float64Array.from(W0);
  const margins = new Float64Array(m);
  for (let change = 0; change <= maxChanges; change++) {
    const sol = faceNewton(hat, cq, p, W, active, D);
    if (!sol) return null;
    W = sol.W;
    let worst = -1;
    let lmax = 0;
    for (let a = 0; a < active.length; a++) lmax = Math.max(lmax, sol.lambda[a]!);
    for (let a = 0; a < active.length; a++) if (sol.lambda[a]! < -1e-12 * lmax && (worst < 0 || sol.lambda[a]! < sol.lambda[worst]!)) worst = a;
    if (worst >= 0) {
      active.splice(worst, 1);
      continue;
    }
    pairMargins(hat, { rows: hat.k, cols: d, data: W }, margins);
    // Violated beyond the rounding of ⟨â_q, W⟩ (2d terms: |error| ≤ 2d·u·Σ|x̂_ij||w|).
    let enter = -1;
    let most = 0;
    for (let q = 0; q < m; q++) {
      const slack = margins[q]! - cq[q]!;
      if (!(slack < 0)) continue;
      const i = pairSample(hat, q);
      const y = hat.y[i]!;
      const c = pairClass(hat, q);
      let terms = 0;
      for (let j = 0; j < d; j++) terms += Math.abs(hat.X.data[i * d + j]!) * (Math.abs(W[y * d + j]!) + Math.abs(W[c * d + j]!));
      const rel = slack / cq[q]!;
      if (slack < -(4 * d * Number.EPSILON * terms + 1e-15 * cq[q]!) && rel < most) {
        most = rel;
        enter = q;
      }
    }
    // An active pair left out as dependent but not satisfied: the face is not what it seemed.
    if (enter >= 0 && active.includes(enter)) return null;
    if (enter >= 0) {
      // An entering row that depends on the active ones (the pair vectors span at most (k−1)d
      // dimensions) swaps with one of them, chosen as in Goldfarb–Idnani's dual step: with
      // â_enter = Σ β_r â_r, raising ⟨â_enter, W⟩ loosens some r with β_r > 0, and the first λ̂_r
      // that the step λ̂ − τβ drives to 0 leaves. Adding it to the dependent set instead would
      // drop an arbitrary row, and the face minimiser would cycle (enter, λ̂ < 0, leave, ...).
      const beta = dependence(hat, active, enter, D);
      if (beta) {
        let leave = -1;
        let ratio = Infinity;
        for (let a = 0; a < active.length; a++) {
          if (!(beta[a]! > 1e-12)) continue;
          const r = Math.max(0, sol.lambda[a]!) / beta[a]!;
          if (r < ratio) {
            ratio = r;
            leave = a;
          }
        }
        if (leave < 0) return null;
        active.splice(leave, 1);
      }
      active.push(enter);
      active.sort((a, b) => a - b);
      continue;
    }
    return { W, pairs: active, lambda: sol.lambda.map((v) => Math.max(0, v)) };
  }
  return null;
}

/** Newton's method for the KKT system on the face of `active`; null if it does not converge. */
function faceNewton(
  hat: Dataset,
  cq: Float64Array,
  p: number,
  W0: Float64Array,
  active: readonly number[],
  D: number,
): { W: Float64Array; lambda: Float64Array } | null {
  // A linearly dependent active row (a duplicated point, a degenerate vertex) would make the
  // KKT matrix singular; it is consistent with the others on the face, so it is left out
  // (λ̂ = 0) and checked for feasibility with every other pair afterwards.
  const keep = independentRows(hat, active, D);
  const sub = keep.map((a) => active[a]!);
  const sol = faceNewtonIndependent(hat, cq, p, W0, sub, D);
  if (!sol) return null;
  const lambda = new Float64Array(active.length);
  keep.forEach((a, b) => (lambda[a] = sol.lambda[b]!));
  return { W: sol.W, lambda };
}

/** Row â_q = vec((e_{y_i} − e_c) x̂_iᵀ): the pair's vector, as combinePairs builds it. */
const pairRow = (hat: Dataset, q: number): Float64Array => combinePairs(hat, [q], [1], zeros(hat.k, hat.X.cols)).data;

/**
 * β with â_q = Σ_a β_a â_{active[a]} if â_q lies in the span of the active rows (relative
 * residual ≤ 1e-10), else null. Least squares on a maximal independent subset (others get β = 0).
 */
function dependence(hat: Dataset, active: readonly number[], q: number, D: number): Float64Array | null {
  const keep = independentRows(hat, active, D);
  const rows = keep.map((a) => pairRow(hat, active[a]!));
  const target = pairRow(hat, q);
  const nk = rows.length;
  const G = new Float64Array(nk * nk);
  const rhs = new Float64Array(nk);
  const dot = (u: Float64Array, v: Float64Array): number => {
    let s = 0;
    for (let e = 0; e < D; e++) s += u[e]! * v[e]!;
    return s;
  };
  for (let a = 0; a < nk; a++) {
    rhs[a] = dot(rows[a]!, target);
    for (let b = 0; b < nk; b++) G[a * nk + b] = dot(rows[a]!, rows[b]!);
  }
  const x = nk > 0 ? solveDense(G, rhs, nk) : new Float64Array(0);
  if (!x) return null;
  const resid = target.slice();
  for (let a = 0; a < nk; a++) for (let e = 0; e < D; e++) resid[e] = resid[e]! - x[a]! * rows[a]![e]!;
  if (!(dot(resid, resid) <= 1e-20 * dot(target, target))) return null;
  const beta = new Float64Array(active.length);
  keep.forEach((a, b) => (beta[a] = x[b]!));
  return beta;
}

/** Indices (into `active`) of a maximal independent set of rows, by modified Gram–Schmidt. */
function independentRows(hat: Dataset, active: readonly number[], D: number): number[] {
  const basis: Float64Array[] = [];
  const keep: number[] = [];
  active.forEach((q, a) => {
    const row = pairRow(hat, q);
    let n0 = 0;
    for (const v of row) n0 += v * v;
    const r = row.slice();
    for (const b of basis) {
      let dot = 0;
      for (let e = 0; e < D; e++) dot += r[e]! * b[e]!;
      for (let e = 0; e < D; e++) r[e] = r[e]! - dot * b[e]!;
    }
    let n1 = 0;
    for (const v of r) n1 += v * v;
    if (!(n1 > 1e-20 * n0)) return;
    const inv = 1 / Math.sqrt(n1);
    basis.push(r.map((v) => v * inv));
    keep.push(a);
  });
  return keep;
}

function faceNewtonIndependent(
  hat: Dataset,
  cq: Float64Array,
  p: number,
  W0: Float64Array,
  active: readonly number[],
  D: number,
): { W: Float64Array; lambda: Float64Array } | null {
  const na = active.length;
  const n = D + na;
  const A = new Float64Array(na * D);
  active.forEach((q, a) => A.set(pairRow(hat, q), a * D));
  if (p === 2) return frobeniusFace(A, cq, active, na, D);
  const W = Float64Array.from(W0);
  const grad = new Float64Array(D);
  const H = new Float64Array(D * D);
  const half = (v: Float64Array): number => 0.5 * vectorNorm(v, p) ** 2;
  let prevDec = Infinity;
  for (let it = 0; it < 200; it++) {
    // On the face to rounding at every step, so the step below is a descent direction on it.
    if (!projectOntoFace(A, cq, active, W, na, D)) return null;
    halfSquaredNormDerivatives(W, p, grad, H);
    // [H  −Aᵀ; A  0] [ΔW; λ] = [−∇f; 0]: ΔW minimises the quadratic model on the face, and
    // ∇f − Aᵀλ = −HΔW → 0 as ΔW → 0.
    const K = new Float64Array(n * n);
    const rhs = new Float64Array(n);
    for (let e = 0; e < D; e++) {
      for (let f = 0; f < D; f++) K[e * n + f] = H[e * D + f]!;
      for (let a = 0; a < na; a++) K[e * n + D + a] = -A[a * D + e]!;
      rhs[e] = -grad[e]!;
    }
    for (let a = 0; a < na; a++) for (let e = 0; e < D; e++) K[(D + a) * n + e] = A[a * D + e]!;
    const z = solveDense(K, rhs, n);
    if (!z || !z.every(Number.isFinite)) return null;
    const lambda = z.slice(D);
    // The Newton decrement ΔWᵀHΔW = −∇fᵀΔW.
    let dec = 0;
    for (let e = 0; e < D; e++) dec -= grad[e]! * z[e]!;
    // Done when the predicted decrease dec/2 is at the rounding level of f, or when Newton has
    // stopped converging (quadratically) after getting close: what is left is noise.
    const f0 = half(W);
    if (!(dec > 1e-13 * f0) || (prevDec < 1e-8 * f0 && dec > 0.25 * prevDec)) return { W, lambda };
    prevDec = dec;
    // Damped: ½‖W‖_p² is flat along entries near 0 (curvature ∝ |w|^{p−2}), where full Newton
    // steps overshoot. Backtrack on f; when no step decreases it beyond rounding, W is the
    // face's minimiser to working precision.
    let accepted: Float64Array | null = null;
    for (let t = 1; t > 1e-12; t /= 2) {
      const next = W.map((v, e) => v + t * z[e]!);
      if (half(next) <= f0 - 0.25 * t * dec) {
        accepted = next;
        break;
      }
    }
    if (!accepted) return { W, lambda };
    W.set(accepted);
  }
  return null;
}

/**
 * p = 2: the face's minimiser solves [I −Aᵀ; A 0][W; λ̂] = [0; c_A] exactly, one linear solve
 * (plus a step of iterative refinement) instead of Newton steps: on a face whose rows are nearly
 * dependent (tiny margins), projecting onto it loses ~cond(A)·u per step, and the Newton
 * iteration then stalls on that noise instead of converging.
 */
function frobeniusFace(A: Float64Array, cq: Float64Array, active: readonly number[], na: number, D: number): { W: Float64Array; lambda: Float64Array } | null {
  const n = D + na;
  const K = new Float64Array(n * n);
  for (let e = 0; e < D; e++) {
    K[e * n + e] = 1;
    for (let a = 0; a < na; a++) {
      K[e * n + D + a] = -A[a * D + e]!;
      K[(D + a) * n + e] = A[a * D + e]!;
    }
  }
  const rhs = new Float64Array(n);
  for (let a = 0; a < na; a++) rhs[D + a] = cq[active[a]!]!;
  const z = solveDense(K.slice(), rhs.slice(), n);
  if (!z || !z.every(Number.isFinite)) return null;
  const r = rhs.slice();
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) r[i] = r[i]! - K[i * n + j]! * z[j]!;
  const dz = solveDense(K, r, n);
  if (dz && dz.every(Number.isFinite)) for (let i = 0; i < n; i++) z[i] = z[i]! + dz[i]!;
  return { W: z.slice(0, D), lambda: z.slice(D) };
}

/** W ← W + Aᵀ(AAᵀ)⁻¹(c_A − AW): the nearest point of the face; false if AAᵀ is singular. */
function projectOntoFace(A: Float64Array, cq: Float64Array, active: readonly number[], W: Float64Array, na: number, D: number): boolean {
  const G = new Float64Array(na * na);
  const r = new Float64Array(na);
  for (let a = 0; a < na; a++) {
    let aw = 0;
    for (let e = 0; e < D; e++) aw += A[a * D + e]! * W[e]!;
    r[a] = cq[active[a]!]! - aw;
    for (let b = 0; b < na; b++) {
      let v = 0;
      for (let e = 0; e < D; e++) v += A[a * D + e]! * A[b * D + e]!;
      G[a * na + b] = v;
    }
  }
  const y = solveDense(G, r, na);
  if (!y) return false;
  for (let a = 0; a < na; a++) for (let e = 0; e < D; e++) W[e] = W[e]! + A[a * D + e]! * y[a]!;
  return true;
}
