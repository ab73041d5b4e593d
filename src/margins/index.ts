import type { Dataset } from '../data/dataset.js';
import { ArgumentError } from '../errors.js';
import { lpMargin, type LpMarginOptions } from './lpMargin.js';
import type { MarginResult } from './result.js';
import { svmMargin, type SvmOptions } from './svmMargin.js';
import { pNormMargin } from './pNormMargin.js';

export type { MarginResult } from './result.js';
export type { MarginCertificate } from './certificate.js';
export { certifyMargin } from './certificate.js';
export { lpMargin } from './lpMargin.js';
export { svmMargin } from './svmMargin.js';
export { pNormMargin, type PNormOptions } from './pNormMargin.js';
export { MARGIN_TOLERANCE } from './tolerance.js';
export { MARGIN_TIME_LIMIT_SECONDS } from './budget.js';
export { numPairs, pairMargins, pairClass, pairSample } from './pairs.js';
export { svmKktResiduals, type SvmKktResiduals } from './svmKkt.js';

/**
 * The norms with a certified margin solver: max-norm (p = ∞), sum-norm (p = 1), Frobenius
 * (p = 2), and any finite p > 2 (interior point; certificates to ~1e-13 for p ≤ 10).
 */
export type MarginNorm = 'max' | '1' | '2' | `${number}`;

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
    default: {
      const p = Number(norm);
      if (Number.isFinite(p) && p > 2) return p;
      throw new ArgumentError(`unknown norm "${norm}": expected max, 1, 2 or a number p > 2`);
    }
  }
}

export function normLabel(p: number): MarginNorm {
  if (p === Infinity) return 'max';
  if (p === 1) return '1';
  if (p === 2) return '2';
  if (Number.isFinite(p) && p > 2) return `${p}`;
  throw new ArgumentError(`no certified margin solver for p = ${p}: expected ∞, 1, 2 or a finite p > 2`);
}

/**
 * γ_p (D-γ) with its maximiser, certified: p = ∞ and p = 1 by GLPK with constraint
 * generation, p = 2 by the NNLS form of the multiclass hard-margin SVM, finite p > 2 by a
 * log-barrier Newton method started from the max-norm LP's maximiser (pNormMargin). Every
 * solver works on the data rescaled by powers of two (scaling.ts), so γ_p(sX) = s·γ_p(X).
 * A result is returned only if its certificate, recomputed on `ds`, closes to
 * MARGIN_TOLERANCE (verdict.ts). Raises NotSeparableError when the max-norm LP certifies
 * γ ≤ 0 up to tolerance, SolverError on solver trouble, a time or iteration bound hit, or a
 * certificate that does not close.
 */
export function margin(ds: Dataset, p: number, opts: LpMarginOptions & SvmOptions = {}): MarginResult {
  const timeLimit = opts.timeLimitSeconds === undefined ? {} : { timeLimitSeconds: opts.timeLimitSeconds };
  normLabel(p);
  if (p === 2) return svmMargin(ds, opts);
  if (p === 1 || p === Infinity) return lpMargin(ds, p as 1, opts);
  return pNormMargin(ds, p, timeLimit);
}
