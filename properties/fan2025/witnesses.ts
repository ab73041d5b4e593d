/** Tightness witness families shared by the fan2025 suites (THEOREMS.md "tight?" column). */
import { problemFromRecipe } from '../../src/arbitraries/index.js';
import { deltaFromSpec, makePair, makePoint, type PairInput, type PointInput } from '../../src/claims/inputs.js';
import type { Matrix } from '../../src/linalg/matrix.js';
import type { Problem } from '../../src/problem.js';

/** n = 1, k = 2: a lone point, where several bounds hold with equality. */
export const lonePoint = (): Problem => problemFromRecipe({ recipe: 'edge', name: 'single-point-binary', seed: 3, d: 3 });

export const scaled = (W: Matrix, t: number): Matrix => ({ ...W, data: W.data.map((v) => t * v) });

/** W = t·W*_max on the lone point: margin t·γ, loss ≈ e^{−tγ}. */
export function lonePointAt(t: number): PointInput {
  const pb = lonePoint();
  return makePoint(pb, scaled(pb.margin(Infinity).W, t));
}

/**
 * W = t·W*_max and W' = W + δ(e_c − e_y)sign(x)ᵀ (sign +1: lowers the margin by 2Bδ, the
 * direction that makes Lemma 5.1 tight), or the opposite direction (sign −1).
 */
export function lonePointPair(t: number, delta: number, sign: 1 | -1): PairInput {
  const pb = lonePoint();
  const W = scaled(pb.margin(Infinity).W, t);
  return makePair(pb, W, deltaFromSpec(pb, { kind: 'adversarial', i: 0, c: 0, delta, sign }));
}
