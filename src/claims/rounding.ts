import type { Precision } from '../optimizers/types.js';
import { REL_TOL } from './outcome.js';

/**
 * The relative rounding a correct plain implementation carries in one step's update, for the
 * checks that compare ‖W_t‖ with Σ_{s<t} η_s (Lemma C.3, Thm 5.3 = C.4's ‖W_t‖_p ≤ S_t and the
 * margin measured against S_t). The lemmas hold for the exact update −η_tΔ_t with ‖Δ_t‖_p = 1;
 * an implementation in float32 returns each entry rounded, fl(−η_tΔ_t) = −η_tΔ_t(1 + δ):
 * |δ| ≤ 2⁻²⁴ for SignGD (one rounding of η_t), and for a normalised direction the norm's sum of
 * squares over the n = k·d entries adds at most n·2⁻²⁴ (recursive summation). So its iterates
 * satisfy the lemmas with η_s(1 + (n + 4)·2⁻²⁴) in place of η_s: that factor, not a wider
 * tolerance, is what the mathematics allows it. Float64 and log-domain optimizers keep the
 * catalog's REL_TOL (their (n + 4)·2⁻⁵³ is far below it).
 */
export function updateRounding(precision: Precision, entries: number): number {
  return precision === 'float32' ? (entries + 4) * 2 ** -24 : 0;
}

/** REL_TOL plus the update rounding of the precision (see updateRounding). */
export const stepTolerance = (precision: Precision, entries: number): number => REL_TOL + updateRounding(precision, entries);
