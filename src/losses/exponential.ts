import { logSumExp, LogSumAccumulator } from '../numerics/logspace.js';
import type { PermLoss } from './permLoss.js';

/**
 * Multiclass exponential loss ℓ(v, y) = Σ_{c≠y} e^{v_c − v_y} (App. F, Mukherjee & Schapire).
 * Its proxy is the loss itself: G_exp := L_exp.
 */
export const exponential: PermLoss = {
  name: 'exp',
  title: 'multiclass exponential',
  sample(v, off, k, y, logA) {
    const vy = v[off + y]!;
    for (let c = 0; c < k; c++) {
      if (c !== y) logA[off + c] = v[off + c]! - vy;
    }
    const r = logSumExp(v, off, k, off + y) - vy;
    logA[off + y] = r;
    return r;
  },
  logHessianForm(v, off, k, y, logA, u) {
    // uᵀ∇²ℓ u = Σ_{c≠y} e^{v_c − v_y} (u_c − u_y)²
    const acc = new LogSumAccumulator();
    for (let c = 0; c < k; c++) {
      if (c === y) continue;
      const dev = u[c]! - u[y]!;
      if (dev !== 0) acc.add(logA[off + c]! + 2 * Math.log(Math.abs(dev)));
    }
    return acc.value();
  },
  template(z) {
    let s = 0;
    for (let j = 0; j < z.length; j++) s += Math.exp(-z[j]!);
    return s;
  },
  templateNegGradient(z, out) {
    for (let j = 0; j < z.length; j++) out[j] = Math.exp(-z[j]!);
    return out;
  },
};
