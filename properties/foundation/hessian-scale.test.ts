import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { logSoftmaxQuadratic } from '../../src/claims/fan2025/appendixA.js';
import { runs } from '../support.js';

/**
 * The CE Hessian form vᵀ(diag s − ssᵀ)v is homogeneous of degree 2 in v, so its log must move
 * by exactly 2 log λ when v is scaled by λ — also for subnormal and huge v. Seed 31 of the
 * 50-seed sweep: z = (5, 0), v = (−5e-323, 5e-323) gave a ratio 1/s₀ too large (δ̄ = s·δ underflowed to 0).
 */
describe('CE Hessian form at extreme scales of v', () => {
  test('the seed-31 counterexample: vᵀ(diag s − ssᵀ)v = s₀s₁(v₁ − v₀)² for k = 2', () => {
    const z = Float64Array.from([5, 0]);
    const v = Float64Array.from([-5e-323, 5e-323]);
    const logS0 = -Math.log1p(Math.exp(-5));
    const logS1 = -5 - Math.log1p(Math.exp(-5));
    const exact = logS0 + logS1 + 2 * Math.log(2 * 5e-323);
    expect(Math.abs(logSoftmaxQuadratic(z, v) - exact)).toBeLessThanOrEqual(1e-12 * Math.abs(exact));
  });

  test('log form(z, 2^j v) = log form(z, v) + 2j log 2 for 2^j v from subnormal to 1e300', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: 2, maxLength: 6 }),
        fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 6, maxLength: 6 }),
        fc.constantFrom(-1070, -1060, -700, -300, 300, 990),
        (zs, vs, j) => {
          const z = Float64Array.from(zs);
          const v = Float64Array.from(vs.slice(0, z.length));
          if (v.every((x) => Math.abs(x) < 1e-3)) return;
          const base = logSoftmaxQuadratic(z, v);
          if (!Number.isFinite(base)) return;
          const scaled = logSoftmaxQuadratic(z, v.map((x) => x * 2 ** j));
          // Subnormal scaling keeps ~52 + (1074 + j) bits of each entry: compare to that precision.
          const bits = Math.min(52, 1074 + j + Math.floor(Math.log2(Math.max(...Array.from(v, Math.abs)))));
          expect(Math.abs(scaled - base - 2 * j * Math.LN2)).toBeLessThanOrEqual(Math.max(1e-12 * Math.max(Math.abs(base), Math.abs(scaled)), 2 ** (3 - bits) * 8));
        },
      ),
      { numRuns: runs(300) },
    );
  });
});
