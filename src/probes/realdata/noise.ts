/**
 * The edge of separability (issue #12, part 2): label noise and feature noise added to
 * separable data at increasing levels. A probe, not a claim: per level it reports whether the
 * certified LP still finds γ_∞ > 0, the direction error of GD's iterate to the hard-margin
 * solution of the last separable level (and, for label noise, of the separable part: the
 * samples whose labels were not flipped), and whether the loss still goes to zero (the slope
 * of log L against log t over the last decade: about −1 when it does, about 0 when it levels
 * off at inf L > 0).
 *
 * Noise is nested: one seeded permutation and one replacement label per sample (label noise:
 * level ρ flips the first ⌊ρn⌉ samples of the permutation), one seeded Gaussian matrix Z
 * (feature noise: level σ adds σ·s·Z, s the root mean square of the entries of X), so a level
 * contains every lower one.
 */
import { makeDataset, type Dataset } from '../../data/dataset.js';
import { makeRng } from '../../data/rng.js';
import type { LossName } from '../../losses/index.js';
import type { Matrix } from '../../linalg/matrix.js';
import { constantSchedule, gd } from '../../optimizers/index.js';
import { Problem } from '../../problem.js';
import { maxStep } from '../../claims/ravi2024/theorem34.js';
import { unitDistance } from '../../trajectory/run.js';
import { tailSlope } from './fitTail.js';
import { separability, withoutSamples } from './separability.js';
import { cosineOf, trackRun, type TrackPoint } from './track.js';

export type NoiseKind = 'label' | 'feature';

export interface NoiseLevel {
  readonly level: number;
  /** Samples whose label was flipped (label noise; 0 for feature noise). */
  readonly flipped: number;
  readonly separable: boolean;
  /** γ_∞ when separable, else the LP's certified upper bound on it (≤ tolerance). */
  readonly gammaMax: number;
  readonly gamma2: number;
  /** The level whose SVM direction is the reference (this one when separable). */
  readonly referenceLevel: number;
  /** ‖W_T/‖W_T‖_F − Ŵ/‖Ŵ‖_F‖_F to that reference. */
  readonly directionError: number;
  /** The same against the SVM of the unflipped samples (label noise), else NaN. */
  readonly directionErrorCleanPart: number;
  readonly finalLogLoss: number;
  readonly lossSlope: number;
  /** Loss → 0 reading: the tail slope of log L is below −1/2. */
  readonly lossToZero: boolean;
  readonly finalAccuracy: number;
  readonly points: readonly TrackPoint[];
}

export interface NoiseProbe {
  readonly data: string;
  readonly kind: NoiseKind;
  readonly loss: LossName;
  readonly fraction: number;
  readonly steps: number;
  readonly levels: readonly NoiseLevel[];
}

/** The base data with label noise ρ (nested in ρ); returns the flipped sample indices too. */
export function labelNoise(ds: Dataset, rho: number, seed: number | string): { dataset: Dataset; flipped: Set<number> } {
  const rng = makeRng(`label-noise:${seed}`);
  const n = ds.y.length;
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.integer(0, i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const shift = Array.from({ length: n }, () => rng.integer(1, ds.k - 1));
  const m = Math.round(rho * n);
  const y = Int32Array.from(ds.y);
  const flipped = new Set<number>();
  for (let r = 0; r < m; r++) {
    const i = order[r]!;
    y[i] = (y[i]! + shift[i]!) % ds.k;
    flipped.add(i);
  }
  return { dataset: makeDataset(ds.X, y, { k: ds.k, source: `${ds.source ?? 'data'} + label noise ${rho}` }), flipped };
}

/** The base data with feature noise σ·s·Z (nested in σ). */
export function featureNoise(ds: Dataset, sigma: number, seed: number | string): Dataset {
  const rng = makeRng(`feature-noise:${seed}`);
  const { data } = ds.X;
  let ss = 0;
  for (const v of data) ss += v * v;
  const s = Math.sqrt(ss / data.length);
  const X: Matrix = { rows: ds.X.rows, cols: ds.X.cols, data: data.map((v) => v + sigma * s * rng.normal()) };
  return makeDataset(X, ds.y, { k: ds.k, source: `${ds.source ?? 'data'} + feature noise ${sigma}` });
}

export function noiseProbe(o: { data: string; base: Dataset; kind: NoiseKind; levels: readonly number[]; seed: number | string; steps: number; loss?: LossName; fraction?: number }): NoiseProbe {
  const loss = o.loss ?? 'ce';
  const fraction = o.fraction ?? 0.5;
  const levels: NoiseLevel[] = [];
  let ref: { level: number; W: Matrix } | null = null;
  for (const level of o.levels) {
    const noisy = o.kind === 'label' ? labelNoise(o.base, level, o.seed) : { dataset: featureNoise(o.base, level, o.seed), flipped: new Set<number>() };
    const ds = noisy.dataset;
    const v = separability(`${o.data} (${o.kind} noise ${level})`, ds);
    if (v.separable) ref = { level, W: v.W2 };
    let clean: Matrix | null = o.kind === 'label' && v.separable && noisy.flipped.size === 0 ? v.W2 : null;
    if (o.kind === 'label' && noisy.flipped.size > 0) {
      const part = separability(`${o.data} (unflipped part at label noise ${level})`, withoutSamples(ds, noisy.flipped));
      if (part.separable) clean = part.W2;
    }
    const run = trackRun({ dataset: ds, optimizer: gd(constantSchedule(fraction * maxStep(new Problem(ds), loss))), loss, steps: o.steps });
    const lossSlope = tailSlope(run.points, (p) => p.logLoss, Math.floor(run.steps / 10));
    levels.push({
      level,
      flipped: noisy.flipped.size,
      separable: v.separable,
      gammaMax: v.separable ? v.gammaMax : v.gammaUpperBound,
      gamma2: v.separable ? v.gamma2 : NaN,
      referenceLevel: ref?.level ?? NaN,
      directionError: ref ? unitDistance(cosineOf(run.W, ref.W)) : NaN,
      directionErrorCleanPart: clean ? unitDistance(cosineOf(run.W, clean)) : NaN,
      finalLogLoss: run.final.logLoss,
      lossSlope,
      lossToZero: lossSlope < -0.5,
      finalAccuracy: run.final.accuracy,
      points: run.points,
    });
  }
  return { data: o.data, kind: o.kind, loss, fraction, steps: o.steps, levels };
}
