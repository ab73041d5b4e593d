import { ArgumentError } from '../errors.js';
import { zeros, type Matrix } from '../linalg/matrix.js';
import { makeDataset, type Dataset } from './dataset.js';
import { makeRng, type Rng } from './rng.js';

function checkPositiveInt(name: string, v: number, min = 1): void {
  if (!Number.isInteger(v) || v < min) throw new ArgumentError(`${name} must be an integer ≥ ${min}, got ${v}`);
}

export interface GaussianClustersParams {
  /** Number of classes (≥ 2). */
  k: number;
  /** Feature dimension (≥ 1). */
  d: number;
  /** Points per class (≥ 1). */
  nPerClass: number;
  /** Within-class standard deviation σ (≥ 0). */
  sigma: number;
  seed: number;
}

/**
 * The papers' recipe (THEOREMS.md §12): centres μ_c ~ N(0, I_d), points x ~ N(μ_c, σ²I_d),
 * nPerClass points per class, labels in class order. Not necessarily separable: check with
 * a margin solver (the margin functions raise NotSeparableError).
 */
export function gaussianClusters(p: GaussianClustersParams): Dataset {
  checkPositiveInt('k', p.k, 2);
  checkPositiveInt('d', p.d);
  checkPositiveInt('nPerClass', p.nPerClass);
  if (!(p.sigma >= 0) || !Number.isFinite(p.sigma)) throw new ArgumentError(`sigma must be finite and ≥ 0, got ${p.sigma}`);
  const rng = makeRng(`clusters:${p.seed}`);
  const centres = normalMatrix(rng, p.k, p.d, 1);
  const n = p.k * p.nPerClass;
  const X = zeros(n, p.d);
  const y = new Int32Array(n);
  for (let c = 0; c < p.k; c++) {
    for (let r = 0; r < p.nPerClass; r++) {
      const i = c * p.nPerClass + r;
      y[i] = c;
      for (let j = 0; j < p.d; j++) X.data[i * p.d + j] = centres.data[c * p.d + j]! + p.sigma * rng.normal();
    }
  }
  return makeDataset(X, y, { k: p.k, source: `gaussianClusters(${JSON.stringify(p)})` });
}

/**
 * Gaussian clusters that are separable by construction: unit-norm centres μ_c with gaps
 * δ_c = 1 − max_{j≠c} ⟨μ_c, μ_j⟩ ≥ τ_k (`separatedRows`), points x = μ_c + σ′z, z ~ N(0, I_d),
 * with σ′ = min(σ, δ_min / (4 max_i ‖z_i‖₂)). Then W = the centres separates the data: for
 * x = μ_c + σ′z and j ≠ c, ⟨μ_c − μ_j, x⟩ ≥ δ_c − σ′‖μ_c − μ_j‖‖z‖ ≥ δ_min − 2σ′‖z‖ ≥ δ_min/2 > 0
 * (‖μ_c − μ_j‖ ≤ 2 for unit vectors). The fallback of the clusters recipe in `problemFromRecipe`.
 */
export function separatedClusters(p: GaussianClustersParams): { dataset: Dataset; teacher: Matrix } {
  checkPositiveInt('k', p.k, 2);
  checkPositiveInt('d', p.d);
  checkPositiveInt('nPerClass', p.nPerClass);
  if (!(p.sigma >= 0) || !Number.isFinite(p.sigma)) throw new ArgumentError(`sigma must be finite and ≥ 0, got ${p.sigma}`);
  const rng = makeRng(`separated-clusters:${p.seed}`);
  const { k, d, nPerClass } = p;
  const { W: centres, gaps } = separatedRows(rng, k, d);
  const n = k * nPerClass;
  const Z = normalMatrix(rng, n, d, 1);
  let zMax = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += Z.data[i * d + j]! ** 2;
    zMax = Math.max(zMax, Math.sqrt(s));
  }
  const deltaMin = Math.min(...gaps);
  const sigma = zMax > 0 ? Math.min(p.sigma, deltaMin / (4 * zMax)) : p.sigma;
  const X = zeros(n, d);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(i / nPerClass);
    y[i] = c;
    for (let j = 0; j < d; j++) X.data[i * d + j] = centres.data[c * d + j]! + sigma * Z.data[i * d + j]!;
  }
  return { dataset: makeDataset(X, y, { k, source: `separatedClusters(${JSON.stringify(p)})` }), teacher: centres };
}

export interface PlantedTeacherParams {
  k: number;
  d: number;
  /** Number of points (≥ k; every class gets at least one). */
  n: number;
  seed: number;
  /**
   * Minimum planted margin: every point's teacher margin min_{c≠y}(W* x)_y − (W* x)_c is
   * above this, so the data are separable with margin > minMargin under W*.
   */
  minMargin?: number;
}

/** Draws of a random teacher before the regular k-gon is used instead (see `separatedRows`). */
const TEACHER_DRAWS = 100;
/** Redraws of one point x ~ N(0, I_d) before its constructed stand-in is used. */
const POINT_DRAWS = 1000;

/**
 * The gaps δ_c = min_{j≠c} ⟨w_c, w_c − w_j⟩ of the rows of W: x = λ·w_c has teacher margin
 * λ·δ_c, so δ_c > 0 means class c's region {x : argmax_j ⟨w_j, x⟩ = c} is non-empty.
 */
export function rowGaps(W: Matrix): Float64Array {
  const { rows: k, cols: d } = W;
  const dot = (a: number, b: number): number => {
    let s = 0;
    for (let j = 0; j < d; j++) s += W.data[a * d + j]! * W.data[b * d + j]!;
    return s;
  };
  const gaps = new Float64Array(k).fill(Infinity);
  for (let c = 0; c < k; c++) {
    const self = dot(c, c);
    for (let j = 0; j < k; j++) if (j !== c) gaps[c] = Math.min(gaps[c]!, self - dot(c, j));
  }
  return gaps;
}

/**
 * k unit rows in R^d with every gap δ_c ≥ τ_k := min(0.05, (1 − cos(2π/k))/2): the first of
 * TEACHER_DRAWS normalised Gaussian draws (uniform directions) that meets τ_k, else the regular
 * k-gon w_c = (cos 2πc/k, sin 2πc/k, 0, …), whose gaps are all 1 − cos(2π/k) ≥ τ_k (for k = 2
 * it is ±e_1, so d = 1 works too). Unit rows make every row an extreme point, so no class region
 * is empty (unlike a Gaussian teacher, where a short row can lie inside the hull of the others);
 * the bar τ_k keeps the constructed points of `plantedTeacher` at norm ≤ max(√d, 2·minMargin/τ_k).
 * Terminates: a bounded loop with a fallback that meets the bar by construction.
 */
export function separatedRows(rng: Rng, k: number, d: number): { W: Matrix; gaps: Float64Array } {
  if (d === 1 && k > 2) throw new ArgumentError(`cannot hit all ${k} classes in d = 1: a linear classifier without bias has at most 2 non-empty class regions on the line`);
  const tau = Math.min(0.05, (1 - Math.cos((2 * Math.PI) / k)) / 2);
  for (let attempt = 0; attempt < TEACHER_DRAWS; attempt++) {
    const W = normalMatrix(rng, k, d, 1);
    for (let c = 0; c < k; c++) {
      const row = W.data.subarray(c * d, (c + 1) * d);
      let s = 0;
      for (const v of row) s += v * v;
      const r = Math.sqrt(s);
      if (r > 0) for (let j = 0; j < d; j++) row[j] = row[j]! / r;
    }
    const gaps = rowGaps(W);
    if (gaps.every((g) => g >= tau)) return { W, gaps };
  }
  const W = zeros(k, d);
  for (let c = 0; c < k; c++) {
    W.data[c * d] = Math.cos((2 * Math.PI * c) / k);
    if (d > 1) W.data[c * d + 1] = Math.sin((2 * Math.PI * c) / k);
  }
  return { W, gaps: rowGaps(W) };
}

/**
 * Planted-teacher recipe (P2 App. I, with the teacher's rows normalised): W* has k unit rows
 * in random directions (`separatedRows`), x ~ N(0, I_d), y = argmax_c (W* x)_c; a point whose
 * teacher margin is ≤ minMargin is redrawn. Returns the dataset and W*, which separates it.
 *
 * Every class is hit by construction, for every n ≥ k: class c has the point
 * x_c = λ_c w*_c, λ_c = max(√d, 2·minMargin/δ_c), whose margin λ_c δ_c > minMargin. A point
 * that fails POINT_DRAWS redraws is replaced by the constructed point of the class with the
 * fewest points so far; afterwards, while a class c is missing, the last point of the largest
 * class (≥ 2 points, by pigeonhole, since n ≥ k) is replaced by x_c. Each replacement hits
 * one more class and empties none, so at most k replacements are made.
 * Only k ≥ 3 with d = 1 is impossible (ArgumentError).
 */
export function plantedTeacher(p: PlantedTeacherParams): { dataset: Dataset; teacher: Matrix } {
  checkPositiveInt('k', p.k, 2);
  checkPositiveInt('d', p.d);
  checkPositiveInt('n', p.n, p.k);
  const minM = p.minMargin ?? 0;
  if (!(minM >= 0) || !Number.isFinite(minM)) throw new ArgumentError(`minMargin must be finite and ≥ 0, got ${minM}`);
  const rng = makeRng(`teacher:${p.seed}`);
  const { k, d, n } = p;
  const { W: teacher, gaps } = separatedRows(rng, k, d);
  const constructed = (c: number): Float64Array => {
    const lambda = Math.max(Math.sqrt(d), (2 * minM) / gaps[c]!);
    return teacher.data.slice(c * d, (c + 1) * d).map((v) => lambda * v);
  };
  const X = zeros(n, d);
  const y = new Int32Array(n);
  const counts = new Int32Array(k);
  const x = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    let label = -1;
    for (let tries = 0; tries < POINT_DRAWS && label < 0; tries++) {
      for (let j = 0; j < d; j++) x[j] = rng.normal();
      let best = -Infinity;
      let second = -Infinity;
      let arg = 0;
      for (let c = 0; c < k; c++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += teacher.data[c * d + j]! * x[j]!;
        if (s > best) {
          second = best;
          best = s;
          arg = c;
        } else if (s > second) second = s;
      }
      if (best - second > minM) {
        X.data.set(x, i * d);
        label = arg;
      }
    }
    if (label < 0) {
      label = counts.indexOf(Math.min(...counts));
      X.data.set(constructed(label), i * d);
    }
    y[i] = label;
    counts[label]!++;
  }
  for (let c = 0; c < k; c++) {
    if (counts[c]! > 0) continue;
    const donor = counts.indexOf(Math.max(...counts));
    const i = y.lastIndexOf(donor);
    X.data.set(constructed(c), i * d);
    y[i] = c;
    counts[donor]!--;
    counts[c]!++;
  }
  return { dataset: makeDataset(X, y, { k, source: `plantedTeacher(${JSON.stringify(p)})` }), teacher };
}

export function normalMatrix(rng: Rng, rows: number, cols: number, scale: number): Matrix {
  const m = zeros(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = scale * rng.normal();
  return m;
}

export type EdgeCaseName = 'single-point-binary' | 'one-per-class' | 'duplicates' | 'on-margin' | 'binary-mirror';

export const EDGE_CASES: readonly EdgeCaseName[] = ['single-point-binary', 'one-per-class', 'duplicates', 'on-margin', 'binary-mirror'];

/**
 * Tiny edge cases where several lemmas are exactly tight (THEOREMS.md §9):
 * - single-point-binary: n = 1, k = 2, class 1 empty (Lemma 4.1 and 4.3 (i) hold with equality);
 * - one-per-class: n = k = 3;
 * - duplicates: three points, each appearing twice;
 * - on-margin: k = 2, six points, all on the two margin hyperplanes of the max-margin classifier;
 * - binary-mirror: k = 2, the points x and −x.
 */
export function edgeCase(name: EdgeCaseName, seed = 0, d = 3): Dataset {
  checkPositiveInt('d', d, 2);
  const rng = makeRng(`edge:${name}:${seed}`);
  const vec = (): number[] => Array.from({ length: d }, () => rng.normal());
  const source = `edgeCase(${JSON.stringify(name)}, ${seed}, ${d})`;
  switch (name) {
    case 'single-point-binary':
      return makeDataset([vec()], [0], { k: 2, source, allowEmptyClasses: true });
    case 'one-per-class':
      return makeDataset(Array.from({ length: 3 }, vec), [0, 1, 2], { k: 3, source });
    case 'duplicates': {
      const base = Array.from({ length: 3 }, vec);
      return makeDataset([...base, ...base], [0, 1, 2, 0, 1, 2], { k: 3, source });
    }
    case 'on-margin': {
      const rows: number[][] = [];
      const labels: number[] = [];
      for (let c = 0; c < 2; c++) {
        for (let r = 0; r < 3; r++) {
          const x = new Array<number>(d).fill(0);
          x[0] = c === 0 ? 1 : -1;
          x[1] = r - 1;
          rows.push(x);
          labels.push(c);
        }
      }
      return makeDataset(rows, labels, { k: 2, source });
    }
    case 'binary-mirror': {
      const x = vec();
      return makeDataset([x, x.map((v) => -v)], [0, 1], { k: 2, source });
    }
  }
}
