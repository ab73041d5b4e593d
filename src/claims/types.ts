import type fc from 'fast-check';
import type { Dec } from '../exact/decimal.js';
import type { Horizon } from '../trajectory/horizon.js';

/**
 * The claims registry's vocabulary (ARCHITECTURE.md: a claim = id, paper reference, statement,
 * assumptions, arbitrary, check). A claim is data plus two functions; the vitest suites and
 * `ibh verify` both run it through `runClaim`, so no claim is written twice.
 */

/** A named, separately checkable hypothesis of a claim (Ass. 3.1, ‖x_i‖_1 ≤ B, s ∈ Δ, ...). */
export interface Assumption<I> {
  readonly id: string;
  readonly statement: string;
  /** Does this input satisfy the assumption? */
  holds(input: I): boolean;
}

/**
 * One evaluation of a claim on one input. For an inequality lhs ≤ rhs, `ratio` = lhs/rhs
 * (≤ 1 holds; → 1 means the constant is nearly tight). For log-domain comparisons, lhs and rhs
 * are logs and ratio = e^{lhs − rhs}.
 */
export interface CheckOutcome {
  readonly ok: boolean;
  readonly lhs: number;
  readonly rhs: number;
  readonly ratio: number;
  /** Which part of a multi-part claim this outcome is about (e.g. "upper"). */
  readonly part?: string;
  readonly note?: string;
  /**
   * Set when the run behind this outcome stopped at the optimizer's precision horizon
   * (`runTrajectory`): the outcome covers the steps up to it only.
   */
  readonly horizon?: Horizon;
  /**
   * The check could not be made: the steps it looks at lie past the optimizer's precision
   * horizon. Such an outcome has ok = true (the arithmetic stopped the run, not a fault of the
   * optimizer) but is no pass: reports count it apart (`ClaimResult.unchecked`).
   */
  readonly unchecked?: boolean;
}

/**
 * Both sides of one outcome evaluated in high precision on the same (float) input, in the same
 * domain as the float outcome (logs where it compares logs). `relation` is what the claim states:
 * lhs ≤ rhs, or lhs = rhs. `scale` is the magnitude of the terms the sides sum, when cancellation
 * makes the sides much smaller than their terms (an identity): the exact comparison allows
 * EXACT_REL of max(|lhs|, |rhs|, scale), the residue of 60-digit arithmetic, and nothing more.
 */
export interface ExactSides {
  readonly part?: string;
  readonly lhs: Dec;
  readonly rhs: Dec;
  readonly relation: 'leq' | 'eq';
  readonly scale?: Dec;
  /**
   * The sides are logs (as in a log-domain check): a float log carries an absolute rounding of
   * ~ε·max(1, |log|), so its agreement with the exact value is judged on that scale.
   */
  readonly log?: boolean;
  /**
   * An absolute error the float evaluation of a side may carry beyond relative rounding (a
   * relative change computed from two logs: ~ε·|log|), so that it still counts as agreeing.
   */
  readonly floatError?: number;
}

/**
 * How a failure stands in exact arithmetic (issue #10): 'certified' = the inequality fails when
 * both sides are evaluated in high precision on the float inputs (a refutation); 'rounding' =
 * it holds there, so the float64 check failed on a near-tie (a harness tolerance defect, never
 * a refutation); 'uncertified' = the claim has no exact evaluator for the failing outcome.
 */
export type Certification = 'certified' | 'rounding' | 'uncertified';

/**
 * What a claim needs of the optimizer under test beyond `init`/`update`: 'moments' = the
 * `Optimizer.moments` accessor (Adam's m_t and v_t, Lemma D.1/D.4). A claim built with an
 * optimizer that lacks it throws an ArgumentError from `check`; a gate skips it instead.
 */
export type ClaimNeed = 'moments';

export type PaperId = 'fan2025' | 'ravi2024';

/**
 * What a pass means (issue #8):
 * - `exact-inequality`: an inequality or identity with explicit constants, checked at every
 *   input (or every step of a run); it can only fail on a real violation (up to the stated
 *   rounding tolerance).
 * - `explicit-bound`: a theorem's explicit right-hand side (constants derived in THEOREMS.md)
 *   checked at every checkpoint of a run; as hard as an exact inequality, over a finite run.
 * - `asymptotic-evidence`: an O(·) or limit statement, which no finite run can prove or refute;
 *   the check is a calibrated finite-horizon proxy (a fitted exponent, a bounded ratio), whose
 *   threshold is justified where it is defined.
 */
export type ClaimKind = 'exact-inequality' | 'explicit-bound' | 'asymptotic-evidence';
export const CLAIM_KINDS: readonly ClaimKind[] = ['exact-inequality', 'explicit-bound', 'asymptotic-evidence'];

export interface Claim<I = unknown> {
  /** Stable id: paper and number, e.g. "fan2025/lemma-4.2". */
  readonly id: string;
  readonly paper: PaperId;
  /** The paper's numbering with its appendix twin, e.g. "Lemma 4.2 = A.3". */
  readonly ref: string;
  readonly title: string;
  /** The statement as text, with its formula. */
  readonly statement: string;
  readonly assumptions: readonly Assumption<I>[];
  /**
   * Inputs. With an assumption id in `relax`, the generator also produces inputs that may
   * violate that assumption (for assumption probes); otherwise every input satisfies all.
   */
  inputs(relax?: ReadonlySet<string>): fc.Arbitrary<I>;
  /** Evaluates the claim; one outcome per part (an identity may have several). */
  check(input: I): CheckOutcome | readonly CheckOutcome[];
  /** Default number of runs (the suite's budget); `--quick` divides it. */
  readonly runs: number;
  /** THEOREMS.md confidence of the catalog entry. */
  readonly confidence: 'high' | 'medium-high' | 'medium' | 'low';
  /** Is the catalog's constant tight (a witness family reaches ratio 1)? */
  readonly tight: boolean;
  /** What kind of statement the check is, so a reader knows what a pass means. */
  readonly kind: ClaimKind;
  /** What the claim needs of the optimizer under test beyond init/update (none if absent). */
  readonly needs?: readonly ClaimNeed[];
  /**
   * Both sides of each outcome of `check(input)` in high precision (src/exact), matched to the
   * outcomes by `part`. Run only on a failing input, to certify the failure (cost is no concern).
   * A claim without it reports its failures as 'uncertified'.
   */
  exact?(input: I): readonly ExactSides[];
}

/** What `runClaim` returns: plain data, for summary.json, HTML reports and a failure database. */
export interface ClaimResult {
  readonly id: string;
  readonly ref: string;
  readonly title: string;
  readonly status: 'pass' | 'fail' | 'error';
  readonly runs: number;
  /** fast-check seed and path: `fc.assert(prop, { seed, path })` replays the failure. */
  readonly seed: number;
  readonly path?: string;
  /** The shrunk counterexample, printed so it can be pasted back. */
  readonly counterexample?: string;
  readonly failure?: { readonly message: string; readonly outcome?: CheckOutcome };
  /** Largest lhs/rhs seen over passing runs: how close the inputs came to the bound. */
  readonly worstRatio: number;
  readonly shrinks?: number;
  readonly relaxed?: readonly string[];
  readonly durationMs: number;
  readonly kind: ClaimKind;
  /** The earliest precision horizon any run of the claim stopped at (absent: none did). */
  readonly horizon?: Horizon;
  /** How many inputs had an outcome that could not be checked past the horizon (absent: 0). */
  readonly unchecked?: number;
  /** A failure's standing in exact arithmetic (absent on a pass). */
  readonly certification?: Certification;
  /** Both sides of the reported failing outcome in high precision (decimal strings). */
  readonly exact?: { readonly lhs: string; readonly rhs: string };
  /** Inputs per label of each input dimension (recipe, k, d, loss level), over the generated runs. */
  readonly coverage?: { readonly [dimension: string]: { readonly [label: string]: number } };
  /** Each passing run's largest finite lhs/rhs ratio, in run order. */
  readonly ratios?: readonly number[];
}
