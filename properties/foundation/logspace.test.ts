/** Log-domain scalar helpers (THEOREMS.md §9 numerics). */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { logAddExp, logSigmoid, logSoftplus, logSubExp, logSumExp, LogSumAccumulator, softplus } from '../../src/numerics/logspace.js';
import { close, expectCaught, runs } from '../support.js';

const x = fc.double({ min: -5000, max: 5000, noNaN: true });
const moderate = fc.double({ min: -30, max: 30, noNaN: true });

describe('log-domain helpers', () => {
  test('softplus and log σ agree with the direct formula where that is exact', () => {
    fc.assert(
      fc.property(moderate, (v) => close(softplus(v), Math.log1p(Math.exp(v)), 1e-12, 1e-300) && close(logSigmoid(v), -Math.log1p(Math.exp(-v)), 1e-12, 1e-300)),
      { numRuns: runs(300) },
    );
  });

  test('log softplus keeps relative precision deep in the tail: log softplus(x) = x − e^x/2 + O(e^{2x})', () => {
    fc.assert(fc.property(fc.double({ min: -5000, max: -40, noNaN: true }), (v) => close(logSoftplus(v), v - Math.exp(v) / 2, 1e-15)), { numRuns: runs(300) });
    expect(logSoftplus(-4000)).toBe(-4000);
  });

  test('logSumExp is shift-equivariant and exact on two terms: LSE(a, b) = logAddExp(a, b)', () => {
    fc.assert(
      fc.property(x, x, moderate, (a, b, s) => close(logSumExp([a + s, b + s]), logSumExp([a, b]) + s, 1e-12, 1e-9) && close(logSumExp([a, b]), logAddExp(a, b), 1e-14, 1e-12)),
      { numRuns: runs(300) },
    );
  });

  test('logSubExp inverts logAddExp', () => {
    fc.assert(
      fc.property(x, fc.double({ min: 1e-6, max: 50, noNaN: true }), (a, gap) => {
        const b = a - gap;
        return close(logSubExp(logAddExp(a, b), b), a, 1e-10, 1e-10);
      }),
      { numRuns: runs(300) },
    );
  });

  test('the streaming accumulator equals logSumExp in any order', () => {
    fc.assert(
      fc.property(fc.array(x, { minLength: 1, maxLength: 30 }), (xs) => {
        const acc = new LogSumAccumulator();
        xs.forEach((v) => acc.add(v));
        const rev = new LogSumAccumulator();
        [...xs].reverse().forEach((v) => rev.add(v));
        const ref = logSumExp(xs);
        return close(acc.value(), ref, 1e-12, 1e-12) && close(rev.value(), ref, 1e-12, 1e-12);
      }),
      { numRuns: runs(300) },
    );
  });

  test('planted fault: a naive log(Σ e^x) overflows or underflows and is caught', () => {
    const naive = (xs: number[]): number => Math.log(xs.reduce((s, v) => s + Math.exp(v), 0));
    expectCaught(() =>
      fc.assert(
        fc.property(fc.array(x, { minLength: 1, maxLength: 30 }), (xs) => close(naive(xs), logSumExp(xs), 1e-12, 1e-12)),
        { numRuns: runs(300) },
      ),
    );
  });
});
