import type { Dataset } from '../data/dataset.js';
import { NotSeparableError, SolverError } from '../errors.js';
import type { Matrix } from '../linalg/matrix.js';
import { unitNormalised } from '../linalg/norms.js';
import { certifyMargin, type MarginCertificate } from './certificate.js';
import type { MarginResult } from './result.js';
import { MARGIN_TOLERANCE, separabilityTolerance } from './tolerance.js';

export const gammaName = (p: number): string => `γ_${p === Infinity ? '∞' : p}`;

/** What a solver hands over for the verdict: its W, its dual (pairs, λ ≥ 0) and bookkeeping. */
export interface Candidate {
  readonly W: Matrix;
  readonly pairs: ArrayLike<number>;
  /** Any λ ≥ 0 on `pairs`; only their ratios matter to the certificate. */
  readonly lambda: ArrayLike<number>;
  /** The dual to report in the result (defaults to λ). */
  readonly reportedDual?: Float64Array;
  readonly solver: string;
  readonly rounds: number;
  readonly workingSetSize: number;
  readonly started: number;
}

/**
 * The one gate every margin solver passes. The certificate is recomputed on the caller's data
 * (not the solver's rescaled copy), then:
 * - upper ≤ separabilityTolerance: γ_p is certified to be ~0, the data are not separable
 *   (NotSeparableError; for p ∉ {1, ∞} the caller's `confirm` first re-decides it by the
 *   max-norm LP, so separability is always the LP's verdict);
 * - relGap ≤ MARGIN_TOLERANCE: the result, with γ = lower;
 * - anything else: a SolverError with the gap.
 */
export function verdict(ds: Dataset, p: number, c: Candidate, confirmNotSeparable?: (upper: number) => never): MarginResult {
  const W = unitNormalised(c.W, p);
  const certificate = certifyMargin(ds, p, W, c.pairs, c.lambda);
  const sepTol = separabilityTolerance(ds, p, c.pairs, c.lambda);
  if (certificate.upper <= sepTol) {
    if (confirmNotSeparable) confirmNotSeparable(certificate.upper);
    throw notSeparable(p, certificate.upper, sepTol);
  }
  if (!(certificate.relGap <= MARGIN_TOLERANCE)) throw notClosed(p, c.solver, certificate);
  return {
    p,
    gamma: certificate.lower,
    W,
    status: 'optimal',
    solver: c.solver,
    rounds: c.rounds,
    workingSetSize: c.workingSetSize,
    certificate,
    dual: { pairs: Int32Array.from(c.pairs), weights: c.reportedDual ?? Float64Array.from(c.lambda) },
    seconds: (performance.now() - c.started) / 1000,
  };
}

export function notSeparable(p: number, upper: number, tolerance: number): NotSeparableError {
  return new NotSeparableError(
    `data are not linearly separable: ${gammaName(p)} ≤ ${upper.toExponential(3)} (tolerance ${tolerance.toExponential(1)})`,
    upper,
  );
}

function notClosed(p: number, solver: string, c: MarginCertificate): SolverError {
  return new SolverError(
    `${gammaName(p)} (${solver}): the duality certificate does not close: γ ∈ [${c.lower}, ${c.upper}], ` +
      `relative gap ${c.relGap.toExponential(2)} > ${MARGIN_TOLERANCE.toExponential(0)}; refusing to report it as optimal`,
  );
}
