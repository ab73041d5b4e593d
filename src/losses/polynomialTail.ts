import { LogSumAccumulator } from '../numerics/logspace.js';
import type { PermLoss } from './permLoss.js';

/**
 * A PERM loss WITHOUT an exponential tail (for probes of P2's open question 2 and to show
 * the ET check can fail): ψ(z) = Σ_j φ(z_j), φ(z) = h(z)², h(z) = √(z² + 1) − z.
 * φ is convex (h convex and positive), strictly decreasing and non-negative, with the
 * polynomial tail φ(z) ≈ 1/(4z²) as z → ∞.
 */
const h = (z: number): number => (z > 0 ? 1 / (Math.sqrt(z * z + 1) + z) : Math.sqrt(z * z + 1) - z);
/** −φ′(z) = −2h(z)h′(z), h′(z) = z/√(z²+1) − 1 = −h(z)/√(z²+1). */
const negDphi = (z: number): number => (2 * h(z) * h(z)) / Math.sqrt(z * z + 1);
/** φ″(z) = 2h′² + 2hh″, h″ = 1/(z²+1)^{3/2}. */
const d2phi = (z: number): number => {
  const r = Math.sqrt(z * z + 1);
  const hz = h(z);
  return (2 * hz * hz) / (r * r) + (2 * hz) / (r * r * r);
};

export const polynomialTail: PermLoss = {
  name: 'poly',
  title: 'polynomial-tailed PERM loss (not ET)',
  sample(v, off, k, y, logA) {
    const vy = v[off + y]!;
    const lossAcc = new LogSumAccumulator();
    const gAcc = new LogSumAccumulator();
    for (let c = 0; c < k; c++) {
      if (c === y) continue;
      const z = vy - v[off + c]!; // relative margin
      const la = Math.log(negDphi(z));
      logA[off + c] = la;
      gAcc.add(la);
      lossAcc.add(2 * Math.log(h(z)));
    }
    logA[off + y] = gAcc.value();
    return lossAcc.value();
  },
  logHessianForm(v, off, k, y, _logA, u) {
    const vy = v[off + y]!;
    const acc = new LogSumAccumulator();
    for (let c = 0; c < k; c++) {
      if (c === y) continue;
      const dev = u[c]! - u[y]!;
      if (dev !== 0) acc.add(Math.log(d2phi(vy - v[off + c]!)) + 2 * Math.log(Math.abs(dev)));
    }
    return acc.value();
  },
  template(z) {
    let s = 0;
    for (let j = 0; j < z.length; j++) s += h(z[j]!) ** 2;
    return s;
  },
  templateNegGradient(z, out) {
    for (let j = 0; j < z.length; j++) out[j] = negDphi(z[j]!);
    return out;
  },
};
