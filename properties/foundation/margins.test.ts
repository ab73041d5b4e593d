/**
 * Exact margins (D-γ, R-SVM): constraint generation equals the full LP, certificates close,
 * the nesting γ_1 ≤ γ_2 ≤ γ_∞ holds, a planted teacher never beats γ_p, the SVM meets KKT.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { problemFromRecipe, separableProblem } from '../../src/arbitraries/index.js';
import { makeDataset, type Dataset } from '../../src/data/dataset.js';
import { loadDataset } from '../../src/data/io.js';
import { gaussianClusters, plantedTeacher } from '../../src/data/samplers.js';
import { NotSeparableError, SolverError } from '../../src/errors.js';
import { zeros, type Matrix } from '../../src/linalg/matrix.js';
import { entrywiseNorm, unitNormalised } from '../../src/linalg/norms.js';
import { minMargin } from '../../src/losses/objective.js';
import { certifyMargin, lpMargin, margin, MARGIN_TOLERANCE, numPairs, pairMargins, pNormMargin, svmKktResiduals, svmMargin } from '../../src/margins/index.js';
import { verdict } from '../../src/margins/verdict.js';
import type { Problem } from '../../src/problem.js';
import { GLP, solveLp } from '../../src/margins/glpk.js';
import { pickViolated } from '../../src/margins/workingSet.js';
import { close, expectCaught, runs } from '../support.js';

const problems = separableProblem({ maxK: 4, maxD: 5, maxPerClass: 4 });
const P = [Infinity, 1, 2] as const;

/** Constraint generation and the full LP agree to 1e-9 relative. */
function cgEqualsFull(solve: (ds: Dataset, p: 1 | typeof Infinity) => number) {
  return fc.property(problems, fc.constantFrom(Infinity, 1 as const), (pb, p) => {
    const full = lpMargin(pb.dataset, p, { method: 'full' }).gamma;
    return close(solve(pb.dataset, p), full, 1e-9);
  });
}

/** γ_1 ≤ γ_2 ≤ γ_∞ and γ_p ≥ (kd)^{−1/p} γ_∞ (App. E ordering). */
function nesting(gammaOf: (ds: Dataset, p: number) => number) {
  return fc.property(problems, (pb) => {
    const [gi, g1, g2] = P.map((p) => gammaOf(pb.dataset, p)) as [number, number, number];
    const kd = pb.k * pb.d;
    return g1 <= g2 * (1 + 1e-9) && g2 <= gi * (1 + 1e-9) && g2 >= gi / Math.sqrt(kd) * (1 - 1e-9) && g1 >= (gi / kd) * (1 - 1e-9);
  });
}

describe('max-norm and sum-norm LPs (GLPK)', () => {
  test('constraint generation equals the full LP (rel 1e-9)', () => {
    fc.assert(cgEqualsFull((ds, p) => lpMargin(ds, p).gamma), { numRuns: runs(40) });
  });

  test('planted fault: a solver 1e-7 too optimistic is caught by the full-LP cross-check', () => {
    expectCaught(() => fc.assert(cgEqualsFull((ds, p) => lpMargin(ds, p).gamma * (1 + 1e-7)), { numRuns: runs(40) }));
  });

  test('every column needs declared bounds: an LP that relies on glpk.js defaults is refused', () => {
    const lp = {
      name: 'defaults',
      objective: { direction: GLP.MAX, name: 't', vars: [{ name: 'w', coef: 1 }] },
      subjectTo: [{ name: 'r', vars: [{ name: 'w', coef: 1 }], bnds: { type: GLP.UP, lb: 0, ub: 1 } }],
    };
    expect(() => solveLp(lp, 'test LP')).toThrow(SolverError);
    expect(() => solveLp(lp, 'test LP')).toThrow(/no declared bounds/);
  });

  test('constraint generation that cannot finish in its round budget is a SolverError', () => {
    const ds = problemFromRecipe({ recipe: 'clusters', k: 4, d: 5, nPerClass: 6, sigma: 0.5, seed: 2 }).dataset;
    expect(() => lpMargin(ds, Infinity, { maxRounds: 1, addPerRound: 1 })).toThrow(SolverError);
    expect(() => lpMargin(ds, Infinity, { maxRounds: 1, addPerRound: 1 })).toThrow(/no convergence in 1 working-set rounds/);
  });

  test('constraint generation is deterministic: the same data give bit-identical W, γ and dual', () => {
    const ds = gaussianClusters({ k: 6, d: 12, nPerClass: 20, sigma: 0.3, seed: 5 });
    for (const p of [Infinity, 1] as const) {
      const [a, b] = [lpMargin(ds, p), lpMargin(ds, p)];
      expect(Object.is(a.gamma, b.gamma)).toBe(true);
      expect(Array.from(a.W.data)).toEqual(Array.from(b.W.data));
      expect(Array.from(a.dual.pairs)).toEqual(Array.from(b.dual.pairs));
      expect(Array.from(a.dual.weights)).toEqual(Array.from(b.dual.weights));
    }
  });

  test('pickViolated: the worst pair of each class pair, then of each sample not yet represented, then the rest, at most the budget', () => {
    // k = 3: pair q = 2i + s; samples 0, 1 of class 0 (pairs to classes 1, 2), sample 2 of
    // class 1 (to 0, 2).
    const ds = makeDataset([[1], [2], [3]], [0, 0, 1], { k: 3, allowEmptyClasses: true });
    const score = Float64Array.from([-1, -5, -2, -6, -3, -4]);
    const all = [0, 1, 2, 3, 4, 5];
    // Class pairs (0,1): q 0, 2 → 2; (0,2): q 1, 3 → 3; (1,0): 4; (1,2): 5.
    expect(pickViolated(ds, all, score, 4, true).sort((a, b) => a - b)).toEqual([2, 3, 4, 5]);
    // Budget 2: the two most violated class-pair representatives.
    expect(pickViolated(ds, all, score, 2, true).sort((a, b) => a - b)).toEqual([3, 5]);
    // Budget 5: then sample 0's worst pair, q1 (samples 1 and 2 are represented already).
    expect(pickViolated(ds, all, score, 5, true).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    // Without diversity: most violated first.
    expect(pickViolated(ds, all, score, 3, false).sort((a, b) => a - b)).toEqual([1, 3, 5]);
  });

  test('a non-optimal status is a SolverError, not a number', () => {
    const lp = {
      name: 'unbounded',
      objective: { direction: GLP.MAX, name: 'z', vars: [{ name: 'w', coef: 1 }] },
      subjectTo: [{ name: 'r', vars: [{ name: 'w', coef: 1 }], bnds: { type: GLP.LO, lb: 0, ub: 0 } }],
      bounds: [{ name: 'w', type: GLP.FR, lb: 0, ub: 0 }],
    };
    expect(() => solveLp(lp, 'test LP')).toThrow(/status unbounded/);
  });
});

describe('all three norms', () => {
  test('certified: the duality gap of the returned (W, λ) is ≤ MARGIN_TOLERANCE and ‖W‖_p = 1, m(W) = γ', () => {
    fc.assert(
      fc.property(problems, fc.constantFrom(...P), (pb, p) => {
        const r = margin(pb.dataset, p);
        expect(r.certificate.relGap).toBeLessThanOrEqual(MARGIN_TOLERANCE);
        expect(close(entrywiseNorm(r.W, p), 1, 1e-12)).toBe(true);
        expect(close(minMargin(pb.dataset, r.W), r.gamma, 1e-12)).toBe(true);
        // The certificate is recomputed from scratch, independent of the solver's own numbers.
        const again = certifyMargin(pb.dataset, p, r.W, r.dual.pairs, r.dual.weights);
        expect(again.upper).toBeGreaterThanOrEqual(r.gamma * (1 - 1e-12));
      }),
      { numRuns: runs(40) },
    );
  });

  test('planted fault: a suboptimal W fails its certificate', () => {
    expectCaught(() =>
      fc.assert(
        fc.property(problems, fc.constantFrom(...P), (pb, p) => {
          const r = margin(pb.dataset, p);
          const W = { ...r.W, data: r.W.data.map((v, i) => v + (i === 0 ? 1e-3 : 0)) };
          return certifyMargin(pb.dataset, p, W, r.dual.pairs, r.dual.weights).relGap <= 1e-9;
        }),
        { numRuns: runs(40) },
      ),
    );
  });

  test('nesting γ_1 ≤ γ_2 ≤ γ_∞ and γ_p ≥ (kd)^{−1/p} γ_∞', () => {
    fc.assert(nesting((ds, p) => margin(ds, p).gamma), { numRuns: runs(30) });
  });

  test('planted fault: a norm swapped for its dual (γ_∞ computed as γ_1) is caught by the nesting', () => {
    expectCaught(() => fc.assert(nesting((ds, p) => margin(ds, p === Infinity ? 1 : p === 1 ? Infinity : p).gamma), { numRuns: runs(30) }));
  });

  test('a planted teacher W* never beats γ_p: m(W*)/‖W*‖_p ≤ γ_p', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 5 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 1000 }), fc.constantFrom(...P), (k, d, extra, seed, p) => {
        const { dataset, teacher } = plantedTeacher({ k, d, n: k + extra, seed, minMargin: 0.05 });
        const own = minMargin(dataset, teacher) / entrywiseNorm(teacher, p);
        return own <= margin(dataset, p).gamma * (1 + 1e-9);
      }),
      { numRuns: runs(40) },
    );
  });
});

describe('general entrywise p > 2 (log-barrier Newton)', () => {
  const general = [3, 4, 7] as const;
  test('certified to MARGIN_TOLERANCE and nested: γ_2 ≤ γ_3 ≤ γ_4 ≤ γ_7 ≤ γ_∞', () => {
    fc.assert(
      fc.property(problems, (pb) => {
        const gs = general.map((p) => pb.margin(p));
        for (const r of gs) expect(r.certificate.relGap).toBeLessThanOrEqual(MARGIN_TOLERANCE);
        const chain = [pb.margin(2).gamma, ...gs.map((r) => r.gamma), pb.margin(Infinity).gamma];
        for (let i = 1; i < chain.length; i++) expect(chain[i - 1]!).toBeLessThanOrEqual(chain[i]! * (1 + 1e-9));
      }),
      { numRuns: runs(40) },
    );
  });

  test('‖W‖_p = 1 in its own p-norm for p ∈ {3, 4, 7}, and m(W) = γ_p', () => {
    fc.assert(
      fc.property(problems, fc.constantFrom(...general), (pb, p) => {
        const r = pb.margin(p);
        expect(close(entrywiseNorm(r.W, p), 1, 1e-12)).toBe(true);
        expect(close(minMargin(pb.dataset, r.W), r.gamma, 1e-12)).toBe(true);
      }),
      { numRuns: runs(40) },
    );
  });

  test('planted fault: W normalised in the Frobenius norm (the old helper) is caught by ‖W‖_p = 1', () => {
    expectCaught(() =>
      fc.assert(
        fc.property(problems, fc.constantFrom(...general), (pb, p) => close(entrywiseNorm(unitNormalised(pb.margin(p).W, 2), p), 1, 1e-12)),
        { numRuns: runs(40) },
      ),
    );
  });

  test('the start comes from the certified LP: clusters {k:4, d:3, nPerClass:3, σ:1, seed:8996} (the perceptron gave up) is solved for p = 3, 4, 7', () => {
    const pb = problemFromRecipe({ recipe: 'clusters', k: 4, d: 3, nPerClass: 3, sigma: 1, seed: 8996 });
    const gInf = pb.margin(Infinity).gamma;
    for (const p of general) {
      const r = pb.margin(p);
      expect(r.certificate.relGap).toBeLessThanOrEqual(MARGIN_TOLERANCE);
      expect(close(entrywiseNorm(r.W, p), 1, 1e-12)).toBe(true);
      // App. E: (kd)^{−1/p} γ_∞ ≤ γ_p ≤ γ_∞.
      expect(r.gamma).toBeLessThanOrEqual(gInf * (1 + 1e-9));
      expect(r.gamma).toBeGreaterThanOrEqual(gInf * Math.pow(pb.k * pb.d, -1 / p) * (1 - 1e-9));
    }
  });

  test('data the max-norm LP certifies as not separable are refused by the LP (NotSeparableError), for p = 3', () => {
    const raw = gaussianClusters({ k: 4, d: 3, nPerClass: 3, sigma: 1, seed: 8996 });
    expect(() => lpMargin(raw, Infinity)).toThrow(NotSeparableError);
    expect(() => pNormMargin(raw, 3)).toThrow(/not linearly separable: γ_∞/);
  });

  test('planted fault: the barrier stopped early (duality gap 1e-2, multipliers unpolished) is refused with its gap', () => {
    const early = (pb: Problem) => pNormMargin(pb.dataset, 3, { tolerance: 1e-2, polish: false });
    // Refused somewhere (n = 1 closes with any λ > 0, so not everywhere)...
    expectCaught(() => fc.assert(fc.property(problems, (pb) => void early(pb)), { numRuns: runs(40) }));
    // ...always as a SolverError naming the gap, and whatever it does return is right.
    fc.assert(
      fc.property(problems, (pb) => {
        try {
          const r = early(pb);
          return close(r.gamma, pb.margin(3).gamma, 2 * MARGIN_TOLERANCE);
        } catch (e) {
          return e instanceof SolverError && /does not close/.test(e.message);
        }
      }),
      { numRuns: runs(40) },
    );
  });
});

describe('a margin is either right or refused (verdict.ts)', () => {
  /** The production gate, fed a solver's honest output with W moved off the optimum. */
  function perturbed(pb: Problem, p: number, by: number) {
    const r = pb.margin(p);
    const W = { ...r.W, data: r.W.data.map((v, i) => v + (i === 0 ? by : 0)) };
    return () => verdict(pb.dataset, p, { W, pairs: r.dual.pairs, lambda: r.dual.weights, solver: 'perturbed', rounds: 0, workingSetSize: 0, started: 0 });
  }

  /** Either a SolverError naming the gap, or a γ within MARGIN_TOLERANCE of the true γ_p. */
  function rightOrRefused(pb: Problem, p: number, by: number): boolean {
    try {
      return close(perturbed(pb, p, by)().gamma, pb.margin(p).gamma, 2 * MARGIN_TOLERANCE);
    } catch (e) {
      return e instanceof SolverError && /does not close: γ ∈ \[.*\], relative gap .* > 1e-9/.test(e.message);
    }
  }

  test('a solver output moved off the maximiser is either refused (SolverError with the gap) or still right', () => {
    fc.assert(
      fc.property(problems, fc.constantFrom(Infinity, 1, 2, 3), fc.constantFrom(1e-3, 1e-6, 0), (pb, p, by) => rightOrRefused(pb, p, by)),
      { numRuns: runs(60) },
    );
  });

  test('planted fault: the gate refuses a W moved off the maximiser (it is not a pass-through)', () => {
    // (rightOrRefused above: every refusal is a SolverError naming the gap.)
    expectCaught(() =>
      fc.assert(
        fc.property(problems, fc.constantFrom(Infinity, 1, 2, 3), (pb, p) => void perturbed(pb, p, 1e-3)()),
        { numRuns: runs(30) },
      ),
    );
  });

  test('planted fault: a gate that accepted every candidate would return a wrong γ, which rightOrRefused catches', () => {
    const accepting = (pb: Problem, p: number): boolean => {
      const r = pb.margin(p);
      const W = { ...r.W, data: r.W.data.map((v, i) => v + (i === 0 ? 1e-3 : 0)) };
      const lower = certifyMargin(pb.dataset, p, unitNormalised(W, p), r.dual.pairs, r.dual.weights).lower;
      return close(lower, r.gamma, 2 * MARGIN_TOLERANCE);
    };
    expectCaught(() => fc.assert(fc.property(problems, fc.constantFrom(Infinity, 1, 2, 3), accepting), { numRuns: runs(30) }));
  });

  test('bounded time: a spent time budget is a SolverError for every solver', () => {
    const pb = problemFromRecipe({ recipe: 'clusters', k: 3, d: 3, nPerClass: 3, sigma: 0.3, seed: 1 });
    for (const p of [Infinity, 1, 2, 3]) {
      expect(() => margin(pb.dataset, p, { timeLimitSeconds: 1e-9 })).toThrow(SolverError);
      expect(() => margin(pb.dataset, p, { timeLimitSeconds: 1e-9 })).toThrow(/time limit of 1e-9 s reached/);
    }
    expect(() => margin(pb.dataset, 2, { timeLimitSeconds: 0 })).toThrow(/time limit must be a positive number/);
  });
});

describe('degenerate LP vertices', () => {
  test('a vertex with a tight row of zero dual is completed and certified (50-seed sweep, seed 19: relative gap 4.8e-8 before)', () => {
    const pb = problemFromRecipe({ recipe: 'clusters', k: 3, d: 3, nPerClass: 3, sigma: 0.1, seed: 12 }, true);
    const r = margin(pb.dataset, Infinity);
    expect(r.certificate.relGap).toBeLessThanOrEqual(MARGIN_TOLERANCE);
    expect(r.gamma).toBeCloseTo(8.8543176e-5, 12);
  });
});

describe('Frobenius SVM (p = 2) KKT conditions', () => {
  /** Ŵ = W/γ: feasibility ⟨a, Ŵ⟩ ≥ 1, α ≥ 0, complementary slackness, Ŵ = Σ α_p a_p. */
  function kkt(solve: (ds: Dataset) => { W: Matrix; gamma: number; pairs: Int32Array; alpha: Float64Array }) {
    return fc.property(problems, (pb) => {
      const r = solve(pb.dataset);
      const res = svmKktResiduals(pb.dataset, r.W, r.gamma, r.pairs, r.alpha);
      return res.infeasibility <= 1e-9 && res.minAlpha >= 0 && res.slackness <= 1e-9 * Math.max(1, res.maxAlpha) && res.stationarity <= 1e-9 * res.termScale;
    });
  }
  const ours = (ds: Dataset) => {
    const r = svmMargin(ds);
    return { W: r.W, gamma: r.gamma, pairs: r.dual.pairs, alpha: r.dual.weights };
  };

  test('the NNLS solution satisfies the KKT conditions to 1e-9', () => {
    fc.assert(kkt(ours), { numRuns: runs(60) });
  });

  test('planted fault: dropping one support vector from the dual is caught by KKT', () => {
    const broken = (ds: Dataset) => {
      const r = ours(ds);
      return { ...r, alpha: r.alpha.map((a, i) => (i === 0 ? 0 : a)) };
    };
    expectCaught(() => fc.assert(kkt(broken), { numRuns: runs(60) }));
  });
});

describe('non-separable data is a typed error, never a zero', () => {
  test.each(P)('p = %s: the shipped non-separable fixture', (p) => {
    const ds = loadDataset('fixtures/not-separable.json');
    expect(() => margin(ds, p)).toThrow(NotSeparableError);
    expect(() => margin(ds, p)).toThrow(/not linearly separable/);
  });

  test('random conflicting labels (a point repeated with two labels) are detected for every norm', () => {
    fc.assert(
      fc.property(problems, fc.constantFrom(...P), (pb, p) => {
        const { X, y, k } = pb.dataset;
        const d = X.cols;
        const rows = Array.from({ length: X.rows }, (_, i) => Array.from(X.data.subarray(i * d, (i + 1) * d)));
        const labels = Array.from(y);
        rows.push(rows[0]!);
        labels.push((labels[0]! + 1) % k);
        const bad = makeDataset(rows, labels, { k, allowEmptyClasses: true });
        expect(() => margin(bad, p)).toThrow(NotSeparableError);
      }),
      { numRuns: runs(30) },
    );
  });
});

describe('edge cases', () => {
  test('n = 1, k = 2: γ_∞ = 2‖x‖_1, γ_2 = √2‖x‖_2, γ_1 = 2‖x‖_∞ / 2 = ‖x‖_∞', () => {
    for (let seed = 0; seed < 5; seed++) {
      const pb = problemFromRecipe({ recipe: 'edge', name: 'single-point-binary', seed, d: 3 });
      const x = pb.dataset.X.data;
      expect(close(pb.margin(Infinity).gamma, 2 * entrywiseNorm({ rows: 1, cols: 3, data: x }, 1), 1e-12)).toBe(true);
      expect(close(pb.margin(2).gamma, Math.SQRT2 * entrywiseNorm({ rows: 1, cols: 3, data: x }, 2), 1e-12)).toBe(true);
      expect(close(pb.margin(1).gamma, entrywiseNorm({ rows: 1, cols: 3, data: x }, Infinity), 1e-12)).toBe(true);
    }
  });

  test('pair bookkeeping: n(k−1) pairs and ⟨a_p, W⟩ equals the margin m_ic(W)', () => {
    fc.assert(
      fc.property(problems, (pb) => {
        const W = zeros(pb.k, pb.d);
        W.data.forEach((_, i) => (W.data[i] = Math.sin(i + 1)));
        const m = pairMargins(pb.dataset, W);
        expect(m.length).toBe(numPairs(pb.dataset));
        expect(close(Math.min(...m), minMargin(pb.dataset, W), 0, 0)).toBe(true);
      }),
      { numRuns: runs(30) },
    );
  });
});

describe('regressions', () => {
  test('Lawson–Hanson inner loop terminates when rounding leaves the blocking variable a hair above 0', () => {
    // This dataset made the inner loop spin forever before the blocking variable was forced out.
    const pb = problemFromRecipe({ recipe: 'teacher', k: 5, d: 3, n: 30, seed: 998 });
    const r = svmMargin(pb.dataset);
    expect(r.certificate.relGap).toBeLessThanOrEqual(1e-12);
    expect(r.gamma).toBeGreaterThan(0);
  });
});
