/**
 * Finite-window evidence that a quantity stays bounded, and its use for O(rate) claims.
 *
 * "gap(t) = O(rate(t))" says exactly that Q_t = gap(t)/rate(t) stays bounded. Over a finite run
 * the evidence is that Q stops growing: its rise over the last decade of t is at most `ratio`×
 * its rise over the decade before (it decelerates), or it is level. A bounded, converging Q has
 * shrinking rises (ratio < 1); Q growing like a power t^c has rises growing by 10^c per decade;
 * growth like log t has ratio exactly 1 (the proxy's blind spot: it needs ratio > 1 to fail).
 *
 * Unlike a fitted exponent of a tail supremum in S_t over the window, this does not need S_t to
 * grow much over the window (at a = 0.8 two decades of t are a factor ≈ 3 of S_t), nor the gap
 * to have left an early transient (an optimizer's early overshoot, a plateau): both only move
 * Q's early values, and a rise that stops counts as bounded (reports/rates/cor-6.4-plateau.md).
 */

/**
 * The proxy on three values of y at T/100, T/10, T: y(T) within `level` (relative, default 5%)
 * of the larger of the two earlier values (it has stopped rising), or its rise over the last
 * decade at most `ratio`× its rise over the decade before. `ratio` 1.1 is slack above 1 (the
 * boundary between a bounded y and log t growth); a caller with a calibrated reference
 * distribution may set other values.
 */
export function decelerates(y100: number, y10: number, y1: number, ratio = 1.1, level = 0.05): { ok: boolean; late: number; early: number } {
  const late = y1 - y10;
  const early = y10 - y100;
  const isLevel = y1 <= (1 + level) * Math.max(y100, y10);
  return { ok: isLevel || late <= Math.max(early, 0) * ratio, late, early };
}

export interface BoundedEvidence {
  /** max Q over the checkpoints in [T/100, t] for t = T/100 (its first checkpoint), T/10, T. */
  readonly values: readonly [number, number, number];
  /** The last decade's rise over the decade before's (Infinity when only the last decade rose). */
  readonly rise: number;
  /** The threshold on `rise` (null: reported, not judged). */
  readonly ratio: number | null;
  readonly status: 'bounded' | 'growing';
  readonly window: readonly [number, number];
  /** The reading at the shorter horizon that asked for this one (`RECHECK_FACTOR`). */
  readonly earlier?: BoundedEvidence;
}

/**
 * How far a `growing` reading at T is re-examined: on the same run continued to 10·T (one more
 * decade), whose reading decides. Two decades of one horizon cannot tell the early, accelerating
 * part of an S-shaped approach to a bound from growth: Adam's Q_t starts far below its limit (its
 * early steps exceed η_t, Lemma D.1) and on registry seeds 417 and 486 it read rise ratios 1.60
 * and 1.24 at T = 2·10⁴, then 0.81 and 0.05 at 2·10⁵ and bounded again at 2·10⁶
 * (reports/rates/cor-6.4-seed-417.md). A Q that grows keeps growing a decade later, so a fault
 * fails at both horizons; the re-check costs only the runs that read `growing` at T.
 */
export const RECHECK_FACTOR = 10;

/**
 * The sequential reading: `first` if it is bounded, else the reading of the run continued to
 * RECHECK_FACTOR·T (`longer`), which keeps `first` as its `earlier`.
 */
export function recheckedEvidence(first: BoundedEvidence, longer: () => BoundedEvidence): BoundedEvidence {
  return first.status === 'bounded' ? first : { ...longer(), earlier: first };
}

/**
 * The level tolerance of the rate evidence: Q(T) within 20% of its max up to T/10 counts as level.
 * A Q that approaches its bound slowly from below after an early dip (it sat high at T/100, fell,
 * and rises back: no early rise to compare with) is level by this, while a gap that stops
 * decaying is not: Q then grows like 1/rate, ×10^{1−a} per decade (×1.58 at a = 0.8), and the
 * rate faults' measured growth over the last decade was ≥ ×1.49 (RATIO_CALIBRATION). 20%: the
 * geometric midpoint of ×1 and ×1.49, ×1.22, rounded down to 0.05. Measured reference growth
 * when the ratio alone failed: ×1.14 (clusters {k: 4, d: 3, nPerClass: 2, σ: 0.1, seed: 9987},
 * γ = 0.011, a = 0.8: N_t = γS_t − m dips from 0.28 at t = 200 to 0.27 and rises to 0.41 at 2·10⁴).
 */
export const RATE_LEVEL = 0.2;

/**
 * The bounded-ratio evidence of an O(rate) bound: Q_t = series(t)/rate(t) over the checkpoints
 * t ∈ [T/100, T], through its running maximum from T/100 (sup_{T/100≤s≤t} Q_s: bounded iff Q
 * is, and non-decreasing, so a late dip cannot hide an earlier rise). `series` is the gap
 * statistic itself, not a tail supremum: its early negative values (the margin measured against
 * the schedule overshooting) are ≤ any positive bound and only lower Q's start. Status `bounded`
 * iff `decelerates` at `ratio` (at 1.1 when ratio is null: reported) and RATE_LEVEL.
 */
export function boundedRatioEvidence(ts: readonly number[], series: readonly number[], rate: (t: number) => number, T: number, ratio: number | null): BoundedEvidence {
  const window: readonly [number, number] = [T / 100, T];
  let run = -Infinity;
  let first = NaN;
  let atTenth = NaN;
  ts.forEach((t, i) => {
    if (t < window[0] || t > T) return;
    run = Math.max(run, series[i]! / rate(t));
    if (Number.isNaN(first)) first = run;
    if (t <= T / 10) atTenth = run;
  });
  const values: readonly [number, number, number] = [first, atTenth, run];
  const d = decelerates(first, atTenth, run, ratio ?? 1.1, RATE_LEVEL);
  const rise = d.late <= 0 ? 0 : d.early > 0 ? d.late / d.early : Infinity;
  return { values, rise, ratio, status: d.ok ? 'bounded' : 'growing', window };
}
