/**
 * Generators never throw (issue #8, item 2): every recipe and arbitrary yields, for every seed
 * and every shrink step, an input that satisfies the assumptions of the claims it feeds.
 * Small parameter ranges are checked exhaustively (they are where shrinking goes); larger ones
 * over many seeds; shrink paths are walked by forcing fast-check to shrink.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { clustersProblem, problemFromRecipe, separableProblem, type ProblemRecipe } from '../../src/arbitraries/separableProblem.js';
import { sections } from '../../src/claims/registry.js';
import { lowLossInput, objectiveOf, pairInput, pointInput, possiblyInseparable, scaleToLowLoss } from '../../src/claims/inputs.js';
import { makeDataset, type Dataset } from '../../src/data/dataset.js';
import { makeRng } from '../../src/data/rng.js';
import { EDGE_CASES, gaussianClusters, normalMatrix, plantedTeacher, separatedClusters, type PlantedTeacherParams } from '../../src/data/samplers.js';
import { zeros, type Matrix } from '../../src/linalg/matrix.js';
import { minMargin } from '../../src/losses/objective.js';
import { eq8Dataset, eq8Recipes } from '../../src/probes/ravi2024.js';
import { Problem } from '../../src/problem.js';
import { runs } from '../support.js';

type Teacher = (p: PlantedTeacherParams) => { dataset: Dataset; teacher: Matrix };

const maxAbs = (W: Matrix): number => W.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/**
 * Runs `teacher` on every k = 2..5, d = 1..6 (d = 1 only for k = 2: k ≥ 3 classes cannot all
 * win on a line), n = k..k+20, minMargin ∈ {0, 0.05, 0.2} and `seeds` seeds; returns what went
 * wrong (a throw, a missing class, a margin ≤ minMargin under the returned teacher).
 */
function teacherGridFailures(teacher: Teacher, seeds: number, stopAfter = Infinity): string[] {
  const bad: string[] = [];
  for (const minM of [0, 0.05, 0.2]) {
    for (let k = 2; k <= 5; k++) {
      for (let d = k === 2 ? 1 : 2; d <= 6; d++) {
        for (let n = k; n <= k + 20; n++) {
          for (let seed = 0; seed < seeds && bad.length < stopAfter; seed++) {
            const p = { k, d, n, seed, minMargin: minM };
            try {
              const { dataset, teacher: W } = teacher(p);
              const counts = new Array<number>(k).fill(0);
              for (const c of dataset.y) counts[c]!++;
              if (counts.some((c) => c === 0)) bad.push(`${JSON.stringify(p)}: a class is empty`);
              else if (!(minMargin(dataset, W) > minM)) bad.push(`${JSON.stringify(p)}: teacher margin ${minMargin(dataset, W)} ≤ ${minM}`);
            } catch (e) {
              bad.push(`${JSON.stringify(p)}: threw ${(e as Error).message}`);
            }
          }
        }
      }
    }
  }
  return bad;
}

/** Planted fault: the previous recipe (Gaussian teacher, redraw points and teachers, then give up). */
const gaussianTeacher: Teacher = (p) => {
  const rng = makeRng(`teacher:${p.seed}`);
  const { k, d, n } = p;
  const minM = p.minMargin ?? 0;
  for (let attempt = 0; attempt < 20; attempt++) {
    const W = normalMatrix(rng, k, d, 1);
    const X = zeros(n, d);
    const y: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let tries = 0; tries < 1000 && y.length === i; tries++) {
        const x = Array.from({ length: d }, () => rng.normal());
        const s = Array.from({ length: k }, (_, c) => x.reduce((a, xj, j) => a + W.data[c * d + j]! * xj, 0));
        const order = [...s].sort((a, b) => b - a);
        if (order[0]! - order[1]! > minM) {
          X.data.set(x, i * d);
          y.push(s.indexOf(order[0]!));
        }
      }
      if (y.length === i) break;
    }
    if (y.length === n && new Set(y).size === k) return { dataset: makeDataset(X, y, { k }), teacher: W };
  }
  throw new Error(`could not hit all ${k} classes with n = ${n} points`);
};

/** Every assumption a problem must satisfy: valid, separable by the certified LP (γ_∞ > 0). */
function problemOk(pb: Problem): boolean {
  return pb.n >= 1 && pb.margin(Infinity).gamma > 0 && Number.isFinite(pb.B);
}

/**
 * Forces fast-check to shrink: the property fails on about half of the values (by a hash of
 * their printed form), so each shrink step tries several candidates; every value generated or
 * tried while shrinking goes through `check`. A generator that throws makes fc.check throw.
 */
function walkShrinks<T>(arb: fc.Arbitrary<T>, check: (t: T) => boolean, seeds: number): { visited: number; bad: string[] } {
  let visited = 0;
  const bad: string[] = [];
  for (let seed = 0; seed < seeds; seed++) {
    fc.check(
      fc.property(arb, (x) => {
        visited++;
        if (!check(x)) bad.push(fc.stringify(x));
        const text = fc.stringify(x);
        let h = 0;
        for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
        return (h & 1) === 0;
      }),
      { seed, numRuns: 5 },
    );
  }
  return { visited, bad };
}

describe('planted teacher', () => {
  test('every class hit and teacher margin > minMargin, exhaustively over k = 2..5, d ≤ 6, n = k..k+20', () => {
    expect(teacherGridFailures(plantedTeacher, runs(6))).toEqual([]);
  });

  test('same parameters, same dataset and teacher, bit for bit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 20 }), fc.nat({ max: 1e6 }), (k, d0, extra, seed) => {
        const d = k > 2 ? Math.max(d0, 2) : d0;
        const a = plantedTeacher({ k, d, n: k + extra, seed, minMargin: 0.05 });
        const b = plantedTeacher({ k, d, n: k + extra, seed, minMargin: 0.05 });
        return a.dataset.X.data.every((v, i) => Object.is(v, b.dataset.X.data[i])) && a.dataset.y.every((v, i) => v === b.dataset.y[i]) && a.teacher.data.every((v, i) => Object.is(v, b.teacher.data[i]));
      }),
      { numRuns: runs(100) },
    );
  });

  test('planted fault: the Gaussian-teacher recipe is caught (a class region can be empty)', () => {
    const bad = teacherGridFailures(gaussianTeacher, 6, 3);
    expect(bad.length).toBeGreaterThan(0);
    expect(bad.some((b) => /could not hit all/.test(b))).toBe(true);
  });

  test('teacher rows have unit norm and the data are certified separable by the LP', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 2, max: 6 }), fc.integer({ min: 0, max: 40 }), fc.nat({ max: 1e6 }), (k, d, extra, seed) => {
        const { dataset, teacher } = plantedTeacher({ k, d, n: k + extra, seed, minMargin: 0.05 });
        for (let c = 0; c < k; c++) {
          const r = Math.hypot(...teacher.data.subarray(c * d, (c + 1) * d));
          if (Math.abs(r - 1) > 1e-12) return false;
        }
        // W*/‖W*‖_max is feasible for γ_∞, so γ_∞ ≥ min margin of W* / ‖W*‖_max > 0.05/1.
        const pb = problemFromRecipe({ recipe: 'teacher', k, d, n: k + extra, seed });
        return pb.margin(Infinity).gamma >= (minMargin(dataset, teacher) / maxAbs(teacher)) * (1 - 1e-9) && problemOk(pb);
      }),
      { numRuns: runs(60) },
    );
  });
});

describe('clusters', () => {
  test('separatedClusters is separable by its centres, exhaustively over small k, d, σ', () => {
    const bad: string[] = [];
    for (let k = 2; k <= 6; k++) {
      for (let d = k === 2 ? 1 : 2; d <= 6; d++) {
        for (const nPerClass of [1, 2, 5]) {
          for (const sigma of [0, 0.1, 1, 10]) {
            for (let seed = 0; seed < runs(5); seed++) {
              const p = { k, d, nPerClass, sigma, seed };
              const { dataset, teacher } = separatedClusters(p);
              if (!(minMargin(dataset, teacher) > 0)) bad.push(JSON.stringify(p));
            }
          }
        }
      }
    }
    expect(bad).toEqual([]);
  });

  /** Recipes (k ≤ 5, d ≤ 6, σ up to 5, where draws are often rejected) that `build` fails on. */
  const fallbackFailures = (build: (r: Extract<ProblemRecipe, { recipe: 'clusters' }>) => Problem, seeds: number): string[] => {
    const bad: string[] = [];
    for (let k = 2; k <= 5; k++) {
      for (let d = 2; d <= 6; d += 2) {
        for (const sigma of [0.5, 5]) {
          for (let seed = 0; seed < seeds; seed++) {
            const r = { recipe: 'clusters' as const, k, d, nPerClass: 3, sigma, seed };
            try {
              if (!problemOk(build(r))) bad.push(JSON.stringify(r));
            } catch (e) {
              bad.push(`${JSON.stringify(r)}: ${(e as Error).message}`);
            }
          }
        }
      }
    }
    return bad;
  };

  test('the fallback path (no clusters draw accepted) is certified separable by the LP', () => {
    expect(fallbackFailures((r) => clustersProblem(r, 0), runs(4))).toEqual([]);
  });

  test('planted fault: a fallback that is one more Gaussian-clusters draw is caught', () => {
    const bad = fallbackFailures((r) => new Problem(gaussianClusters(r)), 4);
    expect(bad.some((b) => /not linearly separable|NotSeparable|separable/.test(b))).toBe(true);
  });

  test('every clusters recipe of the arbitraries resolves to certified-separable data (k ≤ 5, d ≤ 6, many seeds)', () => {
    const bad: string[] = [];
    for (let k = 2; k <= 5; k++) {
      for (let d = 2; d <= 6; d++) {
        for (const nPerClass of [1, 4, 8]) {
          for (const sigma of [0.1, 0.5, 1]) {
            for (let seed = 0; seed < runs(2); seed++) {
              const r: ProblemRecipe = { recipe: 'clusters', k, d, nPerClass, sigma, seed: 97 * seed + k * d };
              try {
                if (!problemOk(problemFromRecipe(r))) bad.push(JSON.stringify(r));
              } catch (e) {
                bad.push(`${JSON.stringify(r)}: ${(e as Error).message}`);
              }
            }
          }
        }
      }
    }
    expect(bad).toEqual([]);
  });

});

describe('arbitraries: every value and every shrink satisfies the assumptions', () => {
  test('edge cases: valid and certified separable for every name, seed and d ≤ 6', () => {
    // One point per class in distinct directions is separated by W = the normalised points.
    for (const name of EDGE_CASES) {
      for (let d = 2; d <= 6; d++) {
        for (let seed = 0; seed < runs(5); seed++) expect(problemOk(problemFromRecipe({ recipe: 'edge', name, seed, d })), `${name} ${seed} ${d}`).toBe(true);
      }
    }
  });

  test('separableProblem (all recipes, B-normalised too), along shrink paths', () => {
    for (const normaliseB of [false, true]) {
      const { visited, bad } = walkShrinks(separableProblem({ normaliseB }), problemOk, runs(12));
      expect(bad).toEqual([]);
      expect(visited).toBeGreaterThan(60);
    }
  });

  const lowLoss = (x: { problem: Problem; W: Matrix }): boolean =>
    objectiveOf(x.problem).logLossAndProxy(x.W).logLoss <= Math.log(Math.LN2 / x.problem.n) && minMargin(x.problem.dataset, x.W) >= 0;

  test('low-loss points satisfy L ≤ log 2/n and separate the data, along shrink paths', () => {
    const { bad } = walkShrinks(lowLossInput(false), lowLoss, runs(12));
    expect(bad).toEqual([]);
  });

  test('planted fault: aligned points that are not scaled to low loss are caught', () => {
    expect(walkShrinks(pointInput({ regimes: ['aligned'] }), lowLoss, 12).bad.length).toBeGreaterThan(0);
  });

  test('point, pair and possibly-inseparable inputs never throw, along shrink paths', () => {
    for (const arb of [pointInput({ relaxB: true }), pairInput(), possiblyInseparable(), lowLossInput(true)] as fc.Arbitrary<{ problem: Problem }>[]) {
      const { bad } = walkShrinks(arb, (x) => x.problem.n >= 1, runs(6));
      expect(bad).toEqual([]);
    }
  });

  type Scaler = (pb: Problem, W: Matrix, threshold: number, loss: 'ce' | 'exp' | 'pll') => Matrix;
  const reachesLowLoss = (scale: Scaler, numRuns: number): string | null => {
    const r = fc.check(
      fc.property(separableProblem(), fc.constantFrom(1e-300, 1e-8, 0.5), fc.constantFrom<'ce' | 'exp' | 'pll'>('ce', 'exp', 'pll'), (pb, f, loss) => {
        const star = pb.margin(Infinity).W;
        const misclassifying = { ...star, data: star.data.map((v) => -v) };
        const T = (f * Math.LN2) / pb.n;
        return objectiveOf(pb, loss).logLossAndProxy(scale(pb, misclassifying, T, loss)).logLoss <= Math.log(T);
      }),
      { numRuns },
    );
    return r.failed ? fc.defaultReportMessage(r) ?? 'failed' : null;
  };

  test('scaleToLowLoss reaches L ≤ threshold from any W, even one that misclassifies every point', () => {
    expect(reachesLowLoss(scaleToLowLoss, runs(60))).toBeNull();
  });

  test('planted fault: doubling W without the t·W* fallback is caught', () => {
    const doublingOnly: Scaler = (pb, W, threshold, loss) => {
      let cur = W;
      for (let j = 0; j < 40 && objectiveOf(pb, loss).logLossAndProxy(cur).logLoss > Math.log(threshold); j++) cur = { ...cur, data: cur.data.map((v) => 2 * v) };
      return cur;
    };
    expect(reachesLowLoss(doublingOnly, 20)).not.toBeNull();
  });

  test('eq8 (App. H) recipes, degenerate ones included, give non-empty separable data', () => {
    for (let seed = 0; seed < runs(5); seed++) {
      for (const r of fc.sample(eq8Recipes(true), { numRuns: 40, seed })) {
        const ds = eq8Dataset(r);
        expect(ds.X.rows, JSON.stringify(r)).toBeGreaterThan(0);
      }
    }
    // The recipe whose integer teacher accepted no point before the signed-axes fallback.
    expect(eq8Dataset({ recipe: 'lattice', k: 2, d: 2, n: 19, seed: 0 }).X.rows).toBeGreaterThan(0);
  });

  test('every claim of the registry: sampled inputs satisfy its assumptions; relaxed generators do not throw', () => {
    const bad: string[] = [];
    for (const s of sections()) {
      for (const c of s.claims) {
        for (let seed = 0; seed < runs(3); seed++) {
          for (const x of fc.sample(c.inputs(), { numRuns: 4, seed })) {
            for (const a of c.assumptions) if (!a.holds(x)) bad.push(`${c.id}: ${a.id} fails on ${fc.stringify(x)}`);
          }
          for (const a of c.assumptions) fc.sample(c.inputs(new Set([a.id])), { numRuns: 4, seed });
        }
      }
    }
    expect(bad).toEqual([]);
  });
});
