import { fitLine } from '../../rates/fit.js';

/**
 * Slope of `logValue` against log t over the points with t ≥ from (the tail of a run): −1 for
 * an O(1/t) quantity, 0 for one that levels off. NaN with fewer than two finite points.
 */
export function tailSlope<P extends { readonly t: number }>(points: readonly P[], logValue: (p: P) => number, from: number): number {
  const tail = points.filter((p) => p.t >= from && p.t > 0 && Number.isFinite(logValue(p)));
  return fitLine(tail.map((p) => Math.log(p.t)), tail.map(logValue)).slope;
}
