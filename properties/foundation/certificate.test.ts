/**
 * The margin certificate (src/margins/certificate.ts) on known, nonzero gaps: suboptimal W and λ
 * whose lower bound m(W)/‖W‖_p, upper bound ‖Σλ_p a_p‖_q/Σλ_p and relGap = (upper − lower)/upper
 * are worked out by hand, and weak duality (lower ≤ γ_p ≤ upper) for arbitrary W, λ ≥ 0.
 *
 * Hand example: k = 2, d = 1, x₁ = 1 (class 0), x₂ = −1 (class 1). Both pairs have
 * a = vec((e_y − e_c)x) = (1, −1), so m(W) = w₀ − w₁ for either, and ‖Σλa‖_q/Σλ = ‖(1, −1)‖_q:
 * 2 for q = 1 (p = ∞), √2 for q = 2, 1 for q = ∞ (p = 1). γ_∞ = 2, γ_2 = √2, γ_1 = 1.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { makeDataset } from '../../src/data/dataset.js';
import { fromRows } from '../../src/linalg/matrix.js';
import { certifyMargin, numPairs } from '../../src/margins/index.js';
import { runs } from '../support.js';

const ds = makeDataset([[1], [-1]], [0, 1], { k: 2 });
const S2 = Math.SQRT2;

describe('relGap on known nonzero gaps', () => {
  const cases: [string, number, number[][], number[], number, number][] = [
    // name, p, W, λ (over pairs 0, 1), lower, upper
    ['W = (1, 0), p = 2', 2, [[1], [0]], [1, 0], 1, S2],
    ['W = (1, 0), p = ∞', Infinity, [[1], [0]], [1, 0], 1, 2],
    ['W = (1, 0), p = 1 (optimal: gap 0)', 1, [[1], [0]], [1, 0], 1, 1],
    ['W = (3, 1), p = ∞', Infinity, [[3], [1]], [1, 0], 2 / 3, 2],
    ['W = (3, 1), p = 2', 2, [[3], [1]], [2, 3], 2 / Math.sqrt(10), S2],
    ['W = (3, 1), p = 1', 1, [[3], [1]], [0, 5], 0.5, 1],
    ['W = (3, 1), p = 4 (q = 4/3)', 4, [[3], [1]], [1, 1], 2 / 82 ** 0.25, 2 ** 0.75],
    ['W = (−1, 0): negative margin, p = 2', 2, [[-1], [0]], [1, 1], -1, S2],
    ['W = 0: lower 0, gap 1', 2, [[0], [0]], [1, 0], 0, S2],
    ['negative dual weights count as 0', Infinity, [[1], [0]], [2, -7], 1, 2],
  ];
  test.each(cases)('%s', (_, p, W, lam, lower, upper) => {
    const c = certifyMargin(ds, p, fromRows(W), [0, 1], lam);
    expect(Math.abs(c.lower - lower)).toBeLessThanOrEqual(1e-15 * Math.abs(lower));
    expect(Math.abs(c.upper - upper)).toBeLessThanOrEqual(1e-15 * upper);
    const gap = (upper - lower) / upper;
    expect(Math.abs(c.relGap - gap), `relGap ${c.relGap}, want ${gap}`).toBeLessThanOrEqual(1e-15);
  });

  test('the gaps above in closed form: 1 − 1/√2, ½, 2/3, 1 − 1/√5, ½, 1 + 1/√2', () => {
    const gap = (p: number, W: number[][], lam: number[]): number => certifyMargin(ds, p, fromRows(W), [0, 1], lam).relGap;
    expect(gap(2, [[1], [0]], [1, 0])).toBeCloseTo(1 - 1 / S2, 15);
    expect(gap(Infinity, [[1], [0]], [1, 0])).toBe(0.5);
    expect(gap(Infinity, [[3], [1]], [1, 0])).toBeCloseTo(2 / 3, 15);
    expect(gap(2, [[3], [1]], [1, 0])).toBeCloseTo(1 - 1 / Math.sqrt(5), 15);
    expect(gap(1, [[3], [1]], [1, 0])).toBe(0.5);
    expect(gap(2, [[-1], [0]], [1, 0])).toBeCloseTo(1 + 1 / S2, 15);
  });

  test('no positive dual weight: upper = +Infinity and relGap = +Infinity (nothing certified)', () => {
    for (const lam of [[0, 0], [-1, 0], []]) {
      const c = certifyMargin(ds, 2, fromRows([[1], [0]]), lam.length ? [0, 1] : [], lam);
      expect(c.upper).toBe(Infinity);
      expect(c.relGap).toBe(Infinity);
      expect(c.lower).toBe(1);
    }
  });

  test('a dual combination that is 0 (λ on pairs whose vectors cancel): upper 0, relGap +Infinity', () => {
    // x₁ = 1 and x₂ = 1 in opposite classes: a₁ = (1, −1), a₂ = (−1, 1); λ = (1, 1) sums to 0
    const bad = makeDataset([[1], [1]], [0, 1], { k: 2 });
    const c = certifyMargin(bad, 2, fromRows([[1], [0]]), [0, 1], [1, 1]);
    expect(c.upper).toBe(0);
    expect(c.relGap).toBe(Infinity);
  });
});

describe('weak duality for any W and any λ ≥ 0', () => {
  // 0 or |v| ≥ 1e-3: scaled by 1e-3 every product stays a normal float
  const entry = fc.oneof(fc.constant(0), fc.double({ min: -3, max: 3, noNaN: true }).filter((v) => Math.abs(v) >= 1e-3));
  const problem = fc
    .record({ k: fc.integer({ min: 2, max: 4 }), d: fc.integer({ min: 1, max: 4 }), n: fc.integer({ min: 1, max: 6 }) })
    .chain(({ k, d, n }) =>
      fc.record({
        k: fc.constant(k),
        X: fc.array(fc.array(entry, { minLength: d, maxLength: d }), { minLength: n, maxLength: n }),
        y: fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: n, maxLength: n }),
        W: fc.array(fc.array(entry, { minLength: d, maxLength: d }), { minLength: k, maxLength: k }),
        // 0 or ≥ 1e-3, so that λ·scale stays a normal float (a subnormal λ·1e-3 rounds to 0)
        lam: fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-3, max: 5, noNaN: true })), { minLength: n * (k - 1), maxLength: n * (k - 1) }),
        p: fc.constantFrom(1, 2, 3, Infinity),
        scale: fc.constantFrom(1e-3, 0.5, 8, 1e4),
      }),
    );

  test('lower ≤ upper, relGap = (upper − lower)/upper ≥ 0, and both bounds are invariant under W → sW, λ → sλ', () => {
    fc.assert(
      fc.property(problem, ({ k, X, y, W, lam, p, scale }) => {
        const data = makeDataset(X, y, { k, allowEmptyClasses: true });
        const pairs = Array.from({ length: numPairs(data) }, (_, i) => i);
        const c = certifyMargin(data, p, fromRows(W), pairs, lam);
        if (c.upper === Infinity || c.upper === 0) return c.relGap === Infinity;
        const s = certifyMargin(data, p, fromRows(W.map((r) => r.map((v) => v * scale))), pairs, lam.map((v) => v * scale));
        const tol = 1e-12 * Math.max(1, Math.abs(c.upper), Math.abs(c.lower));
        return (
          c.lower <= c.upper + tol &&
          c.relGap >= -1e-12 &&
          Math.abs(c.relGap - (c.upper - c.lower) / c.upper) <= 1e-15 * Math.max(1, Math.abs(c.relGap)) &&
          Math.abs(s.lower - c.lower) <= tol &&
          Math.abs(s.upper - c.upper) <= tol
        );
      }),
      { numRuns: runs(300) },
    );
  });
});

describe('planted fault', () => {
  test('a gap relative to the lower bound, (upper − lower)/lower, is caught by the hand-worked gaps', () => {
    const wrongGap = (p: number, W: number[][], lam: number[]): number => {
      const c = certifyMargin(ds, p, fromRows(W), [0, 1], lam);
      return (c.upper - c.lower) / c.lower;
    };
    expect(Math.abs(wrongGap(2, [[1], [0]], [1, 0]) - (1 - 1 / S2))).toBeGreaterThan(0.1);
    expect(Math.abs(wrongGap(Infinity, [[3], [1]], [1, 0]) - 2 / 3)).toBeGreaterThan(0.1);
  });
});
