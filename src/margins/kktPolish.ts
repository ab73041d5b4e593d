import type { Dataset } from '../data/dataset.js';
import { halfSquaredNormDerivatives, vectorNorm } from '../linalg/norms.js';
import { pairClass, pairMargins, pairSample } from './pairs.js';

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
    const sol = faceNewton(hat, cq, p, W, active, d, D);
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
    let enter = -1;
    let most = 0;
    const inA = new Set(active);
    for (let q = 0; q < m; q++) {
      if (inA.has(q)) continue;
      const rel = (margins[q]! - cq[q]!) / cq[q]!;
      if (rel < -1e-12 && rel < most) {
        most = rel;
        enter = q;
      }
    }
    if (enter >= 0) {
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
  d: number,
  D: number,
): { W: Float64Array; lambda: Float64Array } | null {
  const na = active.length;
  const n = D + na;
  // Rows â_q of the active pairs: +x̂_i in block y_i, −x̂_i in block c.
  const A = new Float64Array(na * D);
  active.forEach((q, a) => {
    const i = pairSample(hat, q);
    const y = hat.y[i]!;
    const c = pairClass(hat, q);
    for (let j = 0; j < d; j++) {
      const x = hat.X.data[i * d + j]!;
      A[a * D + y * d + j] = A[a * D + y * d + j]! + x;
      A[a * D + c * d + j] = A[a * D + c * d + j]! - x;
    }
  });
  const W = Float64Array.from(W0);
  if (!projectOntoFace(A, cq, active, W, na, D)) return null;
  const grad = new Float64Array(D);
  const H = new Float64Array(D * D);
  const half = (v: Float64Array): number => 0.5 * vectorNorm(v, p) ** 2;
  for (let it = 0; it < 200; it++) {
    halfSquaredNormDerivatives(W, p, grad, H);
    // [H  −Aᵀ; A  0] [ΔW; λ] = [−∇f; c_A − A W]
    const K = new Float64Array(n * n);
    const rhs = new Float64Array(n);
    for (let e = 0; e < D; e++) {
      for (let f = 0; f < D; f++) K[e * n + f] = H[e * D + f]!;
      for (let a = 0; a < na; a++) K[e * n + D + a] = -A[a * D + e]!;
      rhs[e] = -grad[e]!;
    }
    for (let a = 0; a < na; a++) {
      let aw = 0;
      for (let e = 0; e < D; e++) {
        K[(D + a) * n + e] = A[a * D + e]!;
        aw += A[a * D + e]! * W[e]!;
      }
      rhs[D + a] = cq[active[a]!]! - aw;
    }
    const z = solveDense(K, rhs, n);
    if (!z || !z.every(Number.isFinite)) return null;
    const lambda = z.slice(D);
    let dec = 0;
    for (let e = 0; e < D; e++) dec -= grad[e]! * z[e]!;
    // Damped: ½‖W‖_p² is flat along entries near 0 (curvature ∝ |w|^{p−2}), where full Newton
    // steps overshoot. Backtrack on f along the face; when no step decreases f beyond rounding,
    // W is the face's minimiser to working precision.
    const f0 = half(W);
    let accepted: Float64Array | null = null;
    for (let t = 1; t > 1e-12; t /= 2) {
      const next = W.map((v, e) => v + t * z[e]!);
      if (half(next) <= f0 - 0.25 * t * dec) {
        accepted = next;
        break;
      }
    }
    if (!accepted || !(dec > 1e-15 * f0)) return { W, lambda };
    W.set(accepted);
  }
  return null;
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

/** Gaussian elimination with partial pivoting on a dense n×n system (K and b are overwritten); null if singular. */
function solveDense(K: Float64Array, b: Float64Array, n: number): Float64Array | null {
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(K[r * n + col]!) > Math.abs(K[piv * n + col]!)) piv = r;
    if (!(Math.abs(K[piv * n + col]!) > 0)) return null;
    if (piv !== col) {
      for (let c = 0; c < n; c++) {
        const t = K[col * n + c]!;
        K[col * n + c] = K[piv * n + c]!;
        K[piv * n + c] = t;
      }
      const t = b[col]!;
      b[col] = b[piv]!;
      b[piv] = t;
    }
    const inv = 1 / K[col * n + col]!;
    for (let r = col + 1; r < n; r++) {
      const f = K[r * n + col]! * inv;
      if (f === 0) continue;
      for (let c = col; c < n; c++) K[r * n + c] = K[r * n + c]! - f * K[col * n + c]!;
      b[r] = b[r]! - f * b[col]!;
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let v = b[r]!;
    for (let c = r + 1; c < n; c++) v -= K[r * n + c]! * x[c]!;
    x[r] = v / K[r * n + r]!;
  }
  return x;
}
