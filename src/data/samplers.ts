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

export interface PlantedTeacherParams {
  k: number;
  d: number;
  /** Number of points (≥ k; resampled until every class is hit). */
  n: number;
  seed: number;
  /**
   * Minimum planted margin: points whose teacher margin min_{c≠y}(W* x)_y − (W* x)_c is below
   * this are redrawn, so the data are separable with margin ≥ minMargin under W*.
   */
  minMargin?: number;
}

/**
 * Planted-teacher recipe (P2 App. I): x ~ N(0, I_d), y = argmax_c (W* x)_c with W* ~ N(0, I).
 * Returns the dataset and W*, which separates it.
 */
export function plantedTeacher(p: PlantedTeacherParams): { dataset: Dataset; teacher: Matrix } {
  checkPositiveInt('k', p.k, 2);
  checkPositiveInt('d', p.d);
  checkPositiveInt('n', p.n, p.k);
  const minM = p.minMargin ?? 0;
  if (!(minM >= 0)) throw new ArgumentError(`minMargin must be ≥ 0, got ${minM}`);
  const rng = makeRng(`teacher:${p.seed}`);
  const { k, d, n } = p;
  for (let attempt = 0; attempt < 1000; attempt++) {
    const teacher = normalMatrix(rng, k, d, 1);
    const X = zeros(n, d);
    const y = new Int32Array(n);
    const counts = new Int32Array(k);
    const x = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      // Redraw until the margin condition holds (bounded: give up on this teacher after 10⁴).
      let drawn = false;
      for (let tries = 0; tries < 10000 && !drawn; tries++) {
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
          y[i] = arg;
          counts[arg]!++;
          drawn = true;
        }
      }
      if (!drawn) break;
    }
    if (counts.every((c) => c > 0)) {
      return { dataset: makeDataset(X, y, { k, source: `plantedTeacher(${JSON.stringify(p)})` }), teacher };
    }
  }
  throw new ArgumentError(`plantedTeacher could not hit all ${k} classes with n = ${n} points (seed ${p.seed}); raise n or lower minMargin`);
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
