import { describe, expect, test } from 'vitest';
import { problemFromRecipe } from '../../src/arbitraries/separableProblem.js';
import { corollary64, tailSup } from '../../src/claims/fan2025/rates.js';
import { rateBound } from '../../src/rates/bounds.js';
import { boundedRatioEvidence, RECHECK_FACTOR, recheckedEvidence } from '../../src/rates/bounded.js';
import { exponentEvidence } from '../../src/rates/evidence.js';
import { logSpacedSteps } from '../../src/trajectory/checkpoints.js';

/**
 * The rate claims' bounded-ratio evidence (src/rates/bounded.ts) on gap series whose fate is
 * known: g(t) = N(t)/S_t for η_t = 2(t+1)^{−a}, T = 2·10⁴, at the claims' checkpoints.
 */
describe('bounded-ratio evidence of gap = O(rate)', () => {
  const T = 20000;
  const ts = logSpacedSteps(T).filter((t) => t > 0);
  const S = (a: number) => {
    const out = new Float64Array(T + 1);
    for (let t = 1; t <= T; t++) out[t] = out[t - 1]! + 2 * Math.pow(t, -a);
    return (t: number) => out[t]!;
  };
  const evidence = (a: number, g: (t: number) => number) => boundedRatioEvidence(ts, ts.map(g), rateBound('adam', a).rate, T, 1.1);

  // cor-6.4 on verify seed 73 (reports/rates/cor-6.4-plateau.md): N_t = γS_t − m(W_t) is negative
  // early (Adam's overshoot), then rises to its limit slowly (0.199, 0.411, 0.602 at 10³, 10⁴, 10⁶);
  // N_t = 0.62 − 3.4·t^{−0.3} matches those values.
  const S8 = S(0.8);
  const seed73 = (t: number) => (0.62 - 3.4 * Math.pow(t, -0.3)) / S8(t);

  test('the seed-73 shape (bounded numerator, early overshoot) is bounded; the tail-sup exponent fit saw a plateau', () => {
    expect(evidence(0.8, seed73).status).toBe('bounded');
    const old = exponentEvidence(ts, tailSup(ts.map(seed73)), S8, rateBound('adam', 0.8).rate, [T / 100, T], 0.65);
    expect(old.status).toBe('inconsistent');
  });

  test('a gap that stops decaying (a drift to another max-margin problem) is caught at a = 2/3 and 0.8', () => {
    expect(evidence(0.8, (t) => 0.1 + seed73(t)).status).toBe('growing');
    expect(evidence(2 / 3, () => 0.01).status).toBe('growing');
  });

  test('the finite-window limit: a small persistent gap under a larger early rise of Q is not seen by T = 2·10⁴', () => {
    // Q = 0.01·t^{0.2} + the seed-73 shape: the rise of the bounded part over [T/100, T/10] hides
    // the growing part's (this is why the drift fault is caught on ≈ 80% of problems, not all).
    expect(evidence(0.8, (t) => 0.01 + seed73(t)).status).toBe('bounded');
  });

  test('a gap decaying by a slower power than the rate is caught (rate^{1/2} at a = 0.8: Q ∝ t^{0.1})', () => {
    const e = evidence(0.8, (t) => Math.sqrt(rateBound('adam', 0.8).rate(t)));
    expect(e.status).toBe('growing');
    expect(e.rise).toBeCloseTo(Math.pow(10, 0.1), 1);
  });

  test('the documented blind spot: at a = 1 a gap that does not decay gives Q ∝ log t (ratio 1), so a = 1 is reported only', () => {
    const e = evidence(1, () => 0.01);
    expect(e.status).toBe('bounded');
    expect(e.rise).toBeCloseTo(1, 1);
  });
});

/**
 * The sequential reading (RECHECK_FACTOR): a `growing` reading at T is re-examined on the same run
 * continued to 10·T. The two registry cases that read growing at T = 2·10⁴ with our Adam (seeds 417
 * and 486, reports/rates/cor-6.4-seed-417.md) are S-shaped approaches to a bound: bounded at 2·10⁵.
 */
describe('cor-6.4 re-examines a growing reading one decade later', () => {
  const cases = [
    { seed: 417, recipe: { recipe: 'clusters', k: 4, d: 2, nPerClass: 3, sigma: 1, seed: 1630 } as const, a: 0.8 },
    { seed: 486, recipe: { recipe: 'clusters', k: 4, d: 2, nPerClass: 1, sigma: 0.5, seed: 9918 } as const, a: 0.8 },
  ];
  test.each(cases)('registry seed $seed: growing at 2·10⁴, bounded on the run continued to 2·10⁵', ({ recipe, a }) => {
    const problem = problemFromRecipe(recipe, true);
    const os = [corollary64({ exponents: [a] }).check({ problem, steps: 20000 })].flat();
    const b = os.find((o) => /bounded on/.test(o.part ?? ''))!;
    expect(b.ok, b.note).toBe(true);
    expect(b.part).toContain('[2000, 200000]');
    expect(b.note).toMatch(/^bounded: growing at T = 20000 \(.*rise ratio (1\.[2-9]|[2-9])/);
  });

  test('a Q that grows is read growing at both horizons (the longer reading decides, the earlier is kept)', () => {
    const T = 20000;
    const at = (T: number, gap: (t: number) => number) => {
      const ts = logSpacedSteps(T).filter((t) => t > 0);
      return boundedRatioEvidence(ts, ts.map(gap), rateBound('adam', 0.8).rate, T, 1.1);
    };
    const slow = (t: number) => 0.1 * Math.pow(t, -0.1);
    const e = recheckedEvidence(at(T, slow), () => at(RECHECK_FACTOR * T, slow));
    expect(e.status).toBe('growing');
    expect(e.window).toEqual([2000, 200000]);
    expect(e.earlier?.status).toBe('growing');
    const bounded = at(T, (t) => rateBound('adam', 0.8).rate(t));
    expect(bounded.status).toBe('bounded');
    expect(recheckedEvidence(bounded, () => { throw new Error('a bounded reading is not re-examined'); })).toBe(bounded);
  });
});
