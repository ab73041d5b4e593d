import type { Matrix } from '../linalg/matrix.js';
import type { MarginCertificate } from './certificate.js';

/**
 * The result of a max-margin solve, in the style of scipy.optimize's OptimizeResult. Solvers
 * return only certified optimal results; anything else is raised as a typed error
 * (SolverError, NotSeparableError) naming what went wrong.
 */
export interface MarginResult {
  /** Entrywise norm exponent: Infinity (max-norm), 1, 2 (Frobenius) or a finite p > 2. */
  readonly p: number;
  /** γ_p = m(W) for the returned W (the certificate's lower end, within MARGIN_TOLERANCE of γ_p). */
  readonly gamma: number;
  /** A maximiser with ‖W‖_p = 1, k×d. For p = 2 the SVM solution is Ŵ = W/γ_2. */
  readonly W: Matrix;
  readonly status: 'optimal';
  /** Which solver and method produced it. */
  readonly solver: string;
  /** Working-set rounds (LP), active-set iterations (NNLS) or Newton steps (p > 2). */
  readonly rounds: number;
  /** Pairs in the final working set (LP) or passive set (NNLS). */
  readonly workingSetSize: number;
  readonly certificate: MarginCertificate;
  /**
   * Dual weights λ_p ≥ 0 on pairs (the support: λ_p > 0 only on active pairs). For p ∈ {1, ∞}
   * the LP dual, Σλ_p = 1; for p = 2 the SVM dual α (Ŵ = W/γ = Σ α_p a_p); for p > 2 the KKT
   * multipliers of ∇½‖Ŵ‖_p² = Σ λ_p a_p. The last two are in the data's units (∝ 1/s² for sX):
   * at extreme scales they may under- or overflow; the certificate is computed before that.
   */
  readonly dual: { readonly pairs: Int32Array; readonly weights: Float64Array };
  readonly seconds: number;
}
