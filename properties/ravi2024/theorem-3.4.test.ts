/** Ravi et al. 2024, Theorem 3.4: GD → the multiclass SVM direction, for CE, PairLogLoss and the exponential loss. */
import { svmKkt } from '../../src/claims/ravi2024/svm.js';
import { theorem34 } from '../../src/claims/ravi2024/theorem34.js';
import type { LossName } from '../../src/losses/index.js';
import type { Matrix } from '../../src/linalg/matrix.js';
import { margin } from '../../src/margins/index.js';
import { constantSchedule, nsd, type Schedule } from '../../src/optimizers/index.js';
import { sectionSuite } from '../claimSuite.js';

/** SignGD (max-norm bias) passed off as GD. */
const signGdAsGd = (s: Schedule) => nsd(Infinity, constantSchedule(s(0) / 10));

/**
 * Ŵ = γ·W* instead of W* ÷ γ (an inverted normalisation): ρ_t = W_t − γ²Ŵ log t keeps a
 * (1 − γ²) share of Ŵ log t, so t·L(W_t) exceeds (1/n)Σ_p e^{−⟨a_p, ρ_t⟩} by a factor ≈ t^{1−γ²}.
 */
const invertedHat = (Wstar: Matrix, gamma: number): Matrix => ({ ...Wstar, data: Wstar.data.map((v) => v * gamma) });

// Both faults show within 10⁴ steps (the residual grows like t, resp. the explicit bound is
// exceeded by a factor growing like a power of t), so they run at T = 10⁴: shrinking a caught
// fault replays many runs.
const faults = (loss: LossName) => [
  { name: `SignGD passed off as GD (${loss})`, claim: theorem34(loss, { optimizer: signGdAsGd, steps: 10000 }) },
  { name: `Ŵ normalised as γ·W* instead of W* ÷ γ (${loss})`, claim: theorem34(loss, { hat: invertedHat, steps: 10000 }) },
];

sectionSuite('ravi2024/theorem-3.4', {
  'ravi2024/svm-kkt': {
    faults: [{ name: 'one support vector dropped from the dual', claim: svmKkt({ solve: (ds) => { const r = margin(ds, 2); return { ...r, dual: { pairs: r.dual.pairs, weights: r.dual.weights.map((w, i) => (i === 0 ? 0 : w)) } }; } }) }],
  },
  'ravi2024/thm-3.4-ce': { faults: faults('ce') },
  'ravi2024/thm-3.4-pll': { faults: faults('pll') },
  'ravi2024/thm-3.4-exp': { faults: faults('exp') },
});
