import type { Dataset } from '../data/dataset.js';
import { ArgumentError, SolverError } from '../errors.js';
import { zeros, type Matrix } from '../linalg/matrix.js';
import { TimeBudget } from './budget.js';
import { certifyMargin } from './certificate.js';
import { GLP, solveLp, type LP, type LpSolution } from './glpk.js';
import { refineVertex } from './lpVertex.js';
import { combinePairs, numPairs, pairClass, pairMargins, pairSample } from './pairs.js';
import type { MarginResult } from './result.js';
import { scaleData, type ScaledData } from './scaling.js';
import { MARGIN_TOLERANCE } from './tolerance.js';
import { gammaName, verdict } from './verdict.js';
import { pickViolated, WorkingSet } from './workingSet.js';

export interface LpMarginOptions {
  /** 'constraint-generation' (default) or 'full' (every pair at once; for cross-checks). */
  method?: 'constraint-generation' | 'full';
  /** Most-violated pairs added per working-set round (default 100; tuned in bench/). */
  addPerRound?: number;
  /** Cap on working-set rounds (default 1000); hitting it is a SolverError. */
  maxRounds?: number;
  /**
   * Add the worst violated pair of each class pair (y_i, c), then of each sample, before the
   * rest (default true; workingSet.ts).
   */
  diverse?: boolean;
  /** Drop slack, zero-dual pairs from the working set between rounds (default true). */
  purge?: boolean;
  /** Rounds in a row a pair must be slack with a zero dual before it is dropped (default 2). */
  purgeAfter?: number;
  /**
   * Bound on the wall time of the whole solve, all rounds (default
   * MARGIN_TIME_LIMIT_SECONDS); each GLPK call gets what is left. Hitting it is a SolverError.
   */
  timeLimitSeconds?: number;
  /** Initial working set: one worst pair per sample, or the globally smallest pairs (default). */
  initial?: 'per-sample' | 'global';
}

/**
 * γ_p for p = ∞ (max-norm) or p = 1 (sum-norm) as an LP (D-γ):
 *   max t  s.t.  ⟨a_q, W⟩ − t ≥ 0 for every pair,  ‖W‖_p ≤ 1,
 * with −1 ≤ W ≤ 1 for p = ∞, and W = P − N, P, N ≥ 0, Σ(P + N) ≤ 1 for p = 1.
 * Solved scale-free (scaling.ts): row q of the LP is ⟨â_q, W⟩ − c_i·t ≥ 0, all O(1) numbers,
 * and γ comes back through the certificate on the caller's data (verdict.ts).
 * Constraint generation solves the LP on a working set, adds the most violated pairs and
 * re-solves until no pair is violated: the restricted LP is a relaxation, so a solution that
 * satisfies every pair is optimal for the full LP. On top of it, columns at a bound with a
 * reduced cost that keeps them there are held out of the LP (reviewColumns), and for p = ∞ the
 * LP is posed in W − W_prev so GLPK starts at the previous round's point (shiftAt): glpk.js
 * re-solves every round from scratch, and both cut its simplex iterations (bench/).
 */
export function lpMargin(ds: Dataset, p: 1 | typeof Infinity, opts: LpMarginOptions = {}): MarginResult {
  if (p !== 1 && p !== Infinity) throw new ArgumentError(`lpMargin handles p = 1 or ∞, got ${p}`);
  const started = performance.now();
  const sd = scaleData(ds);
  const { hat, c } = sd;
  const m = numPairs(ds);
  const method = opts.method ?? 'constraint-generation';
  const addPerRound = opts.addPerRound ?? 100;
  const working = new WorkingSet(ds, method === 'full' ? range(m) : initialWorkingSet(sd, opts.initial ?? 'global', addPerRound));
  const purge = opts.purge ?? true;
  const purgeAfter = opts.purgeAfter ?? 2;
  const diverse = opts.diverse ?? true;
  const maxRounds = opts.maxRounds ?? 1000;
  const what = `${gammaName(p)} LP`;
  const budget = new TimeBudget(what, opts.timeLimitSeconds);
  const margins = new Float64Array(m);
  /** The pair margins in X̃ units, m̂_q / c_i: the order in which violated pairs are added. */
  const score = new Float64Array(m);
  const k1 = ds.k - 1;
  const cOf = (q: number): number => c[pairSample(ds, q)]!;
  const restrict = method !== 'full';
  /** Columns in the LP (null: all); the others are held at the previous round's W. */
  let free: Uint8Array | null = null;
  let shift: Shift | null = null;
  for (let round = 1; round <= maxRounds; round++) {
    const pairs = working.pairs();
    const lp = buildLp(sd, p, pairs, shift, free);
    const sol = solveLp(lp, what, budget.forNested(`${round - 1} working-set rounds`));
    const W = readW(ds, p, sol.vars, shift);
    const t = sol.vars.t!;
    // m̂_q = ⟨â_q, W⟩; pair q is violated when m̂_q < c_i·t, relative to t (scale-free).
    pairMargins(hat, W, margins);
    const slackTol = 1e-12 * Math.abs(t);
    const violated: number[] = [];
    for (let i = 0, q = 0; i < ds.X.rows; i++) {
      const bound = c[i]! * (t - slackTol);
      for (let s = 0; s < k1; s++, q++) if (margins[q]! < bound && !working.has(q)) violated.push(q);
    }
    const mu = pairs.map((q) => Math.abs(sol.dual[`p${q}`] ?? 0));
    const columns: { free: Uint8Array | null; wrong: number } = restrict ? reviewColumns(hat, p, W, pairs, mu, Math.abs(sol.dual.norm ?? 0), free) : { free: null, wrong: 0 };
    if (violated.length === 0 && columns.wrong === 0) {
      // GLPK's multipliers μ_q are for the rows ⟨â_q, W⟩ − c_i t ≥ 0 = c_i(⟨a_q(X̃), W⟩ − t):
      // λ_q = c_i μ_q on the pairs' own rows (Σλ_q = 1, the t column's dual equation).
      const lambdaOf = (s: LpSolution) => pairs.map((q) => cOf(q) * Math.abs(s.dual[`p${q}`] ?? 0));
      let W0 = W;
      let lambda = lambdaOf(sol);
      let solver = `glpk-simplex/${method}`;
      // Near-degenerate data: GLPK's tolerances can leave the certificate a hair open; its
      // vertex recomputed in our arithmetic (lpVertex.ts) is kept if it certifies tighter.
      const gap = certifyMargin(ds, p, W0, pairs, lambda).relGap;
      if (!(gap <= MARGIN_TOLERANCE)) {
        const refined = refineVertex(lp, sol);
        if (refined) {
          const W1 = readW(ds, p, refined.vars, shift);
          const l1 = lambdaOf(refined);
          if (certifyMargin(ds, p, W1, pairs, l1).relGap < gap) {
            W0 = W1;
            lambda = l1;
            solver += '+vertex';
          }
        }
      }
      return verdict(ds, p, {
        W: W0,
        pairs,
        lambda,
        solver,
        rounds: round,
        workingSetSize: pairs.length,
        started,
      });
    }
    free = columns.free;
    if (restrict && p === Infinity) shift = shiftAt(W, free);
    if (purge && round < maxRounds / 2) {
      // A slack pair with zero dual can leave: the current solution stays optimal without it.
      for (const q of pairs) working.recordSlack(q, (sol.dual[`p${q}`] ?? 0) === 0 && margins[q]! > cOf(q) * (t + slackTol), purgeAfter);
    }
    for (const q of violated) score[q] = margins[q]! / cOf(q);
    for (const q of pickViolated(ds, violated, score, addPerRound, diverse)) working.add(q);
  }
  throw new SolverError(`${what}: no convergence in ${maxRounds} working-set rounds`);
}

function range(m: number): number[] {
  return Array.from({ length: m }, (_, i) => i);
}

/**
 * One pair per sample: the class the centroid classifier ranks closest to y_i, i.e. the pair
 * most likely to be active.
 */
function initialWorkingSet(sd: ScaledData, how: 'per-sample' | 'global', size: number): number[] {
  const ds = sd.hat;
  const { k } = ds;
  const d = ds.X.cols;
  const centroids = zeros(k, d);
  const counts = new Float64Array(k);
  for (let i = 0; i < ds.X.rows; i++) {
    counts[ds.y[i]!]!++;
    for (let j = 0; j < d; j++) centroids.data[ds.y[i]! * d + j] += ds.X.data[i * d + j]!;
  }
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) centroids.data[c * d + j] /= Math.max(1, counts[c]!);
  // Margins in X̃ units: m̂_q / c_i.
  const margins = pairMargins(ds, centroids).map((v, q) => v / sd.c[pairSample(ds, q)]!);
  if (how === 'global') {
    const order = range(margins.length).sort((a, b) => margins[a]! - margins[b]!);
    return order.slice(0, Math.max(size, ds.k));
  }
  const out: number[] = [];
  for (let i = 0; i < ds.X.rows; i++) {
    let best = i * (k - 1);
    for (let s = 1; s < k - 1; s++) if (margins[i * (k - 1) + s]! < margins[best]!) best = i * (k - 1) + s;
    out.push(best);
  }
  return out;
}

/** The LP in shifted variables W = W0 + Δ: the previous round's point is the simplex's start. */
interface Shift {
  readonly W: Matrix;
}

/**
 * W0 for the next round of the max-norm LP: held columns exactly at their bound ±1, the others
 * clipped to [−1, 1]. GLPK starts a double-bounded column at the bound of smaller magnitude,
 * i.e. at Δ = 0 for a held column and at the bound nearest W0 for the others: a warm start
 * through the formulation (glpk.js has no basis input).
 */
function shiftAt(W: Matrix, free: Uint8Array | null): Shift {
  const data = W.data.map((v, e) => (free && !free[e] ? Math.sign(v) : Math.min(1, Math.max(-1, v))));
  return { W: { ...W, data } };
}

/**
 * Column generation on top of the row generation: after a round, the columns at a bound (p = ∞:
 * w = ±1; p = 1: w = 0) whose reduced cost says they stay there are held out of the next LP.
 * With g = Σ_q μ_q â_q (μ the row duals) and ν the norm row's dual (p = 1), a held column is
 * dual feasible iff sign(w_j)·g_j ≥ 0 (p = ∞) or |g_j| ≤ ν (p = 1); one that is not ("wrong") is
 * put back. The LP solution with every pair satisfied and no wrong column is optimal for the full
 * LP (primal and dual feasible). The free set only grows after the first round, so the rounds end.
 */
function reviewColumns(
  hat: Dataset,
  p: number,
  W: Matrix,
  pairs: readonly number[],
  mu: readonly number[],
  nu: number,
  free: Uint8Array | null,
): { free: Uint8Array; wrong: number } {
  const g = combinePairs(hat, pairs, mu, zeros(W.rows, W.cols)).data;
  let gmax = 0;
  for (const v of g) gmax = Math.max(gmax, Math.abs(v));
  const tol = 1e-12 * gmax;
  const out = new Uint8Array(g.length);
  let wrong = 0;
  for (let e = 0; e < g.length; e++) {
    const w = W.data[e]!;
    const atBound = p === Infinity ? Math.abs(w) === 1 : w === 0;
    const dualFeasible = p === Infinity ? w * g[e]! >= -tol : Math.abs(g[e]!) <= nu + tol;
    if (free === null) {
      // After the full first round: keep the columns off their bounds (and for p = 1 the ties
      // |g_j| = ν, which could enter at no cost).
      const tie = p === 1 && Math.abs(g[e]!) >= nu - 1e-9 * gmax;
      out[e] = !atBound || tie ? 1 : 0;
    } else if (free[e]) {
      out[e] = 1;
    } else if (!dualFeasible) {
      out[e] = 1;
      wrong++;
    }
  }
  return { free: out, wrong };
}

function buildLp(sd: ScaledData, p: number, pairs: readonly number[], shift: Shift | null, free: Uint8Array | null): LP {
  const ds = sd.hat;
  const { k } = ds;
  const d = ds.X.cols;
  const bounds: NonNullable<LP['bounds']> = [{ name: 't', type: GLP.FR, lb: 0, ub: 0 }];
  const l1 = p === 1;
  const inLp = (c: number, j: number): boolean => free === null || free[c * d + j] === 1;
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) {
      if (!inLp(c, j)) continue;
      if (l1) {
        bounds.push({ name: `P${c}_${j}`, type: GLP.LO, lb: 0, ub: 0 });
        bounds.push({ name: `N${c}_${j}`, type: GLP.LO, lb: 0, ub: 0 });
      } else {
        const s0 = shift ? shift.W.data[c * d + j]! : 0;
        bounds.push({ name: `w${c}_${j}`, type: GLP.DB, lb: -1 - s0, ub: 1 - s0 });
      }
    }
  }
  const subjectTo: LP['subjectTo'] = pairs.map((q) => {
    const i = pairSample(ds, q);
    const y = ds.y[i]!;
    const c = pairClass(ds, q);
    const vars: { name: string; coef: number }[] = [{ name: 't', coef: -sd.c[i]! }];
    // m̂_q(W0) = ⟨â_q, W0⟩, for the shifted bound below.
    let m0 = 0;
    for (let j = 0; j < d; j++) {
      const x = ds.X.data[i * d + j]!;
      if (x === 0) continue;
      if (shift) m0 += x * (shift.W.data[y * d + j]! - shift.W.data[c * d + j]!);
      if (l1) {
        if (inLp(y, j)) vars.push({ name: `P${y}_${j}`, coef: x }, { name: `N${y}_${j}`, coef: -x });
        if (inLp(c, j)) vars.push({ name: `P${c}_${j}`, coef: -x }, { name: `N${c}_${j}`, coef: x });
      } else {
        if (inLp(y, j)) vars.push({ name: `w${y}_${j}`, coef: x });
        if (inLp(c, j)) vars.push({ name: `w${c}_${j}`, coef: -x });
      }
    }
    // Held columns (p = ∞) sit at W0 and enter through the shifted bound −m̂_q(W0).
    return { name: `p${q}`, vars, bnds: { type: GLP.LO, lb: shift ? -m0 : 0, ub: 0 } };
  });
  if (l1) {
    const vars: { name: string; coef: number }[] = [];
    for (let c = 0; c < k; c++) {
      for (let j = 0; j < d; j++) if (inLp(c, j)) vars.push({ name: `P${c}_${j}`, coef: 1 }, { name: `N${c}_${j}`, coef: 1 });
    }
    subjectTo.push({ name: 'norm', vars, bnds: { type: GLP.UP, lb: 0, ub: 1 } });
  }
  return {
    name: l1 ? 'gamma_1' : 'gamma_max',
    objective: { direction: GLP.MAX, name: 't', vars: [{ name: 't', coef: 1 }] },
    subjectTo,
    bounds,
  };
}

function readW(ds: Dataset, p: number, vars: Record<string, number>, shift: Shift | null): Matrix {
  const d = ds.X.cols;
  const W = zeros(ds.k, d);
  for (let c = 0; c < ds.k; c++) {
    for (let j = 0; j < d; j++) {
      W.data[c * d + j] = p === 1 ? (vars[`P${c}_${j}`] ?? 0) - (vars[`N${c}_${j}`] ?? 0) : (vars[`w${c}_${j}`] ?? 0) + (shift ? shift.W.data[c * d + j]! : 0);
    }
  }
  return W;
}
