import type { Dataset } from '../data/dataset.js';
import { ArgumentError, NotSeparableError, SolverError } from '../errors.js';
import { zeros, type Matrix } from '../linalg/matrix.js';
import { entrywiseNorm } from '../linalg/norms.js';
import { choleskySolveInPlace } from '../linalg/cholesky.js';
import { certifyMargin } from './certificate.js';
import { normalised } from './lpMargin.js';
import { numPairs, pairClass, pairInner, pairMargins, pairSample } from './pairs.js';
import type { MarginResult } from './result.js';
import { separabilityTolerance } from './tolerance.js';

/**
 * γ_p for a finite entrywise p > 2 (App. E, general p): γ_p = 1/min{‖W‖_p : ⟨a_q, W⟩ ≥ 1 ∀q},
 * by a log-barrier method on ½‖W‖_p² (convex and twice differentiable for p ≥ 2 away from 0)
 * with damped Newton steps. The barrier multipliers λ_q = μ/(⟨a_q, W⟩ − 1) certify the result
 * like the LP and SVM margins (weak duality, certificate.ts). Dense steps in kd variables: for
 * the property suites' small problems.
 */
export function pNormMargin(ds: Dataset, p: number, o: { tolerance?: number; polish?: boolean } = {}): MarginResult {
  if (!(p > 2) || !Number.isFinite(p)) throw new ArgumentError(`pNormMargin handles finite p > 2, got ${p}`);
  const started = performance.now();
  const { k } = ds;
  const d = ds.X.cols;
  const D = k * d;
  const m = numPairs(ds);
  const is = Int32Array.from({ length: m }, (_, q) => pairSample(ds, q));
  const ys = Int32Array.from(is, (i) => ds.y[i]!);
  const cs = Int32Array.from({ length: m }, (_, q) => pairClass(ds, q));
  const X = ds.X.data;
  let W = startingPoint(ds);
  let s = pairMargins(ds, W);
  const minS = Math.min(...s);
  W = { ...W, data: W.data.map((v) => (2 * v) / minS) };
  const barrier = (V: Matrix, mu: number): number => {
    const sv = pairMargins(ds, V);
    let f = 0.5 * entrywiseNorm(V, p) ** 2;
    for (let q = 0; q < m; q++) {
      if (!(sv[q]! > 1)) return Infinity;
      f -= mu * Math.log(sv[q]! - 1);
    }
    return f;
  };
  let mu = 0.1 * (0.5 * entrywiseNorm(W, p) ** 2) / m;
  let iters = 0;
  const grad = new Float64Array(D);
  const H = new Float64Array(D * D);
  const tol = o.tolerance ?? 1e-12;
  for (let outer = 0; outer < 80; outer++) {
    for (let newton = 0; newton < 200; newton++) {
      iters++;
      s = pairMargins(ds, W);
      const N = entrywiseNorm(W, p);
      const u = W.data.map((w) => Math.sign(w) * Math.pow(Math.abs(w), p - 1));
      const c1 = Math.pow(N, 2 - p);
      const c2 = (2 - p) * Math.pow(N, 2 - 2 * p);
      H.fill(0);
      for (let e = 0; e < D; e++) {
        grad[e] = c1 * u[e]!;
        H[e * D + e] = (p - 1) * c1 * Math.pow(Math.abs(W.data[e]!), p - 2);
        for (let f = 0; f < D; f++) H[e * D + f] += c2 * u[e]! * u[f]!;
      }
      for (let q = 0; q < m; q++) {
        const slack = s[q]! - 1;
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
      if (!step) throw new SolverError(`γ_${p}: Newton system not positive definite`);
      let dec = 0;
      for (let e = 0; e < D; e++) dec += grad[e]! * step[e]!;
      if (!(dec > 1e-15 * N * N)) break;
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
    if (m * mu < tol * 0.5 * entrywiseNorm(W, p) ** 2) break;
    mu /= 8;
  }
  s = pairMargins(ds, W);
  // Polish the multipliers: on the active pairs solve ∇(½‖W‖_p²) = Σ λ_q a_q in least squares
  // (the KKT stationarity), keep λ ≥ 0. Any λ ≥ 0 gives a valid upper bound; this one is tight.
  const active: number[] = [];
  for (let q = 0; q < m; q++) if (s[q]! <= 1 + 1e-7) active.push(q);
  const N = entrywiseNorm(W, p);
  const gW = W.data.map((w) => Math.pow(N, 2 - p) * Math.sign(w) * Math.pow(Math.abs(w), p - 1));
  const na = active.length;
  const G = new Float64Array(na * na);
  const rhs = new Float64Array(na);
  active.forEach((q, a) => {
    active.forEach((r, b) => (G[a * na + b] = pairInner(ds, q, r)));
    const i = is[q]!;
    let v = 0;
    for (let j = 0; j < d; j++) v += (gW[ys[q]! * d + j]! - gW[cs[q]! * d + j]!) * X[i * d + j]!;
    rhs[a] = v;
  });
  let gmax = 0;
  for (let a = 0; a < na; a++) gmax = Math.max(gmax, G[a * na + a]!);
  for (let a = 0; a < na; a++) G[a * na + a] = G[a * na + a]! + 1e-13 * gmax;
  const la = o.polish === false ? null : choleskySolveInPlace(G, rhs, na);
  const pairs = Int32Array.from(la ? active : Array.from({ length: m }, (_, q) => q));
  const lambda = la ? Float64Array.from(la, (v) => Math.max(0, v)) : Float64Array.from(s, (v) => mu / (v - 1));
  const Wn = normalised(W, p);
  const certificate = certifyMargin(ds, p, Wn, pairs, lambda);
  const sepTol = separabilityTolerance(ds, p);
  if (certificate.upper <= sepTol) throw new NotSeparableError(`data are not linearly separable: γ_${p} ≤ ${certificate.upper}`, certificate.upper);
  return {
    p,
    gamma: certificate.lower,
    W: Wn,
    status: 'optimal',
    solver: 'log-barrier-newton',
    rounds: iters,
    workingSetSize: m,
    certificate,
    dual: { pairs, weights: lambda },
    seconds: (performance.now() - started) / 1000,
  };
}

/** A separating W by the multiclass perceptron (bounded passes). */
function startingPoint(ds: Dataset): Matrix {
  const { k } = ds;
  const d = ds.X.cols;
  const W = zeros(k, d);
  for (let pass = 0; pass < 10000; pass++) {
    let mistakes = 0;
    for (let i = 0; i < ds.X.rows; i++) {
      const y = ds.y[i]!;
      for (let c = 0; c < k; c++) {
        if (c === y) continue;
        let mgn = 0;
        for (let j = 0; j < d; j++) mgn += (W.data[y * d + j]! - W.data[c * d + j]!) * ds.X.data[i * d + j]!;
        if (mgn <= 1e-9) {
          mistakes++;
          for (let j = 0; j < d; j++) {
            W.data[y * d + j] += ds.X.data[i * d + j]!;
            W.data[c * d + j] -= ds.X.data[i * d + j]!;
          }
        }
      }
    }
    if (mistakes === 0) return W;
  }
  throw new NotSeparableError('data are not linearly separable (the perceptron did not converge in 10⁴ passes)', 0);
}
