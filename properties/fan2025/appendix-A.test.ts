/** Fan et al. 2025, Appendix A: cross-entropy and softmax facts. */
import { lemma42, lemma42Witness, lemmaA1Identity, lemmaA1Lower, lemmaA2Hessian, lemmaA2Remainder, lemmaA4 } from '../../src/claims/fan2025/appendixA.js';
import { crossEntropy } from '../../src/losses/index.js';
import { sectionSuite } from '../claimSuite.js';
import { brokenGradient, scaledHessian } from '../faults.js';

sectionSuite('fan2025/appendix-A', {
  'fan2025/lemma-A.1-11': { faults: [{ name: 'off-class gradient weights 0.1% too large', claim: lemmaA1Identity({ loss: brokenGradient(crossEntropy) }) }] },
  'fan2025/lemma-A.1-12': { faults: [{ name: 'min over c replaced by max', claim: lemmaA1Lower({ aggregate: 'max' }) }] },
  'fan2025/lemma-A.2-13': { faults: [{ name: 'Hessian form off by a factor 2', claim: lemmaA2Hessian({ loss: scaledHessian(crossEntropy, 2) }) }] },
  'fan2025/lemma-A.2-14': { faults: [{ name: 'Hessian form off by a factor 2', claim: lemmaA2Remainder({ loss: scaledHessian(crossEntropy, 2) }) }] },
  'fan2025/lemma-4.2': {
    faults: [{ name: 'constant 4 → 3.9', claim: lemma42({ constant: 3.9 }) }],
    tightness: { name: 's = (1 − ε, ε), v = (1, −1), c = 1', witness: lemma42Witness, eps: [1e-1, 1e-3, 1e-6, 1e-9], within: 1e-8 },
  },
  'fan2025/lemma-A.4': {
    faults: [{ name: 'constant 2 → 1.9', claim: lemmaA4({ constant: 1.9 }) }],
    tightness: { name: 's = (1 − ε, ε), c = 1 (s → e_c)', witness: lemma42Witness, eps: [1e-1, 1e-3, 1e-6, 1e-9], within: 1e-8 },
  },
});
