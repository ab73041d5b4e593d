/**
 * The evaluator's per-sample outputs and buffers (src/losses/objective.ts, gradient.ts): the
 * low-loss indicator max_i log G_i, the log weights, and that what is returned as a copy is one
 * (the evaluator reuses its buffers on every call).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { separableProblem, weightFromSpec, weightSpec } from '../../src/arbitraries/index.js';
import { ShapeError } from '../../src/errors.js';
import { zeros } from '../../src/linalg/matrix.js';
import { rowScaledSums, rowScales, type GradientTerms } from '../../src/losses/gradient.js';
import { LOSSES } from '../../src/losses/index.js';
import { Objective } from '../../src/losses/objective.js';
import { runs } from '../support.js';

const problems = separableProblem({ maxK: 4, maxD: 5, maxPerClass: 3 });
const loss = fc.constantFrom(...Object.values(LOSSES));

describe('per-sample outputs', () => {
  test('maxLogSampleProxy = max_i log G_i; logWeights holds log G_i at (i, y_i); results are copies', () => {
    fc.assert(
      fc.property(problems, weightSpec(), weightSpec(), loss, (pb, s1, s2, l) => {
        const obj = new Objective(pb.dataset, l);
        const W1 = weightFromSpec(pb, s1);
        const W2 = weightFromSpec(pb, s2);
        const ps = obj.perSample(W1);
        const lw = obj.logWeights(W1);
        const ev = obj.evaluate(W1);
        const { k, y } = pb.dataset;
        const maxG = ps.logProxy.reduce((m, v) => Math.max(m, v), -Infinity);
        const ok = ev.maxLogSampleProxy === maxG && Array.from(ps.logProxy).every((g, i) => lw[i * k + y[i]!] === g) && lw.length === pb.dataset.X.rows * k;
        // evaluating elsewhere must not change what was returned before
        const before = [Array.from(ps.logLoss), Array.from(ps.logProxy), Array.from(lw)];
        obj.evaluate(W2);
        obj.perSample(W2);
        obj.logWeights(W2);
        const after = [Array.from(ps.logLoss), Array.from(ps.logProxy), Array.from(lw)];
        return ok && JSON.stringify(before) === JSON.stringify(after);
      }),
      { numRuns: runs(60) },
    );
  });
});

describe('gradient buffers', () => {
  const t: GradientTerms = { X: Float64Array.of(1, 2, 3, 4), y: [0, 1], logA: Float64Array.of(-1, -1, -2, -2), n: 2, k: 2, d: 2 };
  test('rowScaledSums refuses an output of the wrong size or a short weight buffer (ShapeError)', () => {
    const S = rowScales(t);
    expect(() => rowScaledSums(t, S, new Float64Array(3))).toThrow(ShapeError);
    expect(() => rowScaledSums(t, S, new Float64Array(5))).toThrow(ShapeError);
    expect(() => rowScaledSums(t, S, new Float64Array(4), new Float64Array(3))).toThrow(ShapeError);
    expect(() => rowScaledSums(t, S, new Float64Array(6), new Float64Array(3))).toThrow(
      'row-scaled sums need out of length 4 and weights of length ≥ 4, got 6 and 3',
    );
    expect(() => rowScaledSums(t, S, new Float64Array(4), new Float64Array(4))).not.toThrow();
    expect(() => rowScaledSums(t, S, new Float64Array(4), new Float64Array(8))).not.toThrow();
  });
  test('evaluate refuses a gradient buffer of the wrong shape (ShapeError)', () => {
    const obj = new Objective({ X: { rows: 2, cols: 2, data: t.X }, y: Int32Array.of(0, 1), k: 2 }, LOSSES.ce);
    expect(() => obj.evaluate(zeros(2, 2), zeros(2, 3))).toThrow('gradient buffer must be 2x2, got 2x3');
    expect(() => obj.evaluate(zeros(2, 2), zeros(3, 2))).toThrow('gradient buffer must be 2x2, got 3x2');
    // the right number of entries in the wrong shape: refused by name, not silently reshaped
    expect(() => obj.evaluate(zeros(2, 2), zeros(1, 4))).toThrow('gradient buffer must be 2x2, got 1x4');
    expect(() => obj.evaluate(zeros(2, 2), zeros(4, 1))).toThrow('gradient buffer must be 2x2, got 4x1');
    const M = zeros(2, 2);
    expect(obj.evaluate(zeros(2, 2), M).gradient.mantissa).toBe(M);
  });
});
