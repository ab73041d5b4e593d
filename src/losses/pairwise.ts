import { LogSumAccumulator } from '../numerics/logspace.js';
import type { LossName, PermLoss } from './permLoss.js';

/**
 * A pairwise PERM template ψ(z) = Σ_j φ(z_j) (PairLogLoss, the polynomial-tailed probe loss),
 * given φ through the logs of φ, −φ′ and φ″ at a relative margin m = v_y − v_c.
 */
export interface PairwiseTerm {
  phi(m: number): number;
  logPhi(m: number): number;
  logNegDphi(m: number): number;
  logD2phi(m: number): number;
}

export function pairwiseLoss(name: LossName, title: string, term: PairwiseTerm): PermLoss {
  return {
    name,
    title,
    sample(v, off, k, y, logA) {
      const vy = v[off + y]!;
      const lossAcc = new LogSumAccumulator();
      const gAcc = new LogSumAccumulator();
      for (let c = 0; c < k; c++) {
        if (c === y) continue;
        const m = vy - v[off + c]!;
        const la = term.logNegDphi(m);
        logA[off + c] = la;
        gAcc.add(la);
        lossAcc.add(term.logPhi(m));
      }
      logA[off + y] = gAcc.value();
      return lossAcc.value();
    },
    logHessianForm(v, off, k, y, _logA, u) {
      // uᵀ∇²ℓ u = Σ_{c≠y} φ″(v_y − v_c)(u_c − u_y)²
      const vy = v[off + y]!;
      const acc = new LogSumAccumulator();
      for (let c = 0; c < k; c++) {
        if (c === y) continue;
        const dev = u[c]! - u[y]!;
        if (dev !== 0) acc.add(term.logD2phi(vy - v[off + c]!) + 2 * Math.log(Math.abs(dev)));
      }
      return acc.value();
    },
    template(z) {
      let s = 0;
      for (let j = 0; j < z.length; j++) s += term.phi(z[j]!);
      return s;
    },
    templateNegGradient(z, out) {
      for (let j = 0; j < z.length; j++) out[j] = Math.exp(term.logNegDphi(z[j]!));
      return out;
    },
  };
}
