import { logSigmoid, logSoftplus, logSumExp, LogSumAccumulator, softplus } from '../numerics/logspace.js';
import type { PermLoss } from './permLoss.js';

/**
 * Cross-entropy ℓ(v, y) = log(1 + Σ_{c≠y} e^{v_c − v_y}) (D-CE).
 * With r = LSE_{c≠y}(v_c) − v_y: log ℓ = log softplus(r), log(1 − s_y) = log σ(r),
 * log s_c = (v_c − v_y) − softplus(r): never `1 - s[y]` (pitfall P1).
 */
export const crossEntropy: PermLoss = {
  name: 'ce',
  title: 'cross-entropy',
  sample(v, off, k, y, logA) {
    const vy = v[off + y]!;
    const r = logSumExp(v, off, k, off + y) - vy;
    const sp = softplus(r);
    for (let c = 0; c < k; c++) {
      if (c !== y) logA[off + c] = v[off + c]! - vy - sp;
    }
    logA[off + y] = logSigmoid(r);
    return logSoftplus(r);
  },
  logHessianForm(v, off, k, y, logA, u) {
    // uᵀ(diag s − ssᵀ)u = Σ_c s_c (δ_c − δ̄)², δ_c = u_c − u_y, δ̄ = Σ_{c≠y} s_c δ_c (δ_y = 0):
    // a sum of non-negative terms, so it keeps relative precision at any loss level. The form is
    // homogeneous of degree 2 in u: u is scaled by an exact power of two, f = 2^{−e}, to O(1)
    // (δ̄ = s·δ underflowed to 0 for subnormal u, seed 31 of the 50-seed sweep), and 2e·ln 2 added back.
    let umax = 0;
    for (let c = 0; c < k; c++) umax = Math.max(umax, Math.abs(u[c]!));
    if (umax === 0 || !Number.isFinite(umax)) return umax === 0 ? -Infinity : Infinity;
    const e = Math.floor(Math.log2(umax)); // −1074 … 1023: 2^{−e} in two factors, each representable
    const [f1, f2] = [2 ** -Math.trunc(e / 2), 2 ** -(e - Math.trunc(e / 2))];
    const us = (c: number): number => u[c]! * f1 * f2;
    const logScale = 2 * e * Math.LN2;
    let m = -Infinity;
    for (let c = 0; c < k; c++) if (c !== y && logA[off + c]! > m) m = logA[off + c]!;
    let scaled = 0;
    for (let c = 0; c < k; c++) {
      if (c !== y) scaled += Math.exp(logA[off + c]! - m) * (us(c) - us(y));
    }
    const dbar = m === -Infinity ? 0 : scaled * Math.exp(m);
    const acc = new LogSumAccumulator();
    for (let c = 0; c < k; c++) {
      if (c === y) continue;
      const dev = us(c) - us(y) - dbar;
      if (dev !== 0) acc.add(logA[off + c]! + 2 * Math.log(Math.abs(dev)));
    }
    // s_y δ̄² term, in logs: log s_y = log σ(−r) and log|δ̄| = m + log|scaled|.
    if (scaled !== 0) {
      const r = logSumExp(v, off, k, off + y) - v[off + y]!;
      acc.add(logSigmoid(-r) + 2 * (m + Math.log(Math.abs(scaled))));
    }
    return acc.value() + logScale;
  },
  template(z) {
    const neg = Array.from(z, (x) => -x);
    return softplus(logSumExp(neg));
  },
  templateNegGradient(z, out) {
    // −∂_jψ = e^{−z_j} / (1 + Σ_l e^{−z_l})
    const neg = Array.from(z, (x) => -x);
    const sp = softplus(logSumExp(neg));
    for (let j = 0; j < z.length; j++) out[j] = Math.exp(-z[j]! - sp);
    return out;
  },
};
