/** Fan et al. 2025, Appendix E: p-norm normalized steepest descent. */
import { gammaNesting, inducedInfNorm, lemmaE1, lemmaE3, normOrdering, type GeometryInput } from '../../src/claims/fan2025/appendixE.js';
import { descentInequality } from '../../src/claims/fan2025/section5.js';
import { zeros } from '../../src/linalg/matrix.js';
import { sectionSuite } from '../claimSuite.js';
import { uphill } from '../faults.js';
import { lonePointAt } from './witnesses.js';

const onePoint = (p: number) => (e: number): GeometryInput => ({ ...lonePointAt(e), p });

const oneHot = () => {
  const W = zeros(3, 4);
  W.data[5] = 2.5;
  return { W, p: 3 };
};

sectionSuite('fan2025/appendix-E', {
  'fan2025/app-E-norm-ordering': {
    faults: [{ name: 'max-norm taken as the induced ∞-norm (pitfall P7)', claim: normOrdering({ maxNorm: inducedInfNorm }) }],
    tightness: { name: 'one-hot W (all entrywise norms agree)', witness: oneHot, eps: [1], within: 1e-15 },
  },
  'fan2025/app-E-gamma-nesting': {
    faults: [{ name: 'γ_∞ and γ_1 swapped (a norm for its dual)', claim: gammaNesting({ gamma: (pb, p) => pb.margin(p === 1 ? Infinity : p === Infinity ? 1 : p).gamma }) }],
  },
  'fan2025/lemma-E.1': {
    faults: [{ name: '‖∇L‖_q replaced by ‖∇L‖_p (norm for its dual)', claim: lemmaE1({ useDual: false }) }],
    tightness: { name: 'n = 1, k = 2, p = 2 (γ_2 = √2‖x‖_2)', witness: onePoint(2), eps: [1, 0.1], within: 1e-9 },
  },
  'fan2025/lemma-E.3': {
    faults: [{ name: 'constant 2 → 1.9', claim: lemmaE3({ constant: 1.9 }) }],
    tightness: { name: 'n = 1, p = ∞ (q = 1)', witness: onePoint(Infinity), eps: [1, 0.1], within: 1e-12 },
  },
  'fan2025/eq-8-nsd-p2': { faults: [{ name: 'a buggy NSD (p = 2) stepping uphill', claim: descentInequality({ p: 2, optimizer: uphill(2) }) }] },
  'fan2025/eq-8-nsd-p1': { faults: [{ name: 'a buggy NSD (p = 1) stepping uphill', claim: descentInequality({ p: 1, optimizer: uphill(1) }) }] },
  'fan2025/eq-8-nsd-p3': { faults: [{ name: 'a buggy NSD (p = 3) stepping uphill', claim: descentInequality({ p: 3, optimizer: uphill(3) }) }] },
});
