import { logSigmoid, logSoftplus, LogSumAccumulator, softplus } from '../numerics/logspace.js';
import type { PermLoss } from './permLoss.js';

/**
 * PairLogLoss ℓ(v, y) = Σ_{c≠y} log(1 + e^{v_c − v_y}) (App. F, Wang et al. 2021b).
 * Proxy G_PLL = mean_i Σ_{c≠y_i} σ(v_c − v_y), the sum of the negative derivatives.
 */
export const pairLogLoss: PermLoss = {
  name: 'pll',
  title: 'PairLogLoss',
  sample(v, off, k, y, logA) {
    const vy = v[off + y]!;
    const lossAcc = new LogSumAccumulator();
    const gAcc = new LogSumAccumulator();
    for (let c = 0; c < k; c++) {
      if (c === y) continue;
      const z = v[off + c]! - vy;
      const la = logSigmoid(z);
      logA[off + c] = la;
      gAcc.add(la);
      lossAcc.add(logSoftplus(z));
    }
    logA[off + y] = gAcc.value();
    return lossAcc.value();
  },
  logHessianForm(v, off, k, y, logA, u) {
    // uᵀ∇²ℓ u = Σ_{c≠y} σ(z_c) σ(−z_c) (u_c − u_y)², z_c = v_c − v_y
    const vy = v[off + y]!;
    const acc = new LogSumAccumulator();
    for (let c = 0; c < k; c++) {
      if (c === y) continue;
      const dev = u[c]! - u[y]!;
      if (dev === 0) continue;
      const z = v[off + c]! - vy;
      acc.add(logA[off + c]! + logSigmoid(-z) + 2 * Math.log(Math.abs(dev)));
    }
    return acc.value();
  },
  template(z) {
    let s = 0;
    for (let j = 0; j < z.length; j++) s += softplus(-z[j]!);
    return s;
  },
  templateNegGradient(z, out) {
    for (let j = 0; j < z.length; j++) out[j] = Math.exp(logSigmoid(-z[j]!));
    return out;
  },
};
