import { ArgumentError } from '../errors.js';
import type { Matrix } from './matrix.js';

/**
 * Entrywise matrix p-norms (THEOREMS.md D-norms): ‖W‖_p = (Σ_{c,j} |W_cj|^p)^{1/p};
 * p = Infinity is the max-norm ‖W‖_max, p = 1 the sum-norm (its dual).
 * Not the induced operator norms (pitfall P7).
 */
export type NormP = number;

export function checkP(p: NormP): void {
  if (!(p >= 1)) throw new ArgumentError(`norm exponent p must be in [1, ∞], got ${p}`);
}

/** Dual exponent q with 1/p + 1/q = 1. */
export function dualExponent(p: NormP): NormP {
  checkP(p);
  if (p === 1) return Infinity;
  if (p === Infinity) return 1;
  return p / (p - 1);
}

/** ‖v‖_p of a flat array, computed without overflow for large p (scaled by the max entry). */
export function vectorNorm(v: ArrayLike<number>, p: NormP): number {
  checkP(p);
  let mx = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]!);
    if (a > mx || Number.isNaN(a)) mx = a;
  }
  if (Number.isNaN(mx)) return NaN;
  if (p === Infinity || mx === 0 || mx === Infinity) return mx;
  if (p === 1) {
    let s = 0;
    for (let i = 0; i < v.length; i++) s += Math.abs(v[i]!);
    return s;
  }
  if (p === 2) {
    let s = 0;
    for (let i = 0; i < v.length; i++) {
      const r = v[i]! / mx;
      s += r * r;
    }
    return mx * Math.sqrt(s);
  }
  let s = 0;
  for (let i = 0; i < v.length; i++) s += Math.pow(Math.abs(v[i]!) / mx, p);
  return mx * Math.pow(s, 1 / p);
}

/** Entrywise ‖W‖_p. */
export function entrywiseNorm(w: Matrix, p: NormP): number {
  return vectorNorm(w.data, p);
}

/**
 * W/‖W‖_p with the entrywise p-norm of W (any p ∈ [1, ∞]), so the result has ‖·‖_p = 1 up to
 * rounding. A zero W is returned unchanged (it has no direction).
 */
export function unitNormalised(w: Matrix, p: NormP): Matrix {
  checkP(p);
  let mx = 0;
  for (const v of w.data) {
    const a = Math.abs(v);
    if (!Number.isFinite(a)) throw new ArgumentError(`cannot normalise W: it has an entry ${v}`);
    if (a > mx) mx = a;
  }
  if (mx === 0) return w;
  // Divide by the largest entry first, so ‖·‖_p cannot overflow on the way.
  const scaled = w.data.map((v) => v / mx);
  const nrm = vectorNorm(scaled, p);
  return { rows: w.rows, cols: w.cols, data: scaled.map((v) => v / nrm) };
}

/**
 * Gradient and Hessian of f(W) = ½‖W‖_p² (entrywise, finite p ≥ 2) at w ≠ 0. With N = ‖w‖_p
 * and v_e = sign(w_e)(|w_e|/N)^{p−1} (so |v_e| ≤ 1: no overflow for large p or large W):
 *   ∇f = N v,   ∇²f = (p − 1) diag((|w_e|/N)^{p−2}) + (2 − p) v vᵀ.
 * `hess` (D×D row-major) is skipped when null.
 */
export function halfSquaredNormDerivatives(w: ArrayLike<number>, p: NormP, grad: Float64Array, hess: Float64Array | null): void {
  if (!(p >= 2) || !Number.isFinite(p)) throw new ArgumentError(`½‖W‖_p² derivatives need a finite p ≥ 2, got ${p}`);
  const D = w.length;
  const N = vectorNorm(w, p);
  const v = new Float64Array(D);
  for (let e = 0; e < D; e++) v[e] = Math.sign(w[e]!) * Math.pow(Math.abs(w[e]!) / N, p - 1);
  for (let e = 0; e < D; e++) grad[e] = N * v[e]!;
  if (!hess) return;
  for (let e = 0; e < D; e++) {
    for (let f = 0; f < D; f++) hess[e * D + f] = (2 - p) * v[e]! * v[f]!;
    hess[e * D + e] = hess[e * D + e]! + (p - 1) * Math.pow(Math.abs(w[e]!) / N, p - 2);
  }
}

export const maxNorm = (w: Matrix): number => entrywiseNorm(w, Infinity);
export const sumNorm = (w: Matrix): number => entrywiseNorm(w, 1);
export const frobeniusNorm = (w: Matrix): number => entrywiseNorm(w, 2);

/**
 * The steepest-descent direction of D-NSD: Δ = argmax_{‖Δ‖_p ≤ 1} ⟨G, Δ⟩, written into `out`.
 * Entrywise: Δ = sign(G) ⊙ |G|^{q−1} / ‖G‖_q^{q−1}; p = ∞ gives sign(G), p = 1 the signed
 * one-hot at the largest |G| entry (first index on ties), p = 2 G/‖G‖_F. Scale-free in G, so it
 * may be applied to the mantissa of a scaled gradient. A zero G gives Δ = 0.
 */
export function steepestDirection(g: ArrayLike<number>, p: NormP, out: Float64Array): Float64Array {
  checkP(p);
  const n = g.length;
  if (p === Infinity) {
    for (let i = 0; i < n; i++) out[i] = Math.sign(g[i]!);
    return out;
  }
  let mx = 0;
  let arg = -1;
  for (let i = 0; i < n; i++) {
    const a = Math.abs(g[i]!);
    if (a > mx) {
      mx = a;
      arg = i;
    }
  }
  out.fill(0);
  if (arg < 0) return out;
  if (p === 1) {
    out[arg] = Math.sign(g[arg]!);
    return out;
  }
  const q = dualExponent(p);
  // Scale by the max entry first so |g|^{q-1} cannot overflow or underflow.
  let s = 0;
  for (let i = 0; i < n; i++) {
    const r = Math.abs(g[i]!) / mx;
    const e = p === 2 ? r : Math.pow(r, q - 1);
    out[i] = Math.sign(g[i]!) * e;
    s += p === 2 ? r * r : Math.pow(r, q);
  }
  // ‖G/mx‖_q^{q−1}
  const denom = p === 2 ? Math.sqrt(s) : Math.pow(s, (q - 1) / q);
  for (let i = 0; i < n; i++) out[i] = out[i]! / denom;
  return out;
}
