import type { RateBound } from './bounds.js';
import { logLogSlope, type LineFit } from './fit.js';

/**
 * An honest check of an upper-bound rate with an unknown constant (issue #4):
 * 1. the late-window log-log slope of the gap, with its standard error, is no slower than the
 *    bound's own slope over the same window (log factors included): slope ≤ rateSlope + 2·se + tol;
 * 2. gap(t) ≤ C·rate(t)·(1 + slack) on the late window, with C = max gap/rate on the early window.
 * A decay slower than claimed fails both. The defaults (tol 0.05, slack 15%) allow the finite-
 * window drift of a bounded numerator: THEOREMS.md §13 records gap·ln t rising 13.7 → 14.0 at
 * a = 1, and short runs here drift up to 8% per decade at a = 1 while converging; the planted
 * slow optimizers exceed both by factors.
 */
export interface RateVerdict {
  readonly bound: string;
  readonly claimedExponent: number;
  /** Slope of log rate(t) over the late window (the claimed exponent with its log factor). */
  readonly rateSlope: number;
  readonly fitted: LineFit;
  readonly C: number;
  /** max over the late window of gap/(C·rate). */
  readonly lateRatio: number;
  readonly slopeOk: boolean;
  readonly envelopeOk: boolean;
  readonly ok: boolean;
  readonly windows: { readonly early: [number, number]; readonly late: [number, number] };
}

export interface VerdictOptions {
  /** Slope tolerance beyond 2 standard errors (default 0.05). */
  readonly slopeTol?: number;
  /** Envelope slack (default 0.15). */
  readonly slack?: number;
  readonly early?: [number, number];
  readonly late?: [number, number];
}

export function rateVerdict(ts: readonly number[], gaps: readonly number[], bound: RateBound, T: number, o: VerdictOptions = {}): RateVerdict {
  const rate = bound.rate;
  const early = o.early ?? [T / 100, T / 10];
  const late = o.late ?? [T / 10, T];
  const fitted = logLogSlope(ts, gaps, late[0], late[1]);
  const lateTs = ts.filter((t) => t >= late[0] && t <= late[1]);
  const rateFit = logLogSlope(lateTs, lateTs.map(rate), late[0], late[1]);
  let C = 0;
  ts.forEach((t, i) => {
    if (t >= early[0] && t <= early[1]) C = Math.max(C, gaps[i]! / rate(t));
  });
  let lateRatio = 0;
  ts.forEach((t, i) => {
    if (t >= late[0] && t <= late[1]) lateRatio = Math.max(lateRatio, gaps[i]! / (C * rate(t)));
  });
  const slopeOk = fitted.slope <= rateFit.slope + 2 * fitted.se + (o.slopeTol ?? 0.05);
  const envelopeOk = lateRatio <= 1 + (o.slack ?? 0.15);
  return {
    bound: bound.text,
    claimedExponent: bound.exponent,
    rateSlope: rateFit.slope,
    fitted,
    C,
    lateRatio,
    slopeOk,
    envelopeOk,
    ok: slopeOk && envelopeOk,
    windows: { early, late },
  };
}
