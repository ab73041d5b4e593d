/**
 * Ravi et al. (2024), Assumption 4.1 / Eq. (8) and the App. H conjecture (THEOREMS.md §10
 * R-Ass 4.1): on the support S of the SVM there is W̃ with η·exp(−(w̃_{y_i} − w̃_j)ᵀx_i) = α_ij
 * for all (i, j) ∈ S, i.e. the linear system ⟨a_p, W̃⟩ = log(η/α_p), p ∈ S. The authors' App. H
 * checks the sufficient condition "the support-vector design has full rank (= #SV)" and
 * conjecture it holds for almost every separable dataset.
 */
import type { Dataset } from '../../data/dataset.js';
import { margin } from '../../margins/index.js';
import { numPairs, pairInner, pairMargins } from '../../margins/pairs.js';
import { choleskySolveInPlace } from '../../linalg/cholesky.js';

export interface Eq8Report {
  /** Pairs with ⟨a_p, Ŵ⟩ = 1 (active constraints of the SVM, to 1e-9). */
  readonly active: number;
  /** Pairs with α_p > 0 in the dual the solver returned. */
  readonly support: number;
  /** rank of the active-pair design {a_p}. */
  readonly rankActive: number;
  /** The App. H sufficient condition: rank = number of active pairs. */
  readonly sufficientCondition: boolean;
  /** Eq. (8) solvable for the returned α on its support (η = 1). */
  readonly solvableForAlpha: boolean;
  /** max relative residual of the Eq. (8) least-squares solve on the support. */
  readonly residual: number;
  /** Active pairs with α_p = 0 (strict complementarity fails there). */
  readonly weaklyActive: number;
  /**
   * θ = min over inactive pairs of ⟨a_p, Ŵ⟩ − 1 (∞ if every pair is active): the
   * support/non-support margin gap; non-support pairs perturb W_t − Ŵ log t like t^{−θ}
   * (THEOREMS.md §13.3, P8).
   */
  readonly theta: number;
}

/**
 * Assumption 4.1 certified: App. H's sufficient condition (the active pairs' design has full
 * rank, so the dual α is unique and Eq. (8) has a solution for any right-hand side) together
 * with strict complementarity (every active pair has α_p > 0, as Eq. (8) needs α_ij > 0 on S),
 * and an active set that is numerically unambiguous (θ ≥ 1e-6: no inactive pair within 1e-6
 * of the margin, where "active with α = 0" and "inactive" cannot be told apart).
 */
export function assumption41Certified(r: Eq8Report): boolean {
  return r.sufficientCondition && r.solvableForAlpha && r.weaklyActive === 0 && r.theta >= 1e-6;
}

/**
 * Pivoted Cholesky of the Gram matrix of `pairs`: the indices of a maximal linearly
 * independent subset, largest remaining diagonal first (tolerance 1e-10 of the largest).
 */
function independentSubset(ds: Dataset, pairs: readonly number[]): { idx: number[] } {
  const m = pairs.length;
  const G = pairs.map((p) => pairs.map((q) => pairInner(ds, p, q)));
  const d = G.map((r, i) => r[i]!);
  const tol = 1e-10 * Math.max(0, ...d);
  const L = G.map(() => new Array<number>(m).fill(0));
  const chosen: number[] = [];
  const isChosen = new Array<boolean>(m).fill(false);
  for (let k = 0; k < m; k++) {
    let j = -1;
    for (let i = 0; i < m; i++) if (!isChosen[i] && (j < 0 || d[i]! > d[j]!)) j = i;
    if (j < 0 || !(d[j]! > tol)) break;
    isChosen[j] = true;
    chosen.push(j);
    const ljk = Math.sqrt(d[j]!);
    L[j]![k] = ljk;
    for (let i = 0; i < m; i++) {
      if (isChosen[i]) continue;
      let v = G[i]![j]!;
      for (let t = 0; t < k; t++) v -= L[i]![t]! * L[j]![t]!;
      L[i]![k] = v / ljk;
      d[i] = d[i]! - L[i]![k]! * L[i]![k]!;
    }
  }
  return { idx: chosen };
}

/** Rank of {a_p : p ∈ pairs} (numerical, tolerance 1e-10 relative on the Gram diagonal). */
export function designRank(ds: Dataset, pairs: readonly number[]): number {
  return independentSubset(ds, pairs).idx.length;
}

/** Checks Eq. (8) and the App. H sufficient condition on a dataset (throws if not separable). */
export function eq8Check(ds: Dataset): Eq8Report {
  const r = margin(ds, 2);
  const What = { ...r.W, data: r.W.data.map((v) => v / r.gamma) };
  const m = pairMargins(ds, What);
  const active: number[] = [];
  let theta = Infinity;
  for (let p = 0; p < numPairs(ds); p++) {
    if (m[p]! <= 1 + 1e-9) active.push(p);
    else theta = Math.min(theta, m[p]! - 1);
  }
  const amax = Math.max(...r.dual.weights);
  const sup: number[] = [];
  const alpha: number[] = [];
  r.dual.pairs.forEach((p, t) => {
    if (r.dual.weights[t]! > 1e-12 * amax) {
      sup.push(p);
      alpha.push(r.dual.weights[t]!);
    }
  });
  const rankActive = designRank(ds, active);
  // Eq. (8) on the support: ⟨a_p, W̃⟩ = b_p = −log α_p (η = 1). Solve on an independent subset
  // I (G_II c = b_I, W̃ = Σ_I c_q a_q) and check the remaining rows.
  const { idx } = independentSubset(ds, sup);
  const I = idx.map((i) => sup[i]!);
  const b = alpha.map((a) => -Math.log(a));
  const bI = idx.map((i) => b[i]!);
  const G = Float64Array.from(I.flatMap((p) => I.map((q) => pairInner(ds, p, q))));
  const c = choleskySolveInPlace(G, bI, I.length) ?? new Float64Array(I.length).fill(NaN);
  let residual = 0;
  sup.forEach((p, i) => {
    let v = 0;
    I.forEach((q, j) => (v += c[j]! * pairInner(ds, p, q)));
    residual = Math.max(residual, Math.abs(v - b[i]!) / (1 + Math.abs(b[i]!)));
  });
  return {
    active: active.length,
    support: sup.length,
    rankActive,
    sufficientCondition: rankActive === active.length,
    solvableForAlpha: residual <= 1e-8,
    residual,
    weaklyActive: active.filter((p) => !sup.includes(p)).length,
    theta,
  };
}
