import fc from 'fast-check';
import { zeros, type Matrix } from '../linalg/matrix.js';
import { makeRng } from '../data/rng.js';
import type { Problem } from '../problem.js';

/** Options of `weightMatrix`. */
export interface WeightMatrixConstraints {
  /** Regimes to draw from (default all). */
  regimes?: readonly WeightRegime[];
}

/**
 * THEOREMS.md §9 W regimes:
 * - small: N(0, σ_W²), σ_W ∈ {0.01, 0.3, 1, 3};
 * - aligned: t·W*_max + N(0, 0.1²), t ∈ [0, 60];
 * - misclassifying: −t·W*_max, t ∈ [0.1, 30];
 * - low-loss: (g/γ)·W*_max with minimum margin g ∈ [1, 4000], so L ≈ e^{−g} (log domain required).
 */
export type WeightRegime = 'small' | 'aligned' | 'misclassifying' | 'low-loss';
export const WEIGHT_REGIMES: readonly WeightRegime[] = ['small', 'aligned', 'misclassifying', 'low-loss'];

export interface WeightSpec {
  readonly regime: WeightRegime;
  /** σ_W, t or g depending on the regime. */
  readonly scale: number;
  readonly seed: number;
}

/** Deterministic construction of W from its spec (so a counterexample replays). */
export function weightFromSpec(pb: Problem, spec: WeightSpec): Matrix {
  const { k, d } = pb;
  const rng = makeRng(`W:${spec.regime}:${spec.scale}:${spec.seed}`);
  const W = zeros(k, d);
  const noise = (s: number): void => {
    for (let i = 0; i < W.data.length; i++) W.data[i] = W.data[i]! + s * rng.normal();
  };
  switch (spec.regime) {
    case 'small':
      noise(spec.scale);
      return W;
    case 'aligned':
    case 'misclassifying':
    case 'low-loss': {
      const star = pb.margin(Infinity);
      const f = spec.regime === 'aligned' ? spec.scale : spec.regime === 'misclassifying' ? -spec.scale : spec.scale / star.gamma;
      for (let i = 0; i < W.data.length; i++) W.data[i] = f * star.W.data[i]!;
      if (spec.regime === 'aligned') noise(0.1);
      return W;
    }
  }
}

export function weightSpec(c: WeightMatrixConstraints = {}): fc.Arbitrary<WeightSpec> {
  const regimes = c.regimes ?? WEIGHT_REGIMES;
  const seed = fc.integer({ min: 0, max: 1_000_000 });
  const byRegime: Record<WeightRegime, fc.Arbitrary<WeightSpec>> = {
    small: fc.record({ regime: fc.constant('small' as const), scale: fc.constantFrom(0.01, 0.3, 1, 3), seed }),
    aligned: fc.record({ regime: fc.constant('aligned' as const), scale: fc.double({ min: 0, max: 60, noNaN: true }), seed }),
    misclassifying: fc.record({ regime: fc.constant('misclassifying' as const), scale: fc.double({ min: 0.1, max: 30, noNaN: true }), seed }),
    'low-loss': fc.record({ regime: fc.constant('low-loss' as const), scale: fc.double({ min: 1, max: 4000, noNaN: true }), seed }),
  };
  return fc.oneof(...regimes.map((r) => byRegime[r]));
}

export interface PerturbationSpec {
  readonly sigma: number;
  readonly seed: number;
}

/** Perturbation recipes: Δ ~ N(0, σ²), σ ∈ {1e-3, 0.1, 1} (THEOREMS.md §9). */
export function perturbationSpec(): fc.Arbitrary<PerturbationSpec> {
  return fc.record({ sigma: fc.constantFrom(1e-3, 0.1, 1), seed: fc.integer({ min: 0, max: 1_000_000 }) });
}

/** The k×d perturbation a spec describes (deterministic). */
export function perturbationFromSpec(k: number, d: number, { sigma, seed }: PerturbationSpec): Matrix {
  const rng = makeRng(`Delta:${sigma}:${seed}`);
  const D = zeros(k, d);
  for (let i = 0; i < D.data.length; i++) D.data[i] = sigma * rng.normal();
  return D;
}

/** A perturbation of W's shape (k×d). */
export function perturbation(k: number, d: number): fc.Arbitrary<Matrix> {
  return perturbationSpec().map((s) => perturbationFromSpec(k, d, s));
}

/** Step sizes η ∈ {1e-3, 1e-2, 0.1, 1}. */
export const stepSize = (): fc.Arbitrary<number> => fc.constantFrom(1e-3, 1e-2, 0.1, 1);
