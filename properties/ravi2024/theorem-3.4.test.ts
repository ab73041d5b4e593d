/** Ravi et al. 2024, Theorem 3.4: GD → the multiclass SVM direction, for CE, PairLogLoss and the exponential loss. */
import { svmKkt } from '../../src/claims/ravi2024/svm.js';
import { theorem34 } from '../../src/claims/ravi2024/theorem34.js';
import { margin } from '../../src/margins/index.js';
import { constantSchedule, nsd } from '../../src/optimizers/index.js';
import { sectionSuite } from '../claimSuite.js';

/** SignGD (max-norm bias) passed off as GD. */
const signGdAsGd = (s: (t: number) => number) => nsd(Infinity, constantSchedule(s(0) / 10));

sectionSuite('ravi2024/theorem-3.4', {
  'ravi2024/svm-kkt': {
    faults: [{ name: 'one support vector dropped from the dual', claim: svmKkt({ solve: (ds) => { const r = margin(ds, 2); return { ...r, dual: { pairs: r.dual.pairs, weights: r.dual.weights.map((w, i) => (i === 0 ? 0 : w)) } }; } }) }],
  },
  'ravi2024/thm-3.4-ce': { faults: [{ name: 'SignGD passed off as GD (CE)', claim: theorem34('ce', { optimizer: signGdAsGd }) }] },
  'ravi2024/thm-3.4-pll': { faults: [{ name: 'SignGD passed off as GD (PLL)', claim: theorem34('pll', { optimizer: signGdAsGd }) }] },
  'ravi2024/thm-3.4-exp': { faults: [{ name: 'SignGD passed off as GD (exp)', claim: theorem34('exp', { optimizer: signGdAsGd }) }] },
});
