/**
 * Implicit bias on real data (issue #12, part 1): GD on cross-entropy and on PairLogLoss
 * (Ravi et al. 2024: direction → the multiclass SVM Ŵ, the 2-norm max-margin direction),
 * SignGD and Adam on cross-entropy (Fan et al. 2025: the max-norm margin m(W)/‖W‖_∞ → γ_∞),
 * each tracked against both max-margin maximisers: cosine, margin gaps γ_p − m(W)/‖W‖_p, loss,
 * gradient norm and training accuracy.
 *
 * Steps: GD with η = f·2/β per loss (the fraction f of R-Thm 3.4's bound, maxStep); SignGD and
 * Adam with η_t = (c/γ_∞)(t + 1)^{−a}, i.e. steps in units of the data's own margin scale
 * (the iterates are then invariant to rescaling the features).
 */
import type { Dataset } from '../../data/dataset.js';
import type { LossName } from '../../losses/index.js';
import { adam, constantSchedule, gd, polynomialSchedule, signGD, type Optimizer } from '../../optimizers/index.js';
import { Problem } from '../../problem.js';
import { maxStep } from '../../claims/ravi2024/theorem34.js';
import { trackRun, type Reference, type TrackedRun } from './track.js';

export interface BiasRunSpec {
  readonly id: string;
  readonly label: string;
  readonly loss: LossName;
  /** The norm whose max-margin problem the theory says the run's direction/margin goes to. */
  readonly predicted: 'max' | '2';
  readonly make: (pb: Problem, gammaMax: number) => Optimizer<unknown>;
}

export interface BiasSettings {
  /** GD step as a fraction of R-Thm 3.4's bound 2/β (default 0.5). */
  readonly gdFraction: number;
  /** SignGD/Adam: η_t = (c/γ_∞)(t + 1)^{−a}. */
  readonly c: number;
  readonly a: number;
}

export const DEFAULT_BIAS_SETTINGS: BiasSettings = { gdFraction: 0.5, c: 1, a: 0.5 };

export function biasRunSpecs(s: BiasSettings = DEFAULT_BIAS_SETTINGS): BiasRunSpec[] {
  const sched = (g: number) => polynomialSchedule(s.c / g, s.a);
  return [
    { id: 'gd-ce', label: 'GD, cross-entropy', loss: 'ce', predicted: '2', make: (pb) => gd(constantSchedule(s.gdFraction * maxStep(pb, 'ce'))) },
    { id: 'gd-pll', label: 'GD, PairLogLoss', loss: 'pll', predicted: '2', make: (pb) => gd(constantSchedule(s.gdFraction * maxStep(pb, 'pll'))) },
    { id: 'signgd-ce', label: 'SignGD, cross-entropy', loss: 'ce', predicted: 'max', make: (_pb, g) => signGD(sched(g)) },
    { id: 'adam-ce', label: 'Adam, cross-entropy', loss: 'ce', predicted: 'max', make: (_pb, g) => adam(sched(g)) },
  ];
}

export interface BiasRun extends TrackedRun {
  readonly id: string;
  readonly label: string;
  readonly predicted: 'max' | '2';
  /** The normalised margin m(W_T)/‖W_T‖_p as a share of γ_p, for p = ∞ and 2 (1 = the max margin). */
  readonly marginShare: { readonly max: number; readonly '2': number };
}

export interface BiasComparison {
  readonly data: string;
  readonly n: number;
  readonly d: number;
  readonly k: number;
  readonly gammaMax: number;
  readonly gamma2: number;
  /** Seconds to solve γ_∞ and γ_2. */
  readonly marginSeconds: number;
  readonly steps: number;
  readonly settings: BiasSettings;
  readonly runs: readonly BiasRun[];
}

/** Runs every spec on `dataset` (which must be separable: the margins raise NotSeparableError naming it). */
export function implicitBiasComparison(o: { data: string; dataset: Dataset; steps: number; settings?: BiasSettings; only?: readonly string[]; checkpoints?: readonly number[] }): BiasComparison {
  const settings = o.settings ?? DEFAULT_BIAS_SETTINGS;
  const pb = new Problem({ ...o.dataset, source: o.data });
  const mx = pb.margin(Infinity);
  const m2 = pb.margin(2);
  const marginSeconds = mx.seconds + m2.seconds;
  const refs: Reference[] = [
    { p: Infinity, W: mx.W, gamma: mx.gamma },
    { p: 2, W: m2.W, gamma: m2.gamma },
  ];
  const runs = biasRunSpecs(settings)
    .filter((s) => !o.only || o.only.includes(s.id))
    .map((s): BiasRun => {
      const r = trackRun({ dataset: pb.dataset, optimizer: s.make(pb, mx.gamma), loss: s.loss, steps: o.steps, refs, ...(o.checkpoints ? { checkpoints: o.checkpoints } : {}) });
      const share = (key: 'max' | '2', g: number) => (g - r.final.gap[key]!) / g;
      return { ...r, id: s.id, label: s.label, predicted: s.predicted, marginShare: { max: share('max', mx.gamma), '2': share('2', m2.gamma) } };
    });
  return { data: o.data, n: pb.n, d: pb.d, k: pb.k, gammaMax: mx.gamma, gamma2: m2.gamma, marginSeconds, steps: o.steps, settings, runs };
}
