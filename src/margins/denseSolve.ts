/** Gaussian elimination with partial pivoting on a dense n×n system (K and b are overwritten); null if singular. */
export function solveDense(K: Float64Array, b: Float64Array, n: number): Float64Array | null {
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(K[r * n + col]!) > Math.abs(K[piv * n + col]!)) piv = r;
    if (!(Math.abs(K[piv * n + col]!) > 0)) return null;
    if (piv !== col) {
      for (let c = 0; c < n; c++) {
        const t = K[col * n + c]!;
        K[col * n + c] = K[piv * n + c]!;
        K[piv * n + c] = t;
      }
      const t = b[col]!;
      b[col] = b[piv]!;
      b[piv] = t;
    }
    const inv = 1 / K[col * n + col]!;
    for (let r = col + 1; r < n; r++) {
      const f = K[r * n + col]! * inv;
      if (f === 0) continue;
      for (let c = col; c < n; c++) K[r * n + c] = K[r * n + c]! - f * K[col * n + c]!;
      b[r] = b[r]! - f * b[col]!;
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let v = b[r]!;
    for (let c = r + 1; c < n; c++) v -= K[r * n + c]! * x[c]!;
    x[r] = v / K[r * n + r]!;
  }
  return x;
}
