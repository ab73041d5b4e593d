/**
 * Log-domain scalar helpers. Everything here keeps full relative precision over the whole
 * float64 exponent range, so quantities such as L = e^{-4000} are carried as their logs.
 */

/** softplus(x) = log(1 + e^x), exact for all x (no overflow, no loss for x ≪ 0). */
export function softplus(x: number): number {
  if (x > 0) return x + Math.log1p(Math.exp(-x));
  return Math.log1p(Math.exp(x));
}

/** log σ(x) = −softplus(−x), the log of the logistic function. */
export function logSigmoid(x: number): number {
  return -softplus(-x);
}

/**
 * log(softplus(x)) = log log(1 + e^x), with full relative precision when x ≪ 0
 * (softplus(x) ≈ e^x underflows for x < −745, its log does not).
 */
export function logSoftplus(x: number): number {
  if (x < -20) {
    // log(log1p(u)) = log u + log(1 − u/2 + u²/3 − …), u = e^x < 2e-9.
    const u = Math.exp(x);
    return x + Math.log1p(-u / 2 + (u * u) / 3);
  }
  return Math.log(softplus(x));
}

/** log(e^a + e^b). */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = a > b ? a : b;
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** log(e^a − e^b) for a ≥ b; −Infinity when a === b. */
export function logSubExp(a: number, b: number): number {
  if (b === -Infinity) return a;
  if (b > a) return NaN;
  if (a === b) return -Infinity;
  const d = b - a;
  // log(1 − e^d): use log(−expm1(d)) near 0 and log1p(−e^d) far from it.
  return a + (d > -Math.LN2 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
}

/** log Σ_i e^{x_i} over x[off .. off+len), skipping index `skip` (absolute) when given. */
export function logSumExp(x: ArrayLike<number>, off = 0, len = x.length - off, skip = -1): number {
  let m = -Infinity;
  for (let i = off; i < off + len; i++) {
    if (i === skip) continue;
    const v = x[i]!;
    if (v > m) m = v;
  }
  if (m === -Infinity || m === Infinity || Number.isNaN(m)) return m;
  let s = 0;
  for (let i = off; i < off + len; i++) {
    if (i === skip) continue;
    s += Math.exp(x[i]! - m);
  }
  return m + Math.log(s);
}

/**
 * Streaming log-sum-exp: add terms given by their logs, read the log of their sum.
 * Rescales when a larger term arrives, so nothing overflows or underflows.
 */
export class LogSumAccumulator {
  private max = -Infinity;
  private sum = 0;

  add(logTerm: number): void {
    if (logTerm === -Infinity) return;
    if (Number.isNaN(logTerm)) {
      this.max = NaN;
      return;
    }
    if (logTerm <= this.max) {
      this.sum += Math.exp(logTerm - this.max);
    } else {
      this.sum = this.sum * Math.exp(this.max - logTerm) + 1;
      this.max = logTerm;
    }
  }

  /** log of the sum so far (−Infinity when empty). */
  value(): number {
    if (Number.isNaN(this.max)) return NaN;
    if (this.max === -Infinity) return -Infinity;
    return this.max + Math.log(this.sum);
  }

  reset(): void {
    this.max = -Infinity;
    this.sum = 0;
  }
}
