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

/** log(e^a + e^b); +Infinity absorbs anything but NaN, −Infinity only when both are. */
export function logAddExp(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  const m = a > b ? a : b;
  if (m === Infinity || m === -Infinity) return m;
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/**
 * log(e^a − e^b) for a ≥ b: −Infinity when a === b, NaN when b > a. With d = b − a ≤ 0 this is
 * a + log(1 − e^d) (log1mexp): log(−expm1(d)) near 0 and log1p(−e^d) far from it, each exact
 * where the other loses digits (Mächler 2012). b = −Infinity is a alone (d would be NaN for a = −∞).
 */
export function logSubExp(a: number, b: number): number {
  if (b === -Infinity) return a;
  const d = b - a;
  return a + (d > -Math.LN2 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
}

/**
 * log Σ_i e^{x_i} over x[off .. off+len), skipping index `skip` (absolute) when given; NaN if
 * any term is NaN, +Infinity if one is +Infinity, −Infinity for no terms.
 */
export function logSumExp(x: ArrayLike<number>, off = 0, len = x.length - off, skip = -1): number {
  let m = -Infinity;
  for (let i = off; i < off + len; i++) {
    if (i === skip) continue;
    const v = x[i]!;
    if (v > m || v !== v) m = v;
  }
  // A NaN max falls through: the sum below is NaN.
  if (m === -Infinity || m === Infinity) return m;
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
    if (logTerm < this.max) {
      this.sum += Math.exp(logTerm - this.max);
    } else if (logTerm > this.max) {
      this.sum = this.sum * Math.exp(this.max - logTerm) + 1;
      this.max = logTerm;
    } else if (logTerm === this.max) {
      // e^0. Also −Infinity into a sum of −Infinity terms: the first finite term scales it away.
      this.sum += 1;
    } else {
      this.sum = NaN; // a NaN term: the sum is NaN from now on
    }
  }

  /** log of the sum so far (−Infinity when empty or every term is −Infinity). */
  value(): number {
    return this.max + Math.log(this.sum);
  }

  reset(): void {
    this.max = -Infinity;
    this.sum = 0;
  }
}
