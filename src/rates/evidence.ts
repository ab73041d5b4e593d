import { logLogSlope, type LineFit } from './fit.js';

/**
 * Evidence (not proof) for an O(rate(t)) bound: the exponent β̂ of gap ≈ C·S_t^{−β} fitted over
 * a late window, S_t = Σ_{s<t}η_s of the claimed schedule, against the exponent the rate itself
 * has in S_t over the same window, β* (from the same fit applied to rate(t): 1 for
 * t^{−(1−a)} and 1/log t, a/(1−a) for t^{−a}, 1 − 1/log S locally for log t/√t).
 *
 * Why S_t and not t: every bound here is [numerator]/S_t, so the exponent in S_t is defined the
 * same way at a = 1 (S_t ≍ log t) as at a < 1, and is 1 whenever the numerator is bounded.
 *
 * Status `consistent` iff β̂ + 2·se ≥ β* − tol: a decay slower than the rate by more than tol in
 * the exponent (beyond two standard errors) is `inconsistent`. tol is a calibrated threshold; its
 * measured justification is at the claims that set it (src/claims/fan2025/rates.ts).
 */
export interface ExponentEvidence {
  /** β̂ with its standard error (of gap against S_t over the window). */
  readonly beta: number;
  readonly se: number;
  /** The fit's intercept: log gap ≈ intercept − β·log S_t over the window (NaN when the gap reached 0). */
  readonly intercept: number;
  /** β*: the rate's own exponent in S_t over the window. */
  readonly claimed: number;
  readonly tol: number;
  readonly status: 'consistent' | 'inconsistent';
  readonly window: readonly [number, number];
  readonly points: number;
}

/**
 * `gaps` should be non-increasing (a tail supremum); values ≤ `zero` (the rounding level of the
 * gap, e.g. 10⁻¹²·γ) count as 0: a gap that is 0 over the whole window has reached the
 * max-margin value, faster than any rate (`reachedZero`); later zeros are clamped to `zero`.
 */
export function exponentEvidence(ts: readonly number[], gaps: readonly number[], S: (t: number) => number, rate: (t: number) => number, window: readonly [number, number], tol: number, zero = 0): ExponentEvidence & { readonly reachedZero: boolean } {
  const inWin = ts.filter((t) => t >= window[0] && t <= window[1]);
  const ss = inWin.map(S);
  const gs = ts.flatMap((t, i) => (t >= window[0] && t <= window[1] ? [Math.max(gaps[i]!, zero)] : []));
  const rfit = logLogSlope(ss, inWin.map(rate), -Infinity, Infinity);
  const claimed = -rfit.slope;
  if (gs.length > 0 && gs.every((g) => g <= zero)) return { beta: Infinity, se: 0, intercept: NaN, claimed, tol, status: 'consistent', window, points: gs.length, reachedZero: true };
  const fit: LineFit = logLogSlope(ss, gs, -Infinity, Infinity);
  const beta = -fit.slope;
  const ok = fit.n >= 3 && beta + 2 * fit.se >= claimed - tol;
  return { beta, se: fit.se, intercept: fit.intercept, claimed, tol, status: ok ? 'consistent' : 'inconsistent', window, points: fit.n, reachedZero: false };
}
