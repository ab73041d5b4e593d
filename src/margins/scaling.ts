import type { Dataset } from '../data/dataset.js';

/**
 * The data as the margin solvers see them, scale-free. Row i is x_i = 2^{e_i}·x̂_i with
 * max_j |x̂_ij| ∈ [1, 2) (an exact power-of-two rescaling), and E = min_i e_i. With
 * X̃ = 2^{−E}·X the margin constraints of D-γ read
 *   ⟨a_q(X̃), W⟩ = ⟨â_q, W⟩ / c_i ≥ t,   c_i = 2^{E − e_i} ∈ (0, 1],
 * so a solver works with O(1) numbers: the row directions x̂_i and the weights c_i. Since
 * γ_p(sX) = s·γ_p(X) and the maximiser W does not depend on s, γ_p(X) = 2^E·γ_p(X̃) and W is
 * shared. E is set by the smallest row because every pair bounds γ_p ≤ ‖a_q‖_{p*}: γ_p(X̃) is
 * at most O(1), and rows far larger than the rest (an entry of 1e308) get c_i → 0 instead of
 * overflowing.
 */
export interface ScaledData {
  /** The rows x̂_i (labels and k of the original). */
  readonly hat: Dataset;
  /** c_i = 2^{E − e_i} per sample (1 for the smallest rows, → 0 for far larger ones). */
  readonly c: Float64Array;
  /** E: X̃ = 2^{−E} X. */
  readonly E: number;
}

/** Rows whose scale exceeds the smallest by more than 2^CAP get c_i = 2^{−CAP} (a normal number). */
const CAP = 1000;

/** ⌊log₂|v|⌋, exactly, for finite v ≠ 0 (subnormals included). */
export function exponentOf(v: number): number {
  const a = Math.abs(v);
  let e = Math.floor(Math.log2(a));
  // log2 may round across an integer near powers of two: fix it against exact powers.
  while (pow2(e) > a) e--;
  while (pow2(e + 1) <= a) e++;
  return e;
}

/** 2^n for any integer n, exact where representable (0 or Infinity beyond). */
export function pow2(n: number): number {
  if (n > 1023) return Infinity;
  if (n >= -1022) return Math.pow(2, n);
  if (n < -1074) return 0;
  return Math.pow(2, n + 1022) * Math.pow(2, -1022);
}

/** v·2^n without intermediate overflow or underflow (rounded once, only if the result is subnormal). */
export function ldexp(v: number, n: number): number {
  let x = v;
  let r = n;
  while (r > 1000) {
    x *= pow2(1000);
    r -= 1000;
  }
  while (r < -1000) {
    x *= pow2(-1000);
    r += 1000;
  }
  return x * pow2(r);
}

export function scaleData(ds: Dataset): ScaledData {
  const n = ds.X.rows;
  const d = ds.X.cols;
  const e = new Float64Array(n);
  let E = Infinity;
  for (let i = 0; i < n; i++) {
    let mx = 0;
    for (let j = 0; j < d; j++) mx = Math.max(mx, Math.abs(ds.X.data[i * d + j]!));
    e[i] = mx > 0 ? exponentOf(mx) : NaN;
    if (mx > 0) E = Math.min(E, e[i]!);
  }
  if (E === Infinity) E = 0; // all rows zero
  const data = new Float64Array(n * d);
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // A zero row stays zero with weight 1: its constraints 0 ≥ t make t ≤ 0, as they should.
    const ei = Number.isNaN(e[i]!) ? E : e[i]!;
    c[i] = pow2(-Math.min(CAP, ei - E));
    for (let j = 0; j < d; j++) data[i * d + j] = ldexp(ds.X.data[i * d + j]!, -ei);
  }
  return { hat: { ...ds, X: { rows: n, cols: d, data } }, c, E };
}
