import type { Dataset } from '../data/dataset.js';
import { ArgumentError } from '../errors.js';
import { lpMargin, type LpMarginOptions } from './lpMargin.js';
import type { MarginResult } from './result.js';
import { svmMargin, type SvmOptions } from './svmMargin.js';

export type { MarginResult } from './result.js';
export type { MarginCertificate } from './certificate.js';
export { certifyMargin } from './certificate.js';
export { lpMargin } from './lpMargin.js';
export { svmMargin } from './svmMargin.js';
export { numPairs, pairMargins, pairClass, pairSample } from './pairs.js';

/** The norms with an exact margin solver: max-norm (p = ∞), sum-norm (p = 1), Frobenius (p = 2). */
export type MarginNorm = 'max' | '1' | '2';

export function normExponent(norm: MarginNorm | string): number {
  switch (norm) {
    case 'max':
    case 'inf':
    case 'Infinity':
      return Infinity;
    case '1':
      return 1;
    case '2':
      return 2;
    default:
      throw new ArgumentError(`unknown norm "${norm}": expected max, 1 or 2`);
  }
}

export function normLabel(p: number): MarginNorm {
  if (p === Infinity) return 'max';
  if (p === 1) return '1';
  if (p === 2) return '2';
  throw new ArgumentError(`no exact margin solver for p = ${p}: expected ∞, 1 or 2`);
}

/**
 * γ_p (D-γ) with its maximiser, certified: p = ∞ and p = 1 by GLPK with constraint
 * generation, p = 2 by the NNLS form of the multiclass hard-margin SVM.
 * Raises NotSeparableError when γ_p ≤ 0 up to tolerance, SolverError on solver trouble.
 */
export function margin(ds: Dataset, p: number, opts: LpMarginOptions & SvmOptions = {}): MarginResult {
  normLabel(p);
  return p === 2 ? svmMargin(ds, opts) : lpMargin(ds, p as 1, opts);
}
