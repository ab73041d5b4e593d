import { DataError, ShapeError } from '../errors.js';
import { fromRows, type Matrix } from '../linalg/matrix.js';

/** A labelled dataset: X (n×d, rows x_iᵀ), labels y_i ∈ {0..k−1}, every class non-empty (D-data). */
export interface Dataset {
  readonly X: Matrix;
  readonly y: Int32Array;
  readonly k: number;
  /** Where it came from, for reports and replay: a sampler call, a file path, ... */
  readonly source?: string;
}

export function dimension(ds: Dataset): number {
  return ds.X.cols;
}

/**
 * Validates and builds a dataset. Raises a DataError naming the first problem found:
 * empty data, ragged rows, NaN or infinite entries, mismatched X/y lengths, non-integer or
 * out-of-range labels, a class with no points, fewer than 2 classes.
 */
export interface DatasetOptions {
  /** Number of classes; defaults to max label + 1. */
  k?: number;
  /** Provenance string (sampler call, file path). */
  source?: string;
  /**
   * Allow classes without points. Only for synthetic edge cases such as n = 1, k = 2, where
   * several lemmas are exactly tight; loaders never set it.
   */
  allowEmptyClasses?: boolean;
}

export function makeDataset(
  X: Matrix | readonly (readonly number[])[],
  y: ArrayLike<number>,
  options: DatasetOptions = {},
): Dataset {
  const { k, source } = options;
  let xm: Matrix;
  if (Array.isArray(X)) {
    const rows = X as readonly (readonly number[])[];
    if (rows.length === 0) throw new DataError('empty data: X has no rows');
    for (let i = 0; i < rows.length; i++) {
      if (!Array.isArray(rows[i])) throw new DataError(`row ${i} of X is not an array of numbers`);
    }
    const d = rows[0]!.length;
    for (let i = 0; i < rows.length; i++) {
      if (rows[i]!.length !== d) throw new DataError(`ragged rows: row 0 has ${d} entries but row ${i} has ${rows[i]!.length}`);
    }
    xm = fromRows(rows, d);
  } else {
    xm = X as Matrix;
  }
  if (xm.rows === 0) throw new DataError('empty data: X has no rows');
  if (xm.cols === 0) throw new DataError('empty data: X has no features (d = 0)');
  for (let i = 0; i < xm.data.length; i++) {
    const v = xm.data[i]!;
    if (!Number.isFinite(v)) {
      const r = Math.floor(i / xm.cols);
      const c = i % xm.cols;
      throw new DataError(`X[${r}][${c}] is ${Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity'}: every entry must be finite`);
    }
  }
  if (y.length !== xm.rows) throw new DataError(`X has ${xm.rows} rows but y has ${y.length} labels`);
  let maxLabel = -1;
  for (let i = 0; i < y.length; i++) {
    const l = y[i]!;
    if (typeof l !== 'number' || !Number.isInteger(l)) throw new DataError(`label y[${i}] = ${String(l)} is not an integer`);
    if (l < 0) throw new DataError(`label y[${i}] = ${l} is negative: labels are 0..k-1`);
    if (l > maxLabel) maxLabel = l;
  }
  const kk = k ?? maxLabel + 1;
  if (!Number.isInteger(kk)) throw new DataError(`number of classes k = ${kk} is not an integer`);
  if (maxLabel >= kk) throw new DataError(`label ${maxLabel} is out of range for k = ${kk} classes (labels are 0..${kk - 1})`);
  if (kk < 2) throw new DataError(`fewer than 2 classes (k = ${kk}): a multiclass margin needs at least 2`);
  const counts = new Int32Array(kk);
  for (let i = 0; i < y.length; i++) counts[y[i]!]!++;
  for (let c = 0; c < kk && !options.allowEmptyClasses; c++) {
    if (counts[c] === 0) throw new DataError(`class ${c} has no points (k = ${kk}): every class needs at least one`);
  }
  return { X: xm, y: Int32Array.from(y), k: kk, ...(source !== undefined ? { source } : {}) };
}

/** B = max_i ‖x_i‖_1 (Ass. 3.5): the 1-norm, dual to the max-norm on W (pitfall P3). */
export function dataBoundB(ds: Dataset): number {
  const { rows, cols, data } = ds.X;
  let b = 0;
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.abs(data[i * cols + j]!);
    if (s > b) b = s;
  }
  return b;
}

/** Checks that W is k×d for this dataset. */
export function assertWeightShape(ds: Dataset, W: Matrix): void {
  if (W.rows !== ds.k || W.cols !== ds.X.cols) {
    throw new ShapeError(`W is ${W.rows}x${W.cols} but the dataset needs k x d = ${ds.k}x${ds.X.cols}`);
  }
}

/** The dataset with every x_i divided by s (e.g. s = B to normalise B to 1, THEOREMS.md §8). */
export function divideFeatures(ds: Dataset, s: number): Dataset {
  if (!(s > 0) || !Number.isFinite(s)) throw new DataError(`feature scale must be positive and finite, got ${s}`);
  const data = ds.X.data.map((v) => v / s);
  return { X: { rows: ds.X.rows, cols: ds.X.cols, data }, y: ds.y, k: ds.k, source: `${ds.source ?? 'dataset'} / ${s}` };
}
