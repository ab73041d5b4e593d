import type { Matrix } from './matrix.js';

/**
 * A matrix carried as mantissa · e^{logScale}, with max|mantissa| = 1 (or all zeros and
 * logScale = −Infinity). Signs and directions survive where the plain float64 value
 * would underflow to 0 (pitfall P2).
 */
export interface ScaledMatrix {
  readonly mantissa: Matrix;
  readonly logScale: number;
}

/** log of the entrywise p-norm of a scaled matrix. */
export function logScaledNorm(s: ScaledMatrix, norm: (m: Matrix) => number): number {
  return s.logScale + Math.log(norm(s.mantissa));
}

/** The plain float64 value (underflows to 0 when logScale < −745). */
export function toPlain(s: ScaledMatrix): Matrix {
  const f = Math.exp(s.logScale);
  return { rows: s.mantissa.rows, cols: s.mantissa.cols, data: s.mantissa.data.map((v) => v * f) };
}

/** Rescales `m` in place so max|m| = 1 and returns the log of the factor taken out. */
export function normalizeInPlace(m: Matrix): number {
  let mx = 0;
  for (let i = 0; i < m.data.length; i++) {
    const a = Math.abs(m.data[i]!);
    if (a > mx) mx = a;
  }
  if (mx === 0) return -Infinity;
  const inv = 1 / mx;
  for (let i = 0; i < m.data.length; i++) m.data[i] = m.data[i]! * inv;
  return Math.log(mx);
}
