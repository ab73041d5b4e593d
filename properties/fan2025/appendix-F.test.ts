/** Fan et al. 2025, Appendix F: the multiclass exponential loss and PairLogLoss. */
import { hessianF, lossBelowTwiceProxyPLL, proxyBelowLossPLL, ratioF, sandwichF, type SampleInput } from '../../src/claims/fan2025/appendixF.js';
import { sectionSuite, type SuiteSpec } from '../claimSuite.js';
import { lonePointAt, lonePointPair } from './witnesses.js';

/** exp: k = 2, u = (1, −1) gives equality; PLL: σ(z)(1 − σ(z)) → σ(z) as z → −∞. */
const hessianWitness = (eps: number): SampleInput => ({ v: Float64Array.from([1 / eps, 0]), y: 0, u: Float64Array.from([1, -1]) });

const perLoss = (loss: 'exp' | 'pll'): Record<string, SuiteSpec<any>> => ({
  [`fan2025/app-F-sandwich-${loss}`]: {
    faults: [{ name: 'constant 2 → 1.9', claim: sandwichF(loss, { constant: 1.9 }) }],
    tightness: { name: 'n = 1 (upper side equality)', witness: (e: number) => lonePointAt(e), eps: [1, 0.1], within: 1e-12 },
  },
  [`fan2025/app-F-hessian-${loss}`]: {
    faults: [{ name: 'constant 4 → 3.9', claim: hessianF(loss, { constant: 3.9 }) }],
    tightness: { name: 'k = 2, u = (1, −1), margin 1/ε', witness: hessianWitness, eps: [1, 0.1, 0.01], within: 1e-12 },
  },
  [`fan2025/app-F-ratio-${loss}`]: {
    faults: [{ name: 'constant 2 → 1.9', claim: ratioF(loss, { constant: 1.9 }) }],
    tightness: { name: 'n = 1, W = tW*, adversarial step, t → ∞', witness: (e: number) => lonePointPair(1 / e, 0.01, 1), eps: [0.1, 0.01, 0.001], within: 1e-6 },
  },
});

sectionSuite('fan2025/appendix-F', {
  ...perLoss('exp'),
  ...perLoss('pll'),
  'fan2025/app-F-G-le-L-pll': {
    faults: [{ name: 'G ≤ 0.9·L', claim: proxyBelowLossPLL({ factor: 0.9 }) }],
    tightness: { name: 'L → 0 (W = tW*, t → ∞)', witness: (e: number) => lonePointAt(1 / e), eps: [1, 0.1, 0.01], within: 1e-9 },
  },
  'fan2025/app-F-L-le-2G-pll': { faults: [{ name: 'constant 2 → 1.2', claim: lossBelowTwiceProxyPLL({ constant: 1.2 }) }] },
});
