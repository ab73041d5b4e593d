import type { Matrix } from '../linalg/matrix.js';
import { dec, Exact, maxOf, sum, ZERO, type Dec } from './decimal.js';

/** High-precision mirrors of src/linalg/norms.ts: entrywise p-norms of exact values. */
export function vectorNormExact(v: readonly Dec[], p: number): Dec {
  if (v.length === 0) return ZERO;
  const abs = v.map((x) => x.abs());
  if (p === Infinity) return maxOf(abs);
  if (p === 1) return sum(abs);
  if (p === 2) return Exact.sqrt(sum(abs.map((a) => a.times(a))));
  const m = maxOf(abs);
  if (m.isZero()) return ZERO;
  return m.times(sum(abs.map((a) => a.div(m).pow(p))).pow(new Exact(1).div(p)));
}

/** The entries of a float matrix as exact decimals. */
export const matrixExact = (W: Matrix): Dec[] => Array.from(W.data, dec);

/** Entrywise ‖W‖_p of a float matrix, exactly (up to 60 digits). */
export const entrywiseNormExact = (W: Matrix, p: number): Dec => vectorNormExact(matrixExact(W), p);
export const maxNormExact = (W: Matrix): Dec => entrywiseNormExact(W, Infinity);
export const frobeniusNormExact = (W: Matrix): Dec => entrywiseNormExact(W, 2);

/** max_i ‖x_i‖_p over the rows of X, exactly (the data bound B of Ass. 3.5 for p = 1). */
export function dataBoundExact(X: Matrix, p: number): Dec {
  let b = ZERO;
  for (let i = 0; i < X.rows; i++) b = Exact.max(b, vectorNormExact(Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols), dec), p));
  return b;
}
