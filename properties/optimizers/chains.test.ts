/**
 * The reference optimizers as chains of transforms (src/optimizers/transforms) give results
 * bit-identical to their former direct implementations (legacyOptimizers.ts, the oracle): the
 * same updates, iterates and Adam moments, entry by entry (Object.is, so ±0 and NaN count), on
 * generated problems and schedules, with exactly-zero gradient columns and at a loss deep in
 * the log domain (L ≈ e^{−2000}).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { separableProblem } from '../../src/arbitraries/separableProblem.js';
import { withZeroFeature } from '../../src/claims/fan2025/trajectories.js';
import { lossByName, type LossName } from '../../src/losses/index.js';
import { Objective } from '../../src/losses/objective.js';
import { zeros, type Matrix } from '../../src/linalg/matrix.js';
import * as chains from '../../src/optimizers/optimizers.js';
import {
  chain,
  constantSchedule,
  exactMoments,
  optimizerOf,
  polynomialSchedule,
  scaleBy,
  scaleByAdam,
  scaleBySchedule,
  steepestDescent,
  toMatrix,
  toSignedLog,
  type Optimizer,
  type Schedule,
} from '../../src/optimizers/index.js';
import { ArgumentError } from '../../src/errors.js';
import type { Problem } from '../../src/problem.js';
import { runs } from '../support.js';
import * as legacy from './legacyOptimizers.js';

type Pair = readonly [string, (s: Schedule) => Optimizer, (s: Schedule) => Optimizer];

const PAIRS: readonly Pair[] = [
  ['gd', (s) => legacy.gd(s), (s) => chains.gd(s)],
  ...[Infinity, 2, 1, 3, 1.5].map((p): Pair => [`nsd p=${p}`, (s) => legacy.nsd(p, s), (s) => chains.nsd(p, s)]),
  ['signGD', (s) => legacy.signGD(s), (s) => chains.signGD(s)],
  ['normalizedGD', (s) => legacy.normalizedGD(s), (s) => chains.normalizedGD(s)],
  ['coordinateDescent', (s) => legacy.coordinateDescent(s), (s) => chains.coordinateDescent(s)],
  ['adam', (s) => legacy.adam(s), (s) => chains.adam(s)],
  ['adam β=(0.5, 0.9) ε=1e-8', (s) => legacy.adam(s, { beta1: 0.5, beta2: 0.9, eps: 1e-8 }), (s) => chains.adam(s, { beta1: 0.5, beta2: 0.9, eps: 1e-8 })],
  ['adam bias-corrected', (s) => legacy.adam(s, { biasCorrection: true }), (s) => chains.adam(s, { biasCorrection: true })],
  ['adam β₁=0 ε=1e-3 bias-corrected', (s) => legacy.adam(s, { beta1: 0, eps: 1e-3, biasCorrection: true }), (s) => chains.adam(s, { beta1: 0, eps: 1e-3, biasCorrection: true })],
  ['signum', (s) => legacy.signum(s), (s) => chains.signum(s)],
  ['signum β=0.5', (s) => legacy.signum(s, 0.5), (s) => chains.signum(s, 0.5)],
  ['momentumGD', (s) => legacy.momentumGD(s), (s) => chains.momentumGD(s)],
  ['momentumGD μ=0.3', (s) => legacy.momentumGD(s, 0.3), (s) => chains.momentumGD(s, 0.3)],
];

const same = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => a.length === b.length && Array.from(a).every((x, e) => Object.is(x, b[e]));

/**
 * Runs the oracle and the chain side by side on one objective for T steps from W0; returns the
 * first difference (step, what), or null when every update, iterate and moment is identical.
 */
function firstDifference(pair: Pair, pb: Problem, loss: LossName, s: Schedule, W0: Matrix, T: number): string | null {
  const obj = new Objective(pb.dataset, lossByName(loss));
  const a = pair[1](s);
  const b = pair[2](s);
  if (a.name !== b.name) return `name: ${a.name} vs ${b.name}`;
  if (a.precision !== b.precision) return `precision: ${a.precision} vs ${b.precision}`;
  let [Wa, Wb] = [W0, W0];
  let [sa, sb] = [a.init(W0), b.init(W0)];
  for (let t = 0; t < T; t++) {
    const ga = obj.evaluate(Wa).gradient;
    const gb = obj.evaluate(Wb).gradient;
    const ra = a.update(ga, sa, Wa, t);
    const rb = b.update(gb, sb, Wb, t);
    if (!same(ra.updates.data, rb.updates.data)) return `step ${t}: updates ${Array.from(ra.updates.data)} vs ${Array.from(rb.updates.data)}`;
    [sa, sb] = [ra.state, rb.state];
    if (a.moments || b.moments) {
      if (!a.moments || !b.moments) return 'moments accessor on one side only';
      const [ma, mb] = [exactMoments(a.moments(sa)), exactMoments(b.moments(sb))];
      if (!same(ma.m.sign, mb.m.sign) || !same(ma.m.log, mb.m.log) || !same(ma.logV, mb.logV)) return `step ${t}: moments differ`;
    }
    Wa = { ...Wa, data: Wa.data.map((w, e) => w + ra.updates.data[e]!) };
    Wb = { ...Wb, data: Wb.data.map((w, e) => w + rb.updates.data[e]!) };
    if (!same(Wa.data, Wb.data)) return `step ${t}: iterates differ`;
  }
  return null;
}

const schedules = fc.oneof(
  fc.constantFrom(0.01, 0.1, 0.5, 3).map((eta) => constantSchedule(eta)),
  fc.record({ eta0: fc.constantFrom(0.05, 0.5, 2), a: fc.constantFrom(0.3, 0.5, 2 / 3, 1), tOff: fc.constantFrom(1, 2) }).map(({ eta0, a, tOff }) => polynomialSchedule(eta0, a, tOff)),
);

/** W_0 = 0, a random start, or c·W*_∞ with c = 2000/γ_∞ (every margin ≥ 2000: L ≈ e^{−2000}). */
function start(pb: Problem, kind: 'zero' | 'random' | 'deep', seed: number): Matrix {
  if (kind === 'zero') return zeros(pb.k, pb.d);
  const { W, gamma } = pb.margin(Infinity);
  if (kind === 'deep') return { ...W, data: W.data.map((v) => (v * 2000) / gamma) };
  let x = seed + 1;
  return { ...W, data: W.data.map(() => ((x = (x * 16807) % 2147483647) / 2147483647 - 0.5) * 4) };
}

describe('reference optimizers as chains of transforms', () => {
  test('bit-identical to the former direct implementations on generated problems, schedules and starts', () => {
    fc.assert(
      fc.property(
        separableProblem({ maxK: 4, maxD: 4, maxPerClass: 3 }),
        fc.boolean(),
        schedules,
        fc.constantFrom('zero', 'random', 'deep'),
        fc.constantFrom<LossName>('ce', 'exp', 'pll'),
        fc.nat(),
        (problem, zeroFeature, s, kind, loss, seed) => {
          const pb = zeroFeature ? withZeroFeature(problem) : problem;
          const W0 = start(pb, kind, seed);
          for (const pair of PAIRS) {
            const diff = firstDifference(pair, pb, loss, s, W0, 40);
            if (diff !== null) throw new Error(`${pair[0]} on ${kind} start, ${loss}, ${s.description}: ${diff}`);
          }
          return true;
        },
      ),
      { numRuns: runs(40) },
    );
  });

  test('deep in the log domain the gradient is exact where plain float64 is 0, and the chains still agree', () => {
    const pb = withZeroFeature(separableProblemSample());
    const W0 = start(pb, 'deep', 0);
    const ev = new Objective(pb.dataset, lossByName('ce')).evaluate(W0);
    expect(ev.logLoss).toBeLessThan(-1000);
    expect(Math.exp(ev.gradient.logScale)).toBe(0);
    for (const pair of PAIRS) expect(firstDifference(pair, pb, 'ce', polynomialSchedule(0.5, 0.5), W0, 100), pair[0]).toBeNull();
  });
});

function separableProblemSample(): Problem {
  return fc.sample(separableProblem({ maxK: 3, maxD: 3, maxPerClass: 3 }), { seed: 1, numRuns: 1 })[0]!;
}

describe('transforms', () => {
  const u = { factor: Float64Array.of(1, -1, 0, 1), log: Float64Array.of(0, -1000, -Infinity, 2) };

  test('a chain is the transforms in order; scaleBy multiplies the update', () => {
    const W = zeros(1, 4);
    const base = chain(steepestDescent(2), scaleBySchedule(constantSchedule(0.3)));
    const longer = chain(steepestDescent(2), scaleBySchedule(constantSchedule(0.3)), scaleBy(1.1));
    const a = toMatrix(base.update(u, base.init(W), W, 0).updates, 1, 4).data;
    const b = toMatrix(longer.update(u, longer.init(W), W, 0).updates, 1, 4).data;
    expect(Array.from(b)).toEqual(Array.from(a, (x) => 1.1 * x));
    // the 2-norm direction of (1, −e^{−1000}, 0, e²): the e^{−1000} entry is 0 relative to e²
    expect(Math.abs(a[1]!)).toBe(0);
    expect(a[3]).toBeCloseTo((-0.3 * Math.exp(2)) / Math.sqrt(1 + Math.exp(4)), 15);
  });

  test('optimizerOf: log-domain by default; moments from the one transform that has them, none from two', () => {
    const one = optimizerOf('x', chain(scaleByAdam(), scaleBySchedule(constantSchedule(1))));
    expect(one.precision).toBe('log-domain');
    expect(one.moments).toBeDefined();
    expect(optimizerOf('y', chain(scaleByAdam(), scaleByAdam())).moments).toBeUndefined();
    expect(optimizerOf('z', chain(steepestDescent(Infinity)), { precision: 'float32' }).precision).toBe('float32');
  });

  test('signed logs: factors ±1 and 0 are carried exactly, other factors folded into the log', () => {
    const x = toSignedLog(u);
    expect(Array.from(x.sign)).toEqual([1, -1, 0, 1]);
    expect(Array.from(x.log)).toEqual([0, -1000, -Infinity, 2]);
    const y = toSignedLog({ factor: Float64Array.of(-2, 0.5), log: null });
    expect(Array.from(y.sign)).toEqual([-1, 1]);
    expect(y.log[0]).toBeCloseTo(Math.LN2, 15);
    expect(y.log[1]).toBeCloseTo(-Math.LN2, 15);
  });

  test('bad parameters are ArgumentErrors', () => {
    expect(() => scaleBy(NaN)).toThrow(ArgumentError);
    expect(() => steepestDescent(0.5)).toThrow(ArgumentError);
    expect(() => scaleByAdam({ beta1: 1 })).toThrow(ArgumentError);
    expect(() => scaleByAdam({ eps: -1 })).toThrow(ArgumentError);
  });
});
