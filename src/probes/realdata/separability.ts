/**
 * Separability of a named dataset, decided by the harness's own certified max-norm LP
 * (src/margins): either γ_∞ > 0 and γ_2 with their maximisers, or a certificate that γ_∞ ≤ 0
 * (NotSeparableError, its message naming the dataset).
 */
import { makeDataset, type Dataset } from '../../data/dataset.js';
import { ArgumentError, NotSeparableError } from '../../errors.js';
import type { Matrix } from '../../linalg/matrix.js';
import { margin } from '../../margins/index.js';
import { namingTheData } from '../../problem.js';

export type SeparabilityVerdict =
  | { readonly name: string; readonly separable: true; readonly gammaMax: number; readonly gamma2: number; readonly Wmax: Matrix; readonly W2: Matrix; readonly seconds: number }
  | { readonly name: string; readonly separable: false; readonly gammaUpperBound: number; readonly message: string; readonly seconds: number };

/** The LP's verdict on `ds` (named `name` in every message); other solver errors propagate. */
export function separability(name: string, ds: Dataset, withGamma2 = true): SeparabilityVerdict {
  const started = performance.now();
  const named = { ...ds, source: name };
  try {
    const mx = namingTheData(named, () => margin(named, Infinity));
    const m2 = withGamma2 ? margin(named, 2) : null;
    const seconds = (performance.now() - started) / 1000;
    return { name, separable: true, gammaMax: mx.gamma, gamma2: m2?.gamma ?? NaN, Wmax: mx.W, W2: m2?.W ?? mx.W, seconds };
  } catch (e) {
    if (!(e instanceof NotSeparableError)) throw e;
    return { name, separable: false, gammaUpperBound: e.gammaUpperBound, message: e.message, seconds: (performance.now() - started) / 1000 };
  }
}

/** The samples of the given classes, relabelled 0..m−1 in the order given. */
export function classSubset(ds: Dataset, classes: readonly number[], source?: string): Dataset {
  const idx: number[] = [];
  for (let i = 0; i < ds.y.length; i++) if (classes.includes(ds.y[i]!)) idx.push(i);
  if (new Set(classes).size !== classes.length || classes.some((c) => !(c >= 0 && c < ds.k))) {
    throw new ArgumentError(`classSubset: classes ${classes.join(',')} must be distinct labels of 0..${ds.k - 1}`);
  }
  return makeDataset(selectRows(ds.X, idx), idx.map((i) => classes.indexOf(ds.y[i]!)), { k: classes.length, source: source ?? `${ds.source ?? 'data'}[classes ${classes.join(',')}]` });
}

/** The dataset without the listed samples (e.g. the points whose labels were flipped). */
export function withoutSamples(ds: Dataset, drop: ReadonlySet<number>, source?: string): Dataset {
  const keep: number[] = [];
  for (let i = 0; i < ds.y.length; i++) if (!drop.has(i)) keep.push(i);
  return makeDataset(selectRows(ds.X, keep), keep.map((i) => ds.y[i]!), { k: ds.k, source: source ?? `${ds.source ?? 'data'} minus ${drop.size} samples` });
}

/**
 * Every feature divided by its root mean square over the samples (a zero column is left as it
 * is). An invertible diagonal map x ↦ D⁻¹x: the data stay separable or not exactly as before
 * (W ↦ WD), but features measured in very different units (wine: proline ~10³, hue ~1) no
 * longer make GD's conditioning hopeless.
 */
export function unitRmsFeatures(ds: Dataset): Dataset {
  const { rows: n, cols: d, data } = ds.X;
  const rms = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) rms[j] = rms[j]! + data[i * d + j]! ** 2;
  for (let j = 0; j < d; j++) rms[j] = Math.sqrt(rms[j]! / n);
  const X: Matrix = { rows: n, cols: d, data: data.map((v, e) => (rms[e % d]! > 0 ? v / rms[e % d]! : v)) };
  return makeDataset(X, ds.y, { k: ds.k, source: `${ds.source ?? 'data'} (features / rms)` });
}

function selectRows(X: Matrix, rows: readonly number[]): Matrix {
  const d = X.cols;
  const out: Matrix = { rows: rows.length, cols: d, data: new Float64Array(rows.length * d) };
  rows.forEach((i, r) => out.data.set(X.data.subarray(i * d, i * d + d), r * d));
  return out;
}
