import type { Matrix } from '../linalg/matrix.js';
import type { MarginCertificate } from './certificate.js';

/**
 * The result of a max-margin solve, in the style of scipy.optimize's OptimizeResult. Solvers
 * return only certified optimal results; anything else is raised as a typed error
 * (SolverError, NotSeparableError) naming what went wrong.
 */
export interface MarginResult {
  /** Entrywise norm exponent: Infinity (max-norm), 1 or 2 (Frobenius). */
  readonly p: number;
  /** γ_p = m(W) for the returned W (the certificate's lower end). */
  readonly gamma: number;
  /** A maximiser with ‖W‖_p = 1, k×d. For p = 2 the SVM solution is Ŵ = W/γ_2. */
  readonly W: Matrix;
  readonly status: 'optimal';
  /** Which solver and method produced it. */
  readonly solver: string;
  /** Working-set rounds (LP) or active-set iterations (NNLS). */
  readonly rounds: number;
  /** Pairs in the final working set (LP) or passive set (NNLS). */
  readonly workingSetSize: number;
  readonly certificate: MarginCertificate;
  /** Dual weights λ_p ≥ 0 on pairs (the support: λ_p > 0 only on active pairs). */
  readonly dual: { readonly pairs: Int32Array; readonly weights: Float64Array };
  readonly seconds: number;
}
