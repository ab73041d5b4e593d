/**
 * Margins near 0: every solver still certifies to MARGIN_TOLERANCE when the data are barely
 * separable. The regression is the dataset of the 50-seed sweep's seed 63 (γ ≈ 1e-5: γ_2's
 * certificate stopped at a relative gap of 4.6e-7, γ_3's at 1e-2); the property builds data
 * whose margin is set by a separation δ down to 1e-6.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { problemFromRecipe } from '../../src/arbitraries/index.js';
import { makeDataset, type Dataset } from '../../src/data/dataset.js';
import { makeRng } from '../../src/data/rng.js';
import { certifyMargin, margin, MARGIN_TOLERANCE, type MarginResult } from '../../src/margins/index.js';
import { expectCaught, runs } from '../support.js';

const NORMS = [Infinity, 1, 2, 3] as const;

/** Every norm certified to MARGIN_TOLERANCE, and γ_1 ≤ γ_2 ≤ γ_3 ≤ γ_∞. */
function certifiedAndNested(ds: Dataset): MarginResult[] {
  const rs = NORMS.map((p) => margin(ds, p));
  for (const r of rs) expect(r.certificate.relGap, `γ_${r.p} (${r.solver})`).toBeLessThanOrEqual(MARGIN_TOLERANCE);
  const [gi, g1, g2, g3] = rs.map((r) => r.gamma) as [number, number, number, number];
  const chain = [g1, g2, g3, gi];
  for (let i = 1; i < chain.length; i++) expect(chain[i - 1]!).toBeLessThanOrEqual(chain[i]! * (1 + 1e-9));
  return rs;
}

/**
 * n = d points in general position with labels covering the k classes (separable for any
 * labels: the scores Wx_i can be set freely), the last one replaced by x_0 + δu with a label
 * other than y_0. Since x and x + δu cannot get different labels as δ → 0, γ_p = O(δ).
 */
function nearCollision(k: number, d: number, delta: number, seed: number): Dataset {
  const rng = makeRng(`near-collision:${seed}`);
  const rows = Array.from({ length: d }, () => Array.from({ length: d }, () => rng.normal()));
  const y = Array.from({ length: d }, (_, i) => i % k);
  const u = Array.from({ length: d }, () => rng.normal());
  rows[d - 1] = rows[0]!.map((v, j) => v + delta * u[j]!);
  y[d - 1] = (y[0]! + 1 + (seed % (k - 1))) % k;
  // Every class non-empty: with n = d ≥ k + 1 the first k rows cover them.
  return makeDataset(rows, y, { k, source: `nearCollision(k=${k}, d=${d}, δ=${delta}, seed=${seed})` });
}

describe('tiny margins', () => {
  const recipe = { recipe: 'clusters', k: 5, d: 3, nPerClass: 3, sigma: 1, seed: 7975 } as const;

  test('regression, sweep seed 63: clusters k = 5, d = 3, σ = 1 (data seed 7975), γ ≈ 1e-5, certified for p ∈ {∞, 1, 2, 3}, raw and with ‖b‖ normalised', () => {
    for (const normalise of [false, true]) {
      const rs = certifiedAndNested(problemFromRecipe(recipe, normalise).dataset);
      expect(rs[0]!.gamma).toBeLessThan(1e-3);
    }
  });

  test('planted fault: on the seed-63 data, a dual missing its largest weight does not certify (each norm)', () => {
    const ds = problemFromRecipe(recipe, true).dataset;
    for (const p of NORMS) {
      const r = margin(ds, p);
      let top = 0;
      r.dual.weights.forEach((w, a) => (top = w > r.dual.weights[top]! ? a : top));
      const weights = r.dual.weights.map((w, a) => (a === top ? 0 : w));
      expect(certifyMargin(ds, p, r.W, r.dual.pairs, weights).relGap, `γ_${p}`).toBeGreaterThan(MARGIN_TOLERANCE);
    }
  });

  /** Two distinct near-colliding points bound γ_2 ≤ ‖δu‖_2/√2 (their margins sum to ⟨e_c − e_y, W δu⟩). */
  const collisionBound = (ds: Dataset): number => {
    const d = ds.X.cols;
    let u2 = 0;
    for (let j = 0; j < d; j++) u2 += (ds.X.data[(d - 1) * d + j]! - ds.X.data[j]!) ** 2;
    return Math.sqrt(u2 / 2);
  };

  // δ ≥ 1e-5 (γ_2 down to ~1e-6): at δ = 1e-6 γ_2 fails to certify on 7 of 40 seeds (below).
  test('near collisions x, x + δu with two labels (δ down to 1e-5): γ_2 certified to MARGIN_TOLERANCE and = O(δ)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 2, max: 5 }), fc.nat(10_000), (k, extra, e, seed) => {
        const ds = nearCollision(k, k + 1 + extra, 10 ** -e, seed);
        const r = margin(ds, 2);
        expect(r.certificate.relGap).toBeLessThanOrEqual(MARGIN_TOLERANCE);
        expect(r.gamma).toBeLessThanOrEqual(collisionBound(ds) * (1 + 1e-9));
      }),
      { numRuns: runs(25) },
    );
  });

  test('planted fault: the O(δ) bound catches a γ_2 reported for the data before the collision', () => {
    expectCaught(() =>
      fc.assert(
        fc.property(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 3, max: 6 }), fc.nat(10_000), (k, e, seed) => {
          const ds = nearCollision(k, k + 1, 10 ** -e, seed);
          const apart = nearCollision(k, k + 1, 1, seed);
          return margin(apart, 2).gamma <= collisionBound(ds) * (1 + 1e-9);
        }),
        { numRuns: runs(10) },
      ),
    );
  });

  // Known defect, not fixed here: at near collisions (γ ≲ 1e-4) the max-norm and sum-norm LPs
  // do not certify. W is right (iterative refinement of the LP leaves it unchanged); the GLPK
  // duals carry absolute errors ~1e-7 that Σλ_q a_q, cancelling down to O(δ), turns into a
  // relative gap of 1e-2, and the exact vertex re-solve (lpVertex.ts) does not find the basis.
  // γ_p for p > 2 starts from the max-norm LP and fails with it. The NNLS of γ_2 fails the same
  // way one step further (δ = 1e-6, γ_2 ~ 1e-7: 7 of 40 seeds). Flip to `test` once fixed.
  test.fails('known defect: near collision (k = 2, d = 3, δ = 1e-6, seed 0): γ_∞ and γ_3 certified and nested', () => {
    certifiedAndNested(nearCollision(2, 3, 1e-6, 0));
  });

  test.fails('known defect: near collision (k = 2, d = 3, δ = 1e-6, seed 3): γ_2 certified', () => {
    expect(margin(nearCollision(2, 3, 1e-6, 3), 2).certificate.relGap).toBeLessThanOrEqual(MARGIN_TOLERANCE);
  });
});
