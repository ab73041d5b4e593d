import { decText, Exact } from '../exact/decimal.js';
import type { Certification, CheckOutcome, Claim, ExactSides } from './types.js';

/**
 * Certified refutations (issue #10). A failing float64 check is re-evaluated in high precision on
 * the same float inputs (the claim's `exact`): if the inequality fails there too, the failure is
 * `certified`; if it holds, the float64 check failed on a near-tie (`rounding`), a defect of the
 * harness's tolerance and never a refutation of the lemma.
 */

/**
 * The relative slack of the exact comparison: the residue of 60-digit arithmetic (each operation
 * rounds at 1e-60; sums of a few hundred terms and exp/ln stay below 1e-55), with a margin. A side
 * that exceeds the other by less than this is indistinguishable from equality at this precision;
 * it is 24 orders of magnitude below float64's rounding, so it cannot hide a float64-visible fault.
 */
export const EXACT_REL = 1e-40;

/** Does the relation hold for the high-precision sides (up to EXACT_REL)? undefined: NaN sides. */
export function holdsExactly(s: ExactSides): boolean | undefined {
  if (s.lhs.isNaN() || s.rhs.isNaN()) return undefined;
  if (s.relation === 'leq') {
    if (s.lhs.lte(s.rhs)) return true;
    if (!s.lhs.isFinite() || !s.rhs.isFinite()) return false;
  } else if (s.lhs.eq(s.rhs)) return true;
  else if (!s.lhs.isFinite() || !s.rhs.isFinite()) return false;
  // A log near 0 carries an absolute residue (ln of a sum near 1): logs compare on max(1, |log|).
  const scale = Exact.max(s.lhs.abs(), s.rhs.abs(), s.scale?.abs() ?? 0, s.log ? 1 : 0);
  const gap = s.relation === 'leq' ? s.lhs.minus(s.rhs) : s.lhs.minus(s.rhs).abs();
  return gap.lte(scale.times(EXACT_REL));
}

/**
 * Relative agreement of a float side with its high-precision value for a failure to count as a
 * near-tie: a float64 side carries at most ~1e-13 relative error here, so 1e-8 separates rounding
 * from a float evaluation that computes something else (a broken loss or gradient implementation:
 * the statement then holds in exact arithmetic, but the float check failed for another reason).
 */
export const AGREE_REL = 1e-8;

function close(x: number, e: ExactSides['lhs'], scale: number, extra: number): boolean {
  if (!e.isFinite() || !Number.isFinite(x)) return e.isNaN() ? false : e.toNumber() === x;
  return Math.abs(x - e.toNumber()) <= AGREE_REL * Math.max(Math.abs(x), Math.abs(e.toNumber()), scale, Number.MIN_VALUE) + extra;
}

/** Do the float sides of the outcome agree with the high-precision ones (up to AGREE_REL)? */
export function floatAgrees(o: CheckOutcome, s: ExactSides): boolean {
  const scale = Math.max(s.scale?.toNumber() ?? 0, s.log ? 1 : 0);
  return close(o.lhs, s.lhs, scale, s.floatError ?? 0) && close(o.rhs, s.rhs, scale, s.floatError ?? 0);
}

export interface Certificate {
  readonly certification: Certification;
  /** The failing outcome the certification is about (a certified one if any). */
  readonly outcome: CheckOutcome;
  /** Its high-precision sides (absent: uncertified). */
  readonly exact?: { readonly lhs: string; readonly rhs: string };
}

/** The sides matching an outcome (same part; an outcome without part matches sides without part). */
export const sidesOf = (sides: readonly ExactSides[], o: CheckOutcome): ExactSides | undefined => sides.find((s) => s.part === o.part);

/** The claim's high-precision sides on the input, or undefined (no evaluator, or it failed). */
export function exactSides<I>(claim: Claim<I>, input: I): readonly ExactSides[] | undefined {
  if (!claim.exact) return undefined;
  try {
    return claim.exact(input);
  } catch {
    return undefined;
  }
}

export const exactText = (s: ExactSides): { lhs: string; rhs: string } => ({ lhs: decText(s.lhs), rhs: decText(s.rhs) });

/**
 * Certifies the failing outcomes of one input: 'certified' if any of them fails in high
 * precision, 'rounding' if every one of them holds there, else 'uncertified'. Undefined when
 * no outcome fails.
 */
export function certify<I>(claim: Claim<I>, input: I, outcomes: readonly CheckOutcome[]): Certificate | undefined {
  const failing = outcomes.filter((o) => !o.ok);
  if (failing.length === 0) return undefined;
  const sides = exactSides(claim, input);
  if (!sides) return { certification: 'uncertified', outcome: failing[0]! };
  const judged = failing.map((o) => {
    const s = sidesOf(sides, o);
    return { o, s, holds: s ? holdsExactly(s) : undefined, agrees: s ? floatAgrees(o, s) : false };
  });
  const refuted = judged.find((j) => j.holds === false);
  if (refuted) return { certification: 'certified', outcome: refuted.o, exact: exactText(refuted.s!) };
  // A near-tie: the statement holds in high precision and the float sides are its rounded values.
  if (judged.every((j) => j.holds === true && j.agrees)) return { certification: 'rounding', outcome: judged[0]!.o, exact: exactText(judged[0]!.s!) };
  return { certification: 'uncertified', outcome: judged.find((j) => j.holds !== true || !j.agrees)!.o };
}

/** How a certification reads in a failure line. */
export function certificationNote(c: Certification): string {
  switch (c) {
    case 'certified':
      return 'certified: fails in exact arithmetic';
    case 'rounding':
      return 'not a refutation: holds in exact arithmetic; float64 near-tie (harness tolerance defect)';
    case 'uncertified':
      return 'uncertified: no exact evaluator for this check, or its float sides disagree with the exact ones';
  }
}
