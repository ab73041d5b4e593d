import type { CheckOutcome } from './types.js';

/**
 * Comparisons with the tolerance policy of THEOREMS.md §9: the tight side may exceed its
 * bound by rounding only (relative 1e-12 by default); loss/proxy comparisons go through logs.
 */
export const REL_TOL = 1e-12;

/** lhs ≤ rhs·(1 + rel) + abs. */
export function leq(lhs: number, rhs: number, part?: string, rel = REL_TOL, abs = 1e-300): CheckOutcome {
  const ok = lhs <= rhs * (1 + Math.sign(rhs) * rel) + abs;
  // Within the rounding slack the ratio is reported as 1 (at the bound), not as lhs/rhs;
  // with rhs ≤ 0 a ratio says nothing about tightness (NaN: not tracked).
  const ratio = ok && lhs > rhs ? 1 : rhs > 0 ? lhs / rhs : ok ? NaN : Infinity;
  return { ok, lhs, rhs, ratio, ...(part !== undefined ? { part } : {}) };
}

/** log a ≤ log b + rel·max(1, |log b|) (both logs may be −Infinity). */
export function logLeq(logLhs: number, logRhs: number, part?: string, rel = REL_TOL): CheckOutcome {
  const ok = logLhs === -Infinity || logLhs <= logRhs + rel * Math.max(1, Math.abs(logRhs));
  const ratio = logLhs === -Infinity ? 0 : Math.exp(logLhs - logRhs);
  return { ok, lhs: logLhs, rhs: logRhs, ratio, ...(part !== undefined ? { part } : {}) };
}

/**
 * An identity lhs = rhs up to relative `rel` (scale: max(|lhs|, |rhs|, floor)).
 * Its ratio is 1 + the relative error, so 1 means exact.
 */
export function equal(lhs: number, rhs: number, part?: string, rel = REL_TOL, floor = 0): CheckOutcome {
  const scale = Math.max(Math.abs(lhs), Math.abs(rhs), floor);
  const err = lhs === rhs ? 0 : Math.abs(lhs - rhs) / scale;
  return { ok: err <= rel, lhs, rhs, ratio: 1 + err, ...(part !== undefined ? { part } : {}) };
}
