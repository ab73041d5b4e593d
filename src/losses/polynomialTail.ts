import { pairwiseLoss } from './pairwise.js';

/**
 * A PERM loss WITHOUT an exponential tail (for probes of P2's open question 2 and to show the
 * ET check can fail): ψ(z) = Σ_j φ(z_j), φ(z) = h(z)², h(z) = √(z² + 1) − z. φ is convex
 * (h convex and positive), strictly decreasing and non-negative, with the polynomial tail
 * φ(z) ≈ 1/(4z²) as z → ∞.
 */
const h = (z: number): number => (z > 0 ? 1 / (Math.sqrt(z * z + 1) + z) : Math.sqrt(z * z + 1) - z);

export const polynomialTail = pairwiseLoss('poly', 'polynomial-tailed PERM loss (not ET)', {
  phi: (z) => h(z) ** 2,
  logPhi: (z) => 2 * Math.log(h(z)),
  // −φ′(z) = −2h(z)h′(z), h′(z) = −h(z)/√(z²+1)
  logNegDphi: (z) => Math.log(2) + 2 * Math.log(h(z)) - 0.5 * Math.log(z * z + 1),
  // φ″(z) = 2h′² + 2hh″, h″ = 1/(z²+1)^{3/2}
  logD2phi: (z) => {
    const r = Math.sqrt(z * z + 1);
    const hz = h(z);
    return Math.log((2 * hz * hz) / (r * r) + (2 * hz) / (r * r * r));
  },
});
