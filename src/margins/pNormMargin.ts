import type { Dataset } from '../data/dataset.js';
import { ArgumentError, SolverError } from '../errors.js';
import type { Matrix } from '../linalg/matrix.js';
import { entrywiseNorm, halfSquaredNormDerivatives } from '../linalg/norms.js';
import { kktPolish } from './kktPolish.js';
import { choleskySolveInPlace } from '../linalg/cholesky.js';
import { TimeBudget } from './budget.js';
import { lpMargin } from './lpMargin.js';
import { numPairs, pairClass, pairInner, pairMargins, pairSample } from './pairs.js';
import type { MarginResult } from './result.js';
import { ldexp, scaleData } from './scaling.js';
import { gammaName, verdict } from './verdict.js';

export interface PNormOptions {
  /** Stop the barrier when its duality gap m·μ is below this fraction of ½‖W‖_p² (default 1e-12). */
  tolerance?: number;
  /** Polish the multipliers on the active pairs (default true). */
  polish?: boolean;
  /** Cap on barrier rounds (μ decreases) (default 80); hitting it is a SolverError. */
  maxRounds?: number;
  /** Cap on Newton steps per barrier round (default 200). */
  maxNewtonSteps?: number;
  /** The certified max-norm result for these data, if the caller has it (else it is solved). */
  start?: MarginResult;
  /** Bound on the wall time, the LP start included (default MARGIN_TIME_LIMIT_SECONDS). */
  timeLimitSeconds?: number;
}

/**
 * γ_p for a finite entrywise p > 2 (App. E, general p): γ_p = 1/min{‖W‖_p : ⟨a_q, W⟩ ≥ 1 ∀q},
 * by a log-barrier method on ½‖W‖_p² (convex and twice differentiable for p ≥ 2 away from 0)
 * with damped Newton steps. The barrier multipliers λ_q = μ/(⟨a_q, W⟩ − 1) certify the result
 * like the LP and SVM margins (weak duality, certificate.ts). Dense steps in kd variables: for
 * the property suites' small problems.
 *
 * The barrier needs a strictly feasible start, and it takes it from the certified max-norm LP:
 * its maximiser W*_∞ has every margin ≥ γ_∞ > 0 (and the LP is what decides separability:
 * NotSeparableError comes from it). Scale-free (scaling.ts): the constraints are
 * ⟨â_q, W⟩ ≥ c_i on the rescaled rows, the barrier −μ Σ log(⟨â_q, W⟩ − c_i) differs from the
 * one on X̃ by a constant.
 */
export function pNormMargin(ds: Dataset, p: number, o: PNormOptions = {}): MarginResult {
  if (!(p > 2) || !Number.isFinite(p)) throw new ArgumentError(`pNormMargin handles finite p > 2, got ${p}`);
  const started = performance.now();
  const budget = new TimeBudget(gammaName(p), o.timeLimitSeconds);
  const lp = o.start ?? lpMargin(ds, Infinity, { timeLimitSeconds: budget.forNested('nothing (before the max-norm LP start)') });
  if (lp.p !== Infinity) throw new ArgumentError(`pNormMargin: the start must be the max-norm result, got p = ${lp.p}`);
  const { hat, c, E } = scaleData(ds);
  const what = gammaName(p);
  const { k } = ds;
  const d = ds.X.cols;
  const D = k * d;
  const m = numPairs(ds);
  const is = Int32Array.from({ length: m }, (_, q) => pairSample(ds, q));
  const ys = Int32Array.from(is, (i) => ds.y[i]!);
  const cs = Int32Array.from({ length: m }, (_, q) => pairClass(ds, q));
  const X = hat.X.data;
  const cq = Float64Array.from(is, (i) => c[i]!);
  // Margins in X̃ units are m̂_q / c_i; W*_∞ / (½ min of them) has all of them ≥ 2.
  let s = pairMargins(hat, lp.W);
  let minS = Infinity;
  for (let q = 0; q < m; q++) minS = Math.min(minS, s[q]! / cq[q]!);
  if (!(minS > 0)) throw new SolverError(`${what}: the max-norm maximiser does not separate the rescaled data (min margin ${minS})`);
  let W: Matrix = { ...lp.W, data: lp.W.data.map((v) => (2 * v) / minS) };
  const barrier = (V: Matrix, mu: number): number => {
    const sv = pairMargins(hat, V);
    let f = 0.5 * entrywiseNorm(V, p) ** 2;
    for (let q = 0; q < m; q++) {
      const slack = sv[q]! - cq[q]!;
      if (!(slack > 0)) return Infinity;
      f -= mu * Math.log(slack);
    }
    return f;
  };
  let mu = 0.1 * (0.5 * entrywiseNorm(W, p) ** 2) / m;
  let iters = 0;
  const grad = new Float64Array(D);
  const H = new Float64Array(D * D);
  const tol = o.tolerance ?? 1e-12;
  const maxRounds = o.maxRounds ?? 80;
  const maxNewton = o.maxNewtonSteps ?? 200;
  let converged = false;
  for (let outer = 0; outer < maxRounds && !converged; outer++) {
    for (let newton = 0; newton < maxNewton; newton++) {
      iters++;
      budget.check(`${iters - 1} Newton steps`);
      s = pairMargins(hat, W);
      const N = entrywiseNorm(W, p);
      halfSquaredNormDerivatives(W.data, p, grad, H);
      let logSum = 0;
      for (let q = 0; q < m; q++) {
        const slack = s[q]! - cq[q]!;
        logSum += Math.abs(Math.log(slack));
        const g = -mu / slack;
        const h = mu / (slack * slack);
        const i = is[q]!;
        const yo = ys[q]! * d;
        const co = cs[q]! * d;
        for (let j = 0; j < d; j++) {
          const x = X[i * d + j]!;
          grad[yo + j] += g * x;
          grad[co + j] -= g * x;
          const hx = h * x;
          if (hx === 0) continue;
          for (let l = 0; l < d; l++) {
            const v = hx * X[i * d + l]!;
            H[(yo + j) * D + yo + l] += v;
            H[(co + j) * D + co + l] += v;
            H[(yo + j) * D + co + l] -= v;
            H[(co + j) * D + yo + l] -= v;
          }
        }
      }
      // Entries at 0 have no curvature in ‖W‖_p² for p > 2: a ridge far below the curvature
      // changes the Newton path, not its fixed point (the zero of the gradient).
      let hmax = 0;
      for (let e = 0; e < D; e++) hmax = Math.max(hmax, H[e * D + e]!);
      for (let e = 0; e < D; e++) H[e * D + e] = H[e * D + e]! + 1e-12 * hmax;
      const step = choleskySolveInPlace(H, grad, D);
      if (!step) throw new SolverError(`${what}: Newton system not positive definite`);
      let dec = 0;
      for (let e = 0; e < D; e++) dec += grad[e]! * step[e]!;
      // Converged to working precision: the predicted decrease dec/2 is at the rounding level
      // of the barrier value itself (beyond it the line search only accepts noise).
      if (!(dec > 1e-13 * (0.5 * N * N + mu * logSum))) break;
      const f0 = barrier(W, mu);
      let t = 1;
      let accepted: Matrix | null = null;
      for (let bt = 0; bt < 80; bt++, t /= 2) {
        const next = { ...W, data: W.data.map((v, e) => v - t * step[e]!) };
        if (barrier(next, mu) <= f0 - 0.25 * t * dec) {
          accepted = next;
          break;
        }
      }
      if (!accepted) break;
      W = accepted;
    }
    // The barrier's duality gap is m·μ on ½‖W‖_p².
    if (m * mu < tol * 0.5 * entrywiseNorm(W, p) ** 2) converged = true;
    else mu /= 8;
  }
  if (!converged) throw new SolverError(`${what}: the barrier did not reach duality gap ${tol} in ${maxRounds} rounds`);
  s = pairMargins(hat, W);
  const near: number[] = [];
  for (let q = 0; q < m; q++) if (s[q]! - cq[q]! <= 1e-7 * cq[q]!) near.push(q);
  // The multipliers: the KKT point of the active face (kktPolish.ts), or if that does not
  // settle, least squares for ∇(½‖W‖_p²) = Σ λ̂_q â_q on the near-active pairs, λ̂ ≥ 0 kept;
  // unpolished, λ_q = μ/(s_q − 1) = μ c_i/ŝ_q. Any λ ≥ 0 gives a valid upper bound.
  // ∇½‖W‖² = Σ λ̂_q â_q = Σ λ_q a_q(X̃) with λ_q = c_i λ̂_q.
  let pairs: Int32Array;
  let lambda: Float64Array;
  let polishedBy = 'unpolished';
  const kkt = o.polish === false ? null : kktPolish(hat, cq, p, W.data, near);
  if (kkt) {
    W = { ...W, data: kkt.W };
    pairs = Int32Array.from(kkt.pairs);
    lambda = Float64Array.from(kkt.lambda, (v, a) => v * cq[kkt.pairs[a]!]!);
    polishedBy = 'kkt';
  } else {
    const la = o.polish === false ? null : leastSquaresMultipliers(hat, p, W, near);
    pairs = Int32Array.from(la ? near : Array.from({ length: m }, (_, q) => q));
    lambda = la ? Float64Array.from(la, (v, a) => Math.max(0, v) * cq[near[a]!]!) : Float64Array.from(s, (v, q) => (mu * cq[q]!) / (v - cq[q]!));
    if (la) polishedBy = 'least-squares';
  }
  return verdict(
    ds,
    p,
    {
      W,
      pairs,
      lambda,
      // On the caller's scale: ∇½‖Ŵ(X)‖_p² = Σ λ_q a_q(X) with λ_q = 2^{−2E} λ̃_q.
      reportedDual: lambda.map((v) => ldexp(v, -2 * E)),
      solver: `log-barrier-newton/${polishedBy}`,
      rounds: iters,
      workingSetSize: m,
      started,
    },
    (upper) => {
      throw new SolverError(`${what}: certificate bounds γ ≤ ${upper.toExponential(3)} ≈ 0, but the max-norm LP certified γ_∞ = ${lp.gamma} > 0`);
    },
  );
}

/** λ̂ minimising ‖Σ_{q∈A} λ̂_q â_q − ∇½‖W‖_p²‖ (normal equations, tiny ridge); null if singular. */
function leastSquaresMultipliers(hat: Dataset, p: number, W: Matrix, active: readonly number[]): Float64Array | null {
  const d = hat.X.cols;
  const gW = new Float64Array(W.data.length);
  halfSquaredNormDerivatives(W.data, p, gW, null);
  const na = active.length;
  const G = new Float64Array(na * na);
  const rhs = new Float64Array(na);
  active.forEach((q, a) => {
    active.forEach((r, b) => (G[a * na + b] = pairInner(hat, q, r)));
    const i = pairSample(hat, q);
    const y = hat.y[i]!;
    const c = pairClass(hat, q);
    let v = 0;
    for (let j = 0; j < d; j++) v += (gW[y * d + j]! - gW[c * d + j]!) * hat.X.data[i * d + j]!;
    rhs[a] = v;
  });
  let gmax = 0;
  for (let a = 0; a < na; a++) gmax = Math.max(gmax, G[a * na + a]!);
  for (let a = 0; a < na; a++) G[a * na + a] = G[a * na + a]! + 1e-13 * gmax;
  return choleskySolveInPlace(G, rhs, na);
}
