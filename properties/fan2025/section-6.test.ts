/** Fan et al. 2025, Section 6 / Appendix D: Adam-side pointwise facts. */
import { gradientDifference, lemmaD1, lemmaD10, perClassProxies, type MomentInput, type PerturbedLogits } from '../../src/claims/fan2025/adam.js';
import { lossByName, type PermLoss } from '../../src/losses/index.js';
import { sectionSuite } from '../claimSuite.js';
import { lonePointAt, lonePointPair } from './witnesses.js';

/** g_τ ∝ (β₁/β₂)^{t−τ} attains the finite-t bound; t → ∞ brings the asymptotic α_D1 to 1. */
const adversarialMoments = (eps: number): MomentInput => {
  const t = Math.round(1 / eps);
  const [beta1, beta2] = [0.9, 0.99];
  return { beta1, beta2, g: Array.from({ length: t + 1 }, (_, tau) => (beta1 / beta2) ** (t - tau)), kind: 'adversarial' };
};

/** v = (0, 1/ε): s_0 → 0; v′ = v + δ(1, −1) moves s_0 by the factor → e^{2δ}. */
const perturbedWitness = (eps: number): PerturbedLogits => {
  const delta = 0.1;
  const v = Float64Array.from([0, 1 / eps]);
  return { v, vp: Float64Array.from([delta, 1 / eps - delta]), delta, c: 0, c2: 0 };
};

/**
 * CE with un-shifted exponentials: s_c = e^{v_c}/Σ e^{v_c'} and ℓ = log Σ e^{v_c} − v_y, exact to
 * rounding while every |v_c| ≲ 700, NaN once a score overflows (large-norm data).
 */
function unshiftedCE(): PermLoss {
  const ce = lossByName('ce');
  return {
    ...ce,
    sample(v, off, k, y, logA) {
      let z = 0;
      for (let c = 0; c < k; c++) z += Math.exp(v[off + c]!);
      let rest = 0;
      for (let c = 0; c < k; c++) {
        if (c === y) continue;
        const e = Math.exp(v[off + c]!);
        rest += e;
        logA[off + c] = Math.log(e / z);
      }
      logA[off + y] = Math.log(rest / z);
      return Math.log(Math.log(z) - v[off + y]!);
    },
  };
}

sectionSuite('fan2025/section-6', {
  'fan2025/lemma-D.1': {
    faults: [{ name: 'α_D1 without its √(1 − β₁²/β₂) factor', claim: lemmaD1({ dropRhoFactor: true }) }],
    tightness: { name: 'g_τ ∝ (β₁/β₂)^{t−τ}, t → ∞', witness: adversarialMoments, eps: [1, 0.1, 0.01, 0.001], within: 1e-12 },
  },
  'fan2025/lemma-D.10': {
    faults: [
      { name: '1 − s_c computed as 1 - s[c] (pitfall P1)', claim: lemmaD10({ naive: true }) },
      { name: 'exponent 2δ → 1.9δ', claim: lemmaD10({ a: 1.9 }) },
      { name: 'exponent 4δ → 3.9δ', claim: lemmaD10({ b: 3.9 }) },
    ],
    tightness: { name: 'v = (0, 1/ε), v′ = v + 0.1(1, −1), ε → 0', witness: perturbedWitness, eps: [1, 0.1, 0.03], within: 1e-9 },
  },
  'fan2025/lemma-D.2-gradient-difference': {
    faults: [{ name: 'exponent 2BΔ → BΔ', claim: gradientDifference({ exponent: 1 }) }],
    tightness: { name: 'n = 1, W = tW*, adversarial step δ = 0.01, t → ∞', witness: (e: number) => lonePointPair(1 / e, 0.01, 1), eps: [3, 1, 1 / 3, 0.1], within: 1e-6 },
  },
  'fan2025/sec-6-GcQc': {
    faults: [
      { name: 'B computed with the 2-norm', claim: perClassProxies({ bNorm: 2 }) },
      { name: 'CE exponentiates un-shifted scores (overflows on large-norm data)', claim: perClassProxies({ loss: unshiftedCE() }) },
    ],
    tightness: { name: 'n = 1 (row y: ‖∇L_{y,:}‖_1 = B G_y)', witness: (e: number) => lonePointAt(e), eps: [1, 0.1], within: 1e-12 },
  },
});
