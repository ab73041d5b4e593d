/** Ravi et al. 2024, Theorem 3.4: GD → the multiclass SVM direction, for CE, PairLogLoss and the exponential loss. */
import { svmKkt } from '../../src/claims/ravi2024/svm.js';
import { theorem34 } from '../../src/claims/ravi2024/theorem34.js';
import { lossByName, type LossName, type PermLoss } from '../../src/losses/index.js';
import { margin } from '../../src/margins/index.js';
import { constantSchedule, nsd } from '../../src/optimizers/index.js';
import { sectionSuite } from '../claimSuite.js';

/** SignGD (max-norm bias) passed off as GD. */
const signGdAsGd = (s: (t: number) => number) => nsd(Infinity, constantSchedule(s(0) / 10));

/**
 * The loss evaluated at half the scores, ℓ(v/2) (a dropped factor 2 in the margins): still
 * exponentially tailed, so GD still turns toward Ŵ, but W_t ≈ 2Ŵ log t, so t·L(W_t) exceeds its
 * explicit bound (1/n)Σ e^{−⟨a_p, W_t − Ŵ log t⟩} by a factor that grows like t.
 */
function halfScores(name: LossName): PermLoss {
  const loss = lossByName(name);
  return {
    ...loss,
    sample(v, off, k, y, logA) {
      const u = new Float64Array(k);
      const la = new Float64Array(k);
      for (let c = 0; c < k; c++) u[c] = v[off + c]! / 2;
      const ll = loss.sample(u, 0, k, y, la);
      for (let c = 0; c < k; c++) logA[off + c] = la[c]! - Math.LN2;
      return ll;
    },
  };
}

const faults = (loss: LossName) => [
  { name: `SignGD passed off as GD (${loss})`, claim: theorem34(loss, { optimizer: signGdAsGd }) },
  { name: `loss evaluated at v/2 (${loss})`, claim: theorem34(loss, { lossImpl: halfScores(loss) }) },
];

sectionSuite('ravi2024/theorem-3.4', {
  'ravi2024/svm-kkt': {
    faults: [{ name: 'one support vector dropped from the dual', claim: svmKkt({ solve: (ds) => { const r = margin(ds, 2); return { ...r, dual: { pairs: r.dual.pairs, weights: r.dual.weights.map((w, i) => (i === 0 ? 0 : w)) } }; } }) }],
  },
  'ravi2024/thm-3.4-ce': { faults: faults('ce') },
  'ravi2024/thm-3.4-pll': { faults: faults('pll') },
  'ravi2024/thm-3.4-exp': { faults: faults('exp') },
});
