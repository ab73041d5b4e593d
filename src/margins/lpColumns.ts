import type { Dataset } from '../data/dataset.js';
import { zeros, type Matrix } from '../linalg/matrix.js';
import { combinePairs } from './pairs.js';

/** Rounds in a row a column of the LP must sit at its bound, dual feasible, before it is held out again. */
export const HOLD_AFTER = 3;

/**
 * Column generation on top of the row generation of lpMargin.ts: the columns of W at a bound
 * (p = ∞: w = ±1; p = 1: w = 0) whose reduced cost keeps them there are held out of the LP.
 * With g = Σ_q μ_q â_q (μ the row duals) and ν the norm row's dual (p = 1), a held column is
 * dual feasible iff sign(w_j)·g_j ≥ 0 (p = ∞) or |g_j| ≤ ν (p = 1); one that is not ("wrong") is
 * put back. The LP solution with every pair satisfied and no wrong column is optimal for the
 * full LP (primal and dual feasible).
 *
 * After the first round (all columns) every column at its bound is held (for p = 1 not the ties
 * |g_j| = ν, which could enter at no cost). After that a column in the LP is held again once it
 * has sat at its bound, not a tie (nor g_j = 0 for p = ∞: held and freed in turn, such columns
 * made the rounds cycle), for HOLD_AFTER rounds in a row: the early rounds, on few
 * rows, put back many columns that the optimum leaves at 0 (p = 1), and a GLPK solve costs in
 * proportion to the LP's columns too. The caller stops holding (`mayHold` false) after half its
 * round budget, so the free set then only grows and the rounds end.
 */
export class LpColumns {
  /** Columns in the LP (null: all, the first round); the others are held at the previous W. */
  free: Uint8Array | null = null;
  private readonly atBoundRounds: Uint8Array;

  constructor(
    private readonly p: number,
    size: number,
  ) {
    this.atBoundRounds = new Uint8Array(size);
  }

  /** Reviews the columns after a round with solution W and duals (μ on `pairs`, ν); returns the wrong count. */
  review(hat: Dataset, W: Matrix, pairs: readonly number[], mu: readonly number[], nu: number, mayHold: boolean): number {
    const p = this.p;
    const g = combinePairs(hat, pairs, mu, zeros(W.rows, W.cols)).data;
    let gmax = 0;
    for (const v of g) gmax = Math.max(gmax, Math.abs(v));
    const tol = 1e-12 * gmax;
    const free = this.free;
    const age = this.atBoundRounds;
    const out = new Uint8Array(g.length);
    let wrong = 0;
    for (let e = 0; e < g.length; e++) {
      const w = W.data[e]!;
      const atBound = p === Infinity ? Math.abs(w) === 1 : w === 0;
      // |g_j| = ν (p = 1) or g_j = 0 (p = ∞): the column could leave its bound at no cost.
      const tie = p === 1 ? Math.abs(g[e]!) >= nu - 1e-9 * gmax : Math.abs(g[e]!) <= 1e-9 * gmax;
      if (free === null) {
        out[e] = !atBound || (p === 1 && tie) ? 1 : 0;
      } else if (free[e]) {
        age[e] = atBound && !tie ? Math.min(255, age[e]! + 1) : 0;
        const hold = mayHold && age[e]! >= HOLD_AFTER;
        if (hold) age[e] = 0;
        out[e] = hold ? 0 : 1;
      } else {
        const dualFeasible = p === Infinity ? w * g[e]! >= -tol : Math.abs(g[e]!) <= nu + tol;
        if (!dualFeasible) {
          out[e] = 1;
          wrong++;
        }
      }
    }
    this.free = out;
    return wrong;
  }
}

/** The LP in shifted variables W = W0 + Δ: the previous round's point is the simplex's start. */
export interface Shift {
  readonly W: Matrix;
}

/**
 * W0 for the next round of the max-norm LP: held columns exactly at their bound ±1, the others
 * clipped to [−1, 1]. GLPK starts a double-bounded column at the bound of smaller magnitude,
 * i.e. at Δ = 0 for a held column and at the bound nearest W0 for the others: a warm start
 * through the formulation (glpk.js has no basis input).
 */
export function shiftAt(W: Matrix, free: Uint8Array | null): Shift {
  const data = W.data.map((v, e) => (free && !free[e] ? Math.sign(v) : Math.min(1, Math.max(-1, v))));
  return { W: { ...W, data } };
}
