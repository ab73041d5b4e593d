/**
 * A PERM loss (THEOREMS.md §7, §10) seen from one sample: ℓ(v, y) = ψ(D_y v), with logits
 * v ∈ R^k and relative margins (v_y − v_c)_{c≠y}. Every method works in the log domain.
 *
 * All three losses share the gradient structure ∂ℓ/∂v_c = a_c ≥ 0 for c ≠ y and
 * ∂ℓ/∂v_y = −Σ_{c≠y} a_c, and their proxy G_i is that sum (CE: 1 − s_y; exp: ℓ itself;
 * PairLogLoss: Σ σ(v_c − v_y)), so one evaluator serves them all.
 */
export interface PermLoss {
  readonly name: LossName;
  readonly title: string;
  /**
   * Evaluates sample (v[off .. off+k), y). Writes log a_c into logA[off + c] for c ≠ y and
   * log G_i = log Σ_{c≠y} a_c into logA[off + y]. Returns log ℓ_i.
   */
  sample(v: Float64Array, off: number, k: number, y: number, logA: Float64Array): number;
  /**
   * log of the per-sample Hessian quadratic form uᵀ ∇²_v ℓ(v, y) u (A.2 (13) for CE), given
   * logA as written by `sample` for the same v. −Infinity when the form is exactly 0.
   */
  logHessianForm(v: Float64Array, off: number, k: number, y: number, logA: Float64Array, u: Float64Array): number;
  /** The template ψ(z) on the k−1 relative margins z (R-templates). */
  template(z: ArrayLike<number>): number;
  /** −∂_jψ(z) for every j, into out (R-ET). */
  templateNegGradient(z: ArrayLike<number>, out: Float64Array): Float64Array;
}

export type LossName = 'ce' | 'exp' | 'pll' | 'poly';
