/**
 * Short versions of the real-data comparisons (scripts/real-data.ts runs the long ones):
 * Iris's non-separability named, the implicit-bias comparison on a digits subset, the noise
 * probe and the gradient-norm grid, each checked against what holds exactly (γ_p bounds every
 * normalised margin; the descent lemma; a non-separable dataset's CE risk is at least log 2 / n).
 */
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { dataBoundB, divideFeatures, type Dataset } from '../../src/data/dataset.js';
import { loadRealDataset } from '../../src/data/real.js';
import { separatedClusters } from '../../src/data/samplers.js';
import { NotSeparableError } from '../../src/errors.js';
import { constantSchedule, gd } from '../../src/optimizers/index.js';
import { Problem } from '../../src/problem.js';
import { gradNormRun, worstDescentRatio } from '../../src/probes/realdata/gradNorm.js';
import { implicitBiasComparison } from '../../src/probes/realdata/implicitBias.js';
import { featureNoise, labelNoise, noiseProbe } from '../../src/probes/realdata/noise.js';
import { classSubset, separability, unitRmsFeatures, withoutSamples } from '../../src/probes/realdata/separability.js';
import { trackRun } from '../../src/probes/realdata/track.js';

const byB = (ds: Dataset): Dataset => divideFeatures(ds, dataBoundB(ds));
const clusters = byB(separatedClusters({ k: 3, d: 5, nPerClass: 10, sigma: 0.3, seed: 3 }).dataset);
const iris = loadRealDataset('iris').dataset;

describe('Iris is not linearly separable, and every layer says so naming it', () => {
  test('the certified LP finds it, and the separable pairs separable', () => {
    const v = separability('iris', iris);
    expect(v.separable).toBe(false);
    if (!v.separable) expect(v.message).toMatch(/^iris: data are not linearly separable: γ_∞ ≤/);
    const pairs = [[0, 1], [0, 2], [1, 2]].map((c) => separability(`iris ${c}`, classSubset(iris, c)).separable);
    expect(pairs).toEqual([true, true, false]);
  });

  test('Problem.margin and the implicit-bias comparison raise NotSeparableError naming the dataset', () => {
    expect(() => new Problem(iris).margin(Infinity)).toThrow(NotSeparableError);
    expect(() => new Problem(iris).margin(2)).toThrow(/^iris \(.*iris\.json\): data are not linearly separable/);
    expect(() => implicitBiasComparison({ data: 'Iris (all three classes)', dataset: iris, steps: 10 })).toThrow(/^Iris \(all three classes\): data are not linearly separable/);
  });

  test('ibh margin on fixtures/real/iris.json: exit 2, naming the file', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'margin', '--data', 'fixtures/real/iris.json'], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/fixtures\/real\/iris\.json: data are not linearly separable: γ_∞ ≤/);
  });

  test('the LP is not just saying no: wine and unit-rms wine are certified separable', () => {
    const wine = loadRealDataset('wine').dataset;
    for (const ds of [wine, unitRmsFeatures(wine)]) {
      const v = separability('wine', ds);
      expect(v.separable && v.gammaMax > 0 && v.gamma2 > 0).toBe(true);
    }
  });
});

describe('implicit bias on a digits subset (short)', () => {
  const digits = loadRealDataset('digits').dataset;
  const subset = byB(withoutSamples(digits, new Set(Array.from({ length: digits.X.rows - 300 }, (_, i) => 300 + i)), 'digits[0:300]'));
  const cmp = implicitBiasComparison({ data: 'digits[0:300] / B', dataset: subset, steps: 40, checkpoints: [1, 10, 40] });

  test('no normalised margin exceeds γ_p (gap ≥ 0 up to rounding), for every run, norm and checkpoint', () => {
    expect(cmp.runs.map((r) => r.id)).toEqual(['gd-ce', 'gd-pll', 'signgd-ce', 'adam-ce']);
    for (const r of cmp.runs) for (const p of r.points) for (const [key, g] of [['max', cmp.gammaMax], ['2', cmp.gamma2]] as const) expect(p.gap[key]!).toBeGreaterThanOrEqual(-1e-9 * g);
  });

  test('GD below the step bound decreases the risk at every checkpoint (descent lemma), on CE and PairLogLoss', () => {
    for (const r of cmp.runs.filter((x) => x.id.startsWith('gd'))) {
      for (let i = 1; i < r.points.length; i++) expect(r.points[i]!.logLoss).toBeLessThanOrEqual(r.points[i - 1]!.logLoss);
    }
  });

  test('planted fault: a reference γ one hundred times too small is caught by the gap check', () => {
    const pb = new Problem(clusters);
    const m = pb.margin(2);
    const r = trackRun({ dataset: clusters, optimizer: gd(constantSchedule(1)), loss: 'ce', steps: 200, refs: [{ p: 2, W: m.W, gamma: m.gamma / 100 }] });
    expect(r.points.some((p) => p.gap['2']! < -1e-9 * m.gamma)).toBe(true);
  });
});

describe('noise probe (short)', () => {
  test('label noise is nested in ρ, flips exactly ⌊ρn⌉ labels, each to another class; σ = 0 feature noise is the data', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.5, noNaN: true }), fc.double({ min: 0, max: 0.5, noNaN: true }), fc.integer({ min: 0, max: 1e6 }), (a, b, seed) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const L = labelNoise(clusters, lo, seed);
        const H = labelNoise(clusters, hi, seed);
        expect(H.flipped.size).toBe(Math.round(hi * clusters.y.length));
        for (const i of L.flipped) expect(H.flipped.has(i)).toBe(true);
        for (let i = 0; i < clusters.y.length; i++) expect(H.dataset.y[i] !== clusters.y[i]).toBe(H.flipped.has(i));
      }),
      { numRuns: 40 },
    );
    expect(Array.from(featureNoise(clusters, 0, 1).X.data)).toEqual(Array.from(clusters.X.data));
  });

  test('per level: the LP verdict, and the risk agrees with it (non-separable: L ≥ log 2 / n at every checkpoint; separable: decreasing)', () => {
    for (const kind of ['label', 'feature'] as const) {
      const probe = noiseProbe({ data: 'clusters', base: clusters, kind, levels: kind === 'label' ? [0, 0.1, 0.3] : [0, 0.5, 2], seed: 5, steps: 150 });
      expect(probe.levels[0]!.separable).toBe(true);
      expect(probe.levels[0]!.referenceLevel).toBe(0);
      for (const l of probe.levels) {
        expect(Number.isFinite(l.directionError)).toBe(true);
        if (!l.separable) for (const p of l.points) expect(p.logLoss).toBeGreaterThanOrEqual(Math.log(Math.log(2) / clusters.y.length));
        else for (let i = 1; i < l.points.length; i++) expect(l.points[i]!.logLoss).toBeLessThanOrEqual(l.points[i - 1]!.logLoss);
      }
    }
  });
});

describe('gradient-norm convergence (short)', () => {
  for (const [name, ds] of [['clusters', clusters], ['iris / B', byB(iris)]] as const) {
    test(`${name}: Σ‖∇L‖² stays under the descent-lemma bound for CE and PairLogLoss, and a step claimed 10× too large is caught`, () => {
      for (const loss of ['ce', 'pll', 'exp'] as const) {
        const r = gradNormRun({ data: name, dataset: ds, separable: name === 'clusters', loss, fraction: 0.5, steps: 200 });
        expect(r.gradDecrease).toBeLessThan(1);
        if (loss === 'exp') {
          expect(r.boundApplies).toBe(false);
          continue;
        }
        expect(r.boundApplies).toBe(true);
        expect(r.worstBoundRatio).toBeLessThanOrEqual(1);
        const wrongStep = r.points.map((p) => ({ ...p, logDescentBound: p.logDescentBound - Math.log(10) }));
        expect(worstDescentRatio(wrongStep)).toBeGreaterThan(1);
      }
    });
  }
});
