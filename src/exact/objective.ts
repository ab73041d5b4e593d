import type { Dataset } from '../data/dataset.js';
import { ArgumentError } from '../errors.js';
import type { Matrix } from '../linalg/matrix.js';
import type { LossName } from '../losses/permLoss.js';
import { dec, exp, Exact, ln, log1p, logSumExp, ONE, sum, ZERO, type Dec } from './decimal.js';
import { matrixExact } from './norms.js';

/**
 * High-precision mirrors of src/losses (objective, cross-entropy, exponential, PairLogLoss):
 * L, G, ∇L and the softmax at exact float inputs. Every per-sample quantity is written through
 * u_c = e^{v_c − v_y} (c ≠ y), never as 1 − s_y or lse(v) − v_y, so nothing cancels at
 * L = e^{−4000} (1 + u would round to 1 even at 60 digits).
 */

/** Logits v_i = W x_i of every sample (n×k, row-major), from exact W entries. */
export function logitsExact(ds: Dataset, W: readonly Dec[]): Dec[] {
  const { X, k } = ds;
  const d = X.cols;
  if (W.length !== k * d) throw new ArgumentError(`W has ${W.length} entries; k·d = ${k * d}`);
  const x = Array.from(X.data, dec);
  const out: Dec[] = [];
  for (let i = 0; i < X.rows; i++) {
    for (let c = 0; c < k; c++) {
      let s = ZERO;
      for (let j = 0; j < d; j++) s = s.plus(W[c * d + j]!.times(x[i * d + j]!));
      out.push(s);
    }
  }
  return out;
}

/** softmax(v). */
export function softmaxExact(v: readonly Dec[]): Dec[] {
  const lse = logSumExp(v);
  return v.map((x) => exp(x.minus(lse)));
}

/** One sample: ℓ, the weights a_c (c ≠ y; a_y unused) and G_i = Σ_{c≠y} a_c. */
export interface ExactSample {
  readonly loss: Dec;
  readonly a: readonly Dec[];
  readonly proxy: Dec;
}

export function sampleExact(loss: LossName, v: readonly Dec[], y: number): ExactSample {
  const vy = v[y]!;
  const u = v.map((vc, c) => (c === y ? ZERO : exp(vc.minus(vy))));
  const U = sum(u);
  switch (loss) {
    case 'ce': {
      // ℓ = log(1 + U), s_c = u_c/(1 + U), 1 − s_y = U/(1 + U)
      const a = u.map((uc) => uc.div(ONE.plus(U)));
      return { loss: log1p(U), a, proxy: U.div(ONE.plus(U)) };
    }
    case 'exp':
      return { loss: U, a: u, proxy: U };
    case 'pll': {
      // ℓ = Σ log(1 + u_c), a_c = σ(v_c − v_y) = u_c/(1 + u_c)
      const a = u.map((uc, c) => (c === y ? ZERO : uc.div(ONE.plus(uc))));
      return { loss: sum(u.map((uc, c) => (c === y ? ZERO : log1p(uc)))), a, proxy: sum(a) };
    }
    case 'poly':
      throw new ArgumentError('no exact evaluator for the polynomial-tail loss');
  }
}

/**
 * log a_c (c ≠ y; entry y is −Infinity) in the log domain: log of sampleExact's weights without
 * forming a_c first (ln e^{x} loses x below 1e−60 at 60 digits; a relative margin of 1e−321 is a
 * generated input).
 */
export function logSampleWeightsExact(loss: LossName, v: readonly Dec[], y: number): Dec[] {
  const vy = v[y]!;
  const r = v.map((vc) => vc.minus(vy));
  const none = new Exact(-Infinity);
  switch (loss) {
    case 'ce': {
      const l = log1p(sum(r.map((x, c) => (c === y ? ZERO : exp(x)))));
      return r.map((x, c) => (c === y ? none : x.minus(l)));
    }
    case 'exp':
      return r.map((x, c) => (c === y ? none : x));
    case 'pll':
      return r.map((x, c) => (c === y ? none : x.minus(log1p(exp(x)))));
    case 'poly':
      throw new ArgumentError('no exact evaluator for the polynomial-tail loss');
  }
}

/** L, G, ∇L (k×d, row-major) and log L, log G at exact W. */
export interface ExactEvaluation {
  readonly loss: Dec;
  readonly proxy: Dec;
  readonly logLoss: Dec;
  readonly logProxy: Dec;
  readonly gradient: readonly Dec[];
  /** Per sample, as sampleExact returns it. */
  readonly samples: readonly ExactSample[];
}

export function evaluateExact(ds: Dataset, W: Matrix | readonly Dec[], loss: LossName = 'ce'): ExactEvaluation {
  const w = 'data' in W ? matrixExact(W) : W;
  const { X, y, k } = ds;
  const n = X.rows;
  const d = X.cols;
  const v = logitsExact(ds, w);
  const samples = Array.from({ length: n }, (_, i) => sampleExact(loss, v.slice(i * k, (i + 1) * k), y[i]!));
  const L = sum(samples.map((s) => s.loss)).div(n);
  const G = sum(samples.map((s) => s.proxy)).div(n);
  // ∇L = (1/n) Σ_i A_i x_iᵀ, A_ic = a_ic (c ≠ y_i), A_iy = −G_i
  const grad: Dec[] = Array.from({ length: k * d }, () => ZERO);
  for (let i = 0; i < n; i++) {
    const s = samples[i]!;
    for (let c = 0; c < k; c++) {
      const A = c === y[i] ? s.proxy.neg() : s.a[c]!;
      if (A.isZero()) continue;
      for (let j = 0; j < d; j++) grad[c * d + j] = grad[c * d + j]!.plus(A.times(dec(X.data[i * d + j]!)));
    }
  }
  return { loss: L, proxy: G, logLoss: ln(L), logProxy: ln(G), gradient: grad.map((g) => g.div(n)), samples };
}

/** The pair margins m_ic = (e_{y_i} − e_c)ᵀ W x_i, c ≠ y_i (n×(k−1), as src/margins/pairs.ts orders them). */
export function pairMarginsExact(ds: Dataset, W: readonly Dec[]): Dec[] {
  const v = logitsExact(ds, W);
  const { k, y } = ds;
  const out: Dec[] = [];
  for (let i = 0; i < ds.X.rows; i++) for (let c = 0; c < k; c++) if (c !== y[i]) out.push(v[i * k + y[i]!]!.minus(v[i * k + c]!));
  return out;
}

/** min_{i, c≠y_i} m_ic. */
export const minMarginExact = (ds: Dataset, W: readonly Dec[]): Dec => Exact.min(...pairMarginsExact(ds, W));

/**
 * vᵀ(diag s − ssᵀ)v = Σ_j s_j(δ_j − δ̄)², δ_j = v_j − v_r (r = argmax s), δ̄ = Σ_j s_j δ_j:
 * non-negative terms, no cancellation when s is nearly one-hot.
 */
export function softmaxQuadraticExact(s: readonly Dec[], v: readonly Dec[]): Dec {
  let r = 0;
  for (let j = 1; j < s.length; j++) if (s[j]!.gt(s[r]!)) r = j;
  const delta = v.map((vj) => vj.minus(v[r]!));
  const dbar = sum(s.map((sj, j) => sj.times(delta[j]!)));
  return sum(s.map((sj, j) => sj.times(delta[j]!.minus(dbar).pow(2))));
}

/** uᵀ∇²_v ℓ(v, y)u of one sample (CE: the softmax form; exp: Σ_{c≠y} u_c δ_c²; PLL: Σ_{c≠y} σ′(v_c − v_y) δ_c², δ_c = u_c − u_y). */
export function sampleHessianFormExact(loss: LossName, v: readonly Dec[], y: number, u: readonly Dec[]): Dec {
  if (loss === 'ce') return softmaxQuadraticExact(softmaxExact(v), u);
  if (loss === 'poly') throw new ArgumentError('no exact evaluator for the polynomial-tail loss');
  let acc = ZERO;
  for (let c = 0; c < v.length; c++) {
    if (c === y) continue;
    const e = exp(v[c]!.minus(v[y]!));
    const w = loss === 'exp' ? e : e.div(ONE.plus(e).pow(2));
    acc = acc.plus(w.times(u[c]!.minus(u[y]!).pow(2)));
  }
  return acc;
}

/** The per-class proxies of Sec. 6: G_c = (1/n) Σ_{i: y_i = c} G_i, Q_c = (1/n) Σ_{i: y_i ≠ c} a_ic. */
export function perClassProxiesExact(ds: Dataset, ev: ExactEvaluation): { G: Dec[]; Q: Dec[] } {
  const { k, y } = ds;
  const n = ds.X.rows;
  const G: Dec[] = Array.from({ length: k }, () => ZERO);
  const Q: Dec[] = Array.from({ length: k }, () => ZERO);
  ev.samples.forEach((s, i) => {
    for (let c = 0; c < k; c++) {
      if (c === y[i]) G[c] = G[c]!.plus(s.proxy);
      else Q[c] = Q[c]!.plus(s.a[c]!);
    }
  });
  return { G: G.map((g) => g.div(n)), Q: Q.map((q) => q.div(n)) };
}
