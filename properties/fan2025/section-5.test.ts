/** Fan et al. 2025, Section 5 / Appendix C: the SignGD descent inequality and its Taylor step. */
import { descentInequality, taylorBound } from '../../src/claims/fan2025/section5.js';
import { sectionSuite } from '../claimSuite.js';
import { uphill } from '../faults.js';

sectionSuite('fan2025/section-5', {
  'fan2025/eq-8': { faults: [{ name: 'a buggy optimizer stepping along +sign(∇L)', claim: descentInequality({ optimizer: uphill(Infinity) }) }] },
  'fan2025/eq-18': { faults: [{ name: 'constant 2 → 1 (2B² → B²)', claim: taylorBound({ constant: 1 }) }] },
});
