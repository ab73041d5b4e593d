/** Ravi et al. 2024: PERM structure, templates and the multiclass exponential tail. */
import { etLower, etUpper, permEquivariance, relativeMarginForm, templateProperties, templateSmoothness, type TemplateInput } from '../../src/claims/ravi2024/perm.js';
import { ALL_LOSSES, crossEntropy, type PermLoss } from '../../src/losses/index.js';
import { sectionSuite } from '../claimSuite.js';

/** Class 0 weighted twice: not permutation equivariant. */
const classWeighted: PermLoss = {
  ...crossEntropy,
  sample: (v, off, k, y, logA) => crossEntropy.sample(v, off, k, y, logA) + (y === 0 ? Math.LN2 : 0),
};
/** Depends on absolute logits (not relative margins). */
const absolute: PermLoss = {
  ...crossEntropy,
  sample: (v, off, k, y, logA) => Math.log(Math.exp(crossEntropy.sample(v, off, k, y, logA)) + 1e-3 * v[off]! * v[off]!),
};
/** ψ(z) = Σ e^{−z_j} − 0.5 Σ cos(z_j): not convex. */
const nonConvex: PermLoss = {
  ...ALL_LOSSES.exp,
  template: (z) => ALL_LOSSES.exp.template(z) - 0.5 * Array.from(z).reduce((s, x) => s + Math.cos(x), 0),
};

const smoothWitness = (eps: number): TemplateInput => {
  // CE: two equal margins → −∞ puts mass (½, ½) on two wrong classes; u = e_0 − e_1.
  const z = Float64Array.from([-1 / eps, -1 / eps]);
  return { loss: crossEntropy, K: 3, y: 0, z, z2: z, u: Float64Array.from([1, -1]), perm: [0, 1, 2], regime: 'witness' };
};
const etWitness = (eps: number): TemplateInput => {
  const z = Float64Array.from([1 / eps]);
  return { loss: crossEntropy, K: 2, y: 0, z, z2: z, u: Float64Array.from([1]), perm: [0, 1], regime: 'witness' };
};

sectionSuite('ravi2024/perm', {
  'ravi2024/perm-equivariance': { faults: [{ name: 'a class-weighted CE (class 0 counts twice)', claim: permEquivariance({ losses: [classWeighted] }) }] },
  'ravi2024/relative-margin': { faults: [{ name: 'a loss that depends on the absolute logit v_0', claim: relativeMarginForm({ losses: [absolute] }) }] },
  'ravi2024/template-properties': { faults: [{ name: 'a non-convex template Σe^{−z} − ½Σcos z', claim: templateProperties({ losses: [nonConvex] }) }] },
  'ravi2024/template-smooth': {
    faults: [
      { name: 'β_CE = 0.45 (below ½)', claim: templateSmoothness({ beta: { ce: 0.45 } }) },
      { name: 'β_PLL = 0.24 (below ¼)', claim: templateSmoothness({ beta: { pll: 0.24 } }) },
    ],
    tightness: { name: 'CE, two equal margins → −∞, u = e_0 − e_1', witness: smoothWitness, eps: [1, 0.1, 0.03], within: 1e-9 },
  },
  'ravi2024/et-upper': {
    faults: [
      { name: 'the polynomial-tailed loss (not ET), c = 1', claim: etUpper({ losses: [ALL_LOSSES.poly] }) },
      { name: 'the polynomial-tailed loss, even with c = 10 (its tail is not exponential)', claim: etUpper({ losses: [ALL_LOSSES.poly], c: 10 }) },
    ],
    tightness: { name: 'CE, one margin z → ∞ (−ψ′ = e^{−z}/(1 + e^{−z}))', witness: etWitness, eps: [1, 0.1, 0.01], within: 1e-4 },
  },
  'ravi2024/et-lower': {
    faults: [{ name: 'rate a = 0.9 in the lower envelope', claim: etLower({ a: 0.9 }) }],
    tightness: { name: 'CE, one margin z → ∞ (ratio 1 − e^{−2z})', witness: etWitness, eps: [1, 0.1, 0.01], within: 1e-12 },
  },
});
