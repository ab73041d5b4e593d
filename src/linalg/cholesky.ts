/**
 * Solves A x = b for a symmetric positive definite n×n matrix A (row-major; overwritten by
 * its Cholesky factor). Returns null when A is not numerically positive definite.
 */
export function choleskySolveInPlace(A: Float64Array, b: ArrayLike<number>, n: number): Float64Array | null {
  for (let j = 0; j < n; j++) {
    let s = A[j * n + j]!;
    for (let t = 0; t < j; t++) s -= A[j * n + t]! * A[j * n + t]!;
    if (!(s > 0)) return null;
    const ljj = Math.sqrt(s);
    A[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let v = A[i * n + j]!;
      for (let t = 0; t < j; t++) v -= A[i * n + t]! * A[j * n + t]!;
      A[i * n + j] = v / ljj;
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let v = x[i]!;
    for (let t = 0; t < i; t++) v -= A[i * n + t]! * x[t]!;
    x[i] = v / A[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let v = x[i]!;
    for (let t = i + 1; t < n; t++) v -= A[t * n + i]! * x[t]!;
    x[i] = v / A[i * n + i]!;
  }
  return x;
}
