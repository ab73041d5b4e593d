/** Fan et al. 2025: rates (Cor. 5.4, 6.4), the explicit Thm 5.3 bound, Adam's ε, and the bias (Fig. 1). */
import { adamEpsilonOverlap, biasSelection, corollary54, corollary64, theoremC4 } from '../../src/claims/fan2025/rates.js';
import { adam, nsd, polynomialSchedule } from '../../src/optimizers/index.js';
import { sectionSuite } from '../claimSuite.js';
import { tooFastDecay } from '../faults.js';

sectionSuite('fan2025/rates', {
  'fan2025/cor-5.4': { faults: [{ name: 'SignGD run with η_t decaying as t^{−(a+0.3)}', claim: corollary54(Infinity, { optimizer: (a, e) => nsd(Infinity, tooFastDecay(e, a)) }) }] },
  'fan2025/cor-5.4-nsd-p2': { faults: [{ name: 'NGD run with η_t decaying as t^{−(a+0.3)}', claim: corollary54(2, { optimizer: (a, e) => nsd(2, tooFastDecay(e, a)) }) }] },
  'fan2025/cor-5.4-nsd-p1': { faults: [{ name: 'coordinate descent with η_t decaying as t^{−(a+0.3)}', claim: corollary54(1, { optimizer: (a, e) => nsd(1, tooFastDecay(e, a)) }) }] },
  'fan2025/cor-6.4': {
    faults: [
      { name: 'Adam run with η_t decaying as t^{−(a+0.3)}', claim: corollary64({ optimizer: (a, e) => adam(tooFastDecay(e, a)) }) },
      { name: 'Adam with ε = 10⁻² (a bias toward tiny GD steps)', claim: corollary64({ optimizer: (a, e) => adam(polynomialSchedule(e, a), { eps: 1e-2 }) }) },
    ],
  },
  // (10× shorter SignGD steps were not caught: the bound tracks the measured losses.)
  'fan2025/thm-5.3': { faults: [{ name: 'NGD passed off as SignGD', claim: theoremC4({ optimizer: (s) => nsd(2, s) }) }] },
  'fan2025/adam-eps-overlap': { faults: [{ name: 'Adam whose ε enters 10⁶ times too large', claim: adamEpsilonOverlap({ optimizer: (eps) => adam(polynomialSchedule(0.1, 2 / 3), { eps: eps * 1e6 }) }) }] },
  'fan2025/fig-1-bias': { faults: [{ name: 'NGD passed off as SignGD', claim: biasSelection({ signgd: nsd(2, polynomialSchedule(0.5, 0.5)) }) }] },
});
