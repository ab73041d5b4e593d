/** Fan et al. 2025, Section 4 and Appendix B: the proxy G. */
import { describe, expect, test } from 'vitest';
import { lemma41, lemma43i, lemma43ii, lemma43iii, lemma51, lemmaB2, lemmaB4 } from '../../src/claims/fan2025/section4.js';
import { makePoint } from '../../src/claims/inputs.js';
import { zeros } from '../../src/linalg/matrix.js';
import { sectionSuite } from '../claimSuite.js';
import { lonePoint, lonePointAt, lonePointPair } from './witnesses.js';

sectionSuite('fan2025/section-4', {
  'fan2025/lemma-4.1': {
    faults: [{ name: '‖∇L‖_1 swapped for its dual ‖∇L‖_∞', claim: lemma41({ gradNorm: Infinity }) }],
    // n = 1, k = 2: γ = 2‖x‖_1 and ‖∇L‖_1 = 2(1 − s_y)‖x‖_1, equality at every W.
    tightness: { name: 'n = 1, k = 2 (equality at every W)', witness: (e: number) => lonePointAt(1 / e), eps: [1, 0.1, 0.01], within: 1e-12 },
  },
  'fan2025/lemma-4.3-i': {
    faults: [
      { name: 'constant 2 → 1.9', claim: lemma43i({ constant: 1.9 }) },
      { name: 'B computed with the 2-norm', claim: lemma43i({ bNorm: 2 }) },
    ],
    tightness: { name: 'n = 1 (‖(e_y − s)xᵀ‖_1 = 2(1 − s_y)‖x‖_1)', witness: (e: number) => lonePointAt(e), eps: [1, 0.1, 0.01], within: 1e-12 },
  },
  'fan2025/lemma-4.3-ii': {
    faults: [{ name: 'lower side 1 − nL/2 → 1 − nL/8', claim: lemma43ii({ c: 1 / 8 }) }],
    tightness: { name: 'L → 0 (W = tW*, t → ∞)', witness: (e: number) => lonePointAt(1 / e), eps: [1, 0.1, 0.01, 0.001], within: 1e-12 },
  },
  'fan2025/lemma-4.3-iii': { faults: [{ name: 'constant 2 → 1.2', claim: lemma43iii({ constant: 1.2 }) }] },
  'fan2025/lemma-B.2': {
    faults: [{ name: 'B computed with the ∞-norm', claim: lemmaB2({ bNorm: Infinity }) }],
    // The catalog says "not tight" (worst 0.54 on random trials). This family reaches 1:
    // deep misclassification makes L linear along the step and G → 1.
    tightness: { name: 'n = 1, W = −tW*, W′ = W + δ(e_y − e_c)sign(x)ᵀ, t → ∞', witness: (e: number) => lonePointPair(-1 / e, 0.01, -1), eps: [1, 0.1, 0.01, 0.001], within: 1e-3 },
  },
  'fan2025/lemma-B.4': { faults: [{ name: 'threshold log 2/n → 2 log 2/n', claim: lemmaB4({ factor: 2 }) }] },
  'fan2025/lemma-5.1': {
    faults: [
      { name: 'constant 2 → 1.9', claim: lemma51({ constant: 1.9 }) },
      { name: 'B computed with the 2-norm', claim: lemma51({ bNorm: 2 }) },
    ],
    tightness: { name: 'n = 1, k = 2, W = tW*, W′ = W + δ(e_c − e_y)sign(x)ᵀ, t → ∞', witness: (e: number) => lonePointPair(1 / e, 0.01, 1), eps: [0.1, 0.01, 0.001], within: 1e-6 },
  },
});

describe('fan2025/lemma-B.4 boundary', () => {
  test('the boundary is attained: n = 1, k = 2, W = 0 gives L = log 2 and margin 0', () => {
    const pb = lonePoint();
    const x = makePoint(pb, zeros(pb.k, pb.d));
    const o = lemmaB4().check(x) as { ok: boolean; lhs: number };
    expect(o.ok).toBe(true);
    expect(o.lhs).toBe(-0);
  });
});
