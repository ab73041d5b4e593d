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

/**
 * A gradient as a scaled matrix plus each entry's exact sign and log-magnitude. The mantissa
 * (max|entry| = 1) may round entries far below the largest to 0; `sign` and `logAbs` do not:
 * SignGD and Adam act entry by entry and need them (an entry e^{−1000} below another still
 * gets a full ±η step).
 */
export interface ScaledGradient extends ScaledMatrix {
  /** log|g_e| per entry (−Infinity for an exact zero). */
  readonly logAbs: Float64Array;
  /** sign(g_e) ∈ {−1, 0, 1} per entry. */
  readonly sign: Int8Array;
}

/** The plain float64 value (underflows to 0 when logScale < −745). */
export function toPlain(s: ScaledMatrix): Matrix {
  const f = Math.exp(s.logScale);
  return { rows: s.mantissa.rows, cols: s.mantissa.cols, data: s.mantissa.data.map((v) => v * f) };
}


/**
 * The gradient's plain float64 values, sign·e^{log|g|} entry by entry (what a float64
 * implementation computes with; entries below e^{−745} are 0).
 */
export function plainGradient(g: ScaledGradient): Matrix {
  const { rows, cols } = g.mantissa;
  const data = new Float64Array(rows * cols);
  for (let e = 0; e < data.length; e++) data[e] = g.sign[e]! * Math.exp(g.logAbs[e]!);
  return { rows, cols, data };
}
