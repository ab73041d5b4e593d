import type { Dataset } from '../data/dataset.js';
import { SolverError } from '../errors.js';
import { zeros, type Matrix } from '../linalg/matrix.js';
import { frobeniusNorm } from '../linalg/norms.js';
import { TimeBudget } from './budget.js';
import { certifyMargin } from './certificate.js';
import { kktPolish } from './kktPolish.js';
import { lpMargin } from './lpMargin.js';
import { combinePairs, numPairs, pairInner, pairMargins, pairSample } from './pairs.js';
import type { MarginResult } from './result.js';
import { ldexp, scaleData, type ScaledData } from './scaling.js';
import { MARGIN_TOLERANCE, separabilityTolerance } from './tolerance.js';
import { verdict } from './verdict.js';

export interface SvmOptions {
  /** Stop when every pair has ⟨a_p, Ŵ⟩ ≥ 1 − tolerance (default 1e-13). */
  tolerance?: number;
  /** Cap on active-set iterations (default 3·n(k−1) + 100); hitting it is a SolverError. */
  maxIterations?: number;
  /** Bound on the wall time (default MARGIN_TIME_LIMIT_SECONDS); hitting it is a SolverError. */
  timeLimitSeconds?: number;
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
 *
 * Scale-free (scaling.ts): on X̃ = 2^{−E}X the columns are rescaled to Ẽ_p = E_p·c_i =
 * (â_p, c_i) (a positive column scaling leaves Σ u_p E_p, hence Ŵ, unchanged, with
 * ũ_p = u_p / c_i), so H̃ = [⟨â_p, â_q⟩ + c_i c_j] has O(1) entries even for an entry of 1e308.
 * When the data are close to inseparable, Σ u_p â_p cancels and Ŵ loses digits; if the
 * certificate then does not close, Ŵ is polished on its active face (kktPolish.ts: the
 * augmented system, conditioned like the pair vectors, not like their Gram matrix).
 */
export function svmMargin(ds: Dataset, opts: SvmOptions = {}): MarginResult {
  const started = performance.now();
  const budget = new TimeBudget('γ_2 NNLS', opts.timeLimitSeconds);
  const sd = scaleData(ds);
  let sol = nnls(ds, sd, opts, budget);
  let solver = 'nnls-ldp/lawson-hanson';
  const D = ds.k * ds.X.cols;
  if (certifyMargin(ds, 2, sol.What, sol.pairs, sol.lambda).relGap > MARGIN_TOLERANCE && D + sol.pairs.length <= KKT_POLISH_MAX_SIZE) {
    const cq = Float64Array.from({ length: numPairs(ds) }, (_, q) => sd.c[pairSample(ds, q)]!);
    const kkt = kktPolish(sd.hat, cq, 2, sol.What.data, sol.pairs);
    if (kkt) {
      // For p = 2, ∇½‖W‖² = W: Ŵ(X̃) = Σ λ̂_q â_q = Σ (c_i λ̂_q) a_q(X̃).
      const lambda = Float64Array.from(kkt.lambda, (v, a) => v * cq[kkt.pairs[a]!]!);
      const What = { ...sol.What, data: kkt.W };
      sol = { ...sol, What, pairs: kkt.pairs, lambda, alpha: lambda.map((v) => ldexp(v, -2 * sd.E)) };
      solver += '+kkt';
    }
  }
  return verdict(
    ds,
    2,
    { W: sol.What, pairs: sol.pairs, lambda: sol.lambda, reportedDual: sol.alpha, solver, rounds: sol.iterations, workingSetSize: sol.pairs.length, started },
    (upper) => confirmByLp(ds, upper, separabilityTolerance(ds, 2, sol.pairs, sol.lambda), budget),
  );
}

/** Largest augmented system (kd + active pairs) the dense KKT polish is tried on. */
const KKT_POLISH_MAX_SIZE = 600;

interface NnlsSolution {
  /** Ŵ in X̃ units (the SVM solution of the rescaled data). */
  readonly What: Matrix;
  readonly pairs: number[];
  /** λ_p = u_p (certificate multipliers) and α_p = the SVM dual on the caller's scale. */
  readonly lambda: Float64Array;
  readonly alpha: Float64Array;
  readonly iterations: number;
}

function nnls(ds: Dataset, sd: ScaledData, opts: SvmOptions, budget: TimeBudget): NnlsSolution {
  const { hat, c, E } = sd;
  const cOf = (q: number): number => c[pairSample(ds, q)]!;
  const m = numPairs(ds);
  const tol = opts.tolerance ?? 1e-13;
  const maxIter = opts.maxIterations ?? 3 * m + 100;
  const st = new ActiveSet(hat, c);
  const Wu = zeros(ds.k, ds.X.cols);
  const margins = new Float64Array(m);
  const inP = new Uint8Array(m);
  const rejected = new Uint8Array(m);
  /** λ_p = ũ_p c_i = u_p: the multipliers of the certificate (ratios only), on X's scale. */
  const lambdaOf = (): Float64Array => Float64Array.from(st.P, (q, j) => st.u[j]! * cOf(q));
  let iterations = 0;
  for (;;) {
    if (++iterations > maxIter) throw new SolverError(`γ_2 NNLS: no convergence in ${maxIter} active-set iterations`);
    budget.check(`${iterations - 1} active-set iterations`);
    combinePairs(hat, st.P, st.u, Wu);
    let s = 0;
    for (let j = 0; j < st.P.length; j++) s += st.u[j]! * cOf(st.P[j]!);
    if (s > 0) {
      // Weak duality with λ = u: γ_2(X) ≤ 2^E ‖Σ ũ_p â_p‖_F / Σ ũ_p c_i. Data this close to
      // inseparable go to the max-norm LP for the verdict.
      const upper = ldexp(frobeniusNorm(Wu) / s, E);
      const sepTol = separabilityTolerance(ds, 2, st.P, lambdaOf());
      if (upper <= sepTol) confirmByLp(ds, upper, sepTol, budget);
    }
    pairMargins(hat, Wu, margins);
    // NNLS dual w̃_p = c_i(1 − s) − ⟨â_p, W_u⟩ = c_i(1 − s)(1 − ⟨a_p(X̃), Ŵ⟩): > 0 iff p is violated.
    let best = -1;
    let bestW = 0;
    for (let q = 0; q < m; q++) {
      if (inP[q] || rejected[q]) continue;
      const cq = cOf(q);
      const w = cq * (1 - s) - margins[q]!;
      if (w > tol * cq * Math.max(1 - s, 0) && w > bestW) {
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
  for (let j = 0; j < st.P.length; j++) s += st.u[j]! * cOf(st.P[j]!);
  combinePairs(hat, st.P, st.u, Wu);
  if (!(1 - s > 0)) throw new SolverError(`γ_2 NNLS: Σu = ${s} ≥ 1 at termination (degenerate data?)`);
  const lambda = lambdaOf();
  // The SVM dual on the caller's scale: Ŵ(X) = Σ α_p a_p(X) with α_p = 2^{−2E} u_p/(1 − s).
  const alpha = lambda.map((v) => ldexp(v / (1 - s), -2 * E));
  const What = { rows: Wu.rows, cols: Wu.cols, data: Wu.data.map((v) => v / (1 - s)) };
  return { What, pairs: [...st.P], lambda, alpha, iterations };
}

/**
 * The NNLS dual bounds γ_2 ≤ upper ≈ 0. Separability is the max-norm LP's to decide: it raises
 * NotSeparableError if it agrees; if it certifies γ_∞ > 0 the NNLS went wrong (SolverError).
 */
function confirmByLp(ds: Dataset, upper: number, sepTol: number, budget: TimeBudget): never {
  const lp = lpMargin(ds, Infinity, { timeLimitSeconds: budget.forNested('the NNLS, before the max-norm LP') });
  throw new SolverError(
    `γ_2 NNLS: its dual bounds γ_2 ≤ ${upper.toExponential(3)} (≤ tolerance ${sepTol.toExponential(1)}), ` +
      `but the max-norm LP certifies γ_∞ = ${lp.gamma.toExponential(6)} > 0; refusing both verdicts`,
  );
}

/** The passive set P of the NNLS with its Gram matrix H_P and Cholesky factor L (H_P = L Lᵀ). */
class ActiveSet {
  readonly P: number[] = [];
  u = new Float64Array(16);
  private cap = 16;
  private H = new Float64Array(16 * 16);
  private L = new Float64Array(16 * 16);

  constructor(
    private readonly ds: Dataset,
    private readonly c: Float64Array,
  ) {}

  /** H̃_pq = ⟨â_p, â_q⟩ + c_i c_j. */
  private gram(p: number, q: number): number {
    return pairInner(this.ds, p, q) + this.c[pairSample(this.ds, p)]! * this.c[pairSample(this.ds, q)]!;
  }

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
      const h = this.gram(this.P[j]!, q);
      this.H[np * cap + j] = h;
      this.H[j * cap + np] = h;
    }
    const hd = this.gram(q, q);
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

  /** z = H̃_P⁻¹ c_P (the scaled columns' last entries), with one step of iterative refinement. */
  solve(): Float64Array {
    const np = this.P.length;
    const rhs = Float64Array.from(this.P, (q) => this.c[pairSample(this.ds, q)]!);
    const z = this.cholSolve(rhs);
    const r = new Float64Array(np);
    const cap = this.cap;
    for (let i = 0; i < np; i++) {
      let v = rhs[i]!;
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
