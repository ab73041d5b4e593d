import { ShapeError } from '../errors.js';

/** A dense row-major float64 matrix with explicit shape: entry (r, c) is data[r * cols + c]. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

function checkDim(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new ShapeError(`${name} must be a non-negative integer, got ${n}`);
}

export function zeros(rows: number, cols: number): Matrix {
  checkDim('rows', rows);
  checkDim('cols', cols);
  return { rows, cols, data: new Float64Array(rows * cols) };
}

export function fromData(rows: number, cols: number, data: Float64Array | readonly number[]): Matrix {
  checkDim('rows', rows);
  checkDim('cols', cols);
  if (data.length !== rows * cols) {
    throw new ShapeError(`data has ${data.length} entries, a ${rows}x${cols} matrix needs ${rows * cols}`);
  }
  return { rows, cols, data: Float64Array.from(data) };
}

/** Builds a matrix from nested rows; every row must have the same length. */
export function fromRows(rowsIn: readonly (readonly number[])[], cols?: number): Matrix {
  const rows = rowsIn.length;
  const c = cols ?? (rows > 0 ? rowsIn[0]!.length : 0);
  const m = zeros(rows, c);
  for (let r = 0; r < rows; r++) {
    const row = rowsIn[r]!;
    if (row.length !== c) throw new ShapeError(`row ${r} has ${row.length} entries, expected ${c}`);
    m.data.set(row, r * c);
  }
  return m;
}

export function toRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < m.rows; r++) out.push(Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
  return out;
}

export function clone(m: Matrix): Matrix {
  return { rows: m.rows, cols: m.cols, data: m.data.slice() };
}

export function get(m: Matrix, r: number, c: number): number {
  return m.data[r * m.cols + c]!;
}

export function row(m: Matrix, r: number): Float64Array {
  return m.data.subarray(r * m.cols, (r + 1) * m.cols);
}

export function assertSameShape(a: Matrix, b: Matrix, what = 'matrices'): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new ShapeError(`${what} differ in shape: ${a.rows}x${a.cols} vs ${b.rows}x${b.cols}`);
  }
}

export function add(a: Matrix, b: Matrix): Matrix {
  assertSameShape(a, b);
  const out = zeros(a.rows, a.cols);
  for (let i = 0; i < a.data.length; i++) out.data[i] = a.data[i]! + b.data[i]!;
  return out;
}

export function sub(a: Matrix, b: Matrix): Matrix {
  assertSameShape(a, b);
  const out = zeros(a.rows, a.cols);
  for (let i = 0; i < a.data.length; i++) out.data[i] = a.data[i]! - b.data[i]!;
  return out;
}

export function scale(a: Matrix, s: number): Matrix {
  const out = zeros(a.rows, a.cols);
  for (let i = 0; i < a.data.length; i++) out.data[i] = a.data[i]! * s;
  return out;
}

/** a + s·b */
export function axpy(a: Matrix, s: number, b: Matrix): Matrix {
  assertSameShape(a, b);
  const out = zeros(a.rows, a.cols);
  for (let i = 0; i < a.data.length; i++) out.data[i] = a.data[i]! + s * b.data[i]!;
  return out;
}

/** Frobenius inner product ⟨A, B⟩ = tr(AᵀB). */
export function inner(a: Matrix, b: Matrix): number {
  assertSameShape(a, b);
  let s = 0;
  for (let i = 0; i < a.data.length; i++) s += a.data[i]! * b.data[i]!;
  return s;
}

/**
 * out (n×k) = X (n×d) · Wᵀ (W is k×d): the logits v_i = W x_i as rows.
 * Writes into `out` when given (a hot loop: no allocation).
 */
export function multiplyABt(x: Matrix, w: Matrix, out?: Matrix): Matrix {
  if (x.cols !== w.cols) throw new ShapeError(`X is ${x.rows}x${x.cols} but W is ${w.rows}x${w.cols}: W must have ${x.cols} columns`);
  const n = x.rows;
  const k = w.rows;
  const d = x.cols;
  const o = out ?? zeros(n, k);
  if (o.rows !== n || o.cols !== k) throw new ShapeError(`output must be ${n}x${k}, got ${o.rows}x${o.cols}`);
  const xd = x.data;
  const wd = w.data;
  const od = o.data;
  for (let i = 0; i < n; i++) {
    const xo = i * d;
    for (let c = 0; c < k; c++) {
      const wo = c * d;
      // Four independent partial sums: the hot loop of every optimizer step.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let j = 0;
      for (; j + 3 < d; j += 4) {
        s0 += xd[xo + j]! * wd[wo + j]!;
        s1 += xd[xo + j + 1]! * wd[wo + j + 1]!;
        s2 += xd[xo + j + 2]! * wd[wo + j + 2]!;
        s3 += xd[xo + j + 3]! * wd[wo + j + 3]!;
      }
      for (; j < d; j++) s0 += xd[xo + j]! * wd[wo + j]!;
      od[i * k + c] = s0 + s1 + (s2 + s3);
    }
  }
  return o;
}

