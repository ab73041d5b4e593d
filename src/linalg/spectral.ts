import type { Matrix } from './matrix.js';

/**
 * σ_max(X), the largest singular value, by power iteration on XᵀX (deterministic start,
 * relative change below 1e-13 or 10⁴ iterations).
 */
export function largestSingularValue(X: Matrix): number {
  const { rows: n, cols: d, data } = X;
  let v = new Float64Array(d).fill(1 / Math.sqrt(d));
  let lambda = 0;
  for (let it = 0; it < 10000; it++) {
    const xv = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += data[i * d + j]! * v[j]!;
      xv[i] = s;
    }
    const w = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) w[j] += data[i * d + j]! * xv[i]!;
    const norm = Math.sqrt(w.reduce((a, b) => a + b * b, 0));
    if (norm === 0) return 0;
    const next = norm;
    v = w.map((x) => x / norm);
    if (Math.abs(next - lambda) <= 1e-13 * next) {
      lambda = next;
      break;
    }
    lambda = next;
  }
  return Math.sqrt(lambda);
}
