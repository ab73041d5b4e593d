/**
 * Fan, Schmidt, Thrampoulidis (2025), Appendix A: cross-entropy and softmax facts
 * (THEOREMS.md §2).
 */
import { axpy, type Matrix } from '../../linalg/matrix.js';
import { crossEntropy } from '../../losses/crossEntropy.js';
import type { PermLoss } from '../../losses/permLoss.js';
import { logSumExp, LogSumAccumulator } from '../../numerics/logspace.js';
import { pairMargins } from '../../margins/pairs.js';
import { equal, leq, logLeq } from '../outcome.js';
import { objectiveOf, pairInput, simplexInput, taylorRemainder, type PairInput, type SimplexInput } from '../inputs.js';
import type { Assumption, CheckOutcome, Claim, ExactSides } from '../types.js';
import { dec, exp, Exact, ln, maxOf, sum, ZERO, type Dec } from '../../exact/decimal.js';
import { evaluateExact, pairMarginsExact, softmaxExact, softmaxQuadraticExact } from '../../exact/objective.js';
import { matrixExact } from '../../exact/norms.js';

const onSimplex: Assumption<SimplexInput> = {
  id: 'simplex',
  statement: 's ∈ Δ^{k−1} (non-negative, sums to 1)',
  holds: (x) => x.mass === 1,
};

/**
 * ⟨A, −∇L(W)⟩ and the sums of (11)/(12), all scaled by e^{−T}, T = max_i log G_i (so nothing
 * underflows at L = e^{−4000}). Returns the scaled inner product, the scaled (11) sum, the
 * scaled (12) lower bound and a magnitude floor for the identity's tolerance.
 *
 * The floor is the scale of the rounding of both sides, Σ_i Σ_{c≠y_i} w_ic Σ_j |x_ij|(|A_{y_i j}|
 * + |A_cj|): each side is a sum of the terms w_ic A_{·j} x_ij (the gradient's entries sum them over
 * i and c before the pairing with A; m_ic sums them over j), so its float64 error is a few ulps
 * of that sum of magnitudes, not of Σ w_ic |m_ic|, which cancellation inside m_ic = (A_{y_i} −
 * A_c)·x_i can make 10⁴ times smaller (seed 60: the binary-mirror edge case, where Σ w|m| =
 * 8.5e-4 while the terms sum to 11.1 in magnitude; the two sides differ by 2.6e-14 = 2.3e-15 of
 * the latter, i.e. rounding, and failed a tolerance of 1e-11 of the former).
 */
function gradientPairing(x: PairInput, A: Matrix, loss: PermLoss, aggregate: 'min' | 'max'): { lhs: number; rhs11: number; rhs12: number; floor: number; rel: number } {
  const { problem, W } = x;
  const obj = objectiveOf(problem, loss);
  const ev = obj.evaluate(W);
  const logA = obj.logWeights(W);
  const { k } = problem;
  const n = problem.n;
  const y = problem.dataset.y;
  const X = problem.dataset.X;
  const d = X.cols;
  let T = -Infinity;
  for (let i = 0; i < n; i++) T = Math.max(T, logA[i * k + y[i]!]!);
  const m = pairMargins(problem.dataset, A);
  let rhs11 = 0;
  let rhs12 = 0;
  let floor = 0;
  for (let i = 0; i < n; i++) {
    let minM = Infinity;
    for (let c = 0, slot = 0; c < k; c++) {
      if (c === y[i]) continue;
      const mic = m[i * (k - 1) + slot++]!;
      const w = Math.exp(logA[i * k + c]! - T);
      rhs11 += w * mic;
      let terms = 0;
      for (let j = 0; j < d; j++) terms += Math.abs(X.data[i * d + j]!) * (Math.abs(A.data[y[i]! * d + j]!) + Math.abs(A.data[c * d + j]!));
      floor += w * terms;
      if (aggregate === 'min' ? mic < minM : minM === Infinity || mic > minM) minM = mic;
    }
    rhs12 += Math.exp(logA[i * k + y[i]!]! - T) * minM;
  }
  // ⟨A, −∇L⟩·n·e^{−T} from the exact per-entry gradient.
  let lhs = 0;
  const shift = Math.log(n) - T;
  for (let e = 0; e < A.data.length; e++) {
    if (ev.gradient.sign[e] === 0) continue;
    lhs -= ev.gradient.sign[e]! * Math.exp(ev.gradient.logAbs[e]! + shift) * A.data[e]!;
  }
  return { lhs, rhs11, rhs12, floor, rel: logDomainRel(x, n, k, d) };
}

/**
 * The relative rounding error of either side of (11)/(12), as a fraction of the floor, when the
 * weights come from logs: a logit v_ic = Σ_j W_cj x_ij is computed with absolute error ≤ d·ε·Λ,
 * Λ = max_{i,c} Σ_j |W_cj x_ij|, and the log-sum-exp over k classes adds ≤ (k + 2)·ε·Λ, so each
 * weight e^{v_ic − lse_i} — and each gradient entry's e^{log|g|}, built from them — carries a
 * relative error ≤ 2(d + k + 2)·ε·Λ (an error δ in a log is a relative error δ in its value: the
 * log domain keeps every entry's sign and magnitude, but the relative accuracy of a value e^L
 * is |L|·ε, not ε). The sums over n samples and k·d entries add (n + k·d)·ε. Both sides carry
 * it (×2), and the exp/log of the WebAssembly kernel are within 2 ulp (×2). Seed 401 of the
 * registry (edge data one-per-class, W at scale 801, logits ~10⁴): the float64 sides differed
 * by 1.4e-11 of the floor while they agree to 60 digits in exact arithmetic.
 */
function logDomainRel(x: PairInput, n: number, k: number, d: number): number {
  const X = x.problem.dataset.X.data;
  const W = x.W.data;
  let lambda = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += Math.abs(W[c * d + j]! * X[i * d + j]!);
      if (s > lambda) lambda = s;
    }
  }
  return 4 * (2 * (d + k + 2) * Math.max(1, lambda) + n + k * d) * Number.EPSILON;
}

/** gradientPairing in high precision on the same float inputs (same scaling by n·e^{−T}). */
function gradientPairingExact(x: PairInput, A: Matrix, loss: PermLoss, aggregate: 'min' | 'max'): { lhs: Dec; rhs11: Dec; rhs12: Dec; floor: Dec } {
  const ds = x.problem.dataset;
  const ev = evaluateExact(ds, x.W, loss.name);
  const { k, y, X } = ds;
  const n = X.rows;
  const d = X.cols;
  const eT = exp(maxOf(ev.samples.map((s) => ln(s.proxy))).neg());
  const a = matrixExact(A);
  const m = pairMarginsExact(ds, a);
  let rhs11 = ZERO;
  let rhs12 = ZERO;
  let floor = ZERO;
  for (let i = 0; i < n; i++) {
    let agg: Dec | undefined;
    for (let c = 0, slot = 0; c < k; c++) {
      if (c === y[i]) continue;
      const mic = m[i * (k - 1) + slot++]!;
      const w = ev.samples[i]!.a[c]!.times(eT);
      rhs11 = rhs11.plus(w.times(mic));
      let terms = ZERO;
      for (let j = 0; j < d; j++) terms = terms.plus(dec(Math.abs(X.data[i * d + j]!)).times(a[y[i]! * d + j]!.abs().plus(a[c * d + j]!.abs())));
      floor = floor.plus(w.times(terms));
      if (agg === undefined || (aggregate === 'min' ? mic.lt(agg) : mic.gt(agg))) agg = mic;
    }
    rhs12 = rhs12.plus(ev.samples[i]!.proxy.times(eT).times(agg ?? ZERO));
  }
  const lhs = sum(ev.gradient.map((g, e) => g.times(a[e]!))).neg().times(n).times(eT);
  return { lhs, rhs11, rhs12, floor };
}

export interface A1Params {
  /** The cross-entropy evaluator (a planted fault swaps in a broken gradient). */
  readonly loss: PermLoss;
  /** The aggregate over c in (12): min in the paper (a fault uses max). */
  readonly aggregate: 'min' | 'max';
  /**
   * The identity's relative tolerance (default: 1e-11, or the log-domain rounding bound of
   * `logDomainRel` where that is larger). A test plants a tolerance defect (0): the
   * float64 sides then differ by rounding, which certification must label 'rounding'.
   */
  readonly rel: number;
}

export function lemmaA1Identity(p: Partial<A1Params> = {}): Claim<PairInput> {
  const loss = p.loss ?? crossEntropy;
  return {
    id: 'fan2025/lemma-A.1-11',
    paper: 'fan2025',
    ref: 'Lemma A.1, Eq. (11)',
    title: 'Gradient identity',
    statement: '⟨A, −∇L(W)⟩ = (1/n) Σ_i Σ_{c≠y_i} s_ic (e_{y_i} − e_c)ᵀ A x_i for every A ∈ R^{k×d}',
    assumptions: [],
    inputs: () => pairInput(),
    check(x) {
      const r = gradientPairing(x, x.delta, loss, 'min');
      return equal(r.lhs, r.rhs11, undefined, p.rel ?? Math.max(1e-11, r.rel), r.floor);
    },
    exact(x) {
      const r = gradientPairingExact(x, x.delta, loss, 'min');
      return [{ lhs: r.lhs, rhs: r.rhs11, relation: 'eq', scale: r.floor }];
    },
    runs: 400,
    confidence: 'high',
    kind: 'exact-inequality',
    tight: false,
  };
}

export function lemmaA1Lower(p: Partial<A1Params> = {}): Claim<PairInput> {
  const loss = p.loss ?? crossEntropy;
  const aggregate = p.aggregate ?? 'min';
  return {
    id: 'fan2025/lemma-A.1-12',
    paper: 'fan2025',
    ref: 'Lemma A.1, Eq. (12)',
    title: 'Gradient pairing lower bound',
    statement: '⟨A, −∇L(W)⟩ ≥ (1/n) Σ_i (1 − s_{i y_i}) min_{c≠y_i} (e_{y_i} − e_c)ᵀ A x_i',
    assumptions: [],
    inputs: () => pairInput(),
    check(x) {
      const r = gradientPairing(x, x.delta, loss, aggregate);
      return leq(r.rhs12, r.lhs, undefined, 0, Math.max(1e-11, r.rel) * r.floor);
    },
    exact(x) {
      const r = gradientPairingExact(x, x.delta, loss, aggregate);
      return [{ lhs: r.rhs12, rhs: r.lhs, relation: 'leq', scale: r.floor }];
    },
    runs: 400,
    confidence: 'high',
    kind: 'exact-inequality',
    tight: false,
  };
}

export interface A2HessianParams {
  readonly loss: PermLoss;
}

/**
 * A.2 (13): vec(Δ)ᵀ∇²L(W)vec(Δ) = (1/n) Σ_i x_iᵀΔᵀ(diag s_i − s_i s_iᵀ)Δx_i, checked against
 * the second difference (L(W+hΔ) − 2L(W) + L(W−hΔ))/h², h = 1e-3: relative 1e-4 (the
 * difference's O(h²) error) with an absolute floor 1e-7·L (its rounding), THEOREMS.md A.2.
 */
export function lemmaA2Hessian(p: Partial<A2HessianParams> = {}): Claim<PairInput> {
  const loss = p.loss ?? crossEntropy;
  return {
    id: 'fan2025/lemma-A.2-13',
    paper: 'fan2025',
    ref: 'Lemma A.2, Eq. (13)',
    title: 'Hessian quadratic form',
    statement: 'vec(Δ)ᵀ∇²L(W)vec(Δ) = (1/n) Σ_i x_iᵀΔᵀ(diag(s_i) − s_i s_iᵀ)Δx_i',
    assumptions: [],
    inputs: () => pairInput({ regimes: ['small', 'aligned', 'misclassifying'] }),
    check(x) {
      const obj = objectiveOf(x.problem, loss);
      const nrm = Math.sqrt(x.delta.data.reduce((a, v) => a + v * v, 0));
      const D = { ...x.delta, data: x.delta.data.map((v) => v / nrm) };
      const h = 1e-3;
      // Both sides divided by L(W) (computed from log-differences), so the comparison is the
      // same at every scale of L, including where L itself is subnormal or underflows.
      const logL0 = obj.logLossAndProxy(x.W).logLoss;
      const rp = Math.exp(obj.logLossAndProxy(axpy(x.W, h, D)).logLoss - logL0);
      const rm = Math.exp(obj.logLossAndProxy(axpy(x.W, -h, D)).logLoss - logL0);
      const fd = (rp - 2 + rm) / (h * h);
      const an = Math.exp(obj.logHessianForm(x.W, D) - logL0);
      return equal(an, fd, undefined, 1e-4, 1e-3);
    },
    runs: 250,
    confidence: 'high',
    kind: 'exact-inequality',
    tight: false,
  };
}

export interface A2Params {
  /** Points on the ζ grid (default 201). */
  readonly grid: number;
  readonly loss: PermLoss;
}

/**
 * A.2 (14): the Lagrange remainder R = L(W+Δ) − L(W) − ⟨∇L(W), Δ⟩ lies between ½min_ζ Q(ζ)
 * and ½max_ζ Q(ζ), Q(ζ) = vec(Δ)ᵀ∇²L(W+ζΔ)vec(Δ). The grid extremes are widened by the
 * largest change of ½Q between neighbouring grid points (Q is continuous), plus 1e-9·L.
 */
export function lemmaA2Remainder(p: Partial<A2Params> = {}): Claim<PairInput> {
  const grid = p.grid ?? 201;
  const loss = p.loss ?? crossEntropy;
  return {
    id: 'fan2025/lemma-A.2-14',
    paper: 'fan2025',
    ref: 'Lemma A.2, Eq. (14)',
    title: 'Taylor expansion with Lagrange remainder',
    statement: 'L(W+Δ) = L(W) + ⟨∇L(W), Δ⟩ + ½ vec(Δ)ᵀ∇²L(W+ζΔ)vec(Δ) for some ζ ∈ [0, 1]',
    assumptions: [],
    inputs: () => pairInput({ regimes: ['small', 'aligned', 'misclassifying'] }),
    check(x) {
      const obj = objectiveOf(x.problem, loss);
      const { R, L0, L1 } = taylorRemainder(obj, x);
      let lo = Infinity;
      let hi = -Infinity;
      let step = 0;
      let prev = NaN;
      for (let g = 0; g < grid; g++) {
        const zeta = g / (grid - 1);
        const q = 0.5 * Math.exp(obj.logHessianForm(axpy(x.W, zeta, x.delta), x.delta));
        lo = Math.min(lo, q);
        hi = Math.max(hi, q);
        if (g > 0) step = Math.max(step, Math.abs(q - prev));
        prev = q;
      }
      const slack = step + 1e-9 * Math.max(L0, L1);
      return [leq(R, hi + slack, 'R ≤ ½ max Q'), leq(lo - slack, R, 'R ≥ ½ min Q')];
    },
    runs: 150,
    confidence: 'high',
    kind: 'exact-inequality',
    tight: false,
  };
}

/** log s_j and log(1 − s_j) for s = softmax(z), exact (no 1 − s). */
export function simplexLogs(z: Float64Array): { logS: Float64Array; log1mS: Float64Array } {
  const k = z.length;
  const lse = logSumExp(z);
  const logS = Float64Array.from(z, (v) => v - lse);
  const log1mS = new Float64Array(k);
  for (let j = 0; j < k; j++) log1mS[j] = logSumExp(z, 0, k, j) - lse;
  return { logS, log1mS };
}

/** log of vᵀ(diag s − ssᵀ)v at s = softmax(z), via the CE Hessian form (label-independent). */
export function logSoftmaxQuadratic(z: Float64Array, v: Float64Array): number {
  const k = z.length;
  const r = z.indexOf(Math.max(...z));
  const logA = new Float64Array(k);
  crossEntropy.sample(z, 0, k, r, logA);
  return crossEntropy.logHessianForm(z, 0, k, r, logA, v);
}

/** 1 − s_c of a softmax vector, as Σ_{j≠c} s_j (no cancellation when s_c → 1). */
export const oneMinus = (s: readonly Dec[], c: number): Dec => sum(s.filter((_, j) => j !== c));

export interface Lemma42Params {
  /** The constant (4 in the paper; tight). */
  readonly constant: number;
}

export function lemma42(p: Partial<Lemma42Params> = {}): Claim<SimplexInput> {
  const C = p.constant ?? 4;
  return {
    id: 'fan2025/lemma-4.2',
    paper: 'fan2025',
    ref: 'Lemma 4.2 = A.3',
    title: 'Softmax quadratic form bound',
    statement: `vᵀ(diag(s) − ssᵀ)v ≤ ${C}‖v‖_∞²(1 − s_c) for every s ∈ Δ^{k−1}, c ∈ [k], v ∈ R^k`,
    assumptions: [onSimplex],
    inputs: (relax) => simplexInput(relax?.has('simplex') ?? false),
    check({ z, v, c, mass }) {
      const vmax = Math.max(...Array.from(v, Math.abs));
      if (mass === 1) {
        const { log1mS } = simplexLogs(z);
        return logLeq(logSoftmaxQuadratic(z, v), Math.log(C) + 2 * Math.log(vmax) + log1mS[c]!);
      }
      // Off the simplex (assumption probe): plain arithmetic on s' = mass·s.
      const { logS } = simplexLogs(z);
      const s = Array.from(logS, (l) => mass * Math.exp(l));
      const sv = s.reduce((a, sj, j) => a + sj * v[j]!, 0);
      const lhs = s.reduce((a, sj, j) => a + sj * v[j]! * v[j]!, 0) - sv * sv;
      return leq(lhs, C * vmax * vmax * (1 - s[c]!));
    },
    exact({ z, v, c, mass }) {
      const s = softmaxExact(Array.from(z, dec));
      const vs = Array.from(v, dec);
      const vmax = maxOf(vs.map((x) => x.abs()));
      if (mass === 1) {
        return [{ lhs: ln(softmaxQuadraticExact(s, vs)), rhs: ln(new Exact(C)).plus(ln(vmax).times(2)).plus(ln(oneMinus(s, c))), relation: 'leq', log: true }];
      }
      const sm = s.map((x) => x.times(dec(mass)));
      const sv = sum(sm.map((x, j) => x.times(vs[j]!)));
      const lhs = sum(sm.map((x, j) => x.times(vs[j]!).times(vs[j]!))).minus(sv.times(sv));
      return [{ lhs, rhs: dec(C).times(vmax).times(vmax).times(new Exact(1).minus(sm[c]!)), relation: 'leq' }];
    },
    runs: 1000,
    confidence: 'high',
    kind: 'exact-inequality',
    tight: true,
  };
}

export interface LemmaA4Params {
  readonly constant: number;
}

export function lemmaA4(p: Partial<LemmaA4Params> = {}): Claim<SimplexInput> {
  const C = p.constant ?? 2;
  return {
    id: 'fan2025/lemma-A.4',
    paper: 'fan2025',
    ref: 'Lemma A.4',
    title: 'Softmax variance bound',
    statement: `Σ_j s_j(1 − s_j) ≤ ${C}(1 − s_c) for every s ∈ Δ^{k−1} and c ∈ [k]`,
    assumptions: [onSimplex],
    inputs: (relax) => simplexInput(relax?.has('simplex') ?? false),
    check({ z, c, mass }) {
      const { logS, log1mS } = simplexLogs(z);
      if (mass === 1) {
        const acc = new LogSumAccumulator();
        for (let j = 0; j < z.length; j++) acc.add(logS[j]! + log1mS[j]!);
        return logLeq(acc.value(), Math.log(C) + log1mS[c]!);
      }
      const s = Array.from(logS, (l) => mass * Math.exp(l));
      return leq(s.reduce((a, sj) => a + sj * (1 - sj), 0), C * (1 - s[c]!));
    },
    exact({ z, c, mass }) {
      const s = softmaxExact(Array.from(z, dec));
      if (mass === 1) {
        return [{ lhs: ln(sum(s.map((sj, j) => sj.times(oneMinus(s, j))))), rhs: ln(new Exact(C)).plus(ln(oneMinus(s, c))), relation: 'leq', log: true }];
      }
      const sm = s.map((x) => x.times(dec(mass)));
      const one = new Exact(1);
      return [{ lhs: sum(sm.map((x) => x.times(one.minus(x)))), rhs: dec(C).times(one.minus(sm[c]!)), relation: 'leq' }];
    },
    runs: 1000,
    confidence: 'high',
    kind: 'exact-inequality',
    tight: true,
  };
}

/** The tight witness of Lemma 4.2 / A.4: s = (1 − ε, ε), v = (1, −1), c = 0 (ratio → 1). */
export function lemma42Witness(eps: number): SimplexInput {
  return { z: Float64Array.from([0, Math.log(eps) - Math.log1p(-eps)]), v: Float64Array.from([1, -1]), c: 0, mass: 1 };
}

export const appendixA = (): Claim<unknown>[] =>
  [lemmaA1Identity(), lemmaA1Lower(), lemmaA2Hessian(), lemmaA2Remainder(), lemma42(), lemmaA4()];

export type { CheckOutcome };
